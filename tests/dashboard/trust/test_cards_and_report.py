"""Model cards of the shipped models and of a user's Studio model zip, and the transparency report."""

import re

import numpy as np
import pandas as pd

from dashboard.studio.model_files import model_zip_bytes
from dashboard.trust.cards import CARD_SOURCES, all_cards, card_from_model_zip
from dashboard.trust.report_html import transparency_report
from dashboard.shipped import CHECKPOINTS_DIR
from engines.synth import TabularVAE


def test_every_shipped_model_folder_has_a_card():
    """One card per shipped model folder (every model.json under the checkpoints), each with a version and the
    compute figures; the explained credit model leads."""
    cards = all_cards()
    folders = sorted(CHECKPOINTS_DIR.glob("*/*/model.json"))
    assert len(cards) == len(folders) + 1
    assert cards[0].name.startswith("Credit default model")
    assert all(card.version and card.compute for card in cards)
    named = {source.name() for source in CARD_SOURCES}
    assert sum(card.name in named for card in cards) >= len(named) - 1  # a part may be unbuilt


def test_cards_in_chinese_match_the_english_ones_card_for_card():
    """The Chinese cards are the same models in the same order, with the same figures, written in Chinese."""
    english, chinese = all_cards(language="en"), all_cards(language="zh")
    assert [card.kind for card in chinese] == [card.kind for card in english]
    assert [card.version for card in chinese] == [card.version for card in english]
    for ours, theirs in zip(chinese, english):
        assert [m["value"] for m in ours.metrics] == [m["value"] for m in theirs.metrics]
        assert len(ours.limits) == len(theirs.limits)
        for text in (ours.name, ours.purpose, ours.training_data, *ours.limits, *ours.privacy, *ours.fairness):
            assert re.search(r"[\u4e00-\u9fff]", text), text


def test_shipped_cards_are_the_current_build_in_both_languages():
    """model_cards.json holds what the builder makes now (rebuild: python -m dashboard.trust.build --only cards)."""
    from dashboard.trust.views import shipped_cards

    for language in ("en", "zh"):
        shipped = shipped_cards(language)
        built = [card.to_dict() for card in all_cards(language=language)]
        assert [card["name"] for card in shipped] == [card["name"] for card in built]
        assert [card["metrics"] for card in shipped] == [card["metrics"] for card in built]


def test_card_from_a_user_model_zip_states_its_privacy():
    """A VAE trained with DP and zipped as the Studio downloads it gets a card that names the epsilon spent."""
    rng = np.random.default_rng(0)
    table = pd.DataFrame({"x": rng.normal(size=200), "c": rng.choice(["a", "b"], 200)})
    model = TabularVAE("quick", max_steps=5, batch_size=50, encoder_dims=(8,), decoder_dims=(8,), latent_dim=2,
                       dp_epsilon=5.0, random_state=0).fit(table)
    card = card_from_model_zip(model_zip_bytes(model), "my_vae.zip")
    assert card.kind == "tabular_vae" and "my_vae.zip" in card.name
    assert any("epsilon" in line for line in card.privacy)
    assert "200 rows" in card.training_data


def test_report_is_self_contained_and_carries_its_provenance():
    """The HTML report holds the chosen card, every section and a provenance record, and no external address."""
    html = transparency_report("Product copy writer")
    for section in ("Model card: Product copy writer", "Explanations (SHAP)", "Fairness (fairlearn)",
                    "differentially private synthesis", "Provenance of this report", "Compute and energy"):
        assert section in html
    assert "http://" not in html and "https://" not in html and "<script" not in html


def test_report_in_chinese_has_the_same_sections_in_chinese():
    """The Chinese report is about the same model, every heading from the Chinese catalogue, a Chinese font
    stack and lang tag, and no English heading left."""
    from dashboard.i18n import translate

    html = transparency_report(4, "zh")
    english = transparency_report(4, "en")
    assert "<html lang='zh-Hans'>" in html and "Noto Sans CJK SC" in html
    for key in ("trust.report.explain.title", "trust.report.fairness.title", "trust.report.privacy.title",
                "trust.report.provenance.title", "trust.report.compute.title", "trust.report.provenance_of_report",
                "trust.card.wording.limits", "trust.card.wording.purpose"):
        assert translate("zh", key) in html and translate("en", key) in english
        assert translate("en", key) not in html
