"""Errors raised by the engines, with messages written for the person using the app.

Every error subclasses `EngineError`, so the UI can catch one type and show `str(error)` as it is. Each also
subclasses the built-in exception a Python user would expect (`ValueError`, `OSError`, ...), so code that already
catches those keeps working.

The lab shows these messages in English or Chinese, and engines know nothing of languages: an error a page can
show also carries a message ``key`` and the ``values`` it names (``raise InvalidDataError("The table has no
rows.", key="error.no_rows")``); ``dashboard.i18n.error_text`` renders the key in the reader's language and falls
back to the English ``str(error)`` for an error without one.
"""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """Base class of every error an engine raises on purpose; its message is meant to be shown to a person.

    ``key`` names the message in the lab's catalogues (dashboard/locales) and ``values`` fills it in; both are
    optional, and the English ``message`` stays the text for Python callers."""

    def __init__(self, message: str = "", *, key: str | None = None, **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


class InvalidDataError(EngineError, ValueError):
    """The table, its metadata or the sampling conditions cannot be used as they are."""


class InvalidParameterError(EngineError, ValueError):
    """A hyper-parameter or option has a value the engine cannot work with."""


class DeviceNotAvailableError(InvalidParameterError):
    """The requested compute device (for example `cuda`) is not available on this machine."""


class TrainingDivergedError(EngineError, ArithmeticError):
    """A training loss stopped being a finite number: the weights are garbage from there on."""


class NotFittedError(EngineError, AttributeError):
    """The model was used (sampled, saved) before `fit` or `load`."""


class ModelFileError(EngineError, OSError):
    """A saved model folder is missing, incomplete, corrupt or holds a different kind of model."""
