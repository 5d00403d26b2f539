"""The one reader of shipped results: a missing or damaged file raises ShippedResultsError naming the file and the
rebuild command, and every scenario's shipped files are present and readable."""

import importlib.util

import numpy as np
import pandas as pd
import pytest

from dashboard import shipped
from dashboard.banking.shipped import SHIPPED as BANK
from dashboard.data import DataLayerError, ShippedResultsError
from dashboard.ecommerce.shipped import SHIPPED as STORE
from dashboard.education.shipped import SHIPPED as SCHOOL
from dashboard.studio.shipped import SHIPPED as STUDIO
from dashboard.studio.shipped import load_examples

SCENARIOS = [STUDIO, STORE, BANK, SCHOOL]
# Every file a page reads at once, per scenario: a missing one would show an error instead of results.
SHIPPED_FILES = {
    "studio": ["examples.json"],
    "ecommerce": ["results.json", "recommendations.parquet", "product_copy.parquet", "copywriter"],
    "bank": ["fraud_comparison.json", "credit_comparison.json", "risk_report.json", "products.json", "faq.json",
             "product_scores.parquet", "faq_assistant"],
    "education": ["results.json", "class_mastery.parquet", "dkt", "bkt", "logistic"],
}


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A scenario whose folder is a temporary directory."""
    monkeypatch.setattr(shipped, "CHECKPOINTS_DIR", tmp_path)
    (tmp_path / "demo").mkdir()
    return shipped.ShippedResults("demo", "Demo", "dashboard.demo.build", "about a minute")


def test_missing_file_names_the_file_and_the_rebuild_command(scratch):
    """A missing file raises the one error type, which the page guard shows, with the command to run."""
    # Run / Assert
    with pytest.raises(ShippedResultsError, match=r"results\.json.*python -m dashboard\.demo\.build.*minute"):
        scratch.json("results.json")
    assert issubclass(ShippedResultsError, DataLayerError)
    assert not scratch.has("results.json")


@pytest.mark.parametrize(("name", "content"), [("results.json", b"{not json"), ("results.json", b"\xff\xfe\x00"),
                                               ("table.parquet", b"PAR1 but not parquet"),
                                               ("pictures.npz", b"PK\x03\x04 but not a zip")])
def test_damaged_file_says_it_is_damaged(scratch, name, content):
    """Bad JSON, bytes that are not UTF-8, a broken Parquet file and a broken .npz all raise
    ShippedResultsError."""
    # Setup
    (scratch.folder / name).write_bytes(content)
    read = {"json": scratch.json, "parquet": scratch.parquet, "npz": scratch.arrays}[name.rsplit(".", 1)[1]]

    # Run / Assert
    with pytest.raises(ShippedResultsError, match=rf"{name} is damaged.*python -m dashboard\.demo\.build"):
        read(name)


def test_readers_return_the_file_contents(scratch):
    """A good file is read as JSON, as a frame or as arrays."""
    # Setup
    (scratch.folder / "results.json").write_text('{"auc": 0.75}', "utf-8")
    pd.DataFrame({"a": [1, 2]}).to_parquet(scratch.folder / "table.parquet")

    np.savez_compressed(scratch.folder / "pictures.npz", grid=np.arange(6, dtype=np.uint8).reshape(2, 3))

    # Run / Assert
    assert scratch.arrays("pictures.npz")["grid"].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert scratch.json("results.json") == {"auc": 0.75}
    assert scratch.parquet("table.parquet")["a"].tolist() == [1, 2]
    assert scratch.path("table.parquet") == scratch.folder / "table.parquet"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.scenario)
def test_every_scenario_ships_its_files_and_names_a_real_build_module(scenario):
    """Each scenario's folder holds the files its page reads, and its rebuild command names a module that exists."""
    # Run
    missing = [name for name in SHIPPED_FILES[scenario.scenario] if not scenario.has(name)]

    # Assert
    assert scenario.folder == shipped.CHECKPOINTS_DIR / scenario.scenario
    assert missing == []
    assert importlib.util.find_spec(scenario.build_module) is not None


def test_studio_example_is_optional_and_loads_when_shipped(monkeypatch, tmp_path):
    """The Studio example loads from the shipped file; without the file the Studio shows no example."""
    # Run
    examples = load_examples()
    monkeypatch.setattr(shipped, "CHECKPOINTS_DIR", tmp_path)

    # Assert
    assert {e.table for e in examples} and all(e.reports for e in examples)
    assert load_examples() == []


def test_builders_share_one_command_line_and_one_strict_json_writer(tmp_path):
    """--only picks parts (an unknown one stops with the choices), --out is created; results are written as
    strict JSON with numpy values as plain numbers, and NaN is refused."""
    import json

    from dashboard.shipped import build_arguments, write_json

    # Run
    args = build_arguments(["--only", "b, a", "--out", str(tmp_path / "out")], description="test",
                           parts=("a", "b", "c"), out_dir=tmp_path, quick_help="smoke")
    write_json(tmp_path / "out" / "r.json", {"x": np.float32(1.5), "y": np.arange(2), "z": (1, 2)})

    # Assert
    assert args.parts == ["b", "a"] and not args.quick and (tmp_path / "out").is_dir()
    assert json.loads((tmp_path / "out" / "r.json").read_text()) == {"x": 1.5, "y": [0, 1], "z": [1, 2]}
    with pytest.raises(SystemExit, match="choose from"):
        build_arguments(["--only", "d"], description="test", parts=("a",), out_dir=tmp_path, quick_help="smoke")
    with pytest.raises(ValueError):
        write_json(tmp_path / "nan.json", {"x": float("nan")})
