"""The logistic scorecard: bins and standardises numbers, one-hot codes categories, reads its coefficients as the
whole effect of each band, and finds the drivers of a seeded table; plus the group-association check behind the fairness panel."""

import numpy as np
import pandas as pd

from engines.rebalancing import ScorecardClassifier, group_association
from engines.rebalancing.classifiers import fit_classifier, positive_scores
from engines.rebalancing.metrics import pr_auc


def _rows(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(3.0, 1.0, size=n)
    rare_flag = (rng.random(n) < 0.05).astype(float)  # most quantiles are 0: the bins must still split 0 from 1
    channel = rng.integers(0, 3, size=n).astype(float)  # category codes 0, 1, 2
    logit = -3.0 + 1.2 * (np.log(amount) - 3.0) + 2.0 * rare_flag + 1.0 * (channel == 2)
    labels = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(np.int8)
    return np.column_stack([amount, rare_flag, channel]), labels


def test_scorecard_learns_the_drivers_and_names_its_bands():
    """Top amount band and the flag raise the risk, the lowest band lowers it; levels read as bands and yes/no."""
    # Setup
    rows, labels = _rows()
    mask = np.array([False, False, True])
    # Run
    model = ScorecardClassifier(n_bins=5).fit(rows, labels, categorical_mask=mask)
    card = model.coefficients(["amount", "flag", "channel"], {"channel": ["store", "phone", "web"]})
    coefficient = {(f, level): c for f, level, c in card.itertuples(index=False)}
    # Assert
    assert set(card.loc[card["feature"] == "flag", "level"]) == {"no", "yes"}
    assert coefficient[("flag", "yes")] > coefficient[("flag", "no")]
    assert coefficient[("channel", "web")] > coefficient[("channel", "store")]
    amount_levels = card.loc[card["feature"] == "amount", "level"].tolist()
    top = next(level for level in amount_levels if level.startswith("above") and "up to" not in level)
    bottom = next(level for level in amount_levels if level.startswith("up to"))
    assert coefficient[("amount", top)] > 0 > coefficient[("amount", bottom)]
    assert len(amount_levels) == 5


def test_both_classifiers_rank_better_than_chance_and_accept_weights():
    """Fitted through fit_classifier with class weights, both score held-out rows well above the base rate."""
    # Setup
    rows, labels = _rows(4000)
    test_rows, test_labels = _rows(2000, seed=1)
    weights = np.where(labels == 1, 5.0, 1.0)
    mask = np.array([False, False, True])
    for kind in ("gbm", "logistic"):
        # Run
        model = fit_classifier(kind, rows, labels, weights, mask, seed=0, params={"max_iter": 30} if kind == "gbm" else None)
        scores = positive_scores(model, test_rows)
        # Assert
        assert scores.shape == (2000,) and np.all((scores >= 0) & (scores <= 1))
        assert pr_auc(test_labels, scores) > 2 * test_labels.mean()


def test_group_association_finds_the_proxy_of_a_group():
    """Age is tied to its own age band (near 1); an unrelated number and category are not."""
    # Setup
    rng = np.random.default_rng(0)
    age = rng.integers(18, 90, size=2000)
    band = pd.Series(pd.cut(age, [0, 34, 64, 200], labels=["young", "middle", "old"]).astype(str))
    features = pd.DataFrame({"age": age.astype(float), "noise": rng.normal(size=2000),
                             "colour": rng.choice(["red", "blue"], size=2000)})
    # Run
    association = group_association(features, band).set_index("feature")["association"]
    # Assert
    assert association.index[0] == "age" and association["age"] > 0.8
    assert association["noise"] < 0.1 and association["colour"] < 0.1
