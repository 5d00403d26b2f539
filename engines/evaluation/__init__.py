"""Evaluation of synthetic tables: quality, detection, machine-learning efficacy and privacy.

Our own implementation (no SDMetrics/SDV at run time); the quality scores follow SDMetrics 0.32's
single-table QualityReport definitions. Every figure has a plain-language line in `EXPLANATIONS`.
Column types are the lab's one vocabulary (`engines.core.metadata`): a `TableMetadata` or `{column: sdtype}`
(SDMetrics' "numerical"/"ordinal" are read as ours); columns it does not name are detected, id columns skipped.
"""

from engines.evaluation.detection import DetectionResult, detection_report
from engines.evaluation.efficacy import EfficacyResult, efficacy_report
from engines.errors import InvalidDataError
from engines.evaluation.explanations import EXPLANATIONS
from engines.evaluation.privacy import PrivacyResult, privacy_report
from engines.evaluation.quality import (
    QualityResult,
    association_matrices,
    contingency_similarity,
    correlation_similarity,
    cramers_v,
    ks_complement,
    quality_report,
    tv_complement,
)

__all__ = [
    "EXPLANATIONS",
    "DetectionResult",
    "EfficacyResult",
    "InvalidDataError",
    "PrivacyResult",
    "QualityResult",
    "association_matrices",
    "contingency_similarity",
    "correlation_similarity",
    "cramers_v",
    "detection_report",
    "efficacy_report",
    "ks_complement",
    "privacy_report",
    "quality_report",
    "tv_complement",
]
