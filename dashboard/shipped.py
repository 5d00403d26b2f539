"""The one reader of shipped results: the small checkpoints and precomputed results in
``sample_data/checkpoints/<scenario>/`` that let each page show results at once.

Every scenario describes its folder once with a :class:`ShippedResults` (in ``dashboard/<scenario>/shipped.py``)
and reads through it, so a missing, damaged or unreadable file always raises the same
:class:`~dashboard.data.ShippedResultsError`, whose message names the file and the command that rebuilds it; the
page guard ``explained_errors`` shows it as it is. Caching stays with each scenario's reader (results with
``st.cache_data``, models with ``st.cache_resource``); this module imports neither streamlit nor torch."""

from __future__ import annotations

import argparse
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dashboard.data import ShippedResultsError
from sample_data.catalog import SAMPLE_DATA_DIR

CHECKPOINTS_DIR: Path = SAMPLE_DATA_DIR / "checkpoints"


@dataclass(frozen=True)
class ShippedResults:
    """The shipped files of one scenario: its folder under ``sample_data/checkpoints`` and how to rebuild them.

    ``scenario`` is the folder name ("ecommerce"), ``title`` names the results in messages ("E-commerce"),
    ``build_module`` is the module that rebuilds them (``python -m <build_module>``) and ``build_time`` says how
    long that takes, in words ("about a minute")."""

    scenario: str
    title: str
    build_module: str
    build_time: str = ""

    @property
    def folder(self) -> Path:
        """The scenario's folder of shipped files."""
        return CHECKPOINTS_DIR / self.scenario

    @property
    def rebuild_command(self) -> str:
        """The shell command that rebuilds every shipped file of the scenario."""
        return f"python -m {self.build_module}"

    def _timing(self) -> str:
        return f" ({self.build_time})" if self.build_time else ""

    def has(self, name: str) -> bool:
        """Whether the shipped file or model folder ``name`` exists (for results that are optional)."""
        return (self.folder / name).exists()

    def path(self, name: str) -> Path:
        """The path of the shipped file or model folder ``name``; raises ShippedResultsError when it is missing."""
        path = self.folder / name
        if not path.exists():
            raise ShippedResultsError(
                f"The shipped {self.title} results are missing ({name} in "
                f"sample_data/checkpoints/{self.scenario}). Rebuild them with "
                f"`{self.rebuild_command}`{self._timing()}.",
                key="shipped.missing", title=self.title, name=name, scenario=self.scenario,
                command=self.rebuild_command, timing=self._timing(),
            )
        return path

    def json(self, name: str) -> Any:
        """The parsed JSON file ``name``; raises ShippedResultsError when it is missing or not valid JSON."""
        path = self.path(name)
        try:
            return json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise self._damaged(name, error) from None

    def parquet(self, name: str) -> pd.DataFrame:
        """The Parquet file ``name`` as a frame; raises ShippedResultsError when it is missing or unreadable."""
        path = self.path(name)
        try:
            return pd.read_parquet(path)
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError, ArrowIOError an OSError
            raise self._damaged(name, error) from None

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        """The arrays of the .npz file ``name`` (read without pickle); ShippedResultsError when missing or damaged."""
        path = self.path(name)
        try:
            with np.load(path, allow_pickle=False) as stored:
                return {key: stored[key] for key in stored.files}
        except (OSError, ValueError, zipfile.BadZipFile) as error:  # truncated, foreign or pickled content
            raise self._damaged(name, error) from None

    def _damaged(self, name: str, error: Exception) -> ShippedResultsError:
        return ShippedResultsError(
            f"The shipped {self.title} file {name} is damaged ({type(error).__name__}: {error}). "
            f"Rebuild them with `{self.rebuild_command}`{self._timing()}.",
            key="shipped.damaged", title=self.title, name=name, error_type=type(error).__name__,
            error=str(error), command=self.rebuild_command, timing=self._timing(),
        )


# ------------------------------------------------------------------------------------------- the builders' side
def build_arguments(argv: list[str] | None, *, description: str, parts: tuple[str, ...], out_dir: Path,
                    quick_help: str) -> argparse.Namespace:
    """The command line a scenario's builder shares: ``--only`` (comma-separated parts, default all),
    ``--quick`` (a smoke build) and ``--out`` (created). ``.parts`` is the list of parts asked for; an unknown
    part stops with a message naming the choices."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--only", default=",".join(parts), help=f"comma-separated parts of {parts}")
    parser.add_argument("--quick", action="store_true", help=quick_help)
    parser.add_argument("--out", type=Path, default=out_dir)
    args = parser.parse_args(argv)
    args.parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = set(args.parts) - set(parts)
    if unknown:
        raise SystemExit(f"Unknown part(s) {sorted(unknown)}; choose from {parts}.")
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def write_json(path: Path, data: Any) -> None:
    """Write a builder's results as strict JSON (numpy numbers and arrays as plain ones, tuples and sets as
    lists; NaN refused, so every JSON reader can open the file) and say what was written."""
    path.write_text(json.dumps(data, indent=1, default=_plain_json, allow_nan=False) + "\n", "utf-8")
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KB)", flush=True)


def _plain_json(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (np.ndarray, tuple, set)):
        return list(value.tolist() if isinstance(value, np.ndarray) else value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
