"""Steps 3 and 4 of the Studio: the leaderboard and the report of one generator (scores next to the copula
baseline, per-column charts, the relationship heatmap, privacy, efficacy, training losses, HTML export).

Explanations come from the reports themselves (copied from engines.evaluation when they were scored), so
drawing the shipped example loads neither torch nor scikit-learn."""

from __future__ import annotations

import math
import re

import streamlit as st

from dashboard.glossary import help_text
from dashboard.i18n import current_language, localised, number, percent, t
from dashboard.studio.html_report import html_report
from dashboard.studio.labels import (
    efficacy_metric_label, efficacy_task_label, explanation, generator_name, preset_label, risk_label, verdict_sentence,
)
from dashboard.studio.report import StudioReport, best_report, leaderboard, leaderboard_headline
from dashboard.studio.report_charts import (
    association_heatmap, distribution_chart, efficacy_chart, leaderboard_chart, loss_chart, privacy_chart,
)

# Below this many held-out rows, efficacy and the membership-inference AUC move a lot from one split to another.
SMALL_HOLDOUT_ROWS = 200
_RISK_BOX = {"low": st.success, "medium": st.warning, "high": st.error}


def show_leaderboard(reports: list[StudioReport], key: str) -> None:
    """The comparison table (best first, starred) and a bar chart of the three scores per generator."""
    board = leaderboard(reports)
    report = reports[0]
    score = "%.3f"
    headline = leaderboard_headline(reports)
    if headline:
        st.markdown(headline)
    st.dataframe(
        board.drop(columns="key"), hide_index=True, width="stretch", key=f"{key}_table", placeholder="",
        column_config={
            "Best": st.column_config.TextColumn("", width=55),
            "Generator": st.column_config.TextColumn(t("studio.board.generator"), width=175, pinned=True),
            "Overall": st.column_config.ProgressColumn(t("studio.board.overall"), min_value=0, max_value=1,
                                                       format=score, width=105),
            "Quality": st.column_config.ProgressColumn(t("studio.board.quality"), min_value=0, max_value=1,
                                                       format=score, width=105,
                                                       help=_help("quality score", report, "overall_score")),
            "Detection": st.column_config.ProgressColumn(t("studio.board.realism"), min_value=0, max_value=1,
                                                         format=score, width=105,
                                                         help=_help("detection score", report, "detection_score")),
            "ML efficacy": st.column_config.NumberColumn(
                t("studio.board.usefulness"), format=score, width=85,
                help=_help("ML efficacy", report, "efficacy_ratio") + " " + t("studio.board.usefulness_blank")),
            "Privacy risk": st.column_config.TextColumn(t("studio.board.privacy_risk"), width=85,
                                                        help=_help("privacy risk", report, "privacy_verdict")),
            "Fit time (s)": st.column_config.NumberColumn(t("studio.board.fit_seconds"), format="%.1f", width=80,
                                                          help=t("studio.board.fit_seconds_help")),
            "Preset": st.column_config.TextColumn(t("studio.board.preset"), width=65),
        },
    )
    st.caption(t("studio.board.rule") if board["ML efficacy"].notna().any() else t("studio.board.rule_no_target"))
    if len(board) > 1:
        st.altair_chart(leaderboard_chart(board))


def pick_report(reports: list[StudioReport], key: str) -> StudioReport:
    """A selectbox over the reports, starting on the best one."""
    best = best_report(reports) or reports[0]
    labels = {r.key: t("studio.report.pick_best" if r.key == best.key else "studio.report.pick",
                       generator=generator_name(r.generator, r.kind), preset=preset_label(r.preset))
              for r in reports}
    keys = [r.key for r in reports]
    chosen = st.selectbox(t("studio.report.of"), keys, index=keys.index(best.key), format_func=labels.get, key=key)
    return next(r for r in reports if r.key == chosen)


def show_report(report: StudioReport, baseline: StudioReport | None, key: str,
                others: list[StudioReport] | None = None, simulated_note: str | None = None) -> None:
    """Scores as metrics next to the baseline, then tabs for columns, relationships, privacy, usefulness and
    training, and the HTML export button."""
    compare = baseline if baseline is not None and baseline.key != report.key else None
    columns = st.columns(4)
    _metric(report, columns[0], t("studio.metric.quality"), report.quality_score,
            compare and compare.quality_score, "overall_score", "quality score")
    auc = (t("studio.metric.detector_auc", auc=number(report.detection_auc, 2)) if _ok(report.detection_auc)
           else "")
    _metric(report, columns[1], t("studio.metric.realism"), report.detection_score,
            compare and compare.detection_score, "detection_score", "detection score", extra=auc)
    efficacy = report.efficacy.ratio if report.efficacy else math.nan
    base_efficacy = compare.efficacy.ratio if compare is not None and compare.efficacy else None
    _metric(report, columns[2], t("studio.metric.usefulness"), efficacy, base_efficacy, "efficacy_ratio",
            "ML efficacy", extra="" if report.efficacy else t("studio.metric.pick_target"))
    columns[3].metric(t("studio.metric.privacy_risk"), risk_label(report.privacy_risk).capitalize(),
                      help=_help("privacy risk", report, "privacy_verdict"), border=True)
    if compare is None and "copula" not in report.kind:
        st.caption(t("studio.report.train_baseline"))
    for note in report.notes:
        st.warning(localised(note), icon=":material/warning:")
    if 0 < report.n_holdout_rows < SMALL_HOLDOUT_ROWS:
        st.caption(t("studio.report.small_holdout", count=report.n_holdout_rows))
    tabs = st.tabs([t("studio.tab.columns"), t("studio.tab.relationships"), t("studio.tab.privacy"),
                    t("studio.tab.usefulness"), t("studio.tab.training")])
    with tabs[0]:
        st.caption(t("studio.report.columns_caption", score=_fmt(report.column_shapes_score),
                     explanation=explanation(report, "column_shapes_score")))
        grid = st.columns(3)
        for index, distribution in enumerate(report.distributions):
            with grid[index % 3]:
                st.altair_chart(distribution_chart(distribution))
    with tabs[1]:
        st.caption(t("studio.report.relationships_caption", score=_fmt(report.column_pair_trends_score),
                     explanation=explanation(report, "column_pair_trends_score")))
        chart = association_heatmap(report)
        if chart is None:
            st.info(t("studio.report.relationships_need_columns"))
        else:
            st.altair_chart(chart)
    with tabs[2]:
        _privacy_panel(report)
    with tabs[3]:
        _efficacy_panel(report)
    with tabs[4]:
        st.caption(t("studio.report.training_caption", rows=report.n_train_rows,
                     fit_seconds=number(report.fit_seconds, 1), count=report.training_steps,
                     evaluation_seconds=number(report.evaluation_seconds, 1)))
        chart = loss_chart(report.loss_history)
        if chart is None:
            st.info(t("studio.report.one_pass"))
        else:
            st.altair_chart(chart)
    language = current_language()
    st.download_button(
        t("studio.report.download"), icon=":material/download:", key=f"{key}_html", on_click="ignore",
        data=lambda: html_report(report, baseline, others, simulated_note, language=language).encode("utf-8"),
        file_name=f"synthetic-report-{_slug(report.generator)}-{_slug(report.table)}.html", mime="text/html",
        help=t("studio.report.download_help"),
    )


def _efficacy_panel(report: StudioReport) -> None:
    if report.efficacy is None:
        st.info(t("studio.efficacy.pick_target"), icon=":material/info:")
        return
    e = report.efficacy
    st.markdown(t("studio.efficacy.sentence", target=e.target, task=efficacy_task_label(e.task),
                  metric=efficacy_metric_label(e.metric),
                  real=number(e.trtr_score, 3), synthetic=number(e.tstr_score, 3)))
    st.altair_chart(efficacy_chart(e))
    st.caption(explanation(report, "efficacy_ratio"))


def _privacy_panel(report: StudioReport) -> None:
    privacy = report.privacy
    if privacy is None:
        st.info(t("studio.privacy.not_measured"))
        return
    _RISK_BOX.get(privacy.verdict, st.info)(verdict_sentence(privacy))
    left, middle, right = st.columns(3)
    left.metric(t("studio.privacy.exact_copies"), percent(privacy.exact_copy_share, 2),
                help=explanation(report, "exact_copy_share"))
    middle.metric(t("studio.privacy.attacker"), number(privacy.membership_inference_auc, 3),
                  help=_help("membership-inference AUC", report, "membership_inference_auc"))
    right.metric(t("studio.privacy.median_distance"),
                 f"{number(privacy.median_dcr_synthetic, 3)} / {number(privacy.median_dcr_holdout, 3)}",
                 help=explanation(report, "dcr_synthetic_to_train"))
    if privacy.dcr_bin_edges:
        st.altair_chart(privacy_chart(privacy))
        st.caption(explanation(report, "dcr_holdout_to_train"))


def _help(term: str, report: StudioReport, figure: str | None = None) -> str:
    """The glossary's plain words for ``term``, then the evaluation engine's own line for the figure."""
    own = explanation(report, figure) if figure else ""
    return " ".join(part for part in (help_text(term), own) if part)


def _metric(report: StudioReport, column, label: str, value: float, baseline: float | None, figure: str,
            term: str, extra: str = "") -> None:
    # The delta is a change against the one named baseline (the Gaussian copula), or absent.
    delta = None
    if baseline is not None and _ok(baseline) and _ok(value):
        delta = f"{value - baseline:+.3f}"
    column.metric(label, _fmt(value), delta=delta, help=_help(term, report, figure), border=True,
                  delta_description=t("studio.metric.vs_baseline") if delta else None)
    if extra:
        column.caption(extra)


def _ok(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _fmt(value: float | None) -> str:
    return number(value, 3) if _ok(value) else t("studio.not_available")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "table"
