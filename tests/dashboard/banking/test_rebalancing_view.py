"""The fairness note of the comparison view says what the model could see of the group, from the report."""

from dashboard.banking.rebalancing_view import fairness_inputs_note
from engines.rebalancing import RebalancingReport


def _report(proxies):
    return RebalancingReport(label_column="bad", positive_value=1, n_train=10, n_test=10, minority_train=2,
                             minority_test=2, seeds=[0], minority_share=0.25, features=["age", "income"],
                             strategies=[], best_strategy="none", group_column="age_band", group_proxies=proxies)


def test_fairness_note_names_an_input_tied_to_the_group():
    """When age is an input, the note does not claim the model cannot see age: it names age as a proxy."""
    note = fairness_inputs_note(_report([{"feature": "age", "association": 0.97}]))
    assert "age band column itself is not a model input" in note
    assert "age (0.97)" in note and "can still tell the groups apart" in note


def test_fairness_note_without_proxies():
    """With no input tied to the group, the note says so."""
    note = fairness_inputs_note(_report([]))
    assert "not a model input" in note and "no input is closely tied" in note
