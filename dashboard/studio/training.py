"""From the analyst's table and choices to a background job that trains and scores each generator.

`prepare_training_data` checks the choices (enough rows, some columns, a usable target, types that fit the
values) and splits the rows into a training part and a holdout the generators never see (efficacy is tested
on it, privacy compares with it). `training_job` builds a `BackgroundJob` with two steps per generator: train
(progress and losses from the engine's ``on_progress``) and score (the four checks). `finished_generators`
collects what a job produced."""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dashboard.i18n import Message, t
from dashboard.jobs import BackgroundJob, FinishingStep, JobStep
from dashboard.studio.evaluation import EVALUATION_MAX_ROWS, evaluate_synthetic
from dashboard.studio.generators import build_synthesizer, expected_seconds
from dashboard.studio.labels import generator_message, keyed_error
from dashboard.studio.report import StudioReport
from engines.errors import InvalidDataError

MIN_TRAINING_ROWS = 50
# Job steps are named "<prefix><generator label>": the names are codes the panel words in the reader's language.
TRAIN_STEP_PREFIX, SCORE_STEP_PREFIX = "Train ", "Score "
HOLDOUT_SHARE = 0.2
_run_numbers = itertools.count(1)


@dataclass
class TrainingData:
    """The real rows a run learns from, split once, with the column types and the optional target."""

    table: str
    train: pd.DataFrame
    holdout: pd.DataFrame
    sdtypes: dict[str, str]
    target: str | None = None
    key: str = ""  # same table, columns, types, target and rows -> same key: results are comparable

    @property
    def label(self) -> str:
        """How pickers name this data set in the reader's language, e.g. 'bank.customers · 11 columns · 8,000
        training rows'."""
        values = {"table": self.table, "columns": len(self.sdtypes), "rows": len(self.train)}
        if self.target:
            return t("studio.data.label_with_target", target=self.target, **values)
        return t("studio.data.label", **values)


@dataclass
class GeneratorSpec:
    """One generator to train: its registry kind, label, preset and advanced overrides (None = preset's)."""

    kind: str
    label: str
    preset: str
    overrides: dict[str, Any] = field(default_factory=dict)
    seed: int = 0


@dataclass
class TrainedGenerator:
    """A fitted generator with its report and the data it learnt from (shared, not copied)."""

    synthesizer: Any
    report: StudioReport
    data: TrainingData | None = None

    @property
    def key(self) -> str:
        """The report's unique key."""
        return self.report.key


def prepare_training_data(
    frame: pd.DataFrame,
    table: str,
    sdtypes: dict[str, str],
    target: str | None = None,
    holdout_share: float = HOLDOUT_SHARE,
    seed: int = 0,
) -> TrainingData:
    """Check the analyst's choices and split ``frame`` (already limited to the chosen columns) into training
    and holdout rows. Raises InvalidDataError with what to change: no columns, fewer than
    ``MIN_TRAINING_ROWS`` rows, a target that is not a chosen column or holds one value, only id columns, or
    a column whose values do not fit its type."""
    from engines.core.metadata import TableMetadata  # noqa: PLC0415 - torch loads only when training

    if frame.shape[1] == 0 or not sdtypes:
        raise keyed_error(InvalidDataError, "studio.error.no_columns")
    if len(frame) < MIN_TRAINING_ROWS:
        raise keyed_error(InvalidDataError, "studio.error.too_few_rows", rows=len(frame), minimum=MIN_TRAINING_ROWS)
    if all(sdtype == "id" for sdtype in sdtypes.values()):
        raise keyed_error(InvalidDataError, "studio.error.only_ids")
    if target is not None:
        if target not in frame.columns:
            raise keyed_error(InvalidDataError, "studio.error.target_not_included", target=repr(target))
        values = frame[target].dropna()
        if values.nunique() < 2:
            if len(values):
                raise keyed_error(InvalidDataError, "studio.error.target_single_value", target=repr(target),
                                  value=repr(values.iloc[0]))
            raise keyed_error(InvalidDataError, "studio.error.target_empty", target=repr(target))
        if sdtypes.get(target) == "id":
            raise keyed_error(InvalidDataError, "studio.error.target_is_id", target=repr(target))
    TableMetadata(sdtypes).validate(frame)

    rng = np.random.default_rng(seed)
    order = rng.permutation(len(frame))
    n_holdout = max(int(round(len(frame) * holdout_share)), 10)
    holdout = frame.iloc[np.sort(order[:n_holdout])].reset_index(drop=True)
    train = frame.iloc[np.sort(order[n_holdout:])].reset_index(drop=True)
    return TrainingData(table, train, holdout, dict(sdtypes), target, _data_key(table, frame, sdtypes, target))


def training_job(data: TrainingData, specs: list[GeneratorSpec]) -> BackgroundJob:
    """A (not yet started) job with a "Train <label>" and a "Score <label>" step per generator; the score
    step's result is a `TrainedGenerator`."""
    steps, expected = [], 0.0
    for spec in specs:
        expected += expected_seconds(spec.kind, spec.preset, len(data.train), len(data.sdtypes), spec.overrides)
        fitted: dict[str, Any] = {}
        steps.append((TRAIN_STEP_PREFIX + spec.label, _fit_work(data, spec, fitted)))
        # Scored even after a Cancel: a generator stopped early keeps its best weights, and is shown as such.
        steps.append((SCORE_STEP_PREFIX + spec.label, FinishingStep(_score_work(data, spec, fitted))))
    return BackgroundJob(steps, expected_seconds=expected)


def finished_generators(steps: list[JobStep]) -> tuple[list[TrainedGenerator], list[str]]:
    """The generators a finished job trained and scored, and a message for each one it did not (each a
    dashboard.i18n.Message: its English text, shown in the reader's language by ``localised``)."""
    trained, messages = [], []
    for train_step, score_step in zip(steps[::2], steps[1::2]):
        label = generator_message(train_step.name.removeprefix(TRAIN_STEP_PREFIX))
        if score_step.state == "done" and isinstance(score_step.result, TrainedGenerator):
            trained.append(score_step.result)
            if score_step.result.report.stopped_early:
                messages.append(Message("studio.message.stopped_early", generator=label,
                                        count=score_step.result.report.training_steps))
        elif train_step.state == "failed":
            messages.append(Message("studio.message.not_trained_error", generator=label, error=train_step.error))
        elif score_step.state == "failed":
            messages.append(Message("studio.message.not_scored", generator=label, error=score_step.error))
        elif train_step.state == "cancelled" and train_step.started_at is None:
            messages.append(Message("studio.message.cancelled_before_turn", generator=label))
        elif "cancelled" in (train_step.state, score_step.state):
            messages.append(Message("studio.message.stopped_before_first_step", generator=label))
    return trained, messages


def _fit_work(data: TrainingData, spec: GeneratorSpec, fitted: dict):
    def work(report) -> Any:
        synthesizer = build_synthesizer(spec.kind, spec.preset, spec.overrides, spec.seed)
        synthesizer.fit(data.train, metadata={"columns": {c: {"sdtype": s} for c, s in data.sdtypes.items()}},
                        on_progress=report)
        fitted["synthesizer"] = synthesizer
        return synthesizer

    return work


def _score_work(data: TrainingData, spec: GeneratorSpec, fitted: dict):
    def work(report) -> TrainedGenerator | None:
        synthesizer = fitted.get("synthesizer")
        if synthesizer is None or (synthesizer.cancelled_ and synthesizer.training_steps_ == 0):
            report(1, 1, {})
            return None
        report(0, 5, {})
        synthetic = synthesizer.sample(min(len(data.train), EVALUATION_MAX_ROWS), seed=spec.seed)
        report(1, 5, {})
        studio_report = StudioReport(
            key=f"{spec.kind}-{spec.preset}-{next(_run_numbers)}",
            generator=spec.label,
            kind=spec.kind,
            preset=spec.preset,
            table=data.table,
            n_train_rows=len(data.train),
            n_holdout_rows=len(data.holdout),
            n_synthetic_rows=len(synthetic),
            fit_seconds=float(getattr(synthesizer, "fit_seconds_", 0.0)),
            training_steps=int(getattr(synthesizer, "training_steps_", 0)),
            stopped_early=bool(getattr(synthesizer, "cancelled_", False)),
            loss_history=[dict(r) for r in getattr(synthesizer, "loss_history_", [])],
        )
        evaluate_synthetic(studio_report, data.train, data.holdout, synthetic, data.sdtypes, data.target,
                           on_stage=lambda done, total, losses: report(1 + done, 1 + total, losses))
        return TrainedGenerator(synthesizer, studio_report, data)

    return work


def _data_key(table: str, frame: pd.DataFrame, sdtypes: dict[str, str], target: str | None) -> str:
    digest = hashlib.sha256(json.dumps([table, sdtypes, target], sort_keys=True).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:16]
