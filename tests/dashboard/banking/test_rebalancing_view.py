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
    assert text.startswith("Plain training is best for default risk: the logistic scorecard")
    assert "generated default cases help only gradient boosting (+0.020), which stays below (0.490)" in text


def test_headline_without_any_win():
    """When nothing beats plain training, the headline says so and names the better plain model."""
    from dashboard.banking.rebalancing_view import headline

    report = _comparison({("logistic", "none"): 0.50, ("logistic", "smote"): 0.48, ("gbm", "none"): 0.55,
                          ("gbm", "smote"): 0.54}, {})
    assert headline(report, "fraud") == ("Plain training is best for fraud risk: the gradient boosting without "
                                         "rebalancing reaches PR-AUC 0.550, and no rebalancing beats it clearly; "
                                         "generated fraud cases do not help")


def test_finding_names_the_winner_and_its_baseline():
    """A clear win is stated as the gain over plain training with the same classifier, and says that generated
    cases do not help when none of them wins."""
    from dashboard.banking.findings import rebalancing_finding

    report = _comparison({("gbm", "none"): 0.67, ("gbm", "smote"): 0.72, ("gbm", "gan"): 0.61,
                          ("logistic", "none"): 0.66}, {("gbm", "smote"): "better", ("gbm", "gan"): "worse"})
    finding = rebalancing_finding(report, "fraud", "Card fraud")
    assert finding.value == "+0.050 PR-AUC"
    assert finding.label == "Card fraud: SMOTE vs plain training"
    assert finding.sentence == ("SMOTE adds +0.050 PR-AUC to gradient boosting (0.670 without rebalancing, 0.720 "
                                "with); generated fraud cases do not help")


def test_risk_warning_finding_says_where_the_baseline_wins():
    """The autoencoder's finding names the depths where IsolationForest finds more fraud."""
    from dashboard.banking.findings import risk_warning_finding
    from engines.anomaly.report import RiskWarningReport

    report = RiskWarningReport.__new__(RiskWarningReport)
    report.comparison = [{"k": 50, "autoencoder": 0.38, "isolation_forest": 0.44, "random": 0.003},
                         {"k": 200, "autoencoder": 0.35, "isolation_forest": 0.22, "random": 0.003}]
    report.period = "Q4"
    finding = risk_warning_finding(report)
    assert finding.value == "wins 1 of 2 depths"
    assert "IsolationForest is better for a short list (the top 50: 44% vs 38%" in finding.sentence
