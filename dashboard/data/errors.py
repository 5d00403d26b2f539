"""Errors of the data layer. Each message is written for the person in front of the page: what was wrong and
what to do about it. Pages show them as they are, never with a traceback."""


class DataLayerError(Exception):
    """Base of every error the data layer raises on purpose."""


class UploadError(DataLayerError):
    """An uploaded file cannot be read as a table (empty, binary, wrong type, malformed)."""


class QueryError(DataLayerError):
    """A user's SQL is not allowed (not a single SELECT) or failed (syntax, unknown table, timeout)."""


class UnknownTableError(DataLayerError):
    """A page asked for a table that this session does not have."""


class ShippedResultsError(DataLayerError):
    """A shipped result or model file in sample_data/checkpoints is missing or damaged; the message names the
    file and the command that rebuilds it."""
