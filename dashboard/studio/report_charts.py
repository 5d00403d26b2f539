"""Altair charts of a StudioReport: real-vs-synthetic distributions, the association-difference heatmap, the
privacy distances, the efficacy comparison and the training losses."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.i18n import t
from dashboard.studio.labels import bin_labels, efficacy_metric_label, loss_label
from dashboard.studio.report import ColumnDistribution, EfficacySummary, PrivacySummary, StudioReport

REAL_COLOUR = "#64748B"
SYNTHETIC_COLOUR = "#4F46E5"
# The leaderboard's plain names (the glossary explains the technical ones in each column's help).
_PLAIN_SCORE_KEYS = {"Quality": "studio.chart.score.quality", "Detection": "studio.chart.score.detection",
                     "ML efficacy": "studio.chart.score.efficacy"}
_SOURCE_KEYS = {"Real": "studio.chart.source.real", "Synthetic": "studio.chart.source.synthetic",
                "Synthetic -> training": "studio.chart.source.synthetic_to_training",
                "Unseen real -> training": "studio.chart.source.unseen_to_training"}


def _sources_in_language(frame: pd.DataFrame) -> pd.DataFrame:
    """The chart frame with its "source" names in the reader's language."""
    frame = frame.copy()
    frame["source"] = [t(_SOURCE_KEYS[s]) if s in _SOURCE_KEYS else s for s in frame["source"]]
    return frame


def _source_scale() -> alt.Scale:
    return alt.Scale(domain=[t("studio.chart.source.real"), t("studio.chart.source.synthetic")],
                     range=[REAL_COLOUR, SYNTHETIC_COLOUR])


def distribution_chart(distribution: ColumnDistribution, height: int = 230) -> alt.Chart:
    """Real and synthetic shares of one column: overlaid histograms on the value axis (numbers, dates) or
    paired horizontal bars per category (text, booleans). Grey is real, indigo synthetic (no legend: pages
    say it once above the grid). ``height`` includes the title and axes."""
    frame = distribution.frame()
    # Bin and category names in the reader's language (the frame repeats them once per source).
    frame["label"] = bin_labels(distribution) * 2
    yes_no = _zero_one_shares(distribution)
    if yes_no is not None:
        frame = yes_no
    frame = _sources_in_language(frame)
    title = alt.Title(f"{distribution.column}", subtitle=f"{distribution.metric} {distribution.score:.2f}",
                      fontSize=13, subtitleFontSize=11, anchor="start")
    colour = alt.Color("source:N", scale=_source_scale(), legend=None)
    if distribution.kind == "categorical" or yes_no is not None:
        return (
            alt.Chart(frame, title=title)
            .mark_bar()
            .encode(
                y=alt.Y("label:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=110)),
                yOffset=alt.YOffset("source:N"),
                x=alt.X("share:Q", title=None, axis=alt.Axis(format="%", tickCount=4)),
                color=colour,
                tooltip=[alt.Tooltip("label:N", title=t("studio.chart.value")),
                         alt.Tooltip("source:N", title=t("studio.chart.source")),
                         alt.Tooltip("share:Q", title=t("studio.chart.share"), format=".1%")],
            )
            .properties(height=max(height, 24 * frame["label"].nunique() + 60))
        )
    axis_type = "temporal" if distribution.kind == "temporal" else "quantitative"
    return (
        alt.Chart(frame, title=title)
        .mark_bar(opacity=0.55, binSpacing=0)
        .encode(
            x=alt.X("lower", type=axis_type, bin="binned", title=None, axis=alt.Axis(tickCount=5, labelFlush=True)),
            x2="upper",
            y=alt.Y("share:Q", stack=None, title=None, axis=alt.Axis(format="%", tickCount=4)),
            color=colour,
            tooltip=[alt.Tooltip("label:N", title=t("studio.chart.values")),
                     alt.Tooltip("source:N", title=t("studio.chart.source")),
                     alt.Tooltip("share:Q", title=t("studio.chart.share"), format=".1%")],
        )
        .properties(height=height)
    )


def _zero_one_shares(distribution: ColumnDistribution) -> pd.DataFrame | None:
    """For a 0/1 column scored as a number, the real and synthetic shares of 0 and 1 (rows ``label, share,
    source, order``), so it is drawn as two paired bars instead of a histogram with a gap; None otherwise.

    Its histogram spans 0 to 1 and the real rows fill only the first and the last bin."""
    if distribution.kind != "numeric" or len(distribution.lower) < 2:
        return None
    low, high = distribution.lower[0], distribution.upper[-1]
    inner_real = sum(distribution.real_share[1:-1])
    if not (abs(low) < 1e-9 and abs(high - 1) < 1e-9 and inner_real == 0):
        return None
    rows = []
    for source, shares in (("Real", distribution.real_share), ("Synthetic", distribution.synthetic_share)):
        zero, one = shares[0], shares[-1]
        rows += [("0", zero, source, 0), ("1", one, source, 1)]
    return pd.DataFrame(rows, columns=["label", "share", "source", "order"])


def association_heatmap(report: StudioReport, max_columns: int = 20) -> alt.Chart | None:
    """Synthetic minus real association (Pearson rho for two numbers, Cramer's V otherwise) for every pair of
    scored columns: white = kept, red = the synthetic data made a relationship weaker or invented one, blue =
    stronger. None when fewer than two columns were scored."""
    if len(report.association_columns) < 2:
        return None
    names = report.association_columns[:max_columns]
    frame = report.association_difference()
    frame = frame[frame["column_1"].isin(names) & frame["column_2"].isin(names)]
    height = 26 * len(names) + 130  # rows plus the slanted column labels
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("column_1:N", sort=names, title=None,
                    axis=alt.Axis(labelAngle=-45, labelLimit=120, labelOverlap=False)),
            y=alt.Y("column_2:N", sort=names, title=None, axis=alt.Axis(labelLimit=120, labelOverlap=False)),
            color=alt.Color("difference:Q", title=t("studio.chart.difference"),
                            scale=alt.Scale(scheme="redblue", domain=[-1, 1], domainMid=0)),
            tooltip=[alt.Tooltip("column_1:N", title=t("studio.chart.column")),
                     alt.Tooltip("column_2:N", title=t("studio.chart.other_column")),
                     alt.Tooltip("real:Q", title=t("studio.chart.source.real"), format=".2f"),
                     alt.Tooltip("synthetic:Q", title=t("studio.chart.source.synthetic"), format=".2f"),
                     alt.Tooltip("difference:Q", title=t("studio.chart.difference"), format="+.2f")],
        )
        .properties(height=height)
    )


def privacy_chart(privacy: PrivacySummary, height: int = 280) -> alt.Chart:
    """Distances to the closest training row: synthetic rows vs real rows the generator never saw. Synthetic
    rows piled up near zero, left of the unseen rows, would mean memorised records."""
    frame = _sources_in_language(privacy.histogram_frame())
    return (
        alt.Chart(frame)
        .mark_bar(opacity=0.6, binSpacing=0)
        .encode(
            x=alt.X("lower:Q", bin="binned", title=t("studio.chart.distance")),
            x2="upper",
            y=alt.Y("share:Q", stack=None, title=t("studio.chart.share_of_rows"), axis=alt.Axis(format="%")),
            color=alt.Color("source:N", title=None, legend=alt.Legend(orient="top"),
                            scale=alt.Scale(range=[SYNTHETIC_COLOUR, "#F59E0B"])),
            tooltip=[alt.Tooltip("source:N", title=t("studio.chart.rows")),
                     alt.Tooltip("lower:Q", format=".3f", title=t("chart.from")),
                     alt.Tooltip("upper:Q", format=".3f", title=t("chart.to")),
                     alt.Tooltip("share:Q", title=t("studio.chart.share"), format=".1%")],
        )
        .properties(height=height)
    )


def efficacy_chart(efficacy: EfficacySummary, height: int = 150) -> alt.Chart:
    """The same model's score when trained on real rows and when trained on synthetic rows."""
    frame = pd.DataFrame({
        "trained on": [t("studio.chart.trained_on_real"), t("studio.chart.trained_on_synthetic")],
        "score": [efficacy.trtr_score, efficacy.tstr_score],
    })
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("trained on:N", title=None),
            x=alt.X("score:Q", title=t("studio.chart.efficacy_axis", metric=efficacy_metric_label(efficacy.metric)),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("trained on:N", legend=None,
                            scale=alt.Scale(range=[REAL_COLOUR, SYNTHETIC_COLOUR])),
            tooltip=[alt.Tooltip("trained on:N", title=t("studio.chart.trained_on")),
                     alt.Tooltip("score:Q", title=t("studio.chart.score"), format=".3f")],
        )
        .properties(height=height)
    )


def loss_chart(history: list[dict[str, float]], height: int = 260) -> alt.Chart | None:
    """Training losses against the optimisation step, one line per loss; None before the first point."""
    if not history:
        return None
    frame = pd.DataFrame(history)
    if "step" not in frame:
        frame["step"] = range(1, len(frame) + 1)
    losses = [c for c in frame.columns if c not in ("step", "epoch")]
    if not losses:
        return None
    tidy = frame.melt(id_vars="step", value_vars=losses, var_name="loss", value_name="value").dropna()
    tidy["loss"] = [loss_label(name) for name in tidy["loss"]]
    return (
        alt.Chart(tidy)
        .mark_line()
        .encode(
            x=alt.X("step:Q", title=t("studio.chart.training_step")),
            y=alt.Y("value:Q", title=t("studio.chart.loss"), scale=alt.Scale(zero=False)),
            color=alt.Color("loss:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("loss:N", title=t("studio.chart.loss")),
                     alt.Tooltip("step:Q", title=t("studio.chart.training_step")),
                     alt.Tooltip("value:Q", title=t("studio.chart.value"), format=".4f")],
        )
        .properties(height=height)
    )


def leaderboard_chart(board: pd.DataFrame, height: int | None = None) -> alt.Chart:
    """Quality, detection and ML efficacy of each generator as grouped bars (0..1, higher is better)."""
    metrics = [m for m in ("Quality", "Detection", "ML efficacy") if board[m].notna().any()]
    board = board.assign(Generator=board["Generator"] + " · " + board["Preset"])
    # The same generator and preset trained twice would otherwise share one bar.
    repeat = board.groupby("Generator").cumcount()
    board["Generator"] = board["Generator"].where(repeat == 0, board["Generator"] + " #" + (repeat + 1).astype(str))
    tidy = board.melt(id_vars="Generator", value_vars=metrics, var_name="score", value_name="value").dropna()
    tidy["score"] = [t(_PLAIN_SCORE_KEYS[name]) for name in tidy["score"]]
    return (
        alt.Chart(tidy)
        .mark_bar()
        .encode(
            y=alt.Y("Generator:N", title=None, sort=list(board["Generator"]), axis=alt.Axis(labelLimit=220)),
            yOffset="score:N",
            x=alt.X("value:Q", title=t("studio.chart.score_axis"), stack=None,
                    scale=alt.Scale(domain=[0, 1], clamp=True)),
            color=alt.Color("score:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("Generator:N", title=t("studio.board.generator")),
                     alt.Tooltip("score:N", title=t("studio.chart.score")),
                     alt.Tooltip("value:Q", title=t("studio.chart.value"), format=".3f")],
        )
        .properties(height=height or 90 + 26 * len(metrics) * len(board))
    )
