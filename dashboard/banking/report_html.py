"""The risk-warning report as one self-contained HTML file (the shell, stylesheet and SVG wrapper of
``dashboard/html_report.py``): inline CSS and inline SVG charts, no script, no external fonts or CDN, so it opens
offline and can be mailed or archived as it is. Every value is HTML-escaped."""

from __future__ import annotations

import re
from datetime import datetime

from dashboard.html_report import (ALERT_COLOUR, GREY_COLOUR, PRIMARY_COLOUR, SECONDARY_COLOUR, horizontal_bars_svg,
                                   html_document, svg)
from dashboard.banking.labels import category_label, feature_label
from dashboard.html_report import text as _e
from dashboard.i18n import current_language, percent, translate
from engines.anomaly.features import FLAG_FEATURES
from engines.anomaly.report import RiskWarningReport

# Added to the shared stylesheet: figure cards, full-width tables, a row of charts, fraud in red.
BANK_CSS = """
.card b{display:block;font-size:22px}table{width:100%}.charts{display:flex;gap:24px;flex-wrap:wrap}
.fraud{color:#b91c1c;font-weight:600}ul{margin:4px 0 0 18px;padding:0}th{white-space:nowrap}
"""


def bar_chart_svg(labels: list[str], series: dict[str, list[float]], *, title: str, width: int = 460,
                  height: int = 220, percent: bool = False) -> str:
    """Grouped vertical bars as inline SVG (one group per label, one colour per series)."""
    colours = [PRIMARY_COLOUR, SECONDARY_COLOUR, GREY_COLOUR]
    top = max([max(values) for values in series.values() if values] + [1e-9])
    left, bottom, plot_h = 40, 40, height - 70
    group_w = (width - left - 10) / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [f'<text x="{left}" y="16" font-size="13" font-weight="600">{_e(title)}</text>']
    for i, label in enumerate(labels):
        x0 = left + i * group_w + group_w * 0.1
        for j, (name, values) in enumerate(series.items()):
            value = values[i]
            h = plot_h * value / top
            y = height - bottom - h
            shown = f"{value:.0%}" if percent else f"{value:.3g}"
            parts.append(f'<rect x="{x0 + j * bar_w:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                         f'fill="{colours[j % 3]}"><title>{_e(name)}: {shown}</title></rect>')
            parts.append(f'<text x="{x0 + j * bar_w + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                         f'text-anchor="middle">{shown}</text>')
        parts.append(f'<text x="{x0 + group_w * 0.4:.1f}" y="{height - bottom + 14}" font-size="11" '
                     f'text-anchor="middle">{_e(label)}</text>')
    for j, name in enumerate(series):
        parts.append(f'<rect x="{left + j * 150}" y="{height - 16}" width="10" height="10" fill="{colours[j % 3]}"/>'
                     f'<text x="{left + j * 150 + 14}" y="{height - 7}" font-size="11">{_e(name)}</text>')
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#d1d5db"/>')
    return svg(width, height, parts, label=title)


def histogram_svg(bins: list[dict], threshold: float, *, title: str, width: int = 460, height: int = 200,
                  language: str = "en") -> str:
    """Score histogram (log-scaled counts) with the flag threshold marked, its words in `language`."""
    import math

    if not bins:
        return ""
    left, bottom, plot_h = 10, 30, height - 60
    lo, hi = bins[0]["lower"], bins[-2]["upper"] if len(bins) > 1 else bins[-1]["upper"]
    span = max(hi - lo, 1e-12)
    top = max(math.log10(b["rows"] + 1) for b in bins)
    parts = [f'<text x="{left}" y="16" font-size="13" font-weight="600">{_e(title)}</text>']
    plot_w = width - left - 20
    for b in bins[:-1]:
        x = left + plot_w * (b["lower"] - lo) / span
        w = max(plot_w * (b["upper"] - b["lower"]) / span - 1, 1)
        h = plot_h * math.log10(b["rows"] + 1) / max(top, 1e-9)
        colour = ALERT_COLOUR if b["lower"] >= threshold else PRIMARY_COLOUR
        rows = translate(language, "banking.report.histogram.bin", low=f"{b['lower']:.2f}", high=f"{b['upper']:.2f}",
                         rows=int(b["rows"]))
        parts.append(f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                     f'<title>{_e(rows)}</title></rect>')
    tx = left + plot_w * min(max((threshold - lo) / span, 0), 1)
    parts.append(f'<line x1="{tx:.1f}" y1="24" x2="{tx:.1f}" y2="{height - bottom}" stroke="{ALERT_COLOUR}" stroke-dasharray="4 3"/>'
                 f'<text x="{min(tx + 4, width - 110):.1f}" y="34" font-size="11" fill="{ALERT_COLOUR}">'
                 f'{_e(translate(language, "banking.report.histogram.threshold"))}</text>'
                 f'<text x="{left}" y="{height - 8}" font-size="11" fill="#6b7280">'
                 f'{_e(translate(language, "banking.report.histogram.axis"))}</text>')
    return svg(width, height, parts, label=title)


def note_text(note: str, language: str | None = None) -> str:
    """A note of the shipped risk report (written by dashboard/banking/build.py as English text) in the reader's
    language (or `language`); any other note as written."""
    language = language or current_language()
    for pattern, key in _NOTE_PATTERNS:
        found = re.fullmatch(pattern, str(note))
        if found:
            return translate(language, key, **found.groupdict())
    return str(note)


_NOTE_PATTERNS = (
    (r"The autoencoder learned from (?P<rows>[\d,]+) January-September transactions without their fraud labels\.",
     "banking.report.note.trained"),
    (r"Of the (?P<flagged>[\d,]+) flagged transactions, (?P<share>[\d.]+%) are fraud in the simulator's records "
     r"\(base rate (?P<base_rate>[\d.]+%)\)\.", "banking.report.note.flagged_fraud"),
)


def _title(report: RiskWarningReport, language: str) -> str:
    if report.title == "Card transactions risk warnings (simulated data)":
        return translate(language, "banking.report.title")
    return report.title


def _period(report: RiskWarningReport, language: str) -> str:
    if report.period == "1 October - 31 December 2024":
        return translate(language, "banking.period.q4_2024")
    return report.period


def risk_report_html(report: RiskWarningReport, generated_by: str = "AIGC Business Lab",
                     language: str = "en") -> str:
    """The whole report as an HTML document string, every word in `language` ("en" or "zh")."""
    def say(key: str, **values) -> str:
        return _e(translate(language, key, **values))

    flags_rows = []
    for rank, flag in enumerate(report.flags, start=1):
        drivers = "".join(
            "<li>" + say("banking.report.driver", feature=feature_label(d["feature"], language),
                         value=shown_value(d["feature"], d.get("value"), language),
                         share=percent(d.get("share", 0), decimals=0, language=language)) + "</li>"
            for d in flag["drivers"])
        fraud = flag.get("is_fraud")
        known = "" if fraud is None else (f'<span class="fraud">{say("banking.report.fraud")}</span>' if fraud
                                          else say("banking.report.not_fraud"))
        pattern = (say("banking.report.pattern", pattern=category_label(flag["fraud_pattern"], language))
                   if flag.get("fraud_pattern") else "")
        if fraud is not None and not fraud and pattern:  # the simulator's truth: fraud nobody reported
            known = f'<span class="fraud">{say("banking.report.never_reported")}</span>'
        elif fraud and not pattern and "fraud_pattern" in flag:  # a genuine payment disputed anyway
            known, pattern = say("banking.report.disputed_genuine"), ""
        where = say("banking.flags.where", category=category_label(flag.get("merchant_category"), language),
                    channel=category_label(flag.get("channel"), language), country=flag.get("country"))
        flags_rows.append(
            f"<tr><td class='num'>{rank}</td><td>{_e(flag.get('transaction_id'))}</td><td>{_e(flag.get('customer_id'))}</td>"
            f"<td>{_e(str(flag.get('transaction_time', ''))[:16])}</td><td class='num'>${_money(flag.get('amount'))}</td>"
            f"<td>{where}</td><td class='num'>{flag['score']:.1f}</td><td><ul>{drivers}</ul></td><td>{known}{pattern}</td></tr>")
    account_rows = "".join(
        f"<tr><td>{_e(a.get('customer_id'))}</td><td class='num'>{a['flagged_rows']}</td>"
        f"<td class='num'>{a['max_score']:.1f}</td><td class='num'>${_money(a.get('flagged_amount'))}</td></tr>"
        for a in report.accounts[:20])
    comparison = report.comparison
    charts = []
    if comparison:
        charts.append(bar_chart_svg([translate(language, "banking.chart.top_k", k=int(c["k"])) for c in comparison],
                                    {translate(language, "banking.report.autoencoder"): [c["autoencoder"] for c in comparison],
                                     "IsolationForest": [c["isolation_forest"] for c in comparison]},
                                    title=translate(language, "banking.report.chart.precision"), percent=True))
    charts.append(histogram_svg(report.score_histogram, report.threshold,
                                title=translate(language, "banking.report.chart.histogram"), language=language))
    drivers = report.driver_counts[:8]
    charts.append(horizontal_bars_svg([feature_label(d["feature"], language) for d in drivers],
                                      [d["flags"] for d in drivers],
                                      title=translate(language, "banking.report.chart.drivers")))
    notes = "".join(f"<li>{_e(note_text(n, language))}</li>" for n in report.notes)
    flagged_share = percent(report.flagged_rows / max(report.rows_scored, 1), language=language)
    accounts = f"{len(report.accounts):,}{'+' if len(report.accounts) >= 50 else ''}"
    number_cell = " class='num'"
    headers = "".join(f"<th{number_cell if key in ('amount', 'score') else ''}>{say('banking.report.col.' + key)}</th>"
                      for key in ("rank", "transaction", "customer", "time", "amount", "where", "score", "why", "outcome"))
    account_headers = "".join(f"<th{number_cell if key != 'customer' else ''}>{say('banking.report.accounts.' + key)}</th>"
                              for key in ("customer", "flagged", "highest", "amount"))
    title = _title(report, language)
    body = f"""<h1>{_e(title)}</h1>
<div class="muted">{say("banking.report.byline", period=_period(report, language),
                        generated=datetime.now().strftime("%Y-%m-%d %H:%M"), by=generated_by)} ·
<span class="badge">{say("banking.report.badge")}</span></div>
<div class="cards">
<div class="card"><span class="muted">{say("banking.warnings.scored")}</span><b>{report.rows_scored:,}</b></div>
<div class="card"><span class="muted">{say("banking.report.card.flagged", share=flagged_share)}</span><b>{report.flagged_rows:,}</b></div>
<div class="card"><span class="muted">{say("banking.report.card.accounts")}</span><b>{accounts}</b></div>
<div class="card"><span class="muted">{say("banking.report.card.threshold")}</span><b>{report.threshold:.2f}</b></div>
</div>
<ul>{notes}</ul>
<h2>{say("banking.report.summary_charts")}</h2><div class="charts">{''.join(charts)}</div>
<h2>{say("banking.report.top_flagged")}</h2>
<p class="muted">{say("banking.report.drivers_note")}</p>
<table><tr>{headers}</tr>{''.join(flags_rows)}</table>
<h2>{say("banking.report.accounts")}</h2>
<table><tr>{account_headers}</tr>{account_rows}</table>
<p class="muted">{say("banking.report.how_to_read", share=flagged_share)}</p>"""
    return html_document(title, body, BANK_CSS, language=language)


def shown_value(feature: str, value: object, language: str | None = None) -> str:
    """A feature value as a person reads it: yes/no for flags, whole numbers without decimals, categories by
    name."""
    if feature in FLAG_FEATURES and value in (0, 1, 0.0, 1.0):
        return category_label("yes" if value else "no", language)
    if isinstance(value, float):
        if value.is_integer():
            return f"{value:,.0f}"
        return f"{value:.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    return "" if value is None else category_label(value, language)


def _money(value: object) -> str:
    try:
        return f"{float(value):,.2f}"
    except (TypeError, ValueError):
        return ""
