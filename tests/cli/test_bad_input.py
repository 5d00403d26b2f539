"""Every command on bad input ends with a one-line message and a non-zero exit code a script can rely on."""

from __future__ import annotations

import pytest

from aigc_lab.console import EXIT_BAD_INPUT, EXIT_USAGE


def _corrupt_model(folder):
    folder.mkdir()
    (folder / "model.json").write_text("{not json", encoding="utf-8")
    (folder / "weights.safetensors").write_bytes(b"\x00" * 10)
    return folder


def _damaged_parquet(folder):
    (folder / "broken.parquet").write_bytes(b"PAR1 this is not really parquet PAR1")
    return folder / "broken.parquet"


CASES = [
    ("missing table file", lambda t, c: ["synth", "fit", t / "nope.csv", "-o", t / "m"], EXIT_BAD_INPUT, "no file"),
    ("glob matching nothing", lambda t, c: ["synth", "fit", str(t / "none-*.parquet"), "-o", t / "m"],
     EXIT_BAD_INPUT, "no file matches"),
    ("wrong column", lambda t, c: ["synth", "fit", c / "customers.csv", "--columns", "age,salary", "-o", t / "m"],
     EXIT_BAD_INPUT, "'salary'"),
    ("unknown generator", lambda t, c: ["synth", "fit", c / "customers.csv", "-g", "diffusion", "-o", t / "m"],
     EXIT_USAGE, "unknown generator"),
    ("unknown preset", lambda t, c: ["synth", "fit", c / "customers.csv", "--preset", "fast", "-o", t / "m"],
     EXIT_USAGE, "unknown preset"),
    ("damaged parquet", lambda t, c: ["synth", "fit", _damaged_parquet(t), "-o", t / "m"], EXIT_BAD_INPUT,
     "could not be read"),
    ("unreadable metadata", lambda t, c: ["synth", "fit", c / "customers.csv", "--metadata", c / "customers.csv",
                                          "-o", t / "m"], EXIT_BAD_INPUT, "json"),
    ("corrupt model folder", lambda t, c: ["synth", "sample", _corrupt_model(t / "bad"), "-n", "5", "-o",
                                           t / "x.parquet"], EXIT_BAD_INPUT, "model"),
    ("missing model", lambda t, c: ["synth", "sample", t / "absent", "-n", "5", "-o", t / "x.parquet"],
     EXIT_BAD_INPUT, "no model"),
    ("not a zip", lambda t, c: ["synth", "sample", c / "customers.csv", "-n", "5", "-o", t / "x.parquet"],
     EXIT_BAD_INPUT, "not a .zip"),
    ("rows not a number", lambda t, c: ["synth", "sample", t, "-n", "ten", "-o", t / "x.parquet"], EXIT_USAGE,
     "whole number"),
    ("missing argument", lambda t, c: ["synth", "fit"], EXIT_USAGE, "missing argument"),
    ("unknown command", lambda t, c: ["train"], EXIT_USAGE, "no such command"),
    ("evaluate: missing synthetic table", lambda t, c: ["evaluate", c / "customers.csv", t / "none.parquet"],
     EXIT_BAD_INPUT, "no file"),
    ("evaluate: unknown target", lambda t, c: ["evaluate", c / "customers.csv", c / "customers.parquet",
                                               "--target", "profit"], EXIT_BAD_INPUT, "'profit'"),
]


@pytest.mark.parametrize(("name", "arguments", "exit_code", "words"), CASES, ids=[case[0] for case in CASES])
def test_bad_input_gives_one_line_and_an_exit_code(run_cli, customers, tmp_path, name, arguments, exit_code, words):
    """The message is one line on stderr that names the problem; no traceback; the documented exit code."""
    # Run
    result = run_cli(*arguments(tmp_path, customers))

    # Assert
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.exit_code == exit_code, result.stderr
    assert len(error_lines) == 1 and result.stderr.strip().endswith(error_lines[0].strip())
    assert words in error_lines[0].lower()
    assert "Traceback" not in result.stderr and "/site-packages/" not in result.stderr


def test_where_on_an_unknown_column_or_value_is_refused(run_cli, customers, tmp_path):
    """--where names a column the model lacks, or a value it never saw: one line each, exit code 3."""
    # Setup
    assert run_cli("synth", "fit", customers / "customers.csv", "-g", "copula", "-o", tmp_path / "m").exit_code == 0

    # Run
    column = run_cli("synth", "sample", tmp_path / "m", "-n", "5", "-o", tmp_path / "x.parquet", "--where", "tier=1")
    value = run_cli("synth", "sample", tmp_path / "m", "-n", "5", "-o", tmp_path / "x.parquet", "--where",
                    "segment=platinum")
    extension = run_cli("synth", "sample", tmp_path / "m", "-n", "5", "-o", tmp_path / "x.xlsx")

    # Assert
    assert (column.exit_code, value.exit_code, extension.exit_code) == (EXIT_BAD_INPUT, EXIT_BAD_INPUT, EXIT_USAGE)
    assert "'tier'" in column.stderr and "platinum" in value.stderr and ".parquet or .csv" in extension.stderr
    assert not (tmp_path / "x.parquet").exists()
