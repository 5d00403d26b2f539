"""SQL of the Synthetic Data Studio: the rows a generator learns from."""

from __future__ import annotations

import pandas as pd

from dashboard.data.database import SessionDatabase, qualified, quote_identifier


def training_rows(database: SessionDatabase, sql_name: str, max_rows: int, seed: int = 0,
                  columns: list[str] | None = None) -> pd.DataFrame:
    """Up to ``max_rows`` rows of a table: all of them when it is that small, otherwise a seeded uniform
    sample (reservoir sampling, so every row has the same chance and the same seed gives the same rows)."""
    database.table(sql_name)
    column_sql = ", ".join(map(quote_identifier, columns)) if columns else "*"
    total = database.row_count(sql_name)
    if total <= max_rows:
        return database.query_frame(f"SELECT {column_sql} FROM {qualified(sql_name)}")
    return database.query_frame(
        f"SELECT {column_sql} FROM {qualified(sql_name)} USING SAMPLE reservoir({int(max_rows)} ROWS) "
        f"REPEATABLE ({int(seed)})"
    )
