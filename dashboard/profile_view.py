"""Drawing a table profile: headline metrics, the per-column summary and a small chart per column."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import binary_counts, distribution_chart, share_chart, why_not_charted
from dashboard.data import TableProfile
from dashboard.i18n import number as format_number, percent, t
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
    first.metric(t("profile.rows"), format_number(profile.row_count))
    second.metric(t("profile.columns"), format_number(len(columns)))
    third.metric(t("profile.missing_cells"), percent(missing_cells / total_cells))
    complete = int((columns["nulls"] == 0).sum())
    fourth.metric(t("profile.complete_columns"), t("profile.complete_of", complete=complete, total=len(columns)))
    if profile.row_count == 0:
        st.warning(t("profile.no_rows"))
        return
    summary = columns.astype({name: "string" for name in _STATISTICS})
    number = st.column_config.NumberColumn
    text = st.column_config.TextColumn
    # Pixel widths that add up to the page's width: every statistic stays in view without scrolling sideways.
    show_table(summary, {
        "column": text(t("profile.col.column"), width=140),
        "type": text(t("profile.col.type"), width=95),
        "nulls": number(t("profile.col.missing"), format="localized", width=65),
        "null_percent": st.column_config.ProgressColumn(t("profile.col.missing_percent"), format="%.1f%%",
                                                        min_value=0, max_value=100, width=85),
        "distinct": number(t("profile.col.distinct"), format="localized", width=65, help=t("profile.help.distinct")),
        "min": text(t("profile.col.min"), width=80), "max": text(t("profile.col.max"), width=80),
        "mean": number(t("profile.col.mean"), format="%.4g", width=60),
        "std": number(t("profile.col.spread"), format="%.4g", width=60, help=t("profile.help.spread")),
        "q25": text("25%", width=60, help=t("profile.help.q25")),
        "median": text(t("profile.col.median"), width=60, help=t("profile.help.median")),
        "q75": text("75%", width=60, help=t("profile.help.q75")),
    }, column_order=["column", "type", "nulls", "null_percent", "distinct", "min", "max", "mean", "std", "q25",
                     "median", "q75"])
    if profile.estimated:
        st.caption(t("profile.estimated", rows=profile.row_count))
    names = list(profile.distributions)[:MAX_CHARTS]
    if len(profile.distributions) > MAX_CHARTS:
        st.caption(t("profile.charts_cut", shown=MAX_CHARTS, total=len(profile.distributions)))
    by_name = columns.set_index("column")
    for start in range(0, len(names), CHARTS_PER_ROW):
        for slot, name in zip(st.columns(CHARTS_PER_ROW), names[start : start + CHARTS_PER_ROW]):
            with slot:
                _column_chart(name, by_name.loc[name], profile.distributions[name], profile.row_count)


def _column_chart(name: str, stats: pd.Series, distribution: pd.DataFrame, row_count: int) -> None:
    """One column's chart under its name: shares for a yes/no column, a histogram or top values otherwise, or a
    sentence when a chart would say nothing (an identifier, a single value)."""
    kind = stats["kind"]
    st.markdown(f"**{name}** · {t(f'profile.kind.{kind}')}")
    present = row_count - int(stats["nulls"])
    whole_numbers = str(stats["type"]).upper().endswith("INT") or "INTEGER" in str(stats["type"]).upper()
    reason = why_not_charted(name, int(stats["distinct"]), present, may_be_code=kind == "text" or whole_numbers,
                             only_value=stats["min"])
    if reason is not None or distribution.empty:
        st.caption(reason or t("chart.all_missing"))
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
