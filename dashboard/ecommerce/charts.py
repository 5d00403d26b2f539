"""Altair charts of the E-commerce page. Each takes a tidy DataFrame from the data layer or the engines."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import PRIMARY, time_axis
from dashboard.ecommerce.recommendations import GENERATIVE
from dashboard.i18n import t

ACCENT = "#F59E0B"
MUTED = "#94A3B8"


def monthly_trend_chart(trend: pd.DataFrame, height: int = 220) -> alt.LayerChart:
    """Monthly GMV as bars with conversion as a line on its own axis."""
    base = alt.Chart(trend).encode(x=alt.X("yearmonth(month):T", title=None, axis=time_axis()))
    bars = base.mark_bar(color=PRIMARY, opacity=0.8).encode(
        y=alt.Y("gmv:Q", title=t("ecommerce.axis.gmv"), axis=alt.Axis(format="~s")),
        tooltip=[alt.Tooltip("yearmonth(month):T", title=t("ecommerce.axis.month")),
                 alt.Tooltip("gmv:Q", format="$,.0f", title="GMV"),
                 alt.Tooltip("orders:Q", title=t("ecommerce.axis.orders"), format=","),
                 alt.Tooltip("conversion:Q", title=t("ecommerce.axis.conversion"), format=".1%")])
    line = base.mark_line(color=ACCENT, point=True).encode(
        y=alt.Y("conversion:Q", title=t("ecommerce.axis.conversion"), axis=alt.Axis(format=".0%", titleColor=ACCENT)))
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=height)


def funnel_chart(funnel: pd.DataFrame, height: int = 160) -> alt.LayerChart:
    """Sessions reaching view, cart and purchase, with the share of all sessions as labels."""
    frame = funnel.assign(label=funnel["share_of_views"].map(lambda v: f"{v:.0%}"),
                          stage=funnel["stage"].map(lambda stage: t(f"ecommerce.stage.{stage}")))
    base = alt.Chart(frame).encode(y=alt.Y("stage:N", sort=None, title=None),
                                   x=alt.X("sessions:Q", title=t("ecommerce.axis.sessions")))
    bars = base.mark_bar(color=PRIMARY).encode(
        tooltip=[alt.Tooltip("stage:N", title=t("ecommerce.axis.stage")),
                 alt.Tooltip("sessions:Q", title=t("ecommerce.axis.sessions"), format=","),
                 alt.Tooltip("step_rate:Q", format=".1%", title=t("ecommerce.axis.of_previous_stage"))])
    text = base.mark_text(align="left", dx=4).encode(text="label:N")
    return alt.layer(bars, text).properties(height=height)


def cohort_heatmap(cohorts: pd.DataFrame, height: int = 320) -> alt.LayerChart:
    """Cohort month (rows) x months since first activity (columns), coloured by the share active again."""
    frame = cohorts[cohorts["months_since"] > 0]
    frame = frame.assign(cohort_label=frame["cohort"].dt.strftime("%Y-%m"))
    base = alt.Chart(frame).encode(x=alt.X("months_since:O", title=t("ecommerce.axis.months_later")),
                                   y=alt.Y("cohort_label:O", title=t("ecommerce.axis.cohort_first_month")))
    cells = base.mark_rect().encode(
        color=alt.Color("retention:Q", title=t("ecommerce.axis.active_again"), scale=alt.Scale(scheme="purples"),
                        legend=alt.Legend(format=".0%")),
        tooltip=[alt.Tooltip("cohort_label:N", title=t("ecommerce.axis.cohort")),
                 alt.Tooltip("months_since:O", title=t("ecommerce.axis.months_later")),
                 alt.Tooltip("retention:Q", title=t("ecommerce.axis.active_again"), format=".1%"),
                 alt.Tooltip("cohort_size:Q", title=t("ecommerce.axis.cohort_size"), format=",")])
    text = base.mark_text(fontSize=9).encode(
        text=alt.Text("retention:Q", format=".0%"),
        color=alt.condition("datum.retention > 0.3", alt.value("white"), alt.value("#1E293B")))
    return alt.layer(cells, text).properties(height=height)


def category_chart(categories: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Purchase revenue by category, biggest first."""
    from dashboard.ecommerce.labels import category_label  # noqa: PLC0415

    categories = categories.assign(category=categories["category"].map(category_label))
    return alt.Chart(categories).mark_bar(color=PRIMARY).encode(
        y=alt.Y("category:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False)),
        x=alt.X("gmv:Q", title=t("ecommerce.axis.gmv"), axis=alt.Axis(format="~s")),
        tooltip=[alt.Tooltip("category:N", title=t("ecommerce.axis.category")),
                 alt.Tooltip("gmv:Q", title="GMV", format="$,.0f"),
                 alt.Tooltip("units:Q", title=t("ecommerce.axis.units"), format=","),
                 alt.Tooltip("gmv_share:Q", format=".1%", title=t("ecommerce.axis.share"))],
    ).properties(height=height)


def segment_chart(profiles: pd.DataFrame, height: int = 240) -> alt.Chart:
    """Each segment's share of customers next to its share of revenue."""
    frame = profiles.melt(id_vars="segment", value_vars=["share", "revenue_share"], var_name="measure",
                          value_name="value")
    frame["measure"] = frame["measure"].map({"share": t("ecommerce.axis.customers"),
                                             "revenue_share": t("ecommerce.axis.revenue")})
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("segment:N", title=None, sort=profiles["segment"].tolist(), axis=alt.Axis(labelLimit=260)),
        x=alt.X("value:Q", title=t("ecommerce.axis.share"), axis=alt.Axis(format=".0%")),
        yOffset="measure:N",
        color=alt.Color("measure:N", title=None, scale=alt.Scale(range=[MUTED, PRIMARY])),
        tooltip=[alt.Tooltip("segment:N", title=t("ecommerce.axis.segment")),
                 alt.Tooltip("measure:N", title=t("ecommerce.axis.measure")),
                 alt.Tooltip("value:Q", title=t("ecommerce.axis.share"), format=".1%")],
    ).properties(height=height)


def leaderboard_chart(board: pd.DataFrame, height: int = 200) -> alt.Chart:
    """Recall@20 per model, the generative models highlighted and the oracle greyed as the ceiling."""
    kinds = {code: t(f"ecommerce.model_kind.{code}") for code in ("generative", "baseline", "ceiling")}
    frame = board.assign(kind=board["Model"].map(
        lambda m: kinds["generative"] if m in GENERATIVE else kinds["ceiling" if m.startswith("Oracle") else "baseline"]))
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("Model:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("Recall@20:Q", title=t("ecommerce.axis.recall")),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=list(kinds.values()),
                                                              range=[PRIMARY, MUTED, "#CBD5E1"])),
        tooltip=[alt.Tooltip(c, format=".3f") if board[c].dtype.kind == "f" else c for c in board.columns],
    ).properties(height=height)
