"""The simulated bank's names in the reader's language: strategies, classifiers, metrics and verdicts of the
rebalancing comparison, feature names, the transactions' merchant categories, channels, devices and fraud patterns,
the loan applications' categories, customer segments, products (sample_data/bank_zh.py) and FAQ topics.

Our own names live in the catalogues under "banking.value." (one family: the code builds the key from the column and
the value); a value the catalogue does not know (an uploaded table's) is shown as written. Country codes, amounts
and ids stay as they are."""

from __future__ import annotations

import re

from dashboard import i18n
from dashboard.i18n import has_key, t, translate

_VALUE = "banking.value."


def value_label(family: str, value: object, language: str | None = None) -> str:
    """A name of `family` ("strategy", "feature", "category", ...) in the reader's language (or `language`); a
    value the catalogue does not know (an uploaded table's) as written, a missing one as ""."""
    if value is None:
        return ""
    key = f"{_VALUE}{family}.{value}"
    if not has_key(key):
        return str(value)
    return translate(language, key) if language else t(key)


def category_label(value: object, language: str | None = None) -> str:
    """A category of the bank's data (a merchant category "digital_goods", a channel, a device, a fraud pattern,
    a loan purpose, an employment status, a customer segment, a product type) in the reader's language."""
    return value_label("category", value, language)


def band_label(level: object) -> str:
    """A scorecard band or category ("up to 604", "above 604, up to 641", "digital_goods", "yes") in the reader's
    language."""
    text = str(level)
    bounds = re.fullmatch(r"above (\S+), up to (\S+)", text)
    if bounds:
        return t("banking.band.between", low=_bound(bounds[1]), high=_bound(bounds[2]))
    for pattern, key in ((r"up to (\S+)", "banking.band.up_to"), (r"above (\S+)", "banking.band.above")):
        bound = re.fullmatch(pattern, text)
        if bound:
            return t(key, bound=_bound(bound[1]))
    return category_label(text)


def _bound(text: str) -> str:
    """A band's edge as written by the scorecard (4 significant digits), large ones in full digits ("31,800", not
    "3.18e+04")."""
    try:
        value = float(text)
    except ValueError:
        return text
    return i18n.number(round(value)) if abs(value) >= 10_000 else text


def strategy_label(name: str, short: bool = False) -> str:
    """A rebalancing strategy ("gan") as the page names it ("GAN samples (ours)"); `short` drops "(ours)"."""
    return value_label("strategy_short" if short and name in ("gan", "vae") else "strategy", name)


def classifier_label(kind: str, inline: bool = False) -> str:
    """A classifier ("gbm") by name: "Gradient boosting", or inside a sentence ("gradient boosting")."""
    return value_label("classifier_inline" if inline else "classifier", kind)


def metric_label(metric: str) -> str:
    """A metric of the comparison ("recall_at_1pct_fpr") by its short name."""
    return value_label("metric", metric)


def verdict_label(verdict: str) -> str:
    """A strategy's verdict against plain training, with its arrow ("▲ better")."""
    return value_label("verdict", verdict)


def bad_label(bad: str) -> str:
    """The rare outcome as a noun inside a sentence: "fraud", "default", or "positive" for an uploaded label."""
    return value_label("bad", bad)


def feature_label(feature: str, language: str | None = None) -> str:
    """A model feature (a fraud feature or a loan-application column) in plain words; an uploaded table's column
    as written."""
    return value_label("feature", feature, language)


def product_name(name: object) -> str:
    """A product of the bank ("Platinum Card") in the reader's language ("白金卡")."""
    if i18n.current_language() != "zh":
        return str(name)
    from sample_data.bank_zh import PRODUCTS_ZH  # noqa: PLC0415

    return PRODUCTS_ZH.get(str(name), (str(name), ""))[0]


def product_description(name: object, description: object) -> str:
    """A product's catalogue description in the reader's language."""
    if i18n.current_language() != "zh":
        return str(description)
    from sample_data.bank_zh import PRODUCTS_ZH  # noqa: PLC0415

    return PRODUCTS_ZH.get(str(name), ("", str(description)))[1]


def listed(items: list[str], style: str = "and") -> str:
    """Items as a list in the reader's language: "and" through Babel's list patterns ("a, b, and c" / "a、b和c"),
    "comma" a plain enumeration ("a, b" / "a、b"), "numbers" figures ("50, 100 and 200"), "semicolon" longer items ("a; b" / "a；b"), "sentences" whole
    sentences (a space between them in English, none after a Chinese full stop)."""
    if style == "sentences":
        return ("" if i18n.current_language() == "zh" else " ").join(items)
    if style == "numbers":  # "50, 100 and 200" / "50、100 和 200": Babel's "和" would touch the digits
        return t("banking.list.numbers", first=t("banking.list.comma").join(items[:-1]), last=items[-1]) \
            if len(items) > 1 else "".join(items)
    if style in ("comma", "semicolon"):
        return t(f"banking.list.{style}").join(items)
    from babel.lists import format_list  # noqa: PLC0415

    if not items:
        return ""
    return format_list(items, locale=i18n._babel_locale())
