"""Simulated e-commerce store: customers, a product catalogue with attribute-faithful descriptions, an
18-month clickstream (view -> cart -> purchase) and orders, generated from hidden customer and product taste
factors.

Every product a customer views is an independent draw from softmax(u_c . v_p + b_p) over the catalogue, and
carts and purchases are thinned views whose probabilities increase with the same score, so ranking products by
``true_preference_scores`` is the oracle ranking for views, carts and purchases alike. The README written by
``build`` gives every constant."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sample_data.sampling import (
    choose,
    cumsum_within_groups,
    day_index_after,
    draw_from_rows,
    logistic,
    row_cdfs,
    scaled_count,
)
from sample_data.storage import markdown_table, save_readme, save_tables, schema_table

N_CUSTOMERS = 5_000
N_PRODUCTS = 400
N_SESSIONS = 43_000  # about 3.5 events per session gives ~150k events
N_FACTORS = 8
# The last factor is price appetite: products load on it by their price relative to their category.
PREMIUM_FACTOR = N_FACTORS - 1

SIGNUP_START = np.datetime64("2021-01-01")
WINDOW_START = np.datetime64("2023-07-01")
WINDOW_END = np.datetime64("2025-01-01")  # exclusive: 18 months of events

VIEWS_PER_SESSION_P = 0.34  # views per session ~ Geometric(p), so 1 / p = 2.9 on average
MAX_VIEWS_PER_SESSION = 25
CART_INTERCEPT, CART_SLOPE = -2.9, 0.45  # P(cart | view) = logistic(a + b * score)
PURCHASE_INTERCEPT, PURCHASE_SLOPE = -1.45, 0.35  # P(purchase | cart) = logistic(a + b * score)
AGE_BAND_MISSING_RATE = 0.06
CHANNEL_MISSING_RATE = 0.02
RATING_MISSING_RATE = 0.07

REGIONS = ("Northeast", "Southeast", "Midwest", "Southwest", "West")
REGION_SHARES = (0.21, 0.24, 0.2, 0.13, 0.22)
AGE_BANDS = ("18-24", "25-34", "35-44", "45-54", "55-64", "65+")
AGE_BAND_SHARES = (0.14, 0.27, 0.23, 0.17, 0.11, 0.08)
CHANNELS = ("organic_search", "paid_search", "social", "email", "referral", "direct")
# Rows follow AGE_BANDS: younger shoppers arrive through social media, older ones through e-mail and direct
# visits.
CHANNEL_SHARES_BY_AGE = np.array([
    [0.22, 0.15, 0.38, 0.05, 0.12, 0.08],
    [0.25, 0.18, 0.28, 0.08, 0.11, 0.10],
    [0.28, 0.20, 0.18, 0.12, 0.10, 0.12],
    [0.28, 0.19, 0.12, 0.17, 0.09, 0.15],
    [0.26, 0.17, 0.08, 0.22, 0.09, 0.18],
    [0.24, 0.14, 0.05, 0.27, 0.10, 0.20],
])
CHANNEL_ACTIVITY = {"organic_search": 1.0, "paid_search": 0.8, "social": 0.85, "email": 1.3, "referral": 1.2,
                    "direct": 1.15}
MOBILE_SHARE_BY_AGE = (0.78, 0.68, 0.58, 0.48, 0.38, 0.30)
TABLET_SHARE_BY_AGE = (0.06, 0.07, 0.10, 0.12, 0.14, 0.16)
PREMIUM_TASTE_BY_AGE = (-0.5, -0.2, 0.1, 0.3, 0.35, 0.25)
PAYMENT_METHODS = ("card", "paypal", "apple_pay", "gift_card")
PAYMENT_SHARES = (0.58, 0.22, 0.15, 0.05)
HOURLY_SHOPPING_WEIGHTS = np.array([0.6, 0.35, 0.2, 0.15, 0.15, 0.25, 0.5, 0.9, 1.2, 1.4, 1.5, 1.6, 1.8, 1.7,
                                    1.6, 1.6, 1.7, 1.9, 2.2, 2.6, 2.9, 2.7, 2.0, 1.2])
WEEKDAY_WEIGHTS = np.array([0.96, 0.93, 0.95, 0.98, 1.03, 1.08, 1.12])  # Monday first
BLACK_FRIDAY_WEEKENDS = (("2023-11-24", "2023-11-28"), ("2024-11-29", "2024-12-03"))
PRICE_BANDS = ("budget", "mid-range", "premium")
BRAND_TIERS = ("value", "mainstream", "luxury")
TIER_PRICE_MULTIPLIER = {"value": 0.62, "mainstream": 1.0, "luxury": 1.85}
TIER_RATING_SHIFT = {"value": -0.25, "mainstream": 0.0, "luxury": 0.2}
BRAND_TIER_SHARE = {"value": 1.0, "mainstream": 1.4, "luxury": 0.7}  # relative number of products per brand


@dataclass(frozen=True)
class CategorySpec:
    """Everything the catalogue generator needs to know about one product category."""

    name: str
    share: float  # of the catalogue
    product_types: tuple[str, ...]
    colours: tuple[str, ...]  # most common first
    brands: tuple[tuple[str, str], ...]  # (brand, tier)
    median_price: float  # USD, for a mainstream brand
    price_sigma: float  # of log price
    budget_below: float  # price band thresholds, USD
    premium_from: float
    features: tuple[str, ...]  # noun phrases that follow "with"
    adjectives: tuple[str, ...]


CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "Electronics", 0.17,
        ("Wireless Earbuds", "Bluetooth Speaker", "Smartwatch", "Phone Charger", "Noise-Cancelling "
                                                                                 "Headphones",
         "Power Bank", "Fitness Tracker", "Webcam"),
        ("black", "white", "silver", "navy", "blue", "red"),
        (("Voltix", "value"), ("Acme", "mainstream"), ("Northwind", "mainstream"), ("Sonique", "luxury"),
         ("Lumora", "luxury")),
        60.0, 0.65, 35.0, 120.0,
        ("a 30-hour battery life", "fast USB-C charging", "a water-resistant shell", "one-tap Bluetooth "
                                                                                     "pairing",
         "a scratch-resistant finish", "a two-year warranty", "a bright, readable display", "a low-power "
                                                                                            "standby mode"),
        ("sleek", "compact", "reliable", "lightweight", "smart", "powerful", "easy-to-use"),
    ),
    CategorySpec(
        "Kitchen", 0.13,
        ("Chef's Knife", "Non-Stick Frying Pan", "Cast Iron Skillet", "Electric Kettle", "Coffee Grinder",
         "Mixing Bowl Set", "Stand Mixer", "Travel Mug"),
        ("black", "white", "red", "grey", "teal", "cream", "copper"),
        (("HomeCraft", "value"), ("Acme", "mainstream"), ("Copperline", "mainstream"),
         ("Kettlewood", "luxury")),
        40.0, 0.8, 25.0, 90.0,
        ("a dishwasher-safe finish", "an ergonomic handle", "even heat distribution", "a stain-resistant "
                                                                                      "coating",
         "a space-saving design", "a lifetime guarantee", "a non-slip base"),
        ("durable", "practical", "sturdy", "elegant", "versatile", "everyday", "well-balanced"),
    ),
    CategorySpec(
        "Clothing", 0.16,
        ("Crew-Neck T-Shirt", "Hooded Sweatshirt", "Slim-Fit Chinos", "Denim Jacket", "Merino Sweater",
         "Rain Jacket", "Linen Shirt"),
        ("navy", "black", "white", "grey", "olive", "beige", "burgundy"),
        (("Threadline", "value"), ("Northwind", "mainstream"), ("Urbano", "mainstream"),
         ("Atelier", "luxury")),
        45.0, 0.6, 25.0, 80.0,
        ("soft organic cotton", "a relaxed fit", "reinforced seams", "a breathable weave", "a tailored cut",
         "deep side pockets", "a machine-washable fabric"),
        ("comfortable", "stylish", "classic", "cosy", "tailored", "everyday", "timeless"),
    ),
    CategorySpec(
        "Footwear", 0.11,
        ("Running Shoes", "Leather Boots", "Canvas Sneakers", "Hiking Boots", "Slip-On Loafers", "Sandals"),
        ("black", "white", "brown", "navy", "grey", "tan", "red"),
        (("Stride", "value"), ("Trailpeak", "mainstream"), ("Urbano", "mainstream"), ("Velluto", "luxury")),
        80.0, 0.5, 50.0, 130.0,
        ("a cushioned sole", "a grippy rubber outsole", "a padded collar", "a waterproof upper",
         "a removable insole", "breathable mesh panels"),
        ("comfortable", "lightweight", "rugged", "stylish", "supportive", "classic"),
    ),
    CategorySpec(
        "Beauty", 0.11,
        ("Face Cream", "Brightening Serum", "Hair Dryer", "Lip Balm Set", "Eau de Parfum",
         "Makeup Brush Set"),
        ("pink", "white", "gold", "black", "lilac", "coral"),
        (("Glowlab", "value"), ("Florette", "mainstream"), ("Aurelle", "luxury")),
        25.0, 0.8, 15.0, 50.0,
        ("a fragrance-free formula", "vegan ingredients", "a travel-friendly size", "a long-lasting finish",
         "dermatologist-tested ingredients", "recyclable packaging"),
        ("gentle", "luxurious", "elegant", "lightweight", "travel-friendly", "giftable"),
    ),
    CategorySpec(
        "Sports", 0.12,
        ("Yoga Mat", "Adjustable Dumbbells", "Water Bottle", "Cycling Helmet", "Resistance Bands",
         "Tennis Racket", "Camping Tent"),
        ("black", "blue", "green", "orange", "grey", "red", "purple"),
        (("FitCore", "value"), ("Kinetic", "mainstream"), ("Trailpeak", "mainstream"), ("Summit", "luxury")),
        35.0, 0.9, 20.0, 80.0,
        ("a non-slip surface", "a sweat-resistant grip", "a carry strap", "impact-absorbing padding",
         "a quick-pack design", "a weatherproof finish", "a one-year warranty"),
        ("durable", "lightweight", "versatile", "sturdy", "high-performance", "portable"),
    ),
    CategorySpec(
        "Toys", 0.09,
        ("Building Blocks Set", "Wooden Puzzle", "Remote-Control Car", "Plush Bear", "Board Game", "Art Kit"),
        ("red", "blue", "yellow", "green", "pink", "orange"),
        (("Brightbox", "value"), ("Playwell", "mainstream"), ("Marvella", "luxury")),
        25.0, 0.7, 15.0, 45.0,
        ("child-safe materials", "rounded edges", "a sturdy storage box", "easy-to-follow instructions",
         "rechargeable batteries", "hours of screen-free play"),
        ("colourful", "fun", "educational", "sturdy", "imaginative", "cheerful"),
    ),
    CategorySpec(
        "Home", 0.11,
        ("Table Lamp", "Throw Blanket", "Scented Candle", "Wall Clock", "Cushion Cover", "Ceramic Vase",
         "Photo Frame"),
        ("beige", "grey", "white", "navy", "sage", "terracotta", "black"),
        (("HomeCraft", "value"), ("Nestwell", "mainstream"), ("Oakhaven", "mainstream"),
         ("Lumora", "luxury")),
        30.0, 0.7, 18.0, 60.0,
        ("a hand-finished surface", "a soft-touch texture", "a warm, dimmable glow", "a minimalist design",
         "sustainably sourced materials", "an easy-clean finish"),
        ("cosy", "elegant", "modern", "minimalist", "charming", "handcrafted"),
    ),
)

MODEL_WORDS = ("Pulse", "Nova", "Aero", "Flex", "Core", "Prime", "Edge", "Luxe", "Terra", "Breeze", "Orbit",
               "Zen", "Vista", "Echo", "Halo", "Drift", "Spark", "Atlas", "Ember", "Lyra", "Quest", "Haven",
               "Solace", "Vertex")

DESCRIPTION_TEMPLATES = (
    "This {colour} {item} from {brand} is {band_a} pick from our {category} range, with {feature}.",
    "{Adjective_a} {colour} {item} by {brand}, with {feature}. {Band_a} choice from our {category} "
    "collection.",
    "{brand} brings {band_a} {item} to the {category} range: {adjective}, finished in {colour}, and "
    "featuring {feature}.",
    "Looking for {band_a} {category} buy? This {colour} {item} from {brand} is {adjective} and comes with "
    "{feature}.",
    "{name}: {adjective_a}, {band} {category} essential in {colour} with {feature}.",
    "Made by {brand}, this {colour} {item} is {band_a} {category} buy. It is {adjective} and {adjective2}, "
    "with {feature}.",
    "{brand}'s {adjective} {item} in {colour} sits in the {band} tier of our {category} range and offers "
    "{feature}.",
)
# Product types named in the plural read as one item in a sentence this way; the rest take "pair of".
COUNTABLE_PHRASES = {"Resistance Bands": "set of resistance bands"}


def item_phrase(product_type: str) -> str:
    """How a sentence refers to one product of this type: "webcam", "pair of running shoes"."""
    if product_type in COUNTABLE_PHRASES:
        return COUNTABLE_PHRASES[product_type]
    return ("pair of " if product_type.endswith("s") else "") + product_type.lower()


def with_article(phrase: str) -> str:
    """``phrase`` preceded by "a" or "an" as English spelling wants it (by first letter, enough for our
    words)."""
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def describe_product(name: str, product_type: str, category: str, brand: str, colour: str, band: str,
                     rng: np.random.Generator, spec: CategorySpec) -> str:
    """One or two English sentences about a product that contain, as whole words, its brand, its colour, its
    category (lower-cased) and its price band: the attributes a text generator's faithfulness is checked
    on."""
    template = DESCRIPTION_TEMPLATES[rng.integers(len(DESCRIPTION_TEMPLATES))]
    adjective, adjective2 = rng.choice(spec.adjectives, size=2, replace=False)
    feature = spec.features[rng.integers(len(spec.features))]
    text = template.format(
        name=name, brand=brand, colour=colour, category=category.lower(), band=band,
        band_a=with_article(band),
        Band_a=with_article(band).capitalize(), item=item_phrase(product_type), feature=feature,
        adjective=adjective, adjective2=adjective2, adjective_a=with_article(adjective),
        Adjective_a=with_article(adjective).capitalize(),
    )
    return text[0].upper() + text[1:]


def price_band_of(price: np.ndarray, budget_below: np.ndarray, premium_from: np.ndarray) -> np.ndarray:
    """"budget" below the category's budget threshold, "premium" from its premium threshold, else
    "mid-range"."""
    return np.where(price < budget_below, "budget", np.where(price >= premium_from, "premium", "mid-range"))


def true_preference_scores(customer_factors: pd.DataFrame, product_factors: pd.DataFrame) -> pd.DataFrame:
    """The simulator's true preference score u_c . v_p + b_p of every customer (rows, by customer_id) for
    every product (columns, by product_id). Within a customer's row, ranking by this score is the oracle
    ranking: the probability of viewing, carting and buying a product all increase with it."""
    factor_columns = [f"f{k}" for k in range(N_FACTORS)]
    customer_matrix = customer_factors[factor_columns].to_numpy(np.float64)
    product_matrix = product_factors[factor_columns].to_numpy(np.float64)
    scores = customer_matrix @ product_matrix.T + product_factors["popularity_logit"].to_numpy(np.float64)
    return pd.DataFrame(scores, index=customer_factors["customer_id"].to_numpy(),
                        columns=product_factors["product_id"].to_numpy())


def _daily_shopping_weights(days: np.ndarray) -> np.ndarray:
    """Relative shopping activity per calendar day: growth, weekday rhythm, a December peak with a summer dip,
    Black Friday to Cyber Monday spikes and a post-Christmas lull."""
    day_numbers = (days - WINDOW_START).astype(np.int64)
    trend = 1.0 + 0.25 * day_numbers / max(1, day_numbers.max())
    # Day 0 of datetime64 (1970-01-01) was a Thursday, so shifting by 4 makes Monday index 0.
    weekday = WEEKDAY_WEIGHTS[(days.astype("datetime64[D]").view(np.int64) - 4) % 7]
    day_of_year = (days - days.astype("datetime64[Y]")).astype(np.int64)
    annual = 1.0 + 0.22 * np.cos(2 * np.pi * (day_of_year - 350) / 365.25)
    weights = trend * weekday * annual
    for first, last in BLACK_FRIDAY_WEEKENDS:
        weights[(days >= np.datetime64(first)) & (days <= np.datetime64(last))] *= 2.3
    month_start = days.astype("datetime64[M]")
    month_number = month_start.astype(np.int64) % 12 + 1
    day_of_month = (days - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    lull = ((month_number == 12) & (day_of_month >= 26)) | ((month_number == 1) & (day_of_month <= 7))
    weights[lull] *= 0.75
    return weights


def _simulate_customers(rng: np.random.Generator, n_customers: int, day_cdf: np.ndarray) -> pd.DataFrame:
    signup_days = np.arange(SIGNUP_START, WINDOW_END - np.timedelta64(7, "D"))
    growth = np.linspace(0.8, 1.3, signup_days.size)
    signup_day_cdf = np.cumsum(growth) / growth.sum()
    signup_index = np.searchsorted(signup_day_cdf, rng.random(n_customers), side="right")
    signup_date = signup_days[np.minimum(signup_index, signup_days.size - 1)]
    age_index = rng.choice(len(AGE_BANDS), size=n_customers, p=AGE_BAND_SHARES)
    channel_index = draw_from_rows(row_cdfs(CHANNEL_SHARES_BY_AGE), age_index, rng)
    channel = np.asarray(CHANNELS, dtype=object)[channel_index]
    observed_age_band = np.asarray(AGE_BANDS, dtype=object)[age_index]
    observed_age_band[rng.random(n_customers) < AGE_BAND_MISSING_RATE] = None
    observed_channel = channel.copy()
    observed_channel[rng.random(n_customers) < CHANNEL_MISSING_RATE] = None
    customers = pd.DataFrame({
        "customer_id": np.arange(1, n_customers + 1, dtype=np.int32),
        "signup_date": signup_date.astype("datetime64[us]"),
        "region": choose(rng, REGIONS, REGION_SHARES, n_customers),
        "age_band": observed_age_band,
        "acquisition_channel": observed_channel,
    })
    # Hidden columns used by the simulator only; dropped before shipping.
    customers["_age_index"] = age_index
    customers["_channel"] = channel
    first_window_day = np.maximum((signup_date - WINDOW_START).astype(np.int64), 0)
    customers["_first_window_day"] = first_window_day
    customers["_window_share"] = 1.0 - np.where(first_window_day > 0, day_cdf[first_window_day - 1], 0.0)
    return customers


def _simulate_products(rng: np.random.Generator, n_products: int) -> pd.DataFrame:
    shares = np.array([spec.share for spec in CATEGORIES])
    counts = np.floor(shares / shares.sum() * n_products).astype(int)
    counts[np.argsort(-(shares / shares.sum() * n_products - counts))[: n_products - counts.sum()]] += 1
    rows = []
    used_names: set[str] = set()
    # A loop over the ~400 catalogue rows (not over events): names and descriptions are per-product text
    # anyway.
    for category_index, (spec, count) in enumerate(zip(CATEGORIES, counts)):
        brand_weights = np.array([BRAND_TIER_SHARE[tier] for _, tier in spec.brands])
        colour_weights = 1.0 / np.arange(1, len(spec.colours) + 1) ** 0.6
        for _ in range(count):
            brand, tier = spec.brands[rng.choice(len(spec.brands), p=brand_weights / brand_weights.sum())]
            product_type = spec.product_types[rng.integers(len(spec.product_types))]
            colour = spec.colours[rng.choice(len(spec.colours), p=colour_weights / colour_weights.sum())]
            name = f"{brand} {MODEL_WORDS[rng.integers(len(MODEL_WORDS))]} {product_type}"
            while name in used_names:
                name = f"{brand} {MODEL_WORDS[rng.integers(len(MODEL_WORDS))]} {product_type}"
            used_names.add(name)
            price_noise = np.exp(spec.price_sigma * rng.normal())
            raw_price = spec.median_price * TIER_PRICE_MULTIPLIER[tier] * price_noise
            price = max(2.99, np.floor(raw_price) + 0.99)
            true_rating = 4.05 + TIER_RATING_SHIFT[tier] + 0.4 * rng.normal()
            rows.append((category_index, spec.name, product_type, brand, colour, name, price, true_rating))
    products = pd.DataFrame(rows, columns=["_category_index", "category", "_product_type", "brand", "colour",
                                           "name", "price", "_true_rating"])
    products = products.sample(frac=1.0, random_state=rng.integers(2**31)).reset_index(drop=True)
    budget_below = np.array([CATEGORIES[i].budget_below for i in products["_category_index"]])
    premium_from = np.array([CATEGORIES[i].premium_from for i in products["_category_index"]])
    band = price_band_of(products["price"].to_numpy(), budget_below, premium_from)
    products["price_band"] = band.astype(object)
    text_columns = ["name", "_product_type", "category", "brand", "colour", "price_band", "_category_index"]
    descriptions: list[str] = []
    for name, product_type, category, brand, colour, band, category_index in zip(
            *(products[column] for column in text_columns)):
        spec = CATEGORIES[category_index]
        text = describe_product(name, product_type, category, brand, colour, band, rng, spec)
        while text in descriptions:  # near-twin products still get their own wording
            text = describe_product(name, product_type, category, brand, colour, band, rng, spec)
        descriptions.append(text)
    products["description"] = descriptions
    rating = np.clip(np.round(products["_true_rating"].to_numpy(), 1), 1.0, 5.0)
    rating[rng.random(len(products)) < RATING_MISSING_RATE] = np.nan  # new products without reviews yet
    products.insert(0, "product_id", np.arange(1, len(products) + 1, dtype=np.int32))
    products["price"] = products["price"].astype(np.float32)
    products["rating"] = rating.astype(np.float32)
    return products


def _latent_factors(rng: np.random.Generator, customers: pd.DataFrame,
                    products: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_categories = len(CATEGORIES)
    category_centres = rng.normal(0.0, 1.0, size=(n_categories, N_FACTORS - 1))
    brands = sorted(products["brand"].unique())
    brand_offsets = dict(zip(brands, rng.normal(0.0, 1.0, size=(len(brands), N_FACTORS - 1))))
    age_taste = rng.normal(0.0, 1.0, size=(len(AGE_BANDS), N_FACTORS - 1))

    product_factors = np.empty((len(products), N_FACTORS))
    product_factors[:, :-1] = 0.42 * (
        category_centres[products["_category_index"].to_numpy()]
        + 0.45 * np.stack([brand_offsets[b] for b in products["brand"]])
        + 0.35 * rng.normal(size=(len(products), N_FACTORS - 1))
    )
    log_price = np.log(products["price"].to_numpy(np.float64))
    log_price_by_category = pd.Series(log_price).groupby(products["_category_index"].to_numpy())
    category_mean = log_price_by_category.transform("mean").to_numpy()
    category_std = log_price_by_category.transform("std").to_numpy()
    product_factors[:, PREMIUM_FACTOR] = 0.6 * (log_price - category_mean) / category_std

    age_index = customers["_age_index"].to_numpy()
    customer_factors = np.empty((len(customers), N_FACTORS))
    customer_noise = rng.normal(size=(len(customers), N_FACTORS - 1))
    customer_factors[:, :-1] = 0.55 * age_taste[age_index] + 0.85 * customer_noise
    customer_factors[:, PREMIUM_FACTOR] = np.asarray(PREMIUM_TASTE_BY_AGE)[age_index] + 0.7 * rng.normal(
        size=len(customers))

    rating_z = (products["_true_rating"].to_numpy() - 4.0) / 0.45
    popularity_logit = 0.85 * rng.normal(size=len(products)) + 0.3 * rating_z
    popularity_logit -= popularity_logit.mean()
    return customer_factors.astype(np.float32), product_factors.astype(np.float32), popularity_logit.astype(
        np.float32)


def simulate(seed: int, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Simulate the whole store from one seed. ``scale`` multiplies the number of customers and sessions (the
    catalogue keeps at least 40 products) so tests can build a small version quickly. Returns the shipped
    tables, named as in ``sample_data.catalog``."""
    rng = np.random.default_rng(seed)
    n_customers = scaled_count(N_CUSTOMERS, scale, minimum=50)
    n_products = scaled_count(N_PRODUCTS, scale, minimum=40)
    n_sessions = scaled_count(N_SESSIONS, scale, minimum=200)

    window_days = np.arange(WINDOW_START, WINDOW_END)
    day_weights = _daily_shopping_weights(window_days)
    day_cdf = np.cumsum(day_weights) / day_weights.sum()
    day_cdf[-1] = 1.0

    customers = _simulate_customers(rng, n_customers, day_cdf)
    products = _simulate_products(rng, n_products)
    customer_factors, product_factors, popularity_logit = _latent_factors(rng, customers, products)
    scores = customer_factors.astype(np.float64) @ product_factors.T.astype(np.float64) + popularity_logit
    view_cdf = row_cdfs(np.exp(scores - scores.max(axis=1, keepdims=True)))

    # Sessions: each customer's count is Poisson in a skewed activity level times the share of the window
    # after signup.
    channel_effect = customers["_channel"].map(CHANNEL_ACTIVITY).to_numpy()
    activity = rng.lognormal(0.0, 1.0, size=n_customers) * channel_effect
    expected = activity * customers["_window_share"].to_numpy()
    sessions_per_customer = rng.poisson(expected * n_sessions / expected.sum())
    session_customer = np.repeat(np.arange(n_customers), sessions_per_customer)
    session_day = day_index_after(day_cdf, customers["_first_window_day"].to_numpy()[session_customer], rng)
    hour = rng.choice(24, size=session_customer.size,
                      p=HOURLY_SHOPPING_WEIGHTS / HOURLY_SHOPPING_WEIGHTS.sum())
    session_start = (window_days[session_day].astype("datetime64[s]") + hour * np.timedelta64(3600, "s")
                     + rng.integers(0, 3600, size=session_customer.size) * np.timedelta64(1, "s"))
    order = np.lexsort((session_customer, session_start))
    session_customer, session_start = session_customer[order], session_start[order]
    n_sessions_drawn = session_customer.size
    session_age = customers["_age_index"].to_numpy()[session_customer]
    device_u = rng.random(n_sessions_drawn)
    mobile_share = np.asarray(MOBILE_SHARE_BY_AGE)[session_age]
    tablet_share = np.asarray(TABLET_SHARE_BY_AGE)[session_age]
    session_device = np.select([device_u < mobile_share, device_u < mobile_share + tablet_share],
                               ["mobile", "tablet"], "desktop").astype(object)

    # Views: independent draws from the customer's softmax over the catalogue.
    views_per_session = np.minimum(rng.geometric(VIEWS_PER_SESSION_P, size=n_sessions_drawn),
                                   MAX_VIEWS_PER_SESSION)
    view_session = np.repeat(np.arange(n_sessions_drawn), views_per_session)
    view_customer = session_customer[view_session]
    view_product = draw_from_rows(view_cdf, view_customer, rng)
    view_gap_seconds = np.round(5 + rng.exponential(50.0, size=view_session.size)).astype(np.int64)
    view_gap_seconds[np.concatenate([[0], np.cumsum(views_per_session)[:-1]])] = 0
    view_offset = cumsum_within_groups(view_gap_seconds, views_per_session).astype("timedelta64[s]")
    view_time = session_start[view_session] + view_offset
    view_score = scores[view_customer, view_product]

    # Carts thin the views, purchases thin the carts, both by the same score; checkout closes the session.
    is_carted = rng.random(view_session.size) < logistic(CART_INTERCEPT + CART_SLOPE * view_score)
    cart_view = np.flatnonzero(is_carted)
    cart_time = view_time[cart_view] + np.round(5 + rng.exponential(25.0, size=cart_view.size)).astype(
        "timedelta64[s]")
    p_purchase = logistic(PURCHASE_INTERCEPT + PURCHASE_SLOPE * view_score[cart_view])
    is_bought = rng.random(cart_view.size) < p_purchase
    bought_view = cart_view[is_bought]
    last_event = view_time.astype(np.int64)
    np.maximum.at(last_event, cart_view, cart_time.astype(np.int64))
    session_last = np.full(n_sessions_drawn, np.iinfo(np.int64).min)
    np.maximum.at(session_last, view_session, last_event)
    checkout_delay = np.round(30 + rng.exponential(90.0, size=n_sessions_drawn)).astype(np.int64)
    checkout_time = session_last + checkout_delay
    purchase_time = checkout_time[view_session[bought_view]].astype("datetime64[s]")

    kinds = np.concatenate([np.zeros(view_session.size), np.ones(cart_view.size),
                            np.full(bought_view.size, 2)])
    event_view = np.concatenate([np.arange(view_session.size), cart_view, bought_view])
    event_time = np.concatenate([view_time, cart_time, purchase_time])
    event_session = view_session[event_view]
    order = np.lexsort((kinds, event_view, event_time))
    product_ids = products["product_id"].to_numpy()
    customer_ids = customers["customer_id"].to_numpy()
    events = pd.DataFrame({
        "event_id": np.arange(1, order.size + 1, dtype=np.int32),
        "session_id": (event_session[order] + 1).astype(np.int32),
        "customer_id": customer_ids[view_customer[event_view[order]]],
        "product_id": product_ids[view_product[event_view[order]]],
        "event_type": np.asarray(["view", "cart", "purchase"], dtype=object)[kinds[order].astype(int)],
        "event_time": event_time[order].astype("datetime64[us]"),
        "device": session_device[event_session[order]],
    })

    purchases = events[events["event_type"] == "purchase"].merge(products[["product_id", "price"]],
                                                                  on="product_id")
    purchases["price"] = purchases["price"].astype(np.float64)
    orders = (purchases.groupby("session_id", sort=False)
              .agg(customer_id=("customer_id", "first"), order_time=("event_time", "first"),
                   n_items=("event_id", "size"), order_value=("price", "sum"))
              .reset_index().sort_values(["order_time", "session_id"], ignore_index=True))
    orders.insert(0, "order_id", np.arange(1, len(orders) + 1, dtype=np.int32))
    orders = orders[["order_id", "customer_id", "session_id", "order_time", "n_items", "order_value"]]
    orders["n_items"] = orders["n_items"].astype(np.int16)
    orders["order_value"] = orders["order_value"].round(2).astype(np.float32)
    orders["payment_method"] = choose(rng, PAYMENT_METHODS, PAYMENT_SHARES, len(orders))

    factor_columns = {f"f{k}": customer_factors[:, k] for k in range(N_FACTORS)}
    customer_factor_table = pd.DataFrame({"customer_id": customer_ids, **factor_columns})
    product_factor_table = pd.DataFrame({"product_id": product_ids,
                                         **{f"f{k}": product_factors[:, k] for k in range(N_FACTORS)},
                                         "popularity_logit": popularity_logit})
    shipped_customers = customers[["customer_id", "signup_date", "region", "age_band", "acquisition_channel"]]
    shipped_products = products[["product_id", "name", "category", "brand", "colour", "price", "price_band",
                                 "rating", "description"]]
    return {
        "customers": shipped_customers.reset_index(drop=True),
        "products": shipped_products.reset_index(drop=True),
        "events": events,
        "orders": orders,
        "customer_factors": customer_factor_table,
        "product_factors": product_factor_table,
    }


def readme_text(tables: dict[str, pd.DataFrame], seed: int, scale: float) -> str:
    """The scenario README: what the data are, how they were generated (every constant), and summary numbers
    computed from ``tables``."""
    events, orders, products = tables["events"], tables["orders"], tables["products"]
    counts = events["event_type"].value_counts()
    category_rows = pd.DataFrame({
        "category": [spec.name for spec in CATEGORIES],
        "brands (tier)": [", ".join(f"{b} ({t})" for b, t in spec.brands) for spec in CATEGORIES],
        "colours": [", ".join(spec.colours) for spec in CATEGORIES],
        "budget below": [f"${spec.budget_below:.0f}" for spec in CATEGORIES],
        "premium from": [f"${spec.premium_from:.0f}" for spec in CATEGORIES],
    })
    purchase_times = events.loc[events["event_type"] == "purchase", "event_time"]
    monthly = purchase_times.groupby(purchase_times.dt.to_period("M")).size()
    return f"""
# E-commerce store (simulated)

All data here are **simulated** by `sample_data/ecommerce.py` (seed {seed}, scale {scale}); no real shop or
person is described. Rebuild with `python -m sample_data.build --only ecommerce`.

## Tables

{schema_table(tables)}

`customer_factors` and `product_factors` are **ground truth** (the simulator's hidden taste factors); a
recommender must not read them, a benchmark may.

## Generative process

1. **Customers.** Signup dates run from {SIGNUP_START} to one week before {WINDOW_END} with linearly growing
   intensity. Region, age band ({", ".join(AGE_BANDS)}) and acquisition channel are drawn with fixed shares;
   the channel depends on the age band (social media for the young, e-mail and direct visits for older
   shoppers).
   {AGE_BAND_MISSING_RATE:.0%} of age bands and {CHANNEL_MISSING_RATE:.0%} of channels are then blanked
   (missing completely at random); the factors use the true values.
2. **Catalogue.** Eight categories with fixed shares. Within a category: brand (value / mainstream / luxury
   tier), product type and colour (earlier colours more common) are drawn; price = category median x tier
   multiplier (value 0.62, mainstream 1, luxury 1.85) x lognormal noise, rounded to .99. `price_band` is
   "budget" below the category's budget threshold, "premium" from its premium threshold, else "mid-range".
   Rating = 4.05 + tier shift + N(0, 0.4), clipped to 1..5 and rounded; {RATING_MISSING_RATE:.0%} of ratings
   are missing (new products). `description` is one of {len(DESCRIPTION_TEMPLATES)} templates filled with the
   product's brand, colour, lower-cased category, price band, type, two adjectives and one feature of its
   category; every description contains those four attribute values literally (case-insensitively for the
   category).

{markdown_table(category_rows)}

3. **Hidden factors (K = {N_FACTORS}).** Product factors f0..f6 = 0.42 x (category centre + 0.45 x brand
   offset + 0.35 x noise), all N(0, 1) draws; f7 = 0.6 x the product's z-scored log price within its category
   (price appetite). Customer factors f0..f6 = 0.55 x age-band taste + 0.85 x N(0, 1); f7 = age-band premium
   taste ({", ".join(f"{a}: {p:+.2f}" for a, p in zip(AGE_BANDS, PREMIUM_TASTE_BY_AGE))}) + 0.7 x N(0, 1).
   Popularity logit b_p = 0.85 x N(0, 1) + 0.3 x (true rating - 4) / 0.45, centred to mean 0.
4. **Sessions.** Each customer's activity is LogNormal(0, 1) x a channel multiplier
   ({", ".join( f"{c} {m}" for c, m in CHANNEL_ACTIVITY.items())}); the number of sessions is Poisson in
   activity x the share of shopping days after signup, scaled to about
   {scaled_count(N_SESSIONS, scale, 200):,} sessions. Session days follow the daily shopping curve (growth of
   25% over the window, weekday rhythm, December peak and summer dip via 1 + 0.22 cos,
   Black-Friday-to-Cyber-Monday x 2.3, post-Christmas lull x 0.75) restricted to days after signup; hours
   follow an evening-heavy curve. Device (mobile / tablet / desktop) depends on the age band.
5. **Funnel.** Views per session ~ Geometric({VIEWS_PER_SESSION_P}) capped at {MAX_VIEWS_PER_SESSION}, seconds
   apart (5 + Exp(50)). Each view's product is an independent draw with **P(product p | customer c) =
   softmax_p(s_cp)**, where **s_cp = sum_k f_k(c) f_k(p) + b_p**. A view becomes a cart with probability
   logistic({CART_INTERCEPT} + {CART_SLOPE} s_cp); a cart becomes a purchase with probability
   logistic({PURCHASE_INTERCEPT} + {PURCHASE_SLOPE} s_cp). All purchases of a session share one checkout time
   after the session's last event, and form one order.
6. **Orders.** One per session with a purchase: `n_items` = purchase events, `order_value` = sum of the list
   prices of those products (no discounts, tax or shipping), `payment_method` drawn with fixed shares.

## Oracle for recommenders

The true preference score of (customer c, product p) is `s_cp = sum_k f_k(c) * f_k(p) + popularity_logit(p)`
from the two factor tables (`sample_data.ecommerce.true_preference_scores` computes the full matrix). Because
view, cart and purchase probabilities all increase in s_cp, ranking a customer's candidate products by s_cp is
the oracle ranking for any of the three event types; the exact probability that a given view of customer c is
a view of p is softmax_p(s_cp), and that it ends in a purchase of p is softmax_p(s_cp) x
logistic({CART_INTERCEPT} + {CART_SLOPE} s_cp) x logistic({PURCHASE_INTERCEPT} + {PURCHASE_SLOPE} s_cp).

## Summary of this build

- Events: {len(events):,} ({counts.get("view", 0):,} views, {counts.get("cart", 0):,} carts,
  {counts.get("purchase", 0):,} purchases) in {events["session_id"].nunique():,} sessions from
  {events["customer_id"].nunique():,} of {len(tables["customers"]):,} customers; first event
  {events["event_time"].min()}, last {events["event_time"].max()}.
- View-to-cart rate {counts.get("cart", 0) / max(1, counts.get("view", 0)):.1%}; cart-to-purchase rate
  {counts.get("purchase", 0) / max(1, counts.get("cart", 0)):.1%}.
- Orders: {len(orders):,}, median value ${orders["order_value"].median():.2f}, mean items
  {orders["n_items"].mean():.2f}. Busiest month for purchases: {monthly.idxmax() if len(monthly) else "-"}.
- Products: {len(products)}; price band shares
  {", ".join(f"{b} {s:.0%}" for b, s in products["price_band"].value_counts(normalize=True).items())}.
"""


def build(out_dir: Path, seed: int, scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """Simulate the store (see ``simulate``), write its Parquet files and README.md into ``out_dir``, and
    return the tables."""
    tables = simulate(seed, scale)
    save_tables(tables, out_dir)
    save_readme(readme_text(tables, seed, scale), out_dir)
    return tables
