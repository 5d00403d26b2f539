"""A profile of a table computed inside DuckDB: per column the type, nulls, distinct values, min/max/mean/std and
quartiles (DuckDB's SUMMARIZE), plus a small distribution per column for a chart. Only aggregates leave
DuckDB, so a million-row table profiles in about a second."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.database import SessionDatabase, quote_identifier, qualified

HISTOGRAM_BINS = 20
TOP_CATEGORIES = 10

_NUMERIC_PREFIXES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                     "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")
_TEMPORAL_PREFIXES = ("DATE", "TIMESTAMP", "TIME")


def column_kind(duckdb_type: str) -> str:
    """'numeric', 'temporal', 'boolean' or 'text' for a DuckDB type name."""
    upper = duckdb_type.upper()
    if upper.startswith(_NUMERIC_PREFIXES):
        return "numeric"
    if upper.startswith(_TEMPORAL_PREFIXES):
        return "temporal"
    if upper == "BOOLEAN":
        return "boolean"
    return "text"


@dataclass(frozen=True)
class TableProfile:
    """Row count, one summary row per column, and each column's distribution (bins or top values)."""

    sql_name: str
    row_count: int
    columns: pd.DataFrame  # column, type, kind, nulls, null_percent, distinct, min, max, mean, std, q25, median, q75
    distributions: dict[str, pd.DataFrame]  # column -> (label, count[, lower, upper]) rows for a chart


def profile_table(database: SessionDatabase, sql_name: str, with_distributions: bool = True) -> TableProfile:
    """Profile ``sql_name``: SUMMARIZE for the statistics, one pass for exact null and distinct counts, and a
    histogram (numbers, dates) or top-10 values (text, booleans) per column."""
    table = qualified(sql_name)
    summary = database.query_frame(f"SUMMARIZE {table}")
    row_count = database.row_count(sql_name)
    names = summary["column_name"].tolist()
    exact = _exact_counts(database, table, names) if names else {}
    columns = pd.DataFrame(
        {
            "column": names,
            "type": summary["column_type"],
            "kind": [column_kind(t) for t in summary["column_type"]],
            "nulls": [exact[name][0] for name in names],
            "null_percent": [100.0 * exact[name][0] / row_count if row_count else 0.0 for name in names],
            "distinct": [exact[name][1] for name in names],
            "min": summary["min"],
            "max": summary["max"],
            "mean": pd.to_numeric(summary["avg"], errors="coerce"),
            "std": pd.to_numeric(summary["std"], errors="coerce"),
            "q25": summary["q25"],
            "median": summary["q50"],
            "q75": summary["q75"],
        }
    )
    distributions = {}
    if with_distributions and row_count:
        for name, kind in zip(columns["column"], columns["kind"]):
            distributions[name] = column_distribution(database, table, name, kind)
    return TableProfile(sql_name, row_count, columns, distributions)


def _exact_counts(database: SessionDatabase, table: str, names: list[str]) -> dict[str, tuple[int, int]]:
    """Exact (nulls, distinct) per column in one scan; SUMMARIZE's distinct count is an approximation."""
    parts = []
    for index, name in enumerate(names):
        column = quote_identifier(name)
        parts.append(f"count(*) - count({column}) AS n{index}, count(DISTINCT {column}) AS d{index}")
    row = database.query_frame(f"SELECT {', '.join(parts)} FROM {table}").iloc[0]
    return {name: (int(row[f"n{index}"]), int(row[f"d{index}"])) for index, name in enumerate(names)}


def column_distribution(database: SessionDatabase, table: str, name: str, kind: str) -> pd.DataFrame:
    """Equal-width histogram for numbers and dates, top values (plus 'other') for text and booleans."""
    column = quote_identifier(name)
    if kind in ("numeric", "temporal"):
        value = f"epoch_ms({column}::TIMESTAMP)" if kind == "temporal" else f"{column}::DOUBLE"
        frame = database.query_frame(
            f"""
            WITH v AS (SELECT {value} AS x FROM {table} WHERE {column} IS NOT NULL AND isfinite({value})),
                 r AS (SELECT min(x) AS lo, max(x) AS hi FROM v)
            SELECT least(CAST(floor((x - lo) / greatest(hi - lo, 1e-300) * {HISTOGRAM_BINS}) AS INTEGER),
                         {HISTOGRAM_BINS - 1}) AS bin,
                   count(*) AS count, any_value(lo) AS lo, any_value(hi) AS hi
            FROM v, r GROUP BY bin ORDER BY bin
            """
        )
        if frame.empty:
            return pd.DataFrame({"label": [], "count": [], "lower": [], "upper": []})
        low, high = float(frame["lo"].iloc[0]), float(frame["hi"].iloc[0])
        width = (high - low) / HISTOGRAM_BINS if high > low else 1.0
        lower = low + frame["bin"] * width
        upper = lower + width
        if kind == "temporal":
            lower, upper = pd.to_datetime(lower, unit="ms"), pd.to_datetime(upper, unit="ms")
        return pd.DataFrame({"label": lower.astype(str), "count": frame["count"], "lower": lower, "upper": upper})
    frame = database.query_frame(
        f"""
        SELECT CAST({column} AS VARCHAR) AS label, count(*) AS count FROM {table}
        WHERE {column} IS NOT NULL GROUP BY label ORDER BY count DESC, label LIMIT {TOP_CATEGORIES + 1}
        """
    )
    if len(frame) > TOP_CATEGORIES:
        shown = frame.head(TOP_CATEGORIES)
        other = database.query_frame(f"SELECT count({column}) AS n FROM {table}")["n"].iloc[0] - shown["count"].sum()
        frame = pd.concat([shown, pd.DataFrame({"label": ["(other)"], "count": [other]})], ignore_index=True)
    return frame
