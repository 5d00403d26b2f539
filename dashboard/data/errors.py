"""Errors of the data layer. Each message is written for the person in front of the page: what was wrong and
what to do about it. Pages show them as they are, never with a traceback. Like engines.errors.EngineError, an
error may carry a message ``key`` and ``values`` that dashboard.i18n.error_text renders in the reader's language."""

from typing import Any


class DataLayerError(Exception):
    """Base of every error the data layer raises on purpose; ``key``/``values`` name its message in the
    catalogues (dashboard/locales), the English ``message`` is the text for Python callers and logs."""

    def __init__(self, message: str = "", *, key: str | None = None, **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values

    @classmethod
    def keyed(cls, key: str, /, **values: Any) -> "DataLayerError":
        """The error whose message is the catalogue entry ``key`` (its English text as ``str(error)``)."""
        from dashboard.i18n import translate  # noqa: PLC0415

        return cls(translate("en", key, **values), key=key, **values)


class UploadError(DataLayerError):
    """An uploaded file cannot be read as a table (empty, binary, wrong type, malformed)."""


class QueryError(DataLayerError):
    """A user's SQL is not allowed (not a single SELECT) or failed (syntax, unknown table, timeout)."""


class UnknownTableError(DataLayerError):
    """A page asked for a table that this session does not have."""


class ShippedResultsError(DataLayerError):
    """A shipped result or model file in sample_data/checkpoints is missing or damaged; the message names the
    file and the command that rebuilds it."""
