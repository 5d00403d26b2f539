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


# Chinese copy (issue 19): the same plan in Chinese, written for a bank's customer ("您"). The product row passed in
# carries the Chinese name and description (the lab's catalogue in sample_data/bank_zh.py keeps every number).
_OPENINGS_ZH = {
    "student": ["刚刚起步？{name}就是为您设计的。", "用{name}，让学生预算花得更从容。"],
    "young": ["正在打理自己的财务生活？来了解一下{name}。", "适合您的下一步：{name}。"],
    "family": ["为未来几年做规划？{name}可以帮上忙。", "事业家庭两头忙，{name}帮您省心。"],
    "senior": ["{name}，让您更加安心。", "{name}，简单、稳妥。"],
}
_PREMIUM_ZH = ["作为我们尊贵的{segment}，您可以申请{name}。", "专为{segment}甄选：{name}。"]
_SEGMENT_ZH = {"affluent": "财富客户", "private": "私人银行客户"}
_TYPE_BENEFIT_ZH = {
    "deposit": "资金安全，随用随取",
    "card": "在手机银行里轻松掌控每一笔消费",
    "loan": "条款清晰、利率固定，借款更安心",
    "fund": "让储蓄在分散投资的基金中发挥作用",
    "insurance": "简单明了的保障，守护您在意的一切",
}
_TOLERANCE_ZH = {"very low": "很低", "low": "低", "medium": "中等", "high": "高", "very high": "很高"}


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


# How each catalogue fact is stated, per language: the same facts, in the same order, in either text.
_FACT_WORDS = {
    "en": {"no_fee": "no annual fee", "fee": "an annual fee of ${fee:,.0f}", "rate": "{rate:.2f}% {kind}",
           "deposit_rate": "APY", "loan_rate": "APR", "expense": "an expense ratio of {expense:.2f}%"},
    "zh": {"no_fee": "免年费", "fee": "年费 ${fee:,.0f}", "rate": "{kind} {rate:.2f}%", "deposit_rate": "年化收益率",
           "loan_rate": "年利率", "expense": "管理费率 {expense:.2f}%"},
}


def _facts(product: pd.Series, language: str = "en") -> list[str]:
    """The product's fee, rate and expense ratio as phrases of `language`, each only when the catalogue has it."""
    words = _FACT_WORDS[language]
    facts = []
    fee = product.get("annual_fee_usd")
    if fee is not None and not pd.isna(fee):
        facts.append(words["no_fee"] if float(fee) == 0 else words["fee"].format(fee=float(fee)))
    rate = product.get("interest_rate_pct")
    if rate is not None and not pd.isna(rate):
        kind = words["deposit_rate" if product.get("type") == "deposit" else "loan_rate"]
        facts.append(words["rate"].format(rate=float(rate), kind=kind))
    expense = product.get("expense_ratio_pct")
    if expense is not None and not pd.isna(expense):
        facts.append(words["expense"].format(expense=float(expense)))
    return facts


def _chinese_text(customer: pd.Series, product: pd.Series, stage: str, segment: str,
                  rng: np.random.Generator) -> tuple[str, str]:
    """Headline and body in Chinese, on the same plan as the English ones."""
    name = str(product["name"])
    templates = _PREMIUM_ZH if segment in _SEGMENT_ZH else _OPENINGS_ZH[stage]
    headline = templates[int(rng.integers(len(templates)))].format(name=name, segment=_SEGMENT_ZH.get(segment, ""))
    benefit = _TYPE_BENEFIT_ZH.get(str(product.get("type")), "为您挑选的产品")
    body = f"{benefit}：{str(product.get('description', '')).rstrip('。.')}。"
    facts = _facts(product, "zh")
    if facts:
        body += f"产品特点：{'，'.join(facts)}。"
    risk, tolerance = int(product.get("risk_level", 1)), customer.get("risk_tolerance")
    label = _TOLERANCE_ZH.get(str(customer.get("risk_tolerance_label", "") or ""), "")
    if tolerance is not None and not pd.isna(tolerance):
        fits = "在您的风险承受能力" + (f"（{label}）" if label else "") + ("范围之内" if risk <= float(tolerance) else "之上")
        body += f"其风险等级为 {risk}/5，{fits}。"
    return headline, body


def marketing_copy(customer: pd.Series, product: pd.Series, *, score: float | None = None, seed: int = 0,
                   language: str = "en") -> MarketingCopy:
    """Copy for `product` (a products-table row) written for `customer` (a customers-table row), in English or,
    with `language="zh"`, in Chinese (pass the product row with its Chinese name and description)."""
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
    if language == "zh":
        headline, body = _chinese_text(customer, product, stage, segment, rng)
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
        "language": language,
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
