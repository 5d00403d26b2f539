"""The banking page's generated texts in Chinese: product copy from the Chinese catalogue keeps every number of
the product (facts check), and the findings and takeaways read in Chinese with the same figures."""

import re
from unittest import mock

import pandas as pd

from sample_data.bank_zh import PRODUCTS_ZH


def test_chinese_product_copy_passes_the_facts_check_for_every_product():
    """Every product's Chinese copy, for a student, a young and a private-banking customer, states only the
    catalogue's numbers and is written in Chinese."""
    # Setup
    from engines.product_suitability.personalised_copy import marketing_copy

    from dashboard.data import SessionDatabase

    database = SessionDatabase()
    try:
        catalogue = database.query_frame("SELECT * FROM bank.products")
    finally:
        database.close()
    customers = [pd.Series({"customer_id": 1, "age": 20, "segment": "student", "risk_tolerance": 2,
                            "risk_tolerance_label": "low"}),
                 pd.Series({"customer_id": 2, "age": 30, "segment": "mass_market", "risk_tolerance": 3,
                            "risk_tolerance_label": "medium"}),
                 pd.Series({"customer_id": 3, "age": 64, "segment": "private", "risk_tolerance": 5,
                            "risk_tolerance_label": "very high"})]

    # Run
    copies = []
    for product in catalogue.itertuples(index=False):
        row = pd.Series(product._asdict())
        row["name"], row["description"] = PRODUCTS_ZH[row["name"]]
        copies += [marketing_copy(customer, row, score=0.5, language="zh") for customer in customers]

    # Assert
    assert set(catalogue["name"]) == set(PRODUCTS_ZH)
    assert all(copy.provenance["facts_check"] == "passed" for copy in copies)
    assert all(re.search(r"[\u4e00-\u9fff]", copy.headline) and not re.search(r"[A-Za-z]{3,}", copy.body)
               for copy in copies)


def test_findings_in_chinese_carry_the_english_figures():
    """The Home line and the card findings come out in Chinese with the same figures as in English."""
    # Setup
    from dashboard.banking import findings, shipped

    fraud = shipped.comparison("fraud")

    # Run
    english = findings.rebalancing_finding(fraud, "fraud", "Card fraud")
    with mock.patch("dashboard.i18n.current_language", return_value="zh"):
        chinese = findings.rebalancing_finding(fraud, "fraud", "银行卡欺诈")

    # Assert
    assert re.findall(r"[+-]?\d\.\d{3}", english.sentence) == re.findall(r"[+-]?\d\.\d{3}", chinese.sentence)
    assert "欺诈" in chinese.sentence and not re.search(r"[a-z]{3,}", chinese.sentence.replace("PR-AUC", ""))
