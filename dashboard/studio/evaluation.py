"""Score a synthetic table against the real one with engines.evaluation and keep the result as a StudioReport.

Each of the four checks runs on its own: a check that cannot run on this table (say, efficacy when the
synthetic rows hold a single class of the target) leaves a note for the page instead of losing the others."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from dashboard.i18n import Message, has_key
from dashboard.studio.report import ColumnDistribution, EfficacySummary, PrivacySummary, StudioReport
from engines.errors import EngineError

# Rows each check uses at most: enough for stable scores, small enough to score a generator in seconds on 2 cores.
EVALUATION_MAX_ROWS = 5_000
HISTOGRAM_BINS = 20
TOP_CATEGORIES = 10
MAX_DISTRIBUTION_COLUMNS = 24

StageCallback = Callable[[int, int, dict], object]


def evaluate_synthetic(
    report: StudioReport,
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    sdtypes: dict[str, str],
    target: str | None = None,
    on_stage: StageCallback | None = None,
    max_rows: int = EVALUATION_MAX_ROWS,
) -> StudioReport:
    """Fill ``report``'s scores and chart data: quality on ``train`` vs ``synthetic``, detection, efficacy on
    ``target`` (trained on ``train`` or ``synthetic``, tested on ``holdout``) and privacy (``synthetic`` and
    ``holdout`` distances to ``train``). ``on_stage(done, total, {})`` is called after each check. Returns
    ``report``."""
    from engines.evaluation import (  # noqa: PLC0415 - sklearn is imported only when something is scored
        EXPLANATIONS, association_matrices, detection_report, efficacy_report, privacy_report, quality_report,
    )

    started = time.perf_counter()
    column_types = dict(sdtypes)
    rng = np.random.default_rng(0)
    real = _cap(train, max_rows, rng)
    fake = _cap(synthetic, max_rows, rng)
    stages = 4
    report.n_synthetic_rows = len(synthetic)
    report.explanations = dict(EXPLANATIONS)

    def stage(done: int) -> None:
        if on_stage is not None:
            on_stage(done, stages, {})

    with _noted(report, "studio.check.quality"):
        quality = quality_report(real, fake, column_types)
        report.quality_score = quality.overall_score
        report.column_shapes_score = quality.column_shapes_score
        report.column_pair_trends_score = quality.column_pair_trends_score
        scores = dict(zip(quality.column_shapes["column"], zip(quality.column_shapes["metric"],
                                                                quality.column_shapes["score"])))
        report.distributions = [
            column_distribution(real[c], fake[c], column_types[c], *scores[c])
            for c in list(scores)[:MAX_DISTRIBUTION_COLUMNS]
        ]
        real_assoc, synthetic_assoc = association_matrices(quality)
        report.association_columns = [str(c) for c in real_assoc.columns]
        report.association_real = real_assoc.to_numpy(dtype=float).tolist()
        report.association_synthetic = synthetic_assoc.to_numpy(dtype=float).tolist()
    stage(1)
    with _noted(report, "studio.check.detection"):
        detection = detection_report(real, fake, column_types, max_rows=max_rows)
        report.detection_auc, report.detection_score = detection.auc, detection.score
    stage(2)
    if target:
        with _noted(report, "studio.check.efficacy"):
            efficacy = efficacy_report(real, fake, target, column_types, real_holdout=holdout, max_rows=max_rows)
            report.efficacy = EfficacySummary(efficacy.target, efficacy.task, efficacy.metric,
                                              efficacy.trtr_score, efficacy.tstr_score, efficacy.ratio)
    stage(3)
    with _noted(report, "studio.check.privacy"):
        privacy = privacy_report(real, fake, holdout, column_types, max_rows=max_rows)
        edges = np.histogram_bin_edges(np.r_[privacy.dcr_synthetic_to_train, privacy.dcr_holdout_to_train],
                                       bins=HISTOGRAM_BINS)
        report.privacy = PrivacySummary(
            privacy.median_dcr_synthetic, privacy.median_dcr_holdout, privacy.dcr_ratio, privacy.exact_copy_share,
            privacy.holdout_copy_share, privacy.membership_inference_auc, privacy.verdict, privacy.verdict_text,
            dcr_bin_edges=edges.tolist(),
            dcr_synthetic_share=_shares(np.histogram(privacy.dcr_synthetic_to_train, edges)[0]),
            dcr_holdout_share=_shares(np.histogram(privacy.dcr_holdout_to_train, edges)[0]),
        )
    stage(4)
    report.evaluation_seconds = time.perf_counter() - started
    return report


def column_distribution(real: pd.Series, synthetic: pd.Series, sdtype: str, metric: str, score: float
                        ) -> ColumnDistribution:
    """Shares of ``real`` and ``synthetic`` values in shared bins (numbers, dates: ``HISTOGRAM_BINS`` equal
    bins over the real 1st-99th percentile range, outliers counted in the end bins) or over the real data's
    ``TOP_CATEGORIES`` most frequent categories plus "other" (text, booleans)."""
    from engines.core.metadata import DATETIME, NUMERIC_SDTYPES  # noqa: PLC0415 - engines load when scoring

    name = str(real.name)
    if sdtype in NUMERIC_SDTYPES:
        temporal = sdtype == DATETIME
        real_values, synthetic_values = _as_numbers(real, temporal), _as_numbers(synthetic, temporal)
        low, high = np.nanpercentile(real_values, [1, 99]) if len(real_values) else (0.0, 1.0)
        if not high > low:
            low, high = float(np.nanmin(real_values)) - 0.5, float(np.nanmax(real_values)) + 0.5
        edges = np.linspace(low, high, HISTOGRAM_BINS + 1)
        counts = [np.histogram(np.clip(v, low, high), edges)[0] for v in (real_values, synthetic_values)]
        if temporal:
            stamps = pd.to_datetime(edges.astype("int64"))
            lower, upper = [s.isoformat() for s in stamps[:-1]], [s.isoformat() for s in stamps[1:]]
            labels = [s.strftime("%Y-%m-%d") for s in stamps[:-1]]
        else:
            lower, upper = edges[:-1].tolist(), edges[1:].tolist()
            labels = [f"{a:.4g} to {b:.4g}" for a, b in zip(lower, upper)]
        return ColumnDistribution(name, "temporal" if temporal else "numeric", metric, float(score), labels,
                                  _shares(counts[0]), _shares(counts[1]), lower, upper)
    real_text, synthetic_text = _as_labels(real), _as_labels(synthetic)
    top = real_text.value_counts().index[:TOP_CATEGORIES].tolist()
    labels = [*top, "(other)"] if real_text.nunique() > len(top) or not synthetic_text.isin(top).all() else top
    shares = []
    for values in (real_text, synthetic_text):
        counts = values.where(values.isin(top), "(other)").value_counts()
        shares.append(_shares(np.array([counts.get(label, 0) for label in labels])))
    return ColumnDistribution(name, "categorical", metric, float(score), labels, shares[0], shares[1])


def _as_numbers(values: pd.Series, temporal: bool) -> np.ndarray:
    if temporal:
        stamps = pd.to_datetime(values, errors="coerce", format="mixed")
        if getattr(stamps.dt, "tz", None) is not None:
            stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
        stamps = stamps.dropna().astype("datetime64[ns]")
        return stamps.to_numpy().astype("int64").astype("float64")
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return numbers[np.isfinite(numbers)]


def _as_labels(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "(missing)").astype(str)


def _shares(counts: np.ndarray) -> list[float]:
    total = counts.sum()
    return (counts / total).tolist() if total else [0.0] * len(counts)


def _cap(frame: pd.DataFrame, max_rows: int, rng: np.random.Generator) -> pd.DataFrame:
    if len(frame) <= max_rows:
        return frame.reset_index(drop=True)
    return frame.iloc[np.sort(rng.choice(len(frame), max_rows, replace=False))].reset_index(drop=True)


class _noted:
    """Run one check; an error becomes a note on the report instead of a failure. Notes are
    dashboard.i18n.Message values (English text, shown in the reader's language), ``check`` the catalogue key
    naming the check; an engine error's own key words it in either language."""

    def __init__(self, report: StudioReport, check: str) -> None:
        self.report, self.check = report, Message(check)

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None:
            return False
        if isinstance(error, EngineError):
            reason = Message(error.key, **error.values) if error.key and has_key(error.key) else str(error)
            self.report.notes.append(Message("studio.note.not_measured", check=self.check, error=reason))
        elif isinstance(error, (ValueError, TypeError, ArithmeticError)):
            self.report.notes.append(Message("studio.note.not_measured_here", check=self.check,
                                             error_type=type(error).__name__, error=str(error)))
        else:
            return False
        return True
