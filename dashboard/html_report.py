"""The shell every downloadable HTML report of the lab shares: one document frame, one stylesheet, one way to
escape text and to wrap an inline SVG chart.

A report is a single self-contained file: CSS inline, charts as inline SVG, no script, no font, image or
stylesheet fetched from anywhere, so it opens offline and can be mailed or archived as it is. Every piece of text
that comes from data goes through :func:`text`. The Studio's report (``dashboard/studio/html_report.py``) and the
bank's risk-warning report (``dashboard/banking/report_html.py``) draw their own sections and charts inside it."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

PRIMARY_COLOUR = "#4F46E5"  # the app's theme colour: our model, the synthetic data
SECONDARY_COLOUR = "#F59E0B"  # what it is compared with
GREY_COLOUR = "#9CA3AF"
ALERT_COLOUR = "#DC2626"

# Rules both reports use; each adds its own few after these (report_css).
BASE_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2937;line-height:1.45;
margin:32px auto;max-width:1100px;padding:0 16px}
h1{font-size:25px;margin:0 0 4px}h2{font-size:19px;margin:30px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.muted{color:#6b7280;font-size:13px}.badge{display:inline-block;background:#fef3c7;color:#92400e;border-radius:4px;
padding:2px 8px;font-size:12px;font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin:16px 0}
.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px}
table{border-collapse:collapse;font-size:13px;margin-top:8px}
td,th{border-bottom:1px solid #e5e7eb;padding:5px 8px;text-align:left;vertical-align:top}th{background:#f9fafb}
.num{text-align:right;font-variant-numeric:tabular-nums}
.legend{margin-bottom:10px}.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
svg text{font-family:inherit}
@media print{body{margin:0}svg{page-break-inside:avoid}}
"""


def text(value: object) -> str:
    """``value`` as HTML text: markup in it is shown, never run (None becomes empty)."""
    return escape("" if value is None else str(value))


# Chinese text needs a CJK font; these are the common ones on Windows, macOS and Linux (fonts-noto-cjk).
CHINESE_CSS = """body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
"Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}"""


def html_document(title: str, body: str, report_css: str = "", language: str = "en") -> str:
    """A complete HTML document: ``title`` (escaped here), the shared stylesheet plus ``report_css``, and
    ``body`` (markup the caller built, with data already escaped); ``language`` ("en" or "zh") sets the
    document's language and, for Chinese, a font stack that has Chinese glyphs."""
    lang, css = ("zh-Hans", CHINESE_CSS) if language == "zh" else ("en", "")
    return (f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'><title>{text(title)}</title>"
            f"<style>{BASE_CSS}{css}{report_css}</style></head>\n<body>\n{body}\n</body></html>\n")


def svg(width: float, height: float, shapes: Iterable[str], label: str | None = None) -> str:
    """An inline SVG chart of ``width`` x ``height`` pixels holding ``shapes`` (SVG markup); ``label`` names the
    chart for screen readers."""
    accessible = f" role='img' aria-label='{text(label)}'" if label else ""
    return (f"<svg width='{width}' height='{height}' viewBox='0 0 {width} {height}'{accessible}>"
            f"{''.join(shapes)}</svg>")


def horizontal_bars_svg(labels: list[str], values: list[float], *, title: str, width: int = 460,
                        label_width: int = 260, value_format: str = "{:g}") -> str:
    """Horizontal bars as inline SVG, in the order given (largest first, usually), each with its value
    (``value_format``) at its end; labels longer than 44 characters are shortened with an ellipsis."""
    row_h = 22
    height = 30 + row_h * len(labels)
    top = max(list(values) + [1e-9])
    parts = [f'<text x="0" y="16" font-size="13" font-weight="600">{text(title)}</text>']
    for i, (label, value) in enumerate(zip(labels, values)):
        y = 26 + i * row_h
        bar = (width - label_width - 40) * value / top
        parts.append(f'<text x="{label_width - 6}" y="{y + 13}" font-size="11" text-anchor="end">'
                     f'{text(label if len(label) <= 44 else label[:43] + "…")}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{row_h - 6}" fill="{PRIMARY_COLOUR}"/>'
                     f'<text x="{label_width + bar + 4:.1f}" y="{y + 13}" font-size="11">{value_format.format(value)}</text>')
    return svg(width, height, parts, label=title)


def legend(entries: Iterable[tuple[str, str]]) -> str:
    """A row of colour swatches with their names: ``entries`` are (name, CSS colour)."""
    return "<div class='legend muted'>" + "".join(
        f"<span style='background:{colour}'></span>{text(name)}" for name, colour in entries) + "</div>"
