"""The Chinese copy writer: its text checks, and the shipped checkpoint on held-out products (never trained on):
every kept text states all of the product's attributes."""

import pytest

from engines.errors import InvalidParameterError
from engines.sequence.copywriter_zh import (
    ChineseCopyWriter,
    conflicts_zh,
    delexicalise_zh,
    realise_zh,
    repeated_phrase,
    stated_zh,
    tokenize_zh,
)
from tests.engines.protocol.cases_sequence import tiny_chinese_catalogue

VALUES = {"category": "玩具", "brand": "Playwell", "colour": "酒红色", "price_band": "高端", "item": "遥控车"}


def test_slots_round_trip_through_tokens():
    """Delexicalising, tokenising and realising gives the text back; Latin brands stay one token."""
    # Setup
    text = "Playwell推出酒红色遥控车，做工结实。这是一款高端玩具产品。"

    # Run
    tokens = tokenize_zh(delexicalise_zh(text, VALUES))

    # Assert
    assert "<brand>" in tokens and "<colour>" in tokens and "<item>" in tokens
    assert realise_zh(tokens, VALUES) == text


def test_a_colour_inside_the_asked_colour_is_no_conflict_but_another_colour_is():
    """酒红色 holds 红色: not a second colour; 白色 elsewhere in the text is."""
    # Setup
    known = {"colour": ["红色", "酒红色", "白色"]}

    # Run / Assert
    assert conflicts_zh("酒红色的遥控车", VALUES, known) == []
    assert conflicts_zh("酒红色的遥控车，白色车轮", VALUES, known) == ["colour=白色"]


def test_missing_attributes_and_repeated_selling_points_are_found():
    """A text without the price band states the rest; a selling point said twice is flagged."""
    # Run
    stated = stated_zh("Playwell酒红色遥控车，玩具好物。", VALUES)

    # Assert
    assert stated == {"category": True, "brand": True, "colour": True, "price_band": False, "item": True}
    assert repeated_phrase("充电快速。数码好物，充电快速。") == "充电快速"
    assert repeated_phrase("充电快速，续航持久。") == ""


def test_training_lowers_the_loss_and_a_reloaded_writer_judges_and_scores_the_same(tmp_path):
    """A short training on the tiny catalogue halves the loss; generation states the attributes; the saved and
    reloaded writer gives the same checks and perplexity; bad sampling settings explain themselves."""
    # Setup
    writer = ChineseCopyWriter(embedding_dim=16, attribute_dim=4, hidden_dim=32, epochs=15, batch_size=8,
                               learning_rate=1e-2, random_state=1)
    attributes = {"category": "玩具", "brand": "Playwell", "colour": "绿色", "price_band": "高端"}

    # Run
    writer.fit(tiny_chinese_catalogue())
    variants = writer.generate(attributes, seed=5, candidates_per_variant=4)
    reloaded = ChineseCopyWriter.load(writer.save(tmp_path / "writer"))

    # Assert
    losses = [record["loss"] for record in writer.loss_history_]
    assert losses[-1] < 0.5 * losses[0]
    assert len(variants) == 3 and variants["faithful"].mean() >= 2 / 3
    assert (variants["provenance"] == f"copywriter-zh-gru v{writer.version_} seed=5").all()
    text = variants["text"].iloc[0]
    assert reloaded.check_text(text, attributes) == writer.check_text(text, attributes)
    assert reloaded.perplexity(tiny_chinese_catalogue()) == writer.perplexity(tiny_chinese_catalogue()) < 10
    with pytest.raises(InvalidParameterError, match="temperature"):
        writer.generate(attributes, temperature=0)


@pytest.fixture(scope="module")
def shipped_writer_and_held_out():
    from dashboard.ecommerce.build import OUT_DIR
    from dashboard.ecommerce.build_copy_zh import chinese_copy_split
    from dashboard.ecommerce.build import load_store
    from engines.core.model import load_model

    _, held_out, _ = chinese_copy_split(load_store()["products"])
    return load_model(OUT_DIR / "copywriter_zh"), held_out


def test_the_shipped_chinese_writer_states_every_attribute_on_held_out_products(shipped_writer_and_held_out):
    """On 20 products it never saw, every kept variant states category, brand, colour, price band and item with
    no conflicting value, and reads without a repeated selling point."""
    # Setup
    from sample_data.ecommerce_copy_zh import chinese_attributes

    writer, held_out = shipped_writer_and_held_out

    # Run
    texts = [writer.generate(chinese_attributes(product), n_variants=3, seed=int(product["product_id"]))
             for _, product in held_out.head(20).iterrows()]

    # Assert
    for frame in texts:
        assert frame["faithful"].all(), frame[["text", "missing_attributes", "conflicts"]]
        assert frame["fluent"].all(), frame[["text", "repeated_phrase"]]
        assert frame["text"].str.contains(r"[\u4e00-\u9fff]").all()
