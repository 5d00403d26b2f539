"""The precomputed example the Studio shows before anything is trained in the session: a leaderboard and the
report of each generator on shipped (simulated) tables, built by ``python -m sample_data.checkpoints.build_studio``
with the same code the page uses. Only JSON is read, so it appears at once, without loading torch."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.studio.report import StudioReport

EXAMPLE_FILE = Path(__file__).resolve().parents[2] / "sample_data" / "checkpoints" / "studio" / "examples.json"
EXAMPLE_FORMAT = "aigc-business-lab/studio-examples"


@dataclass
class StudioExample:
    """Every generator's report on one shipped table."""

    table: str
    title: str
    target: str | None
    reports: list[StudioReport]
    built: str = ""


@st.cache_data(max_entries=2, show_spinner=False)
def _example_payload(path: str, modified: float) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


def load_examples(path: Path = EXAMPLE_FILE) -> list[StudioExample]:
    """The shipped examples, or an empty list when the file is missing or not an examples file."""
    if not path.is_file():
        return []
    payload = _example_payload(str(path), path.stat().st_mtime)
    if payload.get("format") != EXAMPLE_FORMAT:
        return []
    return [
        StudioExample(e["table"], e["title"], e.get("target"), [StudioReport.from_dict(r) for r in e["reports"]],
                      payload.get("built", ""))
        for e in payload.get("examples", [])
    ]
