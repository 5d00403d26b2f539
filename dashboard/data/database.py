"""One browser session's private DuckDB database: the shipped sample tables as views over their Parquet files,
the session's uploads as tables, a profile of any table, and a read-only SQL box.

Why one in-memory database per session: DuckDB's ``:memory:`` is a new private database on every connect, so
one session's uploads can never be seen from another. The connection is locked down when it is opened: it may
read only the shipped sample folder and this session's own folder (``allowed_directories``), external access
is then switched off and the configuration locked, so no SQL (ours or the user's) can read other files,
attach databases or install extensions."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
import time
import uuid
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

import duckdb
import pandas as pd

from dashboard.data.errors import QueryError, UnknownTableError, UploadError
from dashboard.i18n import Message
from dashboard.data.ingest import (
    SpooledUpload,
    delimiter_from_header,
    header_notes,
    inspect_header,
    spool_upload,
    table_name_for,
    unbalanced_quote_line,
)
from sample_data.catalog import SAMPLE_DATA_DIR, SAMPLE_DATASETS, SampleDataset

DISPLAY_ROW_CAP = 1_000
DOWNLOAD_ROW_CAP = 1_000_000
QUERY_TIMEOUT_SECONDS = 30.0
UPLOAD_SCHEMA = "main"


@dataclass(frozen=True)
class TableInfo:
    """A table this session can use, under the name a person types in SQL."""

    sql_name: str  # "ecommerce.customers" for shipped data, "sales" for an upload
    source: Literal["sample", "upload"]
    label: str  # what pickers show
    description: str
    is_ground_truth: bool = False
    version: int = 0  # grows each time an upload replaces the table, so caches keyed on TableInfo expire


@dataclass(frozen=True)
class UploadResult:
    """What loading an upload produced: the new table, its size, and notes worth telling the person."""

    table: TableInfo
    row_count: int
    column_count: int
    notes: list[str] = field(default_factory=list)
    source_path: Path | None = None  # the uploaded file as spooled (kept for "Recent work")


@dataclass(frozen=True)
class QueryResult:
    """The first rows of a user's query, and whether there were more."""

    frame: pd.DataFrame
    truncated: bool
    elapsed_seconds: float


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def qualified(sql_name: str) -> str:
    """``schema.table`` or ``table`` as a quoted identifier that is safe to splice into SQL."""
    return ".".join(quote_identifier(part) for part in sql_name.split(".", 1))


def _close(connection: duckdb.DuckDBPyConnection, work_dir: Path) -> None:
    try:
        connection.close()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)


class TableQueries:
    """What every table source answers with the same SQL (the session's database, Parquet files read in place):
    the columns and the row count of a table. A source gives `table(name)` (raising UnknownTableError) and
    `query_frame(sql)`."""

    def columns(self, sql_name: str) -> list[tuple[str, str]]:
        """(name, DuckDB type) of every column of a table."""
        self.table(sql_name)
        described = self.query_frame(f"DESCRIBE {qualified(sql_name)}")
        return list(zip(described["column_name"], described["column_type"]))

    def row_count(self, sql_name: str) -> int:
        """Number of rows of a table (for Parquet, DuckDB reads it from the files' footers, not by a scan)."""
        self.table(sql_name)
        return int(self.query_frame(f"SELECT count(*) AS n FROM {qualified(sql_name)}")["n"].iloc[0])


class SessionDatabase(TableQueries):
    """The DuckDB database of one browser session (see the module docstring for why it is built this way).

    Thread-safe: every call works on its own cursor, so a page's script thread and a training thread can read at
    the same time. Release it with ``close()``; otherwise it is released when the session's state is dropped."""

    def __init__(
        self,
        datasets: tuple[SampleDataset, ...] = SAMPLE_DATASETS,
        database: str = ":memory:",
        memory_limit: str = "4GB",
        threads: int = 2,
    ) -> None:
        self.work_dir = Path(tempfile.mkdtemp(prefix="aigc-lab-session-"))
        self.upload_dir = self.work_dir / "uploads"
        spill_dir = self.work_dir / "spill"
        self.upload_dir.mkdir()
        spill_dir.mkdir()
        self._connection = duckdb.connect(database, config={"threads": threads, "memory_limit": memory_limit})
        self._finalizer = weakref.finalize(self, _close, self._connection, self.work_dir)
        allowed = [str(SAMPLE_DATA_DIR.resolve()) + "/", str(self.work_dir.resolve()) + "/"]
        self._connection.execute(f"SET temp_directory = {quote_literal(str(spill_dir))}")
        self._connection.execute(f"SET allowed_directories = [{', '.join(map(quote_literal, allowed))}]")
        self._connection.execute("SET enable_external_access = false")
        self._connection.execute("SET lock_configuration = true")
        self._lock = threading.Lock()
        self._tables: dict[str, TableInfo] = {}
        for dataset in datasets:
            self._attach_sample_dataset(dataset)

    # ----------------------------------------------------------------------------------------------- tables
    def _attach_sample_dataset(self, dataset: SampleDataset) -> None:
        # Views bind only the Parquet footer: no rows are read until a query needs them.
        cursor = self._connection.cursor()
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(dataset.key)}")
        for table in dataset.tables:
            if not table.file.exists():
                continue
            sql_name = f"{dataset.key}.{table.name}"
            cursor.execute(
                f"CREATE OR REPLACE VIEW {qualified(sql_name)} AS "
                f"SELECT * FROM read_parquet({quote_literal(str(table.file.resolve()))})"
            )
            self._tables[sql_name] = TableInfo(
                sql_name=sql_name,
                source="sample",
                label=f"{dataset.title} · {table.name}",
                description=table.description,
                is_ground_truth=table.is_ground_truth,
            )

    def tables(self, include_ground_truth: bool = False) -> list[TableInfo]:
        """The tables this session can use: its uploads first (newest first), then the shipped samples."""
        with self._lock:
            infos = list(self._tables.values())
        uploads = [info for info in reversed(infos) if info.source == "upload"]
        samples = [info for info in infos if info.source == "sample" and (include_ground_truth or not info.is_ground_truth)]
        return uploads + samples

    def table(self, sql_name: str) -> TableInfo:
        """The TableInfo of ``sql_name``, or UnknownTableError."""
        with self._lock:
            info = self._tables.get(sql_name)
        if info is None:
            raise UnknownTableError(f"There is no table called '{sql_name}' in this session. Pick one from the list.",
                                    key="data.unknown_table", sql_name=sql_name)
        return info

    def read_table(self, sql_name: str, limit: int | None = None, columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of a table as a DataFrame (all of them unless ``limit``)."""
        self.table(sql_name)
        column_sql = ", ".join(map(quote_identifier, columns)) if columns else "*"
        limit_sql = f" LIMIT {int(limit)}" if limit is not None else ""
        return self.query_frame(f"SELECT {column_sql} FROM {qualified(sql_name)}{limit_sql}")

    def query_frame(self, sql: str, parameters: list | None = None) -> pd.DataFrame:
        """Run the app's own (trusted) SQL and return a DataFrame. User SQL goes through ``run_user_sql``."""
        cursor = self._connection.cursor()
        try:
            return cursor.execute(sql, parameters or []).df()
        finally:
            cursor.close()

    # ---------------------------------------------------------------------------------------------- uploads
    def add_upload(self, file_name: str, stream: BinaryIO, size_bytes: int | None = None) -> UploadResult:
        """Spool an uploaded CSV/TSV/Parquet file to this session's folder and load it as a table named after
        the file. Raises UploadError with a message for the person when the file cannot be read."""
        spooled = spool_upload(file_name, stream, self.upload_dir, size_bytes)
        sql_name = self._upload_table_name(file_name)
        try:
            notes = self._load_spooled(spooled, sql_name)
        except UploadError:
            spooled.path.unlink(missing_ok=True)
            raise
        with self._lock:
            previous = self._tables.pop(sql_name, None)
            info = TableInfo(
                sql_name=sql_name,
                source="upload",
                label=Message("upload.table_label", file=file_name),
                description=Message("upload.table_description", file=file_name),
                version=previous.version + 1 if previous else 1,
            )
            self._tables[sql_name] = info
        shape = self.query_frame(f"SELECT count(*) AS n FROM {qualified(sql_name)}")
        columns = self.query_frame(f"DESCRIBE {qualified(sql_name)}")
        row_count = int(shape["n"].iloc[0])
        if row_count == 0:
            notes.append(Message("upload.note.no_rows"))
        return UploadResult(info, row_count, len(columns), spooled.notes + notes, spooled.path)

    def _upload_table_name(self, file_name: str) -> str:
        name = table_name_for(file_name)
        # A table called after an SQL keyword ("order", "semi") could only be queried in quotes.
        reserved = self.query_frame(
            "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category <> 'unreserved' AND keyword_name = ?",
            [name],
        )
        sample_schemas = {info.sql_name.split(".")[0] for info in self._tables.values() if info.source == "sample"}
        return f"{name}_table" if len(reserved) or name in sample_schemas else name

    def _load_spooled(self, spooled: SpooledUpload, sql_name: str) -> list[str]:
        target = qualified(sql_name)
        path = quote_literal(str(spooled.path))
        cursor = self._connection.cursor()
        try:
            if spooled.kind == "parquet":
                try:
                    # A view: Parquet is columnar and compressed, so reading it again beats holding it in memory.
                    cursor.execute(f"CREATE OR REPLACE VIEW {target} AS SELECT * FROM read_parquet({path})")
                    cursor.execute(f"SELECT * FROM {target} LIMIT 1").fetchall()
                except duckdb.Error as error:
                    raise UploadError.keyed("upload.error.parquet_unreadable", file=spooled.original_name,
                                            detail=_first_line(error)) from None
                return []
            return self._load_csv(cursor, spooled, target, path)
        finally:
            cursor.close()

    def _load_csv(self, cursor: duckdb.DuckDBPyConnection, spooled: SpooledUpload, target: str, path: str) -> list[str]:
        encoding = quote_literal(spooled.encoding)
        try:
            sniffed = cursor.execute(
                f"SELECT Delimiter, Quote, Columns FROM sniff_csv({path}, encoding={encoding})"
            ).fetchall()[0]
        except duckdb.Error as error:
            raise UploadError.keyed("upload.error.no_dialect", file=spooled.original_name,
                                    detail=_first_line(error)) from None
        delimiter, quote, sniffed_columns = sniffed
        quote = None if quote in ("(empty)", "") else quote
        if len(sniffed_columns) == 1:
            bad_line = unbalanced_quote_line(spooled.path, spooled.encoding)
            if bad_line is not None:
                raise UploadError.keyed("upload.error.unbalanced_quotes", file=spooled.original_name, line=str(bad_line))
            # Ragged rows defeat the sniffer (no delimiter gives every line the same count): trust the header.
            delimiter = delimiter_from_header(spooled.path, spooled.encoding) or delimiter
        header = inspect_header(spooled.path, spooled.encoding, delimiter, quote)
        options = [f"encoding={encoding}", f"delim={quote_literal(delimiter)}", f"header={str(header.has_header).lower()}"]
        if quote:
            options.append(f"quote={quote_literal(quote)}")
        padding_notes = self._read_csv_keeping_every_value(cursor, spooled, target, path, options)
        # Say what was detected after every upload, so a wrong guess is visible at once.
        read_as = spooled.original_encoding or spooled.encoding
        encoding_name = {"utf-8": "UTF-8", "gb18030": "GB18030", "big5": "Big5"}.get(read_as, read_as.title())
        notes = [Message("upload.note.read_as.header" if header.has_header else "upload.note.read_as.no_header",
                         encoding=encoding_name, delimiter=Message(_delimiter_key(delimiter), delimiter=delimiter))] + padding_notes
        if header.has_header:
            final_names = [row[0] for row in cursor.execute(f"DESCRIBE {target}").fetchall()]
            notes += header_notes(header.raw_names, final_names)
        else:
            notes.append(Message("upload.note.numeric_first_line"))
        return notes

    def _read_csv_keeping_every_value(
        self, cursor: duckdb.DuckDBPyConnection, spooled: SpooledUpload, target: str, path: str, options: list[str]
    ) -> list[str]:
        """Create the table from the CSV so that no value is lost without a word.

        DuckDB's rejects table records every line it could not use. Lines with fewer values than the header are
        kept, their missing values blank, and a note says how many; a line with more values than the header, or
        a value that does not fit its column's type, stops the upload with its line number (dropping it, or a
        value, would change the data)."""
        rejects, scans = f"upload_rejects_{uuid.uuid4().hex}", f"upload_reject_scans_{uuid.uuid4().hex}"
        create = f"CREATE OR REPLACE TABLE {target} AS SELECT * FROM read_csv({path}, {', '.join(options)}"
        try:
            cursor.execute(f"{create}, store_rejects=true, rejects_table={quote_literal(rejects)}, "
                           f"rejects_scan={quote_literal(scans)})")
            problems = cursor.execute(
                f"SELECT error_type, min(line) AS first_line, count(DISTINCT line) AS lines, any_value(error_message) "
                f"FROM {quote_identifier(rejects)} GROUP BY error_type ORDER BY first_line"
            ).fetchall()
        except duckdb.Error as error:
            raise UploadError.keyed("upload.error.unreadable_lines", file=spooled.original_name,
                                    detail=_first_line(error)) from None
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {quote_identifier(rejects)}")
            cursor.execute(f"DROP TABLE IF EXISTS {quote_identifier(scans)}")
        by_type = {error_type: (first_line, lines, message) for error_type, first_line, lines, message in problems}
        if "TOO MANY COLUMNS" in by_type:
            first_line, lines, _ = by_type["TOO MANY COLUMNS"]
            raise UploadError.keyed("upload.error.too_many_values", file=spooled.original_name,
                                    line=str(int(first_line)), count=int(lines))
        other = {error_type: info for error_type, info in by_type.items() if error_type != "MISSING COLUMNS"}
        if other:
            error_type, (first_line, _, message) = next(iter(other.items()))
            raise UploadError.keyed("upload.error.bad_line", file=spooled.original_name, line=str(int(first_line)),
                                    detail=str(message).splitlines()[0])
        if "MISSING COLUMNS" not in by_type:
            return []
        first_line, lines, _ = by_type["MISSING COLUMNS"]
        try:
            cursor.execute(f"{create}, null_padding=true)")
        except duckdb.Error as error:
            raise UploadError.keyed("upload.error.unreadable", file=spooled.original_name,
                                    detail=_first_line(error)) from None
        return [Message("upload.note.padded_rows", count=int(lines), line=str(int(first_line)))]

    # ---------------------------------------------------------------------------------------------- user SQL
    def run_user_sql(
        self, sql: str, max_rows: int = DISPLAY_ROW_CAP, timeout_seconds: float = QUERY_TIMEOUT_SECONDS
    ) -> QueryResult:
        """Run one read-only SELECT (or WITH ... SELECT) typed by the user and return its first ``max_rows`` rows.

        Anything else (writes, DDL, SET, COPY, ATTACH, several statements) is refused with a QueryError; file
        access is impossible anyway because the connection was locked down when it was opened."""
        query = validate_user_sql(sql)
        started = time.perf_counter()
        frame = self._run_guarded(query, max_rows + 1, timeout_seconds)
        truncated = len(frame) > max_rows
        return QueryResult(frame.head(max_rows), truncated, time.perf_counter() - started)

    def start_user_sql(
        self, sql: str, max_rows: int = DISPLAY_ROW_CAP, timeout_seconds: float = QUERY_TIMEOUT_SECONDS
    ) -> RunningQuery:
        """`run_user_sql` in a background thread, so the page can show the elapsed time and a Stop button.
        A query that may not run is refused at once (QueryError); errors while running land in the result."""
        query = validate_user_sql(sql)
        return RunningQuery(self, query, max_rows, timeout_seconds).start()

    def user_sql_for_download(self, sql: str, timeout_seconds: float = 120.0) -> pd.DataFrame:
        """All rows (up to DOWNLOAD_ROW_CAP) of a user's read-only query, for a download button."""
        return self._run_guarded(validate_user_sql(sql), DOWNLOAD_ROW_CAP, timeout_seconds)

    def _run_guarded(
        self, query: str, row_limit: int, timeout_seconds: float, running: RunningQuery | None = None
    ) -> pd.DataFrame:
        cursor = self._connection.cursor()
        if running is not None:
            running.cursor = cursor
        watchdog = threading.Timer(timeout_seconds, cursor.interrupt)
        watchdog.start()
        try:
            return _integers_kept(cursor.sql(query).limit(row_limit))
        except duckdb.InterruptException:
            if running is not None and running.stopped:
                raise QueryError.keyed("sql.error.stopped") from None
            raise QueryError.keyed("sql.error.timeout", seconds=f"{timeout_seconds:.0f}") from None
        except duckdb.PermissionException:
            raise QueryError.keyed("sql.error.files") from None
        except duckdb.CatalogException as error:
            raise QueryError.keyed("sql.error.catalog", detail=_first_line(error)) from None
        except duckdb.Error as error:
            raise QueryError.keyed("sql.error.failed", detail=_first_line(error)) from None
        finally:
            watchdog.cancel()
            cursor.close()

    def close(self) -> None:
        """Close the connection and delete this session's files now."""
        self._finalizer()


class RunningQuery:
    """A user's query running in a background thread: elapsed time while it runs, a Stop that interrupts DuckDB,
    and then either `result` (a QueryResult) or `error` (the message for the person)."""

    def __init__(self, database: SessionDatabase, query: str, max_rows: int, timeout_seconds: float) -> None:
        self.sql = query
        self.cursor: duckdb.DuckDBPyConnection | None = None
        self.result: QueryResult | None = None
        self.error: str | None = None
        self.stopped = False
        self._database, self._max_rows, self._timeout = database, max_rows, timeout_seconds
        self._thread = threading.Thread(target=self._run, name="aigc-lab-query", daemon=True)
        self.started = time.perf_counter()
        self.finished: float | None = None

    def start(self) -> RunningQuery:
        self._thread.start()
        return self

    @property
    def is_running(self) -> bool:
        return self._thread.is_alive()

    @property
    def elapsed_seconds(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the query ends (tests); True when it ended within `timeout`."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self) -> None:
        """Interrupt the query; it ends with the message that the person stopped it."""
        self.stopped = True
        if self.cursor is not None:
            self.cursor.interrupt()

    def _run(self) -> None:
        try:
            frame = self._database._run_guarded(self.sql, self._max_rows + 1, self._timeout, running=self)
            self.result = QueryResult(frame.head(self._max_rows), len(frame) > self._max_rows,
                                      time.perf_counter() - self.started)
        except QueryError as error:
            self.error = str(error)
        finally:
            self.finished = time.perf_counter()


def _integers_kept(relation: duckdb.DuckDBPyRelation) -> pd.DataFrame:
    """The relation as a DataFrame, with HUGEINT columns (what DuckDB's sum() of integers returns) as int64:
    pandas would turn them into floats, and a total of 300 would show and download as 300.0."""
    names = relation.columns
    huge = {name for name, kind in zip(names, relation.types) if str(kind) in ("HUGEINT", "UHUGEINT")}
    if huge and len(set(names)) == len(names):
        projection = ", ".join(
            f"CAST({quote_identifier(n)} AS BIGINT) AS {quote_identifier(n)}" if n in huge else quote_identifier(n)
            for n in names
        )
        try:
            return relation.project(projection).df()
        except duckdb.ConversionException:
            pass  # a value beyond int64: keep DuckDB's float conversion
    return relation.df()


def example_user_sql(sql_name: str) -> str:
    """The query the SQL box starts with for the table ``sql_name`` (run, like any query typed there, through
    run_user_sql's checks)."""
    return f"SELECT *\nFROM {sql_name}\nLIMIT 100"


def validate_user_sql(sql: str) -> str:
    """The single SELECT statement in ``sql``, or a QueryError saying why it may not run."""
    if not sql or not sql.strip():
        raise QueryError.keyed("sql.error.empty")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as error:
        raise QueryError.keyed("sql.error.syntax", detail=_first_line(error)) from None
    if len(statements) != 1:
        raise QueryError.keyed("sql.error.several", count=len(statements))
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        kind = statement.type.name.replace("_", " ")
        raise QueryError.keyed("sql.error.not_select", kind=kind)
    _refuse_server_access(statement.query)
    return statement.query


# Table functions that compute rather than read: everything else (read_text, glob, duckdb_settings, ...) reads
# files or describes the server, and the allowed folders hold more than the tables (the sample data's code).
_ALLOWED_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
# Scalar functions that reveal the server's settings or environment instead of computing on the data.
_REFUSED_FUNCTIONS = frozenset({"current_setting", "getenv", "current_schemas", "which_secret", "read_blob"})


def _refuse_server_access(query: str) -> None:
    """QueryError when a SELECT reads anything but the listed tables: a file path used as a table, a table
    function that reads files or lists settings, or a function that shows server settings. The parse tree comes
    from DuckDB's own parser, so quoting or comments cannot hide a function."""
    parser = duckdb.connect()
    try:
        tree = json.loads(parser.execute("SELECT json_serialize_sql(?)", [query]).fetchall()[0][0])
    finally:
        parser.close()
    nodes = [tree]
    while nodes:
        node = nodes.pop()
        if isinstance(node, list):
            nodes.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        nodes.extend(node.values())
        if node.get("type") == "TABLE_FUNCTION":
            name = str(node.get("function", {}).get("function_name", "")).lower()
            if name not in _ALLOWED_TABLE_FUNCTIONS:
                raise QueryError.keyed("sql.error.table_function", name=name)
        elif node.get("type") == "BASE_TABLE" and str(node.get("table_name", "")).lower().startswith(
            ("duckdb_", "pragma_")
        ):
            # Table functions without arguments can be named like tables ("FROM duckdb_settings").
            raise QueryError.keyed("sql.error.settings", name=node["table_name"])
        elif node.get("type") == "BASE_TABLE" and re.search(r"[/\\.*?]", str(node.get("table_name", ""))):
            raise QueryError.keyed("sql.error.file_path")
        elif node.get("class") == "FUNCTION" and (
            str(node.get("function_name", "")).lower() in _REFUSED_FUNCTIONS
            or str(node.get("function_name", "")).lower().startswith(("duckdb_", "pragma_"))
        ):
            raise QueryError.keyed("sql.error.settings_function", name=node["function_name"])


# An absolute path (POSIX or Windows) inside a database message: the server's folders are nobody's business.
_SERVER_PATH = re.compile(r"(?:[A-Za-z]:\\|(?<![\w.])/)(?:[^\s'\"/\\]+[/\\])+[^\s'\"]*")


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    for prefix in ("Parser Error: ", "Binder Error: ", "Catalog Error: ", "Invalid Input Error: ", "Conversion Error: "):
        text = text.replace(prefix, "")
    text = _SERVER_PATH.sub("(a file on the server)", text)
    return text.splitlines()[0].rstrip(".!") if text else type(error).__name__


def _delimiter_key(delimiter: str) -> str:
    """The catalogue key that names a delimiter in words ("commas"); others are quoted as they are."""
    names = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical_bars"}
    return f"upload.delimiter.{names.get(delimiter, 'other')}"
