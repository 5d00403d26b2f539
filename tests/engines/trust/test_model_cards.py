"""Model cards from a saved model folder: registry facts, weights hash, parameter count and both renderings."""

import numpy as np
import pandas as pd

from engines.core.persistence import read_manifest
from engines.synth import TabularVAE
from engines.trust.compute import WATTS_PER_BUSY_CORE, compute_cost, count_parameters
from engines.trust.model_cards import ModelCard, model_card_from_folder


def test_card_from_a_saved_model(tmp_path):
    """Kind and description come from the registry, the version from model.json's weights hash, the parameter
    count from the weights file; Markdown and HTML hold every section and no external address."""
    # Setup
    rng = np.random.default_rng(0)
    table = pd.DataFrame({"x": rng.normal(size=80), "c": rng.choice(["a", "b"], 80)})
    model = TabularVAE("quick", max_steps=3, encoder_dims=(8,), decoder_dims=(8,), latent_dim=2, random_state=0)
    folder = model.fit(table).save(tmp_path / "vae")
    expected_parameters = sum(p.numel() for p in model.encoder_.parameters()) + sum(
        p.numel() for p in model.decoder_.parameters())
    # Run
    card = model_card_from_folder(folder, purpose="Test purpose", metrics=[
        {"metric": "Quality", "value": 0.9, "baseline": "copula", "baseline_value": 0.8}], limits=["Tiny."])
    markdown, page = card.to_markdown(), card.to_html()
    # Assert
    assert card.kind == "tabular_vae" and card.description == TabularVAE.description
    assert card.version == read_manifest(folder)["weights_sha256"][:16]
    assert count_parameters(folder) == expected_parameters == card.compute["parameters"]
    for section in ("Purpose", "Training data", "Metrics", "Known limits", "Fairness", "Privacy", "Compute",
                    "Version"):
        assert f"## {section}" in markdown and section in page
    assert "| Quality | 0.9 | copula | 0.8 |" in markdown
    assert "http://" not in page and "https://" not in page
    assert ModelCard.from_dict(card.to_dict()) == card


def test_energy_is_core_seconds_times_the_documented_power():
    """One core busy for an hour at the documented power gives that many watt-hours."""
    cost = compute_cost(1000, 3600.0, cores=1)
    assert cost.training_watt_hours == WATTS_PER_BUSY_CORE
    assert compute_cost(1000, 3600.0, cores=2).training_watt_hours == 2 * WATTS_PER_BUSY_CORE
