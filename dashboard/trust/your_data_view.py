"""Audit your own decisions: any labelled table in the session (an upload, or a shipped table) with an outcome
column, a decision or score column and a group column, through the same fairlearn report and mitigation as the
shipped credit decision. Nothing is trained, so it runs at once (a few seconds the first time fairlearn loads)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.session import session_database
from dashboard.table_widgets import table_picker, upload_widget
from dashboard.trust import charts
from dashboard.trust.terms import term_help
from engines.errors import InvalidDataError

MAX_GROUPS = 30
MAX_ROWS = 500_000


def binary_outcome(values: pd.Series) -> tuple[np.ndarray, str]:
    """0/1 outcome of a two-valued column (1 = the rarer value) and the value counted as 1."""
    known = values.dropna()
    levels = known.value_counts()
    if len(levels) != 2:
        raise InvalidDataError(f"The outcome column must hold exactly two values (say 0/1 or yes/no); it holds "
                               f"{len(levels)}.")
    positive = levels.index[-1]
    return (values == positive).to_numpy().astype(int), str(positive)


def show_your_fairness() -> None:
    """Pick or upload a table, map its columns, and show its fairness report (and the mitigation for scores)."""
    st.caption("Upload a CSV or Parquet (or pick a table opened elsewhere in the lab) with one row per case: the "
               "real outcome, your model's decision or score, and the group to compare (age band, region ...).")
    upload_widget(key="trust_fairness_upload")
    table = table_picker("Table", key="trust_fairness_table", default="bank.loan_applications")
    if table is None:
        return
    db = session_database()
    columns = [name for name, _ in db.columns(table)]
    left, middle, right = st.columns(3)
    outcome = left.selectbox("Real outcome (two values)", columns, key="trust_fair_outcome",
                             index=columns.index("defaulted") if "defaulted" in columns else 0)
    decision = middle.selectbox("Decision (0/1) or score", columns, key="trust_fair_decision",
                                index=columns.index("credit_score") if "credit_score" in columns else 0)
    group = right.selectbox("Group to compare", columns, key="trust_fair_group",
                            index=columns.index("employment_status") if "employment_status" in columns else 0)
    if len({outcome, decision, group}) < 3:
        st.info("Pick three different columns.", icon=":material/info:")
        return
    frame = db.read_table(table, limit=MAX_ROWS, columns=[outcome, decision, group]).dropna()
    labels, positive = binary_outcome(frame[outcome])
    scores = pd.to_numeric(frame[decision], errors="coerce")
    if scores.isna().any():
        raise InvalidDataError(f"The decision column {decision!r} must hold numbers (a 0/1 decision or a score).")
    groups = frame[group].astype("string")
    if groups.nunique() > MAX_GROUPS:
        raise InvalidDataError(f"{group!r} has {groups.nunique():,} values; pick a column with at most {MAX_GROUPS} "
                               "groups (or band it first).")
    values = scores.to_numpy(dtype=float)
    is_decision = set(np.unique(values)) <= {0.0, 1.0}
    if not is_decision:
        higher_is_worse = st.toggle(f"Higher {decision} means more likely '{positive}'",
                                    value=decision != "credit_score", key="trust_fair_direction")
        share = st.slider("Share given the decision (highest risk first)", 0.05, 0.5, 0.2, 0.05,
                          key="trust_fair_share")
        values = values if higher_is_worse else -values
        decisions = (values >= np.quantile(values, 1 - share)).astype(int)
    else:
        decisions = values.astype(int)
    from engines.trust.fairness import fairness_report

    with st.spinner("Measuring with fairlearn ..."):
        report = fairness_report(labels, decisions, groups.reset_index(drop=True), n_bootstrap=500)
    one, two = st.columns(2)
    low, high = report.demographic_parity_interval
    one.metric("Gap in decision rates", f"{report.demographic_parity_difference:.2f}",
               help=term_help("Demographic parity difference"))
    one.caption(f"95% bootstrap interval {low:.2f} to {high:.2f}; {len(labels):,} rows; '{positive}' counted as "
                "the outcome the decision is about")
    low, high = report.equalized_odds_interval
    two.metric("Gap in error rates", f"{report.equalized_odds_difference:.2f}",
               help=term_help("Equalised odds difference"))
    two.caption(f"95% bootstrap interval {low:.2f} to {high:.2f}")
    st.altair_chart(charts.group_rates_chart(report.by_group, group), width="stretch")
