"""Chinese product copy: a character-level GRU conditioned on the product's attributes, with the same
"sample, check, keep" discipline as the English copy writer (engines/sequence/copywriter.py).

Chinese needs its own text handling, not a second language inside the English one: there are no spaces, so the
unit is the character (a few hundred of them cover shop copy, a small vocabulary the network learns in minutes on a
CPU); a value is stated when its characters appear in the text, not as a whole English word; a conflict is another
value of the attribute appearing outside the asked one (酒红色 holds 红色, which must not count as a second
colour); a text is novel when it is not a training text with other values filled in (its delexicalised form is
new), and the checks also flag a selling point said twice. Attribute values are delexicalised to slot
tokens (`<brand>`, `<colour>`, `<category>`, `<price_band>`, `<item>`) for training and filled back after
sampling, so the writer can also name a brand or item it never saw.

Everything else is the English writer's: `ChineseCopyWriter` is an `AttributeCopyWriter` (the network,
training through the one training loop, sampling, perplexity, provenance and the saved format) that supplies
only the text handling and checks above, its draft preference and its defaults.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import torch

from engines.core.model import register_model
from engines.errors import InvalidDataError, InvalidParameterError
from engines.sequence.copywriter import AttributeCopyWriter
from engines.sequence.copywriter_text import ATTRIBUTES

MODEL_NAME = "copywriter-zh-gru"
SLOTS = ("item", "brand", "colour", "category", "price_band")  # filled after sampling; item first (longest)
NOVELTY_SPAN_CHARS = 12
_TOKEN = re.compile(r"<[a-z_]+>|[A-Za-z0-9]+|\S")


def delexicalise_zh(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each slot value replaced by its slot token (longest values first)."""
    for name in sorted((n for n in SLOTS if values.get(n)), key=lambda n: -len(str(values[n]))):
        text = text.replace(str(values[name]), f"<{name}>")
    return text


def tokenize_zh(text: str) -> list[str]:
    """Slot tokens, runs of Latin letters or digits (a brand, "T恤"'s T), and single characters."""
    return _TOKEN.findall(text)


def realise_zh(tokens: list[str], values: Mapping[str, str]) -> str:
    """Tokens joined without spaces, slots filled from ``values``."""
    return "".join(str(values.get(token[1:-1], "")) if token.startswith("<") and len(token) > 2 else token
                   for token in tokens)


def char_spans(text: str, n: int = NOVELTY_SPAN_CHARS) -> set[int]:
    """64-bit hashes of every ``n``-character run of ``text`` (punctuation kept: it is part of the wording)."""
    return {int.from_bytes(hashlib.blake2b(text[i:i + n].encode(), digest_size=8).digest(), "big", signed=True)
            for i in range(len(text) - n + 1)}


def stated_zh(text: str, values: Mapping[str, str]) -> dict[str, bool]:
    """For each attribute given, whether ``text`` states its value."""
    return {name: str(value) in text for name, value in values.items() if str(value).strip()}


def conflicts_zh(text: str, values: Mapping[str, str], known: Mapping[str, list[str]]) -> list[str]:
    """Other known values of an attribute that ``text`` states outside the asked value and the item's name."""
    found = []
    for name, options in known.items():
        asked = str(values.get(name, ""))
        rest = text.replace(asked, "｜") if asked else text
        if values.get("item"):
            rest = rest.replace(str(values["item"]), "｜")
        found += [f"{name}={option}" for option in options if option != asked and option not in asked
                  and option in rest]
    return found


def repeated_phrase(text: str, min_chars: int = 4) -> str:
    """The first run of ``min_chars`` Chinese characters that the text says twice ("充电快速……充电快速"), or "":
    a copywriter never repeats a selling point in two short sentences."""
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    seen: set[str] = set()
    for run in runs:
        grams = {run[i:i + min_chars] for i in range(len(run) - min_chars + 1)}
        repeated = grams & seen
        if repeated:
            return sorted(repeated)[0]
        seen |= grams
    return ""


def distinct_2_zh(texts: list[str]) -> float:
    """Share of distinct character pairs among all character pairs of ``texts`` (higher = less repetitive)."""
    pairs = [text[i:i + 2] for text in texts for i in range(len(text) - 1)]
    return len(set(pairs)) / len(pairs) if pairs else 0.0


@register_model
class ChineseCopyWriter(AttributeCopyWriter):
    """Attribute-conditioned Chinese product-copy generator, character-level (see the module docstring).

    The catalogue it learns from has one row per description with a text column, the ATTRIBUTES and `item`,
    all in Chinese (brand as written). Hyper-parameters as in `AttributeCopyWriter`; learned attributes end
    with `_`.
    """

    kind = "copywriter_zh"
    label = "Chinese copy writer"
    description = "A character-level GRU that writes Chinese product copy from the product's attributes."
    model_name = MODEL_NAME
    slot_columns = (*ATTRIBUTES, "item")
    generic_item = "产品"

    def __init__(self, embedding_dim: int = 48, attribute_dim: int = 16, hidden_dim: int = 160,
                 dropout: float = 0.2, attribute_dropout: float = 0.1, epochs: int = 25, batch_size: int = 32,
                 learning_rate: float = 3e-3, device: str = "auto", random_state: int = 0) -> None:
        super().__init__(embedding_dim, attribute_dim, hidden_dim, dropout, attribute_dropout, epochs,
                         batch_size, learning_rate, device, random_state)

    def generate(self, attributes: Mapping[str, str], n_variants: int = 3, temperature: float = 1.0,
                 top_k: int = 20, seed: int = 0, candidates_per_variant: int = 16,
                 max_tokens: int = 80) -> pd.DataFrame:
        """Write ``n_variants`` Chinese texts for one product (category, brand, colour, price_band in Chinese;
        item optional, else a typical item of the category). One row per variant with `text`, the checks
        (`faithful`, `missing_attributes`, `conflicts`, `fluent`, `repeated_phrase`, `novel`, `copied_span`;
        see `_checks`) and the provenance (`model`, `model_version`, `seed`, `provenance`)."""
        return self._write(attributes, n_variants, temperature, top_k, seed, candidates_per_variant,
                           max_tokens)

    # ------------------------------------------------------------------------------- the language's hooks
    def _catalogue_rows(self, products: pd.DataFrame, text_column: str) -> pd.DataFrame:
        return _check_catalogue(products, text_column)

    def _check_attributes(self, attributes: Mapping[str, str]) -> dict[str, str]:
        if not isinstance(attributes, Mapping):
            raise InvalidParameterError("attributes must be a mapping such as {'category': '厨房', ...}.",
                                        key="engine.copywriter_zh.bad_attributes")
        values = {name: str(attributes.get(name) or "").strip() for name in (*ATTRIBUTES, "item")}
        missing = [name for name in ATTRIBUTES if not values[name]]
        if missing:
            raise InvalidParameterError(f"Give the product's {', '.join(missing)}: the copy states "
                                        f"{', '.join(ATTRIBUTES)}.",
                                        key="engine.copywriter_zh.missing_attributes",
                                        missing=', '.join(missing), attributes=', '.join(ATTRIBUTES))
        return values

    def _tokens(self, text: str, values: Mapping[str, str]) -> list[str]:
        return tokenize_zh(delexicalise_zh(text, values))

    def _realise(self, tokens: list[str], values: Mapping[str, str]) -> str:
        return realise_zh(tokens, values)

    def _learn_checks(self, texts_and_values: list[tuple[str, dict[str, str]]]) -> None:
        self.training_spans_ = set().union(*(char_spans(text) for text, _ in texts_and_values))
        self.training_templates_ = {_template_hash(delexicalise_zh(text, values))
                                    for text, values in texts_and_values}

    def _checks(self, text: str, attributes: Mapping[str, str]) -> dict:
        """Every attribute stated and no conflicting value (`faithful`), no selling point said twice
        (`fluent`), not a training text with other values filled in (`novel`), and the first 12-character span
        shared with a training text (`copied_span`, for information: a catalogue written from patterns shares
        many)."""
        asked = {name: str(attributes[name]) for name in (*ATTRIBUTES, "item") if attributes.get(name)}
        stated = stated_zh(text, asked)
        missing = [name for name, ok in stated.items() if not ok]
        known = {name: self.attribute_values_[name] for name in ("colour", "price_band", "category")}
        conflicts = conflicts_zh(text, asked, known)
        copied = next((text[i:i + NOVELTY_SPAN_CHARS] for i in range(len(text) - NOVELTY_SPAN_CHARS + 1)
                       if char_spans(text[i:i + NOVELTY_SPAN_CHARS]) & self.training_spans_), "")
        repeated = repeated_phrase(text)
        template = _template_hash(delexicalise_zh(text, asked))
        return {"text": text, "faithful": not missing and not conflicts, "missing_attributes": ", ".join(missing),
                "conflicts": ", ".join(conflicts), "fluent": not repeated, "repeated_phrase": repeated,
                "novel": template not in self.training_templates_, "copied_span": copied}

    def _preference(self, kept: list[dict]) -> Callable[[dict], tuple]:
        """Faithful first, then fluent, then novel, then opening (first four characters) unlike the drafts
        already kept, then most likely under the model."""
        openings = {c["text"][:4] for c in kept}
        return lambda c: (c["faithful"], c["fluent"], c["novel"], c["text"][:4] not in openings,
                          c["log_prob"])

    def _check_state(self) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
        return {}, {"training_spans": torch.tensor(sorted(self.training_spans_), dtype=torch.int64),
                    "training_templates": torch.tensor(sorted(self.training_templates_), dtype=torch.int64)}

    def _restore_checks(self, state: dict[str, Any], tensors: dict[str, torch.Tensor]) -> None:
        self.training_spans_ = set(tensors.pop("training_spans").tolist())
        self.training_templates_ = set(tensors.pop("training_templates").tolist())


def _check_catalogue(products: pd.DataFrame, text_column: str) -> pd.DataFrame:
    needed = [*ATTRIBUTES, "item", text_column]
    if not isinstance(products, pd.DataFrame) or any(column not in products for column in needed):
        raise InvalidDataError(f"The Chinese catalogue needs the columns {needed}.",
                               key="engine.copywriter_zh.missing_columns", needed=needed)
    rows = products.dropna(subset=needed)
    if len(rows) < 2:
        raise InvalidDataError("The Chinese catalogue needs at least two complete descriptions to learn from.",
                               key="engine.copywriter_zh.too_few")
    return rows.reset_index(drop=True)


def _template_hash(delexicalised: str) -> int:
    return int.from_bytes(hashlib.blake2b(delexicalised.encode(), digest_size=8).digest(), "big", signed=True)

