"""The rebalancing comparison in the page: takeaway, the metrics table with intervals, curves, explanations and
the fairness panel. Used for the shipped fraud and credit results and for an analyst's own upload."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.banking import charts
from engines.rebalancing.report import METRICS, RebalancingReport

VERDICT_ICONS = {"better": "▲ better", "worse": "▼ worse", "no clear difference": "≈ no clear difference",
                 "baseline": "baseline"}


def metrics_table(report: RebalancingReport) -> pd.DataFrame:
    """One row per strategy: each metric as 'mean [low, high]', the PR-AUC change vs no rebalancing, the verdict."""
    rows = []
    for result in report.strategies:
        if result.status != "ok":
            rows.append({"Strategy": result.label, "Verdict": f"skipped: {result.reason}"})
            continue
        row = {"Strategy": result.label}
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
    rows = [r for r in dose if r["scenario"] == scenario]
    for result in report.strategies:
        if result.name in ("smote", "gan", "vae") and result.status == "ok":
            change, low, high = result.difference_vs_none["pr_auc"]
            rows.append({"strategy": result.name, "minority_share": report.minority_share, "pr_auc_change": change,
                         "low": low, "high": high, "added_rows": result.added_rows})
    if not rows:
        st.caption("The dose comparison was not built.")
        return
    frame = pd.DataFrame(rows)
    frame["label"] = frame["strategy"].map(lambda name: next(r.label for r in report.strategies if r.name == name))
    st.altair_chart(charts.dose_response(frame), width="stretch")
    st.caption("Smaller doses use one seed; the right-most points are the main comparison. Flooding the training "
               "set with made-up cases is what hurts most; a small dose is closer to neutral.")


def show_comparison(report: RebalancingReport, *, bad: str, flag_word: str, key: str,
                    feature_labels: dict[str, str] | None = None, dose: list[dict] | None = None,
                    scenario: str = "") -> None:
    """Draw a comparison. `bad` names the rare class ("fraud", "default"); `flag_word` the action ("flag",
    "decline"); `key` keeps widget keys unique per use; `feature_labels` gives plain names to feature columns."""
    names = feature_labels or {}
    none, best = report.strategy("none"), report.strategy(report.best_strategy)
    cols = st.columns(4)
    cols[0].metric("Test cases", f"{report.n_test:,}", f"{report.minority_test:,} {bad}", delta_color="off",
                   help="The latest rows, never seen in training (time-ordered split).")
    cols[1].metric("PR-AUC, no rebalancing", f"{none.mean['pr_auc']:.3f}",
                   f"chance {report.base_rate:.3f}", delta_color="off")
    cols[2].metric(f"Best: {best.label}", f"{best.mean['pr_auc']:.3f}",
                   f"{best.mean['pr_auc'] - none.mean['pr_auc']:+.3f} vs none ({best.verdict})",
                   delta_color="normal" if best.verdict == "better" else "off")
    cols[3].metric("Recall at 1% false alarms", f"{best.mean['recall_at_1pct_fpr']:.1%}",
                   f"{best.mean['recall_at_1pct_fpr'] - none.mean['recall_at_1pct_fpr']:+.1%} vs none")
    st.info(report.takeaway, icon=":material/lightbulb:")
    st.dataframe(metrics_table(report), hide_index=True, width="stretch")
    added = max((r.added_rows for r in report.strategies if r.status == "ok"), default=0)
    st.caption(
        f"Same gradient-boosting classifier every time; {len(report.seeds)} seeds; intervals from a stratified "
        f"bootstrap of the {report.n_test:,} test rows. SMOTE, GAN and VAE each add the same number of {bad} rows "
        f"(until they are {report.minority_share:.0%} of training: {added:,} made-up rows for "
        f"{report.minority_train:,} real ones). A Δ whose interval contains 0 is noise."
    )
    frame = report.metrics_frame()
    labels = {r.name: r.label for r in report.strategies}
    left, right = st.columns(2)
    with left:
        metric = st.selectbox("Metric", list(METRICS), format_func=METRICS.get, key=f"{key}_metric")
        st.altair_chart(charts.metric_with_intervals(frame[frame["metric"] == metric], METRICS[metric],
                                                     report.best_strategy), width="stretch")
    with right:
        st.altair_chart(charts.pr_curves(report.curves, labels, report.base_rate), width="stretch")
    for note in report.notes:
        st.caption(f"Note: {note}")
    if dose is not None:
        with st.expander(f"Would fewer made-up {bad} cases help?"):
            show_dose(report, dose, scenario)

    explain, fairness = st.columns(2)
    with explain:
        st.markdown(f"**What drives the score** ({best.label})")
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
    with fairness:
        st.markdown(f"**Fairness by age band** (age itself is not a model input)")
        if report.fairness:
            table = pd.DataFrame(report.fairness)
            table["label"] = table["strategy"].map(labels)
            shown = table[table["strategy"].isin(["none", report.best_strategy])]
            measure = st.radio("Show", ["flag_rate", "recall", "false_positive_rate"], horizontal=True,
                               format_func={"flag_rate": f"{flag_word} rate", "recall": f"{bad} caught",
                                            "false_positive_rate": "false alarms"}.get, key=f"{key}_fair")
            st.altair_chart(charts.group_rates(shown, measure, measure.replace("_", " ")), width="stretch")
            spread = shown[shown["strategy"] == report.best_strategy][measure]
            st.caption(f"Largest gap between age bands: {spread.max() - spread.min():.1%}. Rates at the alert "
                       f"threshold; bands with few {bad} cases have wide uncertainty.")
        else:
            st.caption("No group column was chosen, so there is no fairness panel.")
