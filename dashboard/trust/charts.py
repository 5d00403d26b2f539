"""The Trust & governance page's charts (Altair), each with titled axes and a legend where colours mean
something; every title, legend entry and tooltip in the reader's language."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.html_report import PRIMARY_COLOUR, SECONDARY_COLOUR
from dashboard.i18n import t

RISK_UP, RISK_DOWN = "#DC2626", "#2563EB"
GROUP_RATES = ("selection_rate", "true_positive_rate", "false_positive_rate")


def importance_bars(frame: pd.DataFrame) -> alt.Chart:
    """Mean |SHAP value| per feature, largest on top."""
    return alt.Chart(frame).mark_bar(color=PRIMARY_COLOUR).encode(
        x=alt.X("mean_abs_shap:Q", title=t("trust.chart.mean_shap")),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
        tooltip=[alt.Tooltip("label:N", title=t("trust.chart.feature")),
                 alt.Tooltip("mean_abs_shap:Q", format=".3f", title=t("trust.chart.mean_shap")),
                 alt.Tooltip("share:Q", format=".0%", title=t("trust.chart.share"))],
    ).properties(height=alt.Step(22))


def waterfall_chart(frame: pd.DataFrame, base_value: float) -> alt.LayerChart:
    """One case's waterfall: each feature's bar runs from the score before it to the score after it."""
    raises, lowers = t("trust.chart.raises"), t("trust.chart.lowers")
    data = frame.assign(direction=frame["contribution"].map(lambda v: raises if v > 0 else lowers),
                        step=[f"{f} = {v}" if v != "" else f for f, v in zip(frame["label"], frame["value"])])
    order = list(data["step"])
    bars = alt.Chart(data).mark_bar().encode(
        y=alt.Y("step:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("start:Q", title=t("trust.chart.log_odds_axis"), scale=alt.Scale(zero=False)),
        x2="end:Q",
        color=alt.Color("direction:N", title=t("trust.chart.effect"),
                        scale=alt.Scale(domain=[raises, lowers], range=[RISK_UP, RISK_DOWN]),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("step:N", title=t("trust.chart.feature_value")),
                 alt.Tooltip("contribution:Q", format="+.3f", title=t("trust.chart.shap_value"))],
    )
    base = alt.Chart(pd.DataFrame({"x": [base_value]})).mark_rule(strokeDash=[4, 3], color="#6B7280").encode(
        x="x:Q", tooltip=[alt.Tooltip("x:Q", format=".3f", title=t("trust.chart.base_value"))])
    return (bars + base).properties(height=alt.Step(26))


def group_rates_chart(frame: pd.DataFrame, group_title: str) -> alt.Chart:
    """Decline rate, bad cases caught and good applicants declined, per group (``frame``'s "group" already
    named for people)."""
    names = {rate: t(f"trust.chart.rate.{rate}") for rate in GROUP_RATES}
    long = frame.melt(id_vars=["group"], value_vars=list(GROUP_RATES), var_name="rate", value_name="value")
    long["rate"] = long["rate"].map(names)
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("value:Q", title=t("trust.chart.share_of_group"), axis=alt.Axis(format="%")),
        y=alt.Y("rate:N", title=None, sort=list(names.values()), axis=None),
        row=alt.Row("group:N", title=group_title, header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=200)),
        color=alt.Color("rate:N", title=None, sort=list(names.values()),
                        legend=alt.Legend(orient="top", labelLimit=260, columns=3)),
        tooltip=[alt.Tooltip("group:N", title=group_title), alt.Tooltip("rate:N", title=t("trust.chart.rate")),
                 alt.Tooltip("value:Q", format=".1%", title=t("trust.chart.share_of_group"))],
    ).properties(height=alt.Step(12), width=520)


def privacy_tradeoff_chart(frame: pd.DataFrame, budget_column: str, measures: list[str]) -> alt.Chart:
    """Quality, efficacy ratio and membership-inference AUC (the ``measures`` columns, in that order) per privacy
    budget (``budget_column``)."""
    long = frame.rename(columns={budget_column: "budget"}).melt(id_vars=["budget"], value_vars=measures,
                                                                 var_name="measure")
    return alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("budget:N", title=t("trust.chart.budget_axis"), sort=list(frame[budget_column]),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=t("trust.chart.score_axis"), scale=alt.Scale(domain=[0.3, 1.0])),
        color=alt.Color("measure:N", title=None,
                        scale=alt.Scale(domain=measures, range=[PRIMARY_COLOUR, SECONDARY_COLOUR, "#DC2626"]),
                        legend=alt.Legend(orient="top", labelLimit=260)),
        tooltip=[alt.Tooltip("budget:N", title=budget_column), alt.Tooltip("measure:N", title=t("trust.chart.measure")),
                 alt.Tooltip("value:Q", format=".3f", title=t("trust.chart.score"))],
    ).properties(height=260)
