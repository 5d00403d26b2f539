"""Altair charts of a StudioReport: real-vs-synthetic distributions, the association-difference heatmap, the
privacy distances, the efficacy comparison and the training losses."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.studio.report import ColumnDistribution, EfficacySummary, PrivacySummary, StudioReport

REAL_COLOUR = "#64748B"
SYNTHETIC_COLOUR = "#4F46E5"
_SOURCE_SCALE = alt.Scale(domain=["Real", "Synthetic"], range=[REAL_COLOUR, SYNTHETIC_COLOUR])


def distribution_chart(distribution: ColumnDistribution, height: int = 160) -> alt.Chart:
    """Real and synthetic shares side by side: grouped bars per bin (numbers, dates) or per category."""
    frame = distribution.frame()
    horizontal = distribution.kind == "categorical"
    category = alt.X("label:N", sort=alt.SortField("order"), title=None,
                     axis=alt.Axis(labels=horizontal or len(distribution.labels) <= 8, labelLimit=90))
    share = alt.Y("share:Q", title="share of rows", axis=alt.Axis(format="%"))
    offset = alt.XOffset("source:N")
    if horizontal:
        category = alt.Y("label:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=110))
        share = alt.X("share:Q", title="share of rows", axis=alt.Axis(format="%"))
        offset = alt.YOffset("source:N")
    encoding = {"x": category, "y": share} if not horizontal else {"y": category, "x": share}
    title = f"{distribution.column} · {distribution.metric} {distribution.score:.2f}"
    return (
        alt.Chart(frame, title=alt.Title(title, fontSize=12, anchor="start"))
        .mark_bar()
        .encode(
            **encoding,
            **({"yOffset": offset} if horizontal else {"xOffset": offset}),
            color=alt.Color("source:N", scale=_SOURCE_SCALE, legend=alt.Legend(orient="bottom", title=None)),
            tooltip=[alt.Tooltip("label:N", title="values"), "source:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=height)
    )


def association_heatmap(report: StudioReport, max_columns: int = 20) -> alt.Chart | None:
    """Synthetic minus real association (Pearson rho for two numbers, Cramer's V otherwise) for every pair of
    scored columns: white = kept, red = the synthetic data made a relationship weaker or invented one, blue =
    stronger. None when fewer than two columns were scored."""
    if len(report.association_columns) < 2:
        return None
    names = report.association_columns[:max_columns]
    frame = report.association_difference()
    frame = frame[frame["column_1"].isin(names) & frame["column_2"].isin(names)]
    size = max(220, min(34 * len(names), 560))
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("column_1:N", sort=names, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=120)),
            y=alt.Y("column_2:N", sort=names, title=None, axis=alt.Axis(labelLimit=120)),
            color=alt.Color("difference:Q", title="synthetic - real",
                            scale=alt.Scale(scheme="redblue", domain=[-1, 1], domainMid=0)),
            tooltip=["column_1:N", "column_2:N", alt.Tooltip("real:Q", format=".2f"),
                     alt.Tooltip("synthetic:Q", format=".2f"), alt.Tooltip("difference:Q", format="+.2f")],
        )
        .properties(width=size, height=size)
    )


def privacy_chart(privacy: PrivacySummary, height: int = 200) -> alt.Chart:
    """Distances to the closest training row: synthetic rows vs real rows the generator never saw. Synthetic
    rows piled up near zero, left of the unseen rows, would mean memorised records."""
    frame = privacy.histogram_frame()
    return (
        alt.Chart(frame)
        .mark_bar(opacity=0.6, binSpacing=0)
        .encode(
            x=alt.X("lower:Q", bin="binned", title="distance to closest training row (0 = exact copy)"),
            x2="upper",
            y=alt.Y("share:Q", stack=None, title="share of rows", axis=alt.Axis(format="%")),
            color=alt.Color("source:N", title=None, legend=alt.Legend(orient="bottom"),
                            scale=alt.Scale(range=[SYNTHETIC_COLOUR, "#F59E0B"])),
            tooltip=["source:N", alt.Tooltip("lower:Q", format=".3f", title="from"),
                     alt.Tooltip("upper:Q", format=".3f", title="to"), alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=height)
    )


def efficacy_chart(efficacy: EfficacySummary, height: int = 110) -> alt.Chart:
    """The same model's score when trained on real rows and when trained on synthetic rows."""
    frame = pd.DataFrame({
        "trained on": ["Real rows", "Synthetic rows"],
        "score": [efficacy.trtr_score, efficacy.tstr_score],
    })
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("trained on:N", title=None),
            x=alt.X("score:Q", title=f"{efficacy.metric} on unseen real rows", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("trained on:N", legend=None,
                            scale=alt.Scale(range=[REAL_COLOUR, SYNTHETIC_COLOUR])),
            tooltip=["trained on:N", alt.Tooltip("score:Q", format=".3f")],
        )
        .properties(height=height)
    )


def loss_chart(history: list[dict[str, float]], height: int = 200) -> alt.Chart | None:
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
    return (
        alt.Chart(tidy)
        .mark_line()
        .encode(
            x=alt.X("step:Q", title="training step"),
            y=alt.Y("value:Q", title="loss", scale=alt.Scale(zero=False)),
            color=alt.Color("loss:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["loss:N", "step:Q", alt.Tooltip("value:Q", format=".4f")],
        )
        .properties(height=height)
    )


def leaderboard_chart(board: pd.DataFrame, height: int = 180) -> alt.Chart:
    """Quality, detection and ML efficacy of each generator as grouped bars (0..1, higher is better)."""
    metrics = [m for m in ("Quality", "Detection", "ML efficacy") if board[m].notna().any()]
    tidy = board.melt(id_vars="Generator", value_vars=metrics, var_name="score", value_name="value").dropna()
    return (
        alt.Chart(tidy)
        .mark_bar()
        .encode(
            y=alt.Y("Generator:N", title=None, sort=list(board["Generator"])),
            yOffset="score:N",
            x=alt.X("value:Q", title="score (1 = best)", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("score:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["Generator:N", "score:N", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=height)
    )
