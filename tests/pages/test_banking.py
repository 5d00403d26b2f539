"""The Retail banking risk page: opens with shipped results in every section, answers a FAQ question, explains a
bad upload, and shows a finished comparison job."""

import numpy as np
import pandas as pd
import pytest

from dashboard.jobs import BackgroundJob
from engines.rebalancing import LabelledTable, compare_rebalancing
from tests.pages.conftest import page_text

PAGE = "pages/4_Retail_Banking_Risk.py"


@pytest.fixture(scope="module")
def opened():
    """One run of the page shared by the read-only checks (AppTest runs are slow)."""
    from tests.pages.conftest import APP_ROOT
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP_ROOT / "streamlit_app.py"), default_timeout=90)
    app.run()
    app.switch_page(PAGE).run()
    return app


def test_opens_with_every_section(opened):
    """No exception or error; headline metrics have values; each section shows its figures beside a baseline."""
    app = opened
    assert not app.exception and not app.error
    labels = [metric.label for metric in app.metric]
    for label in ("Fraud model PR-AUC", "Fraud among the 100 top warnings", "Product Recall@5",
                  "FAQ answers right (top-1)", "PR-AUC, no rebalancing", "IsolationForest (baseline)",
                  "Popularity baseline", "TF-IDF baseline"):
        assert label in labels
    assert all(metric.value for metric in app.metric)
    text = page_text(app)
    assert "simulated" in text
    assert len(app.tabs) >= 5
    assert any("Download the risk-warning report" in button.label for button in app.get("download_button"))


def test_faq_question_is_answered(opened):
    """Asking a question shows the user's message and an assistant reply with a confidence."""
    app = opened
    app.text_input(key="bank_faq_question").set_value("how do I reset my PIN")
    app.get("form_submit_button")[[b.label for b in app.get("form_submit_button")].index("Ask")].click()
    app.run()
    assert not app.exception and not app.error
    replies = [m for m in app.get("chat_message")]
    assert len(replies) == 2
    assert "Confidence" in page_text(app)


def test_credit_portfolio_and_bad_upload(run_page):
    """Switching to loan defaults shows the credit comparison; a one-class label is explained, not raised."""
    app = run_page(PAGE)
    app.get("button_group")[0].set_value("Loan defaults").run()
    assert not app.exception and not app.error
    assert any("decline" in str(r.options) for r in app.radio)
    csv = "amount,hour,is_fraud\n" + "\n".join(f"{i % 50},{i % 24},0" for i in range(200))
    app.file_uploader(key="bank_upload").set_value(("one_class.csv", csv.encode(), "text/csv")).run()
    app.selectbox(key="bank_col_label").set_value("is_fraud")
    app.button(key="bank_run").click().run()
    assert not app.exception
    assert any("only one value" in error.value for error in app.error)


def test_finished_upload_job_is_shown(run_page):
    """A finished comparison job in the session is drawn with its takeaway and metrics table."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=600)
    frame = pd.DataFrame({"x": x, "y": rng.normal(size=600), "label": (x + 0.3 * rng.normal(size=600) > 1.3).astype(int)})
    table = LabelledTable.from_frame(frame, "label")
    report = compare_rebalancing(table, ["none", "class_weights"], seeds=(0,), n_bootstrap=20,
                                 classifier_params={"gbm": {"max_iter": 20}})
    job = BackgroundJob([("Rebalancing comparison", lambda progress: report)]).start()
    job.wait(30)
    app = run_page(PAGE, session_state={"bank_job": job, "bank_job_drawn": job})
    assert not app.exception and not app.error
    assert report.takeaway in "\n".join(info.value for info in app.info)
