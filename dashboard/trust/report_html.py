"""The transparency report: one self-contained HTML file (the lab's report shell, `dashboard.html_report`) with
a chosen model's card and the page's explanation, fairness, privacy, provenance and compute results, dated and
with the versions of what they rest on, written in the reader's language (keys "trust.report.*"). Inline CSS and
SVG only: nothing is fetched from anywhere."""

from __future__ import annotations

import datetime as dt

from dashboard.html_report import SECONDARY_COLOUR, horizontal_bars_svg, html_document, text
from dashboard.i18n import percent, translate
from dashboard.trust import settings
from dashboard.trust.shipped import results
from engines.trust.model_cards import ModelCard

REPORT_CSS = "section.card h2{border-bottom:2px solid #4F46E5}.verdict{font-weight:600}"


class _Writer:
    """The report's words in one language: ``say(key, **values)``; ``say.language`` names it."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)


def _table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{text(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _explanations_section(say) -> str:
    from dashboard.trust.views import feature_label

    data = results("explanations")
    parts = [f"<h2>{text(say('trust.report.explain.title'))}</h2>", f"<p>{text(say('trust.report.explain.intro'))}</p>"]
    for key in ("credit", "fraud"):
        info = data[key]
        top = info["importance"][:10]
        parts.append(f"<h3>{text(say(f'trust.explain.model.{key}'))}</h3><p>" + text(say(
            "trust.report.explain.accuracy", gap=f"{info['local_accuracy_gap']:.1e}", rows=int(info["rows_explained"]),
            ms=f"{info['median_seconds_one_case'] * 1000:.0f}", pr_auc=f"{info['pr_auc']:.3f}",
            native=f"{info['pr_auc_native_categories']:.3f}")) + "</p>")
        parts.append(horizontal_bars_svg([feature_label(r["feature"], say.language) for r in top],
                                         [r["mean_abs_shap"] for r in top], title=say("trust.report.explain.bars"),
                                         width=760, label_width=330, value_format="{:.3f}"))
    return "".join(parts)


def _fairness_section(say) -> str:
    from dashboard.trust.views import group_column_label, group_label

    language = say.language
    data = results("fairness")
    rows = []
    for column, report in data["by_column"].items():
        low, high = report["demographic_parity_interval"]
        odds_low, odds_high = report["equalized_odds_interval"]
        rows.append([group_column_label(column, language),
                     f"{report['demographic_parity_difference']:.3f} ({low:.3f}-{high:.3f})",
                     f"{report['equalized_odds_difference']:.3f} ({odds_low:.3f}-{odds_high:.3f})"])
    mitigation = data["mitigation"]
    before, after = mitigation["before"], mitigation["after"]

    def share(value: float) -> str:
        return percent(value, language=language)

    group_rows = [[group_label(r["group"], language), int(r["rows"]), share(r["selection_rate"]),
                   share(r["true_positive_rate"]), share(r["false_positive_rate"])]
                  for r in data["by_column"]["age_band"]["by_group"]]
    measures = [("gap_declines", "demographic_parity_difference", "{:.3f}"),
                ("gap_errors", "equalized_odds_difference", "{:.3f}"), ("pr_auc", "pr_auc_of_decisions", "{:.3f}"),
                ("recall", "recall", None), ("precision", "precision", None),
                ("share_declined", "selection_rate", None)]
    mitigation_rows = [[say(f"trust.fairness.measure.{name}"),
                        spec.format(before[key]) if spec else share(before[key]),
                        spec.format(after[key]) if spec else share(after[key])] for name, key, spec in measures]
    return "".join([
        f"<h2>{text(say('trust.report.fairness.title'))}</h2>",
        "<p>" + text(say("trust.report.fairness.intro", share=percent(settings.DECLINE_SHARE, 0, language),
                         rows=int(data["test_rows"]))) + "</p>",
        _table([say("trust.report.fairness.col.column"), say("trust.fairness.measure.gap_declines"),
                say("trust.fairness.measure.gap_errors")], rows),
        f"<h3>{text(say('trust.report.fairness.by_age'))}</h3>",
        _table([group_column_label("age_band", language), say("trust.report.fairness.col.applications"),
                say("trust.chart.rate.selection_rate"), say("trust.chart.rate.true_positive_rate"),
                say("trust.chart.rate.false_positive_rate")], group_rows),
        f"<h3>{text(say('trust.report.fairness.mitigation'))}</h3>",
        _table([say("trust.fairness.col.measure"), say("trust.fairness.col.one_cutoff"),
                say("trust.fairness.col.per_group")], mitigation_rows),
        f"<p>{text(say('trust.report.fairness.decides'))}</p>"])


def _privacy_section(say) -> str:
    data = results("privacy")
    rows = [[say("trust.privacy.no_dp") if r["epsilon"] is None else f"{r['epsilon']:g}",
             "" if r.get("epsilon_spent") is None else f"{r['epsilon_spent']:.2f}",
             "" if r.get("noise_multiplier") is None else f"{r['noise_multiplier']:.2f}",
             f"{r['quality']:.3f}", f"{r['tstr']:.3f} / {r['trtr']:.3f}", f"{r['membership_inference_auc']:.3f}"]
            for r in data["records"]]
    return "".join([
        f"<h2>{text(say('trust.report.privacy.title'))}</h2>",
        "<p>" + text(say("trust.report.privacy.intro", rows=int(data["training_rows"]), delta=f"{data['delta']:.0e}",
                         holdout=int(data["holdout_rows"]))) + "</p>",
        _table([say("trust.report.privacy.col.budget"), say("trust.privacy.col.spent"),
                say("trust.privacy.col.noise"), say("trust.privacy.measure.quality"),
                say("trust.report.privacy.col.auc"), say("trust.privacy.measure.membership")], rows)])


def _provenance_section(say) -> str:
    language = say.language
    data = results("watermark")
    rates = data["vs_catalogue"]
    return "".join([
        f"<h2>{text(say('trust.report.provenance.title'))}</h2>",
        "<p>" + text(say("trust.report.provenance.watermark", gamma=f"{data['gamma']:g}", delta=f"{data['delta']:g}",
                         fingerprint=data["fingerprint"],
                         detected=percent(rates["true_positive_rate"], language=language),
                         texts=int(rates["n_watermarked"]),
                         false=percent(rates["false_positive_rate"], language=language),
                         ordinary=int(rates["n_ordinary"]), threshold=f"{rates['p_value_threshold']:g}",
                         on=percent(data["checks_watermarked"]["faithfulness"], language=language),
                         off=percent(data["checks_plain"]["faithfulness"], language=language))) + "</p>",
        f"<p>{text(say('trust.report.provenance.records'))}</p>"])


def _compute_section(say) -> str:
    from dashboard.trust.views import compute_frame
    from engines.trust.compute import WATTS_PER_BUSY_CORE

    frame = compute_frame(say.language)
    rows = [[model, f"{int(parameters):,}", f"{seconds:.1f}", f"{energy:.3f}", throughput]
            for model, parameters, seconds, energy, _, throughput in frame.itertuples(index=False)]
    header = [column for index, column in enumerate(frame.columns) if index != 4]  # the report leaves out CO2
    return "".join([f"<h2>{text(say('trust.report.compute.title'))}</h2>",
                    f"<p>{text(say('trust.report.compute.intro', watts=f'{WATTS_PER_BUSY_CORE:g}'))}</p>",
                    _table(header, rows)])


def transparency_report(model: int | str, language: str = "en") -> str:
    """The report, in ``language``, for the shipped model card at index ``model`` (or named ``model``): an HTML
    document as text."""
    from dashboard.trust.cards import card_wording
    from dashboard.trust.views import shipped_cards

    say = _Writer(language)
    cards = shipped_cards(language)
    if isinstance(model, str):
        model = next((i for i, card in enumerate(shipped_cards("en")) if card["name"] == model),
                     next((i for i, card in enumerate(cards) if card["name"] == model), 0))
    card = ModelCard.from_dict(cards[model if 0 <= model < len(cards) else 0])
    info = results("build_info")
    versions = ", ".join(f"{name} {version}" for name, version in info.get("versions", {}).items())
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    title = say("trust.report.title", name=card.name)
    body = "".join([
        f"<h1>{text(title)}</h1>",
        "<p class='muted'>" + text(say("trust.report.meta", made=today, built=info.get("built_at", ""),
                                       machine=info.get("machine", ""), versions=versions)) +
        f" <code>{text(info.get('command', ''))}</code>. {text(say('trust.report.simulated'))}</p>",
        card.to_html_fragment(card_wording(language)), _explanations_section(say), _fairness_section(say),
        _privacy_section(say), _provenance_section(say), _compute_section(say)])
    from engines.provenance.records import content_hash, provenance_record, record_json

    record = provenance_record("transparency-report", content_hash(body.encode()), None,
                               attributes={"model": card.name, "model_version": card.version, "language": language},
                               extra={"results_built": info.get("built_at", "")})
    body += f"<h2>{text(say('trust.report.provenance_of_report'))}</h2><pre>{text(record_json(record))}</pre>"
    return html_document(title, body, REPORT_CSS + f"h3{{color:{SECONDARY_COLOUR}}}", language=language)
