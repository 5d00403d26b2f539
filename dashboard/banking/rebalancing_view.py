"""The rebalancing comparison in the page: takeaway, the metrics table with intervals, curves, explanations and
the fairness panel. Used for the shipped fraud and credit results and for an analyst's own upload."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.banking import charts
from dashboard.banking.findings import rebalancing_finding
from dashboard.banking.labels import (
    bad_label,
    band_label,
    category_label,
    classifier_label,
    feature_label,
    listed,
    metric_label,
    strategy_label,
    verdict_label,
)
from dashboard.glossary import help_text
from dashboard.i18n import localised, number, percent, t
from dashboard.tables import show_table
from engines.rebalancing.report import METRICS, RebalancingReport


def headline(report: RebalancingReport, bad: str) -> str:
    """A title that states what the comparison found across both classifiers, with plain training named as the
    baseline (the same words as the page's top card and the Home page: ``findings.rebalancing_finding``)."""
    return rebalancing_finding(report, bad, "").sentence


def takeaway_text(report: RebalancingReport) -> str:
    """The comparison's takeaway in the reader's language, from the report's figures: which classifier leads and
    why, and per classifier whether any strategy beat plain training (in English, the engine's
    ``report.takeaway``, word for word)."""
    sentences = []
    if len(report.validation) > 1:
        others = listed([t("banking.takeaway.validation_item", classifier=classifier_label(kind, inline=True),
                           pr_auc=f"{value:.3f}") for kind, value in report.validation.items()
                         if kind != report.classifier], style="comma")
        sentences.append(t("banking.takeaway.leader", classifier=classifier_label(report.classifier),
                           pr_auc=f"{report.validation[report.classifier]:.3f}", others=others))
    for kind in report.classifiers:
        none = report.strategy("none", kind)
        ran = [r for r in report.results(kind) if r.status == "ok" and r.name != "none"]
        better = sorted((r for r in ran if r.verdict == "better"), key=lambda r: -r.mean["pr_auc"])
        worse = [strategy_label(r.name) for r in ran if r.verdict == "worse"]
        values = {"classifier": classifier_label(kind), "plain": f"{none.mean['pr_auc']:.3f}"}
        if better:
            top = better[0]
            change, low, high = top.difference_vs_none["pr_auc"]
            values.update(strategy=strategy_label(top.name), pr_auc=f"{top.mean['pr_auc']:.3f}", change=f"{change:+.3f}",
                          low=f"{low:+.3f}", high=f"{high:+.3f}")
            case = "helps"
        else:
            values["chance"] = f"{report.base_rate:.3f}"
            case = "no_help"
        if worse:
            sentences.append(t(f"banking.takeaway.{case}.worse", worse=listed(worse, style="comma"), **values))
        else:
            sentences.append(t(f"banking.takeaway.{case}", **values))
    return listed(sentences, style="sentences")


def metrics_table(report: RebalancingReport) -> pd.DataFrame:
    """One row per classifier and strategy (the chosen classifier first): each metric as 'mean [low, high]', the
    PR-AUC change vs no rebalancing with the same classifier, the verdict."""
    rows = []
    classifier_column, strategy_column = t("banking.col.classifier"), t("banking.col.strategy")
    verdict_column = t("banking.col.verdict")
    for result in [r for kind in report.classifiers for r in report.results(kind)]:
        row = {classifier_column: classifier_label(result.classifier), strategy_column: strategy_label(result.name)}
        if result.status != "ok":
            rows.append({**row, verdict_column: t("banking.verdict.skipped", reason=localised(result.reason))})
            continue
        for metric in METRICS:
            low, high = result.interval[metric]
            row[metric_label(metric)] = f"{result.mean[metric]:.3f} [{low:.3f}, {high:.3f}]"
        diff = result.difference_vs_none.get("pr_auc")
        row[t("banking.col.pr_auc_change")] = f"{diff[0]:+.3f} [{diff[1]:+.3f}, {diff[2]:+.3f}]" if diff else "—"
        row[verdict_column] = verdict_label(result.verdict)
        row[t("banking.col.rows_added")] = number(result.added_rows) if result.added_rows else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def show_dose(report: RebalancingReport, dose: list[dict], scenario: str) -> None:
    """How the PR-AUC change depends on how many rows the oversamplers add (smaller doses + the main run)."""
    rows = [r for r in dose if r["scenario"] == scenario and r.get("classifier", "gbm") == report.classifier]
    for result in report.results():
        if result.name in ("smote", "gan", "vae") and result.status == "ok":
            change, low, high = result.difference_vs_none["pr_auc"]
            rows.append({"strategy": result.name, "minority_share": report.minority_share, "pr_auc_change": change,
                         "low": low, "high": high, "added_rows": result.added_rows})
    if not rows:
        st.caption(t("banking.dose.not_built"))
        return
    frame = pd.DataFrame(rows)
    frame["label"] = frame["strategy"].map(strategy_label)
    st.altair_chart(charts.dose_response(frame), width="stretch")
    st.caption(t("banking.dose.caption", classifier=classifier_label(report.classifier, inline=True)))


def show_comparison(report: RebalancingReport, *, bad: str, flag_word: str, key: str,
                    feature_labels: dict[str, str] | None = None, dose: list[dict] | None = None,
                    scenario: str = "") -> None:
    """Draw a comparison. `bad` names the rare class ("fraud", "default", "positive"); `flag_word` the action
    ("flag", "decline"); `key` keeps widget keys unique per use; `feature_labels` gives plain names to feature
    columns the catalogue does not name (an upload's)."""
    extra_names = feature_labels or {}

    def names(feature: str) -> str:
        return extra_names.get(feature) or feature_label(feature)

    bad_noun = bad_label(bad)
    none, best = report.strategy("none"), report.strategy(report.best_strategy)
    leader, leader_inline = classifier_label(report.classifier), classifier_label(report.classifier, inline=True)
    cols = st.columns(4)
    cols[0].metric(t("banking.metric.test_cases", minority=report.minority_test, bad=bad_noun), number(report.n_test),
                   help=t("banking.metric.test_cases.help"))
    cols[1].metric(t("banking.metric.plain_pr_auc"), f"{none.mean['pr_auc']:.3f}",
                   help=t("banking.metric.plain_pr_auc.help", classifier=leader, base_rate=f"{report.base_rate:.3f}",
                          bad=bad_noun) + " " + help_text("PR-AUC"))
    if best.name == "none":
        cols[2].metric(t("banking.metric.best_plain"), f"{best.mean['pr_auc']:.3f}",
                       help=t("banking.metric.best_plain.help", classifier=leader_inline))
    else:
        cols[2].metric(t("banking.metric.best", strategy=strategy_label(best.name)), f"{best.mean['pr_auc']:.3f}",
                       t("banking.metric.best.delta", change=f"{best.mean['pr_auc'] - none.mean['pr_auc']:+.3f}",
                         verdict=verdict_label(best.verdict)),
                       delta_color="normal" if best.verdict == "better" else "off",
                       help=t("banking.metric.best.help", classifier=leader_inline, strategy=strategy_label(best.name)))
    recall_change = best.mean["recall_at_1pct_fpr"] - none.mean["recall_at_1pct_fpr"]
    cols[3].metric(t("banking.metric.recall_at_1pct"), percent(best.mean["recall_at_1pct_fpr"]),
                   None if best.name == "none" else t("banking.metric.recall_at_1pct.delta",
                                                      change=f"{recall_change * 100:+.1f}"),
                   delta_color="normal" if best.verdict == "better" else "off",
                   help=help_text("Recall at 1% false alarms"))
    st.info(takeaway_text(report), icon=":material/lightbulb:")
    show_table(metrics_table(report), {t("banking.col.verdict"): {"width": "medium"}})
    added = max((r.added_rows for r in report.strategies if r.status == "ok"), default=0)
    st.caption(t("banking.comparison.caption", classifier=leader_inline, seeds=len(report.seeds),
                 n_test=report.n_test, bad=bad_noun, share=percent(report.minority_share, decimals=0), added=added,
                 real=report.minority_train))
    labels = {r.name: strategy_label(r.name) for r in report.strategies}
    left, right = st.columns(2)
    with left:
        classifier = report.classifier
        if len(report.classifiers) > 1:
            # Labels computed here, not in format_func: AppTest calls that outside the run, in English.
            classifier_names = {kind: classifier_label(kind) for kind in report.classifiers}
            classifier = st.radio(t("banking.comparison.classifier"), report.classifiers, horizontal=True,
                                  key=f"{key}_classifier", format_func=classifier_names.get)
        frame = report.metrics_frame(classifier)
        frame["label"] = frame["strategy"].map(strategy_label)
        metric_names = {metric: metric_label(metric) for metric in METRICS}
        metric = st.selectbox(t("banking.comparison.metric"), list(METRICS), format_func=metric_names.get,
                              key=f"{key}_metric")
        best_here = max(report.results(classifier), key=lambda r: r.mean.get("pr_auc", -1.0)).name
        st.altair_chart(charts.metric_with_intervals(frame[frame["metric"] == metric], metric_label(metric),
                                                     best_here), width="stretch")
    with right:
        curves = [c for c in report.curves if c.get("classifier", "gbm") == classifier]
        st.altair_chart(charts.pr_curves(curves, labels, report.base_rate), width="stretch")
    for note in report.notes:
        st.caption(t("banking.comparison.note", note=localised(note)))
    if dose is not None:
        with st.expander(t("banking.dose.title", bad=bad_noun)):
            show_dose(report, dose, scenario)
    if report.scorecard:
        with st.expander(t("banking.scorecard.title")):
            show_scorecard(report, names)

    explain, fairness = st.columns(2)
    with explain:
        st.markdown(t("banking.explain.title", classifier=leader_inline, strategy=strategy_label(best.name)))
        if report.importance:
            importance = pd.DataFrame(report.importance).head(10)
            importance["feature"] = importance["feature"].map(names)
            st.altair_chart(charts.importance_bars(importance), width="stretch")
        if report.cases:
            def describe(case: dict) -> str:
                outcome = bad_noun if case["label"] else t("banking.explain.not_bad", bad=bad_noun)
                return t("banking.explain.case", rank=int(case["rank"]), score=f"{case['score']:.3f}", outcome=outcome)

            cases = {i: describe(case) for i, case in enumerate(report.cases)}
            chosen = st.selectbox(t("banking.explain.case_picker"), list(cases), format_func=cases.get,
                                  key=f"{key}_case")
            effects = pd.DataFrame(report.cases[chosen]["effects"])
            effects["value"] = effects["value"].map(lambda v: category_label(v) if isinstance(v, str) else v)
            effects["feature"] = effects["feature"].map(names)
            st.altair_chart(charts.effect_bars(effects), width="stretch")
            st.caption(t("banking.explain.effects_caption"))
        st.page_link("pages/7_Trust_and_governance.py", icon=":material/verified_user:",
                     label=t("banking.explain.trust_link"))
    with fairness:
        group = names(report.group_column or "age_band")
        st.markdown(t("banking.fairness.title", group=group))
        if report.fairness:
            st.caption(fairness_inputs_note(report, names))
            table = pd.DataFrame(report.fairness)
            table["label"] = table["strategy"].map(labels)
            shown = table[table["strategy"].isin(["none", report.best_strategy])]
            measures = {"flag_rate": t(f"banking.fairness.measure.{flag_word}_rate"),
                        "recall": t("banking.fairness.measure.caught", bad=bad_noun),
                        "false_positive_rate": t("banking.fairness.measure.false_alarms")}
            measure = st.radio(t("banking.fairness.show"), list(measures), horizontal=True,
                               format_func=measures.get, key=f"{key}_fair")
            st.altair_chart(charts.group_rates(shown, measure, measures[measure], group[:1].upper() + group[1:]),
                            width="stretch")
            spread = shown[shown["strategy"] == report.best_strategy][measure]
            st.caption(t("banking.fairness.caption", gap=percent(spread.max() - spread.min()),
                         classifier=leader_inline, bad=bad_noun))
        else:
            st.caption(t("banking.fairness.none"))


def fairness_inputs_note(report: RebalancingReport, names=None) -> str:
    """What the model could see of the fairness group: the group column itself is never an input, but a
    feature closely tied to it (age for an age band) lets the model tell the groups apart anyway. `names` gives
    a feature's plain name (the catalogue's by default)."""
    names = names or feature_label
    group = names(report.group_column) if report.group_column else t("banking.fairness.the_group")
    proxies = [p for p in report.group_proxies if p["feature"] in report.features]
    if not proxies:
        return t("banking.fairness.no_proxy", group=group)
    shown = listed([f"{names(p['feature'])} ({p['association']:.2f})" for p in proxies[:3]], style="comma")
    return t("banking.fairness.proxies", group=group, proxies=shown)


def show_scorecard(report: RebalancingReport, names=None, top: int = 10) -> None:
    """The bands and categories that raise the risk most, and those that lower it most, in the scorecard trained
    without rebalancing."""
    names = names or feature_label
    frame = pd.DataFrame(report.scorecard)
    frame["feature"] = frame["feature"].map(names)
    frame["level"] = frame["level"].map(band_label)
    shown = pd.concat([frame.head(top), frame.tail(max(top // 2, 1))]).drop_duplicates()
    st.altair_chart(charts.coefficient_bars(shown), width="stretch")
    st.caption(t("banking.scorecard.caption"))
