"""Errors raised by the evaluation engine.

`InvalidDataError` subclasses `ValueError`, so callers that already catch `ValueError` keep working.
"""


class InvalidDataError(ValueError):
    """The tables, column types or target given to an evaluation cannot be scored as they are."""
