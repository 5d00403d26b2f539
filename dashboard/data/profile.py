"""A profile of a table computed inside DuckDB: per column the type, nulls, distinct values, min/max/mean/std and
quartiles (DuckDB's SUMMARIZE), plus a small distribution per column for a chart. Only aggregates leave
DuckDB, so a million-row table profiles in about a second."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.database import SessionDatabase, quote_identifier, qualified

HISTOGRAM_BINS = 20
TOP_CATEGORIES = 10
# Above this many rows, distinct counts are HyperLogLog estimates and quartiles come from a seeded sample of
# about QUARTILE_SAMPLE_ROWS rows (as SUMMARIZE does); below it every figure is exact. Exact distinct counts and
# quantiles were half of the profile time of a 1M-row table, and a profile's quartiles need no 7th digit.
EXACT_PROFILE_MAX_ROWS = 200_000
QUARTILE_SAMPLE_ROWS = 100_000

_NUMERIC_PREFIXES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                     "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")
_TEMPORAL_PREFIXES = ("DATE", "TIMESTAMP")


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
    estimated: bool = False  # distinct counts and quartiles are estimates (tables above EXACT_PROFILE_MAX_ROWS)


def profile_table(database: SessionDatabase, sql_name: str, with_distributions: bool = True) -> TableProfile:
    """Profile ``sql_name``: the statistics of DuckDB's SUMMARIZE (nulls, distinct values, min/max, mean, std,
    quartiles) then a histogram (numbers, dates) or top-10 values (text, booleans) per column. Exact up to
    EXACT_PROFILE_MAX_ROWS rows; above, distinct counts and quartiles are estimated (see that constant)."""
    table = qualified(sql_name)
    described = database.query_frame(f"DESCRIBE {table}")
    names = described["column_name"].tolist()
    kinds = [column_kind(t) for t in described["column_type"]]
    row_count = database.row_count(sql_name)
    estimated = row_count > EXACT_PROFILE_MAX_ROWS
    stats = _column_statistics(database, table, names, kinds, row_count, estimated) if names else {}
    columns = pd.DataFrame(
        {
            "column": names,
            "type": described["column_type"].tolist(),
            "kind": kinds,
            "nulls": [stats[name]["nulls"] for name in names],
            "null_percent": [100.0 * stats[name]["nulls"] / row_count if row_count else 0.0 for name in names],
            "distinct": [stats[name]["distinct"] for name in names],
            **{field: [stats[name][field] for name in names] for field in ("min", "max")},
            "mean": pd.to_numeric(pd.Series([stats[name]["mean"] for name in names], dtype=object), errors="coerce"),
            "std": pd.to_numeric(pd.Series([stats[name]["std"] for name in names], dtype=object), errors="coerce"),
            **{field: [stats[name][field] for name in names] for field in ("q25", "median", "q75")},
        }
    )
    distributions = {}
    if with_distributions and row_count:
        for name, kind in zip(names, kinds):
            distributions[name] = column_distribution(database, table, name, kind, stats[name]["min"], stats[name]["max"])
    return TableProfile(sql_name, row_count, columns, distributions, estimated)


def _column_statistics(
    database: SessionDatabase, table: str, names: list[str], kinds: list[str], row_count: int, estimated: bool
) -> dict[str, dict]:
    """Per column: nulls, distinct, min, max, mean, std and quartiles (None where they do not apply).

    Three scans, cheapest first: DuckDB evaluates plain aggregates, ordered ones (quantiles) and DISTINCT ones
    with different operators, and one query mixing all three ran twice as slowly as the three apart."""
    plain, quartiles = [], []
    for index, (name, kind) in enumerate(zip(names, kinds)):
        column = quote_identifier(name)
        plain.append(f"count(*) - count({column}) AS nulls_{index}, min({column}) AS min_{index}, max({column}) AS max_{index}")
        if kind == "numeric":
            plain.append(f"avg({column}::DOUBLE) AS mean_{index}, stddev_samp({column}::DOUBLE) AS std_{index}")
            quartiles.append(f"quantile_cont({column}::DOUBLE, [0.25, 0.5, 0.75]) AS quartiles_{index}")
        elif kind == "temporal":
            quartiles.append(f"quantile_disc({column}, [0.25, 0.5, 0.75]) AS quartiles_{index}")
        elif kind == "boolean":
            plain.append(f"avg({column}::DOUBLE) AS mean_{index}")
    count_distinct = "approx_count_distinct({})" if estimated else "count(DISTINCT {})"
    distinct = [f"{count_distinct.format(quote_identifier(name))} AS distinct_{index}" for index, name in enumerate(names)]
    # Bernoulli sampling keeps each row with the same chance in one streaming pass; a reservoir sample of the
    # same size costs ten times more on a million rows.
    share_percent = 100.0 * QUARTILE_SAMPLE_ROWS / max(row_count, 1)
    sample = f" USING SAMPLE {share_percent:.6f} PERCENT (bernoulli, 7)" if estimated else ""
    queries = [(plain, ""), (distinct, "")] + ([(quartiles, sample)] if quartiles else [])
    row = pd.concat(
        [database.query_frame(f"SELECT {', '.join(parts)} FROM {table}{suffix}").iloc[0] for parts, suffix in queries]
    )
    statistics = {}
    for index, name in enumerate(names):
        quartile_values = row.get(f"quartiles_{index}")
        if quartile_values is None or len(quartile_values) != 3:
            quartile_values = [None, None, None]
        statistics[name] = {
            "nulls": int(row[f"nulls_{index}"]),
            "distinct": int(row[f"distinct_{index}"]),
            "min": _plain(row[f"min_{index}"]),
            "max": _plain(row[f"max_{index}"]),
            "mean": _plain(row.get(f"mean_{index}")),
            "std": _plain(row.get(f"std_{index}")),
            "q25": _plain(quartile_values[0]),
            "median": _plain(quartile_values[1]),
            "q75": _plain(quartile_values[2]),
        }
    return statistics


def _plain(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT else value


def column_distribution(
    database: SessionDatabase, table: str, name: str, kind: str, minimum=None, maximum=None
) -> pd.DataFrame:
    """Equal-width histogram between ``minimum`` and ``maximum`` for numbers and dates, top values (plus
    'other') for text and booleans."""
    column = quote_identifier(name)
    if kind in ("numeric", "temporal"):
        if minimum is None or maximum is None:
            return pd.DataFrame({"label": [], "count": [], "lower": [], "upper": []})
        value = f"epoch_ms({column}::TIMESTAMP)" if kind == "temporal" else f"{column}::DOUBLE"
        finite = "" if kind == "temporal" else f" AND isfinite({value})"
        low, high = _as_number(minimum, kind), _as_number(maximum, kind)
        width = (high - low) / HISTOGRAM_BINS if high > low else 1.0
        frame = database.query_frame(
            f"""
            SELECT least(CAST(floor(({value} - ?) / ?) AS INTEGER), {HISTOGRAM_BINS - 1}) AS bin, count(*) AS count
            FROM {table} WHERE {column} IS NOT NULL{finite} GROUP BY bin ORDER BY bin
            """,
            [low, width],
        )
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


def _as_number(value, kind: str) -> float:
    """Milliseconds since the epoch for dates and timestamps (as the histogram query computes them), else a float."""
    return pd.Timestamp(value).value / 1e6 if kind == "temporal" else float(value)
