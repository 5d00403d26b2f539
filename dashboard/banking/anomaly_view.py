"""Risk monitoring in the page: autoencoder vs IsolationForest, the top risk warnings with their drivers, and the
downloadable self-contained HTML report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.banking import charts
from dashboard.banking.findings import period_label, risk_warning_finding
from dashboard.banking.labels import category_label, feature_label
from dashboard.banking.report_html import note_text, risk_report_html, shown_value
from dashboard.glossary import help_text
from dashboard.i18n import current_language, number, percent, t
from dashboard.tables import show_text_table
from engines.anomaly.report import RiskWarningReport

TOP_WARNINGS_SHOWN = 10


def flags_table(report: RiskWarningReport, limit: int = 25) -> pd.DataFrame:
    """The top flags as a readable table, with column names and values in the reader's language."""
    rows = []
    for rank, flag in enumerate(report.flags[:limit], start=1):
        where = t("banking.flags.where", category=category_label(flag.get("merchant_category")),
                  channel=category_label(flag.get("channel")), country=flag.get("country"))
        drivers = [t("banking.flags.driver", feature=feature_label(d["feature"]),
                     value=shown_value(d["feature"], d.get("value")), share=percent(d.get("share", 0), decimals=0))
                   for d in flag["drivers"]]
        rows.append({
            "#": rank,
            t("banking.flags.col.transaction"): flag.get("transaction_id"),
            t("banking.flags.col.customer"): flag.get("customer_id"),
            t("banking.flags.col.time"): str(flag.get("transaction_time", ""))[:16],
            t("banking.flags.col.amount"): round(float(flag.get("amount") or 0), 2),
            t("banking.flags.col.where"): where,
            t("banking.flags.col.score"): round(flag["score"], 1),
            t("banking.flags.col.why"): t("banking.list.semicolon").join(drivers),
            t("banking.flags.col.outcome"): known_outcome(flag),
        })
    return pd.DataFrame(rows)


def known_outcome(flag: dict) -> str:
    """The bank's label of a flagged row and, where the simulator knows better, the truth behind it."""
    pattern = flag.get("fraud_pattern")
    shown = category_label(pattern)
    if flag.get("is_fraud"):
        return t("banking.outcome.fraud", pattern=shown) if pattern else t("banking.outcome.friendly_fraud")
    return t("banking.outcome.unreported", pattern=shown) if pattern else t("banking.outcome.not_fraud")


def show_risk_monitoring(report: RiskWarningReport, training: dict) -> None:
    """Draw the section."""
    comparison = pd.DataFrame(report.comparison)
    at_100 = comparison.set_index("k").loc[100] if 100 in set(comparison["k"]) else comparison.iloc[0]
    finding = risk_warning_finding(report)
    st.info(t("banking.warnings.takeaway", finding=finding.sentence, ours=percent(at_100["autoencoder"], decimals=0),
              random=percent(at_100["random"], decimals=2)), icon=":material/lightbulb:")
    cols = st.columns(4)
    cols[0].metric(t("banking.warnings.scored"), number(report.rows_scored),
                   help=t("banking.warnings.scored.help", period=period_label(report.period)))
    cols[1].metric(t("banking.warnings.ours_top100"), percent(at_100["autoencoder"], decimals=0),
                   help=f"{help_text('Precision@k')} {help_text('Autoencoder')}")
    cols[2].metric(t("banking.warnings.forest_top100"), percent(at_100["isolation_forest"], decimals=0),
                   help=t("banking.warnings.forest_top100.help", random=percent(at_100["random"], decimals=2))
                   + " " + help_text("Isolation Forest"))
    cols[3].metric(t("banking.warnings.flagged", share=percent(report.flagged_rows / report.rows_scored, decimals=0)),
                   number(report.flagged_rows), help=t("banking.warnings.flagged.help"))
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.precision_at_k_bars(comparison), width="stretch")
    with right:
        drivers = pd.DataFrame(report.driver_counts).head(8)
        drivers["label"] = drivers["feature"].map(feature_label)
        st.altair_chart(charts.driver_bars(drivers), width="stretch")
    shown = min(TOP_WARNINGS_SHOWN, len(report.flags))
    st.markdown(t("banking.warnings.top", shown=shown, total=len(report.flags)))
    amount, score = t("banking.flags.col.amount"), t("banking.flags.col.score")
    show_text_table(flags_table(report, limit=shown).drop(columns=[t("banking.flags.col.customer")]),
                    formats={amount: "{:,.2f}", score: "{:.1f}"})
    for note in report.notes:
        st.caption(note_text(note))
    language = current_language()
    st.download_button(
        t("banking.warnings.download"), data=lambda: risk_report_html(report, language=language).encode("utf-8"),
        file_name="risk_warning_report.html" if language == "en" else "risk_warning_report_zh.html",
        mime="text/html", on_click="ignore", icon=":material/download:", help=t("banking.warnings.download.help"),
    )
    if training.get("loss_history"):
        with st.expander(t("banking.warnings.training")):
            st.caption(t("banking.warnings.training.caption", rows=int(training["rows"]), steps=int(training["steps"]),
                         seconds=f"{training['fit_seconds']:.0f}"))
            st.altair_chart(charts.loss_curve(training["loss_history"]), width="stretch")
