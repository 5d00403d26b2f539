"""One protocol suite for every registered model: fit on tiny data, progress, cancel, save/load, seeds, errors.

Each family's cases live in tests/engines/protocol/cases_<family>.py; a model kind without a case fails
`test_every_registered_model_has_a_protocol_case`, so a new model cannot skip the suite.
"""

from __future__ import annotations

import threading

import pytest

from engines import load_model
from engines.core.model import registered_models
from engines.errors import InvalidDataError, NotFittedError
from tests.engines.protocol import ProtocolCase, assert_same
from tests.engines.protocol.cases_generative_basics import CASES as GENERATIVE_BASICS_CASES
from tests.engines.protocol.cases_product_images import CASES as PRODUCT_IMAGES_CASES
from tests.engines.protocol.cases_recommend import CASES as RECOMMEND_CASES
from tests.engines.protocol.cases_scoring import CASES as SCORING_CASES
from tests.engines.protocol.cases_sequence import CASES as SEQUENCE_CASES
from tests.engines.protocol.cases_synth import CASES as SYNTH_CASES

CASES: dict[str, ProtocolCase] = {**SYNTH_CASES, **RECOMMEND_CASES, **SEQUENCE_CASES, **SCORING_CASES,
                                **GENERATIVE_BASICS_CASES, **PRODUCT_IMAGES_CASES}


def _lab_models() -> dict:
    """Registered kinds of the lab's own packages (tests may register toy models of their own)."""
    return {kind: cls for kind, cls in registered_models().items() if cls.__module__.startswith("engines.")}


def test_every_registered_model_has_a_protocol_case():
    """Every model kind the registry can open is exercised by this suite, and every case names a real kind."""
    # Run
    kinds = set(_lab_models())
    # Assert
    assert kinds - set(CASES) == set(), "add a ProtocolCase for these kinds"
    assert set(CASES) - kinds == set(), "these cases name kinds that are not registered"


@pytest.fixture(scope="module")
def fitted() -> dict:
    """One fitted model per kind, shared by the tests below (fitting is the slow part)."""
    return {}


def _fit(kind: str, fitted: dict, seed: int = 0):
    if (kind, seed) not in fitted:
        case = CASES[kind]
        fitted[kind, seed] = case.make(seed).fit(*case.data(), **case.fit_options)
    return fitted[kind, seed]


@pytest.mark.parametrize("kind", sorted(CASES))
def test_fit_returns_the_model_and_records_training(kind, fitted):
    """fit returns self with the contract's training record; an unfitted model refuses to be used or saved."""
    # Setup
    case = CASES[kind]
    unfitted = case.make(0)
    # Run
    model = _fit(kind, fitted)
    # Assert
    with pytest.raises(NotFittedError):
        case.output(unfitted)
    assert type(model) is type(unfitted) and model.is_fitted and not unfitted.is_fitted
    assert model.stop_reason_ == "completed" and model.cancelled_ is False
    assert model.fit_seconds_ > 0 and model.training_steps_ >= 1
    assert all(set(record) >= {"epoch", "step"} for record in model.loss_history_)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_progress_is_reported_up_to_the_last_step(kind):
    """on_progress gets (step, total, losses) with steps that never go back and end at the total."""
    # Setup
    case = CASES[kind]
    reports = []
    # Run
    case.make(0).fit(*case.data(), on_progress=lambda *report: reports.append(report), **case.fit_options)
    # Assert
    steps = [step for step, _, _ in reports]
    assert reports and steps == sorted(steps)
    assert reports[-1][0] == reports[-1][1] >= 1


@pytest.mark.parametrize("kind", sorted(CASES))
def test_cancel_leaves_a_usable_model(kind):
    """Setting the cancel event during training stops it; the model still gives an output (and may be saved)."""
    # Setup
    case = CASES[kind]
    cancel = threading.Event()

    def cancel_at_first_report(step, total, losses):
        if step >= 1:
            cancel.set()

    # Run
    model = case.make(0).fit(*case.data(), on_progress=cancel_at_first_report, cancel=cancel, **case.fit_options)
    # Assert
    if case.trains_in_steps:
        assert model.cancelled_ and model.stop_reason_ == "cancelled"
        assert model.training_steps_ >= 1
    case.output(model)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_save_and_load_give_identical_outputs(kind, fitted, tmp_path):
    """A model saved and opened with `engines.load_model` (any kind) gives exactly the same output."""
    # Setup
    case = CASES[kind]
    model = _fit(kind, fitted)
    # Run
    model.save(tmp_path / kind)
    loaded = load_model(tmp_path / kind, device="cpu")
    # Assert
    assert type(loaded) is type(model)
    assert loaded.loss_history_ == model.loss_history_ and loaded.training_steps_ == model.training_steps_
    assert_same(case.output(model), case.output(loaded))


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_fixed_seed_reproduces_the_model(kind, fitted):
    """Two fits with the same seed give the same output."""
    # Setup
    case = CASES[kind]
    # Run
    first = _fit(kind, fitted)
    second = case.make(0).fit(*case.data(), **case.fit_options)
    # Assert
    assert_same(case.output(first), case.output(second))


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_data_raises_the_engines_error(kind):
    """Data the model cannot learn from raises InvalidDataError with a message, not a crash deep inside."""
    # Setup
    case = CASES[kind]
    # Run / Assert
    with pytest.raises(InvalidDataError) as raised:
        case.make(0).fit(*case.bad_data(), **case.fit_options)
    assert len(str(raised.value)) > 10
