"""Tables named on the command line, read where they lie, and the rows a generator is fitted on when a table
is larger than it should hold in memory.

CSV and TSV files go through the app's own upload reader (`SessionDatabase.add_upload`: the same sniffing,
header checks and messages as an upload in the browser). Parquet - one file, a folder of parts or a glob such
as ``sales/part-*.parquet`` - is read in place by DuckDB, never copied, through a connection locked down like
the app's: it may read only those files' folders and its spill folder, with a memory limit. Profiling and
sampling then stream through DuckDB, so a table far larger than the memory limit is profiled and sampled
out-of-core (spilling to the temp directory when a step needs more).
"""

from __future__ import annotations

import glob
import shutil
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.data.database import (
    SessionDatabase,
    TableInfo,
    TableQueries,
    qualified,
    quote_identifier,
    quote_literal,
)
from dashboard.data.errors import QueryError, UnknownTableError, UploadError

PARQUET_TABLE = "input"
_GLOB_CHARACTERS = ("*", "?", "[")
# A stratum is a category of the stratifying column: at most this many, or the column is not used for strata.
MAX_STRATA = 1_000
# Every stratum keeps at least this many rows (or all it has), so rare categories survive the sample.
MIN_ROWS_PER_STRATUM = 20
# Rows are first kept by hash below a per-stratum threshold a little above their quota, then the lowest hashes
# fill each quota exactly: one streaming pass, and only about the sample's size is ever sorted.
_OVERSAMPLE = 1.25
_HASH_RANGE = 2**64


class ParquetFiles(TableQueries):
    """Parquet file(s) as one read-only table, ``input``, in a private, locked-down DuckDB connection.

    Offers the part of `SessionDatabase` that reading, profiling and sampling need (`table`, `columns`,
    `row_count`, `query_frame`), so the data layer's functions take either."""

    def __init__(self, files: list[Path], shown_name: str, memory_limit: str = "2GB", threads: int = 2,
                 spill_directory: Path | None = None) -> None:
        self.work_dir = Path(tempfile.mkdtemp(prefix="aigc-lab-files-"))
        spill = Path(spill_directory) if spill_directory else self.work_dir / "spill"
        spill.mkdir(parents=True, exist_ok=True)
        try:
            connection = duckdb.connect(":memory:", config={"threads": threads, "memory_limit": memory_limit})
        except duckdb.Error as error:
            shutil.rmtree(self.work_dir, ignore_errors=True)
            raise UploadError(f"DuckDB refused the settings (memory limit {memory_limit!r}, {threads} threads): "
                              f"{str(error).splitlines()[0]}",
                              key="data.duckdb.bad_settings", memory_limit=repr(memory_limit),
                              threads=threads, error=str(error).splitlines()[0]) from None
        self._connection = connection
        self._finalizer = weakref.finalize(self, _close, connection, self.work_dir)
        folders = sorted({str(f.resolve().parent) + "/" for f in files} | {str(spill.resolve()) + "/"})
        connection.execute(f"SET temp_directory = {quote_literal(str(spill))}")
        connection.execute(f"SET allowed_directories = [{', '.join(map(quote_literal, folders))}]")
        connection.execute("SET enable_external_access = false")
        connection.execute("SET lock_configuration = true")
        file_list = ", ".join(quote_literal(str(f.resolve())) for f in files)
        try:
            connection.execute(f"CREATE VIEW {PARQUET_TABLE} AS SELECT * FROM read_parquet([{file_list}])")
            connection.execute(f"SELECT * FROM {PARQUET_TABLE} LIMIT 1").fetchall()
        except duckdb.Error as error:
            self.close()
            raise UploadError(f"'{shown_name}' could not be read as Parquet ({str(error).splitlines()[0]}). "
                              "Check that every part is a complete Parquet file with the same columns.",
                              key="data.files.not_parquet", table=shown_name,
                              error=str(error).splitlines()[0]) from None
        self.info = TableInfo(PARQUET_TABLE, "upload", shown_name, f"Parquet read in place from {shown_name}")

    def table(self, sql_name: str) -> TableInfo:
        """The TableInfo of ``input``; UnknownTableError for any other name."""
        if sql_name != PARQUET_TABLE:
            raise UnknownTableError(f"There is no table called '{sql_name}'; the files are read as '{PARQUET_TABLE}'.",
                                    key="data.files.unknown_table", sql_name=sql_name,
                                    parquet_table=PARQUET_TABLE)
        return self.info

    def query_frame(self, sql: str, parameters: list | None = None) -> pd.DataFrame:
        """Run the data layer's own SQL and return a DataFrame."""
        cursor = self._connection.cursor()
        try:
            return cursor.execute(sql, parameters or []).df()
        except duckdb.OutOfMemoryException as error:
            raise QueryError(f"DuckDB ran out of its memory limit ({str(error).splitlines()[0]}). Raise "
                             "--memory-limit or point --spill-dir at a disk with more room.",
                             key="data.duckdb.out_of_memory", error=str(error).splitlines()[0]) from None
        finally:
            cursor.close()

    def close(self) -> None:
        """Close the connection and delete the spill folder now."""
        self._finalizer()


def _close(connection: duckdb.DuckDBPyConnection, work_dir: Path) -> None:
    try:
        connection.close()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


@dataclass
class TableFiles:
    """A table given on the command line, opened for reading: the database that holds it and its name there."""

    database: SessionDatabase | ParquetFiles
    sql_name: str
    shown_name: str
    notes: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Release the database and its temporary files."""
        self.database.close()


def open_table_files(path: str, memory_limit: str = "2GB", threads: int = 2,
                     spill_directory: Path | None = None) -> TableFiles:
    """Open ``path`` - a CSV/TSV file, a Parquet file, a folder of Parquet parts or a glob of them - for reading.

    Raises UploadError saying what is wrong (no such file, nothing matches the glob, a type the lab does not
    read, a damaged file) and what to do."""
    files = _matching_files(path)
    suffixes = {f.suffix.lower() for f in files}
    if suffixes == {".parquet"}:
        return TableFiles(ParquetFiles(files, path, memory_limit, threads, spill_directory), PARQUET_TABLE, path)
    if len(files) > 1:
        raise UploadError(f"'{path}' matches {len(files)} files that are not all Parquet; a glob or folder may "
                          "name Parquet parts only. Give one CSV file, or convert the parts to Parquet.",
                          key="data.files.mixed_parts", path=path, n_files=len(files))
    file = files[0]
    database = SessionDatabase(datasets=(), memory_limit=memory_limit, threads=threads)
    try:
        with open(file, "rb") as stream:
            result = database.add_upload(file.name, stream, file.stat().st_size)
    except BaseException:
        database.close()
        raise
    return TableFiles(database, result.table.sql_name, path, [str(note) for note in result.notes])


def _matching_files(path: str) -> list[Path]:
    if any(character in path for character in _GLOB_CHARACTERS):
        files = sorted(Path(name) for name in glob.glob(path, recursive=True) if Path(name).is_file())
        if not files:
            raise UploadError(f"No file matches '{path}'. Check the folder and the pattern (quote it so the shell "
                              "does not expand it).", key="data.files.no_match", path=path)
        return files
    candidate = Path(path)
    if candidate.is_dir():
        files = sorted(candidate.glob("*.parquet"))
        if not files:
            raise UploadError(f"The folder '{path}' holds no .parquet files. Name a CSV/TSV/Parquet file, or a "
                              "folder of Parquet parts.", key="data.files.no_parquet", path=path)
        return files
    if not candidate.is_file():
        raise UploadError(f"There is no file '{path}'. Check the path and the working folder.",
                          key="data.files.no_file", path=path)
    return [candidate]


def check_columns(source: TableFiles, wanted: list[str]) -> None:
    """UploadError naming the first of ``wanted`` that the table lacks, with the columns it has."""
    names = [name for name, _ in source.database.columns(source.sql_name)]
    missing = [name for name in wanted if name not in names]
    if missing:
        raise UploadError(f"'{source.shown_name}' has no column {missing[0]!r}; its columns are: "
                          f"{', '.join(names)}.",
                          key="data.files.missing_column", table=source.shown_name, missing=repr(missing[0]),
                          names=', '.join(names))


def read_all_rows(source: TableFiles, columns: list[str] | None = None) -> pd.DataFrame:
    """Every row of the table (only ``columns`` when given) as a DataFrame."""
    column_sql = ", ".join(map(quote_identifier, columns)) if columns else "*"
    return source.database.query_frame(f"SELECT {column_sql} FROM {qualified(source.sql_name)}")


@dataclass(frozen=True)
class FittingSample:
    """What the seeded, stratified sample took: rows drawn from how many, by which column, how long it took."""

    rows: int
    table_rows: int
    stratified_by: str | None
    strata: int
    seconds: float


def stratifying_column(source: TableFiles, columns: list[str] | None = None) -> str | None:
    """The column to stratify a sample by: the text or yes/no column with the fewest distinct values (2 to
    MAX_STRATA), so every category of the coarsest grouping keeps its share; None when there is none."""
    candidates = [name for name, kind in source.database.columns(source.sql_name)
                  if (columns is None or name in columns)
                  and (kind.startswith(("VARCHAR", "ENUM")) or kind == "BOOLEAN")]
    if not candidates:
        return None
    counts = source.database.query_frame(
        "SELECT " + ", ".join(f"approx_count_distinct({quote_identifier(c)}) AS c{i}" for i, c in enumerate(candidates))
        + f" FROM {qualified(source.sql_name)}"
    ).iloc[0]
    usable = [(int(counts[f"c{i}"]), name) for i, name in enumerate(candidates) if 2 <= counts[f"c{i}"] <= MAX_STRATA]
    return min(usable)[1] if usable else None


def stratified_sample(source: TableFiles, n_rows: int, seed: int, stratify_by: str | None = None,
                      columns: list[str] | None = None) -> tuple[pd.DataFrame, FittingSample]:
    """A seeded sample of about ``n_rows`` rows drawn by DuckDB in one streaming pass (out-of-core).

    Each category of ``stratify_by`` keeps its share of the rows (proportional allocation) and at least
    MIN_ROWS_PER_STRATUM rows (or all it has); without a column the sample is a plain seeded one. Which rows are
    taken depends on their values and ``seed`` only (a hash of the row), not on file order or threads, so the
    same seed gives the same rows."""
    started = time.perf_counter()
    database, table = source.database, qualified(source.sql_name)
    names = columns or [name for name, _ in database.columns(source.sql_name)]
    column_sql = ", ".join(map(quote_identifier, names))
    # Every column of the table enters the hash, so identical rows (and only those) tie.
    all_columns = ", ".join(quote_identifier(name) for name, _ in database.columns(source.sql_name))
    row_hash = f"hash({all_columns}, {int(seed)}::BIGINT)"
    stratum = f"CAST({quote_identifier(stratify_by)} AS VARCHAR)" if stratify_by else "'all'"
    counts = database.query_frame(f"SELECT {stratum} AS stratum, count(*) AS n FROM {table} GROUP BY ALL")
    total = int(counts["n"].sum())
    quotas = [min(n, max(MIN_ROWS_PER_STRATUM, round(n_rows * n / max(total, 1)))) for n in counts["n"]]
    thresholds = [min(_HASH_RANGE - 1, int(_HASH_RANGE * min(1.0, (_OVERSAMPLE * q + 50) / n)))
                  for q, n in zip(quotas, counts["n"])]
    values = ", ".join(
        f"({'NULL' if pd.isna(s) else quote_literal(str(s))}, {int(q)}, {int(t)}::UBIGINT)"
        for s, q, t in zip(counts["stratum"], quotas, thresholds)
    )
    frame = database.query_frame(
        f"WITH plan(stratum, quota, threshold) AS (VALUES {values}), "
        f"kept AS (SELECT {column_sql}, {row_hash} AS row_hash, {stratum} AS row_stratum FROM {table}) "
        f"SELECT {column_sql} FROM kept JOIN plan ON kept.row_stratum IS NOT DISTINCT FROM plan.stratum "
        f"WHERE kept.row_hash < plan.threshold "
        f"QUALIFY row_number() OVER (PARTITION BY plan.stratum ORDER BY kept.row_hash) <= plan.quota "
        f"ORDER BY kept.row_hash"
    )
    info = FittingSample(len(frame), total, stratify_by, len(counts), time.perf_counter() - started)
    return frame.reset_index(drop=True), info
