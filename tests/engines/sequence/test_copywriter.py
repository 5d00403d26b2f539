"""The product-copy generator: text helpers, training, generation with checks and provenance (the generic
fit / save / load / seed / cancel checks run for every model in tests/engines/test_model_protocol.py)."""

import pytest

from engines.errors import InvalidParameterError
from engines.sequence.copywriter import CopyWriter
from engines.sequence.copywriter_text import (
    conflicting_values,
    copied_span,
    delexicalise,
    distinct_n,
    fluency_problems,
    out_of_category_words,
    realise,
    span_hashes,
    stated_attributes,
    tokenize,
)
from tests.engines.protocol.cases_sequence import tiny_catalogue

SMALL = dict(embedding_dim=16, attribute_dim=4, hidden_dim=32, epochs=40, batch_size=8, learning_rate=1e-2,
             dropout=0.0, random_state=1)


@pytest.fixture(scope="module")
def fitted():
    """One small generator trained on the tiny catalogue, shared by the tests that only read it."""
    return CopyWriter(**SMALL).fit(tiny_catalogue())


def test_slots_round_trip_and_articles_follow_the_value():
    """Delexicalising then realising gives the text back; a new value gets the right article and capital."""
    # Setup
    values = {"brand": "Acme", "colour": "red", "category": "Kitchen", "price_band": "budget",
              "item": "kettle"}
    text = "Acme's red kettle is a budget pick from our kitchen range."
    # Run
    tokens = tokenize(delexicalise(text, values))
    # Assert
    assert tokens[:3] == ["<brand>", "'s", "<colour>"]
    assert realise(tokens, values) == text
    assert realise(tokens,
                   values | {"price_band": "economy",
                             "brand": "zeta"}).startswith("Zeta's red kettle is an economy")


def test_checks_find_attributes_conflicts_copies_and_diversity():
    """Stated attributes are whole words; a second colour conflicts; an 8-word copied span is reported."""
    # Setup
    training = span_hashes("one two three four five six seven eight nine")
    # Run / Assert
    assert stated_attributes("A Tan bag", {"colour": "tan", "brand": "Acme"}) == {"colour": True,
                                                                                  "brand": False}
    assert stated_attributes("tangerine", {"colour": "tan"}) == {"colour": False}
    assert conflicting_values("a red and blue mug", {"colour": "red"},
                              {"colour": ["red", "blue"]}) == ["colour=blue"]
    assert copied_span("zero two three four five six seven eight nine", training) == (
        "two three four five six seven eight nine")
    assert copied_span("one two three four five six seven", training) is None
    assert distinct_n(["a b a b"], 2) == pytest.approx(2 / 3)


def test_training_lowers_the_loss_and_generation_is_checked_and_tagged(fitted):
    """The loss falls; three variants come back, stating their attributes, each with provenance."""
    # Setup
    attributes = {"category": "Toys", "brand": "Playwell", "colour": "green", "price_band": "premium"}
    # Run
    variants = fitted.generate(attributes, n_variants=3, seed=5, candidates_per_variant=4)
    # Assert
    losses = [record["loss"] for record in fitted.loss_history_]
    assert losses[-1] < 0.5 * losses[0]
    assert len(variants) == 3 and variants["faithful"].mean() >= 2 / 3
    assert all("playwell" in text.lower() for text in variants["text"][variants["faithful"]])
    assert (variants["provenance"] == f"copywriter-gru v{fitted.version_} seed=5").all()
    assert {"model", "model_version", "seed", "novel", "copied_span"} <= set(variants.columns)


def test_same_seed_same_text_and_a_reloaded_model_keeps_its_version(fitted, tmp_path):
    """A generation seed reproduces the texts; a saved and reloaded model keeps its version (the provenance of
    its texts) and its perplexity."""
    # Setup
    attributes = {"category": "Home", "brand": "Nestwell", "colour": "red", "price_band": "budget"}
    # Run
    first = fitted.generate(attributes, seed=3, candidates_per_variant=2)
    again = fitted.generate(attributes, seed=3, candidates_per_variant=2)
    reloaded = CopyWriter.load(fitted.save(tmp_path / "writer"))
    # Assert
    assert first["text"].tolist() == again["text"].tolist()
    assert reloaded.version_ == fitted.version_
    assert reloaded.perplexity(tiny_catalogue()) == fitted.perplexity(tiny_catalogue())


def test_unknown_values_fall_back_and_bad_requests_explain_themselves(fitted):
    """Unseen values are written as given and listed; missing attributes and bad settings raise messages."""
    # Setup
    unseen = {"category": "Garden", "brand": "Zeta", "colour": "mauve", "price_band": "budget"}
    # Run
    variants = fitted.generate(unseen, seed=0)
    # Assert
    assert variants["unknown_attributes"].iloc[0] == "category, brand, colour"
    assert variants["text"].str.len().min() > 0
    with pytest.raises(InvalidParameterError, match="brand"):
        fitted.generate({"category": "Toys", "colour": "red", "price_band": "budget"})
    with pytest.raises(InvalidParameterError, match="temperature"):
        fitted.generate(unseen, temperature=0)


def test_fluency_check_strikes_broken_clauses_but_not_names():
    """The copy-editor check flags the broken drafts the issue quotes and passes clean copy, where the brand and
    product name may be capitalised anywhere."""
    # Setup
    values = {"category": "Beauty", "brand": "Glowlab", "colour": "pink", "name": "Glowlab Face Cream",
              "item": "face cream", "price_band": "mid-range"}
    broken = "Looking for a mid-range beauty buy A This pink face cream from Glowlab is gentle."
    clean = "Looking for a mid-range beauty buy? This pink face cream from Glowlab is gentle."
    # Run
    broken_problems = fluency_problems(broken, values)
    clean_problems = fluency_problems(clean, values)
    # Assert
    assert any('"A"' in problem for problem in broken_problems)
    assert any("broken clause" in problem for problem in broken_problems)
    assert clean_problems == []
    assert fluency_problems("Glowlab Face Cream: gentle and giftable", values) == ["the last sentence is unfinished"]
    assert fluency_problems("It is is gentle.", values) == ['word written twice: "is"']


def test_sense_check_flags_words_the_category_never_uses():
    """A face cream called "rugged" is flagged (only outdoor copy says rugged); words every category uses and
    words no training text uses are not."""
    # Setup
    category_words = {"Beauty": ["gentle", "luxurious", "finish"], "Sports": ["rugged", "gentle", "grip"]}
    values = {"category": "Beauty", "brand": "Glowlab", "colour": "pink"}
    # Run
    odd = out_of_category_words("This pink cream is rugged and luxurious, with a zesty finish.", values,
                                category_words)
    # Assert
    assert odd == ["rugged"]
    assert out_of_category_words("A gentle Glowlab cream.", values, category_words) == []


def test_generated_copy_is_checked_for_fluency_and_sense_and_the_checks_survive_save_load(fitted, tmp_path):
    """Every variant carries the fluency and sense checks; drafts that pass are preferred; a reloaded model
    judges a text the same way."""
    # Setup
    attributes = {"category": "Toys", "brand": "Playwell", "colour": "green", "price_band": "premium"}
    reloaded = CopyWriter.load(fitted.save(tmp_path / "writer"))
    text = "This green Playwell toy is is great"
    # Run
    variants = fitted.generate(attributes, n_variants=3, seed=5, candidates_per_variant=8)
    # Assert
    assert {"fluent", "fluency_problems", "sensible", "odd_words"} <= set(variants.columns)
    assert variants["fluent"].mean() >= 2 / 3
    assert fitted.category_words_ and "Toys" in fitted.category_words_
    assert reloaded.check_text(text, attributes) == fitted.check_text(text, attributes)
    assert not fitted.check_text(text, attributes)["fluent"]
