"""Step 5 of the Studio: sample rows from a trained or imported generator, download them (CSV, Parquet),
download the generator as a zip, and upload a saved zip to sample from it again."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.i18n import error_text, localised, number, t
from dashboard.jobs import BackgroundJob
from dashboard.studio.labels import generator_name, preset_label
from dashboard.tables import show_table
from dashboard.studio.sampling import (
    MAX_SAMPLE_ROWS, check_sample_size, conditionable_columns, parse_conditions, sample_to_files,
)
from dashboard.studio.state import StudioState
from dashboard.studio.training import TrainedGenerator

# Up to this many rows are generated while the page waits; more run in the background with a progress bar.
INLINE_SAMPLE_ROWS = 100_000
_IMPORTS_KEY = "studio_imports"


def _model_label(model: TrainedGenerator) -> str:
    values = {"generator": generator_name(model.report.generator, model.report.kind),
              "preset": preset_label(model.report.preset)}
    if model.data is None:
        return t("studio.sample.model_imported", **values)
    return t("studio.sample.model", table=model.report.table, **values)


def sample_section(state: StudioState) -> None:
    """Model picker, number of rows, seed and conditions; the sample's preview and download buttons."""
    models = state.models()
    keys = [m.key for m in models]
    key = st.selectbox(t("studio.sample.generator"), keys, key="studio_sample_model",
                       format_func={k: _model_label(state.model(k)) for k in keys}.get)
    model = state.model(key)
    with st.form("studio_sample"):
        left, middle, right = st.columns(3)
        n_rows = left.number_input(t("studio.sample.rows"), min_value=1, max_value=MAX_SAMPLE_ROWS,
                                   value=min(model.report.n_train_rows or 1_000, MAX_SAMPLE_ROWS), step=1_000,
                                   key="studio_sample_rows", help=t("studio.sample.rows_help", maximum=MAX_SAMPLE_ROWS))
        seed = middle.number_input(t("studio.train.seed"), min_value=0, max_value=2**31 - 1, value=0,
                                   key="studio_sample_seed", help=t("studio.sample.seed_help"))
        options = conditionable_columns(model.synthesizer)
        right.caption(t("studio.sample.conditions"))
        conditions = st.data_editor(
            pd.DataFrame({"column": pd.Series([], dtype="object"), "value": pd.Series([], dtype="object")}),
            num_rows="dynamic", key=f"studio_conditions_{key}", hide_index=True, width="stretch",
            column_config={"column": st.column_config.SelectboxColumn(t("studio.data.column"), options=options),
                           "value": st.column_config.TextColumn(t("studio.sample.value"))},
        )
        submitted = st.form_submit_button(t("studio.sample.submit"), type="primary", icon=":material/auto_awesome:",
                                          disabled=state.sample_job is not None and state.sample_job.is_running)
    if submitted:
        parsed = parse_conditions(model.synthesizer, list(conditions.itertuples(index=False, name=None)))
        _start_sample(state, model, check_sample_size(int(n_rows)), parsed, int(seed))
    _sample_progress(state)
    _sample_result(state)


def _start_sample(state: StudioState, model: TrainedGenerator, n_rows: int, conditions: dict, seed: int) -> None:
    folder = state.sample_folder()

    def work(report):
        return sample_to_files(model.synthesizer, n_rows, folder, conditions, seed, model.key, report)

    # Sampling takes seconds, so it does not wait behind other people's trainings in the queue.
    job = BackgroundJob([(f"Sample {n_rows:,} rows", work)]).start()
    if n_rows <= INLINE_SAMPLE_ROWS:
        with st.spinner(t("studio.sample.generating", count=n_rows)):
            job.wait()
    state.sample_job = job
    state.sample = None
    _collect_sample(state)


def _collect_sample(state: StudioState) -> None:
    job = state.sample_job
    if job is None or job.is_running:
        return
    step = job.snapshot()[0]
    state.sample_job = None
    if step.state == "failed":
        st.error(t("studio.sample.failed", error=localised(step.error)), icon=":material/error:")
    elif step.result is not None:
        state.sample = step.result


def _sample_progress(state: StudioState) -> None:
    if state.sample_job is None:
        return

    def draw() -> None:
        job = state.sample_job
        if job is None or not job.is_running:
            st.rerun()
        step = job.snapshot()[0]
        if step.eta_seconds is not None:
            text = t("studio.sample.progress_eta", written=step.step, total=step.total,
                     seconds=round(step.eta_seconds))
        else:
            text = t("studio.sample.progress", written=step.step, total=step.total)
        st.progress(job.fraction, text=text)
        st.button(t("studio.sample.stop"), on_click=job.cancel, key="studio_sample_cancel",
                  help=t("studio.sample.stop_help"))

    if state.sample_job.is_running:
        st.fragment(run_every=0.5, key="studio_sample_job")(draw)()
    else:
        _collect_sample(state)


def _sample_result(state: StudioState) -> None:
    sample = state.sample
    if sample is None or not sample.csv_path.exists():
        return
    conditions = ", ".join(f"{c} = {v!r}" for c, v in sample.conditions.items()) or t("studio.sample.no_conditions")
    st.success(t("studio.sample.done", count=sample.rows, seconds=number(sample.seconds, 1), conditions=conditions,
                 seed=str(sample.seed), shown=len(sample.preview)), icon=":material/check_circle:")
    show_table(sample.preview, height=260, key="studio_sample_preview")
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(t("studio.sample.download_csv"), data=_file_reader(sample.csv_path),
                         file_name="synthetic_rows.csv", mime="text/csv", on_click="ignore",
                         icon=":material/download:", key="studio_csv", help=t("studio.sample.download_csv_help"))
    right.download_button(t("studio.sample.download_parquet"), data=_file_reader(sample.parquet_path),
                          file_name="synthetic_rows.parquet", mime="application/vnd.apache.parquet",
                          on_click="ignore", icon=":material/download:", key="studio_parquet")


def _file_reader(path: Path):
    return lambda: path.read_bytes()


def model_download(model: TrainedGenerator) -> None:
    """A button that zips the generator's saved folder when clicked."""
    from dashboard.studio.model_files import model_zip_bytes  # noqa: PLC0415 - torch loads only when needed

    st.download_button(
        t("studio.model.download", generator=generator_name(model.report.generator, model.report.kind)),
        icon=":material/deployed_code:",
        data=lambda: model_zip_bytes(model.synthesizer, model.report), on_click="ignore",
        file_name=f"{model.report.kind}-{model.report.table.replace('.', '_')}.zip", mime="application/zip",
        key=f"studio_model_zip_{model.key}",
        help=t("studio.model.download_help"),
    )


def model_upload(state: StudioState) -> None:
    """Upload a zip saved by the Studio; a valid one joins the generators to sample from, a bad one gets a
    message saying what is wrong (nothing already trained is touched)."""
    from dashboard.studio.model_files import MODEL_ZIP_MAX_BYTES, read_model_zip  # noqa: PLC0415 - loads torch
    from engines.errors import EngineError  # noqa: PLC0415

    uploaded = st.file_uploader(t("studio.model.upload"), type=["zip"], key="studio_model_upload",
                                max_upload_size=MODEL_ZIP_MAX_BYTES // 2**20, help=t("studio.model.upload_help"))
    if uploaded is None:
        return
    outcomes: dict = st.session_state.setdefault(_IMPORTS_KEY, {})
    if uploaded.file_id not in outcomes:
        try:
            imported = read_model_zip(uploaded.getvalue(), uploaded.name)
        except EngineError as error:
            outcomes[uploaded.file_id] = error
        else:
            model = state.add_imported(imported, uploaded.name)
            outcomes[uploaded.file_id] = (model.key, imported.notes)
            st.rerun()  # once, so the sampling section above lists the new generator
    outcome = outcomes[uploaded.file_id]
    if isinstance(outcome, EngineError):
        st.error(error_text(outcome), icon=":material/error:")
        return
    model = state.model(outcome[0])
    st.success(t("studio.model.loaded", file=uploaded.name,
                 generator=generator_name(model.report.generator, model.report.kind), table=model.report.table,
                 picker=t("studio.sample.generator")), icon=":material/check_circle:")
    for note in outcome[1]:
        st.info(localised(note), icon=":material/info:")


