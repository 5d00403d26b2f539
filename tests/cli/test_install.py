"""The installed command: `python -m aigc_lab` and the `aigc-lab` console script work from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _clean_environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    environment["OMP_NUM_THREADS"] = "1"
    return environment


def test_python_dash_m_runs_from_another_folder(tmp_path):
    """`python -m aigc_lab --help` outside the checkout lists the commands (the package is installed)."""
    # Run
    result = subprocess.run([sys.executable, "-m", "aigc_lab", "--help"], cwd=tmp_path, env=_clean_environment(),
                            capture_output=True, text=True, timeout=120)

    # Assert
    assert result.returncode == 0, result.stderr
    for command in ("synth", "evaluate", "app", "recommend", "tracing"):
        assert command in result.stdout


def test_console_script_is_installed(tmp_path):
    """The `aigc-lab` script beside the interpreter runs `synth sample --help`."""
    # Setup
    script = Path(sys.executable).with_name("aigc-lab")
    if not script.exists():
        pytest.fail("aigc-lab is not installed: run `make install` (pip install -e .) first")

    # Run
    result = subprocess.run([str(script), "synth", "sample", "--help"], cwd=tmp_path, env=_clean_environment(),
                            capture_output=True, text=True, timeout=120)

    # Assert
    assert result.returncode == 0, result.stderr
    assert "--where" in result.stdout and "--seed" in result.stdout
