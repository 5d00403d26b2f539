"""The risk-warning report is one self-contained HTML file: inline charts, no external resource, values escaped."""

import re

from dashboard.banking.report_html import bar_chart_svg, risk_report_html
from engines.anomaly import RiskWarningReport


def _report(merchant: str = "electronics") -> RiskWarningReport:
    flag = {"transaction_id": 7, "customer_id": 3, "transaction_time": "2024-11-02 03:10:00", "amount": 912.5,
            "merchant_category": merchant, "channel": "in_store", "country": "RO", "is_fraud": 1,
            "fraud_pattern": "foreign_night_spend", "score": 42.0,
            "drivers": [{"feature": "abroad", "label": "paid abroad", "error_ratio": 30.0, "share": 0.6, "value": 1.0}]}
    return RiskWarningReport(
        title="Risk warnings", period="Q4 2024", rows_scored=1000, threshold=5.0, flagged_rows=10, flags=[flag],
        accounts=[{"customer_id": 3, "flagged_rows": 1, "max_score": 42.0, "flagged_amount": 912.5}],
        driver_counts=[{"feature": "abroad", "label": "paid abroad", "flags": 6}],
        score_histogram=[{"lower": 0.0, "upper": 1.0, "rows": 900}, {"lower": 1.0, "upper": 5.0, "rows": 90},
                         {"lower": 5.0, "upper": 50.0, "rows": 10}],
        comparison=[{"k": 50, "autoencoder": 0.6, "isolation_forest": 0.5, "random": 0.003}],
    )


def test_report_is_self_contained():
    """No script, stylesheet link, image URL or CDN; charts are inline SVG; the figures are in the text."""
    page = risk_report_html(_report())
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower() and "<link" not in page.lower()
    urls = re.findall(r"(?:src|href)\s*=\s*[\"']([^\"']+)", page)
    assert urls == []
    assert page.count("<svg") == 3
    assert "paid abroad" in page and "912.50" in page and "foreign night spending" in page


def test_report_in_chinese_reads_in_chinese():
    """The Chinese report names its title, columns, drivers, merchant and fraud pattern in Chinese, declares its
    language and a font stack with Chinese glyphs, and keeps the figures."""
    # Run
    page = risk_report_html(_report(), language="zh")

    # Assert
    assert "<html lang='zh-Hans'>" in page and "Noto Sans CJK SC" in page
    assert "境外支付" in page and "电子产品" in page and "境外夜间消费" in page and "预警阈值" in page
    assert "912.50" in page and page.count("<svg") == 3
    words = re.findall(r"[A-Za-z][A-Za-z-]+", re.sub(r"<[^>]+>|&[a-z]+;|\{[^}]*\}", " ", page.split("</style>")[1]))
    assert set(words) <= {"Risk", "warnings", "Q4", "IsolationForest", "RO", "AIGC", "Business", "Lab"}


def test_values_are_escaped():
    """A merchant name holding markup is shown as text, not run."""
    page = risk_report_html(_report(merchant="<script>alert(1)</script>"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_bar_chart_scales_to_the_largest_value():
    """The tallest bar belongs to the largest value and every bar is labelled."""
    svg = bar_chart_svg(["a", "b"], {"x": [1.0, 4.0]}, title="t")
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', svg)][:2]
    assert heights[1] == max(heights) and heights[0] == heights[1] / 4
