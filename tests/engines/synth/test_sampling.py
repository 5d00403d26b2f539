"""Large requests, sampled in several batches on one inference thread, keep what a small request keeps:
dtypes, ranges, null rates, unique ids; and sampling leaves the caller's torch thread setting as it was."""

import numpy as np
import pandas as pd
import pytest
import torch

from engines.errors import InvalidDataError
from engines.synth import SYNTHESIZERS
from engines.synth.base import SAMPLE_BATCH_ROWS
from tests.engines.synth.tables import FAST_PARAMS, mixed_table

# More than two batches, and a last batch of an odd size.
LARGE_ROWS = 2 * SAMPLE_BATCH_ROWS + 17


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return mixed_table(300, seed=0)


@pytest.fixture(scope="module", params=list(SYNTHESIZERS))
def fitted(request, real):
    cls = SYNTHESIZERS[request.param]
    params = {k: v for k, v in FAST_PARAMS[request.param].items() if k in cls._param_names()}
    return cls(random_state=0, **params).fit(real)


@pytest.fixture(scope="module")
def large(fitted) -> pd.DataFrame:
    return fitted.sample(LARGE_ROWS, seed=3)


def test_large_sample_keeps_dtypes_ranges_and_ids(fitted, real, large):
    """A multi-batch sample has every row, the training dtypes, values in range and unique new ids."""
    # Setup
    small = fitted.sample(50, seed=3)
    # Assert
    assert len(large) == LARGE_ROWS
    assert list(large.dtypes) == list(small.dtypes)
    for column in ["age", "income", "score", "n_products"]:
        values = large[column].dropna()
        assert values.min() >= real[column].min() and values.max() <= real[column].max(), column
    assert large["customer_id"].is_unique
    assert not set(large["customer_id"]) & set(real["customer_id"])
    assert (large["country"] == "FR").all()


def test_large_sample_keeps_null_rates_in_every_batch(real, large):
    """Null rates match training in the first and in the last batch, so no batch decodes differently."""
    # Run
    first, last = large.iloc[:SAMPLE_BATCH_ROWS], large.iloc[-SAMPLE_BATCH_ROWS:]
    # Assert
    for column in ["score", "city"]:
        rate = real[column].isna().mean()
        assert abs(first[column].isna().mean() - rate) < 0.08, column
        assert abs(first[column].isna().mean() - last[column].isna().mean()) < 0.02, column


def test_sampling_restores_the_torch_thread_setting(fitted):
    """`sample` runs on its own inference threads and gives the caller's setting back, even on errors."""
    # Setup
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        # Run
        fitted.sample(10, seed=0)
        after_sample = torch.get_num_threads()
        with pytest.raises(InvalidDataError):
            fitted.sample(10, conditions={"no such column": 1})
        after_error = torch.get_num_threads()
    finally:
        torch.set_num_threads(previous)
    # Assert
    assert after_sample == 2 and after_error == 2


def test_same_seed_gives_the_same_large_sample(fitted, large):
    """The same seed gives the same rows for a multi-batch request."""
    # Run
    again = fitted.sample(LARGE_ROWS, seed=3)
    # Assert
    pd.testing.assert_frame_equal(again, large)
    assert np.isfinite(large["income"]).all()
