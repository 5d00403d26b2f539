"""How generative AI works: a GAN, a VAE and a diffusion model learn 2-D shapes live, and real handwritten
digits (shipped results at once, live training on a click), with honest scores and where each model fails."""

import streamlit as st

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
from dashboard.page_setup import explained_errors, setup_page
from dashboard.warmup import start_warmup

setup_page("How generative AI works")
# torch and the generators load in the background while the visitor reads: the shipped pictures need neither,
# and a training started a few seconds later finds them in memory (its first frame then comes within a second).
start_warmup("engines.generative_basics.points", "engines.generative_basics.images",
             "engines.generative_basics.evaluation")
st.title("Generative AI learns by example: GANs are sharp but forget kinds, VAEs blur, diffusion covers all")
st.caption(
    "Three families of generative model learn the same things in front of you, on this computer: first simple "
    "2-D shapes, then real handwritten digits. Watch how each learns, and where each fails."
)

st.header("1 · Learn a shape", divider="gray")
st.markdown(
    "- **GAN**: a *generator* invents points, a *discriminator* tries to tell them from real ones. Its samples "
    "are sharp, but it can settle on the few blobs that fool the discriminator and forget the rest: **mode "
    "collapse**. PacGAN lets the discriminator judge several points at once, which makes repetition easy to "
    "spot.\n"
    "- **VAE**: an *encoder* squeezes every point into a few numbers (its *latent space*), a *decoder* rebuilds "
    "it. It covers everything, but a smooth decoder puts points between the blobs: **blur**.\n"
    "- **Diffusion** (here in its *flow-matching* form: straight paths from noise, so tens of steps instead of "
    "a thousand): starts from pure noise and moves every point a little at a time. Slow to sample, but it "
    "covers every blob."
)
with explained_errors("starting the training"):
    table = playground_source()
    settings = playground_controls(table)
    if settings is not None:
        start_playground(settings, table)
        st.rerun()
with explained_errors("showing the training"):
    playground_panel()

st.header("2 · Real handwritten digits", divider="gray")
st.markdown(
    "The same three families, built for images and told which digit to draw (*conditional* models), trained "
    "on 2,500 real MNIST digits. An independent classifier, trained on other real digits, judges them: does a "
    "generated 7 read as a 7, how close are the digits to real ones overall (a Fréchet distance, the FID of "
    "photo models, beside what two sets of *real* digits score), how varied are they, and are any near-copies "
    "of training images?"
)
with explained_errors("showing the shipped digits results"):
    digits_results()
    st.subheader("Generate 64 of a digit")
    generate_on_demand()
    st.subheader("Walk from one digit to another (VAE)")
    st.caption("A VAE's latent space is smooth: decoding the points on a straight line between two digits' codes "
               "morphs one into the other. The same smoothness is why its samples look soft.")
    vae_interpolation()
with explained_errors("training on digits"):
    st.subheader("Train one yourself")
    live_digits_training()

st.header("3 · What this means for tables", divider="gray")
st.markdown(
    "The Synthetic Data Studio's table generators are the same families. Its **GAN** (CTGAN-style) uses "
    "conditional sampling of categories and PacGAN-style packing, because a plain GAN forgets rare categories "
    "the way it forgets blobs here. Its **VAE** (TVAE-style) covers every kind of row but softens sharp edges "
    "and rare combinations, like the blur above. The **auto-regressive** generator writes a row one column at "
    "a time, each predicted from those before, the way text models write word by word: it keeps dependencies "
    "between columns well. The **Gaussian copula** is classic statistics: each column's shape plus the "
    "correlations, fast and honest about what it cannot capture. Whichever is used, the Studio scores it the "
    "way this page scores digits: against held-out real data, with copies checked."
)
glossary_section(["GAN", "VAE", "Diffusion model", "Flow matching", "Mode collapse", "PacGAN", "Latent space",
                  "Training steps", "Learning rate", "Seed", "Modes covered", "High-quality share",
                  "Energy distance", "Conditioning accuracy", "Frechet distance", "Diversity", "Near-copy share",
                  "Auto-regressive", "Gaussian copula"])
