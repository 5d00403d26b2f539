"""Shared pieces of the command-line tests: a small table on disk and a way to run `aigc-lab` in-process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aigc_lab.cli import main


@dataclass
class Run:
    """What one command printed and how it ended."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """Run `aigc-lab ARGS...` in this process from ``cwd`` and return its exit code and output."""

    def run(*args: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        with pytest.raises(SystemExit) as ended:
            main([str(a) for a in args])
        out = capsys.readouterr()
        return Run(int(ended.value.code or 0), out.out, out.err)

    return run


@pytest.fixture(scope="session")
def customers(tmp_path_factory) -> Path:
    """A 400-row customer table (numbers, a category with a formula-like value, a yes/no) as CSV and Parquet."""
    folder = tmp_path_factory.mktemp("cli-table")
    rng = np.random.default_rng(7)
    n = 400
    segment = rng.choice(["gold", "silver", "=HYPERLINK(1)"], n, p=[0.3, 0.6, 0.1])
    frame = pd.DataFrame({
        "age": rng.integers(18, 80, n),
        "income": (rng.normal(50, 10, n) + 20 * (segment == "gold")).round(2),
        "segment": segment,
        "churn": rng.random(n) < 0.3,
    })
    frame.to_csv(folder / "customers.csv", index=False)
    frame.to_parquet(folder / "customers.parquet", index=False)
    return folder
