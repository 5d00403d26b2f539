"""Altair charts of the Marketing & creative page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import PRIMARY, bar_chart_height
from dashboard.i18n import t

ACCENT = "#F59E0B"


def policy_colours() -> alt.Scale:
    """Grey for the even split, the lab's colour for the bandit (policy names in the reader's language)."""
    return alt.Scale(domain=[t("marketing.policy.even"), t("marketing.policy.thompson")], range=["#94A3B8", PRIMARY])


def channel_chart(channels: pd.DataFrame, baseline_conversion: float) -> alt.LayerChart:
    """Conversion by acquisition channel as bars, with the store's average as a dashed rule."""
    bars = alt.Chart(channels).mark_bar(color=PRIMARY).encode(
        y=alt.Y("channel:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X("conversion:Q", title=t("marketing.chart.conversion"), axis=alt.Axis(format=".1%")),
        tooltip=[alt.Tooltip("channel:N", title=t("marketing.chart.channel")),
                 alt.Tooltip("conversion:Q", format=".2%", title=t("marketing.chart.conversion_short")),
                 alt.Tooltip("revenue:Q", format="$,.0f", title=t("marketing.chart.revenue_short")),
                 alt.Tooltip("customers:Q", format=",", title=t("marketing.chart.customers"))])
    rule = alt.Chart(pd.DataFrame({"conversion": [baseline_conversion]})).mark_rule(
        color=ACCENT, strokeDash=[4, 3]).encode(x="conversion:Q", tooltip=[alt.Tooltip(
            "conversion:Q", format=".2%", title=t("marketing.chart.store_average"))])
    return alt.layer(bars, rule).properties(height=bar_chart_height(len(channels)))


def revenue_chart(channels: pd.DataFrame) -> alt.Chart:
    """Revenue by acquisition channel."""
    return alt.Chart(channels).mark_bar(color=PRIMARY).encode(
        y=alt.Y("channel:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X("revenue:Q", title=t("marketing.chart.revenue"), axis=alt.Axis(format="$~s")),
        tooltip=[alt.Tooltip("channel:N", title=t("marketing.chart.channel")),
                 alt.Tooltip("revenue:Q", format="$,.0f", title=t("marketing.chart.revenue_short")),
                 alt.Tooltip("revenue_per_customer:Q", format="$,.2f", title=t("marketing.chart.per_customer"))],
    ).properties(height=bar_chart_height(len(channels)))


def segment_category_chart(shares: pd.DataFrame) -> alt.LayerChart:
    """Segment (rows) x category (columns), coloured by the segment's share of spend in that category."""
    base = alt.Chart(shares).encode(x=alt.X("category:N", title=None, axis=alt.Axis(labelAngle=0)),
                                    y=alt.Y("segment:N", title=None, axis=alt.Axis(labelLimit=260)))
    cells = base.mark_rect().encode(
        color=alt.Color("share:Q", title=t("marketing.chart.segment_share"), scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format=".0%", orient="bottom")),
        tooltip=[alt.Tooltip("segment:N", title=t("marketing.chart.segment")),
                 alt.Tooltip("category:N", title=t("marketing.chart.category")),
                 alt.Tooltip("share:Q", format=".1%", title=t("marketing.chart.share")),
                 alt.Tooltip("spend:Q", format="$,.0f", title=t("marketing.chart.spend"))])
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.2", alt.value("white"), alt.value("#1E293B")))
    return alt.layer(cells, text).properties(height=40 * shares["segment"].nunique() + 20)


def cumulative_clicks_chart(frame: pd.DataFrame) -> alt.Chart:
    """Clicks so far against impressions served, one line per policy."""
    return alt.Chart(frame).mark_line(strokeWidth=2.5).encode(
        x=alt.X("impressions:Q", title=t("marketing.chart.impressions"), axis=alt.Axis(format="~s")),
        y=alt.Y("clicks:Q", title=t("marketing.chart.clicks")),
        color=alt.Color("policy:N", title=None, scale=policy_colours(), legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("policy:N", title=t("marketing.chart.policy")),
                 alt.Tooltip("impressions:Q", format=",", title=t("marketing.chart.impressions")),
                 alt.Tooltip("clicks:Q", format=",", title=t("marketing.chart.clicks"))],
    ).properties(height=260)


def traffic_share_chart(frame: pd.DataFrame) -> alt.Chart:
    """Share of each round's impressions per creative under the bandit (stacked areas)."""
    return alt.Chart(frame).mark_area().encode(
        x=alt.X("round:Q", title=t("marketing.chart.round", impressions=500)),
        y=alt.Y("share:Q", title=t("marketing.chart.impression_share"), stack="normalize",
                axis=alt.Axis(format=".0%")),
        color=alt.Color("creative:N", title=t("marketing.chart.creative"),
                        legend=alt.Legend(orient="right", labelLimit=220)),
        tooltip=[alt.Tooltip("round:Q", title=t("marketing.chart.round_short")),
                 alt.Tooltip("creative:N", title=t("marketing.chart.creative")),
                 alt.Tooltip("share:Q", format=".0%", title=t("marketing.chart.share"))],
    ).properties(height=260)


def campaigns_chart(frame: pd.DataFrame) -> alt.Chart:
    """Mean regret per policy over the seeded campaigns."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("policy:N", title=None),
        x=alt.X("regret:Q", title=t("marketing.chart.regret")),
        color=alt.Color("policy:N", scale=policy_colours(), legend=None),
        tooltip=[alt.Tooltip("policy:N", title=t("marketing.chart.policy")),
                 alt.Tooltip("regret:Q", format=",.0f", title=t("marketing.chart.regret_short"))],
    ).properties(height=bar_chart_height(2))
