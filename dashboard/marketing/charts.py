"""Altair charts of the Marketing & creative page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import PRIMARY, bar_chart_height

ACCENT = "#F59E0B"
POLICY_COLOURS = alt.Scale(domain=["even split", "Thompson sampling"], range=["#94A3B8", PRIMARY])


def channel_chart(channels: pd.DataFrame, baseline_conversion: float) -> alt.LayerChart:
    """Conversion by acquisition channel as bars, with the store's average as a dashed rule."""
    bars = alt.Chart(channels).mark_bar(color=PRIMARY).encode(
        y=alt.Y("channel:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X("conversion:Q", title="conversion (orders per session)", axis=alt.Axis(format=".1%")),
        tooltip=[alt.Tooltip("channel:N"), alt.Tooltip("conversion:Q", format=".2%"),
                 alt.Tooltip("revenue:Q", format="$,.0f"), alt.Tooltip("customers:Q", format=",")])
    rule = alt.Chart(pd.DataFrame({"conversion": [baseline_conversion], "label": ["store average"]})).mark_rule(
        color=ACCENT, strokeDash=[4, 3]).encode(x="conversion:Q", tooltip=[alt.Tooltip("conversion:Q", format=".2%",
                                                                                        title="store average")])
    return alt.layer(bars, rule).properties(height=bar_chart_height(len(channels)))


def revenue_chart(channels: pd.DataFrame) -> alt.Chart:
    """Revenue by acquisition channel."""
    return alt.Chart(channels).mark_bar(color=PRIMARY).encode(
        y=alt.Y("channel:N", sort="-x", title=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X("revenue:Q", title="revenue ($, 18 months)", axis=alt.Axis(format="$~s")),
        tooltip=[alt.Tooltip("channel:N"), alt.Tooltip("revenue:Q", format="$,.0f"),
                 alt.Tooltip("revenue_per_customer:Q", format="$,.2f", title="per customer")],
    ).properties(height=bar_chart_height(len(channels)))


def segment_category_chart(shares: pd.DataFrame) -> alt.LayerChart:
    """Segment (rows) x category (columns), coloured by the segment's share of spend in that category."""
    base = alt.Chart(shares).encode(x=alt.X("category:N", title=None, axis=alt.Axis(labelAngle=0)),
                                    y=alt.Y("segment:N", title=None, axis=alt.Axis(labelLimit=260)))
    cells = base.mark_rect().encode(
        color=alt.Color("share:Q", title="share of the segment's spend", scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format=".0%", orient="bottom")),
        tooltip=["segment", "category", alt.Tooltip("share:Q", format=".1%"),
                 alt.Tooltip("spend:Q", format="$,.0f")])
    text = base.mark_text(fontSize=11).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.2", alt.value("white"), alt.value("#1E293B")))
    return alt.layer(cells, text).properties(height=40 * shares["segment"].nunique() + 20)


def cumulative_clicks_chart(frame: pd.DataFrame) -> alt.Chart:
    """Clicks so far against impressions served, one line per policy."""
    return alt.Chart(frame).mark_line(strokeWidth=2.5).encode(
        x=alt.X("impressions:Q", title="impressions served", axis=alt.Axis(format="~s")),
        y=alt.Y("clicks:Q", title="clicks so far"),
        color=alt.Color("policy:N", title=None, scale=POLICY_COLOURS, legend=alt.Legend(orient="top")),
        tooltip=["policy", alt.Tooltip("impressions:Q", format=","), alt.Tooltip("clicks:Q", format=",")],
    ).properties(height=260)


def traffic_share_chart(frame: pd.DataFrame) -> alt.Chart:
    """Share of each round's impressions per creative under the bandit (stacked areas)."""
    return alt.Chart(frame).mark_area().encode(
        x=alt.X("round:Q", title="round (500 impressions each)"),
        y=alt.Y("share:Q", title="share of impressions", stack="normalize", axis=alt.Axis(format=".0%")),
        color=alt.Color("creative:N", title="creative", legend=alt.Legend(orient="right", labelLimit=220)),
        tooltip=["round", "creative", alt.Tooltip("share:Q", format=".0%")],
    ).properties(height=260)


def campaigns_chart(frame: pd.DataFrame) -> alt.Chart:
    """Mean regret per policy over the seeded campaigns."""
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("policy:N", title=None),
        x=alt.X("regret:Q", title="clicks lost against the oracle (mean per campaign)"),
        color=alt.Color("policy:N", scale=POLICY_COLOURS, legend=None),
        tooltip=["policy", alt.Tooltip("regret:Q", format=",.0f")],
    ).properties(height=bar_chart_height(2))
