"""What the Studio knows about one trained generator: its scores and the data of every report chart.

A `StudioReport` is plain data (numbers, strings, small lists), so the same object is drawn in the page
(altair), written into the self-contained HTML export, saved as JSON for the shipped precomputed example, and
stored inside an exported model zip. `leaderboard` turns several reports into the comparison table."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from dashboard.i18n import current_language, number, translate
from dashboard.studio.labels import generator_name, preset_label, risk_label


@dataclass
class ColumnDistribution:
    """Real vs synthetic shares of one column: histogram bins (numbers, dates) or top categories (text).

    ``labels`` name the bins or categories; for numbers ``lower``/``upper`` hold the bin edges (dates as ISO
    text). ``metric``/``score`` are the column's shape score (KSComplement or TVComplement)."""

    column: str
    kind: str  # "numeric" | "temporal" | "categorical"
    metric: str
    score: float
    labels: list[str]
    real_share: list[float]
    synthetic_share: list[float]
    lower: list[Any] = field(default_factory=list)
    upper: list[Any] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        """Tidy rows ``label, lower, upper, source (Real|Synthetic), share`` for a chart."""
        parts = []
        for source, shares in (("Real", self.real_share), ("Synthetic", self.synthetic_share)):
            part = pd.DataFrame({"label": self.labels, "share": shares, "source": source,
                                 "order": range(len(self.labels))})
            if self.lower:
                part["lower"], part["upper"] = self.lower, self.upper
            parts.append(part)
        return pd.concat(parts, ignore_index=True)


@dataclass
class EfficacySummary:
    """Train-synthetic-test-real vs train-real-test-real on the user's target column."""

    target: str
    task: str
    metric: str
    trtr_score: float
    tstr_score: float
    ratio: float


@dataclass
class PrivacySummary:
    """Distance to closest record, exact copies and the membership-inference attack, plus a DCR histogram."""

    median_dcr_synthetic: float
    median_dcr_holdout: float
    dcr_ratio: float
    exact_copy_share: float
    holdout_copy_share: float
    membership_inference_auc: float
    verdict: str
    verdict_text: str
    dcr_bin_edges: list[float] = field(default_factory=list)
    dcr_synthetic_share: list[float] = field(default_factory=list)
    dcr_holdout_share: list[float] = field(default_factory=list)

    def histogram_frame(self) -> pd.DataFrame:
        """Tidy rows ``lower, upper, source, share`` of the two DCR distributions."""
        edges = self.dcr_bin_edges
        parts = [
            pd.DataFrame({"lower": edges[:-1], "upper": edges[1:], "share": shares, "source": source})
            for source, shares in (("Synthetic -> training", self.dcr_synthetic_share),
                                   ("Unseen real -> training", self.dcr_holdout_share))
        ]
        return pd.concat(parts, ignore_index=True)


@dataclass
class StudioReport:
    """Scores and chart data of one trained generator on one table (see the module docstring)."""

    key: str
    generator: str  # label shown to people, e.g. "Tabular GAN"
    kind: str  # registry name, e.g. "tabular_gan"
    preset: str
    table: str
    n_train_rows: int
    n_holdout_rows: int
    n_synthetic_rows: int
    fit_seconds: float
    evaluation_seconds: float = 0.0
    training_steps: int = 0
    stopped_early: bool = False
    quality_score: float = math.nan
    column_shapes_score: float = math.nan
    column_pair_trends_score: float = math.nan
    detection_auc: float = math.nan
    detection_score: float = math.nan
    efficacy: EfficacySummary | None = None
    privacy: PrivacySummary | None = None
    distributions: list[ColumnDistribution] = field(default_factory=list)
    association_columns: list[str] = field(default_factory=list)
    association_real: list[list[float]] = field(default_factory=list)
    association_synthetic: list[list[float]] = field(default_factory=list)
    loss_history: list[dict[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The evaluation engine's plain-language line for each figure, copied when scored, so a report (the shipped
    # example, an imported zip, the HTML export) explains itself without loading the engines.
    explanations: dict[str, str] = field(default_factory=dict)

    def explain(self, figure: str) -> str:
        """The engine's English explanation of ``figure`` (e.g. "overall_score"), or "" when unknown; pages show
        ``dashboard.studio.labels.explanation``, which words it in the reader's language."""
        return self.explanations.get(figure, "")

    @property
    def overall_score(self) -> float:
        """The figure the leaderboard ranks by: mean of quality, detection score and (when a target was
        given) the efficacy ratio capped at 1. Scores that could not be computed are left out."""
        parts = [self.quality_score, self.detection_score]
        if self.efficacy is not None:
            parts.append(min(max(self.efficacy.ratio, 0.0), 1.0))
        parts = [p for p in parts if p is not None and not math.isnan(p)]
        return sum(parts) / len(parts) if parts else math.nan

    @property
    def privacy_risk(self) -> str:
        """"low" | "medium" | "high", or "unknown" when privacy could not be measured."""
        return self.privacy.verdict if self.privacy is not None else "unknown"

    def association_difference(self) -> pd.DataFrame:
        """Tidy rows ``column_1, column_2, real, synthetic, difference`` (synthetic - real) for a heatmap."""
        names = self.association_columns
        rows = []
        for i, first in enumerate(names):
            for j, second in enumerate(names):
                real, synthetic = self.association_real[i][j], self.association_synthetic[i][j]
                difference = synthetic - real if _finite(real) and _finite(synthetic) else math.nan
                rows.append((first, second, real, synthetic, difference))
        return pd.DataFrame(rows, columns=["column_1", "column_2", "real", "synthetic", "difference"])

    def to_dict(self) -> dict:
        """A JSON-able dict (NaN written as None)."""
        return _nan_to_none(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> StudioReport:
        """Rebuild a report from ``to_dict`` output (raises KeyError/TypeError on a foreign dict)."""
        values = _none_to_nan(dict(data), cls)
        values["efficacy"] = EfficacySummary(**values["efficacy"]) if data.get("efficacy") else None
        values["privacy"] = PrivacySummary(**_none_to_nan(dict(data["privacy"]), PrivacySummary)) \
            if data.get("privacy") else None
        values["distributions"] = [ColumnDistribution(**d) for d in data.get("distributions", [])]
        values["association_real"] = _matrix(data.get("association_real", []))
        values["association_synthetic"] = _matrix(data.get("association_synthetic", []))
        return cls(**values)


# The ranking figure first, then what it is made of, then the cost.
LEADERBOARD_COLUMNS = [
    "Best", "Generator", "Overall", "Quality", "Detection", "ML efficacy", "Privacy risk", "Fit time (s)",
    "Preset",
]


def best_report(reports: list[StudioReport]) -> StudioReport | None:
    """The report with the highest ``overall_score`` among those whose privacy risk is not high (all of them
    when every one is high); None for an empty list."""
    scored = [r for r in reports if not math.isnan(r.overall_score)]
    if not scored:
        return None
    eligible = [r for r in scored if r.privacy_risk != "high"] or scored
    return max(eligible, key=lambda r: (r.overall_score, -r.fit_seconds))


def baseline_of(reports: list[StudioReport]) -> StudioReport | None:
    """The Gaussian copula's report among ``reports`` (the baseline every score is compared with), if any."""
    return next((r for r in reversed(reports) if "copula" in r.kind), None)


def leaderboard_headline(reports: list[StudioReport], language: str | None = None) -> str:
    """The leaderboard's finding in one plain sentence: which generator to use and how it compares with the
    Gaussian copula baseline, saying so when the simple baseline wins; "" when nothing could be scored."""
    language = language or current_language()
    best = best_report(reports)
    if best is None:
        return ""
    baseline = baseline_of(reports)
    usable = {"generator": generator_name(best.generator, best.kind, language),
              "overall": number(best.overall_score, 2, language), "risk": risk_label(best.privacy_risk, language)}
    if len(reports) == 1:
        return translate(language, "studio.headline.use", **usable)
    if baseline is None:
        return translate(language, "studio.headline.use_no_baseline", **usable)
    if best.key == baseline.key:
        others = [r for r in reports if r.key != baseline.key and not math.isnan(r.overall_score)]
        runner = max(others, key=lambda r: r.overall_score, default=None)
        overall = number(best.overall_score, 2, language)
        if runner is None:
            return translate(language, "studio.headline.baseline_wins", overall=overall)
        return translate(language, "studio.headline.baseline_wins_runner", overall=overall,
                         runner=generator_name(runner.generator, runner.kind, language),
                         runner_overall=number(runner.overall_score, 2, language))
    lead = best.overall_score - baseline.overall_score
    return translate(language, "studio.headline.use_with_lead", **usable, lead=f"{lead:+.2f}",
                     baseline=number(baseline.overall_score, 2, language))


def leaderboard(reports: list[StudioReport], language: str | None = None) -> pd.DataFrame:
    """One row per report, best first: fit time, quality, detection score, ML efficacy ratio, privacy risk,
    the overall score and a star on the best one (see ``best_report``). The column names are fixed codes (pages
    title them); the cells a person reads (star, generator, preset, risk) are in ``language``, by default the
    reader's."""
    language = language or current_language()
    best = best_report(reports)
    rows = [
        {
            "Best": translate(language, "studio.board.best_mark") if best is not None and report.key == best.key
            else "",
            "Generator": translate(language, "studio.board.stopped_early",
                                   generator=generator_name(report.generator, report.kind, language))
            if report.stopped_early else generator_name(report.generator, report.kind, language),
            "Preset": preset_label(report.preset, language),
            "Fit time (s)": round(report.fit_seconds, 1),
            "Quality": report.quality_score,
            "Detection": report.detection_score,
            "ML efficacy": report.efficacy.ratio if report.efficacy is not None else math.nan,
            "Privacy risk": risk_label(report.privacy_risk, language),
            "Overall": report.overall_score,
            "key": report.key,
        }
        for report in reports
    ]
    frame = pd.DataFrame(rows, columns=[*LEADERBOARD_COLUMNS, "key"])
    frame["_best"] = frame["Best"] != ""
    frame = frame.sort_values(["_best", "Overall"], ascending=False, na_position="last").drop(columns="_best")
    return frame.reset_index(drop=True)


def _finite(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def _nan_to_none(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _nan_to_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nan_to_none(v) for v in value]
    return value


def _none_to_nan(values: dict, cls: type) -> dict:
    # Float fields written as None (NaN in JSON is not portable) come back as NaN.
    float_fields = {name for name, spec in cls.__dataclass_fields__.items() if spec.type == "float"}
    return {k: (math.nan if v is None and k in float_fields else v) for k, v in values.items()}


def _matrix(rows: list[list[float | None]]) -> list[list[float]]:
    return [[math.nan if v is None else float(v) for v in row] for row in rows]
