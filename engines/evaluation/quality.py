"""Quality: how closely synthetic columns and column pairs follow the real ones.

Same definitions as SDMetrics 0.32's single-table `QualityReport` (checked against its source):

- Column Shapes: KSComplement (1 - two-sample KS statistic, floats rounded to 14 decimals) for numerical
  and datetime columns, TVComplement (1 - total variation distance of category shares) for categorical,
  ordinal and boolean columns. Missing values are dropped per column. Property = mean over columns.
- Column Pair Trends: CorrelationSimilarity (1 - |rho_real - rho_syn| / 2, Pearson on pairwise-complete rows)
  for two continuous columns; ContingencySimilarity (1 - total variation distance of the joint frequency
  table, missing values kept as their own category) otherwise. In a mixed pair the continuous column is cut
  into `np.histogram_bin_edges` 10 equal-width bins computed separately on the real and on the synthetic data,
  and bin *numbers* are compared; `np.digitize` puts the maximum and missing values together in bin 11.
  A pair counts towards the property only if the real data show a relationship: |rho_real| > 0.5 for
  correlation pairs, Cramer's V (no continuity correction) > 0.3 for contingency pairs. Contingency pairs
  are computed on at most 50,000 rows of each table when either table is larger (SDMetrics draws an
  unseeded sample per pair; we draw one seeded sample for all pairs). Property = mean over counted pairs,
  NaN when none counts.
- Overall = mean of the two property scores, ignoring a NaN one.

Where we differ on purpose (scores agree to ~1e-15 otherwise; see tests/engines/evaluation):
- SDMetrics leaves below-threshold pairs without a score; we score every pair (for the heatmap) and flag
  which ones count, so the property score is the same.
- A pandas categorical column with categories that never occur makes SDMetrics' chi-square fail and drop
  the pair; we compute Cramer's V on the categories that occur.
- When the real column is a pandas categorical and the synthetic one plain objects, SDMetrics' index union
  fails to match their missing-value cells and counts them twice; we treat missing values alike.
- Infinite numbers count as missing.

Vectorised: one sort + `searchsorted` per continuous column, one `np.bincount` per column and per pair,
one pairwise-complete correlation matrix for all continuous pairs.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engines.core.metadata import CONTINUOUS, DATETIME, DISCRETE_SDTYPES, NUMERIC_SDTYPES
from engines.evaluation._metadata import continuous_values, resolve_column_types
from engines.errors import InvalidDataError, InvalidParameterError

KS_COMPLEMENT = "KSComplement"
TV_COMPLEMENT = "TVComplement"
CORRELATION_SIMILARITY = "CorrelationSimilarity"
CONTINGENCY_SIMILARITY = "ContingencySimilarity"

NUM_DISCRETE_BINS = 10
NUM_ROWS_SUBSAMPLE = 50_000
REAL_CORRELATION_THRESHOLD = 0.5
REAL_ASSOCIATION_THRESHOLD = 0.3
# SDMetrics rounds floats to sys.float_info.dig - 1 decimals before the KS test, so float noise makes no gap.
_KS_DECIMALS = 14
# Above this many cells a dense bincount of a pair's joint table would cost too much memory.
_MAX_DENSE_CELLS = 4_000_000


@dataclass(frozen=True)
class QualityResult:
    """Scores of `quality_report`, ready to render.

    `column_shapes` has columns `column, sdtype, metric, score`. `column_pair_trends` has `column_1, column_2,
    metric, score, real_correlation, synthetic_correlation, real_association, synthetic_association,
    meets_threshold`: a score is given for every pair, but only pairs with `meets_threshold` count towards
    `column_pair_trends_score`. Correlations are Pearson's rho (continuous pairs), associations Cramer's V.
    """

    overall_score: float
    column_shapes_score: float
    column_pair_trends_score: float
    column_shapes: pd.DataFrame
    column_pair_trends: pd.DataFrame
    column_types: dict[str, str] = field(default_factory=dict)

    @property
    def property_scores(self) -> dict[str, float]:
        """The two property scores by their report names."""
        return {
            "Column Shapes": self.column_shapes_score,
            "Column Pair Trends": self.column_pair_trends_score,
        }


def quality_report(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    metadata: Mapping | None = None,
    *,
    num_rows_subsample: int | None = NUM_ROWS_SUBSAMPLE,
    real_correlation_threshold: float = REAL_CORRELATION_THRESHOLD,
    real_association_threshold: float = REAL_ASSOCIATION_THRESHOLD,
    random_state: int = 0,
) -> QualityResult:
    """Score how well `synthetic` reproduces the column shapes and column pair trends of `real`.

    `metadata` gives column types (`engines.core.metadata`; see `resolve_column_types`; others are detected);
    id columns are skipped. The thresholds and the subsample size default to SDMetrics 0.32's
    (`num_rows_subsample=None` uses every row). Raises `InvalidDataError` for empty or mismatched tables.
    """
    for name, threshold in (("real_correlation_threshold", real_correlation_threshold),
                            ("real_association_threshold", real_association_threshold)):
        if not 0 <= threshold <= 1:
            raise InvalidParameterError(f"{name} must be between 0 and 1, got {threshold!r}.",
                                        key="engine.quality.bad_threshold", name=name,
                                        threshold=repr(threshold))
    if num_rows_subsample is not None and num_rows_subsample < 1:
        raise InvalidParameterError(
            f"num_rows_subsample must be a positive number of rows or None, got {num_rows_subsample!r}.",
            key="engine.quality.bad_subsample", num_rows_subsample=repr(num_rows_subsample)
        )
    column_types = resolve_column_types(real, synthetic, metadata)
    columns = [
        _prepare_column(name, sdtype, real[name], synthetic[name])
        for name, sdtype in column_types.items()
        if sdtype in NUMERIC_SDTYPES or sdtype in DISCRETE_SDTYPES
    ]
    if not columns:
        raise InvalidDataError("No column to evaluate: every column is an id column.",
                               key="engine.quality.no_column")

    shapes = pd.DataFrame(
        {
            "column": [c.name for c in columns],
            "sdtype": [c.sdtype for c in columns],
            "metric": [KS_COMPLEMENT if c.is_continuous else TV_COMPLEMENT for c in columns],
            "score": [c.shape_score() for c in columns],
        }
    )
    rows = _subsample_rows(len(real), len(synthetic), num_rows_subsample, random_state)
    pairs = _pair_trends(columns, rows, real_correlation_threshold, real_association_threshold)

    shapes_score = float(shapes["score"].mean())
    counted = pairs.loc[pairs["meets_threshold"], "score"]
    pairs_score = float(counted.mean()) if len(counted) else float("nan")
    property_scores = [s for s in (shapes_score, pairs_score) if not np.isnan(s)]
    overall = float(np.mean(property_scores)) if property_scores else float("nan")
    return QualityResult(overall, shapes_score, pairs_score, shapes, pairs, column_types)


def association_matrices(result: QualityResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Real and synthetic association matrices over the scored columns, for a difference heatmap.

    Each cell is Pearson's rho for two continuous columns (-1..1) or Cramer's V otherwise (0..1, continuous
    columns binned as in the report); the diagonal is 1 and a cell is NaN where the measure is undefined
    (e.g. a constant column). `synthetic - real` shows where relationships were lost or invented.
    """
    names = list(result.column_shapes["column"])
    pairs = result.column_pair_trends
    is_correlation = (pairs["metric"] == CORRELATION_SIMILARITY).to_numpy()
    index_1 = [names.index(c) for c in pairs["column_1"]]
    index_2 = [names.index(c) for c in pairs["column_2"]]
    matrices = []
    for side in ("real", "synthetic"):
        values = np.where(is_correlation, pairs[f"{side}_correlation"], pairs[f"{side}_association"])
        array = np.eye(len(names))
        array[index_1, index_2] = values
        array[index_2, index_1] = values
        matrices.append(pd.DataFrame(array, index=names, columns=names))
    real, synthetic = matrices
    return real, synthetic


# --- single metrics (the report uses the same arithmetic on prepared arrays) ---------------------------


def ks_complement(real: pd.Series, synthetic: pd.Series) -> float:
    """1 - the two-sample Kolmogorov-Smirnov statistic of two number or date columns; NaN if one is empty."""
    sdtype = DATETIME if pd.api.types.is_datetime64_any_dtype(real) else CONTINUOUS
    column = _prepare_column(getattr(real, "name", None), sdtype, pd.Series(real), pd.Series(synthetic))
    return column.shape_score()


def tv_complement(real: pd.Series, synthetic: pd.Series) -> float:
    """1 - the total variation distance between the category shares of two columns, missing values dropped."""
    name = getattr(real, "name", None)
    column = _prepare_column(name, "categorical", pd.Series(real), pd.Series(synthetic))
    return column.shape_score()


def correlation_similarity(real: pd.DataFrame, synthetic: pd.DataFrame) -> float:
    """1 - |rho_real - rho_synthetic| / 2 for the two columns of `real` and `synthetic` (Pearson)."""
    real_rho = _pearson(real)
    synthetic_rho = _pearson(synthetic[list(real.columns)])
    return float(1 - abs(real_rho - synthetic_rho) / 2)


def contingency_similarity(real: pd.DataFrame, synthetic: pd.DataFrame) -> float:
    """1 - the total variation distance between the joint frequency tables of two discrete columns.

    Missing values count as a category of their own; bin continuous columns before calling this.
    """
    first, second = real.columns[:2]
    codes_1, n_1 = _shared_codes(real[first], synthetic[first])
    codes_2, n_2 = _shared_codes(real[second], synthetic[second])
    n_real = len(real)
    real_counts, synthetic_counts, _ = _joint_counts(
        (codes_1[:n_real], codes_2[:n_real]), (codes_1[n_real:], codes_2[n_real:]), n_2
    )
    return _tv_complement_of_counts(real_counts, synthetic_counts)


def cramers_v(table: np.ndarray) -> float:
    """Cramer's V of a contingency table (no continuity correction).

    Empty rows and columns are ignored; NaN when fewer than 2 rows or columns remain.
    """
    table = np.asarray(table, dtype="float64")
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    rows, cols = np.nonzero(table)
    return _cramers_v_sparse(table[rows, cols], rows, cols)


# --- preparation -----------------------------------------------------------------------------------------


@dataclass
class _PreparedColumn:
    """One column of both tables in the forms the metrics need."""

    name: object
    sdtype: str
    is_continuous: bool
    # continuous: sorted non-missing values (KS) and float values with NaN (correlation)
    real_sorted: np.ndarray | None = None
    synthetic_sorted: np.ndarray | None = None
    real_float: np.ndarray | None = None
    synthetic_float: np.ndarray | None = None
    # codes for contingency tables: categories (missing = its own code) or bin numbers 0..11
    real_codes: np.ndarray | None = None
    synthetic_codes: np.ndarray | None = None
    n_codes: int = 0
    missing_code: int | None = None

    def shape_score(self) -> float:
        if self.is_continuous:
            if len(self.real_sorted) == 0 or len(self.synthetic_sorted) == 0:
                return float("nan")
            return 1.0 - _ks_statistic(self.real_sorted, self.synthetic_sorted)
        real_counts = np.bincount(self.real_codes, minlength=self.n_codes).astype("float64")
        synthetic_counts = np.bincount(self.synthetic_codes, minlength=self.n_codes).astype("float64")
        if self.missing_code is not None:
            real_counts[self.missing_code] = synthetic_counts[self.missing_code] = 0
        if real_counts.sum() == 0 or synthetic_counts.sum() == 0:
            return float("nan")
        return _tv_complement_of_counts(real_counts, synthetic_counts)


def _prepare_column(name: object, sdtype: str, real: pd.Series, synthetic: pd.Series) -> _PreparedColumn:
    if sdtype in DISCRETE_SDTYPES:
        codes, n_codes, missing_code = _shared_codes(real, synthetic, with_missing_code=True)
        return _PreparedColumn(
            name, sdtype, False,
            real_codes=codes[: len(real)], synthetic_codes=codes[len(real):],
            n_codes=n_codes, missing_code=missing_code,
        )
    column = _PreparedColumn(name, sdtype, True, n_codes=NUM_DISCRETE_BINS + 2)
    for side, values in (("real", real), ("synthetic", synthetic)):
        array, missing = continuous_values(values, sdtype, name)
        present = array[~missing]
        if present.dtype.kind == "f":
            present = np.round(present, _KS_DECIMALS)
        as_float = array.astype("float64")
        as_float[missing] = np.nan
        setattr(column, f"{side}_sorted", np.sort(present))
        setattr(column, f"{side}_float", as_float)
        setattr(column, f"{side}_codes", _bin_numbers(as_float, missing))
    return column


def _bin_numbers(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
    # SDMetrics bins each table on its own range (not on the real one) and lets np.digitize put the
    # maximum and missing values into the same last bin; we reproduce that to match its scores.
    edges = np.histogram_bin_edges(values[~missing], bins=NUM_DISCRETE_BINS)
    return np.digitize(values, edges).astype("int64")


def _shared_codes(real: pd.Series, synthetic: pd.Series, with_missing_code: bool = False):
    both = pd.concat([pd.Series(real), pd.Series(synthetic)], ignore_index=True)
    if isinstance(both.dtype, pd.CategoricalDtype):
        both = both.astype(object)
    codes, uniques = pd.factorize(both, use_na_sentinel=False)
    codes = codes.astype("int64")
    if not with_missing_code:
        return codes, len(uniques)
    missing = np.flatnonzero(pd.isna(uniques))
    return codes, len(uniques), (int(missing[0]) if len(missing) else None)


def _subsample_rows(n_real: int, n_synthetic: int, cap: int | None, random_state: int):
    if cap is None or max(n_real, n_synthetic) <= cap:
        return None, None
    rng = np.random.default_rng(random_state)
    real_rows = np.sort(rng.choice(n_real, cap, replace=False)) if n_real > cap else None
    synthetic_rows = np.sort(rng.choice(n_synthetic, cap, replace=False)) if n_synthetic > cap else None
    return real_rows, synthetic_rows


# --- arithmetic --------------------------------------------------------------------------------------------


def _ks_statistic(real_sorted: np.ndarray, synthetic_sorted: np.ndarray) -> float:
    """Largest gap between the two empirical CDFs, evaluated at every observed value."""
    points = np.concatenate([real_sorted, synthetic_sorted])
    real_cdf = np.searchsorted(real_sorted, points, side="right") / len(real_sorted)
    synthetic_cdf = np.searchsorted(synthetic_sorted, points, side="right") / len(synthetic_sorted)
    return float(np.max(np.abs(real_cdf - synthetic_cdf)))


def _tv_complement_of_counts(real_counts: np.ndarray, synthetic_counts: np.ndarray) -> float:
    real_shares = real_counts / real_counts.sum()
    synthetic_shares = synthetic_counts / synthetic_counts.sum()
    return float(1.0 - 0.5 * np.abs(real_shares - synthetic_shares).sum())


def _pearson(frame: pd.DataFrame) -> float:
    first, second = frame.columns[:2]
    pair = pd.DataFrame(
        {
            0: _as_float(frame[first]),
            1: _as_float(frame[second]),
        }
    )
    return float(pair.corr().iloc[0, 1])


def _as_float(values: pd.Series) -> np.ndarray:
    sdtype = DATETIME if pd.api.types.is_datetime64_any_dtype(values) else CONTINUOUS
    array, missing = continuous_values(values, sdtype, values.name)
    array = array.astype("float64")
    array[missing] = np.nan
    return array


def _joint_counts(real_codes, synthetic_codes, n_second: int):
    """Counts of each (first, second) code combination in both tables, aligned on the same cells.

    Returns `(real_counts, synthetic_counts, cells)` where `cells` are the joint keys `first * n_second +
    second` of the entries (cells seen in neither table may be present with zero counts).
    """
    real_keys = real_codes[0] * n_second + real_codes[1]
    synthetic_keys = synthetic_codes[0] * n_second + synthetic_codes[1]
    n_cells = int(max(real_keys.max(initial=0), synthetic_keys.max(initial=0))) + 1
    if n_cells <= _MAX_DENSE_CELLS:
        cells = np.arange(n_cells)
        real_counts = np.bincount(real_keys, minlength=n_cells)
        synthetic_counts = np.bincount(synthetic_keys, minlength=n_cells)
    else:
        cells, inverse = np.unique(np.concatenate([real_keys, synthetic_keys]), return_inverse=True)
        real_counts = np.bincount(inverse[: len(real_keys)], minlength=len(cells))
        synthetic_counts = np.bincount(inverse[len(real_keys):], minlength=len(cells))
    return real_counts.astype("float64"), synthetic_counts.astype("float64"), cells


def _cramers_v_sparse(counts: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> float:
    """Cramer's V from the non-zero cells of a table given as (count, row, column) triples.

    Uses chi2 = n * (sum O^2 / (row_total * column_total) - 1), which needs only the non-zero cells.
    """
    keep = counts > 0
    counts, rows, cols = counts[keep], rows[keep], cols[keep]
    _, rows = np.unique(rows, return_inverse=True)
    _, cols = np.unique(cols, return_inverse=True)
    n_rows, n_cols = rows.max(initial=-1) + 1, cols.max(initial=-1) + 1
    if min(n_rows, n_cols) < 2:
        return float("nan")
    row_totals = np.bincount(rows, weights=counts)
    col_totals = np.bincount(cols, weights=counts)
    n = counts.sum()
    chi2 = n * (np.sum(counts**2 / (row_totals[rows] * col_totals[cols])) - 1.0)
    return float(np.sqrt(max(chi2, 0.0) / (n * (min(n_rows, n_cols) - 1))))


def _pair_trends(
    columns: list[_PreparedColumn],
    rows: tuple[np.ndarray | None, np.ndarray | None],
    correlation_threshold: float,
    association_threshold: float,
) -> pd.DataFrame:
    continuous = [c for c in columns if c.is_continuous]
    real_rho = _correlation_matrix([c.real_float for c in continuous])
    synthetic_rho = _correlation_matrix([c.synthetic_float for c in continuous])
    position = {id(c): i for i, c in enumerate(continuous)}
    real_rows, synthetic_rows = rows

    records = []
    for first, second in itertools.combinations(columns, 2):
        if first.is_continuous and second.is_continuous:
            i, j = position[id(first)], position[id(second)]
            real_value, synthetic_value = real_rho[i, j], synthetic_rho[i, j]
            score = 1.0 - abs(real_value - synthetic_value) / 2
            meets = bool(abs(real_value) > correlation_threshold)  # False for NaN
            records.append(
                (first.name, second.name, CORRELATION_SIMILARITY, score,
                 real_value, synthetic_value, np.nan, np.nan, meets)
            )
            continue
        real_codes = [_take(c.real_codes, real_rows) for c in (first, second)]
        synthetic_codes = [_take(c.synthetic_codes, synthetic_rows) for c in (first, second)]
        real_counts, synthetic_counts, cells = _joint_counts(real_codes, synthetic_codes, second.n_codes)
        score = _tv_complement_of_counts(real_counts, synthetic_counts)
        cell_rows, cell_cols = np.divmod(cells, second.n_codes)
        real_v = _cramers_v_sparse(real_counts, cell_rows, cell_cols)
        synthetic_v = _cramers_v_sparse(synthetic_counts, cell_rows, cell_cols)
        meets = bool(real_v > association_threshold)
        records.append(
            (first.name, second.name, CONTINGENCY_SIMILARITY, score,
             np.nan, np.nan, real_v, synthetic_v, meets)
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "column_1", "column_2", "metric", "score", "real_correlation", "synthetic_correlation",
            "real_association", "synthetic_association", "meets_threshold",
        ],
    ).astype({"score": "float64", "meets_threshold": "bool"})


def _take(codes: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
    return codes if rows is None else codes[rows]


def _correlation_matrix(arrays: list[np.ndarray]) -> np.ndarray:
    """Pearson correlations of all columns at once, each pair on the rows where both are present."""
    if not arrays:
        return np.empty((0, 0))
    matrix = np.column_stack(arrays)
    if not np.isnan(matrix).any():
        centred = matrix - matrix.mean(axis=0)
        scale = np.sqrt((centred**2).sum(axis=0))
        with np.errstate(invalid="ignore", divide="ignore"):
            rho = np.clip((centred.T @ centred) / np.outer(scale, scale), -1.0, 1.0)
    else:
        # pandas computes pairwise-complete correlations in compiled code.
        rho = pd.DataFrame(matrix).corr(method="pearson").to_numpy()
    # Correlation is undefined for a constant column; float noise in its mean must not invent one.
    constant = np.nanmin(matrix, axis=0, initial=np.inf) == np.nanmax(matrix, axis=0, initial=-np.inf)
    constant |= np.isnan(matrix).all(axis=0)
    rho[constant, :] = np.nan
    rho[:, constant] = np.nan
    return rho
