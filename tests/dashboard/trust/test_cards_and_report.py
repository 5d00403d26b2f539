"""Model cards of the shipped models and of a user's Studio model zip, and the transparency report."""

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
    named = {source.name for source in CARD_SOURCES}
    assert sum(card.name in named for card in cards) >= len(named) - 1  # a part may be unbuilt


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
