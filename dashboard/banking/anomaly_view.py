"""Risk monitoring in the page: autoencoder vs IsolationForest, the top risk warnings with their drivers, and the
downloadable self-contained HTML report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.banking import charts
from dashboard.banking.report_html import risk_report_html, shown_value
from engines.anomaly.report import RiskWarningReport


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
    cols = st.columns(4)
    cols[0].metric("Transactions scored", f"{report.rows_scored:,}", report.period, delta_color="off")
    cols[1].metric("Fraud in the top 100: autoencoder", f"{at_100['autoencoder']:.0%}",
                   f"{at_100['autoencoder'] - at_100['isolation_forest']:+.0%} vs IsolationForest")
    cols[2].metric("IsolationForest (baseline)", f"{at_100['isolation_forest']:.0%}",
                   f"random review {at_100['random']:.2%}", delta_color="off")
    cols[3].metric("Flagged for review", f"{report.flagged_rows:,}", f"top {report.flagged_rows / report.rows_scored:.0%}",
                   delta_color="off")
    wins = comparison["autoencoder"] >= comparison["isolation_forest"]
    depths = {True: ", ".join(f"top {k}" for k in comparison.loc[wins, "k"]),
              False: ", ".join(f"top {k}" for k in comparison.loc[~wins, "k"])}
    verdict = (f"It finds as much fraud as IsolationForest or more in the {depths[True]}" if wins.any()
               else "IsolationForest finds more fraud at every depth")
    if wins.any() and not wins.all():
        verdict += f"; IsolationForest finds more in the {depths[False]}"
    st.info(
        f"Without seeing a single fraud label, the autoencoder's top 100 warnings are {at_100['autoencoder']:.0%} "
        f"fraud, against {at_100['random']:.2%} for a random review. {verdict}. Each warning names the features it "
        "could not rebuild.", icon=":material/lightbulb:")
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.precision_at_k_bars(comparison), width="stretch")
    with right:
        st.altair_chart(charts.driver_bars(pd.DataFrame(report.driver_counts).head(8)), width="stretch")
    st.markdown("**Top risk warnings**")
    st.dataframe(flags_table(report), hide_index=True, width="stretch",
                 column_config={"Amount ($)": st.column_config.NumberColumn(format="$%.2f")})
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
