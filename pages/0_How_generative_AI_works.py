"""How generative AI works: a GAN, a VAE and a diffusion model learn 2-D shapes live, and real handwritten
digits (shipped results at once, live training on a click), with honest scores and where each model fails."""

import streamlit as st

from dashboard.generative_basics.shipped import GENERATED_COUNT
from dashboard.generative_basics.views import (
    digits_results,
    generate_on_demand,
    live_digits_training,
    playground_controls,
    playground_panel,
    playground_source,
    start_playground,
    vae_interpolation,
)
from dashboard.glossary import glossary_section
from dashboard.i18n import t
from dashboard.page_setup import explained_errors, setup_page
from dashboard.warmup import start_warmup

setup_page("How generative AI works")
# torch and the generators load in the background while the visitor reads: the shipped pictures need neither,
# and a training started a few seconds later finds them in memory (its first frame then comes within a second).
start_warmup("engines.generative_basics.points", "engines.generative_basics.images",
             "engines.generative_basics.evaluation")
st.title(t("how.title"))
st.caption(t("how.caption"))

st.header(t("how.shape.header"), divider="gray")
st.markdown(t("how.shape.intro"))
with explained_errors(t("how.action.starting_training")):
    table = playground_source()
    settings = playground_controls(table)
    if settings is not None:
        start_playground(settings, table)
        st.rerun()
with explained_errors(t("how.action.showing_training")):
    playground_panel()

st.header(t("how.digits.header"), divider="gray")
st.markdown(t("how.digits.intro"))
with explained_errors(t("how.action.showing_digits")):
    digits_results()
    st.subheader(t("how.generate.subheader", count=GENERATED_COUNT))
    generate_on_demand()
    st.subheader(t("how.walk.subheader"))
    st.caption(t("how.walk.caption"))
    vae_interpolation()
with explained_errors(t("how.action.training_digits")):
    st.subheader(t("how.live.subheader"))
    live_digits_training()

st.header(t("how.tables.header"), divider="gray")
st.markdown(t("how.tables.text"))
glossary_section(["GAN", "VAE", "Diffusion model", "Flow matching", "Mode collapse", "PacGAN", "Latent space",
                  "Training steps", "Learning rate", "Seed", "Modes covered", "High-quality share",
                  "Energy distance", "Conditioning accuracy", "Frechet distance", "Diversity", "Near-copy share",
                  "Auto-regressive", "Gaussian copula"])
