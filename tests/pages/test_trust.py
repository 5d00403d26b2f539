"""The Trust & governance page: opens from shipped results with every tab, checks pasted text for the
watermark, switches the fairness column, and builds the transparency report."""

import pytest

from tests.pages.conftest import open_page, page_text

PAGE = "pages/7_Trust_and_governance.py"


def open_tab(run_page, index: int):
    """A run of the page with tab `index` open (only the open tab is drawn)."""
    from dashboard.trust.views import tab_labels

    return run_page(PAGE, {"trust_tab": tab_labels()[index]})


@pytest.fixture(scope="module")
def opened():
    """One run of the page shared by the checks (AppTest runs are slow)."""
    return open_page(PAGE, timeout=90)


def test_opens_with_figures_and_every_tab(opened):
    """No exception or error; four headline figures with values; seven tabs; cards, privacy table shown."""
    app = opened
    assert not app.exception and not app.error
    labels = [metric.label for metric in app.metric]
    for label in ("Explanations add up", "Age gap in decline rates", "Synthetic quality at ε = 3",
                  "Watermark detected"):
        assert label in labels
    assert all(metric.value for metric in app.metric)
    assert len(app.tabs) == 7
    text = page_text(app)
    assert "simulated" in text and "Purpose." in text
    assert "Credit default model (gradient boosting)" in app.selectbox(key="trust_card_model").options


def test_pasted_text_gets_a_verdict(run_page):
    """A text without the mark gets a plain verdict with its z-score."""
    app = open_tab(run_page, 4)
    app.text_area(key="trust_watermark_text").set_value(
        "This sturdy kettle boils water quickly and looks good on any kitchen counter for many years.").run()
    assert not app.exception
    verdicts = [m.value for m in app.markdown if "Verdict:" in m.value]
    assert verdicts and "z-score" in verdicts[0] and "watermarked." not in verdicts[0]


@pytest.mark.parametrize("index", [1, 3, 5, 6])
def test_every_other_tab_opens_without_error(run_page, index):
    """Explanations, privacy, compute and report tabs each draw without an error."""
    app = open_tab(run_page, index)
    assert not app.exception and not app.error


def test_fairness_column_switch_and_report(run_page):
    """Another sensitive column redraws the panel; the report for a chosen model is self-contained."""
    from dashboard.trust.report_html import transparency_report

    app = open_tab(run_page, 2)
    app.segmented_control(key="trust_fairness_column").set_value("region").run()
    assert not app.exception and not app.error
    html = transparency_report("Product copy writer")
    assert "Model card: Product copy writer" in html and "http://" not in html and "https://" not in html


def test_own_table_audit_on_a_shipped_table(run_page):
    """The audit of a session table: loan defaults against credit score by employment status gives both gaps."""
    app = open_tab(run_page, 2)
    app.toggle(key="trust_fair_own").set_value(True).run()
    assert not app.exception and not app.error
    labels = [metric.label for metric in app.metric]
    assert "Gap in decision rates" in labels and "Gap in error rates" in labels
