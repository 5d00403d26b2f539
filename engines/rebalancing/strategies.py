"""The five ways of handling a rare class before training the same classifier.

Each strategy turns the training set into (rows, labels, weights). The three oversamplers add the same number of
minority rows (enough for the minority to reach `minority_share` of the training set), so they differ only in
where the extra rows come from: SMOTE interpolates between real neighbours, the GAN and the VAE generate rows
conditioned on the minority class after learning the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from engines.core.validation import check_choice, check_fraction
from engines.errors import InvalidDataError, InvalidParameterError
from engines.rebalancing.report import STRATEGY_LABELS
from engines.rebalancing.table import FeatureEncoder

if TYPE_CHECKING:
    from engines.core.progress import CancelToken, ProgressCallback

__all__ = ["STRATEGY_LABELS", "TrainingSet", "class_weights", "generated_minority", "generator_factory",
           "no_rebalancing", "rows_to_add", "smote"]
GENERATIVE = ("gan", "vae")
LABEL_FIELD = "__is_minority__"


@dataclass
class TrainingSet:
    """What the classifier is fitted on."""

    rows: np.ndarray
    labels: np.ndarray
    weights: np.ndarray | None = None
    added_rows: int = 0


def rows_to_add(labels: np.ndarray, minority_share: float) -> int:
    """Minority rows to add so that they make up `minority_share` of the training set (0 if already there)."""
    check_fraction("minority_share", minority_share, 0.0, 0.5)
    positives = int(labels.sum())
    negatives = len(labels) - positives
    wanted = minority_share * negatives / (1.0 - minority_share)
    return max(0, int(round(wanted - positives)))


def no_rebalancing(rows: np.ndarray, labels: np.ndarray) -> TrainingSet:
    """The training set as it is."""
    return TrainingSet(rows, labels)


def class_weights(rows: np.ndarray, labels: np.ndarray) -> TrainingSet:
    """Weights that give both classes the same total weight (scikit-learn's "balanced")."""
    positives = max(int(labels.sum()), 1)
    negatives = max(len(labels) - positives, 1)
    weights = np.where(labels == 1, len(labels) / (2.0 * positives), len(labels) / (2.0 * negatives))
    return TrainingSet(rows, labels, weights)


def smote(rows: np.ndarray, labels: np.ndarray, categorical_mask: np.ndarray, n_new: int, seed: int) -> TrainingSet:
    """SMOTE (SMOTE-NC when there are category columns) adding `n_new` minority rows."""
    from imblearn.over_sampling import SMOTE, SMOTENC

    positives = int(labels.sum())
    if positives < 2:
        raise InvalidDataError(f"SMOTE needs at least 2 minority rows to interpolate between; found {positives}.",
                               key="engine.rebalancing.smote_too_few", positives=positives)
    if n_new == 0:
        return TrainingSet(rows, labels)
    neighbours = min(5, positives - 1)
    strategy = {1: positives + n_new}
    if categorical_mask.any() and not categorical_mask.all():
        # A list, not an array: imbalanced-learn 0.14 compares categorical_features with "auto", which raises for
        # an array of more than one index.
        sampler = SMOTENC(categorical_features=np.flatnonzero(categorical_mask).tolist(), sampling_strategy=strategy,
                          k_neighbors=neighbours, random_state=seed)
    else:
        sampler = SMOTE(sampling_strategy=strategy, k_neighbors=neighbours, random_state=seed)
    new_rows, new_labels = sampler.fit_resample(rows, labels)
    return TrainingSet(np.asarray(new_rows, dtype=np.float64), np.asarray(new_labels), added_rows=n_new)


def generator_factory(name: str, params: dict[str, Any]) -> Callable[[int], Any]:
    """A function `seed -> unfitted generator` for "gan" or "vae" from `engines.synth`, with `params`."""
    check_choice("generator", name, ("gan", "vae"))
    if name == "gan":
        from engines.synth.gan import TabularGAN as Generator
    else:
        try:
            from engines.synth.vae import TabularVAE as Generator
        except ImportError as error:
            raise InvalidParameterError("The tabular VAE is not available in this version of engines.synth.",
                                        key="engine.rebalancing.vae_unavailable") from error
    return lambda seed: Generator(**{**params, "random_state": seed})


def generated_minority(
    make_generator: Callable[[int], Any],
    train_features: pd.DataFrame,
    labels: np.ndarray,
    encoder: FeatureEncoder,
    n_new: int,
    seed: int,
    majority_per_minority: float = 3.0,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> tuple[np.ndarray, Any]:
    """Fit a generator on the minority rows plus a sample of majority rows, with the class as a column, and
    return `n_new` encoded rows sampled on the condition "minority class" (and the fitted generator).

    Learning from both classes lets the generator share what the classes have in common, and the condition
    asks it for the rare one; the majority sample keeps fitting time bounded on big tables.
    """
    rng = np.random.default_rng(seed)
    minority = np.flatnonzero(labels == 1)
    majority = np.flatnonzero(labels == 0)
    n_majority = min(len(majority), max(int(majority_per_minority * len(minority)), 500))
    chosen = np.concatenate([minority, rng.choice(majority, n_majority, replace=False)])
    table = train_features.iloc[chosen].reset_index(drop=True).copy()
    table[LABEL_FIELD] = np.where(labels[chosen] == 1, "yes", "no").astype(object)
    generator = make_generator(seed).fit(table, on_progress=on_progress, cancel=cancel)
    if n_new == 0:
        return np.zeros((0, len(encoder.columns_))), generator
    rows = generator.sample(n_new, conditions={LABEL_FIELD: "yes"}, seed=seed)
    return encoder.transform(rows[train_features.columns]), generator
