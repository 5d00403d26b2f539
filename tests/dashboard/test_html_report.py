"""The shared shell of the HTML reports: one stylesheet, escaped text, accessible inline SVG, nothing fetched."""

import re

from dashboard import html_report
from dashboard.banking.report_html import risk_report_html
from dashboard.studio.html_report import html_report as studio_html_report
from tests.dashboard.banking.test_report_html import _report as risk_report
from tests.dashboard.studio.test_html_report import _report as studio_report


def test_document_escapes_its_title_and_carries_both_stylesheets():
    """The title is text, the shared CSS comes before the report's own, and no URL is referenced."""
    # Run
    page = html_report.html_document("<b>Q4</b> & more", "<p>body</p>", ".extra{color:red}")

    # Assert
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>&lt;b&gt;Q4&lt;/b&gt; &amp; more</title>" in page
    assert page.index(html_report.BASE_CSS) < page.index(".extra{color:red}")
    assert not re.search(r"(?:src|href)\s*=|https?://|@import|url\(", page)


def test_svg_names_the_chart_and_escapes_the_name():
    """A labelled chart is an image for screen readers; the label cannot break out of its attribute."""
    # Run
    chart = html_report.svg(100, 50, ["<rect/>"], label="a 'quoted' <title>")

    # Assert
    assert chart.startswith("<svg width='100' height='50' viewBox='0 0 100 50' role='img'")
    assert "aria-label='a &#x27;quoted&#x27; &lt;title&gt;'" in chart and chart.endswith("<rect/></svg>")
    assert "role=" not in html_report.svg(10, 10, [])
    assert html_report.text(None) == "" and html_report.text("<i>") == "&lt;i&gt;"


def test_both_reports_use_the_one_shell():
    """The Studio's and the bank's reports share the stylesheet and leave no URL, not even an SVG namespace."""
    # Run
    pages = [risk_report_html(risk_report()), studio_html_report(studio_report())]

    # Assert
    for page in pages:
        assert html_report.BASE_CSS in page
        assert not re.search(r"https?://", page)
