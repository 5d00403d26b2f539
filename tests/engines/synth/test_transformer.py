"""The GAN/VAE data transformer: vectorised mixtures, compact encoding, grouped span operations."""

import numpy as np
import torch

from engines.core.metadata import detect_metadata
from engines.synth.preprocessing import TablePreprocessor
from engines.synth.transformer import ModeSpecificTransformer, fit_mixtures
from tests.engines.synth.tables import mixed_table


def test_fit_mixtures_finds_the_modes_of_every_column_at_once():
    """EM on all columns together recovers two well separated modes and prunes the rest."""
    # Setup
    rng = np.random.default_rng(0)
    bimodal = np.concatenate([rng.normal(-5, 1, 3000), rng.normal(10, 2, 1000)])
    values = np.column_stack([bimodal, rng.normal(3, 0.5, 4000)])
    # Run
    means, stds, weights = fit_mixtures(values, 10, rng)
    # Assert
    big = weights[0] > 0.1
    assert sorted(np.round(means[0][big])) == [-5, 10]
    assert np.allclose(sorted(weights[0][big]), [0.25, 0.75], atol=0.03)
    assert (weights > 0).sum(axis=1).max() <= 10


def test_encode_then_decode_gives_back_the_numbers():
    """Alphas and modes decode to the original values; spans decode to the original codes."""
    # Setup
    table = mixed_table(500)
    preprocessor = TablePreprocessor()
    prepared = preprocessor.fit(table, detect_metadata(table), np.random.default_rng(0))
    transformer = ModeSpecificTransformer().fit(prepared, preprocessor.numeric_, preprocessor.categorical_,
                                                preprocessor.model_order_, np.random.default_rng(0))
    # Run
    encoded = transformer.encode(prepared, np.random.default_rng(1))
    n_categorical, n_numeric = len(preprocessor.categorical_), len(preprocessor.numeric_)
    decoded = transformer.decode(encoded.alphas.astype(np.float64), encoded.codes, n_categorical, n_numeric)
    # Assert
    assert np.allclose(decoded.numeric, prepared.numeric, rtol=1e-5, atol=1e-3)
    assert np.array_equal(decoded.categorical, prepared.categorical)
    assert encoded.alphas.dtype == np.float32 and np.abs(encoded.alphas).max() <= 0.99


def test_span_layout_builds_one_hots_and_samples_codes_from_logits():
    """dense() puts a 1 at each code; sample_codes follows the softmax; log-probs are normalised."""
    # Setup
    table = mixed_table(300)
    preprocessor = TablePreprocessor()
    prepared = preprocessor.fit(table, detect_metadata(table), np.random.default_rng(0))
    transformer = ModeSpecificTransformer().fit(prepared, preprocessor.numeric_, preprocessor.categorical_,
                                                preprocessor.model_order_, np.random.default_rng(0))
    encoded = transformer.encode(prepared, np.random.default_rng(1))
    layout = transformer.layout(torch.device("cpu"))
    codes = torch.as_tensor(encoded.codes)
    # Run
    dense = layout.dense(torch.as_tensor(encoded.alphas), codes)
    sampled = layout.sample_codes(dense * 50.0, torch.Generator().manual_seed(0))
    log_probs = layout.span_log_probs(torch.zeros_like(dense), codes)
    # Assert
    first_span = slice(transformer.span_starts_[0], transformer.span_starts_[0] + transformer.span_widths_[0])
    assert dense[:, first_span].sum(1).eq(1).all()
    assert torch.equal(sampled, codes)
    assert torch.allclose(
        log_probs,
        -torch.log(torch.tensor(transformer.span_widths_, dtype=torch.float32)).expand_as(log_probs),
    )


def test_quantile_encoding_gives_normal_scores_and_decodes_back_point_masses_exactly():
    """The quantile encoding maps each continuous column to roughly standard normal scores (one alpha, no mode
    span) and decodes them back to the column's values: a point mass (many zeros) comes back as exactly zero,
    with its share, and the other values within the grid's resolution."""
    # Setup
    rng = np.random.default_rng(0)
    table = mixed_table(2000)
    table["income"] = np.where(rng.random(len(table)) < 0.3, 0.0, table["income"])
    preprocessor = TablePreprocessor()
    prepared = preprocessor.fit(table, detect_metadata(table), np.random.default_rng(0))
    transformer = ModeSpecificTransformer(numeric_encoding="quantile").fit(
        prepared, preprocessor.numeric_, preprocessor.categorical_, preprocessor.model_order_, rng
    )
    # Run
    encoded = transformer.encode(prepared, np.random.default_rng(1))
    decoded = transformer.decode(encoded.alphas.astype(np.float64), encoded.codes,
                                 len(preprocessor.categorical_), len(preprocessor.numeric_))
    # Assert
    assert not any(kind == "mode" for kind, _ in transformer.span_sources_)
    scores = encoded.alphas * 4.0
    assert np.allclose(scores.mean(axis=0), 0.0, atol=0.05) and np.allclose(scores.std(axis=0), 1.0, atol=0.1)
    zero_shares = []
    for slot, index in enumerate(transformer.mixture_columns_):
        original, back = prepared.numeric[:, index], decoded.numeric[:, index]
        zero = original == 0.0
        assert np.array_equal(back[zero], original[zero])
        zero_shares.append((back == 0.0).mean())
        # Exact up to float32 rounding inside the grid; the clipped extreme tail may move to its neighbour.
        error = np.abs(back - original) / np.ptp(original)
        assert np.quantile(error, 0.99) <= 1e-3 and error.max() <= 0.02, slot
    assert max(zero_shares) >= 0.29
