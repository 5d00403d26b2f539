"""The SQL box: read-only, single statement, no file access, bounded time, and private to its session."""

import io
import time

import pytest

from dashboard.data import QueryError, SessionDatabase


def test_select_returns_capped_rows(upload, database):
    """A SELECT returns at most max_rows rows and says whether more exist."""
    # Setup
    upload("numbers.csv", b"n\n" + b"\n".join(str(i).encode() for i in range(50)) + b"\n")
    # Run
    result = database.run_user_sql("SELECT n FROM numbers ORDER BY n", max_rows=10)
    # Assert
    assert result.frame["n"].tolist() == list(range(10)) and result.truncated


def test_with_query_and_trailing_semicolon_run(upload, database):
    """WITH ... SELECT and a trailing semicolon are accepted."""
    # Setup
    upload("t.csv", b"a\n1\n2\n")
    # Run
    result = database.run_user_sql("WITH s AS (SELECT sum(a) AS total FROM t) SELECT total FROM s;")
    # Assert
    assert result.frame["total"].tolist() == [3] and not result.truncated


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("", "Type a SELECT"),
        ("DROP TABLE t", "read-only"),
        ("INSERT INTO t VALUES (5)", "read-only"),
        ("CREATE TABLE x AS SELECT 1", "read-only"),
        ("COPY t TO 'out.csv'", "read-only"),
        ("ATTACH 'other.db'", "read-only"),
        ("INSTALL httpfs", "read-only"),
        ("SET enable_external_access = true", "read-only"),
        ("SELECT 1; DROP TABLE t", "one query at a time"),
        ("SELEC * FROM t", "syntax error"),
        ("SELECT * FROM no_such_table", "tables you can query"),
        ("SELECT * FROM read_csv('/etc/passwd')", "read_csv(...) is not allowed"),
        ("SELECT * FROM read_text('/etc/hostname')", "read_text(...) is not allowed"),
    ],
)
def test_forbidden_or_broken_sql_is_refused_with_a_reason(upload, database, sql, expected):
    """Writes, DDL, settings, several statements, syntax errors, unknown tables and file reads are refused."""
    # Setup
    upload("t.csv", b"a\n1\n")
    # Run
    with pytest.raises(QueryError) as raised:
        database.run_user_sql(sql)
    # Assert
    assert expected in str(raised.value)
    assert database.read_table("t")["a"].tolist() == [1]


def test_runaway_query_is_stopped(database):
    """A query that runs past its time limit is interrupted with an explanation."""
    # Run
    with pytest.raises(QueryError, match="longer than"):
        database.run_user_sql(
            "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range * b.range = 7",
            timeout_seconds=1.0,
        )


def test_sessions_never_see_each_others_uploads():
    """An upload in one session is not visible, by name or by file path, from another session."""
    # Setup
    first, second = SessionDatabase(), SessionDatabase()
    try:
        first.add_upload("secret.csv", io.BytesIO(b"salary\n100\n"))
        secret_path = next(first.upload_dir.iterdir())
        # Run / Assert
        assert "secret" not in [t.sql_name for t in second.tables()]
        with pytest.raises(QueryError):
            second.run_user_sql("SELECT * FROM secret")
        with pytest.raises(QueryError, match="not allowed"):
            second.run_user_sql(f"SELECT * FROM read_csv('{secret_path}')")
    finally:
        first.close()
        second.close()


def test_closing_a_session_deletes_its_files():
    """close() removes the session's private folder with its uploads."""
    # Setup
    db = SessionDatabase()
    db.add_upload("a.csv", io.BytesIO(b"a\n1\n"))
    folder = db.work_dir
    # Run
    db.close()
    # Assert
    assert not folder.exists()


def test_download_query_returns_all_rows(upload, database):
    """The download path returns every row, not the display cap."""
    # Setup
    upload("numbers.csv", b"n\n" + b"\n".join(str(i).encode() for i in range(2500)) + b"\n")
    # Run
    frame = database.user_sql_for_download("SELECT * FROM numbers")
    # Assert
    assert len(frame) == 2500


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT * FROM read_text('{sample}/catalog.py')", "read_text"),
        ("SELECT * FROM '{sample}/catalog.py'", "not files"),
        ("SELECT count(*) FROM glob('{sample}/**')", "glob"),
        ("SELECT name, value FROM duckdb_settings()", "duckdb_settings"),
        ("SELECT current_setting('temp_directory')", "current_setting"),
        ("WITH s AS (SELECT * FROM read_blob('{sample}/build.py')) SELECT 1 FROM s", "read_blob"),
        ("SELECT 1 /* read_text('x') */ FROM ecommerce.customers WHERE customer_id IN "
         "(SELECT 1 FROM pragma_database_list)", "pragma_database_list"),
    ],
)
def test_the_sql_box_cannot_read_source_files_or_show_server_settings(database, sql, expected):
    """Only tables can be read: table functions that read files or list settings are refused, however nested."""
    # Setup
    from sample_data.catalog import SAMPLE_DATA_DIR
    # Run / Assert
    with pytest.raises(QueryError, match=expected) as refused:
        database.run_user_sql(sql.format(sample=SAMPLE_DATA_DIR))
    assert str(SAMPLE_DATA_DIR) not in str(refused.value)


def test_computing_table_functions_still_work(database):
    """range() and unnest() compute values rather than read files, so they stay available."""
    # Run
    result = database.run_user_sql("SELECT sum(range) AS total, max(x) AS top FROM range(5), unnest([1, 7]) AS u(x)")
    # Assert
    assert result.frame["total"].tolist() == [20] and result.frame["top"].tolist() == [7]


def test_error_messages_never_show_server_paths():
    """A database message that names a file on the server is passed on with the path replaced."""
    # Setup
    from dashboard.data.database import _first_line

    message = 'IO Error: No files found that match the pattern "/tmp/aigc-lab-session-x1/uploads/a.csv"'
    # Run
    shown = _first_line(Exception(message))
    # Assert
    assert shown == 'IO Error: No files found that match the pattern "(a file on the server)"'


def test_a_running_query_reports_its_time_and_can_be_stopped(database):
    """A query started in the background shows its elapsed time while it runs; Stop ends it with a message."""
    # Setup
    running = database.start_user_sql("SELECT count(*) FROM range(100000000) a, range(1000) b")
    time.sleep(0.3)
    # Run
    was_running, elapsed = running.is_running, running.elapsed_seconds
    running.stop()
    # Assert
    assert running.wait(10)
    assert was_running and elapsed >= 0.3
    assert running.result is None and running.error == "You stopped the query. Change it and run it again."


def test_a_background_query_returns_its_rows(upload, database):
    """The background path gives the same rows as the direct one."""
    # Setup
    upload("t.csv", b"a\n1\n2\n3\n")
    # Run
    running = database.start_user_sql("SELECT sum(a) AS total FROM t")
    # Assert
    assert running.wait(10) and running.error is None
    assert running.result.frame["total"].tolist() == [6]
