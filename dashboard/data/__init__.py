"""The data layer: every line of DuckDB code in the app lives in this package."""

from dashboard.data.database import (
    DISPLAY_ROW_CAP,
    DOWNLOAD_ROW_CAP,
    QueryResult,
    RunningQuery,
    SessionDatabase,
    TableInfo,
    UploadResult,
    example_user_sql,
    validate_user_sql,
)
from dashboard.data.errors import DataLayerError, QueryError, ShippedResultsError, UnknownTableError, UploadError
from dashboard.data.profile import TableProfile, profile_table

__all__ = [
    "DISPLAY_ROW_CAP", "DOWNLOAD_ROW_CAP", "DataLayerError", "QueryError", "QueryResult", "RunningQuery", "SessionDatabase",
    "ShippedResultsError", "TableInfo", "TableProfile", "UnknownTableError", "UploadError", "UploadResult",
    "example_user_sql", "profile_table", "validate_user_sql",
]
