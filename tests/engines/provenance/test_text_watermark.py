"""The keyed text watermark: text that prefers green words is detected, ordinary text is not, the key matters,
and the copy writer's option marks its copy while leaving the default output unchanged."""

import numpy as np
import pytest

from engines.errors import InvalidParameterError
from engines.provenance.text_watermark import TextWatermark, binomial_tail, detection_rates, text_words
from engines.sequence.copywriter import CopyWriter
from tests.engines.protocol.cases_sequence import tiny_catalogue

VOCABULARY = [f"word{i}" for i in range(400)]


def _text(watermark: TextWatermark | None, rng: np.random.Generator, length: int = 40) -> str:
    """Random words; with a watermark, a green word whenever one is drawn among 10 candidates."""
    words, previous = [], ""
    for _ in range(length):
        candidates = rng.choice(len(VOCABULARY), 10, replace=False)
        chosen = candidates[0]
        if watermark is not None:
            green = watermark.green_mask(previous, VOCABULARY)[candidates]
            chosen = candidates[np.argmax(green)] if green.any() else chosen
        previous = VOCABULARY[chosen]
        words.append(previous)
    return " ".join(words)


def test_marked_text_is_found_and_ordinary_text_is_not():
    """40-word texts: all marked ones pass the 1-in-1,000 level, at most 1 of 200 unmarked ones does."""
    # Setup
    rng = np.random.default_rng(0)
    watermark = TextWatermark("secret")
    marked = [_text(watermark, rng) for _ in range(50)]
    plain = [_text(None, rng) for _ in range(200)]
    # Run
    rates = detection_rates(watermark, marked, plain)
    # Assert
    assert rates["true_positive_rate"] == 1.0
    assert rates["false_positive_rate"] <= 0.005
    assert rates["mean_z_watermarked"] > 4 > 1 > abs(rates["mean_z_ordinary"])


def test_the_key_matters_and_verdicts_are_plain():
    """Another key sees no mark; case and punctuation do not change the score; short text is 'too short'."""
    # Setup
    rng = np.random.default_rng(1)
    watermark = TextWatermark("secret")
    text = _text(watermark, rng, 60)
    # Run
    own, other = watermark.detect(text), TextWatermark("another key").detect(text)
    shouted = watermark.detect(text.upper().replace(" ", ", "))
    # Assert
    assert own.verdict == "watermarked" and own.p_value < 1e-3
    assert other.verdict != "watermarked"
    assert shouted.z_score == pytest.approx(own.z_score)
    assert watermark.detect("Too short to judge.").verdict == "too short to tell"
    assert text_words("A red, Rugged-Boot's day!") == ["a", "red", "rugged-boot's", "day"]
    assert binomial_tail(0, 10, 0.25) == pytest.approx(1.0)
    with pytest.raises(InvalidParameterError):
        TextWatermark("")


@pytest.fixture(scope="module")
def writer():
    return CopyWriter(embedding_dim=16, attribute_dim=4, hidden_dim=32, epochs=40, batch_size=8, learning_rate=1e-2,
                      dropout=0.0, random_state=1).fit(tiny_catalogue())


def test_copywriter_marks_its_copy_only_when_asked(writer):
    """With the option, drafts carry more green words than the same drafts without it and name the key's
    fingerprint; without it the output has no watermark column (the default output is unchanged)."""
    # Setup
    catalogue = tiny_catalogue()
    watermark = TextWatermark("secret", delta=6.0)
    # Run
    marked = [writer.generate(row, n_variants=2, seed=seed, watermark=watermark)
              for seed, row in enumerate(catalogue.to_dict("records"))]
    plain = [writer.generate(row, n_variants=2, seed=seed) for seed, row in enumerate(catalogue.to_dict("records"))]
    # Assert
    z_marked = np.mean([watermark.detect(t).z_score for frame in marked for t in frame["text"]])
    z_plain = np.mean([watermark.detect(t).z_score for frame in plain for t in frame["text"]])
    assert z_marked > z_plain + 0.5
    assert all((frame["watermark"] == watermark.fingerprint).all() for frame in marked)
    assert all("watermark=" in p for frame in marked for p in frame["provenance"])
    assert all("watermark" not in frame.columns for frame in plain)
