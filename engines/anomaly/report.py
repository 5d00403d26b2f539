"""The data of a risk-warning report, readable without scikit-learn or torch (the page shows it at once)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class RiskWarningReport:
    """The data of a risk-warning report: what was scored, the top flags with their drivers, the accounts behind
    them, and the detector comparison. JSON-able via `to_dict` / `from_dict`; rendered by the dashboard."""

    title: str
    period: str
    rows_scored: int
    threshold: float
    flagged_rows: int
    flags: list[dict[str, Any]]
    accounts: list[dict[str, Any]]
    driver_counts: list[dict[str, Any]]
    score_histogram: list[dict[str, float]]
    comparison: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-able data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RiskWarningReport:
        """Rebuild from `to_dict` output."""
        return cls(**data)
