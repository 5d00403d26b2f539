"""SQL that describes a table's columns for the "Your data" column pickers: name, DuckDB type and, when asked,
the number of distinct values (which tells a yes/no label or a small grouping column from the rest)."""

from __future__ import annotations

import pandas as pd

from dashboard.data.database import SessionDatabase, qualified, quote_identifier


def column_summary(db: SessionDatabase, sql_name: str, count_distinct: bool = False) -> pd.DataFrame:
    """One row per column of `sql_name`, in table order: `name`, `type` and `distinct_values` (an estimate
    from one scan, or None when `count_distinct` is False: DESCRIBE alone is free, the count reads the whole
    table)."""
    columns = db.columns(sql_name)
    frame = pd.DataFrame(columns, columns=["name", "type"]).assign(distinct_values=None)
    if count_distinct and columns:
        selects = ", ".join(f"approx_count_distinct({quote_identifier(name)}) AS c{i}"
                            for i, (name, _) in enumerate(columns))
        counts = db.query_frame(f"SELECT {selects} FROM {qualified(sql_name)}").iloc[0]
        frame["distinct_values"] = [int(counts[f"c{i}"]) for i in range(len(columns))]
    return frame
