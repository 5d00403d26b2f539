"""Keeping a session's work across reloads (see dashboard.recent_work): saving uploads and trained generators
as they are made, and the sidebar's "Recent work" list that reopens them in a new session."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.data import UploadResult
from dashboard.i18n import localised, number, t
from dashboard.recent_work import WorkItem
from dashboard.session import session_database, set_active_table, work_store, work_token

logger = logging.getLogger("aigc_lab.recent_work")

_REOPENED_KEY = "recent_work_reopened"


def keep_upload(file_name: str, result: UploadResult) -> None:
    """Keep the uploaded file so that it can be reopened after a reload (best effort: a full disk must not
    break the upload itself)."""
    if result.source_path is None:
        return
    try:
        work_store().save_upload(work_token(), file_name, result.source_path, result.table.label)
        st.session_state.setdefault(_REOPENED_KEY, set()).add(("upload", file_name))
    except OSError:
        logger.exception("Could not keep the upload %s", file_name)


def keep_trained_generators(models: list) -> None:
    """Keep each newly trained generator as the Studio's model zip (its report inside)."""
    from dashboard.studio.model_files import model_zip_bytes  # noqa: PLC0415 - torch loads only when needed

    for model in models:
        try:
            with st.spinner(t("recent.keeping", generator=model.report.generator)):
                item = work_store().save_model(work_token(), model.key,
                                               f"{model.report.generator} on {model.report.table}",
                                               model_zip_bytes(model.synthesizer, model.report))
            st.session_state.setdefault(_REOPENED_KEY, set()).add(("model", item.name))
        except OSError:
            logger.exception("Could not keep the model %s", model.key)


def recent_work_panel() -> None:
    """The sidebar's list of this link's kept work that is not open in this session, with Reopen buttons."""
    token = work_token()
    open_here = st.session_state.setdefault(_REOPENED_KEY, set())
    waiting = [item for item in work_store().items(token) if (item.kind, item.name) not in open_here]
    if not waiting:
        return
    hours = work_store().retention_seconds / 3600
    with st.expander(t("recent.title", count=len(waiting)), icon=":material/history:", expanded=True):
        st.caption(t("recent.caption", hours=number(hours, decimals=0)))
        for index, item in enumerate(waiting):
            key = "recent.reopen.table" if item.kind == "upload" else "recent.reopen.generator"
            if st.button(t(key, label=localised(item.label)), key=f"recent_work_{index}",
                         icon=":material/restore:", use_container_width=True):
                reopen(item)
                st.rerun()


def reopen(item: WorkItem) -> None:
    """Put a kept upload back into the session's database, or a kept generator back into the Studio."""
    opened = st.session_state.setdefault(_REOPENED_KEY, set())
    if item.kind == "upload":
        with item.path.open("rb") as stream:
            result = session_database().add_upload(item.name, stream, item.path.stat().st_size)
        set_active_table(result.table.sql_name)
    else:
        from dashboard.studio.model_files import read_model_zip  # noqa: PLC0415 - torch loads only when needed
        from dashboard.studio.state import studio_state  # noqa: PLC0415

        studio_state().add_imported(read_model_zip(item.path.read_bytes(), item.name), item.name)
    opened.add((item.kind, item.name))
