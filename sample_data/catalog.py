"""The registry of shipped sample data: which simulated datasets exist, their tables, files and one-line
descriptions.

The app's data layer reads only this module; ``python -m sample_data.build`` writes exactly the files named
here. Ground-truth tables (the simulators' hidden parameters) are flagged so that casual browsing does not
show them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLE_DATA_DIR: Path = Path(__file__).resolve().parent


@dataclass(frozen=True)
class SampleTable:
    """One shipped Parquet table of a sample dataset."""

    name: str  # table name, e.g. "customers"
    file: Path  # absolute path of its Parquet file
    description: str  # one line, plain English, says "Simulated"
    is_ground_truth: bool = False  # oracle tables (latent factors, true params), hidden from casual browsing


@dataclass(frozen=True)
class SampleDataset:
    """One simulated business scenario and its tables."""

    key: str  # "ecommerce" | "bank" | "education"
    title: str  # e.g. "E-commerce store (simulated)"
    description: str  # two sentences for the UI
    tables: tuple[SampleTable, ...]


def _tables(key: str, specs: list[tuple[str, str, bool]]) -> tuple[SampleTable, ...]:
    return tuple(
        SampleTable(name=name, file=SAMPLE_DATA_DIR / key / f"{name}.parquet", description=description,
                    is_ground_truth=is_ground_truth)
        for name, description, is_ground_truth in specs
    )


ECOMMERCE = SampleDataset(
    key="ecommerce",
    title="E-commerce store (simulated)",
    description=(
        "Simulated online shop with 5,000 customers, 400 products and 18 months of browsing, cart and "
        "purchase events. Shopping choices come from hidden customer and product taste factors, which are "
        "shipped as ground truth so recommenders can be scored against the true preferences."
    ),
    tables=_tables("ecommerce", [
        ("customers", "Simulated shoppers: signup date, region, age band and acquisition channel.", False),
        ("products", "Simulated product catalogue with category, brand, colour, price, price band, rating "
                     "and a one-to-two-sentence description.", False),
        ("events", "Simulated clickstream: one row per product view, add-to-cart or purchase, with session "
                   "and timestamp.", False),
        ("orders", "Simulated orders, one per checkout session, with item count and order value.", False),
        ("customer_factors", "Simulated ground truth: each customer's hidden taste factors f0..f7.", True),
        ("product_factors", "Simulated ground truth: each product's hidden factors f0..f7 and popularity "
                            "logit.",
         True),
    ]),
)

BANK = SampleDataset(
    key="bank",
    title="Retail bank (simulated)",
    description=(
        "Simulated retail bank with 10,000 customers, their products, a year of card transactions with rare "
        "fraud, loan applications with defaults, and a customer-service FAQ. Fraud patterns and true default "
        "and ownership probabilities are kept as ground truth for benchmarking."
    ),
    tables=_tables("bank", [
        ("customers", "Simulated bank customers: age, income, credit score, tenure, segment, risk tolerance "
                      "and number of products held.", False),
        ("products", "Simulated product catalogue: deposits, funds, cards, loans and insurance with risk "
                     "level, fee, rate and description.", False),
        ("holdings", "Simulated product holdings: which customer holds which product since when.", False),
        ("transactions", "Simulated card transactions over 2024 with about 0.3% fraud; is_fraud is the bank's "
                         "noisy, delayed label, is_fraud_true and fraud_pattern the truth (ground truth).", False),
        ("loan_applications", "Simulated personal-loan applications with applicant profile and a defaulted "
                              "label (about 11%).", False),
        ("faq", "Simulated bank FAQ: hand-written retail-banking questions and answers by topic.", False),
        ("faq_paraphrases", "Simulated customer rewordings of FAQ questions, each mapped to its faq_id.",
         False),
        ("holding_propensity", "Simulated ground truth: the true probability that each customer holds each "
                               "product.", True),
        ("loan_default_truth", "Simulated ground truth: the true default probability of each loan "
                               "application.",
         True),
    ]),
)

EDUCATION = SampleDataset(
    key="education",
    title="Maths practice platform (simulated)",
    description=(
        "Simulated maths practice platform where 2,000 students answer exercises on 15 skills linked by "
        "prerequisites. Answers come from a knowledge-tracing simulator whose true parameters and "
        "per-attempt success probabilities are shipped, so models can be compared with the best possible "
        "score."
    ),
    tables=_tables("education", [
        ("skills", "Simulated maths skills with domain and typical school year.", False),
        ("skill_prerequisites", "Simulated prerequisite links between skills (a directed acyclic graph).",
         False),
        ("exercises", "Simulated exercises, each on one skill, with a difficulty score.", False),
        ("students", "Simulated students: cohort, school type, year group and prior attainment.", False),
        ("attempts", "Simulated exercise attempts with correctness; p_correct_true and mastered_before are "
                     "the simulator's ground truth.", False),
        ("skill_params", "Simulated ground truth: each skill's true knowledge-tracing parameters.", True),
    ]),
)

SAMPLE_DATASETS: tuple[SampleDataset, ...] = (ECOMMERCE, BANK, EDUCATION)


def get_dataset(key: str) -> SampleDataset:
    """The sample dataset with this key ("ecommerce", "bank" or "education"); KeyError naming the valid
    keys."""
    for dataset in SAMPLE_DATASETS:
        if dataset.key == key:
            return dataset
    valid = ", ".join(dataset.key for dataset in SAMPLE_DATASETS)
    raise KeyError(f"No sample dataset '{key}'. Valid keys: {valid}.")
