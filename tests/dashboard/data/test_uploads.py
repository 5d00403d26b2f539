"""Uploads: the CSV sniffer, encodings, headers, and every kind of bad file the page must explain."""

import io

import numpy as np
import pandas as pd
import pytest

from dashboard.data import UploadError
from dashboard.data.ingest import MAX_UPLOAD_BYTES


def test_csv_upload_becomes_a_table_with_sniffed_types(upload, database):
    """A plain CSV is loaded with its header and column types."""
    # Setup
    content = b"id,price,when,city\n1,9.5,2024-01-02,Paris\n2,12.25,2024-02-03,Lyon\n3,,2024-03-04,Nice\n"
    # Run
    result = upload("Sales 2024.csv", content)
    frame = database.read_table(result.table.sql_name)
    # Assert
    assert result.table.sql_name == "sales_2024"
    assert (result.row_count, result.column_count) == (3, 4)
    assert list(frame.columns) == ["id", "price", "when", "city"]
    assert pd.api.types.is_integer_dtype(frame["id"])
    assert pd.api.types.is_float_dtype(frame["price"]) and frame["price"].isna().sum() == 1
    assert pd.api.types.is_datetime64_any_dtype(frame["when"])


def test_semicolon_and_tab_delimiters_are_sniffed(upload, database):
    """Semicolon CSV and TSV files are split into their columns, and the note says which delimiter was found."""
    # Run
    semicolon = upload("eu.csv", b"a;b\n1;2\n3;4\n")
    tabs = upload("t.tsv", b"x\ty\n5\t6\n7\t8\n")
    # Assert
    assert semicolon.column_count == 2 and any("semicolons" in note for note in semicolon.notes)
    assert database.read_table(tabs.table.sql_name)["y"].tolist() == [6, 8]


def test_latin1_file_falls_back_and_keeps_accents(upload, database):
    """A Latin-1 file is read with accents intact and a note saying it was not UTF-8."""
    # Setup
    content = "name,city\nJosé,Zürich\nAnn,Besançon\n".encode("latin-1")
    # Run
    result = upload("people.csv", content)
    # Assert
    assert database.read_table(result.table.sql_name)["city"].tolist() == ["Zürich", "Besançon"]
    assert any("Latin-1" in note for note in result.notes)


def test_blank_and_duplicate_column_names_are_renamed_and_explained(upload, database):
    """Blank and repeated header names get unique names, and the notes list what was renamed."""
    # Run
    result = upload("messy.csv", b"name,city,,name\nJo,Rome,1,a\nAl,Oslo,2,b\n")
    # Assert
    assert list(database.read_table(result.table.sql_name).columns) == ["name", "city", "column2", "name_1"]
    assert any("no name" in note for note in result.notes)
    assert any("more than once" in note and "name_1" in note for note in result.notes)


def test_headerless_numeric_file_gets_generated_names(upload, database):
    """A file whose first line is numbers is read as data with generated column names."""
    # Run
    result = upload("numbers.csv", b"1,2\n3,4\n5,6\n")
    # Assert
    assert result.row_count == 3
    assert any("first line holds numbers" in note for note in result.notes)


def test_parquet_upload_is_readable(upload, database):
    """A Parquet upload keeps its dtypes."""
    # Setup
    buffer = io.BytesIO()
    pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", None]}).to_parquet(buffer)
    # Run
    result = upload("frame.parquet", buffer.getvalue())
    # Assert
    frame = database.read_table(result.table.sql_name)
    assert frame["a"].tolist() == [1, 2, 3] and frame["b"].isna().sum() == 1


def test_reupload_under_same_name_replaces_table(upload, database):
    """Uploading a file again under the same name replaces the table and bumps its version."""
    # Run
    first = upload("data.csv", b"a\n1\n")
    second = upload("data.csv", b"a\n1\n2\n")
    # Assert
    assert second.row_count == 2 and second.table.version == first.table.version + 1
    assert [t.sql_name for t in database.tables() if t.source == "upload"] == ["data"]


def test_table_named_after_sql_keyword_is_suffixed(upload):
    """A file called order.csv becomes order_table, which can be queried without quotes."""
    # Run
    result = upload("order.csv", b"a\n1\n")
    # Assert
    assert result.table.sql_name == "order_table"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "is empty"),
        ("report.xlsx", b"PK\x03\x04 not a csv", "not a file type the lab reads"),
        ("image.csv", bytes(np.random.default_rng(0).integers(0, 256, 4000, dtype=np.uint8)), "not a text file"),
        ("broken.parquet", b"PAR1 this is not parquet", "not a valid Parquet file"),
        ("quotes.csv", b'a\n"x\ny"z\n"q\n', "quotes on line"),
    ],
)
def test_bad_files_are_refused_with_an_explanation(upload, name, content, expected):
    """Empty, wrong-extension, binary, fake-Parquet and badly quoted files raise UploadError saying what to do."""
    # Run
    with pytest.raises(UploadError) as raised:
        upload(name, content)
    # Assert
    assert expected in str(raised.value)


def test_oversize_file_is_refused_before_reading(database):
    """A declared size above the limit is refused without reading the stream."""
    # Run
    with pytest.raises(UploadError, match="limit"):
        database.add_upload("huge.csv", io.BytesIO(b"a\n1\n"), MAX_UPLOAD_BYTES + 1)


def test_failed_upload_leaves_no_file_and_keeps_earlier_tables(upload, database):
    """A refused upload does not remove what the session already loaded, and its spooled file is deleted."""
    # Setup
    upload("good.csv", b"a\n1\n")
    # Run
    with pytest.raises(UploadError):
        upload("bad.csv", b"")
    # Assert
    assert [t.sql_name for t in database.tables() if t.source == "upload"] == ["good"]
    assert sorted(p.name for p in database.upload_dir.iterdir()) == ["good.csv"]


def test_ragged_rows_keep_every_value_and_are_padded_with_blanks(upload, database):
    """Rows with fewer values than the header keep what they have; the rest is blank and a note says so."""
    # Run
    result = upload("ragged.csv", b"a,b,c\n1,2\n3\n4,5,6\n")
    frame = database.read_table(result.table.sql_name)
    # Assert
    assert list(frame.columns) == ["a", "b", "c"] and len(frame) == 3
    assert frame["a"].tolist() == [1, 3, 4]
    assert frame["b"].isna().tolist() == [False, True, False] and frame["c"].isna().sum() == 2
    assert any("2 rows had fewer values" in note and "line 2" in note for note in result.notes)


def test_a_row_with_more_values_than_the_header_is_refused_with_its_line(upload, database):
    """Extra values are never dropped: the upload stops, naming the line, and no table is created."""
    # Run / Assert
    with pytest.raises(UploadError, match="line 3 has more values than the header"):
        upload("extra.csv", b"a,b,c\n1,2,3\n4,5,6,7\n8,9,10\n")
    assert "extra" not in {info.sql_name for info in database.tables()}


def test_a_value_that_breaks_its_column_type_late_in_the_file_is_refused_not_dropped(upload, database):
    """A row DuckDB cannot convert (past the sniffer's sample) stops the upload with its line, not silently."""
    # Setup
    content = b"a,b\n" + b"".join(b"%d,%d\n" % (i, i) for i in range(30_000)) + b"x,1\n"
    # Run / Assert
    with pytest.raises(UploadError, match="line 30002"):
        upload("late.csv", content)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\n\n  \n", "only blank lines"),
        (b'{"customers": [{"id": 1}]}\n', "JSON document"),
        (b'[{"id": 1}, {"id": 2}]', "JSON document"),
        (b"<!DOCTYPE html>\n<html><body>Report</body></html>\n", "web page"),
        (b"<?xml version='1.0'?>\n<rows><row id='1'/></rows>\n", "XML document"),
    ],
)
def test_files_that_are_not_tables_are_recognised_and_explained(upload, database, content, message):
    """Blank files, JSON, HTML and XML named .csv are named for what they are instead of loading as odd tables."""
    # Run / Assert
    with pytest.raises(UploadError, match=message):
        upload("not_a_table.csv", content)
    assert "not_a_table" not in {info.sql_name for info in database.tables()}


def test_a_first_line_in_brackets_is_still_a_csv_header(upload, database):
    """Only real JSON starts are refused: a header such as "[id],name" is read as a table."""
    # Run
    result = upload("brackets.csv", b"[id],name\n1,Ann\n2,Bo\n")
    # Assert
    assert (result.row_count, result.column_count) == (2, 2)
