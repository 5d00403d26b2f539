"""The one protocol suite every registered model goes through (`tests/engines/test_model_protocol.py`).

Each model family lists its kinds in a `cases_<family>.py` module here: a `ProtocolCase` says how to make a small,
seeded model, what tiny data it fits on, which output must be identical after a save/load round trip or a
refit with the same seed, and which data it must refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from engines.core.model import BaseModel


@dataclass(frozen=True)
class ProtocolCase:
    """How the protocol suite exercises one model kind."""

    make: Callable[[int], BaseModel]
    """seed -> a new, unfitted model with a tiny training budget (a few steps)."""
    data: Callable[[], tuple]
    """The positional arguments of `fit` (tiny data; cached by the caller if costly)."""
    output: Callable[[BaseModel], Any]
    """A deterministic output of a fitted model (e.g. `sample(20, seed=3)`), compared with `assert_same`."""
    bad_data: Callable[[], tuple]
    """`fit` arguments the model must refuse with the engine's `InvalidDataError`."""
    fit_options: dict[str, Any] = field(default_factory=dict)
    trains_in_steps: bool = True
    """False for models fitted in one pass: they cannot be stopped half-way, and report (1, 1) when done."""


def assert_same(first: Any, second: Any) -> None:
    """Assert that two model outputs are identical (DataFrames, arrays, tensors, dataclasses, nested dicts/lists)."""
    if isinstance(first, pd.DataFrame):
        pd.testing.assert_frame_equal(first, second)
    elif isinstance(first, (pd.Series, pd.Index)):
        assert first.equals(second)
    elif hasattr(first, "detach") or isinstance(first, np.ndarray):
        np.testing.assert_array_equal(np.asarray(first), np.asarray(second))
    elif isinstance(first, dict):
        assert first.keys() == second.keys()
        for key in first:
            assert_same(first[key], second[key])
    elif isinstance(first, (list, tuple)):
        assert len(first) == len(second)
        for a, b in zip(first, second):
            assert_same(a, b)
    elif hasattr(first, "__dataclass_fields__"):
        assert_same(vars(first), vars(second))
    else:
        assert first == second or (first != first and second != second)  # equal, or both NaN
