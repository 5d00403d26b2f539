"""DP-SGD accounting and the VAE's private training: our independent accountant agrees with Opacus's, the noise
found for a budget spends that budget, and a private VAE trains, records what it spent and survives save/load."""

import math

import numpy as np
import pandas as pd
import pytest

from engines.errors import InvalidParameterError
from engines.synth import TabularVAE
from engines.trust.differential_privacy import epsilon_spent, noise_multiplier_for_epsilon, rdp_epsilon


@pytest.mark.parametrize("noise, sample_rate, steps", [(1.1, 256 / 60_000, 14_062), (0.7, 256 / 60_000, 10_546),
                                                       (2.4, 0.1, 300)])
def test_own_accountant_agrees_with_opacus_within_five_percent(noise, sample_rate, steps):
    """Two independent implementations of the subsampled-Gaussian RDP accountant give the same epsilon."""
    # Run
    ours = rdp_epsilon(noise, sample_rate, steps, 1e-5)
    opacus = epsilon_spent(noise, sample_rate, steps, 1e-5)
    # Assert
    assert ours == pytest.approx(opacus, rel=0.05)


def test_full_batch_is_the_gaussian_mechanism():
    """With every row in every step, one step's RDP is order / (2 sigma^2): the classic bound has a closed form."""
    # Setup
    sigma, delta = 2.0, 1e-5
    expected = min(order / (2 * sigma**2) + math.log(1 / delta) / (order - 1) for order in range(2, 257))
    # Run
    ours = rdp_epsilon(sigma, 1.0, 1, delta, conversion="classic")
    # Assert
    assert ours == pytest.approx(expected, rel=1e-9)


def test_more_noise_spends_less_and_the_search_meets_the_budget():
    """Epsilon falls as noise rises; the noise chosen for a budget spends it (within the search tolerance)."""
    # Run
    spent = [epsilon_spent(noise, 0.1, 300, 1e-4) for noise in (1.0, 2.0, 4.0)]
    noise = noise_multiplier_for_epsilon(3.0, 1e-4, 0.1, 300)
    # Assert
    assert spent[0] > spent[1] > spent[2]
    assert epsilon_spent(noise, 0.1, 300, 1e-4) == pytest.approx(3.0, abs=0.02)
    with pytest.raises(InvalidParameterError):
        noise_multiplier_for_epsilon(0.0, 1e-4, 0.1, 300)


@pytest.fixture(scope="module")
def small_table():
    rng = np.random.default_rng(0)
    n = 300
    amount = rng.lognormal(3, 0.5, n)
    return pd.DataFrame({"amount": amount, "term": rng.choice([12, 24, 36], n),
                         "purpose": rng.choice(["car", "home", "study"], n),
                         "defaulted": (amount + rng.normal(0, 5, n) > 30).astype(int)})


def test_private_vae_trains_records_its_budget_and_reloads(small_table, tmp_path):
    """A VAE trained with dp_epsilon spends no more than it was given, samples the table's columns, and keeps
    its privacy record through save/load; without DP nothing is recorded."""
    # Run
    private = TabularVAE("quick", max_steps=20, batch_size=60, encoder_dims=(16,), decoder_dims=(16,),
                         latent_dim=4, dp_epsilon=3.0, random_state=0).fit(small_table)
    plain = TabularVAE("quick", max_steps=5, batch_size=60, encoder_dims=(16,), decoder_dims=(16,), latent_dim=4,
                       random_state=0).fit(small_table)
    reloaded = TabularVAE.load(private.save(tmp_path / "dp"))
    # Assert
    assert 0 < private.dp_epsilon_spent_ <= 3.0 + 0.02
    assert private.dp_noise_multiplier_ > 0.3
    assert all(np.isfinite(record["loss"]) for record in private.loss_history_)
    assert list(private.sample(50, seed=1).columns) == list(small_table.columns)
    assert reloaded.dp_epsilon_spent_ == pytest.approx(private.dp_epsilon_spent_)
    assert plain.dp_epsilon_spent_ is None
    with pytest.raises(InvalidParameterError):
        TabularVAE("quick", dp_epsilon=-1.0).fit(small_table)
