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
from dashboard.i18n import t
from dashboard.trust.views import group_label, show_gaps
from engines.errors import InvalidDataError

MAX_GROUPS = 30
MAX_ROWS = 500_000


def binary_outcome(values: pd.Series) -> tuple[np.ndarray, str]:
    """0/1 outcome of a two-valued column (1 = the rarer value) and the value counted as 1."""
    known = values.dropna()
    levels = known.value_counts()
    if len(levels) != 2:
        raise InvalidDataError(f"The outcome column must hold exactly two values (say 0/1 or yes/no); it holds "
                               f"{len(levels)}.", key="trust.own.error.outcome_values", count=int(len(levels)))
    positive = levels.index[-1]
    return (values == positive).to_numpy().astype(int), str(positive)


def show_your_fairness() -> None:
    """Pick or upload a table, map its columns, and show its fairness report (and the mitigation for scores)."""
    st.caption(t("trust.own.caption"))
    upload_widget(key="trust_fairness_upload")
    table = table_picker(t("trust.own.table"), key="trust_fairness_table", default="bank.loan_applications")
    if table is None:
        return
    db = session_database()
    columns = [name for name, _ in db.columns(table)]
    left, middle, right = st.columns(3)
    outcome = left.selectbox(t("trust.own.outcome"), columns, key="trust_fair_outcome",
                             index=columns.index("defaulted") if "defaulted" in columns else 0)
    decision = middle.selectbox(t("trust.own.decision"), columns, key="trust_fair_decision",
                                index=columns.index("credit_score") if "credit_score" in columns else 0)
    group = right.selectbox(t("trust.own.group"), columns, key="trust_fair_group",
                            index=columns.index("employment_status") if "employment_status" in columns else 0)
    if len({outcome, decision, group}) < 3:
        st.info(t("trust.own.three_columns"), icon=":material/info:")
        return
    frame = db.read_table(table, limit=MAX_ROWS, columns=[outcome, decision, group]).dropna()
    labels, positive = binary_outcome(frame[outcome])
    scores = pd.to_numeric(frame[decision], errors="coerce")
    if scores.isna().any():
        raise InvalidDataError(f"The decision column {decision!r} must hold numbers (a 0/1 decision or a score).",
                               key="trust.own.error.decision_numbers", column=decision)
    groups = frame[group].astype("string")
    if groups.nunique() > MAX_GROUPS:
        raise InvalidDataError(f"{group!r} has {groups.nunique():,} values; pick a column with at most {MAX_GROUPS} "
                               "groups (or band it first).", key="trust.own.error.too_many_groups", column=group,
                               count=int(groups.nunique()), limit=MAX_GROUPS)
    values = scores.to_numpy(dtype=float)
    is_decision = set(np.unique(values)) <= {0.0, 1.0}
    if not is_decision:
        higher_is_worse = st.toggle(t("trust.own.direction", column=decision, outcome=positive),
                                    value=decision != "credit_score", key="trust_fair_direction")
        share = st.slider(t("trust.own.share"), 0.05, 0.5, 0.2, 0.05, key="trust_fair_share")
        values = values if higher_is_worse else -values
        decisions = (values >= np.quantile(values, 1 - share)).astype(int)
    else:
        decisions = values.astype(int)
    from engines.trust.fairness import fairness_report

    with st.spinner(t("trust.own.measuring")):
        report = fairness_report(labels, decisions, groups.reset_index(drop=True), n_bootstrap=500)
    show_gaps(report, "trust.own.gap_decisions",
              t("trust.own.rows_note", rows=len(labels), outcome=positive))
    by_group = report.by_group.copy()
    by_group["group"] = by_group["group"].map(group_label)
    st.altair_chart(charts.group_rates_chart(by_group, group), width="stretch")
