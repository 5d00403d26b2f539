"""Altair charts of the banking page. Each takes a tidy DataFrame and returns a chart; the views place them."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from dashboard.charts import PRIMARY
from dashboard.i18n import percent, t

HIGHLIGHT = "#F59E0B"
MUTED = "#9CA3AF"
PALETTE = ["#4F46E5", "#F59E0B", "#10B981", "#DC2626", "#0EA5E9", "#8B5CF6"]


def metric_with_intervals(frame: pd.DataFrame, metric_label: str, best: str) -> alt.Chart:
    """Horizontal bars of one metric per strategy with 95% interval whiskers; the best strategy highlighted."""
    data = frame.assign(is_best=frame["strategy"] == best)
    base = alt.Chart(data).encode(y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=180)))
    bars = base.mark_bar(opacity=0.85).encode(
        x=alt.X("mean:Q", title=t("banking.chart.metric_axis", metric=metric_label)),
        color=alt.condition("datum.is_best", alt.value(HIGHLIGHT), alt.value(PRIMARY)),
        tooltip=[alt.Tooltip("label:N", title=t("banking.chart.strategy")),
                 alt.Tooltip("mean:Q", format=".3f", title=t("banking.chart.mean")),
                 alt.Tooltip("low:Q", format=".3f", title=t("banking.chart.low")),
                 alt.Tooltip("high:Q", format=".3f", title=t("banking.chart.high"))],
    )
    whiskers = base.mark_rule(color="#111827").encode(x="low:Q", x2="high:Q")
    return (bars + whiskers).properties(height=36 * len(data) + 30)


def recall_domain(curves: list[dict], step: float = 0.1) -> list[float]:
    """The recall range worth drawing: from the step below the lowest recall any curve reaches after its
    conventional (recall 0, precision 1) start, to 1. A fraud model's first alert already catches most fraud, so
    the whole 0-1 range would squeeze every difference into its right-hand corner (and draw a false plateau at
    precision 1 up to that point)."""
    starts = [min((r for r in curve["recall"] if r > 0), default=0.0) for curve in curves if curve["recall"]]
    low = math.floor(min(starts, default=0.0) / step + 1e-9) * step
    return [round(min(low, 0.9), 2), 1.0]


def precision_domain(frame: pd.DataFrame, step: float = 0.1) -> list[float]:
    """0 to a step above the highest precision drawn (at most 1): zero-based, without empty space on top."""
    top = float(frame["precision"].max()) if not frame.empty else 1.0
    return [0, min(1.0, round(math.ceil(top / step + 1e-9) * step + step, 2))]


def pr_curves(curves: list[dict], labels: dict[str, str], base_rate: float) -> alt.LayerChart:
    """Precision-recall curves of each strategy (first seed) with the chance level, on the recall range where
    the curves differ (``recall_domain``; the axis title says where it starts)."""
    rows = [{"strategy": labels.get(c["strategy"], c["strategy"]), "recall": r, "precision": p}
            for c in curves for r, p in zip(c["recall"], c["precision"])]
    domain = recall_domain(curves)
    x_title = (t("banking.chart.recall_axis.from", start=percent(domain[0], decimals=0)) if domain[0] > 0
               else t("banking.chart.recall_axis"))
    chance = t("banking.chart.chance")
    rows += [{"strategy": chance, "recall": r, "precision": base_rate} for r in domain]
    frame = pd.DataFrame(rows)
    frame = frame[frame["recall"] >= domain[0]]
    frame = frame[(frame["recall"] > domain[0]) | (frame["strategy"] == chance)] if domain[0] > 0 else frame
    names = [n for n in dict.fromkeys(frame["strategy"]) if n != chance] + [chance]
    # One layer only: in Streamlit's renderer a layered chart with a legend squeezes its plot to a sliver.
    return alt.Chart(frame).mark_line(interpolate="step-after", clip=True).encode(
        x=alt.X("recall:Q", title=x_title, scale=alt.Scale(domain=domain, nice=False), axis=alt.Axis(format="%")),
        y=alt.Y("precision:Q", title=t("banking.chart.precision_axis"),
                scale=alt.Scale(domain=precision_domain(frame)),
                axis=alt.Axis(format="%")),
        color=alt.Color("strategy:N", title=t("banking.chart.training"), sort=names,
                        scale=alt.Scale(domain=names, range=[*PALETTE[:len(names) - 1], MUTED]),
                        legend=alt.Legend(orient="right", labelLimit=200)),
        tooltip=[alt.Tooltip("strategy:N", title=t("banking.chart.strategy")),
                 alt.Tooltip("recall:Q", format=".1%", title=t("banking.chart.recall")),
                 alt.Tooltip("precision:Q", format=".1%", title=t("banking.chart.precision"))],
    ).properties(height=300)


def importance_bars(frame: pd.DataFrame) -> alt.Chart:
    """Permutation importance (drop in PR-AUC) per feature."""
    return alt.Chart(frame).mark_bar(color=PRIMARY).encode(
        y=alt.Y("feature:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        x=alt.X("importance:Q", title=t("banking.chart.importance_axis")),
        tooltip=[alt.Tooltip("feature:N", title=t("banking.chart.feature")),
                 alt.Tooltip("importance:Q", format=".4f", title=t("banking.chart.importance")),
                 alt.Tooltip("spread:Q", format=".4f", title=t("banking.chart.spread"))],
    ).properties(height=26 * len(frame) + 40)


def effect_bars(frame: pd.DataFrame) -> alt.Chart:
    """Signed per-feature effects on one case's score (red = towards bad)."""
    values = frame["value"].map(lambda v: f"{v:.3g}" if isinstance(v, float) else str(v))
    raises, lowers = t("banking.chart.raises_risk"), t("banking.chart.lowers_risk")
    data = frame.assign(direction=frame["effect"].map(lambda v: raises if v > 0 else lowers),
                        value=values, shown=frame["feature"] + " = " + values)
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("shown:N", sort=None, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("effect:Q", title=t("banking.chart.effect_axis")),
        color=alt.Color("direction:N", scale=alt.Scale(domain=[raises, lowers],
                                                       range=["#DC2626", "#059669"]), title=None),
        tooltip=[alt.Tooltip("feature:N", title=t("banking.chart.feature")),
                 alt.Tooltip("value:N", title=t("banking.chart.value")),
                 alt.Tooltip("effect:Q", format="+.4f", title=t("banking.chart.effect"))],
    ).properties(height=26 * len(data) + 40)


def coefficient_bars(frame: pd.DataFrame) -> alt.Chart:
    """The scorecard's log-odds coefficients per (feature, band), red where being in the band raises the risk."""
    raises, lowers = t("banking.chart.raises_risk"), t("banking.chart.lowers_risk")
    data = frame.assign(shown=frame["feature"] + ": " + frame["level"].astype(str),
                        direction=frame["coefficient"].map(lambda v: raises if v > 0 else lowers))
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("shown:N", sort="-x", title=None, axis=alt.Axis(labelLimit=300, labelOverlap=False)),
        x=alt.X("coefficient:Q", title=t("banking.chart.coefficient_axis")),
        color=alt.Color("direction:N", scale=alt.Scale(domain=[raises, lowers],
                                                       range=["#DC2626", "#059669"]), title=None),
        tooltip=[alt.Tooltip("feature:N", title=t("banking.chart.feature")),
                 alt.Tooltip("level:N", title=t("banking.chart.band")),
                 alt.Tooltip("coefficient:Q", format="+.3f", title=t("banking.chart.coefficient"))],
    ).properties(height=24 * len(data) + 40)


def group_rates(frame: pd.DataFrame, value: str, title: str, group_title: str) -> alt.Chart:
    """One rate per group (an age band, say), grouped by strategy."""
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("group:N", title=group_title),
        xOffset="label:N",
        y=alt.Y(f"{value}:Q", title=title, axis=alt.Axis(format="%")),
        color=alt.Color("label:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title=t("banking.chart.strategy")), alt.Tooltip("group:N", title=group_title),
                 alt.Tooltip(f"{value}:Q", format=".1%", title=title),
                 alt.Tooltip("rows:Q", format=",", title=t("banking.chart.rows")),
                 alt.Tooltip("bad_cases:Q", format=",", title=t("banking.chart.bad_cases"))],
    ).properties(height=240)


def precision_at_k_bars(frame: pd.DataFrame) -> alt.Chart:
    """Precision@k of the autoencoder, IsolationForest and random review, grouped by k."""
    long = frame.melt(id_vars="k", value_vars=["autoencoder", "isolation_forest", "random"], var_name="detector",
                      value_name="precision")
    detectors = {"autoencoder": t("banking.chart.detector.autoencoder"), "isolation_forest": "IsolationForest",
                 "random": t("banking.chart.detector.random")}
    long["detector"] = long["detector"].map(detectors)
    long["top"] = long["k"].map(lambda k: t("banking.chart.top_k", k=int(k)))
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("top:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("detector:N", sort=list(detectors.values())),
        y=alt.Y("precision:Q", title=t("banking.chart.fraud_share_axis"), axis=alt.Axis(format="%")),
        color=alt.Color("detector:N", scale=alt.Scale(domain=list(detectors.values()), range=[PRIMARY, HIGHLIGHT, MUTED]),
                        title=None,
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("detector:N", title=t("banking.chart.detector")),
                 alt.Tooltip("top:N", title=t("banking.chart.review_depth")),
                 alt.Tooltip("precision:Q", format=".1%", title=t("banking.chart.fraud_share_axis"))],
    ).properties(height=260)


def driver_bars(frame: pd.DataFrame) -> alt.Chart:
    """How often each feature was the main driver of a flag."""
    return alt.Chart(frame).mark_bar(color=PRIMARY).encode(
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("flags:Q", title=t("banking.chart.driver_axis")),
        tooltip=[alt.Tooltip("label:N", title=t("banking.chart.feature")),
                 alt.Tooltip("flags:Q", title=t("banking.chart.driver_axis"))],
    ).properties(height=26 * len(frame) + 40)


def loss_curve(history: list[dict], loss: str = "reconstruction") -> alt.Chart:
    """A training loss per epoch (or per reported step)."""
    frame = pd.DataFrame(history)
    x = "epoch" if "epoch" in frame else "step"
    return alt.Chart(frame).mark_line(color=PRIMARY, point=True).encode(
        x=alt.X(f"{x}:Q", title=t(f"banking.chart.{x}")),
        y=alt.Y(f"{loss}:Q", title=t("banking.chart.reconstruction_loss"))).properties(height=180)


def dose_response(frame: pd.DataFrame) -> alt.LayerChart:
    """PR-AUC change vs no rebalancing (with 95% interval) by how much the oversamplers add, one line per strategy
    named in the legend (the bands share the lines' legend: a ``legend=None`` on one layer hides it for both)."""
    color = alt.Color("label:N", title=t("banking.chart.made_up_from"), legend=alt.Legend(orient="right", labelLimit=220))
    base = alt.Chart(frame).encode(
        x=alt.X("minority_share:Q", title=t("banking.chart.rare_share_axis"), axis=alt.Axis(format="%")),
    )
    lines = base.mark_line(point=True).encode(
        y=alt.Y("pr_auc_change:Q", title=t("banking.chart.pr_auc_change_axis")),
        color=color,
        tooltip=[alt.Tooltip("label:N", title=t("banking.chart.made_up_from")),
                 alt.Tooltip("minority_share:Q", format=".0%", title=t("banking.chart.rare_share_axis")),
                 alt.Tooltip("pr_auc_change:Q", format="+.3f", title=t("banking.chart.pr_auc_change_axis")),
                 alt.Tooltip("low:Q", format="+.3f", title=t("banking.chart.low")),
                 alt.Tooltip("high:Q", format="+.3f", title=t("banking.chart.high")),
                 alt.Tooltip("added_rows:Q", format=",", title=t("banking.col.rows_added"))],
    )
    bands = base.mark_area(opacity=0.12).encode(y="low:Q", y2="high:Q", color=color)
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color=MUTED, strokeDash=[4, 3]).encode(y="y:Q")
    return (bands + lines + zero).properties(height=260)
