"""The precomputed example the Studio shows before anything is trained in the session: a leaderboard and the
report of each generator on shipped (simulated) tables, built by ``python -m dashboard.studio.build`` with the
same code the page uses. Only JSON is read, so it appears at once, without loading torch."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.i18n import date, t
from dashboard.shipped import ShippedResults
from dashboard.studio.report import StudioReport

SHIPPED = ShippedResults("studio", "Studio example", "dashboard.studio.build")
EXAMPLE_NAME = "examples.json"
EXAMPLE_FILE: Path = SHIPPED.folder / EXAMPLE_NAME
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
def _example_payload(name: str, modified: float) -> dict:
    # Keyed by the file's modification time, so that a rebuild shows without restarting the server.
    return SHIPPED.json(name)


def load_examples() -> list[StudioExample]:
    """The shipped examples, or an empty list when the file is missing or not an examples file (the example is
    optional: the Studio works without it). A damaged file raises ShippedResultsError."""
    if not SHIPPED.has(EXAMPLE_NAME):
        return []
    payload = _example_payload(EXAMPLE_NAME, SHIPPED.path(EXAMPLE_NAME).stat().st_mtime)
    if not isinstance(payload, dict) or payload.get("format") != EXAMPLE_FORMAT:
        return []
    return [
        StudioExample(e["table"], e["title"], e.get("target"), [StudioReport.from_dict(r) for r in e["reports"]],
                      payload.get("built", ""))
        for e in payload.get("examples", [])
    ]


def built_text(built: str) -> str:
    """When and where the example was built ("2026-11-26 on x86_64 (2 CPU threads)", as the builder writes it)
    in the reader's language: the date as the locale writes it, the machine quoted as it is."""
    day, _, machine = built.partition(" on ")
    try:
        shown_day = date(_dt.date.fromisoformat(day))
    except ValueError:
        return built
    return t("studio.example.built", date=shown_day, machine=machine) if machine else shown_day
