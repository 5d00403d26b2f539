"""Behavioural features of card transactions, computed per customer from that customer's earlier rows only.

Fraud shows up as a break from the card holder's own habits (an amount far above their usual, a device they have
never used, a burst of payments minutes apart, a country they do not pay in), so each row is described against
the same customer's history. Every feature looks only backwards in time, so a model trained on January-September
and tested on October-December never sees the future.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError

REQUIRED_COLUMNS = ("customer_id", "transaction_time", "amount")
CATEGORICAL_FEATURES = ("merchant_category", "channel", "device")
NUMERIC_FEATURES = (
    "log_amount",
    "amount_vs_usual",
    "hour",
    "night",
    "abroad",
    "new_country",
    "new_device",
    "hidden_device",
    "log_seconds_since_previous",
    "payments_last_hour",
)
# Features that are yes/no flags (0 or 1), shown as "yes" / "no".
FLAG_FEATURES = ("night", "abroad", "new_country", "new_device", "hidden_device")
# Plain-words names for explanations and reports.
FEATURE_LABELS: dict[str, str] = {
    "log_amount": "amount (log $)",
    "amount_vs_usual": "amount vs the customer's usual (log ratio)",
    "hour": "hour of day",
    "night": "between midnight and 5 am",
    "abroad": "paid abroad",
    "new_country": "first payment in this country",
    "new_device": "online from a device never used before",
    "hidden_device": "online with no device id",
    "log_seconds_since_previous": "time since the customer's previous payment (log s)",
    "payments_last_hour": "payments by the customer in the last hour",
    "merchant_category": "merchant category",
    "channel": "channel",
    "device": "device type",
}


def transaction_features(transactions: pd.DataFrame, home_country: str | None = None) -> pd.DataFrame:
    """One row of features per transaction, in the input's row order (index kept).

    Needs `customer_id`, `transaction_time` and `amount`; uses `hour`, `country`, `device_id` and the
    categorical columns `merchant_category`, `channel`, `device` when present. `home_country` defaults to the
    most common country. Raises `InvalidDataError` naming the missing columns.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in transactions.columns]
    if missing:
        raise InvalidDataError(f"The transactions table lacks the column(s) {missing}; it needs {list(REQUIRED_COLUMNS)}.",
                               key="engine.anomaly.transactions_missing_columns", missing=missing,
                               required=list(REQUIRED_COLUMNS))
    frame = transactions.reset_index(drop=True)
    frame["transaction_time"] = pd.to_datetime(frame["transaction_time"], errors="coerce")
    if frame["transaction_time"].isna().any():
        raise InvalidDataError("Some transaction_time values are empty or not dates; fix or drop those rows.",
                               key="engine.anomaly.bad_transaction_time")
    frame = frame.sort_values(["customer_id", "transaction_time"], kind="stable")
    customer = frame["customer_id"].to_numpy()
    first_of_customer = np.r_[True, customer[1:] != customer[:-1]]
    amount = frame["amount"].astype(np.float64).clip(lower=0.01).to_numpy()
    log_amount = np.log(amount)

    features = pd.DataFrame(index=frame.index)
    features["log_amount"] = log_amount
    # Usual amount = mean log amount of the customer's earlier payments (the population mean for a first payment).
    grouped = pd.Series(log_amount, index=frame.index).groupby(customer)
    earlier_sum = grouped.cumsum().to_numpy() - log_amount
    history = grouped.cumcount().to_numpy()
    usual = np.where(history > 0, earlier_sum / np.maximum(history, 1), log_amount.mean())
    features["amount_vs_usual"] = log_amount - usual
    hours = frame["hour"].to_numpy() if "hour" in frame else frame["transaction_time"].dt.hour.to_numpy()
    features["hour"] = hours.astype(np.float64)
    features["night"] = (hours < 5).astype(np.float64)

    if "country" in frame:
        country = frame["country"].astype("string").fillna("unknown")
        home = home_country or str(country.mode().iloc[0])
        features["abroad"] = (country != home).to_numpy(np.float64)
        seen_country = pd.DataFrame({"c": customer, "k": country.to_numpy()}).duplicated()
        features["new_country"] = ((~seen_country.to_numpy()) & (country != home).to_numpy()).astype(np.float64)
    else:
        features["abroad"] = 0.0
        features["new_country"] = 0.0

    online = (frame["channel"] == "online").to_numpy() if "channel" in frame else np.zeros(len(frame), bool)
    if "device_id" in frame:
        device_id = frame["device_id"].astype("string")
        has_id = device_id.notna().to_numpy()
        seen = pd.DataFrame({"c": customer, "d": device_id.fillna("").to_numpy()}).duplicated().to_numpy()
        # The first online payment of a customer with no history is not "new device" evidence.
        features["new_device"] = (online & has_id & ~seen & (history > 0)).astype(np.float64)
        features["hidden_device"] = (online & ~has_id).astype(np.float64)
    else:
        features["new_device"] = 0.0
        features["hidden_device"] = 0.0

    seconds = frame["transaction_time"].astype("int64").to_numpy() / 1e9
    gap = np.diff(seconds, prepend=np.nan)
    gap[first_of_customer] = np.nan
    features["log_seconds_since_previous"] = np.log1p(np.where(np.isnan(gap), 30 * 86400.0, gap))
    features["payments_last_hour"] = _count_in_window(customer, seconds, 3600.0)
    for column in CATEGORICAL_FEATURES:
        if column in frame:
            features[column] = frame[column].astype("string").fillna("missing").astype(object)
    features = features.sort_index()
    features.index = transactions.index
    return features


def _count_in_window(groups: np.ndarray, seconds: np.ndarray, window_seconds: float) -> np.ndarray:
    """For rows sorted by group then time: how many earlier rows of the same group fall within the window."""
    # Offset each group far apart in time so one searchsorted over the whole array never crosses groups.
    codes = np.r_[0, np.cumsum(groups[1:] != groups[:-1])]
    shifted = seconds - seconds.min() + codes * (seconds.max() - seconds.min() + 10 * window_seconds)
    first_inside = np.searchsorted(shifted, shifted - window_seconds, side="left")
    return (np.arange(len(shifted)) - first_inside).astype(np.float64)
