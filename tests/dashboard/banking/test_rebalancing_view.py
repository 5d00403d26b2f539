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


def _comparison(pr_auc, verdicts):
    """A report with two classifiers; `pr_auc` and `verdicts` map (classifier, strategy) to a mean and verdict."""
    from engines.rebalancing import StrategyResult

    results = [StrategyResult(name, name.upper() if name == "smote" else name, kind, mean={"pr_auc": value},
                              verdict=verdicts.get((kind, name), "baseline" if name == "none" else "no clear difference"),
                              difference_vs_none={"pr_auc": [value - pr_auc[(kind, "none")], 0.0, 0.0]})
               for (kind, name), value in pr_auc.items()]
    report = _report([])
    report.strategies, report.classifier = results, "logistic"
    return report


def test_headline_says_when_generated_rows_help_but_another_model_is_better():
    """Generated rows that help the weaker classifier are named, with the plain model that still beats them."""
    from dashboard.banking.rebalancing_view import headline

    report = _comparison({("logistic", "none"): 0.50, ("logistic", "gan"): 0.49, ("gbm", "none"): 0.47,
                          ("gbm", "gan"): 0.49}, {("gbm", "gan"): "better"})
    text = headline(report, "default")
    assert text.startswith("Generated default cases help gradient boosting")
    assert "plain logistic scorecard is better still" in text


def test_headline_without_any_win():
    """When nothing beats plain training, the headline says so and names the better plain model."""
    from dashboard.banking.rebalancing_view import headline

    report = _comparison({("logistic", "none"): 0.50, ("logistic", "smote"): 0.48, ("gbm", "none"): 0.55,
                          ("gbm", "smote"): 0.54}, {})
    assert headline(report, "fraud") == ("No rebalancing beats plain training; the plain gradient boosting does "
                                         "best")
