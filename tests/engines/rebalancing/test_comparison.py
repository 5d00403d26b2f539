"""The five-way comparison on a small table with both classifiers: it finishes, every metric has a mean and an
interval, the classifier is chosen on validation, oversamplers that cannot help are skipped before training, the
report survives JSON, and a strategy that cannot run is skipped with its reason."""

import json

import numpy as np
import pytest

from engines.rebalancing import METRICS, LabelledTable, RebalancingReport, compare_rebalancing
from engines.rebalancing import strategies

TINY_GENERATORS = {
    "gan": {"preset": "quick", "max_steps": 3, "batch_size": 100, "generator_dims": (32,), "critic_dims": (32,),
            "embedding_dim": 16},
    "vae": {"preset": "quick", "max_steps": 3, "batch_size": 100},
}
SMALL_CLASSIFIER = {"gbm": {"max_iter": 25}}


@pytest.fixture(scope="module")
def report():
    """One comparison for the module, with the generators on one torch thread (as build_bank does; two threads
    only spin-wait on a busy 2-core machine)."""
    import functools

    import engines.synth.base as synth_base
    from engines.core.device import configure_cpu_threads
    from tests.engines.rebalancing.conftest import labelled_frame

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(synth_base, "configure_cpu_threads", functools.partial(configure_cpu_threads, max_threads=1))
        return _run_comparison(labelled_frame)


def _run_comparison(labelled_frame):
    table = LabelledTable.from_frame(labelled_frame(800, 0.08), "label", time_column="when", group_column="band")
    return compare_rebalancing(table, seeds=(0,), n_bootstrap=20, generator_params=TINY_GENERATORS,
                               classifier_params=SMALL_CLASSIFIER)


def test_every_strategy_produces_every_metric(report):
    """All five strategies ran with both classifiers and carry each metric's mean, interval and difference to no
    rebalancing with the same classifier."""
    assert [r.name for r in report.results("gbm")] == list(strategies.STRATEGY_LABELS)
    assert [r.name for r in report.results("logistic")] == list(strategies.STRATEGY_LABELS)
    for result in report.strategies:
        assert result.status == "ok", result.reason
        for metric in METRICS:
            low, high = result.interval[metric]
            assert low <= high
            assert np.isfinite(result.mean[metric])
            if result.name != "none":
                assert len(result.difference_vs_none[metric]) == 3
    assert report.strategy("smote").added_rows == report.strategy("gan").added_rows > 0
    assert report.strategy("none").mean["pr_auc"] > 2 * report.base_rate  # the signal is learnable


def test_classifier_is_chosen_on_validation_and_scorecard_is_readable(report):
    """The leading classifier has the higher validation PR-AUC; the scorecard's top band of x1 raises the risk and
    its lowest lowers it, the reverse for x2, and web scores above store (the simulated drivers)."""
    assert set(report.validation) == {"gbm", "logistic"}
    assert report.classifier == max(report.validation, key=report.validation.get)
    assert report.strategy("none").classifier == report.classifier
    card = {(row["feature"], row["level"]): row["coefficient"] for row in report.scorecard}

    def band(feature, top):
        """The effect of the feature's highest (top) or lowest band."""
        return next(value for (name, level), value in card.items() if name == feature
                    and (level.startswith("above") and "up to" not in level if top else level.startswith("up to")))

    assert band("x1", top=True) > 0 > band("x1", top=False)
    assert band("x2", top=True) < 0 < band("x2", top=False)
    assert card[("channel", "web")] > card[("channel", "store")]


def test_oversamplers_are_skipped_before_training_when_the_rare_class_is_common(labelled_frame_common):
    """With the rare class above the target share, SMOTE / GAN / VAE are skipped with the reason and never
    trained (a generator factory that would fail is not even called)."""
    # Setup
    table = LabelledTable.from_frame(labelled_frame_common, "label", time_column="when")

    def never(name, params):
        raise AssertionError("a generator was built although oversampling was skipped")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(strategies, "generator_factory", never)
        # Run
        result = compare_rebalancing(table, seeds=(0,), n_bootstrap=20, explain=False, minority_share=0.25,
                                     classifier_params=SMALL_CLASSIFIER)
    # Assert
    for name in ("smote", "gan", "vae"):
        assert result.strategy(name).status == "skipped"
        assert "already" in result.strategy(name).reason
    assert result.strategy("class_weights").status == "ok"
    assert any("skipped before training" in note for note in result.notes)


def test_explanations_and_fairness(report):
    """Permutation importance ranks a real driver first; cases have effects; fairness covers both bands."""
    assert report.importance[0]["feature"] in {"x1", "x2"}
    assert report.cases and report.cases[0]["effects"]
    assert {row["group"] for row in report.fairness} == {"young", "old"}
    assert report.takeaway


def test_report_round_trips_through_json(report):
    """to_dict is plain JSON and from_dict gives back the same figures."""
    text = json.dumps(report.to_dict(), allow_nan=False)
    again = RebalancingReport.from_dict(json.loads(text))
    assert again.metrics_frame().equals(report.metrics_frame())
    assert again.best_strategy == report.best_strategy


def test_failing_generator_is_skipped_with_reason(frame, monkeypatch):
    """When a generator cannot be built, its strategy is reported as skipped and the others still run."""
    # Setup
    def broken(name, params):
        raise strategies.InvalidParameterError(f"{name} is not available here")

    monkeypatch.setattr(strategies, "generator_factory", broken)
    table = LabelledTable.from_frame(frame, "label", time_column="when")
    # Run
    result = compare_rebalancing(table, ["none", "class_weights", "gan"], seeds=(0,), n_bootstrap=20, explain=False,
                                 classifier_params=SMALL_CLASSIFIER)
    # Assert
    assert result.strategy("gan").status == "skipped"
    assert "not available" in result.strategy("gan").reason
    assert result.strategy("class_weights").status == "ok"


def test_stopping_before_the_first_run_is_explained(frame):
    """Cancelling at once raises an engine error with a message instead of returning an empty report."""
    from engines.errors import EngineError

    table = LabelledTable.from_frame(frame, "label")
    with pytest.raises(EngineError, match="stopped before its first run"):
        compare_rebalancing(table, ["none"], seeds=(0,), on_progress=lambda *args: False)
