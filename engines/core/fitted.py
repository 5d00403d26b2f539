"""What "fitted" means, once for every model and fitted component (scikit-learn's convention).

Learned attributes end with `_` and are set only by `fit` (or by loading); an object is fitted once it has any.
Every method that needs learned state calls `_check_fitted`, which raises the engines' `NotFittedError` with the
object's plain name. Kept free of torch so light components (the table encoder) can use it.
"""

from __future__ import annotations

from typing import ClassVar

from engines.errors import NotFittedError


class LearnsFromData:
    """Mixin for anything with a `fit` that sets learned attributes ending in `_`."""

    label: ClassVar[str] = ""

    @property
    def is_fitted(self) -> bool:
        """Whether `fit` (or a load) has run: the object has learned attributes, whose names end with `_`."""
        return any(name.endswith("_") and not name.startswith("__") for name in vars(self))

    def _check_fitted(self) -> None:
        """`NotFittedError` unless fitted; every method that needs learned state calls it."""
        if not self.is_fitted:
            raise NotFittedError(
                f"This {self.label or type(self).__name__} has not been trained yet: call fit(...) or load a "
                "saved model.", key="engine.model.not_fitted", model=self.label or type(self).__name__
            )
