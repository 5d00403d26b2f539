"""Altair charts of the Education page. Each takes a tidy DataFrame and returns a chart; the page only places them."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import BAR_STEP_PX, PRIMARY, bar_chart_height, category_axis, time_axis
from dashboard.i18n import t

MASTERY_SCALE = alt.Scale(domain=[0, 1], scheme="blues")
# From the weakest group to the strongest: light to dark, so the order reads without the legend.
GROUP_COLOURS = ["#F59E0B", "#22C55E", "#0EA5E9", "#4338CA"]
REFERENCE_COLOURS = ["#16A34A", "#DC2626", "#F59E0B"]
MODEL_COLORS = alt.Scale(domain=["DKT", "BKT", "Logistic (PFA)"], range=[PRIMARY, "#94A3B8", "#CBD5E1"])


def weekly_activity_chart(weekly: pd.DataFrame, height: int = 220) -> alt.LayerChart:
    """Attempts per week (bars) and the share answered correctly (line, right axis)."""
    base = alt.Chart(weekly).encode(x=alt.X("week:T", title=None, axis=time_axis()))
    bars = base.mark_bar(color="#C7D2FE").encode(
        y=alt.Y("attempts:Q", title=t("education.axis.attempts_per_week")),
        tooltip=[alt.Tooltip("week:T", title=t("education.axis.week_of")),
                 alt.Tooltip("attempts:Q", title=t("education.axis.answers"), format=","),
                 alt.Tooltip("active_students:Q", title=t("education.axis.active_students"), format=","),
                 alt.Tooltip("accuracy:Q", title=t("education.axis.share_correct"), format=".1%")])
    line = base.mark_line(color=PRIMARY, strokeWidth=2).encode(
        y=alt.Y("accuracy:Q", title=t("education.axis.share_correct"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0.4, 1])))
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=height)


def skill_accuracy_chart(by_skill: pd.DataFrame) -> alt.Chart:
    """Per skill: share correct over all attempts (bar) and on each student's first try (tick)."""
    from dashboard.education.page_data import skill_label  # noqa: PLC0415 - page_data imports this module

    by_skill = by_skill.assign(skill_name=by_skill["skill_name"].map(skill_label),
                               domain=by_skill["domain"].map(skill_label))
    order = by_skill["skill_name"].tolist()
    base = alt.Chart(by_skill).encode(y=alt.Y("skill_name:N", sort=order, title=None,
                                              axis=alt.Axis(labelLimit=170, labelOverlap=False)))
    bars = base.mark_bar(color=PRIMARY, opacity=0.85).encode(
        x=alt.X("accuracy:Q", title=t("education.axis.share_correct"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("skill_name:N", title=t("education.axis.skill")),
                 alt.Tooltip("domain:N", title=t("education.axis.domain")),
                 alt.Tooltip("typical_year:Q", title=t("education.axis.school_year")),
                 alt.Tooltip("attempts:Q", title=t("education.axis.answers"), format=","),
                 alt.Tooltip("students:Q", title=t("education.axis.students"), format=","),
                 alt.Tooltip("accuracy:Q", title=t("education.axis.share_correct"), format=".1%"),
                 alt.Tooltip("first_try_accuracy:Q", title=t("education.axis.first_try"), format=".1%")])
    ticks = base.mark_tick(color="#F59E0B", thickness=3, size=14).encode(x="first_try_accuracy:Q")
    return alt.layer(bars, ticks).properties(height=22 * len(by_skill) + 20)


def difficulty_chart(by_difficulty: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Share correct per exercise-difficulty band, one line per skill domain."""
    from dashboard.education.page_data import skill_label  # noqa: PLC0415

    by_difficulty = by_difficulty.assign(domain=by_difficulty["domain"].map(skill_label),
                                         band=by_difficulty["band"].map(skill_label))
    order = by_difficulty.sort_values("band_order")["band"].drop_duplicates().tolist()
    return alt.Chart(by_difficulty).mark_line(point=True).encode(
        x=alt.X("band:N", sort=order, title=t("education.axis.difficulty"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("accuracy:Q", title=t("education.axis.share_correct"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0.3, 0.9])),
        color=alt.Color("domain:N", title=t("education.axis.domain")),
        tooltip=[alt.Tooltip("domain:N", title=t("education.axis.domain")),
                 alt.Tooltip("band:N", title=t("education.axis.difficulty")),
                 alt.Tooltip("attempts:Q", title=t("education.axis.answers"), format=","),
                 alt.Tooltip("accuracy:Q", title=t("education.axis.share_correct"), format=".1%")],
    ).properties(height=height)


def comparison_chart(models: pd.DataFrame, references: pd.DataFrame) -> alt.LayerChart:
    """Held-out AUC as horizontal bars on a zero-based axis, one named row per model and, below them in their own
    colours, the reference levels (the best possible prediction, the oracle), each bar's AUC written at its end.

    One bar mark for models and references alike: every row is named on the axis and no legend is needed (a
    layer of rules with its own colour legend collapsed the model rows in Streamlit's renderer)."""
    rows = pd.concat([models.assign(kind="model")[["model", "auc", "kind"]],
                      references.rename(columns={"reference": "model"}).assign(kind="reference")[
                          ["model", "auc", "kind"]]], ignore_index=True)
    order = rows["model"].tolist()
    colours = [MODEL_COLORS.range[MODEL_COLORS.domain.index(m)] if m in MODEL_COLORS.domain else PRIMARY
               for m in models["model"]] + REFERENCE_COLOURS[:len(references)]
    y = category_axis("model:N", None, sort=order, label_limit=300)
    x = alt.X("auc:Q", title=t("education.axis.auc"),
              scale=alt.Scale(domain=[0, 1]))
    base = alt.Chart(rows).encode(y=y, x=x)
    bars = base.mark_bar().encode(
        color=alt.Color("model:N", scale=alt.Scale(domain=order, range=colours), legend=None),
        opacity=alt.condition(alt.datum.kind == "reference", alt.value(0.45), alt.value(1.0)),
        tooltip=[alt.Tooltip("model:N", title=t("education.axis.model_or_reference")),
                 alt.Tooltip("auc:Q", title="AUC", format=".4f")])
    labels = base.mark_text(align="left", dx=4, fontWeight="bold").encode(text=alt.Text("auc:Q", format=".3f"))
    return alt.layer(bars, labels).properties(height=bar_chart_height(len(rows), per_bar=30))


def mastery_heatmap(history: pd.DataFrame, skill_order: list[str], height: int = 330) -> alt.Chart:
    """Skills (rows) x attempts (columns), coloured by predicted mastery; `history` has attempt, skill, mastery,
    practised (the skill answered at that attempt) and correct."""
    return alt.Chart(history).mark_rect().encode(
        x=alt.X("attempt:O", title=t("education.axis.attempt_number"), axis=alt.Axis(labelOverlap=True, labelAngle=0)),
        y=alt.Y("skill:N", sort=skill_order, title=None, axis=alt.Axis(labelLimit=170, labelOverlap=False)),
        color=alt.Color("mastery:Q", scale=MASTERY_SCALE, title=t("education.axis.mastery"),
                        legend=alt.Legend(format="%", orient="right")),
        tooltip=[alt.Tooltip("attempt:O", title=t("education.axis.after_attempt")),
                 alt.Tooltip("skill:N", title=t("education.axis.skill")),
                 alt.Tooltip("mastery:Q", title=t("education.axis.mastery"), format=".0%"),
                 alt.Tooltip("answered:N", title=t("education.axis.answered_then"))],
    ).properties(height=height)


def outlook_chart(outlook: pd.DataFrame, band: tuple[float, float], skill_order: list[str],
                  height: int = 330) -> alt.LayerChart:
    """Predicted success of every exercise (dots) per skill, the target band shaded; locked skills in grey."""
    from dashboard.education.page_data import outlook_statuses  # noqa: PLC0415

    shade = alt.Chart(pd.DataFrame({"low": [band[0]], "high": [band[1]]})).mark_rect(
        color="#22C55E", opacity=0.12).encode(x="low:Q", x2="high:Q")
    dots = alt.Chart(outlook).mark_circle(size=55, opacity=0.8).encode(
        x=alt.X("p_success:Q", title=t("education.axis.predicted_right"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("skill:N", sort=skill_order, title=None, axis=alt.Axis(labelLimit=170, labelOverlap=False)),
        color=alt.Color("status:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=outlook_statuses(), range=["#16A34A", "#86EFAC", PRIMARY, "#CBD5E1"])),
        tooltip=[alt.Tooltip("exercise:N", title=t("education.axis.exercise")),
                 alt.Tooltip("skill:N", title=t("education.axis.skill")),
                 alt.Tooltip("difficulty:Q", title=t("education.axis.difficulty"), format=".2f"),
                 alt.Tooltip("p_success:Q", title=t("education.axis.predicted_success"), format=".0%"),
                 alt.Tooltip("status:N", title=t("education.axis.status"))])
    return alt.layer(shade, dots).properties(height=height)


def plan_progress_chart(progress: pd.DataFrame, height: int = 240) -> alt.Chart:
    """Mean predicted mastery after each exercise under the plan and under the fixed curriculum."""
    from dashboard.education.page_data import schedules  # noqa: PLC0415

    return alt.Chart(progress).mark_line(strokeWidth=3).encode(
        x=alt.X("exercises_done:Q", title=t("education.axis.exercises_done")),
        y=alt.Y("mean_mastery:Q", title=t("education.axis.mean_mastery"), axis=alt.Axis(format="%"),
                scale=alt.Scale(zero=False)),
        color=alt.Color("schedule:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=schedules(), range=[PRIMARY, "#94A3B8"])),
        tooltip=[alt.Tooltip("schedule:N", title=t("education.axis.schedule")),
                 alt.Tooltip("exercises_done:Q", title=t("education.axis.exercises_done")),
                 alt.Tooltip("mean_mastery:Q", title=t("education.axis.mean_mastery"), format=".1%")],
    ).properties(height=height)


def class_heatmap(frame: pd.DataFrame, skill_order: list[str], student_order: list[str],
                  height: int = 420) -> alt.Chart:
    """Students (rows) x skills (columns) coloured by predicted mastery."""
    return alt.Chart(frame).mark_rect().encode(
        x=alt.X("skill:N", sort=skill_order, title=None,
                axis=alt.Axis(labelAngle=-40, labelLimit=160, labelOverlap=False)),
        y=alt.Y("student:N", sort=student_order, title=None, axis=alt.Axis(labels=False, ticks=False)),
        color=alt.Color("mastery:Q", scale=MASTERY_SCALE, title=t("education.axis.mastery"), legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("student:N", title=t("education.axis.student")),
                 alt.Tooltip("group:N", title=t("education.axis.group")),
                 alt.Tooltip("skill:N", title=t("education.axis.skill")),
                 alt.Tooltip("mastery:Q", title=t("education.axis.mastery"), format=".0%")],
    ).properties(height=height)


def cluster_profile_chart(profile: pd.DataFrame, skill_order: list[str]) -> alt.Chart:
    """Mean mastery per skill for each learner group: skills down the side (every name in full), one coloured
    line of dots per group, so the four groups read as four distinct profiles."""
    ranked = profile.assign(skill_rank=profile["skill"].map({name: i for i, name in enumerate(skill_order)}))
    groups = ranked.sort_values("cluster")["group"].drop_duplicates().tolist()
    return alt.Chart(ranked).mark_line(point=True).encode(
        y=category_axis("skill:N", None, sort=skill_order, label_limit=170),
        x=alt.X("mastery:Q", title=t("education.axis.group_mastery"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        order="skill_rank:Q",
        color=alt.Color("group:N", title=t("education.axis.group"), sort=groups,
                        scale=alt.Scale(domain=groups, range=GROUP_COLOURS[:len(groups)]),
                        legend=alt.Legend(orient="right", labelLimit=260)),
        tooltip=[alt.Tooltip("group:N", title=t("education.axis.group")),
                 alt.Tooltip("skill:N", title=t("education.axis.skill")),
                 alt.Tooltip("mastery:Q", title=t("education.axis.mastery"), format=".0%")],
    ).properties(height=alt.Step(BAR_STEP_PX))  # a fixed step per skill: the rows never squeeze together


def cohort_curve_chart(curves: pd.DataFrame, height: int = 220) -> alt.Chart:
    """Share correct at each attempt number, real students vs the synthetic cohort."""
    return alt.Chart(curves).mark_line(strokeWidth=2).encode(
        x=alt.X("attempt:Q", title=t("education.axis.attempt_number")),
        y=alt.Y("accuracy:Q", title=t("education.axis.share_correct"), axis=alt.Axis(format="%")),
        color=alt.Color("source:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400),
                        scale=alt.Scale(range=[PRIMARY, "#F59E0B"])),
        tooltip=[alt.Tooltip("source:N", title=t("education.axis.source")),
                 alt.Tooltip("attempt:Q", title=t("education.axis.attempt_number")),
                 alt.Tooltip("accuracy:Q", title=t("education.axis.share_correct"), format=".1%")],
    ).properties(height=height)
