"""The Studio's report as one self-contained HTML file (the shell, stylesheet and SVG wrapper of
``dashboard/html_report.py``): scores with their plain-language explanations, the leaderboard, and every chart
drawn as inline SVG, so it opens offline in any browser and can be mailed as it is. Every piece of text from the
data is HTML-escaped."""

from __future__ import annotations

import datetime as _dt
import math
from html import escape

import pandas as pd

from dashboard.html_report import PRIMARY_COLOUR, SECONDARY_COLOUR, html_document, legend, svg
from dashboard.i18n import current_language, date, number, percent, translate
from dashboard.studio.labels import (
    bin_labels, efficacy_metric_label, efficacy_task_label, explanation, generator_name, loss_label, preset_label,
    risk_label, verdict_sentence,
)
from dashboard.studio.report import ColumnDistribution, StudioReport, leaderboard

REAL_COLOUR = "#64748B"
SYNTHETIC_COLOUR = PRIMARY_COLOUR
HOLDOUT_COLOUR = SECONDARY_COLOUR

# Added to the shared stylesheet: score cards with a value, a delta and an explanation; a grid of small charts.
STUDIO_CSS = """
.card .v{font-size:26px;font-weight:700}.card .d{font-size:13px;color:#374151}
.card p{font-size:12px;color:#6b7280;margin:6px 0 0}.cards{grid-template-columns:repeat(auto-fill,minmax(230px,1fr))}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:14px}
.risk-low{color:#047857}.risk-medium{color:#b45309}.risk-high{color:#b91c1c}
"""


def html_report(
    report: StudioReport,
    baseline: StudioReport | None = None,
    others: list[StudioReport] | None = None,
    simulated_note: str | None = None,
    language: str | None = None,
) -> str:
    """The whole report of ``report`` as an HTML document in ``language`` ("en" or "zh"; by default the
    reader's). ``baseline`` (the copula) adds a comparison column to the scores; ``others`` (every generator of
    the run) adds the leaderboard; ``simulated_note`` is shown as a label at the top (say, for the shipped
    example on simulated data; a dashboard.i18n.Message is worded in ``language``)."""
    language = language or current_language()

    def say(key: str, **values) -> str:
        return translate(language, key, **values)

    generator = generator_name(report.generator, report.kind, language)
    parts = [
        "<h1>" + say("studio.html.title", generator=escape(generator), table=f"<code>{escape(report.table)}</code>")
        + "</h1>",
        "<div class='muted'>" + escape(say(
            "studio.html.subtitle", preset=preset_label(report.preset, language), rows=report.n_train_rows,
            fit_seconds=number(report.fit_seconds, 1, language), synthetic=report.n_synthetic_rows,
            holdout=report.n_holdout_rows, date=date(_dt.date.today(), language))) + "</div>",
    ]
    if simulated_note:
        note = translate(language, simulated_note.key, **simulated_note.values) \
            if getattr(simulated_note, "key", None) else simulated_note
        parts.append(f"<p><span class='badge'>{escape(note)}</span></p>")
    parts.append(_score_cards(report, baseline, language))
    if others and len(others) > 1:
        parts.append(f"<h2>{escape(say('studio.html.leaderboard'))}</h2>" + _leaderboard_table(others, language))
    if report.notes:
        notes = [translate(language, n.key, **n.values) if getattr(n, "key", None) else n for n in report.notes]
        parts.append(f"<h2>{escape(say('studio.html.notes'))}</h2><ul>"
                     + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    if report.distributions:
        parts.append(f"<h2>{escape(say('studio.html.columns'))}</h2>")
        parts.append(legend([(say("studio.chart.source.real"), REAL_COLOUR),
                             (say("studio.chart.source.synthetic"), SYNTHETIC_COLOUR)]))
        parts.append("<div class='grid'>" + "".join(_distribution_svg(d, language) for d in report.distributions)
                     + "</div>")
    if len(report.association_columns) >= 2:
        parts.append(f"<h2>{escape(say('studio.html.relationships'))}</h2>"
                     f"<p class='muted'>{escape(say('studio.html.relationships_text'))}</p>")
        parts.append(_heatmap_svg(report, language))
    if report.privacy is not None:
        parts.append(_privacy_section(report, language))
    if report.efficacy is not None:
        e = report.efficacy
        sentence = say("studio.html.efficacy_text", target=f"<b>{escape(e.target)}</b>",
                       task=escape(efficacy_task_label(e.task, language)),
                       metric=escape(efficacy_metric_label(e.metric, language)),
                       real=f"<b>{number(e.trtr_score, 3, language)}</b>",
                       synthetic=f"<b>{number(e.tstr_score, 3, language)}</b>", share=_percent(e.ratio, language))
        parts.append(
            f"<h2>{escape(say('studio.html.efficacy'))}</h2><p>{sentence}</p>"
            f"<p class='muted'>{escape(explanation(report, 'efficacy_ratio', language))}</p>"
        )
    if report.loss_history:
        parts.append(f"<h2>{escape(say('studio.html.training'))}</h2>"
                     f"<p class='muted'>{escape(say('studio.html.training_text'))}</p>")
        parts.append(_loss_svg(report.loss_history, language))
    return html_document(say("studio.html.document_title", generator=generator, table=report.table),
                         "\n".join(parts), STUDIO_CSS, language=language)


def _score_cards(report: StudioReport, baseline: StudioReport | None, language: str) -> str:
    compare = baseline is not None and baseline.key != report.key
    cards = [
        ("studio.html.card.quality", report.quality_score, baseline.quality_score if compare else None,
         "overall_score"),
        ("studio.html.card.column_shapes", report.column_shapes_score,
         baseline.column_shapes_score if compare else None, "column_shapes_score"),
        ("studio.html.card.column_pair_trends", report.column_pair_trends_score,
         baseline.column_pair_trends_score if compare else None, "column_pair_trends_score"),
        ("studio.html.card.detection", report.detection_score, baseline.detection_score if compare else None,
         "detection_score"),
    ]
    if report.efficacy is not None:
        base = baseline.efficacy.ratio if compare and baseline.efficacy is not None else None
        cards.append(("studio.html.card.efficacy", report.efficacy.ratio, base, "efficacy_ratio"))
    html = [f"<h2>{escape(translate(language, 'studio.html.scores'))}</h2><div class='cards'>"]
    for title_key, value, base, figure in cards:
        delta = ""
        if base is not None and not _nan(base) and not _nan(value):
            delta_text = translate(language, "studio.html.card.delta", delta=f"{value - base:+.3f}",
                                   baseline=number(base, 3, language))
            delta = f"<div class='d'>{escape(delta_text)}</div>"
        html.append(f"<div class='card'><div>{escape(translate(language, title_key))}</div>"
                    f"<div class='v'>{_number(value, language)}</div>{delta}"
                    f"<p>{escape(explanation(report, figure, language))}</p></div>")
    if report.privacy is not None:
        risk = report.privacy.verdict
        html.append(f"<div class='card'><div>{escape(translate(language, 'studio.html.card.privacy_risk'))}</div>"
                    f"<div class='v risk-{escape(risk)}'>{escape(risk_label(risk, language))}</div>"
                    f"<p>{escape(explanation(report, 'privacy_verdict', language))}</p></div>")
    html.append("</div>")
    return "".join(html)


# The leaderboard's columns as the HTML table titles them (the frame's column names are codes).
_BOARD_TITLE_KEYS = {"Best": "", "Generator": "studio.board.generator", "Overall": "studio.board.overall",
                     "Quality": "studio.board.quality", "Detection": "studio.board.realism",
                     "ML efficacy": "studio.board.usefulness", "Privacy risk": "studio.board.privacy_risk",
                     "Fit time (s)": "studio.board.fit_seconds", "Preset": "studio.board.preset"}


def _leaderboard_table(reports: list[StudioReport], language: str) -> str:
    board = leaderboard(reports, language).drop(columns="key")
    head = "".join(f"<th>{escape(translate(language, _BOARD_TITLE_KEYS[c]) if _BOARD_TITLE_KEYS.get(c) else '')}</th>"
                   for c in board.columns)
    rows = []
    for _, row in board.iterrows():
        cells = "".join(f"<td>{escape(_cell(name, value, language))}</td>" for name, value in row.items())
        rows.append(f"<tr>{cells}</tr>")
    return (f"<table><tr>{head}</tr>{''.join(rows)}</table>"
            f"<p class='muted'>{escape(translate(language, 'studio.html.board_rule'))}</p>")


def _distribution_svg(distribution: ColumnDistribution, language: str, width: int = 320, height: int = 170) -> str:
    n = len(distribution.labels)
    # Categories get a wider left margin: their slanted labels run left from the bar.
    top, bottom, left = 22, 34, 56 if distribution.kind == "categorical" else 34
    plot_w, plot_h = width - left - 8, height - top - bottom
    peak = max([*distribution.real_share, *distribution.synthetic_share, 1e-9])
    slot = plot_w / max(n, 1)
    bar = max(slot / 2 - 1, 1)
    shapes = [f"<text x='0' y='14' font-size='12' font-weight='600'>{escape(distribution.column)}</text>",
              f"<text x='{width - 4}' y='14' font-size='11' text-anchor='end' fill='#6b7280'>"
              f"{escape(distribution.metric)} {distribution.score:.2f}</text>",
              f"<line x1='{left}' y1='{top + plot_h}' x2='{width - 8}' y2='{top + plot_h}' stroke='#d1d5db'/>",
              f"<text x='{left - 4}' y='{top + 8}' font-size='10' text-anchor='end' fill='#6b7280'>{peak:.0%}</text>"]
    labels = bin_labels(distribution, language)
    for i, label in enumerate(labels):
        for j, (share, colour) in enumerate(((distribution.real_share[i], REAL_COLOUR),
                                             (distribution.synthetic_share[i], SYNTHETIC_COLOUR))):
            h = plot_h * share / peak
            x = left + i * slot + j * bar
            shapes.append(f"<rect x='{x:.1f}' y='{top + plot_h - h:.1f}' width='{bar:.1f}' height='{h:.1f}' "
                          f"fill='{colour}'><title>{escape(label)}: {share:.1%}</title></rect>")
    first, last = labels[0] if n else "", labels[-1] if n else ""
    if distribution.kind == "categorical":
        for i, label in enumerate(labels[:12]):
            x = left + (i + 0.5) * slot
            shapes.append(f"<text x='{x:.1f}' y='{top + plot_h + 12}' font-size='9' text-anchor='end' "
                          f"transform='rotate(-30 {x:.1f} {top + plot_h + 12})'>{escape(label[:12])}</text>")
    else:
        shapes.append(f"<text x='{left}' y='{height - 6}' font-size='10' fill='#6b7280'>{escape(first)}</text>")
        shapes.append(f"<text x='{width - 8}' y='{height - 6}' font-size='10' text-anchor='end' fill='#6b7280'>"
                      f"{escape(last)}</text>")
    return svg(width, height, shapes)


def _heatmap_svg(report: StudioReport, language: str, max_columns: int = 20) -> str:
    names = report.association_columns[:max_columns]
    cell, left, top = 26, 150, 10
    size_w, size_h = left + cell * len(names) + 10, top + cell * len(names) + 140
    frame = report.association_difference().set_index(["column_1", "column_2"])
    shapes = []
    for i, first in enumerate(names):
        shapes.append(f"<text x='{left - 6}' y='{top + i * cell + cell * 0.65:.1f}' font-size='11' "
                      f"text-anchor='end'>{escape(first[:22])}</text>")
        x = left + i * cell + cell / 2
        y = top + len(names) * cell + 6
        shapes.append(f"<text x='{x:.1f}' y='{y}' font-size='11' text-anchor='end' "
                      f"transform='rotate(-60 {x:.1f} {y})'>{escape(first[:22])}</text>")
        for j, second in enumerate(names):
            row = frame.loc[(first, second)]
            colour = _diverging(row["difference"])
            tip = translate(language, "studio.html.heatmap_tip", first=first, second=second,
                            real=_number(row["real"], language), synthetic=_number(row["synthetic"], language))
            shapes.append(f"<rect x='{left + i * cell}' y='{top + j * cell}' width='{cell - 1}' height='{cell - 1}' "
                          f"fill='{colour}'><title>{escape(tip)}</title></rect>")
    return svg(size_w, size_h, shapes)


def _privacy_section(report: StudioReport, language: str) -> str:
    p = report.privacy

    def say(key: str, **values) -> str:
        return translate(language, key, **values)

    rows = [
        (say("studio.html.privacy.exact_copies"), percent(p.exact_copy_share, 2, language),
         say("studio.html.privacy.exact_copies_text", explanation=explanation(report, "exact_copy_share", language),
             share=percent(p.holdout_copy_share, 2, language))),
        (say("studio.html.privacy.attack_auc"), number(p.membership_inference_auc, 3, language),
         explanation(report, "membership_inference_auc", language)),
        (say("studio.html.privacy.synthetic_distance"), number(p.median_dcr_synthetic, 3, language),
         explanation(report, "dcr_synthetic_to_train", language)),
        (say("studio.html.privacy.unseen_distance"), number(p.median_dcr_holdout, 3, language),
         explanation(report, "dcr_holdout_to_train", language)),
    ]
    html = [f"<h2>{escape(say('studio.html.privacy'))}</h2><p class='risk-{escape(p.verdict)}'>"
            f"<b>{escape(verdict_sentence(p, language))}</b></p><table>"]
    html += [f"<tr><td>{escape(name)}</td><td>{value}</td><td class='muted'>{escape(text)}</td></tr>"
             for name, value, text in rows]
    html.append("</table>")
    if p.dcr_bin_edges:
        html.append(legend([(say("studio.chart.source.synthetic_to_training"), SYNTHETIC_COLOUR),
                            (say("studio.chart.source.unseen_to_training"), HOLDOUT_COLOUR)]))
        html.append(_overlaid_histogram(p.dcr_bin_edges, p.dcr_synthetic_share, p.dcr_holdout_share, language))
    return "".join(html)


def _overlaid_histogram(edges: list[float], first: list[float], second: list[float], language: str,
                        width: int = 620, height: int = 200) -> str:
    left, top, bottom = 40, 10, 30
    plot_w, plot_h = width - left - 10, height - top - bottom
    peak = max([*first, *second, 1e-9])
    slot = plot_w / max(len(first), 1)
    shapes = [f"<line x1='{left}' y1='{top + plot_h}' x2='{width - 10}' y2='{top + plot_h}' stroke='#d1d5db'/>"]
    for shares, colour in ((second, HOLDOUT_COLOUR), (first, SYNTHETIC_COLOUR)):
        for i, share in enumerate(shares):
            h = plot_h * share / peak
            shapes.append(f"<rect x='{left + i * slot:.1f}' y='{top + plot_h - h:.1f}' width='{slot:.1f}' "
                          f"height='{h:.1f}' fill='{colour}' fill-opacity='0.55'/>")
    shapes.append(f"<text x='{left}' y='{height - 8}' font-size='10' fill='#6b7280'>{edges[0]:.2f}</text>")
    shapes.append(f"<text x='{width - 10}' y='{height - 8}' font-size='10' text-anchor='end' fill='#6b7280'>"
                  f"{escape(translate(language, 'studio.html.distance_axis', value=f'{edges[-1]:.2f}'))}</text>")
    return svg(width, height, shapes)


def _loss_svg(history: list[dict[str, float]], language: str, width: int = 620, height: int = 200) -> str:
    frame = pd.DataFrame(history)
    x_name = "step" if "step" in frame else None
    losses = [c for c in frame.columns if c not in ("step", "epoch")]
    if not losses or frame.empty:
        return ""
    x = frame[x_name].to_numpy(float) if x_name else pd.RangeIndex(len(frame)).to_numpy(float)
    left, top, bottom = 50, 10, 24
    plot_w, plot_h = width - left - 120, height - top - bottom
    values = frame[losses].to_numpy(float)
    low, high = float(pd.DataFrame(values).min().min()), float(pd.DataFrame(values).max().max())
    span_x, span_y = (x.max() - x.min()) or 1.0, (high - low) or 1.0
    palette = ["#4F46E5", "#F59E0B", "#10B981", "#EF4444", "#06B6D4", "#8B5CF6"]
    shapes = [f"<text x='{left - 6}' y='{top + 8}' font-size='10' text-anchor='end'>{high:.3g}</text>",
              f"<text x='{left - 6}' y='{top + plot_h}' font-size='10' text-anchor='end'>{low:.3g}</text>"]
    for k, name in enumerate(losses):
        colour = palette[k % len(palette)]
        points = " ".join(
            f"{left + plot_w * (xi - x.min()) / span_x:.1f},{top + plot_h * (1 - (v - low) / span_y):.1f}"
            for xi, v in zip(x, values[:, k]) if not math.isnan(v)
        )
        shapes.append(f"<polyline points='{points}' fill='none' stroke='{colour}' stroke-width='2'/>")
        shapes.append(f"<text x='{left + plot_w + 8}' y='{top + 14 * (k + 1)}' font-size='11' fill='{colour}'>"
                      f"{escape(loss_label(str(name), language))}</text>")
    return svg(width, height, shapes)


def _diverging(value: float) -> str:
    if _nan(value):
        return "#f3f4f6"
    v = max(-1.0, min(1.0, float(value)))
    # Red for a weaker or lost relationship (negative), blue for a stronger one; white in between.
    target = (185, 28, 28) if v < 0 else (29, 78, 216)
    mix = abs(v) ** 0.7
    r, g, b = (round(255 + (t - 255) * mix) for t in target)
    return f"rgb({r},{g},{b})"


def _nan(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: float | None, language: str) -> str:
    return translate(language, "studio.not_available") if _nan(value) else number(value, 3, language)


def _percent(value: float | None, language: str) -> str:
    return translate(language, "studio.not_available") if _nan(value) else percent(value, 0, language)


def _cell(column: str, value: object, language: str) -> str:
    if column == "Fit time (s)":
        return number(value, 1, language)
    return _number(value, language) if isinstance(value, float) else str(value)
