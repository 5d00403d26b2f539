"""What the banking demo found, in words a decision-maker reads: one finding per question (card fraud, loan
defaults, risk warnings, product suggestions, customer service), each with its baseline named.

The page's top cards, its section titles and the Home page's "What the lab found" all read these functions, so
they never disagree, and a rebuild of the shipped results changes the words with the numbers. Each sentence is one
catalogue entry per case (dashboard/locales, keys "banking.finding."), in the reader's language. No streamlit
here."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.banking.labels import bad_label, classifier_label, listed, strategy_label
from dashboard.i18n import number, percent, t
from engines.anomaly.report import RiskWarningReport
from engines.rebalancing.report import RebalancingReport, StrategyResult

GENERATED = ("gan", "vae")
PAGE_TERMS = ("PR-AUC", "Recall at 1% false alarms", "KS", "Gini", "SMOTE", "Class weights", "GAN", "VAE",
              "Autoencoder", "Isolation Forest", "Precision@k", "Log-odds", "Recall@5", "TF-IDF", "Top-1 accuracy",
              "Sentence model", "BM25", "Precision", "Recall")


@dataclass(frozen=True)
class Finding:
    """One finding: a short card label and value, the sentence that states it with its baseline, and the detail
    (the numbers behind it) for a tooltip."""

    label: str
    value: str
    sentence: str
    detail: str


def _best_clear_result(report: RebalancingReport) -> StrategyResult:
    """The best model that is not noise: the highest PR-AUC among plain training and the strategies that beat it
    clearly (a 95% interval above 0), over both classifiers."""
    ran = [r for r in report.strategies if r.status == "ok" and r.verdict in ("better", "baseline")]
    return max(ran, key=lambda r: r.mean["pr_auc"])


def _score(value: float) -> str:
    return number(value, decimals=3)


def _change(value: float) -> str:
    return f"{value:+.3f}"


def rebalancing_finding(report: RebalancingReport, bad: str, portfolio: str) -> Finding:
    """The rebalancing comparison's decision: which way of training gives the best model, by how much it beats
    plain training (the named baseline), and whether generated `bad` cases ("fraud", "default") help.
    `portfolio` names the portfolio for the card label, in the reader's language."""
    winner = _best_clear_result(report)
    ran = [r for r in report.strategies if r.status == "ok"]
    generated_better = sorted((r for r in ran if r.name in GENERATED and r.verdict == "better"),
                              key=lambda r: -r.mean["pr_auc"])
    plain = report.strategy("none", winner.classifier)
    values = {"bad": bad_label(bad), "classifier": classifier_label(winner.classifier, inline=True),
              "pr_auc": _score(winner.mean["pr_auc"])}
    if winner.name == "none":
        case = "plain_best"
        value = t("banking.finding.value.pr_auc", pr_auc=_score(winner.mean["pr_auc"]))
        label = t("banking.finding.label.plain", portfolio=portfolio,
                  classifier=classifier_label(winner.classifier, inline=True))
    else:
        change = winner.difference_vs_none["pr_auc"][0]
        case = "generated_wins" if winner.name in GENERATED else "strategy_wins"
        values.update(strategy=strategy_label(winner.name), change=_change(change),
                      plain=_score(plain.mean["pr_auc"]))
        value = t("banking.finding.value.pr_auc", pr_auc=_change(change))
        label = t("banking.finding.label.versus", portfolio=portfolio, strategy=strategy_label(winner.name))
    if winner.name not in GENERATED:
        if generated_better:
            found = generated_better[0]
            case += ".generated_helps_only"
            values.update(helped=classifier_label(found.classifier, inline=True),
                          helped_change=_change(found.difference_vs_none["pr_auc"][0]),
                          helped_pr_auc=_score(found.mean["pr_auc"]))
        else:
            case += ".generated_no_help"
    sentence = t(f"banking.finding.rebalancing.{case}", **values)
    generated = listed([t("banking.finding.generated_item", strategy=strategy_label(r.name, short=True),
                          classifier=classifier_label(r.classifier, inline=True),
                          change=_change(r.difference_vs_none["pr_auc"][0]))
                        for r in ran if r.name in GENERATED])
    detail = t("banking.finding.rebalancing.detail", n_test=report.n_test, minority=report.minority_test,
               bad=bad_label(bad), base_rate=_score(report.base_rate), generated=generated)
    return Finding(label, value, sentence, detail)


def risk_warning_finding(report: RiskWarningReport) -> Finding:
    """The autoencoder's risk warnings against IsolationForest (the named baseline) at every review depth: where
    it finds more fraud, and where the baseline does."""
    rows = sorted(report.comparison, key=lambda r: r["k"])
    wins = [r for r in rows if r["autoencoder"] >= r["isolation_forest"]]
    losses = [r for r in rows if r["autoencoder"] < r["isolation_forest"]]

    def depths(chosen: list[dict]) -> str:
        return listed([number(r["k"]) for r in chosen], style="numbers")

    def share(value: float) -> str:
        return percent(value, decimals=0)

    if not losses:
        sentence = t("banking.finding.warnings.always_wins", depths=depths(wins))
    elif not wins:
        sentence = t("banking.finding.warnings.never_wins")
    else:
        deep = max(wins, key=lambda r: r["autoencoder"] - r["isolation_forest"])
        shallow = max(losses, key=lambda r: r["isolation_forest"] - r["autoencoder"])
        sentence = t("banking.finding.warnings.split", win_depths=depths(wins), loss_depths=depths(losses),
                     deep_ours=share(deep["autoencoder"]), deep_forest=share(deep["isolation_forest"]), deep_k=deep["k"],
                     shallow_ours=share(shallow["autoencoder"]), shallow_forest=share(shallow["isolation_forest"]),
                     shallow_k=shallow["k"])
    detail = t("banking.finding.warnings.detail", period=period_label(report.period), depths=listed(
        [t("banking.finding.warnings.depth_item", k=r["k"], ours=share(r["autoencoder"]),
           forest=share(r["isolation_forest"])) for r in rows], style="semicolon"),
        random=percent(rows[0]["random"], decimals=2))
    return Finding(t("banking.finding.warnings.label"),
                   t("banking.finding.warnings.value", wins=len(wins), count=len(rows)), sentence, detail)


def period_label(period: str) -> str:
    """The shipped report's scoring period ("1 October - 31 December 2024") in the reader's language; another
    period (an uploaded report's) as written."""
    return t("banking.period.q4_2024") if period == "1 October - 31 December 2024" else period


def product_finding(results: dict) -> Finding:
    """Product suggestions: the profile-and-holdings model's Recall@5 against suggesting the most popular
    products (the named baseline), with the ceiling no model can expect to beat."""
    recall = {r["recommender"]: r["recall_at_5"] for r in results["results"]}
    name = next(k for k in recall if k.startswith("Conditional"))
    ours, popular = recall[name], recall["Popularity"]
    ceiling = next((v for k, v in recall.items() if k.startswith("Oracle")), None)
    values = {"ours": percent(ours, decimals=0), "popular": percent(popular, decimals=0)}
    if ceiling is None:
        sentence = t("banking.finding.products", **values)
    else:
        sentence = t("banking.finding.products.with_ceiling", ceiling=percent(ceiling, decimals=0), **values)
    return Finding(t("banking.finding.products.label"), percent(ours, decimals=0), sentence,
                   t("banking.finding.products.detail", customers=results["test_customers"]))


def faq_finding(results: dict, chinese: dict | None = None) -> Finding:
    """The FAQ assistant: questions answered right first time by meaning-based search against keyword search
    (TF-IDF, the named baseline), and, given `chinese` (the Chinese assistant's figures on its held-out
    paraphrases, as in faq_zh.json), the Chinese assistant's share beside it, so neither language's figure stands for both."""
    semantic, keyword = results["results"]["semantic"], results["results"]["tfidf"]
    values = {"semantic": percent(semantic["top1_accuracy"], decimals=0),
              "keyword": percent(keyword["top1_accuracy"], decimals=0),
              "handover": percent(semantic["handover_share"], decimals=0)}
    detail = t("banking.finding.faq.detail", questions=int(semantic["questions"]),
               top3=percent(semantic["top3_accuracy"], decimals=0))
    if chinese is None:
        return Finding(t("banking.finding.faq.label"), values["semantic"], t("banking.finding.faq", **values), detail)
    in_chinese = percent(chinese["results"]["bm25"]["top1_accuracy"], decimals=0)
    return Finding(t("banking.finding.faq.label.both"),
                   t("banking.finding.faq.value.both", english=values["semantic"], chinese=in_chinese),
                   t("banking.finding.faq.with_chinese", chinese=in_chinese, **values), detail)


def bank_findings(fraud: RebalancingReport, credit: RebalancingReport, warnings: RiskWarningReport,
                  products: dict, faq: dict, faq_chinese: dict | None = None) -> list[Finding]:
    """The banking demo's findings in page order: card fraud, loan defaults, risk warnings, products, FAQ (with the
    Chinese assistant's figures when given)."""
    return [rebalancing_finding(fraud, "fraud", t("banking.portfolio.fraud")),
            rebalancing_finding(credit, "default", t("banking.portfolio.credit")),
            risk_warning_finding(warnings), product_finding(products), faq_finding(faq, faq_chinese)]
