"""The Retail banking risk page: opens with shipped results in every section, answers a FAQ question, explains a
bad upload, and shows a finished comparison job."""

import numpy as np
import pandas as pd
import pytest

from dashboard.jobs import BackgroundJob
from engines.rebalancing import LabelledTable, compare_rebalancing
from tests.pages.chart_specs import chart_specs, encoded_fields, layers
from tests.pages.conftest import open_page, page_text

PAGE = "pages/4_Retail_Banking_Risk.py"


@pytest.fixture(scope="module")
def opened():
    """One run of the page shared by the read-only checks (AppTest runs are slow)."""
    return open_page(PAGE, timeout=90)


def test_opens_with_every_section(opened):
    """No exception or error; headline metrics have values; each section shows its figures beside a baseline."""
    app = opened
    assert not app.exception and not app.error
    labels = [metric.label for metric in app.metric]
    for label in ("Card fraud: SMOTE vs plain training", "Risk warnings vs IsolationForest",
                  "PR-AUC, no rebalancing", "Popularity baseline", "Keyword search (TF-IDF baseline)"):
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
    app.get("button_group")[0].set_value("credit").run()
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


def test_top_cards_state_the_findings_with_their_baselines(opened):
    """The top cards are the banking findings (the same words as the Home page), and no card carries a delta
    arrow unless it is a change against a named baseline ("vs ...")."""
    from dashboard.banking import findings, shipped

    app = opened
    expected = findings.bank_findings(shipped.comparison("fraud"), shipped.comparison("credit"),
                                      shipped.risk_report()[0], shipped.product_results(), shipped.faq_results(),
                                      shipped.faq_chinese_results())
    labels = [metric.label for metric in app.metric]
    text = page_text(app)
    for finding in expected:
        assert finding.label in labels and finding.sentence in text
    assert "generated fraud cases do not help" in expected[0].sentence
    assert "Chinese questions: 41%" in expected[-1].sentence  # the Chinese assistant's figure beside the English
    for metric in app.metric:
        if metric.delta:
            assert " vs " in metric.delta, (metric.label, metric.delta)


def test_dose_chart_names_its_lines(opened):
    """The "Would fewer made-up fraud cases help?" chart has a colour legend naming each strategy."""
    spec = next(s for s in chart_specs(opened) if "pr_auc_change" in encoded_fields(s, "y"))
    colours = [view["encoding"]["color"] for view in layers(spec) if "color" in view.get("encoding", {})]
    assert colours and all(c.get("legend", {}) is not None for c in colours)
    assert all(c["field"] == "label" and c.get("title") for c in colours)
    names = {row["label"] for rows in spec["datasets"].values() for row in rows if "label" in row}
    assert {"SMOTE", "GAN samples (ours)", "VAE samples (ours)"} <= names


def test_pr_curves_show_where_they_differ(opened):
    """The PR chart's axes are titled in words, precision runs 0-1 and the recall axis starts where the fraud
    curves begin (not a 0-1 range that squeezes them into the corner)."""
    spec = next(s for s in chart_specs(opened) if "recall" in encoded_fields(s, "x"))
    view = next(v for v in layers(spec) if v.get("encoding", {}).get("x", {}).get("field") == "recall")
    x, y = view["encoding"]["x"], view["encoding"]["y"]
    assert x["title"].startswith("Recall") and y["title"].startswith("Precision")
    assert len(y["title"]) <= 40  # a longer title is cut at the chart's height
    assert y["scale"]["domain"][0] == 0 and y["scale"]["domain"][1] <= 1
    assert 0 < x["scale"]["domain"][0] < 1 and x["scale"]["domain"][1] == 1
    assert view["encoding"]["color"].get("title")


def test_glossary_and_readable_provenance(opened):
    """Technical words are listed in the page's glossary; the provenance tag is a table in words, not JSON with
    null; internal generator tags are not shown as content."""
    app = opened
    assert any("Glossary" in expander.label for expander in app.expander)
    provenance = next(t.value for t in app.table if "Field" in t.value.columns)
    assert "Written by" in set(provenance["Field"])
    assert not provenance["Value"].astype(str).str.contains("None|null|nan").any()
    assert not app.get("json")
    assert "template-copy v1" not in " ".join(c.value for c in app.caption)


def test_chinese_reader_asks_the_chinese_assistant(run_page):
    """In Chinese, the FAQ tab states the Chinese assistant's top-1 on held-out Chinese paraphrases next to the
    English figure, and a Chinese question is answered from the Chinese FAQ."""
    # Setup
    app = run_page(PAGE, {"language": "zh"})

    # Run
    app.text_input(key="bank_faq_question").set_value("我的银行卡被偷了")
    app.get("form_submit_button")[[b.label for b in app.get("form_submit_button")].index("提问")].click()
    app.run()

    # Assert
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["首次答对率：中文（BM25）"] == "41%" and metrics["首次答对率：英文（语义检索）"] == "75%"
    assert "卡丢了或被偷了怎么办？" in page_text(app)
    assert any("BM25" in caption.value and "置信度" in caption.value for caption in app.caption)


def test_chinese_upload_errors_are_explained_in_chinese(run_page):
    """In Chinese, a label column with one class is refused with the engine's keyed message in Chinese."""
    # Setup
    app = run_page(PAGE, {"language": "zh"})
    csv = "amount,hour,is_fraud\n" + "\n".join(f"{i % 50},{i % 24},0" for i in range(200))

    # Run
    app.file_uploader(key="bank_upload").set_value(("one_class.csv", csv.encode(), "text/csv")).run()
    app.selectbox(key="bank_col_label").set_value("is_fraud")
    app.button(key="bank_run").click().run()

    # Assert
    assert any("只有一个取值" in error.value and "is_fraud" in error.value for error in app.error)
