"""Altair charts the pages share. Charts take tidy DataFrames and return chart objects; pages only place them."""

from __future__ import annotations

import altair as alt
import pandas as pd

PRIMARY = "#4F46E5"


def distribution_chart(distribution: pd.DataFrame, kind: str, height: int = 140) -> alt.Chart:
    """A histogram (numbers, dates: bins from ``lower`` to ``upper``) or a top-values bar chart (text)."""
    if kind in ("numeric", "temporal") and "lower" in distribution:
        axis_type = "temporal" if kind == "temporal" else "quantitative"
        return (
            alt.Chart(distribution)
            .mark_bar(color=PRIMARY, opacity=0.85)
            .encode(
                x=alt.X("lower", type=axis_type, title=None, bin="binned"),
                x2="upper",
                y=alt.Y("count:Q", title=None),
                tooltip=[alt.Tooltip("lower", type=axis_type, title="from"),
                         alt.Tooltip("upper", type=axis_type, title="to"), alt.Tooltip("count:Q", format=",")],
            )
            .properties(height=height)
        )
    return (
        alt.Chart(distribution)
        .mark_bar(color=PRIMARY, opacity=0.85)
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=120)),
            x=alt.X("count:Q", title=None),
            tooltip=[alt.Tooltip("label:N", title="value"), alt.Tooltip("count:Q", format=",")],
        )
        .properties(height=height)
    )


def quick_chart(frame: pd.DataFrame, max_points: int = 5_000) -> alt.Chart | None:
    """A sensible first chart of a query result, or None when nothing chartable is there: a line for a date and
    a number, bars for a category and a number, a scatter for two numbers, a histogram for one number."""
    if frame.empty:
        return None
    frame = frame.head(max_points)
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
    temporal = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
    categorical = [c for c in frame.columns if c not in numeric and c not in temporal]
    base = alt.Chart(frame.reset_index(drop=True))
    if temporal and numeric:
        return base.mark_line(color=PRIMARY, point=len(frame) < 60).encode(
            x=alt.X(f"{_field(temporal[0])}:T", title=temporal[0]),
            y=alt.Y(f"{_field(numeric[0])}:Q", title=numeric[0]),
            tooltip=[temporal[0], numeric[0]],
        )
    if categorical and numeric:
        return base.mark_bar(color=PRIMARY).encode(
            y=alt.Y(f"{_field(categorical[0])}:N", sort="-x", title=categorical[0]),
            x=alt.X(f"{_field(numeric[0])}:Q", title=numeric[0]),
            tooltip=[categorical[0], numeric[0]],
        ).properties(height=alt.Step(22))
    if len(numeric) >= 2:
        return base.mark_circle(color=PRIMARY, opacity=0.5).encode(
            x=alt.X(f"{_field(numeric[0])}:Q", title=numeric[0]),
            y=alt.Y(f"{_field(numeric[1])}:Q", title=numeric[1]),
            tooltip=numeric[:4],
        )
    if numeric:
        return base.mark_bar(color=PRIMARY).encode(
            x=alt.X(f"{_field(numeric[0])}:Q", bin=alt.Bin(maxbins=30), title=numeric[0]),
            y=alt.Y("count():Q", title="rows"),
        )
    if categorical:
        return base.mark_bar(color=PRIMARY).encode(
            y=alt.Y(f"{_field(categorical[0])}:N", sort="-x", title=categorical[0]),
            x=alt.X("count():Q", title="rows"),
        ).properties(height=alt.Step(22))
    return None


def _field(name: str) -> str:
    # Vega-Lite reads dots and brackets in field names as nested access; escape them.
    return str(name).replace(".", "\\.").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")
