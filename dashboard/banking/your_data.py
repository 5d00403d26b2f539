"""The banking "Your data" scenario: an analyst's own labelled table (a fraud or default flag), its roles, and
the five-way rebalancing comparison (gradient boosting and a logistic scorecard) run on it in the background. The shared flow is in
`dashboard.your_data`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dashboard.data import SessionDatabase, bank_queries
from dashboard.i18n import Message
from dashboard.jobs import StepWork
from dashboard.your_data import TIME_HINTS, ColumnMapping, ColumnRole, PreparedData, YourDataScenario

if TYPE_CHECKING:  # the engines load only when a table is compared
    from engines.rebalancing.table import LabelledTable

# Shorter generator training than the shipped results, so a run on a laptop takes minutes, not a quarter hour.
INTERACTIVE_GENERATORS = {
    "gan": {"preset": "quick", "max_steps": 300, "batch_size": 300, "generator_dims": (128, 128),
            "critic_dims": (128, 128), "embedding_dim": 64},
    "vae": {"preset": "quick", "max_steps": 300, "batch_size": 300},
}
# Two seeds: intervals that also cover training noise, and a run of well under a minute on the shipped loans
# (`python -m benchmarks.bench_your_data`); up to 3 on request.
DEFAULT_SEEDS = 2
DEFAULT_MINORITY_SHARE = 0.25
ROLES = (
    ColumnRole("label", Message("banking.role.label"), kind="binary"),
    ColumnRole("time", Message("banking.role.time"), TIME_HINTS, required=False, kind="time", only_kind=True),
    ColumnRole("group", Message("banking.role.group"), required=False, kind="few_values", only_kind=True),
)


def prepare_table(db: SessionDatabase, mapping: ColumnMapping) -> PreparedData[LabelledTable]:
    """Read the uploaded table and check its label, features and split (`LabelledTable.from_frame` raises
    InvalidDataError with the fix for one class, more than two values or too few rare rows)."""
    from engines.rebalancing.table import LabelledTable

    table = LabelledTable.from_frame(bank_queries.labelled_table(db, mapping.table), mapping.column("label"),
                                     time_column=mapping.column("time"), group_column=mapping.column("group"))
    tested = int(table.is_test.sum())
    positive = table.positive_value.item() if hasattr(table.positive_value, "item") else table.positive_value
    summary = Message("banking.your_data.summary.by_time" if mapping.column("time") else
                      "banking.your_data.summary.file_order", rows=len(table.label), positives=int(table.label.sum()),
                      column=table.label_column, value=repr(positive), share=f"{table.label.mean():.2%}", tested=tested)
    # The table's own notes come back in the comparison report, which shows them.
    return PreparedData(mapping, table, summary)


def default_settings() -> dict:
    """The tab's settings before the analyst changes any: every strategy, `DEFAULT_SEEDS` seeds, a 25% target."""
    from engines.rebalancing.report import STRATEGY_LABELS

    return {"strategies": tuple(STRATEGY_LABELS), "seeds": DEFAULT_SEEDS, "minority_share": DEFAULT_MINORITY_SHARE}


def run_comparison(table: LabelledTable, settings: dict, on_progress=None):
    """The comparison the tab runs for `settings` (strategies, seeds, minority_share; plain training always
    included), with the tab's quicker generators and both classifiers. Benchmarks call it too, so the timing
    they print is the tab's."""
    from engines.rebalancing.comparison import compare_rebalancing

    strategies = ["none"] + [s for s in settings.get("strategies", ()) if s != "none"]
    seeds = tuple(range(int(settings.get("seeds", 1))))
    share = float(settings.get("minority_share", DEFAULT_MINORITY_SHARE))
    return compare_rebalancing(table, strategies, seeds=seeds, minority_share=share, on_progress=on_progress,
                               generator_params=INTERACTIVE_GENERATORS)


def comparison_steps(prepared: PreparedData[LabelledTable]) -> list[tuple[str, StepWork]]:
    """One job step: the comparison of the chosen strategies over the seeds."""
    settings = prepared.mapping.settings

    def work(report):
        # `report` returns False after Stop; the comparison then returns the seeds finished so far.
        return run_comparison(prepared.data, settings, on_progress=report)

    return [(Message("banking.your_data.step"), work)]


SCENARIO = YourDataScenario("bank", ROLES, prepare_table, comparison_steps)
