"""The Trust & governance page's sections: model cards, explanations, fairness, privacy, provenance, compute and
the transparency report. Everything shown comes from the shipped results (`dashboard.trust.shipped`); only the
watermark check of pasted text and the image check compute anything, both in well under a second. Every word is
from the catalogues (keys "trust.*"); model cards are shipped in each language (`shipped_cards`)."""

from __future__ import annotations

import importlib.util

import pandas as pd
import streamlit as st

from dashboard.glossary import help_text
from dashboard.i18n import current_language, percent, t
from dashboard.tables import ROW_HEIGHT_PX, show_table, show_text_table
from dashboard.trust import charts, settings
from dashboard.trust.shipped import has, results, shap_values

TAB_ICONS = (":material/badge:", ":material/insights:", ":material/balance:", ":material/shield_lock:",
             ":material/verified:", ":material/bolt:", ":material/download:")
TAB_KEYS = ("cards", "explanations", "fairness", "privacy", "provenance", "compute", "report")
EXPLAINED_MODELS = ("credit", "fraud")


def tab_labels() -> list[str]:
    """The page's tab labels in the reader's language (icon + name)."""
    return [f"{icon} {t(f'trust.tab.{key}')}" for icon, key in zip(TAB_ICONS, TAB_KEYS)]


def feature_label(name: str, language: str | None = None) -> str:
    """A credit or fraud model feature in plain words (the banking page's names), capitalised as a label."""
    from dashboard.banking.labels import feature_label as banking_feature_label

    label = banking_feature_label(name, language)
    if label == name:  # not in the catalogue: a raw column name
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def group_column_label(column: str, language: str | None = None) -> str:
    """A sensitive column ("age_band") by its name for people ("Age band")."""
    from dashboard.i18n import translate

    key = f"trust.group_column.{column}"
    return translate(language or current_language(), key)


def group_label(value: object, language: str | None = None) -> str:
    """A group of a sensitive column ("self_employed", "Midwest", "65+") in the reader's language."""
    from dashboard.banking.labels import category_label
    from dashboard.i18n import has_key, translate

    text = str(value)
    for key in (f"ecommerce.region.{text}", f"trust.group.{text}"):
        if has_key(key):
            return translate(language or current_language(), key)
    return category_label(text, language)


# ------------------------------------------------------------------------------------------- headline
def headline_figures() -> list[tuple[str, str, str]]:
    """(label, value, plain sentence) of the page's four top figures, from the shipped results."""
    explanations, fairness = results("explanations"), results("fairness")
    privacy, watermark = results("privacy"), results("watermark")
    mitigation = fairness["mitigation"]
    before, after = mitigation["before"], mitigation["after"]
    records = {str(r["epsilon"]): r for r in privacy["records"]}
    private, plain = records["3.0"], records["None"]
    rates = watermark["vs_catalogue"]
    return [
        (t("trust.headline.shap.label"),
         t("trust.headline.shap.value", gap=f"{explanations['credit']['local_accuracy_gap']:.0e}"),
         t("trust.headline.shap.sentence")),
        (t("trust.headline.fairness.label"),
         f"{before['demographic_parity_difference']:.2f} → {after['demographic_parity_difference']:.2f}",
         t("trust.headline.fairness.sentence", before=f"{before['recall']:.2f}", after=f"{after['recall']:.2f}")),
        (t("trust.headline.privacy.label"), f"{private['quality']:.3f}",
         t("trust.headline.privacy.sentence", plain=f"{plain['quality']:.3f}",
           auc=f"{private['membership_inference_auc']:.3f}")),
        (t("trust.headline.watermark.label"), percent(rates["true_positive_rate"], 0),
         t("trust.headline.watermark.sentence", texts=int(rates["n_watermarked"]),
           false=percent(rates["false_positive_rate"]), ordinary=int(rates["n_ordinary"]))),
    ]


# ------------------------------------------------------------------------------------------- cards
def shipped_cards(language: str | None = None) -> list[dict]:
    """The shipped model cards written in ``language`` (the reader's), in the build's order; English when the
    build has no translation for it."""
    data = results("model_cards")
    language = language or current_language()
    return data.get("translations", {}).get(language) or data["cards"]


def card_names(language: str | None = None) -> list[str]:
    """The names of the shipped model cards, in order."""
    return [card["name"] for card in shipped_cards(language)]


@st.cache_data(max_entries=4, show_spinner=False, scope="session")
def user_card(data: bytes, file_name: str, language: str):
    """The card of an uploaded Studio model zip (cached per session, file and language)."""
    from dashboard.trust.cards import card_from_model_zip

    return card_from_model_zip(data, file_name)


def _lines(lines: list[str], empty_key: str) -> str:
    return "\n".join(f"- {line}" for line in lines or [t(empty_key)])


def show_model_cards() -> None:
    """Pick a model, read its card, download it as Markdown or HTML."""
    from engines.trust.model_cards import ModelCard

    from dashboard.html_report import CHINESE_CSS
    from dashboard.trust.cards import card_wording

    language = current_language()
    cards = shipped_cards(language)
    left, right = st.columns([2, 1])
    chosen = left.selectbox(t("trust.cards.model"), range(len(cards)), format_func=lambda i: cards[i]["name"],
                            key="trust_card_model", help=help_text("Model card"))
    upload = right.file_uploader(t("trust.cards.upload"), type=["zip"], key="trust_card_upload",
                                 max_upload_size=200, help=t("trust.cards.upload_help"))
    if upload is not None:
        with st.spinner(t("trust.cards.reading")):
            card = user_card(upload.getvalue(), upload.name, language)
    else:
        card = ModelCard.from_dict(cards[chosen or 0])
    st.markdown(f"**{card.name}** — {card.description}")
    left, right = st.columns([3, 2])
    with left:
        st.markdown(t("trust.cards.purpose", text=card.purpose))
        st.markdown(t("trust.cards.training_data", text=card.training_data))
        if card.metrics:
            # A wrapping table: in this column a grid cut the metric names and hid the baseline's value.
            show_text_table(pd.DataFrame(card.metrics).astype(object).map(_shown_number),
                            {"metric": t("trust.card.wording.metric"), "value": t("trust.card.wording.value"),
                             "baseline": t("trust.card.wording.baseline"),
                             "baseline_value": t("trust.card.wording.baseline_value")})
        else:
            st.caption(t("trust.cards.no_metrics"))
        st.markdown(f"**{t('trust.card.wording.limits')}**\n" + _lines(card.limits, "trust.card.wording.limits_none"))
    with right:
        st.markdown(f"**{t('trust.card.wording.fairness')}**\n" + _lines(card.fairness, "trust.cards.fairness_none"))
        st.markdown(f"**{t('trust.card.wording.privacy')}**\n" + _lines(card.privacy, "trust.cards.privacy_none"))
        compute = card.compute
        if compute:
            st.markdown(t("trust.cards.compute", parameters=int(compute["parameters"]),
                          seconds=f"{compute['training_seconds']:.1f}",
                          watt_hours=f"{compute['training_watt_hours']:.3f}"))
        st.caption(t("trust.cards.version", version=card.version, date=card.date))
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in card.kind.lower()).strip("_")
    wording = card_wording(language)
    one, two = st.columns(2)
    # Rendered only when asked for (a callable), not on every rerun of the tab.
    one.download_button(t("trust.cards.download_markdown"), lambda: card.to_markdown(wording),
                        f"model_card_{slug}.md", "text/markdown", icon=":material/description:", width="stretch",
                        on_click="ignore")
    two.download_button(t("trust.cards.download_html"),
                        lambda: card.to_html(wording, "zh-Hans" if language == "zh" else "en",
                                             CHINESE_CSS if language == "zh" else ""),
                        f"model_card_{slug}.html", "text/html", icon=":material/code:", width="stretch",
                        on_click="ignore")


# ------------------------------------------------------------------------------------------- explanations
def show_explanations() -> None:
    """Global SHAP importance and one case's waterfall for the credit or fraud model."""
    data = results("explanations")
    key = st.segmented_control(t("trust.explain.model"), EXPLAINED_MODELS,
                               format_func=lambda name: t(f"trust.explain.model.{name}"), default="credit",
                               key="trust_explain_scenario") or "credit"
    info = data[key]
    st.caption(t("trust.explain.caption", gap=f"{info['local_accuracy_gap']:.1e}", rows=int(info["rows_explained"]),
                 ms=f"{info['median_seconds_one_case'] * 1000:.0f}"))
    importance = pd.DataFrame(info["importance"]).head(12)
    importance["label"] = importance["feature"].map(feature_label)
    left, right = st.columns([2, 3])
    with left:
        st.markdown(f"**{t('trust.explain.overall')}**", help=help_text("SHAP value"))
        st.altair_chart(charts.importance_bars(importance), width="stretch")
    with right:
        frame = shap_values(key)
        options = frame.sort_values("rank").head(200)
        outcome = {True: t(f"trust.explain.was_bad.{key}"), False: t(f"trust.explain.no_bad.{key}")}
        labels = {int(r.test_row): t("trust.explain.case_option", rank=int(r.rank), score=f"{r.score:.2f}",
                                     outcome=outcome[bool(r.label)]) for r in options.itertuples()}
        chosen = st.selectbox(t("trust.explain.case"), list(labels), format_func=labels.get, key=f"trust_case_{key}")
        show_case(frame, info, chosen, key)


def show_case(frame: pd.DataFrame, info: dict, test_row: int, model: str) -> None:
    """The waterfall of one explained case of ``model`` ("credit" or "fraud")."""
    from engines.trust.explanations import TreeExplanation, waterfall

    row = frame[frame["test_row"] == test_row].iloc[0]
    features = info["features"]
    values = row[[f"shap__{f}" for f in features]].to_numpy(dtype=float)[None, :]
    explanation = TreeExplanation(features, values, info["base_value"], row[["margin"]].to_numpy(dtype=float))
    shown = pd.Series({f: ("" if pd.isna(row[f"value__{f}"]) else _short(row[f"value__{f}"])) for f in features})
    steps = waterfall(explanation, 0, shown)
    others = len(features) - int(steps["feature"].isin(features).sum())
    steps["label"] = steps["feature"].map(
        lambda f: feature_label(f) if f in features else t("trust.explain.other_features", count=others))
    st.markdown(t("trust.explain.why", score=f"{row['score']:.2f}", bad=t(f"trust.explain.bad.{model}"),
                  margin=f"{row['margin']:.2f}", base=f"{info['base_value']:.2f}"), help=help_text("Log-odds"))
    st.altair_chart(charts.waterfall_chart(steps, info["base_value"]), width="stretch")


def _short(value: object) -> str:
    """A feature's value as a waterfall step shows it: numbers short, the bank's categories in words."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        from dashboard.banking.labels import category_label

        return category_label(value)
    return f"{number:,.2f}".rstrip("0").rstrip(".") if abs(number) < 1000 else f"{number:,.0f}"


# ------------------------------------------------------------------------------------------- fairness
def show_fairness() -> None:
    """Rates per group for a chosen sensitive column, the two differences with intervals, and the mitigation."""
    data = results("fairness")
    columns = list(data["by_column"])
    column = st.segmented_control(t("trust.fairness.compare_by"), columns, format_func=group_column_label,
                                  default="age_band", key="trust_fairness_column") or "age_band"
    from engines.trust.fairness import GroupFairness

    report = GroupFairness.from_dict(data["by_column"][column])
    st.caption(t("trust.fairness.caption", share=percent(settings.DECLINE_SHARE, 0), rows=int(data["test_rows"]),
                 default_rate=percent(data["default_rate"])))
    show_gaps(report, "trust.fairness.gap_declines")
    by_group = report.by_group.copy()
    by_group["group"] = by_group["group"].map(group_label)
    st.altair_chart(charts.group_rates_chart(by_group, group_column_label(column)), width="stretch")
    st.markdown(f"**{t('trust.fairness.mitigation_title')}**", help=help_text("ThresholdOptimizer"))
    mitigation = data["mitigation"]
    before, after = mitigation["before"], mitigation["after"]
    st.caption(t("trust.fairness.mitigation_caption", group=group_column_label(mitigation["column"])))
    rows = [("gap_declines", "demographic_parity_difference", "{:.3f}"),
            ("gap_errors", "equalized_odds_difference", "{:.3f}"), ("pr_auc", "pr_auc_of_decisions", "{:.3f}"),
            ("recall", "recall", "{:.1%}"), ("precision", "precision", "{:.1%}"),
            ("share_declined", "selection_rate", "{:.1%}")]
    table = pd.DataFrame([{t("trust.fairness.col.measure"): t(f"trust.fairness.measure.{name}"),
                           t("trust.fairness.col.one_cutoff"): spec.format(before[key]),
                           t("trust.fairness.col.per_group"): spec.format(after[key])} for name, key, spec in rows])
    show_table(table)
    ratio = mitigation["difference_ratio"]
    st.markdown(t("trust.fairness.result", ratio=percent(ratio, 0),
                  verdict=t("trust.fairness.halved" if ratio <= 0.5 else "trust.fairness.not_halved"),
                  recall_before=percent(before["recall"]), recall_after=percent(after["recall"]),
                  pr_before=f"{before['pr_auc_of_decisions']:.3f}", pr_after=f"{after['pr_auc_of_decisions']:.3f}"))
    if st.toggle(t("trust.fairness.own_toggle"), key="trust_fair_own"):
        from dashboard.page_setup import explained_errors
        from dashboard.trust.your_data_view import show_your_fairness

        with st.container(border=True), explained_errors(t("trust.action.own_audit")):
            show_your_fairness()


def show_gaps(report, decision_gap_key: str, extra_caption: str = "") -> None:
    """The two fairness gaps of ``report`` side by side, each with its bootstrap interval."""
    one, two = st.columns(2)
    low, high = report.demographic_parity_interval
    one.metric(t(decision_gap_key), f"{report.demographic_parity_difference:.2f}",
               help=help_text("Demographic parity difference"))
    one.caption(t("trust.fairness.interval", low=f"{low:.2f}", high=f"{high:.2f}") + extra_caption)
    low, high = report.equalized_odds_interval
    two.metric(t("trust.fairness.gap_errors"), f"{report.equalized_odds_difference:.2f}",
               help=help_text("Equalised odds difference"))
    two.caption(t("trust.fairness.interval", low=f"{low:.2f}", high=f"{high:.2f}"))


# ------------------------------------------------------------------------------------------- privacy
PRIVACY_MEASURES = ("quality", "efficacy", "membership")


def budget_label(epsilon: float | None) -> str:
    """A privacy budget as the page names it: "ε = 3" or "no DP"."""
    return t("trust.privacy.no_dp") if epsilon is None else f"ε = {epsilon:g}"


def privacy_frame(data: dict) -> pd.DataFrame:
    """The privacy-utility table, one row per budget (column titles in the reader's language)."""
    rows = []
    for record in data["records"]:
        rows.append({t("trust.privacy.col.budget"): budget_label(record["epsilon"]),
                     t("trust.privacy.col.spent"): record.get("epsilon_spent"),
                     t("trust.privacy.col.noise"): record.get("noise_multiplier"),
                     t("trust.privacy.measure.quality"): record["quality"],
                     t("trust.privacy.measure.efficacy"): record["efficacy_ratio"],
                     t("trust.privacy.col.tstr"): record["tstr"],
                     t("trust.privacy.measure.membership"): record["membership_inference_auc"]})
    return pd.DataFrame(rows)


def show_privacy() -> None:
    """The measured privacy-utility trade-off of the DP VAE."""
    data = results("privacy")
    frame = privacy_frame(data)
    st.caption(t("trust.privacy.caption", rows=int(data["training_rows"]), holdout=int(data["holdout_rows"])))
    left, right = st.columns([3, 2])
    with left:
        st.altair_chart(charts.privacy_tradeoff_chart(frame, t("trust.privacy.col.budget"),
                                                      [t(f"trust.privacy.measure.{m}") for m in PRIVACY_MEASURES]),
                        width="stretch")
    with right:
        st.markdown(f"**{t('trust.privacy.cost_title')}**", help=help_text("Epsilon"))
        records = {str(r["epsilon"]): r for r in data["records"]}
        plain = records["None"]
        private = [r for r in data["records"] if r["epsilon"] is not None]
        st.markdown("\n".join([
            t("trust.privacy.point.quality", plain=f"{plain['quality']:.3f}",
              low=f"{min(r['quality'] for r in private):.3f}", high=f"{max(r['quality'] for r in private):.3f}",
              shapes=f"{private[1]['column_shapes']:.2f}", plain_shapes=f"{plain['column_shapes']:.2f}",
              pairs=f"{private[1]['column_pair_trends']:.2f}", plain_pairs=f"{plain['column_pair_trends']:.2f}"),
            t("trust.privacy.point.efficacy", low=f"{min(r['tstr'] for r in private):.2f}",
              high=f"{max(r['tstr'] for r in private):.2f}", real=f"{plain['trtr']:.2f}"),
            t("trust.privacy.point.membership", plain=f"{plain['membership_inference_auc']:.3f}"),
            t("trust.privacy.point.what_wins")]))
        worst = max(abs(r["epsilon_own_accountant"] / r["epsilon_opacus"] - 1) for r in private)
        st.caption(t("trust.privacy.accountants", gap=percent(worst)))
    show_table(frame, {
        t("trust.privacy.col.spent"): st.column_config.NumberColumn(format="%.2f", help=help_text("Epsilon")),
        t("trust.privacy.col.noise"): st.column_config.NumberColumn(format="%.2f", help=help_text("DP-SGD")),
        t("trust.privacy.measure.quality"): st.column_config.NumberColumn(format="%.3f", help=help_text("Quality")),
        t("trust.privacy.measure.efficacy"): st.column_config.NumberColumn(format="%.3f",
                                                                           help=help_text("ML efficacy")),
        t("trust.privacy.col.tstr"): st.column_config.NumberColumn(format="%.3f"),
        t("trust.privacy.measure.membership"): st.column_config.NumberColumn(
            format="%.3f", help=help_text("Membership-inference AUC"))})
    st.caption(t("trust.privacy.not_covered"))


# ------------------------------------------------------------------------------------------- provenance
def lab_watermark():
    """The lab's text watermark detector (the key is the lab's; see settings.WATERMARK_KEY)."""
    from engines.provenance.text_watermark import TextWatermark

    return TextWatermark(settings.WATERMARK_KEY, settings.WATERMARK_GAMMA, settings.WATERMARK_DELTA)


VERDICT_ICONS = {"watermarked": ":material/verified:", "weak evidence": ":material/help:"}


def verdict_label(verdict: str) -> str:
    """The detector's verdict ("weak evidence") in the reader's language."""
    return t(f"trust.provenance.verdict.{verdict.replace(' ', '_')}")


def show_provenance() -> None:
    """Check pasted text for the watermark; the measured detection rates; the image check."""
    data = results("watermark")
    rates = data["vs_catalogue"]
    st.caption(t("trust.provenance.caption"))
    example = data["examples"][0]["text"] if data["examples"] else ""
    text = st.text_area(t("trust.provenance.text"), value=example, height=110, key="trust_watermark_text",
                        max_chars=5_000)
    if text.strip():
        verdict = lab_watermark().detect(text)
        icon = VERDICT_ICONS.get(verdict.verdict, ":material/info:")
        st.markdown(t("trust.provenance.verdict", icon=icon, verdict=verdict_label(verdict.verdict),
                      green=int(verdict.green_words), scored=int(verdict.scored_words),
                      chance=f"{verdict.scored_words * settings.WATERMARK_GAMMA:.1f}", z=f"{verdict.z_score:.2f}",
                      p=f"{verdict.p_value:.2g}"), help=help_text("Watermark z-score"))
        st.caption(t("trust.provenance.low_score"))
    st.markdown(f"**{t('trust.provenance.rates_title')}**")
    marked, unmarked = data["checks_watermarked"], data["checks_plain"]

    def on_off(check: str) -> str:
        return f"{percent(marked[check])} / {percent(unmarked[check])}"

    measure, value, texts = (t("trust.provenance.col.measure"), t("trust.provenance.col.value"),
                             t("trust.provenance.col.texts"))
    table = pd.DataFrame([
        {measure: t("trust.provenance.rate.true_positive"), value: percent(rates["true_positive_rate"]),
         texts: rates["n_watermarked"]},
        {measure: t("trust.provenance.rate.false_positive"), value: percent(rates["false_positive_rate"]),
         texts: rates["n_ordinary"]},
        {measure: t("trust.provenance.rate.mean_z"),
         value: f"{rates['mean_z_watermarked']:.2f} / {rates['mean_z_ordinary']:.2f}", texts: None},
        {measure: t("trust.provenance.rate.faithful"), value: on_off("faithfulness"), texts: None},
        {measure: t("trust.provenance.rate.fluent"), value: on_off("fluency"), texts: None},
        {measure: t("trust.provenance.rate.sense"), value: on_off("sense"), texts: None}])
    show_table(table)
    st.markdown(t("trust.provenance.honest", words=f"{rates['mean_words_watermarked']:.0f}",
                  delta=f"{data['delta']:g}", rate=percent(rates["true_positive_rate"], 0)))
    show_image_check()


def show_image_check() -> None:
    """'Was this image made here?' through the Marketing & creative page's image watermark (reused as it is)."""
    st.markdown(f"**{t('trust.provenance.image_title')}**")
    if importlib.util.find_spec("dashboard.marketing.creatives") is None:
        st.caption(t("trust.provenance.image_missing"))
        return
    upload = st.file_uploader(t("trust.provenance.image_upload"), type=["png", "jpg", "jpeg"], key="trust_image",
                              max_upload_size=20)
    if upload is None:
        st.caption(t("trust.provenance.image_hint"))
        return
    from dashboard.marketing.views import show_image_verdict

    show_image_verdict(upload.getvalue())


# ------------------------------------------------------------------------------------------- compute
LAPTOP_SCREEN_WATTS = 5.0  # a laptop's display, for a sense of scale of the training energy
COMPUTE_COLUMNS = ("model", "parameters", "seconds", "energy", "co2", "throughput")


def compute_frame(language: str | None = None) -> pd.DataFrame:
    """Parameters, training time, energy and throughput of every carded model (column titles in ``language``,
    the reader's by default)."""
    from dashboard.i18n import translate

    language = language or current_language()
    titles = {name: translate(language, f"trust.compute.col.{name}") for name in COMPUTE_COLUMNS}
    rows = []
    for card in shipped_cards(language):
        compute = card.get("compute") or {}
        if not compute:
            continue
        # The boosted model's "parameters" are its trees' nodes.
        rows.append({titles["model"]: card["name"], titles["parameters"]: compute.get("parameters"),
                     titles["seconds"]: compute.get("training_seconds"),
                     titles["energy"]: compute.get("training_watt_hours"), titles["co2"]: compute.get("training_g_co2"),
                     titles["throughput"]: (f"{compute['throughput']:,.0f} {compute.get('throughput_unit', '')}"
                                            if compute.get("throughput") else "")})
    return pd.DataFrame(rows, columns=list(titles.values()))


def show_compute() -> None:
    """What each model costs to train and run."""
    from engines.trust.compute import GRID_G_CO2_PER_KWH, WATTS_PER_BUSY_CORE

    frame = compute_frame()
    model, energy = t("trust.compute.col.model"), t("trust.compute.col.energy")
    costliest = frame.loc[frame[energy].idxmax()]
    st.caption(t("trust.compute.caption", watts=f"{WATTS_PER_BUSY_CORE:g}", grams=f"{GRID_G_CO2_PER_KWH:g}",
                 model=costliest[model], watt_hours=f"{costliest[energy]:.1f}",
                 minutes=f"{costliest[energy] / LAPTOP_SCREEN_WATTS * 60:.0f}"))
    # Every model in view at once (about 16 rows): the table is the comparison, so it should not scroll.
    show_table(frame, height=ROW_HEIGHT_PX * (len(frame) + 1) + 3, column_config={
        t("trust.compute.col.parameters"): st.column_config.NumberColumn(format="localized"),
        t("trust.compute.col.seconds"): st.column_config.NumberColumn(format="%.1f"),
        t("trust.compute.col.energy"): st.column_config.NumberColumn(format="%.3f", help=help_text("Energy estimate")),
        t("trust.compute.col.co2"): st.column_config.NumberColumn(format="%.3f")})


# ------------------------------------------------------------------------------------------- report
def show_report() -> None:
    """Choose a model and download the transparency report, in the reader's language."""
    from dashboard.trust.report_html import transparency_report

    st.caption(t("trust.report.caption"))
    language = current_language()
    names = card_names(language)
    chosen = st.selectbox(t("trust.report.model"), range(len(names)), format_func=names.__getitem__,
                          key="trust_report_model")
    st.download_button(t("trust.report.download"), lambda: transparency_report(chosen or 0, language),
                       "transparency_report.html", "text/html", icon=":material/download:", type="primary",
                       on_click="ignore", key="trust_report_download")
    if not has("build_info.json"):
        st.caption(t("trust.report.no_build_info"))


def _shown_number(value: object) -> object:
    """A card's metric cell as read: floats to 4 significant digits, anything else as it is."""
    return f"{value:,.4g}" if isinstance(value, float) else value
