"""The Trust & governance page's sections: model cards, explanations, fairness, privacy, provenance, compute and
the transparency report. Everything shown comes from the shipped results (`dashboard.trust.shipped`); only the
watermark check of pasted text and the image check compute anything, both in well under a second."""

from __future__ import annotations

import importlib.util

import pandas as pd
import streamlit as st

from dashboard.tables import show_table, show_text_table
from dashboard.trust import charts, settings
from dashboard.trust.shipped import has, results, shap_values
from dashboard.trust.terms import term_help

FEATURE_LABELS = {"income": "Income", "employment_years": "Years employed", "loan_amount": "Loan amount",
                  "term_months": "Term (months)", "debt_to_income": "Debt-to-income", "credit_score": "Credit score",
                  "open_credit_lines": "Open credit lines", "delinquencies_2y": "Late payments (2 years)",
                  "employment_years missing": "Years employed unknown", "employment_status": "Employment status",
                  "home_ownership": "Home ownership", "purpose": "Loan purpose"}


def feature_label(name: str) -> str:
    """A feature's name for people (credit features by hand, fraud features from the anomaly engine)."""
    if name in FEATURE_LABELS:
        return FEATURE_LABELS[name]
    from engines.anomaly.features import FEATURE_LABELS as FRAUD_LABELS

    return FRAUD_LABELS.get(name, name.replace("_", " ").capitalize())


TAB_LABELS = (":material/badge: Model cards", ":material/insights: Explanations", ":material/balance: Fairness",
              ":material/shield_lock: Privacy", ":material/verified: Provenance", ":material/bolt: Compute & cost",
              ":material/download: Transparency report")


# ------------------------------------------------------------------------------------------- headline
def headline_figures() -> list[tuple[str, str, str]]:
    """(label, value, plain sentence) of the page's four top figures, from the shipped results."""
    figures = []
    explanations, fairness = results("explanations"), results("fairness")
    privacy, watermark = results("privacy"), results("watermark")
    figures.append(("Explanations add up", f"gap {explanations['credit']['local_accuracy_gap']:.0e}",
                    "SHAP values sum to the credit model's score to within this (log-odds)"))
    mitigation = fairness["mitigation"]
    figures.append(("Age gap in decline rates", f"{mitigation['before']['demographic_parity_difference']:.2f} → "
                                                f"{mitigation['after']['demographic_parity_difference']:.2f}",
                    f"with per-group cut-offs; recall {mitigation['before']['recall']:.2f} → "
                    f"{mitigation['after']['recall']:.2f}"))
    records = {str(r["epsilon"]): r for r in privacy["records"]}
    private, plain = records["3.0"], records["None"]
    figures.append(("Synthetic quality at ε = 3", f"{private['quality']:.3f}",
                    f"vs {plain['quality']:.3f} without privacy; membership-inference AUC "
                    f"{private['membership_inference_auc']:.3f}"))
    rates = watermark["vs_catalogue"]
    figures.append(("Watermark detected", f"{rates['true_positive_rate']:.0%}",
                    f"of {rates['n_watermarked']} texts; {rates['false_positive_rate']:.1%} of "
                    f"{rates['n_ordinary']} catalogue texts wrongly flagged"))
    return figures


# ------------------------------------------------------------------------------------------- cards
def card_names() -> list[str]:
    """The names of the shipped model cards, in order."""
    return [card["name"] for card in results("model_cards")["cards"]]


@st.cache_data(max_entries=4, show_spinner=False, scope="session")
def user_card(data: bytes, file_name: str):
    """The card of an uploaded Studio model zip (cached per session and file)."""
    from dashboard.trust.cards import card_from_model_zip

    return card_from_model_zip(data, file_name)


def show_model_cards() -> None:
    """Pick a model, read its card, download it as Markdown or HTML."""
    from engines.trust.model_cards import ModelCard

    cards = results("model_cards")["cards"]
    names = [card["name"] for card in cards]
    left, right = st.columns([2, 1])
    chosen = left.selectbox("Model", names, key="trust_card_model", help=term_help("Model card"))
    upload = right.file_uploader("Or a model you trained (Studio model zip)", type=["zip"], key="trust_card_upload",
                                 max_upload_size=200, help="The zip the Synthetic Data Studio downloads for a "
                                 "trained generator; it is checked and read without running any code in it.")
    if upload is not None:
        with st.spinner("Reading the model ..."):
            card = user_card(upload.getvalue(), upload.name)
    else:
        card = ModelCard.from_dict(next(c for c in cards if c["name"] == chosen))
    st.markdown(f"**{card.name}** — {card.description}")
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**Purpose.** {card.purpose}")
        st.markdown(f"**Training data.** {card.training_data}")
        if card.metrics:
            # A wrapping table: in this column a grid cut the metric names and hid the baseline's value.
            show_text_table(pd.DataFrame(card.metrics).astype(object).map(_shown_number),
                            {"metric": "Metric", "value": "Value", "baseline": "Baseline",
                             "baseline_value": "Baseline value"})
        else:
            st.caption("No measured metric is shipped for this model.")
        st.markdown("**Known limits**\n" + "\n".join(f"- {line}" for line in card.limits or ["None recorded."]))
    with right:
        st.markdown("**Fairness**\n" + "\n".join(
            f"- {line}" for line in card.fairness or ["Not measured: the model makes no decision about people."]))
        st.markdown("**Privacy**\n" + "\n".join(f"- {line}" for line in card.privacy or ["Not measured."]))
        compute = card.compute
        if compute:
            st.markdown(f"**Compute.** {compute['parameters']:,} parameters; trained in "
                        f"{compute['training_seconds']:.1f} s, about {compute['training_watt_hours']:.3f} Wh.")
        st.caption(f"Version (weights hash): {card.version} · card date {card.date}")
    slug = "".join(ch if ch.isalnum() else "_" for ch in card.name.lower()).strip("_")
    one, two = st.columns(2)
    one.download_button("Download card (Markdown)", card.to_markdown(), f"model_card_{slug}.md", "text/markdown",
                        icon=":material/description:", width="stretch", on_click="ignore")
    two.download_button("Download card (HTML)", card.to_html(), f"model_card_{slug}.html", "text/html",
                        icon=":material/code:", width="stretch", on_click="ignore")


# ------------------------------------------------------------------------------------------- explanations
def show_explanations() -> None:
    """Global SHAP importance and one case's waterfall for the credit or fraud model."""
    data = results("explanations")
    scenario = st.segmented_control("Model", ["Loan defaults", "Card fraud"], default="Loan defaults",
                                    key="trust_explain_scenario") or "Loan defaults"
    key = "credit" if scenario == "Loan defaults" else "fraud"
    info = data[key]
    st.caption(
        f"SHAP (`shap.TreeExplainer`) splits each score of the gradient-boosting model among its inputs. Checked "
        f"here: base value + SHAP values = the model's score within {info['local_accuracy_gap']:.1e} log-odds on "
        f"{info['rows_explained']:,} test cases; one case takes {info['median_seconds_one_case'] * 1000:.0f} ms. "
        "**What it means:** how this model built this score. **What it does not mean:** a cause in the world "
        "(changing an input need not change the outcome), or that the model is right or fair.")
    importance = pd.DataFrame(info["importance"]).head(12)
    importance["label"] = importance["feature"].map(feature_label)
    left, right = st.columns([2, 3])
    with left:
        st.markdown("**What drives the scores overall**", help=term_help("SHAP value"))
        st.altair_chart(charts.importance_bars(importance), width="stretch")
    with right:
        frame = shap_values(key)
        bad = "default" if key == "credit" else "fraud"
        options = frame.sort_values("rank").head(200)
        labels = {int(r.test_row): f"Rank {int(r.rank):,} · score {r.score:.2f} · "
                                   f"{'was ' + bad if r.label else 'no ' + bad}" for r in options.itertuples()}
        chosen = st.selectbox("Case (riskiest first)", list(labels), format_func=labels.get,
                              key=f"trust_case_{key}")
        show_case(frame, info, chosen, bad)


def show_case(frame: pd.DataFrame, info: dict, test_row: int, bad: str) -> None:
    """The waterfall of one explained case."""
    from engines.trust.explanations import TreeExplanation, waterfall

    row = frame[frame["test_row"] == test_row].iloc[0]
    features = info["features"]
    values = row[[f"shap__{f}" for f in features]].to_numpy(dtype=float)[None, :]
    explanation = TreeExplanation(features, values, info["base_value"], row[["margin"]].to_numpy(dtype=float))
    shown = pd.Series({f: ("" if pd.isna(row[f"value__{f}"]) else _short(row[f"value__{f}"])) for f in features})
    steps = waterfall(explanation, 0, shown)
    steps["label"] = steps["feature"].map(lambda f: feature_label(f) if f in features else f)
    st.markdown(f"**Why this case scored {row['score']:.2f}** (chance of {bad}; log-odds {row['margin']:.2f} = "
                f"base {info['base_value']:.2f} + contributions)", help=term_help("Log-odds"))
    st.altair_chart(charts.waterfall_chart(steps, info["base_value"]), width="stretch")


def _short(value: object) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,.2f}".rstrip("0").rstrip(".") if abs(number) < 1000 else f"{number:,.0f}"


# ------------------------------------------------------------------------------------------- fairness
def show_fairness() -> None:
    """Rates per group for a chosen sensitive column, the two differences with intervals, and the mitigation."""
    data = results("fairness")
    labels = data["labels"]
    column = st.segmented_control("Compare groups by", list(labels), format_func=labels.get, default="age_band",
                                  key="trust_fairness_column") or "age_band"
    from engines.trust.fairness import GroupFairness

    report = GroupFairness.from_dict(data["by_column"][column])
    st.caption(f"The credit decision audited: **{data['decision']}** ({data['test_rows']:,} applications of the "
               f"test period, default rate {data['default_rate']:.1%}). Computed with fairlearn; intervals from "
               "1,000 bootstrap resamples. The group is never a model input, but other inputs can stand in for it.")
    one, two = st.columns(2)
    low, high = report.demographic_parity_interval
    one.metric("Gap in decline rates", f"{report.demographic_parity_difference:.2f}",
               help=term_help("Demographic parity difference"))
    one.caption(f"95% bootstrap interval {low:.2f} to {high:.2f}")
    low, high = report.equalized_odds_interval
    two.metric("Gap in error rates", f"{report.equalized_odds_difference:.2f}",
               help=term_help("Equalised odds difference"))
    two.caption(f"95% bootstrap interval {low:.2f} to {high:.2f}")
    by_group = report.by_group.copy()
    st.altair_chart(charts.group_rates_chart(by_group, labels[column]), width="stretch")
    st.markdown("**One mitigation and what it costs**", help=term_help("ThresholdOptimizer"))
    mitigation = data["mitigation"]
    before, after = mitigation["before"], mitigation["after"]
    st.caption(
        f"fairlearn's ThresholdOptimizer sets one cut-off per {labels[mitigation['column']].lower()} so decline rates "
        "match (demographic parity), fitted on half of the test period and scored on the other half, beside a single "
        "cut-off chosen for the same goal (balanced accuracy). It needs the group at decision time, which some "
        "rules forbid: this shows the trade-off, the committee decides.")
    rows = [("Gap in decline rates (demographic parity)", "demographic_parity_difference", "{:.3f}"),
            ("Gap in error rates (equalised odds)", "equalized_odds_difference", "{:.3f}"),
            ("PR-AUC of the decisions", "pr_auc_of_decisions", "{:.3f}"),
            ("Defaulters declined (recall)", "recall", "{:.1%}"), ("Declined who default (precision)", "precision",
                                                                  "{:.1%}"),
            ("Share declined", "selection_rate", "{:.1%}")]
    table = pd.DataFrame([{"Measure": name, "One cut-off": spec.format(before[key]),
                           "Per-group cut-offs": spec.format(after[key])} for name, key, spec in rows])
    show_table(table)
    ratio = mitigation["difference_ratio"]
    st.markdown(f"The decline-rate gap is **{ratio:.0%} of what it was** "
                f"({'halved or better' if ratio <= 0.5 else 'not halved'}); recall moves from {before['recall']:.1%} "
                f"to {after['recall']:.1%} and the PR-AUC of the decisions from {before['pr_auc_of_decisions']:.3f} "
                f"to {after['pr_auc_of_decisions']:.3f}.")
    if st.toggle("Audit your own decisions (an uploaded table)", key="trust_fair_own"):
        from dashboard.page_setup import explained_errors
        from dashboard.trust.your_data_view import show_your_fairness

        with st.container(border=True), explained_errors("auditing your table"):
            show_your_fairness()


# ------------------------------------------------------------------------------------------- privacy
def privacy_frame(data: dict) -> pd.DataFrame:
    """The privacy-utility table, one row per budget."""
    rows = []
    for record in data["records"]:
        budget = "no DP" if record["epsilon"] is None else f"ε = {record['epsilon']:g}"
        rows.append({"budget": budget, "Epsilon spent": record.get("epsilon_spent"),
                     "Noise multiplier": record.get("noise_multiplier"), "Quality": record["quality"],
                     "Efficacy (synthetic / real AUC)": record["efficacy_ratio"], "Synthetic-trained AUC": record["tstr"],
                     "Membership-inference AUC": record["membership_inference_auc"]})
    return pd.DataFrame(rows)


def show_privacy() -> None:
    """The measured privacy-utility trade-off of the DP VAE."""
    data = results("privacy")
    frame = privacy_frame(data)
    st.caption(
        f"The lab's tabular VAE trained with DP-SGD (Opacus: each row's gradient clipped, Gaussian noise added, "
        f"Poisson batches) on {data['training_rows']:,} shipped loan applications, delta = 1/{data['training_rows']:,}; "
        f"the other {data['holdout_rows']:,} applications are the unseen rows for the efficacy and membership tests. "
        "The Studio offers the same option when training a VAE.")
    left, right = st.columns([3, 2])
    with left:
        st.altair_chart(charts.privacy_tradeoff_chart(frame), width="stretch")
    with right:
        st.markdown("**What the guarantee costs here**", help=term_help("Epsilon"))
        records = {str(r["epsilon"]): r for r in data["records"]}
        plain = records["None"]
        private = [r for r in data["records"] if r["epsilon"] is not None]
        low = min(r["quality"] for r in private)
        high = max(r["quality"] for r in private)
        st.markdown(
            f"- Quality falls from **{plain['quality']:.3f}** without DP to **{low:.3f}-{high:.3f}** at every budget "
            f"tried. Each column's own distribution survives (column shapes {private[1]['column_shapes']:.2f} vs "
            f"{plain['column_shapes']:.2f}); the relations between columns do not (pair trends "
            f"{private[1]['column_pair_trends']:.2f} vs {plain['column_pair_trends']:.2f}).\n"
            f"- A default model trained on the private tables ranks applicants at AUC "
            f"{min(r['tstr'] for r in private):.2f}-{max(r['tstr'] for r in private):.2f} (real-trained "
            f"{plain['trtr']:.2f}, random 0.5): the link to default is lost.\n"
            f"- Membership inference stays at a coin flip ({plain['membership_inference_auc']:.3f} even without DP, "
            "because this VAE does not copy rows): DP turns that observation into a bound.\n"
            "- **What wins here:** the VAE without DP for usefulness; for a guarantee on a table this small, a "
            "differentially private copula or marginal-based generator is the field's stronger choice (not built).")
        checks = [r for r in data["records"] if r["epsilon"] is not None]
        worst = max(abs(r["epsilon_own_accountant"] / r["epsilon_opacus"] - 1) for r in checks)
        st.caption(f"Epsilon accounting: Opacus's RDP accountant and our own independent implementation agree to "
                   f"within {worst:.1%}.")
    show_table(frame.rename(columns={"budget": "Privacy budget"}), {
        "Epsilon spent": st.column_config.NumberColumn(format="%.2f", help=term_help("Epsilon")),
        "Noise multiplier": st.column_config.NumberColumn(format="%.2f", help=term_help("DP-SGD")),
        "Quality": st.column_config.NumberColumn(format="%.3f", help=term_help("Quality")),
        "Efficacy (synthetic / real AUC)": st.column_config.NumberColumn(format="%.3f", help=term_help("ML efficacy")),
        "Synthetic-trained AUC": st.column_config.NumberColumn(format="%.3f"),
        "Membership-inference AUC": st.column_config.NumberColumn(format="%.3f",
                                                                  help=term_help("Membership-inference AUC"))})
    st.caption("Not covered by epsilon: the column encoding (which categories exist, the quantiles of each number) "
               "is learned from the table without noise, as in most DP table generators.")


# ------------------------------------------------------------------------------------------- provenance
def lab_watermark():
    """The lab's text watermark detector (the key is the lab's; see settings.WATERMARK_KEY)."""
    from engines.provenance.text_watermark import TextWatermark

    return TextWatermark(settings.WATERMARK_KEY, settings.WATERMARK_GAMMA, settings.WATERMARK_DELTA)


def show_provenance() -> None:
    """Check pasted text for the watermark; the measured detection rates; the image check."""
    data = results("watermark")
    rates = data["vs_catalogue"]
    st.caption(
        "With the watermark on, the copy writer prefers words from a secret, keyed 'green' list (Kirchenbauer et al. "
        "2023). Anyone holding the key can count green words in a text; ordinary text has about a quarter of them. "
        "Paste product copy to check it.")
    example = data["examples"][0]["text"] if data["examples"] else ""
    text = st.text_area("Text to check", value=example, height=110, key="trust_watermark_text", max_chars=5_000)
    if text.strip():
        verdict = lab_watermark().detect(text)
        icon = {"watermarked": ":material/verified:", "weak evidence": ":material/help:"}.get(
            verdict.verdict, ":material/info:")
        st.markdown(f"{icon} **Verdict: {verdict.verdict}.** {verdict.green_words} of {verdict.scored_words} word "
                    f"pairs are green (chance alone: about {verdict.scored_words * settings.WATERMARK_GAMMA:.1f}); "
                    f"z-score {verdict.z_score:.2f}, p-value {verdict.p_value:.2g}.",
                    help=term_help("Watermark z-score"))
        st.caption("A low score means 'no evidence', not 'written by a person': short or heavily edited text loses "
                   "the mark.")
    st.markdown("**Measured detection rates**")
    checks_marked, checks_plain = data["checks_watermarked"], data["checks_plain"]
    table = pd.DataFrame([
        {"Measure": "Generated copy flagged (true-positive rate)", "Value": f"{rates['true_positive_rate']:.1%}",
         "Texts": rates["n_watermarked"]},
        {"Measure": "Catalogue texts flagged (false-positive rate)", "Value": f"{rates['false_positive_rate']:.1%}",
         "Texts": rates["n_ordinary"]},
        {"Measure": "Mean z-score: generated / catalogue",
         "Value": f"{rates['mean_z_watermarked']:.2f} / {rates['mean_z_ordinary']:.2f}", "Texts": None},
        {"Measure": "Faithful to the attributes: watermark on / off",
         "Value": f"{checks_marked['faithfulness']:.1%} / {checks_plain['faithfulness']:.1%}", "Texts": None},
        {"Measure": "Fluent: watermark on / off",
         "Value": f"{checks_marked['fluency']:.1%} / {checks_plain['fluency']:.1%}", "Texts": None},
        {"Measure": "Sensible for the category: watermark on / off",
         "Value": f"{checks_marked['sense']:.1%} / {checks_plain['sense']:.1%}", "Texts": None}])
    show_table(table)
    st.markdown(
        f"**Honest result:** product copy is short (about {rates['mean_words_watermarked']:.0f} words) and mostly "
        "fixed by the catalogue's templates, so few words are free to carry the mark: at a setting that keeps the "
        f"copy faithful (bias δ = {data['delta']:g}), only {rates['true_positive_rate']:.0%} of texts reach the "
        "1-in-1,000 evidence level, and a few drafts read less well. Stronger settings find nearly all texts but "
        "break the copy (in the benchmark, δ = 8 marks every text and leaves none faithful). The copy writer "
        "therefore leaves the mark off by default. "
        "The mark suits longer texts; for short copy, the provenance record generated copy carries (model, "
        "version, seed, request) is the reliable answer.")
    show_image_check()


def show_image_check() -> None:
    """'Was this image made here?' through the Marketing & creative page's image watermark (reused as it is)."""
    st.markdown("**Was this image made here?**")
    if importlib.util.find_spec("dashboard.marketing.creatives") is None:
        st.caption("The image watermark (Marketing & creative page) is not part of this copy of the lab.")
        return
    upload = st.file_uploader("Picture to check (PNG or JPEG)", type=["png", "jpg", "jpeg"], key="trust_image",
                              max_upload_size=20)
    if upload is None:
        st.caption("Pictures from the Marketing & creative page carry an invisible watermark; upload one to check.")
        return
    from dashboard.marketing.creatives import check_upload

    result = check_upload(upload.getvalue())
    (st.success if result.found else st.info)(f"{result.verdict} (score {result.score:.1f}; the threshold is "
                                              f"{result.threshold:g}, about 0-2 for a picture without the mark).")


# ------------------------------------------------------------------------------------------- compute
def compute_frame() -> pd.DataFrame:
    """Parameters, training time, energy and throughput of every carded model."""
    rows = []
    for card in results("model_cards")["cards"]:
        compute = card.get("compute") or {}
        if not compute:
            continue
        rows.append({"Model": card["name"], "Parameters": compute.get("parameters"),
                     "Training seconds": compute.get("training_seconds"),
                     "Energy (Wh)": compute.get("training_watt_hours"), "CO2 (g)": compute.get("training_g_co2"),
                     "Throughput": (f"{compute['throughput']:,.0f} {compute.get('throughput_unit', '')}"
                                    if compute.get("throughput") else "")})
    # The boosted model's "parameters" are its trees' nodes.
    return pd.DataFrame(rows)


def show_compute() -> None:
    """What each model costs to train and run."""
    from engines.trust.compute import GRID_G_CO2_PER_KWH, WATTS_PER_BUSY_CORE

    st.caption(f"Training time as recorded when each model was built on this kind of machine (CPU only). Energy is "
               f"an estimate: busy core-seconds x {WATTS_PER_BUSY_CORE:g} W a core; CO2 at "
               f"{GRID_G_CO2_PER_KWH:g} g per kWh. Every model here costs less electricity to train than a few "
               "minutes of a laptop screen.")
    show_table(compute_frame(), {
        "Parameters": st.column_config.NumberColumn(format="localized"),
        "Training seconds": st.column_config.NumberColumn(format="%.1f"),
        "Energy (Wh)": st.column_config.NumberColumn(format="%.3f", help=term_help("Energy estimate")),
        "CO2 (g)": st.column_config.NumberColumn(format="%.3f")})


# ------------------------------------------------------------------------------------------- report
def show_report() -> None:
    """Choose a model and download the transparency report."""
    from dashboard.trust.report_html import transparency_report

    st.caption("One self-contained HTML file (inline styles and charts, nothing fetched from the internet) with the "
               "chosen model's card, the explanations, fairness, privacy, provenance and compute results, and the "
               "versions of everything they rest on. Open it in any browser or attach it to a committee paper.")
    names = card_names()
    chosen = st.selectbox("Model the report is about", names, key="trust_report_model")
    st.download_button("Download the transparency report (HTML)", lambda: transparency_report(chosen),
                       "transparency_report.html", "text/html", icon=":material/download:", type="primary",
                       on_click="ignore", key="trust_report_download")
    if not has("build_info.json"):
        st.caption("The build information is missing; rebuild with `python -m dashboard.trust.build`.")


def _shown_number(value: object) -> object:
    """A card's metric cell as read: floats to 4 significant digits, anything else as it is."""
    return f"{value:,.4g}" if isinstance(value, float) else value
