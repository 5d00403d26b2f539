"""The rebalancing comparison in the page: takeaway, the metrics table with intervals, curves, explanations and
the fairness panel. Used for the shipped fraud and credit results and for an analyst's own upload."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.banking import charts
from dashboard.banking.findings import rebalancing_finding
from dashboard.glossary import help_text
from dashboard.tables import show_table
from engines.rebalancing.report import CLASSIFIER_LABELS, METRICS, RebalancingReport

VERDICT_ICONS = {"better": "▲ better", "worse": "▼ worse", "no clear difference": "≈ no clear difference",
                 "baseline": "baseline"}


def headline(report: RebalancingReport, bad: str) -> str:
    """A title that states what the comparison found across both classifiers, with plain training named as the
    baseline (the same words as the page's top card and the Home page: ``findings.rebalancing_finding``)."""
    return rebalancing_finding(report, bad, "").sentence


def metrics_table(report: RebalancingReport) -> pd.DataFrame:
    """One row per classifier and strategy (the chosen classifier first): each metric as 'mean [low, high]', the
    PR-AUC change vs no rebalancing with the same classifier, the verdict."""
    rows = []
    for result in [r for kind in report.classifiers for r in report.results(kind)]:
        classifier = CLASSIFIER_LABELS.get(result.classifier, result.classifier)
        if result.status != "ok":
            rows.append({"Classifier": classifier, "Strategy": result.label, "Verdict": f"skipped: {result.reason}"})
            continue
        row = {"Classifier": classifier, "Strategy": result.label}
        for metric, title in METRICS.items():
            low, high = result.interval[metric]
            row[title] = f"{result.mean[metric]:.3f} [{low:.3f}, {high:.3f}]"
        diff = result.difference_vs_none.get("pr_auc")
        row["Δ PR-AUC vs none"] = f"{diff[0]:+.3f} [{diff[1]:+.3f}, {diff[2]:+.3f}]" if diff else "—"
        row["Verdict"] = VERDICT_ICONS.get(result.verdict, result.verdict)
        row["Rows added"] = f"{result.added_rows:,}" if result.added_rows else "—"
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
        st.caption("The dose comparison was not built.")
        return
    frame = pd.DataFrame(rows)
    frame["label"] = frame["strategy"].map(lambda name: next(r.label for r in report.results() if r.name == name))
    st.altair_chart(charts.dose_response(frame), width="stretch")
    st.caption(f"With the {CLASSIFIER_LABELS.get(report.classifier, report.classifier).lower()}. Smaller doses use "
               "one seed; the right-most points are the main comparison. An interval that crosses 0 is noise.")


def show_comparison(report: RebalancingReport, *, bad: str, flag_word: str, key: str,
                    feature_labels: dict[str, str] | None = None, dose: list[dict] | None = None,
                    scenario: str = "") -> None:
    """Draw a comparison. `bad` names the rare class ("fraud", "default"); `flag_word` the action ("flag",
    "decline"); `key` keeps widget keys unique per use; `feature_labels` gives plain names to feature columns."""
    names = feature_labels or {}
    none, best = report.strategy("none"), report.strategy(report.best_strategy)
    leader = CLASSIFIER_LABELS.get(report.classifier, report.classifier)
    cols = st.columns(4)
    cols[0].metric(f"Test cases ({report.minority_test:,} {bad})", f"{report.n_test:,}",
                   help="The latest rows, never seen in training (time-ordered split).")
    cols[1].metric("PR-AUC, no rebalancing", f"{none.mean['pr_auc']:.3f}",
                   help=f"{leader}, trained as is; a random ranking would score {report.base_rate:.3f} (the {bad} "
                        f"rate). {help_text('PR-AUC')}")
    if best.name == "none":
        cols[2].metric("Best: no rebalancing", f"{best.mean['pr_auc']:.3f}",
                       help="No way of rebalancing beat plain training for the " + leader.lower() + ".")
    else:
        cols[2].metric(f"Best: {best.label}", f"{best.mean['pr_auc']:.3f}",
                       f"{best.mean['pr_auc'] - none.mean['pr_auc']:+.3f} vs no rebalancing ({best.verdict})",
                       delta_color="normal" if best.verdict == "better" else "off",
                       help=f"PR-AUC of the {leader.lower()} with {best.label}; the change is against the same "
                            "model trained as is, and counts only when its 95% interval excludes 0.")
    recall_change = best.mean["recall_at_1pct_fpr"] - none.mean["recall_at_1pct_fpr"]
    cols[3].metric("Recall at 1% false alarms", f"{best.mean['recall_at_1pct_fpr']:.1%}",
                   None if best.name == "none" else f"{recall_change * 100:+.1f} pts vs no rebalancing",
                   delta_color="normal" if best.verdict == "better" else "off",
                   help=help_text("Recall at 1% false alarms"))
    st.info(report.takeaway, icon=":material/lightbulb:")
    show_table(metrics_table(report), {"Verdict": {"width": "medium"}})
    added = max((r.added_rows for r in report.strategies if r.status == "ok"), default=0)
    st.caption(
        f"Two classifiers, each trained every way: gradient boosting and a logistic scorecard (the model a credit "
        f"team starts from). The {leader.lower()} leads because it did better on a validation period (the latest "
        f"part of the training period), not on the test. {len(report.seeds)} seeds; intervals from a stratified "
        f"bootstrap of the {report.n_test:,} test rows. SMOTE, GAN and VAE each add the same number of {bad} rows "
        f"(until they are {report.minority_share:.0%} of training: {added:,} made-up rows for "
        f"{report.minority_train:,} real ones). A Δ whose interval contains 0 is noise."
    )
    labels = {r.name: r.label for r in report.strategies}
    left, right = st.columns(2)
    with left:
        classifier = report.classifier
        if len(report.classifiers) > 1:
            classifier = st.radio("Classifier", report.classifiers, horizontal=True, key=f"{key}_classifier",
                                  format_func=lambda k: CLASSIFIER_LABELS.get(k, k))
        frame = report.metrics_frame(classifier)
        metric = st.selectbox("Metric", list(METRICS), format_func=METRICS.get, key=f"{key}_metric")
        best_here = max(report.results(classifier), key=lambda r: r.mean.get("pr_auc", -1.0)).name
        st.altair_chart(charts.metric_with_intervals(frame[frame["metric"] == metric], METRICS[metric],
                                                     best_here), width="stretch")
    with right:
        curves = [c for c in report.curves if c.get("classifier", "gbm") == classifier]
        st.altair_chart(charts.pr_curves(curves, labels, report.base_rate), width="stretch")
    for note in report.notes:
        st.caption(f"Note: {note}")
    if dose is not None:
        with st.expander(f"Would fewer made-up {bad} cases help?"):
            show_dose(report, dose, scenario)
    if report.scorecard:
        with st.expander("What raises the risk: the logistic scorecard's coefficients"):
            show_scorecard(report, names)

    explain, fairness = st.columns(2)
    with explain:
        st.markdown(f"**What drives the score** ({leader.lower()}, {best.label.lower()})")
        if report.importance:
            importance = pd.DataFrame(report.importance).head(10)
            importance["feature"] = importance["feature"].map(lambda f: names.get(f, f))
            st.altair_chart(charts.importance_bars(importance), width="stretch")
        if report.cases:
            def describe(i: int) -> str:
                case = report.cases[i]
                return (f"rank {case['rank']:,} · score {case['score']:.3f} · "
                        f"{bad if case['label'] else 'not ' + bad}")

            chosen = st.selectbox("One case from the test period", range(len(report.cases)), format_func=describe,
                                  key=f"{key}_case")
            effects = pd.DataFrame(report.cases[chosen]["effects"])
            effects["feature"] = effects["feature"].map(lambda f: names.get(f, f))
            st.altair_chart(charts.effect_bars(effects), width="stretch")
            st.caption("Each bar: how much the score moves when this feature alone is replaced by typical values "
                       "from the training period.")
        st.page_link("pages/7_Trust_and_governance.py", icon=":material/verified_user:",
                     label="Exact SHAP explanations of the gradient-boosting models and a fairlearn audit with a "
                           "mitigation: Trust & governance")
    with fairness:
        group = (report.group_column or "age_band").replace("_", " ")
        st.markdown(f"**Fairness by {group}**")
        if report.fairness:
            st.caption(fairness_inputs_note(report, names))
            table = pd.DataFrame(report.fairness)
            table["label"] = table["strategy"].map(labels)
            shown = table[table["strategy"].isin(["none", report.best_strategy])]
            measure = st.radio("Show", ["flag_rate", "recall", "false_positive_rate"], horizontal=True,
                               format_func={"flag_rate": f"{flag_word} rate", "recall": f"{bad} caught",
                                            "false_positive_rate": "false alarms"}.get, key=f"{key}_fair")
            st.altair_chart(charts.group_rates(shown, measure, measure.replace("_", " "), group.capitalize()),
                            width="stretch")
            spread = shown[shown["strategy"] == report.best_strategy][measure]
            st.caption(f"Largest gap between groups: {spread.max() - spread.min():.1%}. Rates at the alert "
                       f"threshold of the {leader.lower()}; groups with few {bad} cases have wide uncertainty.")
        else:
            st.caption("No group column was chosen, so there is no fairness panel.")


def fairness_inputs_note(report: RebalancingReport, names: dict[str, str] | None = None) -> str:
    """What the model could see of the fairness group: the group column itself is never an input, but a
    feature closely tied to it (age for an age band) lets the model tell the groups apart anyway."""
    names = names or {}
    group = (report.group_column or "the group").replace("_", " ")
    proxies = [p for p in report.group_proxies if p["feature"] in report.features]
    if not proxies:
        return (f"The {group} column is not a model input, and no input is closely tied to it (association below "
                "0.5 on a 0-1 scale).")
    shown = ", ".join(f"{names.get(p['feature'], p['feature'])} ({p['association']:.2f})" for p in proxies[:3])
    return (f"The {group} column itself is not a model input, but these inputs are closely tied to it, so the model "
            f"can still tell the groups apart: {shown} (association on a 0-1 scale).")


def show_scorecard(report: RebalancingReport, names: dict[str, str] | None = None, top: int = 10) -> None:
    """The bands and categories that raise the risk most, and those that lower it most, in the scorecard trained
    without rebalancing."""
    names = names or {}
    frame = pd.DataFrame(report.scorecard)
    frame["feature"] = frame["feature"].map(lambda f: names.get(f, f))
    shown = pd.concat([frame.head(top), frame.tail(max(top // 2, 1))]).drop_duplicates()
    st.altair_chart(charts.coefficient_bars(shown), width="stretch")
    st.caption("A logistic regression on categories and on numbers, each number as a slope (per standard "
               "deviation) plus ten bands that bend it, with an L2 penalty that pulls weak coefficients towards 0. "
               "Each bar: how much being in that category or band (slope included) moves the log-odds of the bad "
               "outcome. Trained without rebalancing.")
