"""The table style every page shares: tables that fit the page's width, keep their first column in view while
scrolling sideways, show a blank (never "None") where a value is missing, and explain each technical column
name with the glossary's plain words (hover the column title).

Pages call ``show_table`` instead of ``st.dataframe``. A short table whose cells hold sentences (reasons,
descriptions) goes through ``show_text_table``: Streamlit's interactive grid never wraps text (checked on
1.67, with tall rows and with line breaks), so such a table is drawn as a static table whose cells wrap.
``blank_missing`` serves widgets that have no ``placeholder`` (``st.data_editor``, text built from a frame)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.glossary import help_text

ROW_HEIGHT_PX = 35  # Streamlit's own row height: one line of text
MAX_TABLE_HEIGHT_PX = 420


def table_column_config(frame: pd.DataFrame, column_config: Mapping[str, Any] | None = None, *,
                        pin_first: bool = True) -> dict[str, Any]:
    """``column_config`` completed by the house style: the first column pinned and a glossary tooltip on every
    column whose title is a known technical term and has no help of its own."""
    config: dict[str, Any] = {}
    for name in frame.columns:
        given = (column_config or {}).get(name, {})
        if given is None:  # a hidden column stays hidden
            config[name] = None
            continue
        entry = {"label": given} if isinstance(given, str) else dict(given)
        if not entry.get("help"):
            explained = help_text(entry.get("label") or name) or help_text(name)
            if explained:
                entry["help"] = explained
        config[name] = entry
    visible = [name for name in frame.columns if config.get(name) is not None]
    if pin_first and visible:
        config[visible[0]] = {**config[visible[0]], "pinned": True}
    return {name: entry for name, entry in config.items() if entry != {}}


def show_table(frame: pd.DataFrame, column_config: Mapping[str, Any] | None = None, *, pin_first: bool = True,
               height: int | str = "auto", key: str | None = None,
               column_order: Iterable[str] | None = None) -> None:
    """Draw ``frame`` in the house style (see the module docstring): the full width, no index, blanks for
    missing values, the first column pinned, glossary help on technical column titles."""
    if height == "auto" and len(frame) > 10:
        height = min(MAX_TABLE_HEIGHT_PX, ROW_HEIGHT_PX * (len(frame) + 1) + 3)
    st.dataframe(frame, hide_index=True, width="stretch", height=height, key=key, placeholder="",
                 column_order=list(column_order) if column_order is not None else None,
                 column_config=table_column_config(frame, column_config, pin_first=pin_first))


def text_table(frame: pd.DataFrame, labels: Mapping[str, str] | None = None,
               formats: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The frame as display text: columns renamed by ``labels``, values formatted by ``formats`` (a format
    spec per column, e.g. ``{"p_success": "{:.0%}"}``), missing values blank."""
    shown = frame.copy()
    for name, spec in (formats or {}).items():
        shown[name] = [spec.format(v) if pd.notna(v) else "" for v in shown[name]]
    return blank_missing(shown.astype(object)).rename(columns=dict(labels or {}))


def show_text_table(frame: pd.DataFrame, labels: Mapping[str, str] | None = None,
                    formats: Mapping[str, str] | None = None) -> None:
    """A short table whose long cells wrap to fit the width (see the module docstring), blanks for missing
    values, no index."""
    st.table(text_table(frame, labels, formats), hide_index=True, border="horizontal")


def blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where missing values (None, NaN, NaT) in text columns read as an empty string; number and date
    columns keep their type (their missing cells are left to the widget's placeholder)."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    if not text_columns:
        return frame
    return frame.assign(**{c: frame[c].astype(object).where(frame[c].notna(), "") for c in text_columns})
