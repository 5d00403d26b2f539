"""Checks of hyper-parameters and arguments at the boundary, with messages that name the argument and the fix.

Every engine validates with these instead of writing its own "must be a whole number" test, so the same mistake
gets the same message everywhere. Each raises `InvalidParameterError` (a `ValueError`).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np

from engines.errors import InvalidParameterError
from engines.messages import Note


def is_whole_number(value: Any) -> bool:
    """True for Python and numpy integers (booleans are not numbers here)."""
    return not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, np.integer))


def check_positive_int(name: str, value: Any, minimum: int = 1) -> None:
    """`InvalidParameterError` unless `value` is a whole number of at least `minimum` (1 unless given)."""
    if not is_whole_number(value) or value < minimum:
        raise InvalidParameterError(f"{name} must be a whole number of at least {minimum}; got {value!r}.",
                                    key="engine.validation.min_int", name=name, minimum=minimum,
                                    value=repr(value))


# What 0 means for the counts the engines check, as notes an app can word in its own language.
ZERO_MEANINGS: dict[str, Note] = {
    "no limit": Note("no limit", "engine.validation.zero.no_limit"),
    "no previews": Note("no previews", "engine.validation.zero.no_previews"),
}


def check_non_negative_int(name: str, value: Any, zero_means: str = "") -> None:
    """`InvalidParameterError` unless `value` is a whole number of 0 or more (`zero_means` explains 0: one of
    ZERO_MEANINGS, or any other words, which stay as written)."""
    if not is_whole_number(value) or value < 0:
        meaning = f" ({zero_means})" if zero_means else ""
        raise InvalidParameterError(
            f"{name} must be a whole number of 0{meaning} or more; got {value!r}.",
            key=("engine.validation.non_negative_int_meaning" if zero_means
                 else "engine.validation.non_negative_int"),
            name=name, meaning=ZERO_MEANINGS.get(zero_means, zero_means), value=repr(value),
        )


def check_fraction(name: str, value: Any, low: float = 0.0, high: float = 1.0, inclusive: bool = False) -> None:
    """`InvalidParameterError` unless `low < value < high` (open interval; `low <= value <= high` when
    `inclusive`)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not (low <= value <= high if inclusive else low < value < high):
        raise InvalidParameterError(f"{name} must be between {low:g} and {high:g}; got {value!r}.",
                                    key="engine.validation.between", name=name, low=f"{low:g}",
                                    high=f"{high:g}", value=repr(value))


def check_positive_number(name: str, value: Any, allow_none: bool = False) -> None:
    """`InvalidParameterError` unless `value` is a finite number above 0 (or None when `allow_none`)."""
    if value is None and allow_none:
        return
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or value <= 0:
        raise InvalidParameterError(f"{name} must be a number above 0; got {value!r}.",
                                    key="engine.validation.positive", name=name, value=repr(value))


def check_choice(name: str, value: Any, choices: Collection[Any]) -> None:
    """`InvalidParameterError` unless `value` is one of `choices`."""
    if value not in choices:
        listed = ", ".join(repr(choice) for choice in choices)
        raise InvalidParameterError(f"{name} must be one of {listed}; got {value!r}.",
                                    key="engine.validation.choice", name=name, listed=listed,
                                    value=repr(value))
