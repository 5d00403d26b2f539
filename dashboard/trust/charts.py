"""The Trust & governance page's charts (Altair), each with titled axes and a legend where colours mean
something."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.html_report import PRIMARY_COLOUR, SECONDARY_COLOUR

RISK_UP, RISK_DOWN = "#DC2626", "#2563EB"


def importance_bars(frame: pd.DataFrame) -> alt.Chart:
    """Mean |SHAP value| per feature, largest on top."""
    return alt.Chart(frame).mark_bar(color=PRIMARY_COLOUR).encode(
        x=alt.X("mean_abs_shap:Q", title="Mean |SHAP| (log-odds)"),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
        tooltip=[alt.Tooltip("label:N", title="Feature"), alt.Tooltip("mean_abs_shap:Q", format=".3f"),
                 alt.Tooltip("share:Q", format=".0%", title="Share of all pushes")],
    ).properties(height=alt.Step(22))


def waterfall_chart(frame: pd.DataFrame, base_value: float) -> alt.LayerChart:
    """One case's waterfall: each feature's bar runs from the score before it to the score after it."""
    data = frame.assign(direction=frame["contribution"].map(lambda v: "raises risk" if v > 0 else "lowers risk"),
                        step=[f"{f} = {v}" if v != "" else f for f, v in zip(frame["label"], frame["value"])])
    order = list(data["step"])
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("step:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("start:Q", title="Score on the log-odds scale (base value on the left dashed line)",
                scale=alt.Scale(zero=False)),
        x2="end:Q",
        color=alt.Color("direction:N", title="Effect", scale=alt.Scale(domain=["raises risk", "lowers risk"],
                                                                       range=[RISK_UP, RISK_DOWN]),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("step:N", title="Feature and value"),
                 alt.Tooltip("contribution:Q", format="+.3f", title="SHAP value")],
    )
    base = alt.Chart(pd.DataFrame({"x": [base_value]})).mark_rule(strokeDash=[4, 3], color="#6B7280").encode(x="x:Q")
    return (bars + base).properties(height=alt.Step(26))


def group_rates_chart(frame: pd.DataFrame, group_title: str) -> alt.Chart:
    """Decline rate, bad cases caught and good applicants declined, per group."""
    long = frame.melt(id_vars=["group"], value_vars=["selection_rate", "true_positive_rate", "false_positive_rate"],
                      var_name="rate", value_name="value")
    names = {"selection_rate": "Declined", "true_positive_rate": "Defaulters declined (TPR)",
             "false_positive_rate": "Good payers declined (FPR)"}
    long["rate"] = long["rate"].map(names)
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("value:Q", title="Share of the group", axis=alt.Axis(format="%")),
        y=alt.Y("rate:N", title=None, sort=list(names.values()), axis=None),
        row=alt.Row("group:N", title=group_title, header=alt.Header(labelAngle=0, labelAlign="left")),
        color=alt.Color("rate:N", title=None, sort=list(names.values()),
                        legend=alt.Legend(orient="top", labelLimit=260, columns=3)),
        tooltip=["group:N", "rate:N", alt.Tooltip("value:Q", format=".1%")],
    ).properties(height=alt.Step(12), width=520)


def privacy_tradeoff_chart(frame: pd.DataFrame) -> alt.Chart:
    """Quality, efficacy ratio and membership-inference AUC per privacy budget."""
    long = frame.melt(id_vars=["budget"], value_vars=["Quality", "Efficacy (synthetic / real AUC)",
                                                      "Membership-inference AUC"], var_name="measure")
    return alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("budget:N", title="Privacy budget epsilon (smaller = more private)",
                sort=list(frame["budget"]), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title="Score (0-1)", scale=alt.Scale(domain=[0.3, 1.0])),
        color=alt.Color("measure:N", title=None,
                        scale=alt.Scale(domain=["Quality", "Efficacy (synthetic / real AUC)",
                                                "Membership-inference AUC"],
                                        range=[PRIMARY_COLOUR, SECONDARY_COLOUR, "#DC2626"]),
                        legend=alt.Legend(orient="top", labelLimit=260)),
        tooltip=["budget:N", "measure:N", alt.Tooltip("value:Q", format=".3f")],
    ).properties(height=260)
