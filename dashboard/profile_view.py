"""Drawing a table profile: headline metrics, the per-column summary and a small chart per column."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import binary_counts, distribution_chart, share_chart, why_not_charted
from dashboard.data import TableProfile
from dashboard.tables import show_table

CHARTS_PER_ROW = 3
MAX_CHARTS = 30
_STATISTICS = ("min", "max", "q25", "median", "q75")


def show_profile(profile: TableProfile) -> None:
    """Metrics, the column summary table and the distribution charts of ``profile``."""
    columns = profile.columns
    missing_cells = int(columns["nulls"].sum())
    total_cells = max(profile.row_count * len(columns), 1)
    first, second, third, fourth = st.columns(4)
    first.metric("Rows", f"{profile.row_count:,}")
    second.metric("Columns", f"{len(columns):,}")
    third.metric("Missing cells", f"{100 * missing_cells / total_cells:.1f}%")
    complete = int((columns["nulls"] == 0).sum())
    fourth.metric("Columns with no gaps", f"{complete} of {len(columns)}")
    if profile.row_count == 0:
        st.warning("This table has no rows yet, so there is nothing to profile.")
        return
    summary = columns.astype({name: "string" for name in _STATISTICS})
    number = st.column_config.NumberColumn
    text = st.column_config.TextColumn
    # Pixel widths that add up to the page's width: every statistic stays in view without scrolling sideways.
    show_table(summary, {
        "column": text("column", width=140),
        "type": text("type", width=95),
        "nulls": number("missing", format="localized", width=65),
        "null_percent": st.column_config.ProgressColumn("missing %", format="%.1f%%", min_value=0, max_value=100,
                                                        width=85),
        "distinct": number("distinct", format="localized", width=65,
                           help="How many different values the column holds."),
        "min": text("min", width=80), "max": text("max", width=80),
        "mean": number("mean", format="%.4g", width=60),
        "std": number("spread", format="%.4g", width=60,
                      help="Standard deviation: how far values typically lie from the mean."),
        "q25": text("25%", width=60, help="Lower quartile: a quarter of the values are below this."),
        "median": text("median", width=60, help="Half of the values are below this."),
        "q75": text("75%", width=60, help="Upper quartile: three quarters of the values are below this."),
    }, column_order=["column", "type", "nulls", "null_percent", "distinct", "min", "max", "mean", "std", "q25",
                     "median", "q75"])
    if profile.estimated:
        st.caption(
            f"With {profile.row_count:,} rows, distinct counts are estimates (HyperLogLog, within a few percent) and "
            "quartiles come from a random sample of about 100,000 rows; every other figure is exact."
        )
    names = list(profile.distributions)[:MAX_CHARTS]
    if len(profile.distributions) > MAX_CHARTS:
        st.caption(f"Charts for the first {MAX_CHARTS} of {len(profile.distributions)} columns.")
    by_name = columns.set_index("column")
    for start in range(0, len(names), CHARTS_PER_ROW):
        for slot, name in zip(st.columns(CHARTS_PER_ROW), names[start : start + CHARTS_PER_ROW]):
            with slot:
                _column_chart(name, by_name.loc[name], profile.distributions[name], profile.row_count)


def _column_chart(name: str, stats: pd.Series, distribution: pd.DataFrame, row_count: int) -> None:
    """One column's chart under its name: shares for a yes/no column, a histogram or top values otherwise, or a
    sentence when a chart would say nothing (an identifier, a single value)."""
    kind = stats["kind"]
    st.markdown(f"**{name}** · {kind}")
    present = row_count - int(stats["nulls"])
    whole_numbers = str(stats["type"]).upper().endswith("INT") or "INTEGER" in str(stats["type"]).upper()
    reason = why_not_charted(name, int(stats["distinct"]), present, may_be_code=kind == "text" or whole_numbers,
                             only_value=stats["min"])
    if reason is not None or distribution.empty:
        st.caption(reason or "All values are missing.")
        return
    yes_no = kind == "boolean" or (kind == "numeric" and int(stats["distinct"]) == 2
                                   and {_number(stats["min"]), _number(stats["max"])} == {0.0, 1.0})
    if yes_no:
        st.altair_chart(share_chart(binary_counts(distribution)), width="stretch")
    else:
        st.altair_chart(distribution_chart(distribution, kind, column=name), width="stretch")


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
