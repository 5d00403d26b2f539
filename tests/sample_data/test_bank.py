"""The shipped retail bank: fraud and default rates, distinct fraud schemes, consistent holdings, and the
FAQ."""

import re

import numpy as np
import pandas as pd
import pytest

from sample_data import bank


@pytest.fixture(scope="module")
def tables(shipped):
    """The shipped bank tables."""
    return shipped["bank"]


def test_fraud_rate_is_as_documented(tables):
    """About 0.3% of transactions are truly fraud, is_fraud_true is set exactly where a fraud pattern is named,
    and the bank's label is_fraud differs from the truth only by unreported fraud and friendly fraud."""
    # Setup
    transactions = tables["transactions"]
    truth, label = transactions["is_fraud_true"], transactions["is_fraud"]
    # Run
    unreported_share = ((truth == 1) & (label == 0)).sum() / truth.sum()
    friendly_share = ((truth == 0) & (label == 1)).sum() / (truth == 0).sum()
    # Assert
    assert abs(truth.mean() - bank.FRAUD_RATE) < 0.0005
    assert ((truth == 1) == transactions["fraud_pattern"].notna()).all()
    assert 0.05 < unreported_share < 0.4
    assert 0.5 * bank.FRIENDLY_FRAUD_RATE < friendly_share < 1.5 * bank.FRIENDLY_FRAUD_RATE
    assert 180_000 <= len(transactions) <= 220_000


def test_fraud_labels_arrive_late(tables):
    """A report date exists exactly for labelled rows, after the payment and before the extraction date; a
    model trained on 1 October misses a good part of September's fraud."""
    # Setup
    transactions = tables["transactions"]
    reported_at = transactions["fraud_reported_at"]
    september = transactions["transaction_time"].between("2024-09-01", "2024-09-30 23:59:59")
    labelled = transactions["is_fraud"] == 1
    # Run
    known_by_october = (reported_at < "2024-10-01")[september & labelled].mean()
    # Assert
    assert (reported_at.notna() == labelled).all()
    assert (reported_at[labelled] > transactions.loc[labelled, "transaction_time"]).all()
    assert (reported_at[labelled] < bank.LABELS_EXTRACTED_AT).all()
    assert 0.2 < known_by_october < 0.9


def test_fraud_patterns_are_distinct_schemes_and_two_copy_the_owner(tables):
    """Card testing is small online payments, a cloned card pays in person abroad, account takeover and purchase
    scams are online and often come from the owner's own device (camouflage)."""
    # Setup
    transactions = tables["transactions"]
    fraud = transactions[transactions["is_fraud_true"] == 1]
    by_pattern = dict(tuple(fraud.groupby("fraud_pattern")))
    genuine = transactions[transactions["is_fraud_true"] == 0]
    known_devices = genuine.groupby("customer_id")["device_id"].agg(set)

    def own_device_share(rows):
        return np.mean([device in known_devices.get(customer, set())
                        for customer, device in zip(rows["customer_id"], rows["device_id"])])

    # Run
    testing, cloned, takeover, scam = (by_pattern[name] for name in bank.FRAUD_PATTERNS)
    # Assert
    assert set(by_pattern) == set(bank.FRAUD_PATTERNS)
    assert (testing["amount"] < 25).all() and (testing["channel"] == "online").all()
    assert (cloned["country"] != bank.HOME_COUNTRY).all() and cloned["channel"].isin(["in_store", "contactless"]).all()
    assert cloned["amount"].median() > 300
    assert (takeover["channel"] == "online").all() and 0.05 < own_device_share(takeover) < 0.5
    assert (scam["channel"] == "online").all() and (scam["country"] == bank.HOME_COUNTRY).all()
    assert own_device_share(scam) > 0.8


def test_fraud_drifts_towards_camouflage(tables):
    """Takeovers and purchase scams make up a larger share of fraud in October-December than in January-March."""
    # Setup
    fraud = tables["transactions"].query("is_fraud_true == 1")
    camouflaged = fraud["fraud_pattern"].isin(["account_takeover", "purchase_scam"])
    quarter = fraud["transaction_time"].dt.quarter
    # Run / Assert
    assert camouflaged[quarter == 4].mean() > camouflaged[quarter == 1].mean() + 0.1


def test_legitimate_data_overlap_each_fraud_signal(tables):
    """Legitimate rows also include small online payments, night spending, foreign spending and new devices,
    so no single rule separates fraud."""
    # Setup
    legitimate = tables["transactions"].query("is_fraud_true == 0")
    # Run / Assert
    assert ((legitimate["amount"] < 5) & (legitimate["channel"] == "online")).sum() > 1000
    assert (legitimate["hour"] < 5).sum() > 1000
    assert (legitimate["country"] != bank.HOME_COUNTRY).sum() > 500
    assert legitimate.groupby("customer_id")["device_id"].nunique().gt(1).sum() > 100


def test_transactions_are_consistent(tables):
    """Ids are unique, hour equals the timestamp's hour, amounts are positive, and device has some gaps."""
    # Setup
    transactions = tables["transactions"]
    # Run / Assert
    assert transactions["transaction_id"].is_unique
    assert (transactions["hour"] == transactions["transaction_time"].dt.hour).all()
    assert (transactions["amount"] > 0).all()
    assert transactions["customer_id"].isin(tables["customers"]["customer_id"]).all()
    assert 0.005 < transactions["device"].isna().mean() < 0.1
    assert transactions["device_id"].isna().groupby(transactions["channel"]).mean()["in_store"] == 1.0


def test_default_rate_and_drivers_are_realistic(tables):
    """8-15% of loans default; defaults are commoner at low credit scores and high debt-to-income."""
    # Setup
    loans = tables["loan_applications"]
    low_credit = loans["credit_score"] < loans["credit_score"].quantile(0.25)
    high_dti = loans["debt_to_income"] > loans["debt_to_income"].quantile(0.75)
    # Run
    default_rate = loans["defaulted"].mean()
    # Assert
    assert 0.08 <= default_rate <= 0.15
    assert loans.loc[low_credit, "defaulted"].mean() > 1.5 * loans.loc[~low_credit, "defaulted"].mean()
    assert loans.loc[high_dti, "defaulted"].mean() > loans.loc[~high_dti, "defaulted"].mean()
    assert 0 < loans["employment_years"].isna().mean() < 0.15
    assert loans["customer_id"].dropna().isin(tables["customers"]["customer_id"]).all()


def test_default_truth_is_a_calibrated_probability(tables):
    """p_default_true lies in (0, 1), covers every application, and its mean matches the observed rate."""
    # Setup
    truth = tables["loan_default_truth"].merge(tables["loan_applications"][["application_id", "defaulted"]])
    # Run
    gap = abs(truth["p_default_true"].mean() - truth["defaulted"].mean())
    # Assert
    assert len(truth) == len(tables["loan_applications"])
    assert truth["p_default_true"].between(0, 1, inclusive="neither").all()
    assert gap < 0.02


def test_customers_are_consistent_with_holdings(tables):
    """n_products_held equals each customer's holdings, risk labels match levels, and profiles have gaps."""
    # Setup
    customers, holdings = tables["customers"], tables["holdings"]
    # Run
    counted = holdings.groupby("customer_id").size().reindex(customers["customer_id"], fill_value=0)
    # Assert
    assert (counted.to_numpy() == customers["n_products_held"].to_numpy()).all()
    assert not holdings.duplicated(["customer_id", "product_id"]).any()
    assert customers["risk_tolerance"].between(1, 5).all()
    assert (customers["risk_tolerance_label"] == customers["risk_tolerance"].map(
        dict(enumerate(bank.RISK_LABELS, start=1)))).all()
    assert 0 < customers["income"].isna().mean() < 0.1
    assert customers["credit_score"].between(300, 850).all()


def test_catalogue_has_every_product_type_and_funds_of_several_risk_levels(tables):
    """The catalogue has 20-30 products of the five types, with funds at three or more risk levels."""
    # Setup
    products = tables["products"]
    # Run
    fund_levels = products.loc[products["type"] == "fund", "risk_level"].nunique()
    # Assert
    assert 20 <= len(products) <= 30
    assert set(products["type"]) == {"deposit", "fund", "card", "loan", "insurance"}
    assert fund_levels >= 3 and products["risk_level"].between(1, 5).all()


def test_holding_propensity_beats_popularity_on_held_out_holdings(tables):
    """For customers with two or more products, one hidden holding ranks in the top 3 of the customer's other
    products more often by true propensity than by popularity (holdings are profile-driven)."""
    # Setup
    customers, holdings, products = tables["customers"], tables["holdings"], tables["products"]
    rng = np.random.default_rng(0)
    counts = pd.crosstab(holdings["customer_id"], holdings["product_id"])
    held = counts.reindex(index=customers["customer_id"], columns=products["product_id"], fill_value=0) > 0
    held = held.to_numpy()
    propensity = tables["holding_propensity"].pivot(index="customer_id", columns="product_id",
                                                    values="p_hold_true")
    propensity = propensity.loc[customers["customer_id"], products["product_id"]].to_numpy()
    users = np.flatnonzero(held.sum(axis=1) >= 2)
    hidden = np.array([rng.choice(np.flatnonzero(held[user])) for user in users])
    visible = held[users].copy()
    visible[np.arange(users.size), hidden] = False
    training = held.copy()
    training[users, hidden] = False
    popularity = training.sum(axis=0).astype(float)

    def top3_hit_rate(scores):
        scores = np.where(visible, -np.inf, scores)
        target = scores[np.arange(users.size), hidden]
        return ((scores > target[:, None]).sum(axis=1) < 3).mean()

    # Run
    oracle = top3_hit_rate(propensity[users])
    baseline = top3_hit_rate(np.tile(popularity, (users.size, 1)))
    # Assert
    assert oracle > baseline + 0.05


def test_faq_is_large_and_every_paraphrase_maps_to_it(tables):
    """At least 60 FAQ entries with answers, and at least 150 paraphrases, each pointing at an existing
    faq_id."""
    # Setup
    faq, paraphrases = tables["faq"], tables["faq_paraphrases"]
    # Run
    unmapped = ~paraphrases["faq_id"].isin(faq["faq_id"])
    # Assert
    assert len(faq) >= 60 and faq["faq_id"].is_unique
    assert len(paraphrases) >= 150 and paraphrases["paraphrase_id"].is_unique
    assert not unmapped.any()
    assert set(paraphrases["faq_id"]) == set(faq["faq_id"])
    assert (faq["answer"].str.len() > 60).all() and faq["question"].str.endswith("?").all()
    assert faq["question"].is_unique and paraphrases["question"].is_unique


def test_faq_covers_the_core_banking_topics(tables):
    """Cards, lost cards, PINs, transfers, fees, overdrafts, loans, mortgages, savings, app login, fraud,
    accounts, statements and international payments all have entries."""
    # Setup
    topics = set(tables["faq"]["topic"])
    # Run / Assert
    assert {"cards", "lost or stolen card", "PIN", "transfers", "fees", "overdraft", "loans", "mortgages",
            "savings", "app and online banking", "fraud and security", "accounts", "statements",
            "international payments"} <= topics


def test_paraphrases_reword_rather_than_reorder(tables):
    """No paraphrase is its question with the words shuffled: each brings words the question does not use."""
    # Setup
    merged = tables["faq_paraphrases"].merge(tables["faq"][["faq_id", "question"]], on="faq_id",
                                             suffixes=("", "_original"))

    def words(text):
        return set(re.findall(r"[a-z0-9']+", text.lower()))

    # Run
    new_word_share = [len(words(p) - words(q)) / len(words(p))
                      for p, q in zip(merged["question"], merged["question_original"])]
    # Assert
    assert min(new_word_share) > 0
    assert np.mean(new_word_share) > 0.5
