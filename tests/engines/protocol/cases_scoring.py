"""Protocol cases of the scoring models (see tests/engines/protocol/__init__.py): the anomaly autoencoder,
the FAQ assistant (its TF-IDF path: the MiniLM path loads a sentence model for seconds and is tested in
tests/engines/faq) and the product propensity models."""

from functools import cache

import numpy as np
import pandas as pd

from engines.anomaly.autoencoder import TabularAutoencoder
from engines.faq.assistant import FaqAssistant
from engines.product_suitability.recommender import ProductPopularityBaseline, ProductRecommender
from tests.engines.protocol import ProtocolCase


@cache
def transactions() -> pd.DataFrame:
    """180 rows: two related numbers, a 0/1 flag and a category."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=180)
    return pd.DataFrame({
        "amount": base, "amount_vs_usual": 2 * base + rng.normal(0, 0.1, 180),
        "abroad": (rng.random(180) < 0.1).astype(float),
        "channel": rng.choice(["online", "in_store", "atm"], 180),
    })


FAQ = pd.DataFrame({
    "faq_id": [1, 2, 3, 4],
    "topic": ["cards", "cards", "accounts", "loans"],
    "question": ["How do I reset my PIN?", "My card was stolen, what do I do?",
                 "How do I open a savings account?", "What is the interest rate on a personal loan?"],
    "answer": ["Choose Cards > Reset PIN in the app.", "Freeze the card in the app and call us.",
               "Open the app and pick Accounts > New savings account.", "Personal loans start at 6.9% APR."],
})
FAQ_QUESTIONS = ["forgot my pin", "someone stole my card", "savings account", "loan rate", "weather tomorrow"]


@cache
def bank() -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """40 customers with a profile and their holdings of 5 products (the first follows risk tolerance)."""
    rng = np.random.default_rng(1)
    customers = pd.DataFrame({
        "customer_id": np.arange(1, 41), "age": rng.integers(18, 80, 40),
        "income": rng.lognormal(10, 0.5, 40),
        "risk_tolerance": rng.integers(1, 6, 40), "segment": rng.choice(["mass", "affluent"], 40),
    })
    held = rng.random((40, 5)) < 0.3
    held[:, 0] = customers["risk_tolerance"].to_numpy() >= 3
    rows, columns = np.nonzero(held)
    holdings = pd.DataFrame({"customer_id": customers["customer_id"].to_numpy()[rows],
                             "product_id": columns + 101})
    return customers, holdings, np.arange(101, 106)


def no_customer_ids() -> tuple:
    customers, holdings, product_ids = bank()
    return customers.drop(columns="customer_id"), holdings, product_ids


CASES: dict[str, ProtocolCase] = {
    "tabular_autoencoder": ProtocolCase(
        make=lambda seed: TabularAutoencoder(hidden_dims=(8, 2), epochs=5, batch_size=32, max_steps=20,
                                             device="cpu", random_state=seed),
        data=lambda: (transactions(),),
        output=lambda model: model.feature_errors(transactions().head(20)),
        bad_data=lambda: (transactions().head(5),),
    ),
    "faq_assistant": ProtocolCase(
        make=lambda seed: FaqAssistant("tfidf"),
        data=lambda: (FAQ,),
        # Latency is wall-clock time: the only field that may differ between two identical assistants.
        output=lambda model: [vars(model.answer(text)) | {"latency_ms": 0.0} for text in FAQ_QUESTIONS],
        bad_data=lambda: (FAQ.drop(columns="answer"),),
        trains_in_steps=False,
    ),
    "product_recommender": ProtocolCase(
        make=lambda seed: ProductRecommender(random_state=seed),
        data=bank,
        output=lambda model: model.predict_proba(*bank()[:2]),
        bad_data=no_customer_ids,
        trains_in_steps=False,
    ),
    "product_popularity_baseline": ProtocolCase(
        make=lambda seed: ProductPopularityBaseline(),
        data=bank,
        output=lambda model: model.predict_proba(*bank()[:2]),
        bad_data=no_customer_ids,
        trains_in_steps=False,
    ),
}
