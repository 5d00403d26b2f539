"""Steps 3 and 4 of the Studio: the leaderboard and the report of one generator (scores next to the copula
baseline, per-column charts, the relationship heatmap, privacy, efficacy, training losses, HTML export).

Explanations come from the reports themselves (copied from engines.evaluation when they were scored), so
drawing the shipped example loads neither torch nor scikit-learn."""

from __future__ import annotations

import math
import re

import streamlit as st

from dashboard.studio.html_report import html_report
from dashboard.glossary import help_text
from dashboard.studio.report import StudioReport, best_report, leaderboard, leaderboard_headline
from dashboard.studio.report_charts import (
    association_heatmap, distribution_chart, efficacy_chart, leaderboard_chart, loss_chart, privacy_chart,
)

# Below this many held-out rows, efficacy and the membership-inference AUC move a lot from one split to another.
SMALL_HOLDOUT_ROWS = 200
_RISK_BOX = {"low": st.success, "medium": st.warning, "high": st.error}
BEST_RULE = (
    "**Overall** is the mean of quality, realism (detection score) and usefulness (ML efficacy, capped at 1); "
    "the ★ best generator "
    "has the highest overall among those whose privacy risk is not high. Scores run from 0 to 1, higher is "
    "better; hover a column title for what it measures."
)


def show_leaderboard(reports: list[StudioReport], key: str) -> None:
    """The comparison table (best first, starred) and a bar chart of the three scores per generator."""
    board = leaderboard(reports)
    explain = reports[0].explain
    score = "%.3f"
    headline = leaderboard_headline(reports)
    if headline:
        st.markdown(headline)
    st.dataframe(
        board.drop(columns="key"), hide_index=True, width="stretch", key=f"{key}_table", placeholder="",
        column_config={
            "Best": st.column_config.TextColumn("", width=55),
            "Generator": st.column_config.TextColumn("Generator", width=175, pinned=True),
            "Overall": st.column_config.ProgressColumn("Overall", min_value=0, max_value=1, format=score, width=105),
            "Quality": st.column_config.ProgressColumn("Quality", min_value=0, max_value=1, format=score, width=105,
                                                       help=_help("quality score", explain, "overall_score")),
            "Detection": st.column_config.ProgressColumn("Realism", min_value=0, max_value=1, format=score,
                                                         width=105, help=_help("detection score", explain, "detection_score")),
            "ML efficacy": st.column_config.NumberColumn("Usefulness", format=score, width=85,
                                                         help=_help("ML efficacy", explain, "efficacy_ratio")
                                                         + " Blank when no target column was picked."),
            "Privacy risk": st.column_config.TextColumn("Privacy risk", width=85,
                                                        help=_help("privacy risk", explain, "privacy_verdict")),
            "Fit time (s)": st.column_config.NumberColumn("Fit time (s)", format="%.1f", width=80,
                                                          help="Seconds spent learning the table."),
            "Preset": st.column_config.TextColumn("Preset", width=65),
        },
    )
    st.caption(BEST_RULE + ("" if board["ML efficacy"].notna().any() else
                            " Usefulness is blank: pick a target column in step 1 to measure it."))
    if len(board) > 1:
        st.altair_chart(leaderboard_chart(board))


def pick_report(reports: list[StudioReport], key: str) -> StudioReport:
    """A selectbox over the reports, starting on the best one."""
    best = best_report(reports) or reports[0]
    labels = {r.key: f"{r.generator} ({r.preset})" + (" ★ best" if r.key == best.key else "") for r in reports}
    keys = [r.key for r in reports]
    chosen = st.selectbox("Report of", keys, index=keys.index(best.key), format_func=labels.get, key=key)
    return next(r for r in reports if r.key == chosen)


def show_report(report: StudioReport, baseline: StudioReport | None, key: str,
                others: list[StudioReport] | None = None, simulated_note: str | None = None) -> None:
    """Scores as metrics next to the baseline, then tabs for columns, relationships, privacy, usefulness and
    training, and the HTML export button."""
    compare = baseline if baseline is not None and baseline.key != report.key else None
    columns = st.columns(4)
    _metric(report, columns[0], "Quality", report.quality_score, compare and compare.quality_score,
            "overall_score", "quality score")
    auc = (f"A trained detector told synthetic from real rows with AUC {report.detection_auc:.2f} (0.50 = it "
           "cannot tell them apart; 1 = it always can)." if _ok(report.detection_auc) else "")
    _metric(report, columns[1], "Realism (detection score)", report.detection_score,
            compare and compare.detection_score, "detection_score", "detection score", extra=auc)
    efficacy = report.efficacy.ratio if report.efficacy else math.nan
    base_efficacy = compare.efficacy.ratio if compare is not None and compare.efficacy else None
    _metric(report, columns[2], "Usefulness (ML efficacy)", efficacy, base_efficacy, "efficacy_ratio",
            "ML efficacy", extra="" if report.efficacy else "Pick a target column in step 1 to measure it.")
    columns[3].metric("Privacy risk", report.privacy_risk.capitalize(),
                      help=_help("privacy risk", report.explain, "privacy_verdict"), border=True)
    if compare is None and "copula" not in report.kind:
        st.caption("Train the Gaussian copula too to see each score next to the baseline.")
    for note in report.notes:
        st.warning(note, icon=":material/warning:")
    if 0 < report.n_holdout_rows < SMALL_HOLDOUT_ROWS:
        st.caption(f":material/info: Only {report.n_holdout_rows:,} real rows were kept aside for testing, so the "
                   "efficacy and privacy figures are rough; learn from more rows for firmer ones.")
    tabs = st.tabs(["Columns", "Relationships", "Privacy", "Usefulness", "Training"])
    with tabs[0]:
        st.caption(f"Column shapes score **{_fmt(report.column_shapes_score)}**: "
                   f"{report.explain('column_shapes_score')} Bars: :gray[**grey = real**], "
                   ":violet[**indigo = synthetic**].")
        grid = st.columns(3)
        for index, distribution in enumerate(report.distributions):
            with grid[index % 3]:
                st.altair_chart(distribution_chart(distribution))
    with tabs[1]:
        st.caption(f"Column pair trends score **{_fmt(report.column_pair_trends_score)}**: "
                   f"{report.explain('column_pair_trends_score')} Each cell: synthetic minus real association "
                   "(correlation for two numbers, Cramer's V otherwise); white = kept, red = lower in the "
                   "synthetic data, blue = higher.")
        chart = association_heatmap(report)
        if chart is None:
            st.info("Relationships need at least two scored columns.")
        else:
            st.altair_chart(chart)
    with tabs[2]:
        _privacy_panel(report)
    with tabs[3]:
        _efficacy_panel(report)
    with tabs[4]:
        st.caption(f"Trained on {report.n_train_rows:,} rows in {report.fit_seconds:.1f} s "
                   f"({report.training_steps:,} steps); scored in {report.evaluation_seconds:.1f} s.")
        chart = loss_chart(report.loss_history)
        if chart is None:
            st.info("This generator is fitted in one pass (no training steps to plot).")
        else:
            st.altair_chart(chart)
    st.download_button(
        "Download this report (HTML)", icon=":material/download:", key=f"{key}_html", on_click="ignore",
        data=lambda: html_report(report, baseline, others, simulated_note).encode("utf-8"),
        file_name=f"synthetic-report-{_slug(report.generator)}-{_slug(report.table)}.html", mime="text/html",
        help="One file with every score, explanation and chart; opens offline in any browser.",
    )


def _efficacy_panel(report: StudioReport) -> None:
    if report.efficacy is None:
        st.info("Pick a target column in step 1 (say, the column you would predict) to measure how useful the "
                "synthetic rows are for training a model.", icon=":material/info:")
        return
    e = report.efficacy
    st.markdown(f"A gradient-boosted model predicting **{e.target}** ({e.task}, {e.metric}) scores "
                f"**{e.trtr_score:.3f}** on unseen real rows when trained on real rows and "
                f"**{e.tstr_score:.3f}** when trained on synthetic rows.")
    st.altair_chart(efficacy_chart(e))
    st.caption(report.explain("efficacy_ratio"))


def _privacy_panel(report: StudioReport) -> None:
    privacy = report.privacy
    if privacy is None:
        st.info("Privacy could not be measured for this table.")
        return
    _RISK_BOX.get(privacy.verdict, st.info)(privacy.verdict_text)
    left, middle, right = st.columns(3)
    left.metric("Exact copies of training rows", f"{privacy.exact_copy_share:.2%}",
                help=report.explain("exact_copy_share"))
    middle.metric("Attacker's hit rate (membership-inference AUC)", f"{privacy.membership_inference_auc:.3f}",
                  help=_help("membership-inference AUC", report.explain, "membership_inference_auc"))
    right.metric("Median distance to training (synthetic / unseen real)",
                 f"{privacy.median_dcr_synthetic:.3f} / {privacy.median_dcr_holdout:.3f}",
                 help=report.explain("dcr_synthetic_to_train"))
    if privacy.dcr_bin_edges:
        st.altair_chart(privacy_chart(privacy))
        st.caption(report.explain("dcr_holdout_to_train"))


def _help(term: str, explain, figure: str | None = None) -> str:
    """The glossary's plain words for ``term``, then the evaluation engine's own line for the figure."""
    own = explain(figure) if figure else ""
    return " ".join(part for part in (help_text(term), own) if part)


def _metric(report: StudioReport, column, label: str, value: float, baseline: float | None, figure: str,
            term: str, extra: str = "") -> None:
    # The delta is a change against the one named baseline (the Gaussian copula), or absent.
    delta = None
    if baseline is not None and _ok(baseline) and _ok(value):
        delta = f"{value - baseline:+.3f}"
    column.metric(label, _fmt(value), delta=delta, help=_help(term, report.explain, figure), border=True,
                  delta_description="vs copula baseline" if delta else None)
    if extra:
        column.caption(extra)


def _ok(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _fmt(value: float | None) -> str:
    return f"{value:.3f}" if _ok(value) else "n/a"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "table"
