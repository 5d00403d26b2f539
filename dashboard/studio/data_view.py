"""Step 1 of the Studio: which table, which rows and columns, each column's type, and the optional target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.data.studio_queries import training_rows
from dashboard.session import session_database
from dashboard.table_widgets import table_picker, upload_widget

if TYPE_CHECKING:  # engines.core pulls in torch: loaded when the Studio draws this step
    from engines.core.metadata import ColumnMetadata, TableMetadata

DEFAULT_TRAINING_ROWS = 5_000
MAX_TRAINING_ROWS = 100_000
NO_TARGET = "(none)"
_FRAMES_KEY = "studio_frames"
_TYPE_HELP = (
    "continuous: real numbers · integer: whole numbers · categorical: a fixed set of labels · boolean: true/false · "
    "datetime: dates and times · id: a key, never learnt, regenerated as new unique values."
)


@dataclass
class DataChoice:
    """What the analyst picked: the rows (chosen columns only), their types and the optional target."""

    table: str
    frame: pd.DataFrame
    metadata: TableMetadata
    target: str | None
    total_rows: int

    @property
    def sdtypes(self) -> dict[str, str]:
        """`{column: sdtype}` of the chosen columns."""
        return self.metadata.sdtypes


def data_setup() -> DataChoice | None:
    """Draw step 1 and return the analyst's choice, or None when the session has no table."""
    from engines.core.metadata import CATEGORICAL, ID, SDTYPES, ColumnMetadata, TableMetadata  # noqa: PLC0415

    database = session_database()
    with st.expander("Upload your own table (CSV, TSV or Parquet)", icon=":material/upload_file:",
                     expanded=not any(t.source == "upload" for t in database.tables())):
        upload_widget(key="studio_upload")
    table = table_picker("Table to learn from", key="studio_table")
    if table is None:
        return None
    info = database.table(table)
    total = database.row_count(table)
    left, right = st.columns([1, 2])
    rows = left.number_input(
        "Rows to learn from", min_value=min(total, 1), max_value=max(min(total, MAX_TRAINING_ROWS), 1),
        value=max(min(total, DEFAULT_TRAINING_ROWS), min(total, 1)), step=1_000, key=f"studio_rows_{table}",
        help="A uniform random sample of the table when it has more rows. More rows: better generators, slower "
        "training. A fifth of them is kept aside, unseen, to test usefulness and privacy.",
    )
    right.caption(f"{info.description}  \n**{total:,} rows** in the table; generators learn from "
                  f"{min(rows, total):,} of them.")
    frame = _training_frame(table, info.version, int(rows))
    detected = _detected_columns(frame, (table, info.version, int(rows)))
    editor = pd.DataFrame({
        "learn": [detected[c] is not None for c in frame.columns],
        "column": list(frame.columns),
        "type": [detected[c].sdtype if detected[c] else CATEGORICAL for c in frame.columns],
        "example": [_example(frame[c]) for c in frame.columns],
    })
    st.markdown("**Columns and their detected types** (untick a column to leave it out; change a type if it was "
                "guessed wrong)")
    edited = st.data_editor(
        editor, key=f"studio_types_{table}_{info.version}", hide_index=True, width="stretch",
        disabled=["column", "example"], num_rows="fixed",
        column_config={
            "learn": st.column_config.CheckboxColumn("Learn", help="Include this column in the synthetic table."),
            "column": st.column_config.TextColumn("Column"),
            "type": st.column_config.SelectboxColumn("Type", options=SDTYPES, required=True, help=_TYPE_HELP),
            "example": st.column_config.TextColumn("Example value"),
        },
    )
    unusable = [c for c in frame.columns if detected[c] is None]
    if unusable:
        st.caption(f"Left out because they are empty or of an unsupported kind: {', '.join(unusable)}.")
    chosen = edited[edited["learn"].fillna(False).astype(bool)]
    # The detected metadata, edited: a datetime column that stays a datetime keeps its detected text format.
    metadata = TableMetadata({c: detected[c] or ColumnMetadata(CATEGORICAL) for c in chosen["column"]})
    for column, sdtype in zip(chosen["column"], chosen["type"].fillna(CATEGORICAL)):
        metadata.update_column(column, sdtype=sdtype)
    targets = [NO_TARGET, *[c for c, s in metadata.sdtypes.items() if s != ID]]
    target = st.selectbox(
        "Target column for the machine-learning check (optional)", targets, key=f"studio_target_{table}",
        help="A column you would predict from the others (say, 'defaulted'). The Studio then trains the same model "
        "on real and on synthetic rows and compares them on real rows neither saw.",
    )
    chosen_target = None if target == NO_TARGET else target
    return DataChoice(table, frame[list(metadata.columns)], metadata, chosen_target, total)


def _training_frame(table: str, version: int, rows: int) -> pd.DataFrame:
    # Per session (uploads are private), keyed by the table's version so a re-upload is read again.
    cache: dict = st.session_state.setdefault(_FRAMES_KEY, {})
    key = (table, version, rows)
    if key not in cache:
        cache.clear()
        with st.spinner("Reading the rows ..."):
            cache[key] = training_rows(session_database(), table, rows)
    return cache[key]


def _detected_columns(frame: pd.DataFrame, key: tuple) -> dict[str, ColumnMetadata | None]:
    """Each column's detected metadata, or None for a column no generator can learn (empty, unsupported)."""
    from engines.core.metadata import CATEGORICAL, ColumnMetadata, TableMetadata  # noqa: PLC0415
    from engines.errors import InvalidDataError  # noqa: PLC0415

    cache: dict = st.session_state.setdefault("studio_detected", {})
    if key in cache:
        return cache[key]
    columns: dict[str, ColumnMetadata | None] = {}
    for column in frame.columns:
        try:
            columns[column] = (TableMetadata.detect(frame[[column]]).columns[column] if len(frame) >= 2
                               else ColumnMetadata(CATEGORICAL))
        except InvalidDataError:
            columns[column] = None
    cache.clear()
    cache[key] = columns
    return columns


def _example(values: pd.Series) -> str:
    present = values.dropna()
    return "" if present.empty else str(present.iloc[0])[:40]
