"""Risk monitoring in the page: autoencoder vs IsolationForest, the top risk warnings with their drivers, and the
downloadable self-contained HTML report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.banking import charts
from dashboard.banking.findings import risk_warning_finding
from dashboard.glossary import help_text
from dashboard.tables import show_text_table
from dashboard.banking.report_html import risk_report_html, shown_value
from engines.anomaly.report import RiskWarningReport

TOP_WARNINGS_SHOWN = 10


def flags_table(report: RiskWarningReport, limit: int = 25) -> pd.DataFrame:
    """The top flags as a readable table."""
    rows = []
    for rank, flag in enumerate(report.flags[:limit], start=1):
        rows.append({
            "#": rank,
            "Transaction": flag.get("transaction_id"),
            "Customer": flag.get("customer_id"),
            "Time": str(flag.get("transaction_time", ""))[:16],
            "Amount ($)": round(float(flag.get("amount") or 0), 2),
            "Where": f"{flag.get('merchant_category')}, {flag.get('channel')}, {flag.get('country')}",
            "Score": round(flag["score"], 1),
            "Why flagged": "; ".join(f"{d['label']} = {shown_value(d['feature'], d.get('value'))} "
                                     f"({d.get('share', 0):.0%})" for d in flag["drivers"]),
            "Known outcome": known_outcome(flag),
        })
    return pd.DataFrame(rows)


def known_outcome(flag: dict) -> str:
    """The bank's label of a flagged row and, where the simulator knows better, the truth behind it."""
    pattern = flag.get("fraud_pattern")
    if flag.get("is_fraud"):
        return f"fraud: {pattern}" if pattern else "disputed as fraud, but genuine (friendly fraud)"
    return f"not reported, but fraud: {pattern}" if pattern else "not fraud"


def show_risk_monitoring(report: RiskWarningReport, training: dict) -> None:
    """Draw the section."""
    comparison = pd.DataFrame(report.comparison)
    at_100 = comparison.set_index("k").loc[100] if 100 in set(comparison["k"]) else comparison.iloc[0]
    finding = risk_warning_finding(report)
    st.info(f"{finding.sentence}. Without seeing a single fraud label, the autoencoder's top 100 warnings are "
            f"{at_100['autoencoder']:.0%} fraud, against {at_100['random']:.2%} for a random review; each warning "
            "names the features it could not rebuild.", icon=":material/lightbulb:")
    cols = st.columns(4)
    cols[0].metric("Transactions scored", f"{report.rows_scored:,}",
                   help=f"Every transaction of {report.period}; the autoencoder trained on the months before.")
    cols[1].metric("Autoencoder: fraud in top 100", f"{at_100['autoencoder']:.0%}",
                   help=f"{help_text('Precision@k')} {help_text('Autoencoder')}")
    cols[2].metric("IsolationForest: fraud in top 100", f"{at_100['isolation_forest']:.0%}",
                   help=f"The baseline. A random review would find {at_100['random']:.2%} fraud. "
                        f"{help_text('Isolation Forest')}")
    cols[3].metric(f"Flagged for review (top {report.flagged_rows / report.rows_scored:.0%})",
                   f"{report.flagged_rows:,}", help="Transactions above the review threshold.")
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.precision_at_k_bars(comparison), width="stretch")
    with right:
        st.altair_chart(charts.driver_bars(pd.DataFrame(report.driver_counts).head(8)), width="stretch")
    shown = min(TOP_WARNINGS_SHOWN, len(report.flags))
    st.markdown(f"**The {shown} top risk warnings** (all {len(report.flags):,} in the downloadable report)")
    show_text_table(flags_table(report, limit=shown).drop(columns=["Customer"]), formats={"Amount ($)": "{:,.2f}", "Score": "{:.1f}"})
    for note in report.notes:
        st.caption(note)
    st.download_button(
        "Download the risk-warning report (HTML)", data=lambda: risk_report_html(report).encode("utf-8"),
        file_name="risk_warning_report.html", mime="text/html", on_click="ignore", icon=":material/download:",
        help="One self-contained file (charts inline, no internet needed); print it to PDF from any browser.",
    )
    if training.get("loss_history"):
        with st.expander("How the autoencoder was trained"):
            st.caption(f"{training['rows']:,} January-September transactions, {training['steps']:,} steps, "
                       f"{training['fit_seconds']:.0f} s on the build machine. Reconstruction loss per epoch:")
            st.altair_chart(charts.loss_curve(training["loss_history"]), width="stretch")
