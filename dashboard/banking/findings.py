"""What the banking demo found, in words a decision-maker reads: one finding per question (card fraud, loan
defaults, risk warnings, product suggestions, customer service), each with its baseline named.

The page's top cards, its section titles and the Home page's "What the lab found" all read these functions, so
they never disagree, and a rebuild of the shipped results changes the words with the numbers. No streamlit here."""

from __future__ import annotations

from dataclasses import dataclass

from engines.anomaly.report import RiskWarningReport
from engines.rebalancing.report import CLASSIFIER_LABELS, RebalancingReport, StrategyResult

GENERATED = ("gan", "vae")
PAGE_TERMS = ("PR-AUC", "Recall at 1% false alarms", "KS", "Gini", "SMOTE", "Class weights", "GAN", "VAE",
              "Autoencoder", "Isolation Forest", "Precision@k", "Log-odds", "Recall@5", "TF-IDF", "Top-1 accuracy",
              "Sentence model", "Precision", "Recall")


@dataclass(frozen=True)
class Finding:
    """One finding: a short card label and value, the sentence that states it with its baseline, and the detail
    (the numbers behind it) for a tooltip."""

    label: str
    value: str
    sentence: str
    detail: str


def _classifier(kind: str) -> str:
    return CLASSIFIER_LABELS.get(kind, kind).lower()


def _best_clear_result(report: RebalancingReport) -> StrategyResult:
    """The best model that is not noise: the highest PR-AUC among plain training and the strategies that beat it
    clearly (a 95% interval above 0), over both classifiers."""
    ran = [r for r in report.strategies if r.status == "ok" and r.verdict in ("better", "baseline")]
    return max(ran, key=lambda r: r.mean["pr_auc"])


def rebalancing_finding(report: RebalancingReport, bad: str, portfolio: str) -> Finding:
    """The rebalancing comparison's decision: which way of training gives the best model, by how much it beats
    plain training (the named baseline), and whether generated `bad` cases ("fraud", "default") help."""
    winner = _best_clear_result(report)
    ran = [r for r in report.strategies if r.status == "ok"]
    generated_better = sorted((r for r in ran if r.name in GENERATED and r.verdict == "better"),
                              key=lambda r: -r.mean["pr_auc"])
    plain = report.strategy("none", winner.classifier)
    if winner.name == "none":
        sentence = (f"Plain training is best for {bad} risk: the {_classifier(winner.classifier)} without "
                    f"rebalancing reaches PR-AUC {winner.mean['pr_auc']:.3f}, and no rebalancing beats it clearly")
        value, label = f"{winner.mean['pr_auc']:.3f} PR-AUC", f"{portfolio}: plain {_classifier(winner.classifier)}"
    else:
        change = winner.difference_vs_none["pr_auc"][0]
        subject = f"Generated {bad} cases ({winner.label})" if winner.name in GENERATED else winner.label
        sentence = (f"{subject} add{'s' if winner.name not in GENERATED else ''} {change:+.3f} PR-AUC to "
                    f"{_classifier(winner.classifier)} ({plain.mean['pr_auc']:.3f} without rebalancing, "
                    f"{winner.mean['pr_auc']:.3f} with)")
        value, label = f"{change:+.3f} PR-AUC", f"{portfolio}: {winner.label} vs plain training"
    if winner.name not in GENERATED:
        if generated_better:
            found = generated_better[0]
            sentence += (f"; generated {bad} cases help only {_classifier(found.classifier)} "
                         f"({found.difference_vs_none['pr_auc'][0]:+.3f}), which stays below "
                         f"({found.mean['pr_auc']:.3f})")
        else:
            sentence += f"; generated {bad} cases do not help"
    detail = (f"PR-AUC on the {report.n_test:,} latest cases, never seen in training ({report.minority_test:,} "
              f"{bad}); a random ranking scores {report.base_rate:.3f}. Changes count only when their 95% interval "
              "excludes 0. Generated cases: " + ", ".join(
                  f"{r.label.replace(' (ours)', '')} with {_classifier(r.classifier)} "
                  f"{r.difference_vs_none['pr_auc'][0]:+.3f}" for r in ran if r.name in GENERATED) + ".")
    return Finding(label, value, sentence, detail)


def risk_warning_finding(report: RiskWarningReport) -> Finding:
    """The autoencoder's risk warnings against IsolationForest (the named baseline) at every review depth: where
    it finds more fraud, and where the baseline does."""
    rows = sorted(report.comparison, key=lambda r: r["k"])
    wins = [r for r in rows if r["autoencoder"] >= r["isolation_forest"]]
    losses = [r for r in rows if r["autoencoder"] < r["isolation_forest"]]

    def depths(chosen: list[dict]) -> str:
        names = [f"{r['k']:,}" for r in chosen]
        return "top " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0])

    if not losses:
        sentence = (f"Without any fraud labels, the autoencoder finds as much fraud as IsolationForest or more at "
                    f"every review depth ({depths(wins)} warnings)")
    elif not wins:
        sentence = ("IsolationForest finds more fraud than the autoencoder at every review depth: use "
                    "IsolationForest for risk warnings on this portfolio")
    else:
        deep = max(wins, key=lambda r: r["autoencoder"] - r["isolation_forest"])
        shallow = max(losses, key=lambda r: r["isolation_forest"] - r["autoencoder"])
        sentence = (f"The autoencoder (no fraud labels) finds more fraud than IsolationForest in the "
                    f"{depths(wins)} warnings ({deep['autoencoder']:.0%} vs {deep['isolation_forest']:.0%} in the "
                    f"top {deep['k']:,}); IsolationForest is better for a short list (the {depths(losses)}: "
                    f"{shallow['isolation_forest']:.0%} vs {shallow['autoencoder']:.0%} in the top {shallow['k']:,})")
    detail = ("Share of fraud among each detector's highest-scored transactions of "
              f"{report.period}: " + "; ".join(
                  f"top {r['k']:,}: autoencoder {r['autoencoder']:.0%}, IsolationForest {r['isolation_forest']:.0%}"
                  for r in rows) + f". A random review finds {rows[0]['random']:.2%}.")
    return Finding("Risk warnings vs IsolationForest",
                   f"wins {len(wins)} of {len(rows)} depths", sentence, detail)


def product_finding(results: dict) -> Finding:
    """Product suggestions: the profile-and-holdings model's Recall@5 against suggesting the most popular
    products (the named baseline), with the ceiling no model can expect to beat."""
    recall = {r["recommender"]: r["recall_at_5"] for r in results["results"]}
    name = next(k for k in recall if k.startswith("Conditional"))
    ours, popular = recall[name], recall["Popularity"]
    ceiling = next((v for k, v in recall.items() if k.startswith("Oracle")), None)
    sentence = (f"Suggestions from the customer's profile and products find {ours:.0%} of the products customers "
                f"took next in the top 5, against {popular:.0%} for suggesting the most popular products")
    if ceiling is not None:
        sentence += f" (the best any model can expect is {ceiling:.0%})"
    return Finding("Product suggestions: Recall@5", f"{ours:.0%}", sentence,
                   f"On {results['test_customers']:,} held-out customers; only products within the customer's risk "
                   "tolerance are suggested.")


def faq_finding(results: dict) -> Finding:
    """The FAQ assistant: questions answered right first time by meaning-based search against keyword search
    (TF-IDF, the named baseline)."""
    semantic, keyword = results["results"]["semantic"], results["results"]["tfidf"]
    sentence = (f"The assistant finds the right FAQ answer first time for {semantic['top1_accuracy']:.0%} of "
                f"reworded customer questions, against {keyword['top1_accuracy']:.0%} for keyword search, and hands "
                f"the unsure {semantic['handover_share']:.0%} to a person")
    return Finding("Customer service: answers right first time", f"{semantic['top1_accuracy']:.0%}", sentence,
                   f"{semantic['questions']} reworded questions; the right answer is in the top 3 for "
                   f"{semantic['top3_accuracy']:.0%}.")


def bank_findings(fraud: RebalancingReport, credit: RebalancingReport, warnings: RiskWarningReport,
                  products: dict, faq: dict) -> list[Finding]:
    """The banking demo's findings in page order: card fraud, loan defaults, risk warnings, products, FAQ."""
    return [rebalancing_finding(fraud, "fraud", "Card fraud"), rebalancing_finding(credit, "default", "Loan defaults"),
            risk_warning_finding(warnings), product_finding(products), faq_finding(faq)]
