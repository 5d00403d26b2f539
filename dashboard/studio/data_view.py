"""Step 1 of the Studio: which table, which rows and columns, each column's type, and the optional target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from dashboard.data.studio_queries import training_rows
from dashboard.i18n import current_language, t
from dashboard.session import session_database
from dashboard.studio.labels import sdtype_label
from dashboard.table_widgets import table_description, table_picker, upload_widget

if TYPE_CHECKING:  # engines.core pulls in torch: loaded when the Studio draws this step
    from engines.core.metadata import ColumnMetadata, TableMetadata

DEFAULT_TRAINING_ROWS = 5_000
MAX_TRAINING_ROWS = 100_000
NO_TARGET = "(none)"
_FRAMES_KEY = "studio_frames"


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
    with st.expander(t("studio.data.upload"), icon=":material/upload_file:",
                     expanded=not any(info.source == "upload" for info in database.tables())):
        upload_widget(key="studio_upload")
    table = table_picker(t("studio.data.table"), key="studio_table")
    if table is None:
        return None
    info = database.table(table)
    total = database.row_count(table)
    left, right = st.columns([1, 2])
    rows = left.number_input(
        t("studio.data.rows"), min_value=min(total, 1), max_value=max(min(total, MAX_TRAINING_ROWS), 1),
        value=max(min(total, DEFAULT_TRAINING_ROWS), min(total, 1)), step=1_000, key=f"studio_rows_{table}",
        help=t("studio.data.rows_help"),
    )
    right.caption(t("studio.data.rows_caption", description=table_description(info), total=total,
                    rows=min(int(rows), total)))
    frame = _training_frame(table, info.version, int(rows))
    detected = _detected_columns(frame, (table, info.version, int(rows)))
    # The type column shows the types' names in the reader's language; they are mapped back to the engines'
    # codes below (the editor's options are its values: it has no format function).
    type_names = {sdtype: sdtype_label(sdtype) for sdtype in SDTYPES}
    type_codes = {name: sdtype for sdtype, name in type_names.items()}
    editor = pd.DataFrame({
        "learn": [detected[c] is not None for c in frame.columns],
        "column": list(frame.columns),
        "type": [type_names[detected[c].sdtype if detected[c] else CATEGORICAL] for c in frame.columns],
        "example": [_example(frame[c]) for c in frame.columns],
    })
    st.markdown(t("studio.data.columns_title"))
    edited = st.data_editor(
        editor, key=f"studio_types_{table}_{info.version}_{current_language()}", hide_index=True, width="stretch",
        disabled=["column", "example"], num_rows="fixed",
        column_config={
            "learn": st.column_config.CheckboxColumn(t("studio.data.learn"), help=t("studio.data.learn_help")),
            "column": st.column_config.TextColumn(t("studio.data.column")),
            "type": st.column_config.SelectboxColumn(t("studio.data.type"), options=list(type_names.values()),
                                                     required=True, help=t("studio.data.type_help")),
            "example": st.column_config.TextColumn(t("studio.data.example")),
        },
    )
    unusable = [c for c in frame.columns if detected[c] is None]
    if unusable:
        st.caption(t("studio.data.left_out", columns=", ".join(unusable)))
    chosen = edited[edited["learn"].fillna(False).astype(bool)]
    # The detected metadata, edited: a datetime column that stays a datetime keeps its detected text format.
    metadata = TableMetadata({c: detected[c] or ColumnMetadata(CATEGORICAL) for c in chosen["column"]})
    for column, name in zip(chosen["column"], chosen["type"]):
        metadata.update_column(column, sdtype=type_codes.get(name, CATEGORICAL))
    targets = [NO_TARGET, *[c for c, s in metadata.sdtypes.items() if s != ID]]
    # Words a format function shows are looked up here, in the run: Streamlit may call it outside the run.
    shown = {NO_TARGET: t("studio.data.no_target")}
    target = st.selectbox(
        t("studio.data.target"), targets, key=f"studio_target_{table}",
        format_func=lambda name: shown.get(name, name),
        help=t("studio.data.target_help"),
    )
    chosen_target = None if target == NO_TARGET else target
    return DataChoice(table, frame[list(metadata.columns)], metadata, chosen_target, total)


def _training_frame(table: str, version: int, rows: int) -> pd.DataFrame:
    # Per session (uploads are private), keyed by the table's version so a re-upload is read again.
    cache: dict = st.session_state.setdefault(_FRAMES_KEY, {})
    key = (table, version, rows)
    if key not in cache:
        cache.clear()
        with st.spinner(t("studio.data.reading")):
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
