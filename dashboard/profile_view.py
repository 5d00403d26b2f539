"""Drawing a table profile: headline metrics, the per-column summary and a small chart per column."""

from __future__ import annotations

import streamlit as st

from dashboard.charts import distribution_chart
from dashboard.data import TableProfile

CHARTS_PER_ROW = 3
MAX_CHARTS = 30


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
    st.dataframe(
        columns.astype({"min": "string", "max": "string", "q25": "string", "median": "string", "q75": "string"}),
        hide_index=True,
        width="stretch",
        column_config={
            "null_percent": st.column_config.ProgressColumn("missing %", format="%.1f%%", min_value=0, max_value=100),
            "distinct": st.column_config.NumberColumn("distinct", format="localized"),
            "nulls": st.column_config.NumberColumn("missing", format="localized"),
            "mean": st.column_config.NumberColumn("mean", format="%.4g"),
            "std": st.column_config.NumberColumn("std", format="%.4g"),
        },
    )
    if profile.estimated:
        st.caption(
            f"With {profile.row_count:,} rows, distinct counts are estimates (HyperLogLog, within a few percent) and "
            "quartiles come from a random sample of about 100,000 rows; every other figure is exact."
        )
    names = list(profile.distributions)[:MAX_CHARTS]
    if len(profile.distributions) > MAX_CHARTS:
        st.caption(f"Charts for the first {MAX_CHARTS} of {len(profile.distributions)} columns.")
    kinds = dict(zip(columns["column"], columns["kind"]))
    for start in range(0, len(names), CHARTS_PER_ROW):
        for slot, name in zip(st.columns(CHARTS_PER_ROW), names[start : start + CHARTS_PER_ROW]):
            with slot:
                st.markdown(f"**{name}** · {kinds[name]}")
                distribution = profile.distributions[name]
                if distribution.empty:
                    st.caption("all values missing")
                else:
                    st.altair_chart(distribution_chart(distribution, kinds[name]), width="stretch")
