"""Simulated retail bank: customer profiles, a product catalogue and profile-driven holdings, a year of card
transactions with four fraud schemes (two of them copying the card holder, their mix drifting over the year, and
noisy, delayed labels), personal-loan applications with a logistic default model, and
the hand-written FAQ from ``bank_faq``. The README written by ``build`` gives every rule and constant."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from sample_data.bank_faq import FAQ_ENTRIES
from sample_data.sampling import (
    calibrate_column_intercepts,
    calibrate_intercept,
    choose,
    cumsum_within_groups,
    draw_from_rows,
    logistic,
    row_cdfs,
    scaled_count,
)
from sample_data.storage import markdown_table, save_readme, save_tables, schema_table

N_CUSTOMERS = 10_000
N_TRANSACTIONS = 200_000
N_LOAN_APPLICATIONS = 10_000
FRAUD_RATE = 0.003
DEFAULT_RATE = 0.11
N_TASTE_FACTORS = 4  # hidden factors behind co-ownership that the profile does not explain
AS_OF = np.datetime64("2024-12-31")
TRANSACTIONS_START = np.datetime64("2024-01-01")
TRANSACTIONS_END = np.datetime64("2025-01-01")  # exclusive
LOANS_START = np.datetime64("2021-01-01")
LOANS_END = np.datetime64("2024-01-01")  # exclusive: every loan has had a year to default
HOME_COUNTRY = "US"

INCOME_MISSING_RATE = 0.04
EMPLOYMENT_MISSING_RATE = 0.03
DEVICE_MISSING_RATE = 0.03
EMPLOYMENT_YEARS_MISSING_RATE = 0.05
REGIONS = ("Northeast", "Midwest", "South", "West")
REGION_SHARES = (0.17, 0.21, 0.38, 0.24)
RISK_LABELS = ("very low", "low", "medium", "high", "very high")
RISK_SHARES = (0.12, 0.24, 0.33, 0.21, 0.10)


@dataclass(frozen=True)
class ProductSpec:
    """One catalogue product and the hand-set part of its ownership model (logit coefficients on the
    standardised profile features of ``_profile_features``)."""

    name: str
    type: str  # deposit | fund | card | loan | insurance
    risk_level: int  # 1 (capital safe) .. 5 (volatile)
    annual_fee_usd: float
    interest_rate_pct: float | None  # APY for deposits, APR for cards and loans
    expense_ratio_pct: float | None  # funds only
    description: str
    ownership_rate: float  # target share of all customers holding it
    coefficients: dict[str, float] = field(default_factory=dict)
    eligible: str = "all"  # name of an eligibility rule in _eligibility


PRODUCTS: tuple[ProductSpec, ...] = (
    ProductSpec("Everyday Checking", "deposit", 1, 0.0, 0.01, None,
                "A no-fee checking account with a debit card, mobile check deposit and free transfers.",
                0.86, {"student": -2.5, "tenure": 0.3}),
    ProductSpec("Premier Checking", "deposit", 1, 180.0, 0.10, None,
                "Checking with relationship pricing, ATM fee refunds worldwide and a dedicated banker; the "
                "fee is waived with $25,000 in combined balances.", 0.07, {"income": 1.3, "wealthy": 1.2}),
    ProductSpec("Student Checking", "deposit", 1, 0.0, 0.0, None,
                "A fee-free checking account for students aged 17 to 25 with no minimum balance.",
                0.04, {"student": 3.5}, "young"),
    ProductSpec("Easy Saver", "deposit", 1, 0.0, 2.10, None,
                "An instant-access savings account with no minimum balance and free transfers to checking.",
                0.42, {"age": 0.2, "income": 0.3, "tenure": 0.3}),
    ProductSpec("High-Yield Savings", "deposit", 1, 0.0, 4.05, None,
                "A savings account that pays a higher variable rate on balances of $10,000 or more.",
                0.14, {"income": 0.9, "age": 0.4, "risk": -0.3}),
    ProductSpec("12-Month CD", "deposit", 1, 0.0, 4.50, None,
                "A certificate of deposit that fixes the rate for 12 months; early withdrawal costs 90 days "
                "of interest.", 0.08, {"age": 0.9, "risk": -0.7, "income": 0.3}),
    ProductSpec("Retirement Savings IRA", "deposit", 1, 0.0, 3.75, None,
                "A tax-advantaged individual retirement account that holds cash at a fixed rate.",
                0.09, {"age": 0.6, "income": 0.6, "retired": 0.3}),
    ProductSpec("Cashback Credit Card", "card", 2, 0.0, 24.99, None,
                "1.5% cash back on every purchase and no annual fee.",
                0.30, {"credit": 0.8, "age": -0.2, "app": 0.3}, "credit_620"),
    ProductSpec("Travel Rewards Card", "card", 2, 95.0, 22.99, None,
                "Three points per dollar on travel and dining, and no foreign transaction fees.",
                0.10, {"income": 1.0, "credit": 0.6, "traveller": 1.2}, "credit_680"),
    ProductSpec("Platinum Card", "card", 2, 395.0, 21.99, None,
                "A premium card with airport lounge access, travel insurance and a concierge service.",
                0.03, {"income": 1.6, "wealthy": 1.0, "traveller": 0.8}, "credit_720"),
    ProductSpec("Secured Credit Card", "card", 2, 0.0, 27.99, None,
                "A card backed by a refundable deposit for building or rebuilding a credit history.",
                0.05, {"credit": -1.5, "age": -0.3}, "credit_below_660"),
    ProductSpec("Student Credit Card", "card", 2, 0.0, 23.99, None,
                "A low-limit credit card for students building their first credit history.",
                0.03, {"student": 3.0}, "young"),
    ProductSpec("Personal Loan", "loan", 3, 0.0, 11.49, None,
                "A fixed-rate unsecured loan from $2,000 to $40,000, repaid over one to seven years.",
                0.09, {"credit": -0.3, "age": -0.3, "income": -0.2}, "adult_not_student"),
    ProductSpec("Auto Loan", "loan", 2, 0.0, 7.29, None,
                "Finance a new or used car at a fixed rate over up to 84 months.",
                0.11, {"income": 0.4, "credit": 0.3, "age_hump": 0.5}, "adult_not_student"),
    ProductSpec("30-Year Fixed Mortgage", "loan", 3, 0.0, 6.75, None,
                "A home loan with a rate fixed for 30 years and down payments from 5%.",
                0.17, {"income": 0.8, "credit": 0.5, "age_hump": 1.2}, "homebuyer"),
    ProductSpec("Home Equity Line of Credit", "loan", 3, 0.0, 8.50, None,
                "A revolving credit line secured on the equity in your home.",
                0.04, {"income": 0.5, "age": 0.5, "tenure": 0.5}, "homebuyer"),
    ProductSpec("Money Market Fund", "fund", 1, 0.0, None, 0.20,
                "A fund holding short-term government debt that aims to keep your capital stable.",
                0.08, {"income": 0.7, "age": 0.3, "fund_risk_fit": 0.8}),
    ProductSpec("Bond Income Fund", "fund", 2, 0.0, None, 0.35,
                "A diversified fund of investment-grade bonds that pays monthly income.",
                0.06, {"income": 0.8, "age": 0.4, "fund_risk_fit": 0.8}),
    ProductSpec("Balanced Growth Fund", "fund", 3, 0.0, None, 0.45,
                "A 60/40 mix of global shares and bonds, rebalanced quarterly.",
                0.08, {"income": 0.9, "wealthy": 0.4, "fund_risk_fit": 0.8}),
    ProductSpec("Global Equity Index Fund", "fund", 4, 0.0, None, 0.12,
                "A low-cost fund that tracks a global index of large and mid-size companies.",
                0.10, {"income": 0.9, "age": -0.3, "app": 0.4, "fund_risk_fit": 0.8}),
    ProductSpec("Sustainable Equity Fund", "fund", 4, 0.0, None, 0.55,
                "A global share fund that screens companies on environmental and social criteria.",
                0.05, {"income": 0.7, "age": -0.5, "fund_risk_fit": 0.8}),
    ProductSpec("Emerging Markets Fund", "fund", 5, 0.0, None, 0.75,
                "Shares of companies in fast-growing economies; expect large swings in value.",
                0.03, {"income": 0.8, "wealthy": 0.5, "fund_risk_fit": 0.8}),
    ProductSpec("Technology Growth Fund", "fund", 5, 0.0, None, 0.65,
                "A concentrated fund of technology companies aiming for long-term growth with high "
                "volatility.",
                0.04, {"income": 0.7, "age": -0.6, "app": 0.5, "fund_risk_fit": 0.8}),
    ProductSpec("Home Insurance", "insurance", 1, 480.0, None, None,
                "Buildings and contents cover for homeowners, with optional accidental damage.",
                0.12, {"age_hump": 0.8, "income": 0.4}, "homebuyer"),
    ProductSpec("Annual Travel Insurance", "insurance", 1, 120.0, None, None,
                "Multi-trip cover for medical costs, cancellation and lost luggage for a whole year.",
                0.08, {"income": 0.6, "traveller": 1.5}),
    ProductSpec("Term Life Insurance", "insurance", 1, 300.0, None, None,
                "Life cover for a fixed term of 10 to 30 years that pays a lump sum to your family.",
                0.09, {"age_hump": 0.9, "income": 0.5}, "adult_not_student"),
    ProductSpec("Card Protection", "insurance", 1, 30.0, None, None,
                "Covers fraudulent use of lost or stolen cards and arranges emergency replacements.",
                0.05, {"age": 0.6, "income": -0.2}),
)

MERCHANT_CATEGORIES = ("grocery", "restaurants", "fuel", "online_retail", "travel", "entertainment",
                       "utilities", "health", "electronics", "clothing", "digital_goods", "jewelry",
                       "atm_withdrawal")
MERCHANT_SHARES = np.array([0.22, 0.16, 0.08, 0.14, 0.03, 0.06, 0.05, 0.04, 0.03, 0.05, 0.07, 0.005, 0.065])
# Median amount (USD) and log-sd per merchant category.
AMOUNT_MEDIANS = np.array([42.0, 28.0, 45.0, 38.0, 220.0, 25.0, 95.0, 35.0, 120.0, 55.0, 6.0, 180.0, 80.0])
AMOUNT_SIGMAS = np.array([0.7, 0.6, 0.35, 0.9, 0.9, 0.7, 0.5, 0.8, 0.9, 0.7, 0.9, 0.9, 0.6])
CHANNELS = ("in_store", "contactless", "online", "atm")
# Rows follow MERCHANT_CATEGORIES; columns follow CHANNELS.
CHANNEL_SHARES = np.array([
    [0.45, 0.50, 0.05, 0.0], [0.40, 0.55, 0.05, 0.0], [0.55, 0.45, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0],
    [0.15, 0.10, 0.75, 0.0], [0.30, 0.30, 0.40, 0.0], [0.05, 0.0, 0.95, 0.0], [0.50, 0.40, 0.10, 0.0],
    [0.35, 0.15, 0.50, 0.0], [0.40, 0.30, 0.30, 0.0], [0.0, 0.0, 1.0, 0.0], [0.70, 0.20, 0.10, 0.0],
    [0.0, 0.0, 0.0, 1.0],
])
# Hour-of-day profiles (24 weights) for three kinds of spending; each merchant category uses one.
DAYTIME_HOURS = np.array([0.1, 0.05, 0.03, 0.03, 0.05, 0.2, 0.6, 1.2, 1.8, 2.2, 2.5, 2.7,
                          2.9, 2.7, 2.5, 2.5, 2.7, 2.9, 2.6, 2.0, 1.4, 0.9, 0.5, 0.25])
MEALTIME_HOURS = np.array([0.2, 0.1, 0.05, 0.03, 0.03, 0.1, 0.5, 1.2, 1.3, 0.9, 0.9, 2.4,
                           3.2, 2.2, 0.9, 0.8, 1.0, 2.0, 3.2, 3.4, 2.6, 1.6, 0.9, 0.4])
EVENING_HOURS = np.array([0.6, 0.35, 0.2, 0.12, 0.1, 0.15, 0.35, 0.7, 1.0, 1.2, 1.3, 1.4,
                          1.6, 1.5, 1.4, 1.4, 1.5, 1.7, 2.0, 2.4, 2.7, 2.6, 2.0, 1.2])
NIGHT_HOURS = np.array([2.0, 2.2, 2.2, 2.0, 1.6, 1.0] + [0.3] * 17 + [1.2])
SMALL_HOURS = np.array([1.0] * 5 + [0.0] * 19)  # midnight to 5 am
HOUR_PROFILE_OF_CATEGORY = ("day", "meal", "day", "evening", "evening", "evening", "day", "day", "evening",
                            "day", "evening", "day", "day")
TRAVEL_COUNTRIES = ("CA", "MX", "GB", "FR", "DE", "ES", "IT", "JP", "PT", "NL", "IE", "DO")
TRAVEL_COUNTRY_SHARES = (0.22, 0.2, 0.12, 0.08, 0.06, 0.07, 0.07, 0.04, 0.03, 0.03, 0.03, 0.05)
FRAUD_COUNTRIES = ("GB", "FR", "ES", "MX", "BR", "TH", "TR", "RO", "NG", "VN", "ID", "PH", "UA", "CO")

FRAUD_PATTERNS = ("card_testing", "foreign_night_spend", "account_takeover", "purchase_scam")
# Shares of incidents in January and in December (linear in between): fraudsters move from the schemes that
# rules catch (bursts, foreign night spending) to those that look like the card holder (drift between the
# training and test periods).
FRAUD_PATTERN_SHARES_START = (0.27, 0.30, 0.38, 0.05)
FRAUD_PATTERN_SHARES_END = (0.2, 0.18, 0.5, 0.12)
TAKEOVER_OWN_DEVICE_SHARE = 0.2  # takeovers through the owner's own phone (remote access, a hijacked session)
UNREPORTED_SHARE = {"card_testing": 0.1, "foreign_night_spend": 0.05, "account_takeover": 0.08,
                    "purchase_scam": 0.15}  # incidents nobody ever reports: fraud labelled 0
FRIENDLY_FRAUD_RATE = 0.0001  # genuine purchases disputed as fraud ("friendly fraud"): labelled 1
REPORT_DELAY_MEDIAN_DAYS = 12.0  # a fraud label arrives when the card holder disputes (log-normal delay)
LABELS_EXTRACTED_AT = np.datetime64("2025-03-31")  # reports after this date are not in is_fraud
DECEMBER_NEW_PHONE_SHARE = 0.05  # extra customers who start paying from a new phone in December

LOAN_PURPOSES = ("debt_consolidation", "home_improvement", "car", "medical", "wedding", "education",
                 "small_business", "vacation", "other")
LOAN_PURPOSE_SHARES = (0.38, 0.16, 0.12, 0.06, 0.04, 0.05, 0.05, 0.04, 0.10)
# Extra default log-odds by purpose (debt consolidation is the reference).
PURPOSE_RISK = {"debt_consolidation": 0.0, "home_improvement": -0.25, "car": -0.3, "medical": 0.25,
                "wedding": 0.1, "education": 0.05, "small_business": 0.6, "vacation": 0.3, "other": 0.15}
PURPOSE_MEDIAN_AMOUNT = {"debt_consolidation": 14000, "home_improvement": 16000, "car": 18000,
                         "medical": 6000, "wedding": 12000, "education": 10000, "small_business": 25000,
                         "vacation": 4500, "other": 7000}
TERMS_MONTHS = (12, 24, 36, 48, 60, 72, 84)


def _simulate_profiles(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Customer (or applicant) profiles with the correlations the README describes; true values, no
    missingness."""
    age = np.clip(18 + rng.gamma(2.4, 13.0, size=n), 18, 92).astype(np.int16)
    years_over_18 = age - 18.0
    log_income = (10.45 + 0.05 * years_over_18 - 0.0008 * years_over_18**2
                  - 0.35 * (age >= 67) + rng.normal(0.0, 0.55, size=n))
    student = (age <= 25) & (rng.random(n) < np.where(age <= 22, 0.55, 0.25))
    log_income = np.where(student, np.log(9000) + rng.normal(0.0, 0.5, size=n), log_income)
    income = np.round(np.exp(log_income), -2)
    retired = (age >= 60) & (rng.random(n) < logistic((age - 65.0) / 2.5))
    unemployed = ~student & ~retired & (rng.random(n) < 0.045)
    self_employed = ~student & ~retired & ~unemployed & (rng.random(n) < 0.11)
    employment = np.select([student, retired, unemployed, self_employed],
                           ["student", "retired", "unemployed", "self_employed"], "employed").astype(object)
    income = np.where(unemployed, np.round(income * 0.25, -2), income)
    income_z = (np.log(np.maximum(income, 1000)) - 10.9) / 0.7
    credit_score = np.round(660 + 38 * income_z + 1.6 * np.minimum(years_over_18, 45) - 45 * unemployed
                            + rng.normal(0.0, 55, size=n))
    credit_score = np.clip(credit_score, 300, 850).astype(np.int16)
    tenure = np.round(np.minimum(years_over_18, rng.exponential(8.0, size=n)), 1)
    risk_latent = -0.028 * (age - 45) + 0.45 * income_z + rng.normal(0.0, 0.9, size=n)
    cut_points = np.quantile(risk_latent, np.cumsum(RISK_SHARES)[:-1])
    risk_tolerance = (np.searchsorted(cut_points, risk_latent) + 1).astype(np.int8)
    segment = np.select([student, income >= 250_000, income >= 100_000], ["student", "private", "affluent"],
                        "mass_market").astype(object)
    uses_app = rng.random(n) < logistic(2.2 - 0.06 * (age - 30))
    traveller = rng.random(n) < logistic(-1.6 + 0.8 * income_z)
    return pd.DataFrame({
        "age": age, "income": income.astype(np.float32), "credit_score": credit_score,
        "tenure_years": tenure.astype(np.float32), "employment_status": employment, "segment": segment,
        "risk_tolerance": risk_tolerance, "uses_mobile_app": uses_app, "_traveller": traveller,
        "_income_z": income_z,
    })


def _profile_features(profiles: pd.DataFrame) -> dict[str, np.ndarray]:
    """Standardised profile features named in ``ProductSpec.coefficients`` (fund_risk_fit is per product)."""
    age = profiles["age"].to_numpy(np.float64)
    return {
        "age": (age - 45.0) / 15.0,
        "age_hump": 1.0 - ((age - 42.0) / 14.0) ** 2 / 2.0,  # highest in the early forties
        "income": profiles["_income_z"].to_numpy(),
        "credit": (profiles["credit_score"].to_numpy(np.float64) - 690.0) / 70.0,
        "tenure": (profiles["tenure_years"].to_numpy(np.float64) - 8.0) / 7.0,
        "risk": (profiles["risk_tolerance"].to_numpy(np.float64) - 3.0) / 1.1,
        "student": (profiles["employment_status"] == "student").to_numpy(np.float64),
        "retired": (profiles["employment_status"] == "retired").to_numpy(np.float64),
        "wealthy": profiles["segment"].isin(["affluent", "private"]).to_numpy(np.float64),
        "app": profiles["uses_mobile_app"].to_numpy(np.float64),
        "traveller": profiles["_traveller"].to_numpy(np.float64),
    }


def _eligibility(rule: str, profiles: pd.DataFrame) -> np.ndarray:
    age = profiles["age"].to_numpy()
    credit = profiles["credit_score"].to_numpy()
    student = (profiles["employment_status"] == "student").to_numpy()
    rules = {
        "all": np.ones(len(profiles), dtype=bool),
        "young": (age <= 25) & student,
        "credit_620": credit >= 620,
        "credit_680": credit >= 680,
        "credit_720": credit >= 720,
        "credit_below_660": credit < 660,
        "adult_not_student": (age >= 21) & ~student,
        "homebuyer": (age >= 23) & ~student,
    }
    return rules[rule]


def _holding_logits(rng: np.random.Generator, profiles: pd.DataFrame) -> np.ndarray:
    """Log-odds that each customer holds each product: calibrated intercept + hand-set profile effects +
    hidden taste factors + a customer engagement effect; -inf where the customer is not eligible."""
    features = _profile_features(profiles)
    n = len(profiles)
    risk_tolerance = profiles["risk_tolerance"].to_numpy(np.float64)
    linear = np.zeros((n, len(PRODUCTS)))
    for j, spec in enumerate(PRODUCTS):
        for name, coefficient in spec.coefficients.items():
            if name == "fund_risk_fit":
                # Funds fit customers whose tolerance is at or above the fund's risk level; beyond +1 it is
                # rare.
                gap = spec.risk_level - risk_tolerance
                linear[:, j] += coefficient * (1.0 - np.abs(gap + 0.5)) - 2.5 * (gap > 1)
            else:
                linear[:, j] += coefficient * features[name]
    taste_customers = rng.normal(0.0, 1.0, size=(n, N_TASTE_FACTORS))
    taste_products = rng.normal(0.0, 0.55, size=(len(PRODUCTS), N_TASTE_FACTORS))
    engagement = rng.normal(0.0, 0.6, size=(n, 1))
    linear += taste_customers @ taste_products.T + engagement
    eligible = np.stack([_eligibility(spec.eligible, profiles) for spec in PRODUCTS], axis=1)
    linear[~eligible] = -np.inf
    targets = np.array([spec.ownership_rate for spec in PRODUCTS])
    intercepts = calibrate_column_intercepts(linear, targets)
    return intercepts + linear


def _products_table() -> pd.DataFrame:
    return pd.DataFrame({
        "product_id": np.arange(1, len(PRODUCTS) + 1, dtype=np.int32),
        "name": [spec.name for spec in PRODUCTS],
        "type": [spec.type for spec in PRODUCTS],
        "risk_level": np.array([spec.risk_level for spec in PRODUCTS], dtype=np.int8),
        "annual_fee_usd": np.array([spec.annual_fee_usd for spec in PRODUCTS], dtype=np.float32),
        "interest_rate_pct": np.array([np.nan if spec.interest_rate_pct is None else spec.interest_rate_pct
                                       for spec in PRODUCTS], dtype=np.float32),
        "expense_ratio_pct": np.array([np.nan if spec.expense_ratio_pct is None else spec.expense_ratio_pct
                                       for spec in PRODUCTS], dtype=np.float32),
        "description": [spec.description for spec in PRODUCTS],
    })


def _daily_spending_weights(days: np.ndarray) -> np.ndarray:
    """Relative card spending per day: Friday/Saturday peaks and a December rise."""
    weekday = np.array([0.95, 0.95, 0.97, 1.0, 1.12, 1.15, 0.86])[(days.view(np.int64) - 4) % 7]
    month_number = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    month = np.array([0.9, 0.88, 0.97, 0.98, 1.0, 1.02, 1.05, 1.03, 0.98, 1.0, 1.06, 1.25])[month_number - 1]
    return weekday * month


def _random_device_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    hexadecimal = np.char.zfill(np.char.mod("%x", rng.integers(0, 2**40, size=n)), 10)
    return np.char.add("d-", hexadecimal).astype(object)


def _times_in_window(rng: np.random.Generator, hours: np.ndarray) -> np.ndarray:
    """One timestamp (datetime64[s]) in the transaction window per entry of ``hours``: a day drawn from the
    spending curve, that hour, and uniform minutes and seconds."""
    days = np.arange(TRANSACTIONS_START, TRANSACTIONS_END)
    weights = _daily_spending_weights(days)
    day = days[rng.choice(days.size, size=hours.size, p=weights / weights.sum())]
    seconds = hours * 3600 + rng.integers(0, 3600, size=hours.size)
    return day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def _hours(rng: np.random.Generator, profile: np.ndarray, n: int) -> np.ndarray:
    """``n`` hours of the day drawn with the 24 weights of ``profile``."""
    return rng.choice(24, size=n, p=profile / profile.sum())


def _legitimate_transactions(rng: np.random.Generator, customers: pd.DataFrame,
                             n_target: int) -> pd.DataFrame:
    n_customers = len(customers)
    active = customers["n_products_held"].to_numpy() > 0
    income_effect = np.exp(0.25 * customers["_income_z"].to_numpy())
    activity = rng.lognormal(0.0, 0.8, size=n_customers) * income_effect * active
    per_customer = rng.poisson(activity * n_target / activity.sum())
    owner = np.repeat(np.arange(n_customers), per_customer)
    n = owner.size

    # Each customer spends in a personal mix of categories around the population shares.
    preferences = rng.gamma(4.0 * MERCHANT_SHARES / MERCHANT_SHARES.sum() * len(MERCHANT_SHARES),
                            size=(n_customers, len(MERCHANT_SHARES)))
    category = draw_from_rows(row_cdfs(preferences + 1e-9), owner, rng)

    hour_profiles = {"day": DAYTIME_HOURS, "meal": MEALTIME_HOURS, "evening": EVENING_HOURS}
    profile_of_category = np.array([list(hour_profiles).index(p) for p in HOUR_PROFILE_OF_CATEGORY])
    hour_cdf = row_cdfs(np.stack(list(hour_profiles.values())))
    timestamp = _times_in_window(rng, draw_from_rows(hour_cdf, profile_of_category[category], rng))

    income_z = customers["_income_z"].to_numpy()[owner]
    amount = np.exp(np.log(AMOUNT_MEDIANS[category]) + 0.22 * income_z
                    + AMOUNT_SIGMAS[category] * rng.normal(size=n))
    amount = np.where(category == MERCHANT_CATEGORIES.index("atm_withdrawal"),
                      np.maximum(20, np.round(amount / 20) * 20), np.maximum(0.5, amount))

    young = customers["age"].to_numpy()[owner] < 40
    age_effect = np.where(young[:, None], [0.8, 1.3, 1.2, 1.0], [1.1, 0.8, 0.9, 1.0])
    channel_weights = CHANNEL_SHARES[category] * age_effect
    channel = draw_from_rows(row_cdfs(channel_weights), np.arange(n), rng)

    traveller = customers["_traveller"].to_numpy()[owner]
    travel_merchant = category == MERCHANT_CATEGORIES.index("travel")
    abroad = traveller & (rng.random(n) < np.where(travel_merchant, 0.35, 0.05))
    abroad &= channel != CHANNELS.index("online")
    country = np.full(n, HOME_COUNTRY, dtype=object)
    country[abroad] = choose(rng, TRAVEL_COUNTRIES, TRAVEL_COUNTRY_SHARES, int(abroad.sum()))

    # Online purchases come from the customer's own device; some customers switch phones during the year.
    first_device = _random_device_ids(rng, n_customers)
    second_device = _random_device_ids(rng, n_customers)
    switch_at = np.where(rng.random(n_customers) < 0.15,
                         _times_in_window(rng, rng.integers(0, 24, size=n_customers)).astype(np.int64),
                         np.iinfo(np.int64).max)
    # Christmas phones: more customers start paying from a new device in December (drift towards the test).
    december = (np.datetime64("2024-12-01T00:00:00") + rng.integers(0, 31 * 86400, size=n_customers)
                .astype("timedelta64[s]")).astype(np.int64)
    switch_at = np.where((switch_at == np.iinfo(np.int64).max) & (rng.random(n_customers) < DECEMBER_NEW_PHONE_SHARE),
                         december, switch_at)
    uses_app = customers["uses_mobile_app"].to_numpy()
    app_type = np.where(rng.random(n_customers) < 0.55, "ios_app", "android_app")
    web_type = np.where(rng.random(n_customers) < 0.6, "web_desktop", "web_mobile")
    prefers_app = uses_app & (rng.random(n_customers) < 0.85)
    device_type = np.where(prefers_app, app_type, web_type)[owner].astype(object)
    switched = timestamp.astype(np.int64) >= switch_at[owner]
    device_id = np.where(switched, second_device[owner], first_device[owner])
    online = channel == CHANNELS.index("online")
    device = np.where(online, device_type,
                      np.where(channel == CHANNELS.index("atm"), "atm", "card_terminal")).astype(object)
    return pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy()[owner],
        "transaction_time": timestamp,
        "amount": np.round(amount, 2),
        "merchant_category": np.asarray(MERCHANT_CATEGORIES, dtype=object)[category],
        "channel": np.asarray(CHANNELS, dtype=object)[channel],
        "country": country,
        "device": device,
        "device_id": np.where(online, device_id, None).astype(object),
        "fraud_pattern": np.full(n, None, dtype=object),
    })


def _owner_habits(legitimate: pd.DataFrame) -> pd.DataFrame:
    """Per customer, what a fraudster who knows the card holder can copy: the usual amount (median), the
    favourite online merchant category and the online device used most (customers who never paid online get
    the population's favourite and no device)."""
    online = legitimate[legitimate["channel"] == "online"]
    habits = pd.DataFrame({"median_amount": legitimate.groupby("customer_id")["amount"].median()})
    habits["online_category"] = online.groupby("customer_id")["merchant_category"].agg(lambda c: c.mode().iloc[0])
    habits["device_id"] = online.groupby("customer_id")["device_id"].agg(
        lambda d: d.mode().iloc[0] if d.notna().any() else None)
    habits["device_type"] = online.groupby("customer_id")["device"].agg(lambda d: d.mode().iloc[0])
    return habits


def _fraud_transactions(rng: np.random.Generator, customers: pd.DataFrame, legitimate: pd.DataFrame,
                        n_rows_target: int) -> pd.DataFrame:
    """Fraud incidents, each on one victim's card following one of the four schemes (their mix drifting over
    the year), until the number of fraudulent rows reaches ``n_rows_target``. Two schemes copy the card holder:
    takeovers often use the owner's own device, favourite category and a plausible amount; purchase scams are
    the owner paying a fake shop from their own phone at an ordinary hour."""
    n_max = max(4, n_rows_target)
    days = np.arange(TRANSACTIONS_START, TRANSACTIONS_END)
    weights = _daily_spending_weights(days)
    day = days[rng.choice(days.size, size=n_max, p=weights / weights.sum())]
    year_share = (day - TRANSACTIONS_START).astype(np.float64) / (days.size - 1)
    shares = (np.outer(1 - year_share, FRAUD_PATTERN_SHARES_START) + np.outer(year_share, FRAUD_PATTERN_SHARES_END))
    pattern = draw_from_rows(row_cdfs(shares), np.arange(n_max), rng)
    size = np.select([pattern == 0, pattern == 1, pattern == 2],
                     [2 + rng.poisson(2.5, size=n_max), 1 + rng.poisson(0.8, size=n_max),
                      1 + rng.poisson(1.2, size=n_max)],
                     1 + rng.poisson(0.3, size=n_max))
    n_incidents = int(np.searchsorted(np.cumsum(size), n_rows_target) + 1)
    pattern, size, day = pattern[:n_incidents], size[:n_incidents], day[:n_incidents]
    # Trim the last incident so that the fraud rate is exactly on target.
    size[-1] -= max(0, int(size.sum()) - n_rows_target)
    holders = np.flatnonzero(customers["n_products_held"].to_numpy() > 0)
    victim = rng.choice(holders, size=n_incidents)
    victim_id = customers["customer_id"].to_numpy()[victim]
    habits = _owner_habits(legitimate).reindex(victim_id)
    # Cloned cards are used at night 70% of the time, otherwise in the evening like anyone else.
    night_clone = rng.random(n_incidents) < 0.7
    start_hour = np.select([pattern == 0, (pattern == 1) & night_clone, pattern == 3],
                           [_hours(rng, NIGHT_HOURS, n_incidents), _hours(rng, SMALL_HOURS, n_incidents),
                            _hours(rng, DAYTIME_HOURS, n_incidents)],
                           _hours(rng, EVENING_HOURS, n_incidents))
    start = day.astype("datetime64[s]") + (start_hour * 3600 + rng.integers(0, 3600, size=n_incidents)).astype(
        "timedelta64[s]")

    row_incident = np.repeat(np.arange(n_incidents), size)
    row_pattern = pattern[row_incident]
    n = row_incident.size
    slow_tester = (rng.random(n_incidents) < 0.4)[row_incident]  # card testers who wait minutes, not seconds
    gap_seconds = np.select([(row_pattern == 0) & ~slow_tester, row_pattern == 0, row_pattern == 1, row_pattern == 2],
                            [rng.integers(10, 120, size=n), rng.integers(600, 5400, size=n),
                             rng.integers(300, 2400, size=n), rng.integers(600, 10800, size=n)],
                            rng.integers(3600, 48 * 3600, size=n))
    gap_seconds[np.concatenate([[0], np.cumsum(size)[:-1]])] = 0
    offset = cumsum_within_groups(gap_seconds, size)
    timestamp = start[row_incident] + offset.astype("timedelta64[s]")

    usual = np.nan_to_num(habits["median_amount"].to_numpy(np.float64), nan=40.0)[row_incident]
    amount = np.select(
        [row_pattern == 0, row_pattern == 1, row_pattern == 2],
        [np.where(rng.random(n) < 0.7, rng.uniform(0.5, 4.99, size=n), rng.uniform(5.0, 25.0, size=n)),
         np.exp(np.log(600.0) + 0.7 * rng.normal(size=n)),
         # Takeovers stay within a few times the owner's usual amount, so nothing looks extreme.
         np.minimum(usual * np.exp(1.4 + 0.6 * rng.normal(size=n)), 3000.0)],
        np.exp(np.log(400.0) + 0.7 * rng.normal(size=n)),
    )
    owner_category = habits["online_category"].fillna("online_retail").to_numpy()
    copies_category = rng.random(n_incidents) < 0.4
    takeover_category = np.where(copies_category, owner_category,
                                 choose(rng, ("online_retail", "electronics", "digital_goods"), (0.4, 0.35, 0.25),
                                        n_incidents))[row_incident]
    category = np.select(
        [row_pattern == 0, row_pattern == 1, row_pattern == 2],
        [choose(rng, ("digital_goods", "online_retail"), (0.7, 0.3), n),
         choose(rng, ("electronics", "jewelry", "clothing", "travel", "restaurants"), (0.35, 0.2, 0.2, 0.15, 0.1), n),
         takeover_category],
        choose(rng, ("online_retail", "electronics", "travel", "clothing"), (0.45, 0.25, 0.15, 0.15), n),
    )
    incident_foreign_country = choose(rng, FRAUD_COUNTRIES, [1.0] * len(FRAUD_COUNTRIES), n_incidents)
    card_testing_abroad = rng.random(n_incidents) < 0.5
    takeover_abroad = rng.random(n_incidents) < 0.1
    abroad = (pattern == 1) | ((pattern == 0) & card_testing_abroad) | ((pattern == 2) & takeover_abroad)
    country = np.where(abroad, incident_foreign_country, HOME_COUNTRY)[row_incident]
    cloned_channel = choose(rng, ("in_store", "contactless"), (0.7, 0.3), n_incidents)[row_incident]
    channel = np.where(row_pattern == 1, cloned_channel, "online")
    own_device_type = habits["device_type"].fillna("web_desktop").to_numpy()
    web_or_app = choose(rng, ("web_desktop", "web_mobile", "android_app", "ios_app"), (0.55, 0.25, 0.12, 0.08),
                        n_incidents)
    own_device_id = habits["device_id"].to_numpy()
    uses_own_device = ((pattern == 3) | ((pattern == 2) & (rng.random(n_incidents) < TAKEOVER_OWN_DEVICE_SHARE)))
    uses_own_device &= pd.notna(own_device_id)
    device = np.where(row_pattern == 1, "card_terminal",
                      np.where(uses_own_device, own_device_type, web_or_app)[row_incident])
    # Fraudsters' own devices are new to the victim; card-testing scripts often hide theirs.
    fraud_device_id = np.where(uses_own_device, own_device_id, _random_device_ids(rng, n_incidents))[row_incident]
    hidden = (row_pattern == 0) & (rng.random(n) < 0.3)
    device_id = np.where((row_pattern == 1) | hidden, None, fraud_device_id)
    unreported = rng.random(n_incidents) < np.array([UNREPORTED_SHARE[p] for p in FRAUD_PATTERNS])[pattern]
    return pd.DataFrame({
        "customer_id": victim_id[row_incident],
        "transaction_time": timestamp,
        "amount": np.round(np.maximum(amount, 0.5), 2),
        "merchant_category": category.astype(object),
        "channel": channel.astype(object),
        "country": country.astype(object),
        "device": device.astype(object),
        "device_id": device_id.astype(object),
        "fraud_pattern": np.asarray(FRAUD_PATTERNS, dtype=object)[row_pattern],
        "_reported": ~unreported[row_incident],
    })


def _transactions(rng: np.random.Generator, customers: pd.DataFrame, n_total: int) -> pd.DataFrame:
    n_fraud = int(round(FRAUD_RATE * n_total))
    legitimate = _legitimate_transactions(rng, customers, n_total - n_fraud)
    fraud = _fraud_transactions(rng, customers, legitimate,
                                int(round(FRAUD_RATE / (1 - FRAUD_RATE) * len(legitimate))))
    # Friendly fraud: genuine online purchases that the card holder disputes anyway, likelier for large ones.
    online_weight = np.where(legitimate["channel"].to_numpy() == "online", legitimate["amount"].to_numpy(), 0.0)
    n_friendly = int(round(FRIENDLY_FRAUD_RATE * len(legitimate)))
    friendly = rng.choice(len(legitimate), size=n_friendly, replace=False, p=online_weight / online_weight.sum())
    legitimate["_reported"] = False
    legitimate.loc[friendly, "_reported"] = True
    transactions = pd.concat([legitimate, fraud], ignore_index=True)
    transactions = transactions.sort_values(["transaction_time", "customer_id"], kind="stable",
                                            ignore_index=True)
    device = transactions["device"].to_numpy().copy()
    device[rng.random(len(transactions)) < DEVICE_MISSING_RATE] = None  # logging gaps
    transactions["device"] = device
    transactions.insert(0, "transaction_id", np.arange(1, len(transactions) + 1, dtype=np.int32))
    transactions["transaction_time"] = transactions["transaction_time"].astype("datetime64[us]")
    transactions.insert(3, "hour", transactions["transaction_time"].dt.hour.astype(np.int8))
    transactions["amount"] = transactions["amount"].astype(np.float32)
    delay_seconds = np.exp(np.log(REPORT_DELAY_MEDIAN_DAYS * 86400.0) + 0.9 * rng.normal(size=len(transactions)))
    reported_at = transactions["transaction_time"] + pd.to_timedelta(np.round(delay_seconds), unit="s")
    reported = transactions.pop("_reported").to_numpy(bool) & (reported_at < LABELS_EXTRACTED_AT).to_numpy()
    transactions["fraud_reported_at"] = reported_at.where(reported).astype("datetime64[us]")
    pattern = transactions.pop("fraud_pattern")
    transactions["is_fraud"] = reported.astype(np.int8)
    transactions["is_fraud_true"] = pattern.notna().to_numpy().astype(np.int8)
    transactions["fraud_pattern"] = pattern
    return transactions


def _loan_applications(rng: np.random.Generator, customers: pd.DataFrame, profiles_of_new: pd.DataFrame,
                       n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_existing = int(round(0.35 * n))
    existing_rows = rng.choice(len(customers), size=n_existing, replace=False)
    applicants = pd.concat([customers.iloc[existing_rows], profiles_of_new.iloc[: n - n_existing]],
                           ignore_index=True)
    customer_id = pd.array(np.r_[customers["customer_id"].to_numpy()[existing_rows],
                                 np.zeros(n - n_existing, dtype=np.int32)], dtype="Int32")
    customer_id[n_existing:] = pd.NA
    # Applicants are adults with some income: students and the unemployed apply less and are mostly filtered
    # out.
    age = applicants["age"].to_numpy(np.float64)
    true_income = applicants["_true_income"].to_numpy(np.float64)
    income_z = applicants["_income_z"].to_numpy()
    credit = applicants["credit_score"].to_numpy(np.float64)

    purpose = choose(rng, LOAN_PURPOSES, LOAN_PURPOSE_SHARES, n)
    median_amount = np.array([PURPOSE_MEDIAN_AMOUNT[p] for p in purpose], dtype=np.float64)
    loan_amount = np.clip(np.round(median_amount * np.exp(0.3 * income_z + 0.55 * rng.normal(size=n)), -2),
                          1000, 60000)
    term_probability = np.where(loan_amount[:, None] > 15000, [0.02, 0.06, 0.2, 0.2, 0.3, 0.12, 0.1],
                                [0.15, 0.25, 0.3, 0.15, 0.1, 0.03, 0.02])
    term = np.asarray(TERMS_MONTHS)[draw_from_rows(row_cdfs(term_probability), np.arange(n), rng)]
    employment_years = np.clip(np.round(rng.gamma(2.0, 0.11 * np.maximum(age - 18, 1.0)), 1), 0, 45)
    employment_years = np.where(applicants["employment_status"].isin(["student", "unemployed"]), 0.0,
                                employment_years)
    debt_to_income = np.clip(0.34 - 0.06 * income_z + 0.1 * rng.normal(size=n), 0.01, 0.85)
    home_ownership = np.where(age < 27, choose(rng, ("rent", "mortgage", "own"), (0.85, 0.12, 0.03), n),
                              choose(rng, ("rent", "mortgage", "own"), (0.36, 0.46, 0.18), n)).astype(object)
    home_ownership = np.where((age > 62) & (rng.random(n) < 0.5), "own", home_ownership)
    open_credit_lines = np.clip(rng.poisson(np.clip(2.0 + 0.08 * (age - 18), 1, 9)), 0, 30).astype(np.int8)
    delinquencies = rng.poisson(np.minimum(0.3 * np.exp(-(credit - 680.0) / 80.0), 4.0)).astype(np.int8)

    risk = (-0.85 * (credit - 690.0) / 70.0
            + 3.2 * (debt_to_income - 0.3)
            + 0.55 * np.log(loan_amount / np.maximum(true_income, 5000) / 0.2)
            + 0.12 * (term - 36) / 12.0
            - 0.035 * np.minimum(employment_years, 20)
            + 0.35 * delinquencies
            - 0.25 * (home_ownership == "own") - 0.1 * (home_ownership == "mortgage")
            + 0.3 * (age < 25)
            + 0.4 * (applicants["employment_status"] == "unemployed").to_numpy()
            + np.array([PURPOSE_RISK[p] for p in purpose]))
    intercept = calibrate_intercept(risk, DEFAULT_RATE)
    p_default = logistic(intercept + risk)
    defaulted = (rng.random(n) < p_default).astype(np.int8)

    days = np.arange(LOANS_START, LOANS_END)
    applied_at = (days[rng.integers(0, days.size, size=n)].astype("datetime64[s]")
                  + rng.integers(7 * 3600, 22 * 3600, size=n).astype("timedelta64[s]"))
    observed_employment_years = employment_years.copy()
    observed_employment_years[rng.random(n) < EMPLOYMENT_YEARS_MISSING_RATE] = np.nan
    applications = pd.DataFrame({
        "customer_id": customer_id,
        "applied_at": applied_at.astype("datetime64[us]"),
        "age": applicants["age"].to_numpy().astype(np.int16),
        "income": true_income.astype(np.float32),
        "employment_status": applicants["employment_status"].to_numpy(),
        "employment_years": observed_employment_years.astype(np.float32),
        "home_ownership": home_ownership,
        "loan_amount": loan_amount.astype(np.float32),
        "term_months": term.astype(np.int16),
        "purpose": purpose,
        "debt_to_income": np.round(debt_to_income, 3).astype(np.float32),
        "credit_score": applicants["credit_score"].to_numpy().astype(np.int16),
        "open_credit_lines": open_credit_lines,
        "delinquencies_2y": delinquencies,
        "defaulted": defaulted,
        "_p_default": p_default,
    })
    applications = applications.sort_values("applied_at", kind="stable", ignore_index=True)
    applications.insert(0, "application_id", np.arange(1, n + 1, dtype=np.int32))
    truth = pd.DataFrame({"application_id": applications["application_id"],
                          "p_default_true": applications.pop("_p_default").astype(np.float32)})
    return applications, truth


def faq_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The hand-written FAQ (``bank_faq.FAQ_ENTRIES``) as the ``faq`` and ``faq_paraphrases`` tables."""
    faq = pd.DataFrame({
        "faq_id": np.arange(1, len(FAQ_ENTRIES) + 1, dtype=np.int16),
        "topic": [entry.topic for entry in FAQ_ENTRIES],
        "question": [entry.question for entry in FAQ_ENTRIES],
        "answer": [entry.answer for entry in FAQ_ENTRIES],
    })
    pairs = [(faq_id, paraphrase) for faq_id, entry in zip(faq["faq_id"], FAQ_ENTRIES)
             for paraphrase in entry.paraphrases]
    paraphrases = pd.DataFrame({
        "paraphrase_id": np.arange(1, len(pairs) + 1, dtype=np.int16),
        "question": [text for _, text in pairs],
        "faq_id": np.array([faq_id for faq_id, _ in pairs], dtype=np.int16),
    })
    return faq, paraphrases


def simulate(seed: int, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Simulate the bank from one seed. ``scale`` multiplies the numbers of customers, transactions and loan
    applications so tests can build a small version quickly; the catalogue and FAQ are fixed. Returns the
    shipped tables, named as in ``sample_data.catalog``."""
    rng = np.random.default_rng(seed)
    n_customers = scaled_count(N_CUSTOMERS, scale, minimum=200)
    profiles = _simulate_profiles(rng, n_customers)
    profiles.insert(0, "customer_id", np.arange(1, n_customers + 1, dtype=np.int32))
    profiles.insert(3, "region", choose(rng, REGIONS, REGION_SHARES, n_customers))

    products = _products_table()
    p_hold = logistic(_holding_logits(rng, profiles))
    holds = rng.random(p_hold.shape) < p_hold
    holder, product_index = np.nonzero(holds)
    tenure_days = np.round(profiles["tenure_years"].to_numpy()[holder] * 365.25).astype(np.int64)
    opened_days_ago = np.where(product_index == 0, tenure_days,
                               np.floor(rng.random(holder.size) * (tenure_days + 1)).astype(np.int64))
    holdings = pd.DataFrame({
        "customer_id": profiles["customer_id"].to_numpy()[holder],
        "product_id": products["product_id"].to_numpy()[product_index],
        "opened_at": (AS_OF - opened_days_ago.astype("timedelta64[D]")).astype("datetime64[us]"),
    })
    profiles["n_products_held"] = holds.sum(axis=1).astype(np.int8)
    propensity = pd.DataFrame({
        "customer_id": np.repeat(profiles["customer_id"].to_numpy(), len(products)),
        "product_id": np.tile(products["product_id"].to_numpy(), n_customers),
        "p_hold_true": p_hold.ravel().astype(np.float32),
    })

    # Transactions draw from their own stream, so reworking them never changes the customers or the loans.
    transaction_rng = np.random.default_rng([seed, 1])
    transactions = _transactions(transaction_rng, profiles, scaled_count(N_TRANSACTIONS, scale, minimum=5000))

    n_loans = scaled_count(N_LOAN_APPLICATIONS, scale, minimum=500)
    profiles["_true_income"] = profiles["income"].astype(np.float64)
    new_applicants = _simulate_profiles(rng, 2 * n_loans)
    new_applicants = new_applicants[~new_applicants["employment_status"].isin(["student"])
                                    | (rng.random(len(new_applicants)) < 0.2)].reset_index(drop=True)
    new_applicants["_true_income"] = new_applicants["income"].astype(np.float64)
    loans, loan_truth = _loan_applications(rng, profiles, new_applicants, n_loans)

    customers = profiles.copy()
    income = customers["income"].to_numpy().copy()
    income[rng.random(n_customers) < INCOME_MISSING_RATE] = np.nan
    customers["income"] = income
    employment = customers["employment_status"].to_numpy().copy()
    employment[rng.random(n_customers) < EMPLOYMENT_MISSING_RATE] = None
    customers["employment_status"] = employment
    customers["risk_tolerance_label"] = np.asarray(RISK_LABELS, dtype=object)[customers["risk_tolerance"] - 1]
    customers = customers[["customer_id", "age", "income", "region", "credit_score", "tenure_years",
                           "employment_status", "segment", "risk_tolerance", "risk_tolerance_label",
                           "uses_mobile_app", "n_products_held"]]
    faq, paraphrases = faq_tables()
    return {
        "customers": customers,
        "products": products,
        "holdings": holdings,
        "transactions": transactions,
        "loan_applications": loans,
        "faq": faq,
        "faq_paraphrases": paraphrases,
        "holding_propensity": propensity,
        "loan_default_truth": loan_truth,
    }


def readme_text(tables: dict[str, pd.DataFrame], seed: int, scale: float) -> str:
    """The scenario README: what the data are, how they were generated, and summary numbers computed from
    ``tables``."""
    customers, holdings, transactions = tables["customers"], tables["holdings"], tables["transactions"]
    loans, products = tables["loan_applications"], tables["products"]
    holders = holdings.groupby("product_id").size().reindex(products["product_id"], fill_value=0)
    ownership = holders / len(customers)
    product_rows = products[["product_id", "name", "type", "risk_level"]].assign(
        held_by=[f"{share:.1%}" for share in ownership.to_numpy()],
        drivers=[", ".join(f"{k} {v:+g}" for k, v in spec.coefficients.items()) or "-" for spec in PRODUCTS],
        eligible=[spec.eligible for spec in PRODUCTS],
    )
    fraud = transactions[transactions["is_fraud_true"] == 1]
    pattern_rows = fraud.groupby("fraud_pattern").agg(
        rows=("transaction_id", "size"), median_amount=("amount", "median"),
        share_online=("channel", lambda c: f"{(c == 'online').mean():.0%}"),
        share_abroad=("country", lambda c: f"{(c != HOME_COUNTRY).mean():.0%}"),
        share_reported=("is_fraud", lambda c: f"{c.mean():.0%}"),
    ).reset_index()
    pattern_rows["median_amount"] = pattern_rows["median_amount"].map(lambda v: f"${v:,.2f}")
    return f"""
# Retail bank (simulated)

All data here are **simulated** by `sample_data/bank.py` (seed {seed}, scale {scale}); the FAQ text is
hand-written in `sample_data/bank_faq.py`. No real bank, customer or transaction is described. Rebuild with
`python -m sample_data.build --only bank`.

## Tables

{schema_table(tables)}

Ground truth: `holding_propensity` (true P(customer holds product)), `loan_default_truth` (true P(default) per
application), and the columns `transactions.is_fraud_true` and `transactions.fraud_pattern` (whether a row is
fraud and which scheme produced it; `is_fraud` is the bank's noisy, delayed label).

## Generative process

1. **Profiles.** Age = 18 + Gamma(2.4, 13) capped at 92. Log income is a hump in age (peak near 50), lower
   after 67, N(0, 0.55) noise; students (aged 25 or less) earn around $9,000; retirement follows a logistic in
   age around 65; 4.5% unemployed (income x 0.25), 11% self-employed. Credit score = 660 + 38 x income z + 1.6
   x years since 18 (up to 45) - 45 if unemployed + N(0, 55), clipped to 300..850. Tenure = min(years since
   18, Exp(mean 8)). Risk tolerance 1..5 (labels {", ".join(RISK_LABELS)}) cuts a latent -0.028 (age - 45) +
   0.45 income z + N(0, 0.9) at quantiles giving shares {RISK_SHARES}. Segment: student, private (income >=
   $250k), affluent (>= $100k), else mass_market. Region, app use (falls with age) and a hidden "traveller"
   trait (rises with income) complete the profile. Then {INCOME_MISSING_RATE:.0%} of incomes and
   {EMPLOYMENT_MISSING_RATE:.0%} of employment statuses are blanked at random.
2. **Holdings.** Customer c holds product p independently with probability `p_hold_true` = logistic(b_p +
   sum_f w_pf x_cf + u_c . v_p + e_c), where x are standardised profile features (age, an age hump peaking at
   42, income, credit, tenure, risk tolerance, student, retired, wealthy, app user, traveller), w are the
   hand-set drivers below, u_c ~ N(0, I_{N_TASTE_FACTORS}) and v_p ~ N(0, 0.55^2 I) are hidden taste factors
   (they make holdings co-occur beyond the profile), e_c ~ N(0, 0.6^2) is engagement, and ineligible customers
   get probability 0. Funds add 0.8 (1 - |risk_level - risk_tolerance + 0.5|) and -2.5 when the fund is more
   than one level riskier than the customer's tolerance. b_p is calibrated so each product's ownership share
   matches its target. `opened_at` is the join date for Everyday Checking, otherwise uniform over the tenure.
   `n_products_held` counts holdings; customers with none are former customers who closed every product.

{markdown_table(product_rows)}

3. **Transactions (2024).** Customers with products transact at a rate LogNormal(0, 0.8) x exp(0.25 income z);
   each customer has a Gamma-drawn personal mix of merchant categories; the day follows a weekday and
   December-heavy curve; the hour follows a daytime, mealtime or evening profile by category; amount =
   category median x exp(0.22 income z) x LogNormal(0, category sigma); channel (in_store / contactless /
   online / atm) depends on category and on age (under 40s use contactless and online more). Travellers pay
   abroad (5%, or 35% for travel merchants; never online). Online rows carry the customer's device type and
   `device_id`; 15% of customers switch to a new device at a random time. `device` is "card_terminal" or "atm"
   for card-present rows, and
   {DEVICE_MISSING_RATE:.0%} of all `device` values are missing (logging gaps). `device_id` is empty for
   card-present rows.
4. **Fraud ({FRAUD_RATE:.1%} of rows are truly fraud, four schemes; incident shares drift linearly from
   {FRAUD_PATTERN_SHARES_START} in January to {FRAUD_PATTERN_SHARES_END} in December, in the order of the list).**
   Fraudsters move towards schemes that look like the card holder, so a model trained on January-September
   meets more camouflaged fraud in October-December.
   - `card_testing`: 2 + Poisson(2.5) online payments, 70% of $0.50-$4.99 and 30% of $5-$25, at digital-goods
     (70%) or online-retail merchants, 10-120 s apart (40% of testers wait 10-90 min instead), mostly at night,
     half from abroad, on a device new to the customer (its id hidden 30% of the time).
   - `foreign_night_spend` (a cloned card): 1 + Poisson(0.8) card-present purchases (median $600) abroad, 5-40
     min apart, between midnight and 5 am for 60% of incidents and in the evening otherwise.
   - `account_takeover`: 1 + Poisson(1.2) online purchases 10 min-3 h apart, mostly domestic and in the evening,
     of about 2.5x the owner's median amount (log-normal, capped at $3,000); {TAKEOVER_OWN_DEVICE_SHARE:.0%} come
     from the owner's own device (remote access, a hijacked session), the rest from a new device; half copy the
     owner's favourite online category.
   - `purchase_scam`: the card holder is tricked into paying a fake shop: 1 + Poisson(0.3) online purchases
     (median $250) from their own device, at home, in the daytime, 1-48 h apart.
   Legitimate data overlap each scheme (small app purchases, night spending, trips abroad, new phones: another
   {DECEMBER_NEW_PHONE_SHARE:.0%} of customers switch phones in December).
   **Labels are what the bank knows.** `is_fraud_true` and `fraud_pattern` are the truth. `is_fraud` is 1 when a
   dispute was filed by {LABELS_EXTRACTED_AT}: each incident goes unreported with probability
   {", ".join(f"{k} {v:.0%}" for k, v in UNREPORTED_SHARE.items())}; disputes arrive after a log-normal delay
   (median {REPORT_DELAY_MEDIAN_DAYS:g} days, `fraud_reported_at`), so a model trained on 1 October does not yet
   know about much of September's fraud; and {FRIENDLY_FRAUD_RATE:.2%} of genuine rows (online purchases, likelier
   when large) are disputed anyway ("friendly fraud": `is_fraud` 1, `is_fraud_true` 0).

{markdown_table(pattern_rows)}

5. **Loan applications (2021-2023).** 35% are existing customers (their profile; `customer_id` set), the rest
   new applicants drawn from the same profile model (students mostly filtered out; `customer_id` missing).
   Amount by purpose and income, term by amount, debt-to-income = 0.34 - 0.06 income z + N(0, 0.1), home
   ownership by age, delinquencies ~ Poisson(min(0.3 exp(-(credit - 680) / 80), 4)). Default ~
   Bernoulli(`p_default_true`) with logit = a - 0.85 (credit - 690) / 70 + 3.2 (DTI - 0.3) + 0.55 log(amount /
   income / 0.2) + 0.12 (term - 36) / 12 - 0.035 min(employment years, 20) + 0.35 delinquencies - 0.25 own -
   0.1 mortgage + 0.3 [age < 25] + 0.4 unemployed + purpose effect
   ({", ".join(f"{k} {v:+g}" for k, v in PURPOSE_RISK.items())}), where the intercept a is calibrated
   (bisection) to a {DEFAULT_RATE:.0%} mean default probability. {EMPLOYMENT_YEARS_MISSING_RATE:.0%} of
   employment years are blanked at random (the model used the true value).
6. **FAQ.** {len(tables["faq"])} hand-written questions and answers over
   {tables["faq"]["topic"].nunique()} topics, and {len(tables["faq_paraphrases"])} hand-written rewordings a
   customer might type, each mapped to its `faq_id`.

## Summary of this build

- Customers: {len(customers):,}; median income ${customers["income"].median():,.0f}; mean products held
  {customers["n_products_held"].mean():.2f}; segments
  {", ".join(f"{k} {v:.0%}" for k, v in customers["segment"].value_counts(normalize=True).items())}.
- Transactions: {len(transactions):,}, true fraud rate {transactions["is_fraud_true"].mean():.3%}
  ({int(transactions["is_fraud_true"].sum())} rows), labelled fraud rate {transactions["is_fraud"].mean():.3%}
  ({int(transactions["is_fraud"].sum())} rows, {int((transactions["is_fraud"] > transactions["is_fraud_true"]).sum())}
  of them friendly fraud); {transactions["device"].isna().mean():.1%} missing device.
- Loan applications: {len(loans):,}, default rate {loans["defaulted"].mean():.1%}; oracle AUC of
  `p_default_true` =
  {roc_auc_score(loans["defaulted"], tables["loan_default_truth"]["p_default_true"]):.3f}.
"""


def build(out_dir: Path, seed: int, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Simulate the bank (see ``simulate``), write its Parquet files and README.md into ``out_dir``, and
    return the tables."""
    tables = simulate(seed, scale)
    save_tables(tables, out_dir)
    save_readme(readme_text(tables, seed, scale), out_dir)
    return tables
