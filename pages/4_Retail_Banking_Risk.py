"""Retail banking risk: generative oversampling for fraud and credit, autoencoder risk warnings, suitable product
suggestions and a FAQ assistant, on the shipped (simulated) bank."""

import streamlit as st

from dashboard.banking import findings, shipped
from dashboard.banking.anomaly_view import show_risk_monitoring
from dashboard.banking.faq_view import show_faq
from dashboard.banking.products_view import show_products
from dashboard.banking.rebalancing_view import headline, show_comparison
from dashboard.banking.your_data_view import show_your_data
from dashboard.data import bank_queries
from dashboard.glossary import glossary_section
from dashboard.i18n import t
from dashboard.page_setup import explained_errors, setup_page
from dashboard.session import session_database

setup_page("Retail banking risk")
st.title(t("banking.title"))
st.caption(t("banking.caption"))
db = session_database()
loader = shipped.assistant_loader()  # starts loading the FAQ assistant in the background right away

with explained_errors(t("action.reading_shipped_results")):
    fraud = shipped.comparison("fraud")
    products_result, faq_result = shipped.product_results(), shipped.faq_results()
    faq_chinese = shipped.faq_chinese_results()
    found = findings.bank_findings(fraud, shipped.comparison("credit"), shipped.risk_report()[0],
                                   products_result, faq_result, faq_chinese or None)
    st.markdown(t("banking.headline", finding=found[0].sentence))
    for row_start in range(0, len(found), 3):
        for column, finding in zip(st.columns(3), found[row_start:row_start + 3]):
            with column.container(border=True, height="stretch"):
                st.metric(finding.label, finding.value, help=finding.detail)
                st.caption(t("banking.card_sentence", finding=finding.sentence))

fraud_tab, monitor_tab, product_tab, faq_tab, upload_tab = st.tabs([
    f":material/credit_card_off: {t('banking.tab.fraud')}", f":material/monitoring: {t('banking.tab.warnings')}",
    f":material/savings: {t('banking.tab.products')}", f":material/support_agent: {t('banking.tab.faq')}",
    f":material/upload_file: {t('banking.tab.your_data')}",
])

with fraud_tab:
    with explained_errors(t("action.banking.comparison")):
        portfolios = {name: t(f"banking.portfolio.{name}") for name in ("fraud", "credit")}
        scenario = st.segmented_control(t("banking.portfolio"), list(portfolios), default="fraud",
                                        format_func=portfolios.get, key="bank_scenario") or "fraud"
        report, bad = (fraud, "fraud") if scenario == "fraud" else (shipped.comparison("credit"), "default")
        st.subheader(headline(report, bad))
        st.caption(t("banking.comparison.intro"))
        show_comparison(report, bad=bad, flag_word="flag" if scenario == "fraud" else "decline", key=scenario,
                        dose=shipped.oversampling_dose(), scenario=scenario)

with monitor_tab:
    st.subheader(t("banking.warnings.title"))
    st.caption(t("banking.warnings.caption"))
    with explained_errors(t("action.banking.warnings")):
        report, training = shipped.risk_report()
        show_risk_monitoring(report, training)

with product_tab:
    st.subheader(t("banking.products.title"))
    st.caption(t("banking.products.caption"))
    with explained_errors(t("action.banking.products")):
        show_products(db, shipped.product_scores(), products_result)

with faq_tab:
    st.subheader(t("banking.faq.title"))
    st.caption(t("banking.faq.caption"))
    with explained_errors(t("action.banking.faq")):
        show_faq(loader, faq_result, bank_queries.faq_examples(db), faq_chinese,
                 shipped.chinese_faq_examples())

with upload_tab:
    st.subheader(t("banking.your_data.title"))
    show_your_data(db)

glossary_section(findings.PAGE_TERMS)
