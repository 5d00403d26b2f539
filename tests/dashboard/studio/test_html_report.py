"""The HTML report export: self-contained, complete, and safe with hostile column names."""

import re
from html import escape
from html.parser import HTMLParser

from dashboard.studio.report import ColumnDistribution
from engines.evaluation import EXPLANATIONS
from tests.dashboard.studio.conftest import make_report


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def _report():
    report = make_report("gan-1", 0.83, 0.61, efficacy=0.9)
    report.generator = "Tabular GAN"
    report.distributions = [
        ColumnDistribution("<script>alert(1)</script>", "categorical", "TVComplement", 0.9, ["a", "<b>"],
                           [0.5, 0.5], [0.4, 0.6]),
        ColumnDistribution("income", "numeric", "KSComplement", 0.7, ["0 to 1", "1 to 2"], [0.3, 0.7],
                           [0.6, 0.4], [0.0, 1.0], [1.0, 2.0]),
    ]
    report.association_columns = ["income", "<script>alert(1)</script>"]
    report.association_real = [[1.0, 0.4], [0.4, 1.0]]
    report.association_synthetic = [[1.0, 0.1], [0.1, 1.0]]
    report.privacy.dcr_bin_edges = [0.0, 0.5, 1.0]
    report.privacy.dcr_synthetic_share = [0.3, 0.7]
    report.privacy.dcr_holdout_share = [0.6, 0.4]
    report.loss_history = [{"epoch": 1.0, "step": 10.0, "loss": 2.0}, {"epoch": 2.0, "step": 20.0, "loss": 1.0}]
    return report


def test_report_is_self_contained_and_complete():
    """No script, no external resource; scores, baseline deltas, leaderboard and every section are in the file."""
    # Setup
    from dashboard.studio.html_report import html_report

    report = _report()
    baseline = make_report("copula-1", 0.75, 0.9, efficacy=0.8, kind="gaussian_copula")
    # Run
    html = html_report(report, baseline, [report, baseline], simulated_note="Simulated data")
    parsed = _Collector()
    parsed.feed(html)
    # Assert
    assert "script" not in parsed.tags and parsed.urls == []
    assert not re.search(r"https?://", html)
    assert "0.830" in html and "+0.080 vs Gaussian copula baseline (0.750)" in html
    assert "★ best" in html and "Simulated data" in html
    assert escape(EXPLANATIONS["membership_inference_auc"]) in html
    for section in ("Scores", "Leaderboard", "Column by column", "Relationships between columns", "Privacy",
                    "Machine-learning efficacy", "Training"):
        assert f"<h2>{section}" in html
    assert parsed.tags.count("svg") == 5  # two columns, the heatmap, the distances, the losses


def test_text_from_the_data_is_escaped():
    """A column named like a script tag appears as text, never as markup."""
    # Setup
    from dashboard.studio.html_report import html_report

    # Run
    html = html_report(_report())
    # Assert
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;" in html


def test_report_follows_the_language_chosen():
    """In Chinese the report is marked zh-Hans with a Chinese font stack, its sections, generator, risk and
    explanations are in Chinese, and a keyed note (the example's badge) is worded in Chinese too."""
    # Setup
    from dashboard.i18n import Message, translate
    from dashboard.studio.html_report import html_report

    report = _report()
    baseline = make_report("copula-1", 0.75, 0.9, efficacy=0.8, kind="gaussian_copula")
    # Run
    html = html_report(report, baseline, [report, baseline], simulated_note=Message("studio.example.badge"),
                       language="zh")
    # Assert
    assert "<html lang='zh-Hans'>" in html and "Noto Sans CJK SC" in html
    for section in ("得分", "排行榜", "逐列对比", "列间关系", "隐私", "机器学习效用", "训练过程"):
        assert f"<h2>{section}" in html
    assert "表格 GAN" in html and "★ 最佳" in html and translate("zh", "studio.example.badge") in html
    assert escape(translate("zh", "studio.explain.membership_inference_auc")) in html
    assert "<h2>Scores" not in html and "vs Gaussian copula baseline" not in html
