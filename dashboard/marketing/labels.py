"""The Marketing & creative page's attribute values in the reader's language: categories and colours (the store's
words, dashboard.ecommerce.labels), patterns, acquisition channels, RFM segment names (the E-commerce page's) and
the campaign's policies. Unknown values come back as they are."""

from __future__ import annotations

from dashboard.ecommerce.labels import category_label, colour_label, product_label
from dashboard.i18n import DEFAULT_LANGUAGE, catalogue, has_key, t

__all__ = ["attribute_label", "category_label", "channel_label", "colour_label", "creative_label", "pattern_label",
           "policy_label", "product_label", "segment_label", "value_label"]


def attribute_label(attribute: str) -> str:
    """"category", "colour" or "pattern" as a word of the reader's language."""
    return t(f"marketing.attribute.{attribute}")


def pattern_label(pattern: object) -> str:
    key = f"marketing.pattern.{pattern}"
    return t(key) if has_key(key) else str(pattern)


def value_label(attribute: str, value: object) -> str:
    """A picture attribute's value (category, colour or pattern) in the reader's language."""
    return {"category": category_label, "colour": colour_label, "pattern": pattern_label}[attribute](value)


def channel_label(channel: object) -> str:
    """An acquisition channel ("paid_search", "direct / unknown") in the reader's language."""
    key = "marketing.channel." + str(channel).replace(" / ", "_").replace(" ", "_")
    return t(key) if has_key(key) else str(channel)


def segment_label(segment: object) -> str:
    """An RFM segment's English name (as results.json stores it) in the reader's language."""
    name = str(segment)
    suffix = ""
    if name.endswith(" (2)"):
        name, suffix = name[:-4], " (2)"
    for key, text in catalogue(DEFAULT_LANGUAGE).items():
        if key.startswith("ecommerce.segment.") and text == name:
            return t(key) + suffix
    return str(segment)


def policy_label(policy: str) -> str:
    """"even split" or "Thompson sampling" in the reader's language."""
    return t({"even split": "marketing.policy.even", "Thompson sampling": "marketing.policy.thompson"}[policy])


def creative_label(name: str, variant: int) -> str:
    """A creative's short name: the product type without brand and model word, and its variant."""
    words = product_label(name).split()
    return t("marketing.creative.label", name=" ".join(words[2:]) or product_label(name), variant=variant)
