"""Errors raised by the engines, with messages written for the person using the app.

Every error subclasses `EngineError`, so the UI can catch one type and show `str(error)` as it is. Each also
subclasses the built-in exception a Python user would expect (`ValueError`, `OSError`, ...), so code that already
catches those keeps working.
"""

from __future__ import annotations


class EngineError(Exception):
    """Base class of every error an engine raises on purpose; its message is meant to be shown to a person."""


class InvalidDataError(EngineError, ValueError):
    """The table, its metadata or the sampling conditions cannot be used as they are."""


class InvalidParameterError(EngineError, ValueError):
    """A hyper-parameter or option has a value the engine cannot work with."""


class DeviceNotAvailableError(InvalidParameterError):
    """The requested compute device (for example `cuda`) is not available on this machine."""


class NotFittedError(EngineError, AttributeError):
    """The model was used (sampled, saved) before `fit` or `load`."""


class ModelFileError(EngineError, OSError):
    """A saved model folder is missing, incomplete, corrupt or holds a different kind of model."""
