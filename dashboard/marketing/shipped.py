"""The Marketing & creative page's shipped models and precomputed results (built by
`python -m dashboard.marketing.build`): the product-picture generator, results.json (its scores, the real
baseline, the watermark rates and the 50-campaign comparison) and pictures.npz (what the page shows before
anyone asks for something new), so a cold open needs neither torch nor the model."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from dashboard.shipped import ShippedResults

if TYPE_CHECKING:
    from engines.product_images.generators import ProductImageVAE

SHIPPED = ShippedResults("marketing", "Marketing & creative", "dashboard.marketing.build", "about 12 minutes")
RESULTS_FILE = "results.json"
PICTURES_FILE = "pictures.npz"
GENERATOR_FOLDER = "product_vae"


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_results() -> dict:
    """results.json (see the module docstring)."""
    return SHIPPED.json(RESULTS_FILE)


@st.cache_data(max_entries=1, show_spinner=False)
def shipped_pictures() -> dict[str, np.ndarray]:
    """pictures.npz as {key: uint8 (n, 64, 64, 3)}."""
    return SHIPPED.arrays(PICTURES_FILE)


@st.cache_resource(show_spinner="Loading the picture generator ...")
def product_generator() -> ProductImageVAE:
    """The shipped product-picture generator (shared by every session, read-only)."""
    from engines.product_images.generators import ProductImageVAE

    return ProductImageVAE.load(SHIPPED.path(GENERATOR_FOLDER), device="cpu")


@st.cache_data(max_entries=1, show_spinner=False)
def generator_version() -> str:
    """The model version named in provenance records: a hash of the shipped generator's files."""
    from engines.provenance.records import weights_hash

    return weights_hash(SHIPPED.path(GENERATOR_FOLDER))
