"""Personalised products in the page: Recall@5 against the baselines, one customer's suggestions under the
suitability rule, what the rule withheld, and generated marketing copy with its provenance tag."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dashboard.banking.labels import category_label, product_description, product_name, value_label
from dashboard.data import bank_queries
from dashboard.data.database import SessionDatabase
from dashboard.glossary import help_text
from dashboard.i18n import current_language, number, percent, t
from dashboard.tables import show_table, show_text_table
from engines.product_suitability.personalised_copy import marketing_copy
from engines.product_suitability.suitability import holdings_matrix, suitable


def suggestions(scores: pd.DataFrame, customer: pd.DataFrame, holdings: pd.DataFrame, products: pd.DataFrame,
                k: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(top-k suitable products not held, the best products the suitability rule withheld) for one customer, from
    the recommender's `scores` (customer_id, product_id, score)."""
    customer_id = int(customer["customer_id"].iloc[0])
    own = scores[scores["customer_id"] == customer_id].set_index("product_id")["score"]
    product_ids = products["product_id"].to_numpy()
    held = holdings_matrix(holdings, customer["customer_id"].to_numpy(), product_ids)[0] > 0
    allowed = suitable(products["risk_level"].to_numpy(), customer["risk_tolerance"].to_numpy())[0]
    table = products.assign(score=own.reindex(product_ids).to_numpy(), held=held, allowed=allowed)
    candidates = table[~table["held"]].sort_values("score", ascending=False)
    return candidates[candidates["allowed"]].head(k), candidates[~candidates["allowed"]].head(3)


def show_products(db: SessionDatabase, scores: pd.DataFrame, results: dict) -> None:
    """Draw the section."""
    frame = pd.DataFrame(results["results"]).set_index("recommender")
    model_name = next(name for name in frame.index if name.startswith("Conditional"))
    ours, popular = frame.loc[model_name, "recall_at_5"], frame.loc["Popularity", "recall_at_5"]
    oracle = frame.loc[[n for n in frame.index if n.startswith("Oracle")][0], "recall_at_5"]
    cols = st.columns(3)
    cols[0].metric(t("banking.products.ours"), percent(ours),
                   t("banking.products.ours.delta", change=f"{(ours - popular) * 100:+.1f}"), help=help_text("Recall@5"))
    cols[1].metric(t("banking.products.popularity"), percent(popular), help=t("banking.products.popularity.help"))
    cols[2].metric(t("banking.products.ceiling"), percent(oracle), help=t("banking.products.ceiling.help"))
    st.info(t("banking.products.takeaway", popular=percent(popular, decimals=0), ours=percent(ours, decimals=0),
              ceiling=percent(oracle, decimals=0), customers=int(results["test_customers"])),
            icon=":material/lightbulb:")
    with st.expander(t("banking.products.all")):
        shown = frame.reset_index()
        shown["recommender"] = shown["recommender"].map(lambda name: value_label("recommender", name))
        show_table(shown, {
            "recommender": st.column_config.TextColumn(t("banking.products.col.recommender")),
            "recall_at_5": st.column_config.NumberColumn(t("banking.products.col.recall"), format="percent",
                                                         help=help_text("Recall@5")),
            "recall_at_5_without_rule": st.column_config.NumberColumn(
                t("banking.products.col.recall_without_rule"), format="percent",
                help=t("banking.products.col.recall_without_rule.help")),
        })
        st.caption(t("banking.products.allowed_share", share=percent(results["held_out_allowed_share"], decimals=0)))

    choices = bank_queries.customer_choices(db, sorted(scores["customer_id"].unique().tolist()))
    if choices.empty:
        st.warning(t("banking.products.no_customers"))
        return
    labels = {int(r.customer_id): t("banking.products.customer_choice", customer=str(r.customer_id), age=int(r.age),
                                    segment=category_label(r.segment), tolerance=category_label(r.risk_tolerance_label))
              for r in choices.itertuples()}
    customer_id = st.selectbox(t("banking.products.customer"), list(labels), format_func=labels.get,
                               key="bank_customer")
    customer = bank_queries.customer_profile(db, customer_id)
    holdings = bank_queries.customer_holdings(db, customer_id)
    products = bank_queries.products(db)
    top, withheld = suggestions(scores, customer, holdings, products)
    left, right = st.columns([1, 2])
    with left:
        st.markdown(t("banking.products.holds"))
        held = holdings.assign(name=holdings["name"].map(product_name), type=holdings["type"].map(category_label))
        show_text_table(held[["name", "type", "risk_level"]],
                        {"name": t("banking.products.col.product"), "type": t("banking.products.col.type"),
                         "risk_level": t("banking.products.col.risk")})
        if not withheld.empty:
            tolerance = int(customer["risk_tolerance"].iloc[0])
            lines = [t("banking.products.withheld_line", product=product_name(r.name), risk=int(r.risk_level),
                       tolerance=tolerance, likelihood=percent(r.score, decimals=0)) for r in withheld.itertuples()]
            st.warning(t("banking.products.withheld") + "\n\n" + "\n".join(f"- {line}" for line in lines),
                       icon=":material/shield:")
    with right:
        st.markdown(t("banking.products.suggested"))
        row = customer.iloc[0]
        for product in top.itertuples(index=False):
            copy = _copy(row, pd.Series(product._asdict()), float(product.score))
            with st.container(border=True):
                st.markdown(f"**{copy.headline}**  \n{copy.body}")
                st.caption(t("banking.products.copy_caption", likelihood=percent(product.score, decimals=0),
                             risk=int(product.risk_level), check=category_label(copy.provenance["facts_check"])))
        if top.empty:
            st.caption(t("banking.products.nothing_suitable"))
        with st.expander(t("banking.products.provenance")):
            if not top.empty:
                first = top.iloc[0]
                show_text_table(provenance_table(_copy(row, first, float(first["score"])).provenance))


def _copy(customer: pd.Series, product: pd.Series, score: float):
    """The generated message for one product, in the reader's language (Chinese copy from the Chinese catalogue's
    name and description)."""
    language = current_language()
    if language == "zh":
        product = product.copy()
        product["description"] = product_description(product["name"], product.get("description"))
        product["name"] = product_name(product["name"])
    return marketing_copy(customer, product, score=score, language=language)


def provenance_table(provenance: dict) -> pd.DataFrame:
    """A message's provenance tag as a two-column table in words: nested facts as "name: value" lists, yes/no for
    flags, blanks (not null) for what is missing; field names and our own values in the reader's language."""
    def shown(value, key: str = "") -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, bool):
            return category_label("yes" if value else "no")
        if isinstance(value, dict):
            return t("banking.list.semicolon").join(
                t("banking.provenance.item", name=value_label("provenance_fact", name), value=shown(v, name))
                for name, v in value.items() if shown(v, name) != "")
        if isinstance(value, float):
            return percent(value, decimals=0) if 0 <= value <= 1 else f"{value:g}"
        if key == "generator":
            return t("banking.provenance.generator_value")
        rule = re.fullmatch(r"risk level (\S+) <= risk tolerance (\S+)", str(value))
        if key == "suitability_rule" and rule:
            return t("banking.provenance.rule_value", risk=rule[1], tolerance=rule[2])
        if key == "language":
            return t(f"banking.provenance.language.{value}") if value in ("en", "zh") else str(value)
        return category_label(value)

    return pd.DataFrame([{t("banking.provenance.col.field"): value_label("provenance", key),
                          t("banking.provenance.col.value"): shown(value, key)} for key, value in provenance.items()])
