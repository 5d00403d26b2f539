"""The transparency report: one self-contained HTML file (the lab's report shell, `dashboard.html_report`) with
a chosen model's card and the page's explanation, fairness, privacy, provenance and compute results, dated and
with the versions of what they rest on. Inline CSS and SVG only: nothing is fetched from anywhere."""

from __future__ import annotations

import datetime as dt

from dashboard.html_report import PRIMARY_COLOUR, SECONDARY_COLOUR, html_document, svg, text
from dashboard.trust.shipped import results
from engines.trust.model_cards import ModelCard

REPORT_CSS = "section.card h2{border-bottom:2px solid #4F46E5}.verdict{font-weight:600}"


def _bars_svg(labels: list[str], values: list[float], title: str, colour: str = PRIMARY_COLOUR) -> str:
    width, row, left = 640, 22, 220
    top = max(values) if values and max(values) > 0 else 1.0
    shapes = []
    for i, (label, value) in enumerate(zip(labels, values)):
        y = 20 + i * row
        length = (width - left - 70) * value / top
        shapes.append(f"<text x='{left - 6}' y='{y + 14}' text-anchor='end' font-size='12'>{text(label)}</text>"
                      f"<rect x='{left}' y='{y + 3}' width='{length:.1f}' height='15' fill='{colour}'/>"
                      f"<text x='{left + length + 4:.1f}' y='{y + 14}' font-size='11'>{value:.3f}</text>")
    shapes.append(f"<text x='{left}' y='12' font-size='12' fill='#6b7280'>{text(title)}</text>")
    return svg(width, 30 + row * len(labels), shapes, label=title)


def _table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{text(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _explanations_section() -> str:
    from dashboard.trust.views import feature_label

    data = results("explanations")
    parts = ["<h2>Explanations (SHAP)</h2>",
             "<p>SHAP values (shap.TreeExplainer) split each score of the gradient-boosting credit and fraud models "
             "among their inputs, in log-odds. They describe how the model built a score, not a cause in the world, "
             "and not whether the model is right or fair.</p>"]
    for key, title in (("credit", "Loan defaults"), ("fraud", "Card fraud")):
        info = data[key]
        top = info["importance"][:10]
        parts.append(f"<h3>{title}</h3><p>Local accuracy: base value + SHAP values = the model's score within "
                     f"{info['local_accuracy_gap']:.1e} on {info['rows_explained']:,} test cases; one case is explained "
                     f"in {info['median_seconds_one_case'] * 1000:.0f} ms. PR-AUC {info['pr_auc']:.3f} (native category "
                     f"splits, which SHAP cannot read: {info['pr_auc_native_categories']:.3f}).</p>")
        parts.append(_bars_svg([feature_label(r["feature"]) for r in top], [r["mean_abs_shap"] for r in top],
                               "Average push on the score (mean |SHAP|, log-odds)"))
    return "".join(parts)


def _fairness_section() -> str:
    data = results("fairness")
    labels = data["labels"]
    rows = []
    for column, report in data["by_column"].items():
        low, high = report["demographic_parity_interval"]
        odds_low, odds_high = report["equalized_odds_interval"]
        rows.append([labels.get(column, column), f"{report['demographic_parity_difference']:.3f} ({low:.3f}-{high:.3f})",
                     f"{report['equalized_odds_difference']:.3f} ({odds_low:.3f}-{odds_high:.3f})"])
    mitigation = data["mitigation"]
    before, after = mitigation["before"], mitigation["after"]
    group_rows = [[r["group"], int(r["rows"]), f"{r['selection_rate']:.1%}", f"{r['true_positive_rate']:.1%}",
                   f"{r['false_positive_rate']:.1%}"] for r in data["by_column"]["age_band"]["by_group"]]
    return "".join([
        "<h2>Fairness (fairlearn)</h2>",
        f"<p>Decision audited: {text(data['decision'])}, {data['test_rows']:,} applications of the test period. "
        "Differences are the largest gap between two groups (0 = equal), with 95% bootstrap intervals.</p>",
        _table(["Sensitive column", "Gap in decline rates (demographic parity)", "Gap in error rates (equalised odds)"],
               rows),
        "<h3>By age band</h3>",
        _table(["Age band", "Applications", "Declined", "Defaulters declined", "Good payers declined"], group_rows),
        "<h3>Mitigation: per-group cut-offs (fairlearn ThresholdOptimizer, demographic parity)</h3>",
        _table(["Measure", "One cut-off", "Per-group cut-offs"], [
            ["Gap in decline rates", f"{before['demographic_parity_difference']:.3f}",
             f"{after['demographic_parity_difference']:.3f}"],
            ["Gap in error rates", f"{before['equalized_odds_difference']:.3f}", f"{after['equalized_odds_difference']:.3f}"],
            ["PR-AUC of the decisions", f"{before['pr_auc_of_decisions']:.3f}", f"{after['pr_auc_of_decisions']:.3f}"],
            ["Recall", f"{before['recall']:.1%}", f"{after['recall']:.1%}"],
            ["Precision", f"{before['precision']:.1%}", f"{after['precision']:.1%}"],
            ["Share declined", f"{before['selection_rate']:.1%}", f"{after['selection_rate']:.1%}"]]),
        "<p>The mitigation needs the group at decision time, which some rules forbid; the committee decides.</p>"])


def _privacy_section() -> str:
    data = results("privacy")
    rows = [["no DP" if r["epsilon"] is None else f"{r['epsilon']:g}",
             "" if r.get("epsilon_spent") is None else f"{r['epsilon_spent']:.2f}",
             "" if r.get("noise_multiplier") is None else f"{r['noise_multiplier']:.2f}",
             f"{r['quality']:.3f}", f"{r['tstr']:.3f} / {r['trtr']:.3f}", f"{r['membership_inference_auc']:.3f}"]
            for r in data["records"]]
    return "".join([
        "<h2>Privacy: differentially private synthesis</h2>",
        f"<p>Tabular VAE trained with DP-SGD (Opacus) on {data['training_rows']:,} shipped loan applications, delta = "
        f"{data['delta']:.0e}; the other {data['holdout_rows']:,} are the unseen rows. The column encoding is learned "
        "without noise and is not covered by epsilon.</p>",
        _table(["Epsilon budget", "Epsilon spent", "Noise multiplier", "Quality", "Default AUC: synthetic / real-trained",
                "Membership-inference AUC"], rows)])


def _provenance_section() -> str:
    data = results("watermark")
    rates = data["vs_catalogue"]
    return "".join([
        "<h2>Provenance</h2>",
        f"<p>Text watermark (keyed green list, Kirchenbauer et al. 2023; gamma {data['gamma']:g}, delta {data['delta']:g}, "
        f"key fingerprint {text(data['fingerprint'])}): {rates['true_positive_rate']:.1%} of {rates['n_watermarked']} "
        f"generated texts detected, {rates['false_positive_rate']:.1%} of {rates['n_ordinary']} catalogue texts wrongly "
        f"flagged (p-value threshold {rates['p_value_threshold']:g}). Copy checks with the mark on / off: faithful "
        f"{data['checks_watermarked']['faithfulness']:.1%} / {data['checks_plain']['faithfulness']:.1%}.</p>",
        "<p>Generated product copy and pictures carry a provenance record (model, version = weights hash, seed, "
        "request, time). Pictures from the Marketing &amp; creative page carry an invisible image watermark.</p>"])


def _compute_section() -> str:
    from dashboard.trust.views import compute_frame

    frame = compute_frame()
    rows = [[r["Model"], f"{int(r['Parameters']):,}", f"{r['Training seconds']:.1f}", f"{r['Energy (Wh)']:.3f}",
             r["Throughput"]] for _, r in frame.iterrows()]
    from engines.trust.compute import WATTS_PER_BUSY_CORE

    return "".join(["<h2>Compute and energy</h2>",
                    f"<p>Estimated as busy CPU core-seconds x {WATTS_PER_BUSY_CORE:g} W.</p>",
                    _table(["Model", "Parameters", "Training seconds", "Energy (Wh)", "Throughput"], rows)])


def transparency_report(model_name: str) -> str:
    """The report for the model card named `model_name` (an HTML document as text)."""
    cards = {card["name"]: card for card in results("model_cards")["cards"]}
    card = ModelCard.from_dict(cards.get(model_name) or next(iter(cards.values())))
    info = results("build_info")
    versions = ", ".join(f"{name} {version}" for name, version in info.get("versions", {}).items())
    today = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    body = "".join([
        f"<h1>Transparency report: {text(card.name)}</h1>",
        f"<p class='muted'>AIGC Business Lab · report made {today} · results built {text(info.get('built_at', ''))} "
        f"on {text(info.get('machine', ''))} · {text(versions)} · rebuild with <code>{text(info.get('command', ''))}"
        "</code>. All data are simulated by the lab.</p>",
        card.to_html_fragment(), _explanations_section(), _fairness_section(), _privacy_section(),
        _provenance_section(), _compute_section()])
    from engines.provenance.records import content_hash, provenance_record, record_json

    record = provenance_record("transparency-report", content_hash(body.encode()), None,
                               attributes={"model": card.name, "model_version": card.version},
                               extra={"results_built": info.get("built_at", "")})
    body += f"<h2>Provenance of this report</h2><pre>{text(record_json(record))}</pre>"
    return html_document(f"Transparency report: {card.name}", body, REPORT_CSS + f"h3{{color:{SECONDARY_COLOUR}}}")
