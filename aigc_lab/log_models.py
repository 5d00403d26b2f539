"""`recommend` and `tracing` on the command line: an interaction or attempt log mapped to the roles of the app's
"Your data" scenarios (`dashboard.ecommerce.your_data`, `dashboard.education.your_data`), with the same
checks, preparation, models and held-out scores as the pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from aigc_lab.console import EXIT_USAGE, CommandError, ProgressBar, note, result_line
from dashboard.data.large_tables import open_table_files
from dashboard.your_data import ColumnMapping, PreparedData, YourDataScenario, describe_table, guess_columns, prepare


def _recommend_scenario() -> YourDataScenario:
    from dashboard.ecommerce.your_data import SCENARIO  # noqa: PLC0415

    return SCENARIO


def _tracing_scenario() -> YourDataScenario:
    from dashboard.education.your_data import SCENARIO  # noqa: PLC0415

    return SCENARIO


SCENARIOS: dict[str, Callable[[], YourDataScenario]] = {"recommend": _recommend_scenario,
                                                         "tracing": _tracing_scenario}


def _prepared(family: str, table: str, columns: dict[str, str | None], memory_limit: str
              ) -> tuple[PreparedData, object]:
    """The log read, its columns mapped (given ones as given, the rest guessed as the page guesses them),
    checked and prepared by the scenario."""
    scenario = SCENARIOS[family]()
    source = open_table_files(table, memory_limit=memory_limit)
    try:
        for line in source.notes:
            note(line)
        given = {role: column for role, column in columns.items() if column is not None}
        guessed = guess_columns(scenario.roles, describe_table(source.database, source.sql_name, scenario.roles))
        # A column given for one role is not guessed for another.
        mapping = {role.name: given.get(role.name, None if guessed[role.name] in given.values()
                                        else guessed[role.name]) for role in scenario.roles}
        shown = ", ".join(f"{role}={column}" for role, column in mapping.items() if column is not None)
        note(f"Columns: {shown} (change them with the --...-col options).")
        prepared = prepare(source.database, scenario, ColumnMapping(source.sql_name, mapping))
    finally:
        source.close()
    note(prepared.summary)
    for line in prepared.notes:
        note(str(line))
    return prepared, scenario


def evaluate_log(family: str, table: str, columns: dict[str, str | None], models: list[str] | None,
                 memory_limit: str) -> None:
    """Train the scenario's models on the log and print their held-out scores, best first as the page does."""
    prepared, scenario = _prepared(family, table, columns, memory_limit)
    steps = scenario.comparison(prepared)
    if models:
        wanted = {_plain(name) for name in models}
        unknown = wanted - {_plain(label) for label, _ in steps}
        if unknown:
            raise CommandError(f"Unknown model {sorted(unknown)[0]!r}; choose from: "
                               f"{', '.join(label for label, _ in steps)}.", EXIT_USAGE)
        steps = [(label, work) for label, work in steps if _plain(label) in wanted]
    rows = []
    for label, work in steps:
        with ProgressBar(f"Training {label}") as bar:
            result = work(bar)
        rows.append(result[1] if isinstance(result, tuple) else result)
    table_text = pd.DataFrame(rows).to_string(index=False, float_format=lambda value: f"{value:.4f}")
    for line in table_text.splitlines():
        result_line(line)


def fit_log_model(family: str, table: str, columns: dict[str, str | None], model_name: str, out: Path,
                  memory_limit: str) -> None:
    """Fit one model on every user / student of the log and save it to `out`."""
    from engines.core import distributed  # noqa: PLC0415

    makers = _model_makers(family)
    if _plain(model_name) not in makers:
        raise CommandError(f"Unknown model {model_name!r}; choose one of: {', '.join(makers)}.", EXIT_USAGE)
    group = distributed.start("auto")
    try:
        prepared, _ = _prepared(family, table, columns, memory_limit)
        data = prepared.data.interactions if family == "recommend" else prepared.data.log
        model = makers[_plain(model_name)](data)
        with ProgressBar(f"Fitting {model.label}") as bar:
            model.fit(data, on_progress=bar)
        if group.is_main:
            out.mkdir(parents=True, exist_ok=True)
            model.save(out)
            result_line(f"Saved {model.label} ({model.kind}) to {out}: fitted in {model.fit_seconds_:.1f} s, "
                        f"{model.training_steps_:,} training steps.")
    finally:
        distributed.stop()


def _model_makers(family: str) -> dict[str, Callable[[object], object]]:
    if family == "recommend":
        from dashboard.ecommerce.your_data import generative_step_budget  # noqa: PLC0415
        from engines.recommend import (  # noqa: PLC0415
            EASERecommender, ItemKNNRecommender, MultVAERecommender, PopularityRecommender, RecVAERecommender,
            tune_ease_l2,
        )

        return {
            "mult-vae": lambda data: MultVAERecommender(max_steps=generative_step_budget(data.n_items)),
            "recvae": lambda data: RecVAERecommender(max_steps=generative_step_budget(data.n_items)),
            "ease": lambda data: EASERecommender(l2=tune_ease_l2(data.matrix)),
            "item-knn": lambda data: ItemKNNRecommender(),
            "popularity": lambda data: PopularityRecommender(),
        }
    from dashboard.education.your_data import DKT_SECONDS_BUDGET  # noqa: PLC0415
    from engines.sequence.knowledge_tracing import (  # noqa: PLC0415
        BayesianKnowledgeTracer, DeepKnowledgeTracer, LogisticKnowledgeTracer,
    )

    return {
        "dkt": lambda data: DeepKnowledgeTracer(max_seconds=DKT_SECONDS_BUDGET),
        "bkt": lambda data: BayesianKnowledgeTracer(),
        "logistic": lambda data: LogisticKnowledgeTracer(),
    }


def _plain(name: str) -> str:
    return "".join(ch for ch in name.lower().split("(")[0] if ch.isalnum() or ch == "-").strip("-")
