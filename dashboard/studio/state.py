"""The Studio's per-session state: the running job, every generator trained or imported in this session, and
the last sample. It lives in ``st.session_state`` (never in module globals), so it survives page switches and
is released with the session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from dashboard.job_view import submit_job
from dashboard.jobs import BackgroundJob
from dashboard.session import session_database
from dashboard.studio.report import StudioReport
from dashboard.studio.sampling import SampleOutput
from dashboard.studio.training import TrainedGenerator, TrainingData, finished_generators

if TYPE_CHECKING:  # model_files imports torch; the page must open without it
    from dashboard.studio.model_files import ImportedModel

STATE_KEY = "studio"


@dataclass
class StudioState:
    """Everything the Studio keeps for one browser session."""

    trained: list[TrainedGenerator] = field(default_factory=list)
    imported: list[TrainedGenerator] = field(default_factory=list)
    job: BackgroundJob | None = None
    job_data: TrainingData | None = None
    job_collected: bool = True
    messages: list[str] = field(default_factory=list)
    sample_job: BackgroundJob | None = None
    sample: SampleOutput | None = None
    sample_count: int = 0
    newly_collected: list[TrainedGenerator] = field(default_factory=list)

    @property
    def training_running(self) -> bool:
        """True while a training job waits in the queue or runs."""
        return self.job is not None and self.job.is_running

    def models(self) -> list[TrainedGenerator]:
        """Every generator that can sample: trained in this session first (newest first), then imported."""
        return [*reversed(self.trained), *reversed(self.imported)]

    def model(self, key: str) -> TrainedGenerator | None:
        """The trained or imported generator with this key."""
        return next((m for m in self.models() if m.key == key), None)

    def datasets(self) -> list[TrainingData]:
        """The distinct data sets generators were trained on, newest first."""
        seen: dict[str, TrainingData] = {}
        for model in reversed(self.trained):
            if model.data is not None and model.data.key not in seen:
                seen[model.data.key] = model.data
        return list(seen.values())

    def reports_for(self, data_key: str) -> list[StudioReport]:
        """The reports of generators trained on the data set ``data_key``, in training order."""
        return [m.report for m in self.trained if m.data is not None and m.data.key == data_key]

    def start_training(self, job: BackgroundJob, data: TrainingData) -> None:
        """Keep ``job`` (already built) and start it; results are collected by ``collect_finished_job``."""
        self.job, self.job_data, self.job_collected, self.messages = job, data, False, []
        submit_job(job)

    def add_imported(self, imported: ImportedModel, file_name: str) -> TrainedGenerator:
        """Add a generator loaded from a model zip (an upload or recent work) to the ones to sample from."""
        report = imported.report or _bare_report(imported.synthesizer, file_name)
        report.key = f"imported-{len(self.imported) + 1}-{report.key}"
        model = TrainedGenerator(imported.synthesizer, report, None)
        self.imported.append(model)
        return model

    def collect_finished_job(self) -> bool:
        """Move a finished job's generators into ``trained`` (once); True when something was collected."""
        if self.job is None or self.job_collected or self.job.is_running:
            return False
        trained, self.messages = finished_generators(self.job.snapshot())
        self.trained.extend(trained)
        self.job_collected = True
        self.newly_collected = trained
        return True

    def sample_folder(self) -> Path:
        """A new folder for the next sample inside the session's private folder (deleted with the session);
        the previous sample's files are removed."""
        root = session_database().work_dir / "studio"
        if self.sample is not None:
            shutil.rmtree(self.sample.csv_path.parent, ignore_errors=True)
        self.sample_count += 1
        return root / f"sample-{self.sample_count}"


def studio_state() -> StudioState:
    """This session's Studio state, created on first use."""
    if STATE_KEY not in st.session_state:
        st.session_state[STATE_KEY] = StudioState()
    return st.session_state[STATE_KEY]


def _bare_report(synthesizer, file_name: str) -> StudioReport:
    """A report for a model zip that came without one: what the model itself says about its training."""
    return StudioReport(
        key=synthesizer.kind, generator=synthesizer.label, kind=synthesizer.kind,
        preset=str(getattr(synthesizer, "preset", None) or "custom"), table=Path(file_name).stem,
        n_train_rows=int(getattr(synthesizer, "n_rows_seen_", 0)), n_holdout_rows=0, n_synthetic_rows=0,
        fit_seconds=float(getattr(synthesizer, "fit_seconds_", 0.0)),
    )
