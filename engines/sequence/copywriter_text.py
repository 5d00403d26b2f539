"""Text handling for the product-copy generator: slots, tokens, and the checks run on every generated text.

Delexicalisation (Wen et al. 2015, "Semantically Conditioned LSTM-based Natural Language Generation"): before
training, each attribute value in a description is replaced by a slot token (`<brand>`, `<colour>`, ...), so
the network learns *where* a brand goes, not how 30 brand names are spelled. After sampling, slots are filled
with the values asked for, which is also what lets the generator write about a brand or colour it never saw.

The checks are plain code over the final text, so they hold for any generator: which attributes it states,
whether it states a conflicting value, whether any 8-word span was copied from the training descriptions, and
distinct-n.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

ATTRIBUTES = ("category", "brand", "colour", "price_band")
# Slots filled from the product but not conditioned on: the product's name and how a sentence names one item.
EXTRA_SLOTS = ("name", "item")
SLOT_ORDER = ("name", "item", "brand", "colour", "category", "price_band")  # longest values first
NOVELTY_SPAN_WORDS = 8

_TOKEN = re.compile(r"<[a-z_]+>|[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*|'s|\S")
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", "'s", ")"}
_SENTENCE_END = {".", "?", "!"}


def slot(name: str) -> str:
    """The slot token of an attribute, e.g. `<brand>`."""
    return f"<{name}>"


def _value_pattern(value: str) -> re.Pattern:
    # Whole words only: "tan" must not match inside "tangerine", nor "Acme" inside "Acme-Pro".
    return re.compile(r"(?<![\w-])" + re.escape(value.strip()) + r"(?![\w-])", re.IGNORECASE)


def delexicalise(text: str, values: Mapping[str, str]) -> str:
    """`text` with every whole-word occurrence of each slot value (case-insensitive) replaced by its slot
    token.
    """
    for name in SLOT_ORDER:
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            text = _value_pattern(value).sub(slot(name), text)
    return text


def tokenize(text: str) -> list[str]:
    """Words (with inner hyphens and apostrophes), slot tokens, "'s" and single punctuation marks."""
    return _TOKEN.findall(text)


def with_article(article: str, phrase: str) -> str:
    """"a" or "an" (keeping the capital) as English spelling wants it before `phrase` (by its first letter).
    """
    wanted = "an" if phrase[:1].lower() in "aeiou" else "a"
    return wanted.capitalize() if article[:1].isupper() else wanted


def realise(tokens: Sequence[str], values: Mapping[str, str]) -> str:
    """Join tokens into text, filling slots from `values` (the category in lower case, as the catalogue writes
    it) and fixing "a"/"an" before a filled slot and capitals at sentence starts."""
    words: list[str] = []
    for token in tokens:
        if token.startswith("<") and token.endswith(">") and len(token) > 2:
            name = token[1:-1]
            value = str(values.get(name, "")).strip()
            token = value.lower() if name == "category" else value
            if not token:
                continue
            if words and words[-1].lower() in ("a", "an"):
                words[-1] = with_article(words[-1], token)
        if token in _NO_SPACE_BEFORE and words:
            words[-1] += token
            continue
        if not words or words[-1][-1:] in _SENTENCE_END:
            token = token[:1].upper() + token[1:]
        words.append(token)
    return " ".join(words)


def words(text: str) -> list[str]:
    """Lower-case words of `text`, punctuation dropped: the unit of novelty and distinct-n."""
    return _WORD.findall(text.lower())


def span_hashes(text: str, n: int = NOVELTY_SPAN_WORDS) -> set[int]:
    """64-bit hashes of every run of `n` consecutive words in `text` (none when it has fewer words)."""
    tokens = words(text)
    return {
        int.from_bytes(hashlib.blake2b(" ".join(tokens[i:i + n]).encode(), digest_size=8).digest(), "big",
                       signed=True)
        for i in range(len(tokens) - n + 1)
    }


def copied_span(text: str, training_hashes: set[int], n: int = NOVELTY_SPAN_WORDS) -> str | None:
    """The first `n`-word span of `text` that also occurs in a training description, or None (the text is
    novel).
    """
    tokens = words(text)
    for i in range(len(tokens) - n + 1):
        span = " ".join(tokens[i:i + n])
        key = int.from_bytes(hashlib.blake2b(span.encode(), digest_size=8).digest(), "big", signed=True)
        if key in training_hashes:
            return span
    return None


def stated_attributes(text: str, values: Mapping[str, str]) -> dict[str, bool]:
    """For each attribute in `values`, whether `text` states it as a whole word (case-insensitive)."""
    return {name: bool(_value_pattern(str(value)).search(text)) for name, value in values.items()
            if isinstance(value, str) and value.strip()}


def conflicting_values(text: str, values: Mapping[str, str],
                       known_values: Mapping[str, Iterable[str]]) -> list[str]:
    """Known values of an attribute, other than the one asked for, that `text` states (a black bag called
    white).
    """
    found = []
    for name, options in known_values.items():
        asked = str(values.get(name, "")).strip().lower()
        for option in options:
            other = option.lower() != asked and asked not in option.lower()
            if other and _value_pattern(option).search(text):
                found.append(f"{name}={option}")
    return found


def distinct_n(texts: Sequence[str], n: int = 2) -> float:
    """Distinct-n (Li et al. 2016): distinct word n-grams / all word n-grams over `texts` (0 when there are
    none)."""
    grams = [tuple(tokens[i:i + n]) for tokens in map(words, texts) for i in range(len(tokens) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def item_default(category_items: Mapping[str, Sequence[str]], category: str, rng: np.random.Generator,
                 fallback: str = "item") -> str:
    """An item phrase for a category when none was given: one seen with it in training, else `fallback`."""
    options = category_items.get(category) or []
    return str(options[rng.integers(len(options))]) if options else fallback


# Words that introduce a noun phrase: two in a row ("a This") means a clause broke off.
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "our", "your", "every", "each"}
# Short function words every category uses; never a sign of a wrong category.
_FUNCTION_WORDS = {
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "is", "are", "be", "and", "or", "but", "with",
    "for", "of", "in", "on", "to", "from", "by", "at", "as", "our", "your", "you", "we", "every", "each", "one",
    "s", "'s", "all", "any", "more", "most", "so", "too", "very", "also", "has", "have", "can", "will", "made",
}


def _is_slot(token: str) -> bool:
    return token.startswith("<") and token.endswith(">") and len(token) > 2


def capitalised_mid_sentence(text: str) -> set[str]:
    """Words of `text` (already delexicalised) written with a capital inside a sentence: in training copy these
    are names the catalogue uses (brands of other products, "Wi-Fi"); anywhere else they are a broken clause."""
    found, sentence_start = set(), True
    for token in tokenize(text):
        if token in _SENTENCE_END:
            sentence_start = True
            continue
        if token[:1].isalpha() and not _is_slot(token):
            if token[:1].isupper() and not sentence_start:
                found.add(token)
            sentence_start = False
        elif _is_slot(token):
            sentence_start = False
    return found


def fluency_problems(text: str, values: Mapping[str, str], allowed_capitals: Iterable[str] = ()) -> list[str]:
    """What a copy editor would strike in `text`, in plain words (empty when it reads well): a capital letter
    inside a sentence that is not a name (e.g. "a beauty buy A This pink face cream"), two determiners in a
    row, a word written twice, an unfinished last sentence. Slot values (brand, name, item, colour) are names
    and may be capitalised anywhere."""
    allowed = set(allowed_capitals) | {"I"}
    delexicalised = delexicalise(text, values)
    problems = [f'capital letter inside a sentence: "{word}"'
                for word in sorted(capitalised_mid_sentence(delexicalised) - allowed)]
    previous = None
    for token in tokenize(delexicalised):
        if not token[:1].isalpha() or _is_slot(token):
            previous = None if token in _SENTENCE_END else previous
            continue
        lower = token.lower()
        if previous is not None:
            if previous in _DETERMINERS and lower in _DETERMINERS:
                problems.append(f'broken clause: "{previous} {lower}"')
            elif previous == lower:
                problems.append(f'word written twice: "{lower}"')
        previous = lower
    stripped = text.strip()
    if stripped and stripped[-1] not in _SENTENCE_END:
        problems.append("the last sentence is unfinished")
    return problems


def content_words(text: str, values: Mapping[str, str]) -> set[str]:
    """The describing words of `text`: lower-case words other than slot values and function words."""
    delexicalised = delexicalise(text, values)
    return {word for word in words(re.sub(r"<[a-z_]+>", " ", delexicalised))
            if word not in _FUNCTION_WORDS and not word.isdigit()}


def out_of_category_words(text: str, values: Mapping[str, str], category_words: Mapping[str, Iterable[str]]
                          ) -> list[str]:
    """Describing words of `text` that the training copy uses for other categories but never for this
    product's category: a face cream called "rugged". A word no training text uses is not judged (it can only
    come from a slot value)."""
    category = values.get("category")
    if category not in category_words:
        return []
    own = set(category_words[category])
    anywhere = set().union(*(set(v) for v in category_words.values()))
    return sorted(word for word in content_words(text, values) if word in anywhere and word not in own)
