"""The Studio's differential-privacy option reaches the generators that have it and no other."""

from dashboard.studio.generators import build_synthesizer, supports_privacy


def test_privacy_budget_goes_to_the_vae_only():
    """A budget sets the VAE's dp_epsilon; the GAN and the copula ignore it; 'off' leaves the VAE as it was."""
    vae = build_synthesizer("tabular_vae", "quick", {"dp_epsilon": 3.0}, seed=0)
    gan = build_synthesizer("tabular_gan", "quick", {"dp_epsilon": 3.0}, seed=0)
    plain = build_synthesizer("tabular_vae", "quick", {"dp_epsilon": None}, seed=0)
    assert supports_privacy("tabular_vae") and not supports_privacy("tabular_gan")
    assert vae.dp_epsilon == 3.0 and plain.dp_epsilon is None
    assert "dp_epsilon" not in gan.get_params()
