"""Personalised products in the page: Recall@5 against the baselines, one customer's suggestions under the
suitability rule, what the rule withheld, and generated marketing copy with its provenance tag."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.data import bank_queries
from dashboard.glossary import help_text
from dashboard.tables import show_table, show_text_table
from dashboard.data.database import SessionDatabase
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
    cols[0].metric("Recall@5, our model", f"{ours:.1%}", f"{(ours - popular) * 100:+.1f} pts vs popularity",
                   help=help_text("Recall@5"))
    cols[1].metric("Popularity baseline", f"{popular:.1%}",
                   help="Suggests the products most customers hold, to everyone.")
    cols[2].metric("Ceiling (true propensities)", f"{oracle:.1%}",
                   help="The simulator's true probabilities, ranked the same way: no model can expect to beat it.")
    st.info(
        f"Knowing the customer's profile and products lifts Recall@5 from {popular:.0%} to {ours:.0%} "
        f"(ceiling {oracle:.0%}) on {results['test_customers']:,} held-out customers. A fixed suitability rule, not "
        "the model, removes any product riskier than the customer's risk tolerance.", icon=":material/lightbulb:")
    with st.expander("All recommenders on held-out holdings"):
        shown = frame.reset_index().rename(columns={"recommender": "Recommender", "recall_at_5": "Recall@5 (with rule)",
                                                    "recall_at_5_without_rule": "Recall@5 without the rule"})
        show_table(shown, {
            "Recall@5 (with rule)": st.column_config.NumberColumn(format="percent", help=help_text("Recall@5")),
            "Recall@5 without the rule": st.column_config.NumberColumn(
                format="percent", help="Recall@5 if the suitability rule were switched off."),
        })
        st.caption(f"{results['held_out_allowed_share']:.0%} of held-out products are within the customer's risk "
                   "tolerance, so the rule costs a little recall on purpose.")

    choices = bank_queries.customer_choices(db, sorted(scores["customer_id"].unique().tolist()))
    if choices.empty:
        st.warning("The shipped customers table is empty.")
        return
    labels = {int(r.customer_id): f"Customer {r.customer_id} · {r.age} y · {r.segment.replace('_', ' ')} · "
              f"risk tolerance {r.risk_tolerance_label}" for r in choices.itertuples()}
    customer_id = st.selectbox("Customer", list(labels), format_func=labels.get, key="bank_customer")
    customer = bank_queries.customer_profile(db, customer_id)
    holdings = bank_queries.customer_holdings(db, customer_id)
    products = bank_queries.products(db)
    top, withheld = suggestions(scores, customer, holdings, products)
    left, right = st.columns([1, 2])
    with left:
        st.markdown("**Holds today**")
        show_text_table(holdings[["name", "type", "risk_level"]],
                        {"name": "Product", "type": "Type", "risk_level": "Risk (1-5)"})
        if not withheld.empty:
            tolerance = int(customer["risk_tolerance"].iloc[0])
            lines = [f"- {r.name} (risk {r.risk_level} > tolerance {tolerance}, likelihood {r.score:.0%})"
                     for r in withheld.itertuples()]
            st.warning("**Withheld by the suitability rule**\n\n" + "\n".join(lines), icon=":material/shield:")
    with right:
        st.markdown("**Suggested next products, with generated copy**")
        row = customer.iloc[0]
        for product in top.itertuples(index=False):
            copy = marketing_copy(row, pd.Series(product._asdict()), score=product.score)
            with st.container(border=True):
                st.markdown(f"**{copy.headline}**  \n{copy.body}")
                st.caption(f"Likelihood {product.score:.0%} · risk {product.risk_level}/5 · "
                           ":material/smart_toy: written by rule-based templates, no language model · facts "
                           f"check {copy.provenance['facts_check']} · not reviewed by a person")
        if top.empty:
            st.caption("Nothing suitable that the customer does not already hold.")
        with st.expander("Where the first message came from (its provenance tag)"):
            if not top.empty:
                first = top.iloc[0]
                show_text_table(provenance_table(marketing_copy(row, first, score=float(first["score"])).provenance))


PROVENANCE_LABELS = {
    "generator": "Written by", "ai_generated": "Generated by software", "product_facts_used": "Product facts used",
    "customer_attributes_used": "Customer details used", "recommendation_score": "Likelihood the customer takes it",
    "suitability_rule": "Suitability rule", "human_review": "Reviewed by a person", "facts_check": "Facts check",
}


def provenance_table(provenance: dict) -> pd.DataFrame:
    """A message's provenance tag as a two-column table in words: nested facts as "name: value" lists, yes/no for
    flags, blanks (not null) for what is missing."""
    def shown(value) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dict):
            return "; ".join(f"{key.replace('_', ' ')}: {shown(v)}" for key, v in value.items()
                             if shown(v) != "")
        if isinstance(value, float):
            return f"{value:.0%}" if 0 <= value <= 1 else f"{value:g}"
        return str(value)

    return pd.DataFrame([{"Field": PROVENANCE_LABELS.get(key, key.replace("_", " ").capitalize()),
                          "Value": shown(value)} for key, value in provenance.items()])
