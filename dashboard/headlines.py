"""Headline figures of the shipped (simulated) datasets for the home page, computed live by the data layer
(`dashboard/data/headline_queries.py`) and worded here; and "What the lab found": one finding per demo, read from
the shipped results through each page's own headline function, so Home and the page never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data import SessionDatabase, headline_queries
from dashboard.i18n import money_compact, number, percent, t


@dataclass(frozen=True)
class Headline:
    """One figure: what it is, its formatted value, and a plain-words note under it."""

    dataset: str
    label: str
    value: str
    note: str


def headline_figures(database: SessionDatabase) -> list[Headline]:
    """A few figures per sample dataset that show its scale and the problem each demo works on."""
    store = headline_queries.store_totals(database)
    bank = headline_queries.bank_totals(database)
    school = headline_queries.education_totals(database)
    shop, retail_bank, education = t("dataset.ecommerce"), t("dataset.retail_bank"), t("dataset.education")
    return [
        Headline(shop, t("headline.revenue"), money_compact(store.revenue),
                 t("headline.revenue.note", orders=int(store.orders), products=int(store.products))),
        Headline(shop, t("headline.conversion"), percent(store.conversion), t("headline.conversion.note")),
        Headline(retail_bank, t("headline.transactions"), number(bank.transactions),
                 t("headline.transactions.note", fraud_share=percent(bank.fraud_rate, decimals=2))),
        Headline(retail_bank, t("headline.default_rate"), percent(bank.default_rate), t("headline.default_rate.note")),
        Headline(education, t("headline.attempts"), number(school.attempts),
                 t("headline.attempts.note", students=int(school.students), skills=int(school.skills))),
        Headline(education, t("headline.accuracy"), percent(school.accuracy), t("headline.accuracy.note")),
    ]


@dataclass(frozen=True)
class LabFinding:
    """One demo's decision-relevant finding, with its baseline, and the page that shows the detail."""

    demo: str
    page: str
    text: str


def lab_findings() -> list[LabFinding]:
    """One finding per demo, in the pages' order, each the top line of its page (markdown)."""
    from dashboard.banking import findings as bank, shipped as bank_shipped
    from dashboard.ecommerce import recommendations, shipped as shop_shipped
    from dashboard.education import page_data
    from dashboard.education.shipped import shipped_results as education_results
    from dashboard.marketing import shipped as marketing_shipped, views as marketing_views
    from dashboard.studio.labels import example_title
    from dashboard.studio.report import leaderboard_headline
    from dashboard.studio.shipped import load_examples

    found = []
    examples = [e for e in load_examples() if leaderboard_headline(e.reports)]
    if examples:
        example = examples[0]
        found.append(LabFinding(t("demo.synthetic_data"), "pages/2_Synthetic_Data_Studio.py",
                                t("studio.home_finding", table=example_title(example.table, example.title),
                                  finding=leaderboard_headline(example.reports))))
    shop = shop_shipped.shipped_results()
    found.append(LabFinding(t("demo.ecommerce"), "pages/3_E-commerce.py",
                            recommendations.headline_sentence(recommendations.headline(shop["leaderboard"]))))
    fraud = bank.rebalancing_finding(bank_shipped.comparison("fraud"), "fraud", t("banking.portfolio.fraud"))
    credit = bank.rebalancing_finding(bank_shipped.comparison("credit"), "default", t("banking.portfolio.credit"))
    found.append(LabFinding(t("demo.retail_banking"), "pages/4_Retail_Banking_Risk.py",
                            t("banking.home_finding", fraud=fraud.sentence, credit=credit.sentence)))
    found.append(LabFinding(t("demo.education"), "pages/5_Education.py",
                            page_data.headline_text(page_data.headline(education_results()))))
    found.append(LabFinding(t("demo.marketing"), "pages/6_Marketing_and_creative.py",
                            marketing_views.headline_sentence(marketing_shipped.shipped_results())))
    return found
