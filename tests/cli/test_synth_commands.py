"""`aigc-lab synth fit / sample / export` and `evaluate`: a round trip on a small table, the Studio's model
files both ways, streaming output and seeds."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from aigc_lab import sample_files
from dashboard.studio.model_files import model_zip_bytes, read_model_zip
from engines.synth import GaussianCopula


@pytest.fixture(scope="module")
def copula_folder(tmp_path_factory, customers):
    """A copula fitted by the command line (fits in one pass: the fastest real model)."""
    # Setup
    folder = tmp_path_factory.mktemp("cli-model") / "copula"
    from aigc_lab.cli import main

    # Run
    with pytest.raises(SystemExit) as ended:
        main(["synth", "fit", str(customers / "customers.csv"), "-g", "copula", "--out", str(folder)])

    # Assert
    assert ended.value.code == 0
    return folder


def test_fit_sample_evaluate_round_trip(run_cli, customers, tmp_path):
    """A VAE fitted for a few steps samples rows with the table's columns and values, and scores with a report."""
    # Run
    fitted = run_cli("synth", "fit", customers / "customers.parquet", "-g", "vae", "--preset", "quick",
                     "--max-steps", "30", "--seed", "3", "-o", tmp_path / "vae")
    sampled = run_cli("synth", "sample", tmp_path / "vae", "-n", "2_000", "-o", tmp_path / "rows.parquet",
                      "--seed", "1")
    scored = run_cli("evaluate", customers / "customers.csv", tmp_path / "rows.parquet", "--target", "churn",
                     "--report", tmp_path / "report.html")

    # Assert
    assert fitted.exit_code == 0, fitted.stderr
    assert "30 training steps" in fitted.stdout
    assert sampled.exit_code == 0, sampled.stderr
    rows = pd.read_parquet(tmp_path / "rows.parquet")
    assert list(rows.columns) == ["age", "income", "segment", "churn"]
    assert len(rows) == 2_000
    assert set(rows["segment"]) <= {"gold", "silver", "=HYPERLINK(1)"}
    assert rows["age"].between(18, 79).all()
    assert scored.exit_code == 0, scored.stderr
    scores = dict(line.split(": ", 1) for line in scored.stdout.splitlines())
    assert 0.5 < float(scores["quality"]) <= 1.0
    assert scores["privacy_risk"] in {"low", "medium", "high"}
    assert "efficacy_ratio" in scores
    assert "<html" in (tmp_path / "report.html").read_text(encoding="utf-8").lower()


def test_cli_model_opens_in_the_studio(run_cli, copula_folder, tmp_path):
    """`synth export` writes the zip the Studio's 'Open a saved model' reads, and the Studio's loader samples it."""
    # Run
    exported = run_cli("synth", "export", copula_folder, tmp_path / "model.zip")
    imported = read_model_zip((tmp_path / "model.zip").read_bytes(), "model.zip")

    # Assert
    assert exported.exit_code == 0, exported.stderr
    assert imported.synthesizer.kind == "gaussian_copula"
    assert list(imported.synthesizer.sample(5, seed=0).columns) == ["age", "income", "segment", "churn"]


def test_studio_download_samples_on_the_command_line(run_cli, customers, tmp_path):
    """A zip made by the Studio's 'Download the model' (model_zip_bytes) samples with conditions on the CLI."""
    # Setup
    table = pd.read_csv(customers / "customers.csv")
    (tmp_path / "studio.zip").write_bytes(model_zip_bytes(GaussianCopula(random_state=0).fit(table)))

    # Run
    result = run_cli("synth", "sample", tmp_path / "studio.zip", "-n", "300", "-o", tmp_path / "gold.csv",
                     "--where", "segment=gold", "--seed", "2")

    # Assert
    assert result.exit_code == 0, result.stderr
    rows = pd.read_csv(tmp_path / "gold.csv")
    assert len(rows) == 300 and set(rows["segment"]) == {"gold"}


def test_csv_output_neutralises_formulas_and_seed_repeats(run_cli, copula_folder, tmp_path):
    """CSV cells a spreadsheet would execute get an apostrophe; the same seed writes the same file."""
    # Run
    first = run_cli("synth", "sample", copula_folder, "-n", "3000", "-o", tmp_path / "a.csv", "--seed", "9",
                    "--batch-rows", "1000")
    run_cli("synth", "sample", copula_folder, "-n", "3000", "-o", tmp_path / "b.csv", "--seed", "9",
            "--batch-rows", "1000")

    # Assert
    assert first.exit_code == 0, first.stderr
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert text == (tmp_path / "b.csv").read_text(encoding="utf-8")


def test_large_output_streams_in_batches(copula_folder, tmp_path, monkeypatch):
    """200,000 rows are generated and written in batches of 20,000: never more than one batch is asked for at
    a time, and the Parquet file holds one row group per batch with every row."""
    # Setup
    from aigc_lab.jobs import load_generator

    synthesizer = load_generator(copula_folder)
    asked: list[int] = []
    original = synthesizer.sample
    monkeypatch.setattr(synthesizer, "sample", lambda n, **kw: asked.append(n) or original(n, **kw))

    # Run
    written = sample_files.write_sample(synthesizer, 200_000, tmp_path / "big.parquet", seed=4, batch_rows=20_000)

    # Assert
    metadata = pq.ParquetFile(tmp_path / "big.parquet").metadata
    assert written.rows == 200_000 == metadata.num_rows
    assert max(asked) == 20_000 and len(asked) == 10
    assert metadata.num_row_groups == 10
    assert not (tmp_path / "big.parquet.partial").exists()


def test_large_table_is_fitted_on_a_stratified_sample(run_cli, tmp_path):
    """A table above --max-rows is profiled and fitted on a seeded sample that keeps every category."""
    # Setup
    n = 6_000
    frame = pd.DataFrame({"amount": range(n), "kind": ["common"] * (n - 30) + ["rare"] * 30})
    frame.to_parquet(tmp_path / "part-0.parquet")
    frame.assign(amount=frame["amount"] + n).to_parquet(tmp_path / "part-1.parquet")

    # Run
    result = run_cli("synth", "fit", str(tmp_path / "part-*.parquet"), "-g", "copula", "--max-rows", "1000",
                     "--memory-limit", "256MB", "-o", tmp_path / "model")

    # Assert
    assert result.exit_code == 0, result.stderr
    assert "12,000 rows" in result.stderr and "stratified by 'kind'" in result.stderr
    assert "fitted on 1,0" in result.stdout  # about 1,000 rows: every stratum keeps its share, rare ones at least 20
    model = GaussianCopula.load(tmp_path / "model")
    assert "rare" in set(model.sample(4_000, seed=0)["kind"])


def test_metadata_file_fixes_some_types_and_the_rest_are_detected(run_cli, customers, tmp_path):
    """--metadata naming one column changes that column's type; the others keep their detected types."""
    # Setup
    (tmp_path / "metadata.json").write_text('{"columns": {"age": {"sdtype": "categorical"}}}', encoding="utf-8")

    # Run
    result = run_cli("synth", "fit", customers / "customers.csv", "-g", "copula", "--metadata",
                     tmp_path / "metadata.json", "-o", tmp_path / "model")

    # Assert
    assert result.exit_code == 0, result.stderr
    sdtypes = GaussianCopula.load(tmp_path / "model").metadata_.sdtypes
    assert sdtypes["age"] == "categorical" and sdtypes["income"] == "continuous"
