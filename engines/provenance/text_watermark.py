"""A keyed statistical watermark for generated text (Kirchenbauer et al. 2023, "A Watermark for Large Language
Models"), and its detector.

While sampling, the words of the vocabulary are split pseudo-randomly into a "green" share `gamma` and a red
rest, the split depending on a secret key and on the previous word; `delta` is added to the logits of green
words, so the generator prefers them without being forced. Someone who knows the key counts the green words in
a text: ordinary text has about `gamma` of them, watermarked text clearly more. The count becomes a z-score,
z = (green - gamma * T) / sqrt(T * gamma * (1 - gamma)) over T scored words, which is a standard normal under
"not watermarked". The verdict uses the exact binomial tail of the green count (short texts are too short for
the normal approximation): "watermarked" when text without the mark would score this high at most once in
1,000 tries, whatever the text.

Choices for short product copy:
- Green is decided per (previous word, word) pair by a keyed hash of the two lower-case words, so detection needs
  only the text (no tokenizer, no model) and survives capitalisation and punctuation changes. Punctuation and
  filled-in attribute values (brand, colour...) are never biased; they count in detection as ordinary words.
- A pair that repeats inside a text is counted once (a repeated phrase would otherwise count as independent
  evidence; Kirchenbauer et al. discuss this for repetitive text).
- What it does not do: survive heavy paraphrasing or translation, or prove who wrote a text without the key. A
  low z-score means "no evidence", not "written by a person".
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engines.errors import InvalidParameterError

_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
DEFAULT_GAMMA = 0.25
DEFAULT_DELTA = 3.0
# Verdicts by the exact binomial tail of the green count (the normal approximation behind z is poor for the
# 15-40 words of product copy): at most this chance of so many green words in text without the mark.
DETECTION_P_VALUE = 1e-3
WEAK_EVIDENCE_P_VALUE = 0.05
MIN_SCORED_WORDS = 12
_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def text_words(text: str) -> list[str]:
    """The lower-case words of `text` the watermark is defined on (punctuation dropped)."""
    return _WORD.findall(str(text).lower())


def _word_hash(key: bytes, word: str) -> np.uint64:
    return np.uint64(int.from_bytes(hashlib.blake2b(word.encode(), key=key, digest_size=8).digest(), "little"))


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the bits of 64-bit integers (vectorised; wraps on overflow)."""
    values = values.astype(np.uint64)
    with np.errstate(over="ignore"):
        values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        values = values ^ (values >> np.uint64(31))
    return values


@dataclass(frozen=True)
class WatermarkVerdict:
    """What the detector found: words scored, green words, z-score, one-sided p-value and a plain verdict."""

    scored_words: int
    green_words: int
    z_score: float
    p_value: float
    verdict: str

    @property
    def watermarked(self) -> bool:
        """True when the evidence passes the detection threshold."""
        return self.verdict == "watermarked"


class TextWatermark:
    """The keyed green-list watermark: `green_mask` for the generator, `detect` for any text.

    `key` is the secret (text or bytes; whoever has it can detect and forge the mark), `gamma` the green share,
    `delta` the logit bonus of green words while sampling (larger = easier to detect, less natural wording).
    """

    def __init__(self, key: str | bytes, gamma: float = DEFAULT_GAMMA, delta: float = DEFAULT_DELTA) -> None:
        if not key:
            raise InvalidParameterError("The watermark needs a non-empty key.",
                                        key="engine.text_watermark.empty_key")
        if not 0 < gamma < 1:
            raise InvalidParameterError(f"gamma must be between 0 and 1; got {gamma!r}.",
                                        key="engine.text_watermark.bad_gamma", gamma=repr(gamma))
        if not 0 <= delta <= 20:
            raise InvalidParameterError(f"delta must be between 0 and 20; got {delta!r}.",
                                        key="engine.text_watermark.bad_delta", delta=repr(delta))
        self.key = hashlib.blake2b(key.encode() if isinstance(key, str) else bytes(key), digest_size=32).digest()
        self.gamma = float(gamma)
        self.delta = float(delta)
        self._threshold = np.uint64(min(int(self.gamma * 2.0**64), 2**64 - 1))
        self._hashes: dict[str, np.uint64] = {}
        self._vocabulary: tuple[str | None, ...] | None = None
        self._vocabulary_hashes: np.ndarray | None = None
        self._masks: dict[str, np.ndarray] = {}

    @property
    def fingerprint(self) -> str:
        """A short public id of the key and settings, for provenance records (does not reveal the key)."""
        digest = hashlib.sha256(self.key + f"{self.gamma}:{self.delta}".encode()).hexdigest()
        return digest[:12]

    def _hash(self, word: str) -> np.uint64:
        value = self._hashes.get(word)
        if value is None:
            value = self._hashes[word] = _word_hash(self.key, word)
        return value

    def is_green(self, previous: Sequence[str], words: Sequence[str]) -> np.ndarray:
        """Whether each (previous word, word) pair is green."""
        previous_hashes = np.array([self._hash(w) for w in previous], dtype=np.uint64)
        word_hashes = np.array([self._hash(w) for w in words], dtype=np.uint64)
        with np.errstate(over="ignore"):
            combined = _mix(previous_hashes) * np.uint64(0x9E3779B97F4A7C15) + word_hashes
        return _mix(combined) < self._threshold

    def green_mask(self, previous_word: str, vocabulary: Sequence[str | None]) -> np.ndarray:
        """Green flags of every vocabulary entry after `previous_word`; entries given as None (punctuation,
        slots, control tokens) are never green, so they are never pushed. Cached per previous word."""
        vocabulary = tuple(vocabulary)
        if vocabulary != self._vocabulary:
            self._vocabulary, self._masks = vocabulary, {}
            self._vocabulary_hashes = np.array([self._hash(w) if w else 0 for w in vocabulary], dtype=np.uint64)
        mask = self._masks.get(previous_word)
        if mask is None:
            with np.errstate(over="ignore"):
                combined = (_mix(np.array([self._hash(previous_word)], dtype=np.uint64)) * np.uint64(
                    0x9E3779B97F4A7C15) + self._vocabulary_hashes)
            mask = (_mix(combined) < self._threshold) & np.array([w is not None for w in vocabulary])
            self._masks[previous_word] = mask
        return mask

    def detect(self, text: str) -> WatermarkVerdict:
        """Score `text`: the green (previous word, word) pairs, each distinct pair counted once, as a z-score and
        an exact binomial p-value; verdict "watermarked" (p <= 0.001), "weak evidence" (p <= 0.05), "no watermark
        found", or "too short to tell" below 12 scored words."""
        words = text_words(text)
        pairs = list(dict.fromkeys(zip(words[:-1], words[1:])))
        scored = len(pairs)
        if scored == 0:
            return WatermarkVerdict(0, 0, 0.0, 1.0, "too short to tell")
        green = int(self.is_green([p for p, _ in pairs], [w for _, w in pairs]).sum())
        z = (green - self.gamma * scored) / math.sqrt(scored * self.gamma * (1 - self.gamma))
        p_value = binomial_tail(green, scored, self.gamma)
        if scored < MIN_SCORED_WORDS:
            verdict = "too short to tell"
        elif p_value <= DETECTION_P_VALUE:
            verdict = "watermarked"
        elif p_value <= WEAK_EVIDENCE_P_VALUE:
            verdict = "weak evidence"
        else:
            verdict = "no watermark found"
        return WatermarkVerdict(scored, green, float(z), float(p_value), verdict)


def binomial_tail(green: int, scored: int, gamma: float) -> float:
    """P(at least `green` green words among `scored`) when each is green with probability `gamma`: the exact
    chance that text without the mark scores this high (summed exactly: texts are short, and scipy.stats would
    cost the page seconds to import)."""
    if green <= 0:
        return 1.0
    tail = sum(math.comb(scored, k) * gamma**k * (1 - gamma) ** (scored - k) for k in range(green, scored + 1))
    return float(min(1.0, tail))


def detection_rates(watermark: TextWatermark, watermarked: Sequence[str], ordinary: Sequence[str],
                    p_value: float = DETECTION_P_VALUE) -> dict[str, float]:
    """True-positive rate on `watermarked` texts and false-positive rate on `ordinary` ones when a text counts
    as marked at a binomial p-value of at most `p_value` (the detector's "watermarked" verdict by default), with
    the mean z-scores and words scored."""
    marked = [watermark.detect(t) for t in watermarked]
    plain = [watermark.detect(t) for t in ordinary]
    return {"true_positive_rate": float(np.mean([v.p_value <= p_value and v.scored_words >= MIN_SCORED_WORDS
                                                 for v in marked])),
            "false_positive_rate": float(np.mean([v.p_value <= p_value and v.scored_words >= MIN_SCORED_WORDS
                                                  for v in plain])),
            "mean_z_watermarked": float(np.mean([v.z_score for v in marked])),
            "mean_z_ordinary": float(np.mean([v.z_score for v in plain])),
            "mean_words_watermarked": float(np.mean([v.scored_words for v in marked])),
            "mean_words_ordinary": float(np.mean([v.scored_words for v in plain])),
            "n_watermarked": len(marked), "n_ordinary": len(plain), "p_value_threshold": float(p_value)}
