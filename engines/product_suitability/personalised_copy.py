"""Personalised marketing copy for a recommended product, generated from templates and tagged with its provenance.

Conditional generation without a language model: the opening is chosen by the customer's life stage and segment,
the body states facts taken only from the product catalogue (fee, rate, expense ratio, description), and the
close reflects the suitability check. Every number in the text comes from the catalogue, and `facts_check` says
so, which a small generative text model trained for minutes on a CPU could not guarantee. The provenance tag
travels with the text: what generated it, from which inputs, and that no person has reviewed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

GENERATOR = "template-copy v1 (rule-based conditional templates; no language model)"

_OPENINGS = {
    "student": ["Starting out? {name} is built for you.", "Make your student budget go further with {name}."],
    "young": ["Building your financial life? Meet {name}.", "A smart next step for you: {name}."],
    "family": ["Planning for the years ahead? {name} can help.", "For the busy middle years: {name}."],
    "senior": ["Enjoy more peace of mind with {name}.", "Keep things simple and secure with {name}."],
}
_PREMIUM = ["As a valued {segment} customer, you qualify for {name}.", "Chosen for {segment} customers: {name}."]
_TYPE_BENEFIT = {
    "deposit": "Your money stays safe and accessible",
    "card": "Pay your way with added control in the app",
    "loan": "Borrow with clear, fixed terms",
    "fund": "Put your savings to work in a diversified fund",
    "insurance": "Protect what matters with straightforward cover",
}


@dataclass
class MarketingCopy:
    """A generated message and where it came from."""

    headline: str
    body: str
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Headline and body as one string."""
        return f"{self.headline} {self.body}"


def _life_stage(customer: pd.Series) -> str:
    if str(customer.get("employment_status")) == "student" or str(customer.get("segment")) == "student":
        return "student"
    age = float(customer.get("age", 40) or 40)
    return "young" if age < 35 else "family" if age < 60 else "senior"


def _facts(product: pd.Series) -> list[str]:
    facts = []
    fee = product.get("annual_fee_usd")
    if fee is not None and not pd.isna(fee):
        facts.append("no annual fee" if float(fee) == 0 else f"an annual fee of ${float(fee):,.0f}")
    rate = product.get("interest_rate_pct")
    if rate is not None and not pd.isna(rate):
        kind = "APY" if product.get("type") == "deposit" else "APR"
        facts.append(f"{float(rate):.2f}% {kind}")
    expense = product.get("expense_ratio_pct")
    if expense is not None and not pd.isna(expense):
        facts.append(f"an expense ratio of {float(expense):.2f}%")
    return facts


def marketing_copy(customer: pd.Series, product: pd.Series, *, score: float | None = None, seed: int = 0) -> MarketingCopy:
    """Copy for `product` (a products-table row) written for `customer` (a customers-table row)."""
    rng = np.random.default_rng([seed, int(customer.get("customer_id", 0) or 0), int(product.get("product_id", 0) or 0)])
    stage = _life_stage(customer)
    segment = str(customer.get("segment", ""))
    name = str(product["name"])
    templates = _PREMIUM if segment in ("affluent", "private") else _OPENINGS[stage]
    headline = templates[int(rng.integers(len(templates)))].format(name=name, segment=segment.replace("_", " "))
    facts = _facts(product)
    benefit = _TYPE_BENEFIT.get(str(product.get("type")), "A product chosen for you")
    body = f"{benefit}: {str(product.get('description', '')).rstrip('.')}."
    if facts:
        body += f" It comes with {', '.join(facts[:-1]) + ' and ' + facts[-1] if len(facts) > 1 else facts[0]}."
    risk, tolerance = int(product.get("risk_level", 1)), customer.get("risk_tolerance")
    label = str(customer.get("risk_tolerance_label", "") or "")
    if tolerance is not None and not pd.isna(tolerance):
        fits = "within" if risk <= float(tolerance) else "above"
        body += f" Its risk level ({risk} of 5) is {fits} your {label + ' ' if label else ''}risk tolerance."
    provenance = {
        "generator": GENERATOR,
        "ai_generated": True,
        "product_facts_used": {k: _plain(product.get(k)) for k in
                               ("product_id", "name", "type", "risk_level", "annual_fee_usd", "interest_rate_pct",
                                "expense_ratio_pct", "description")},
        "customer_attributes_used": {"customer_id": _plain(customer.get("customer_id")), "life_stage": stage,
                                     "segment": segment, "risk_tolerance": _plain(tolerance)},
        "recommendation_score": None if score is None else round(float(score), 4),
        "suitability_rule": f"risk level {risk} <= risk tolerance {_plain(tolerance)}",
        "human_review": "not reviewed",
    }
    copy = MarketingCopy(headline, body, provenance)
    copy.provenance["facts_check"] = "passed" if facts_check(copy.text, product) else "failed"
    return copy


def facts_check(text: str, product: pd.Series) -> bool:
    """True when every number in `text` is one of the product's catalogue numbers (or its risk level / 5)."""
    allowed = {5.0, float(product.get("risk_level", 0))}
    for key in ("annual_fee_usd", "interest_rate_pct", "expense_ratio_pct"):
        value = product.get(key)
        if value is not None and not pd.isna(value):
            allowed.add(round(float(value), 2))
    allowed |= {float(n) for n in re.findall(r"\d+(?:\.\d+)?", str(product.get("description", "")).replace(",", ""))}
    found = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))]
    return all(round(n, 2) in allowed for n in found)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return None if np.isnan(value) else round(value, 4)
    return value
