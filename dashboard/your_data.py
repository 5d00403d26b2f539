"""The shared "Your data" flow, without Streamlit: upload a table -> map its columns to the roles a scenario
needs (with guesses) -> check the mapping -> prepare the scenario's model input -> compare models in a
background job.

A scenario (e-commerce, education, banking) supplies only a `YourDataScenario`: its column roles, how to
prepare the mapped table, and the steps of its comparison. The widgets live in `dashboard.your_data_view`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from dashboard.data import SessionDatabase
from dashboard.data.column_queries import column_summary
from dashboard.jobs import BackgroundJob, StepWork
from engines.errors import InvalidDataError

ColumnKind = Literal["time", "binary", "few_values"]
FEW_VALUES = 12  # at most this many distinct values: a column that can split the rows into readable groups
TIME_HINTS = ("timestamp", "time", "date")
T = TypeVar("T")


@dataclass(frozen=True)
class TableColumn:
    """A column of the uploaded table as the guesser sees it: its name, DuckDB type and (when counted) how
    many distinct values it holds."""

    name: str
    sql_type: str
    distinct_values: int | None = None

    def is_kind(self, kind: ColumnKind) -> bool:
        """Whether the column's type or values fit `kind`."""
        if kind == "time":
            return self.sql_type.upper().startswith(("DATE", "TIMESTAMP"))
        if self.distinct_values is None:
            return False
        return self.distinct_values == 2 if kind == "binary" else self.distinct_values <= FEW_VALUES


@dataclass(frozen=True)
class ColumnRole:
    """One thing a comparison needs from the table (the user, the label, ...), and how to find its column.

    `hints` are name fragments, best first; `kind` ranks columns of a fitting type or value count first, and
    with `only_kind` the picker offers only those. An optional role is left empty unless a name matches, since
    filling it changes how the comparison runs."""

    name: str
    label: str
    hints: tuple[str, ...] = ()
    required: bool = True
    kind: ColumnKind | None = None
    only_kind: bool = False
    noun: str = ""

    @property
    def what(self) -> str:
        """How messages name the role ("user", "correctness")."""
        return self.noun or self.name

    @property
    def shown_name(self) -> str:
        """How a message in the reader's language names the role: its label when the label is a catalogue
        Message (dashboard.i18n), else the English ``what``."""
        from dashboard.i18n import Message  # noqa: PLC0415

        return self.label if isinstance(self.label, Message) else self.what

    def offers(self, column: TableColumn) -> bool:
        """Whether the picker lists `column` for this role. A time role also offers a column named like a time
        ("timestamp") whatever its type: logs often keep time as epoch seconds, which order just as well."""
        if not (self.only_kind and self.kind) or column.is_kind(self.kind):
            return True
        return self.kind == "time" and _name_match(self, column.name) is not None


@dataclass(frozen=True)
class ColumnMapping:
    """The person's choices: which column of `table` holds each role (None for an unmapped optional role), and
    the scenario's own settings (event filters, strategies, ...)."""

    table: str
    columns: Mapping[str, str | None]
    settings: Mapping[str, Any] = field(default_factory=dict)

    def column(self, role: str) -> str | None:
        """The column mapped to `role`, or None."""
        return self.columns.get(role)

    def mapped(self) -> dict[str, str]:
        """Role -> column for the roles that are mapped."""
        return {role: column for role, column in self.columns.items() if column is not None}


@dataclass
class PreparedData(Generic[T]):
    """A checked mapping turned into the scenario's model input, a one-line summary and notes for the
    person."""

    mapping: ColumnMapping
    data: T
    summary: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class YourDataScenario:
    """What a scenario plugs into the shared flow. `key` prefixes its widget and session keys; `prepare` reads
    a checked mapping and raises InvalidDataError (or QueryError) with what to change; `comparison` gives the
    named steps of the background job, each taking the job's progress callback (which returns False once the
    person pressed Stop)."""

    key: str
    roles: tuple[ColumnRole, ...]
    prepare: Callable[[SessionDatabase, ColumnMapping], PreparedData]
    comparison: Callable[[PreparedData], list[tuple[str, StepWork]]]


def describe_table(db: SessionDatabase, sql_name: str, roles: Sequence[ColumnRole]) -> list[TableColumn]:
    """The table's columns for the pickers; values are counted only when a role needs them (one full scan)."""
    count = any(role.kind in ("binary", "few_values") for role in roles)
    summary = column_summary(db, sql_name, count_distinct=count)
    return [TableColumn(row.name, row.type, None if row.distinct_values is None else int(row.distinct_values))
            for row in summary.itertuples(index=False)]


def role_options(role: ColumnRole, columns: Sequence[TableColumn]) -> list[str | None]:
    """The choices a picker offers for `role`, in table order; optional roles start with None."""
    names = [column.name for column in columns if role.offers(column)]
    return names if role.required else [None, *names]


def _name_match(role: ColumnRole, name: str) -> tuple[int, int] | None:
    """(0 for an exact name, 1 for a name containing the hint; the hint's rank), or None."""
    lowered = name.lower()
    for rank, hint in enumerate(role.hints):
        if lowered == hint:
            return 0, rank
    for rank, hint in enumerate(role.hints):
        if hint in lowered:
            return 1, rank
    return None


def guess_columns(roles: Sequence[ColumnRole], columns: Sequence[TableColumn]) -> dict[str, str | None]:
    """A first mapping of every role, in role order, never giving one column to two roles while another is
    free.

    A name matching a hint wins (an exact name before a partial one, a fitting type before another, then the
    hints' order); a required role with no matching name takes the first free column of its kind, then the
    first free column; an optional role with no matching name stays empty."""
    taken: set[str] = set()
    guesses: dict[str, str | None] = {}
    for role in roles:
        offered = [column for column in columns if role.offers(column)]
        free = [column for column in offered if column.name not in taken]
        ranked = sorted(
            ((match[0], not (role.kind and column.is_kind(role.kind)), match[1], position), column)
            for position, column in enumerate(free) if (match := _name_match(role, column.name)) is not None
        )
        if ranked:
            guess = ranked[0][1].name
        elif role.required:
            of_kind = [column for column in free if role.kind and column.is_kind(role.kind)]
            fallback = of_kind or free or offered
            guess = fallback[0].name if fallback else None
        else:
            guess = None
        guesses[role.name] = guess
        if guess is not None:
            taken.add(guess)
    return guesses


def check_mapping(mapping: ColumnMapping, roles: Sequence[ColumnRole], column_names: Sequence[str]) -> None:
    """Raise InvalidDataError naming the role and the fix when a required role is unmapped, a mapped column is
    not in the table, or one column is mapped to two roles."""
    unknown = set(mapping.columns) - {role.name for role in roles}
    if unknown:
        raise ValueError(f"The mapping names roles this scenario does not have: {sorted(unknown)}.")
    present = set(column_names)
    used_by: dict[str, ColumnRole] = {}
    for role in roles:
        column = mapping.column(role.name)
        if column is None:
            if role.required:
                raise InvalidDataError(f"Pick a column for the {role.what}.", key="your_data.error.pick",
                                       role=role.shown_name)
            continue
        if column not in present:
            raise InvalidDataError(f"The table has no column {column!r} for the {role.what}; pick one from "
                                   "the list.", key="your_data.error.no_column", column=column, role=role.shown_name)
        if column in used_by:
            raise InvalidDataError(f"Pick a different column for each role: the {used_by[column].what} and "
                                   f"the {role.what} both use {column!r}.", key="your_data.error.same_column",
                                   first=used_by[column].shown_name, second=role.shown_name, column=column)
        used_by[column] = role


def prepare(db: SessionDatabase, scenario: YourDataScenario, mapping: ColumnMapping) -> PreparedData:
    """Check `mapping` against the table, then let the scenario read and prepare it."""
    check_mapping(mapping, scenario.roles, [name for name, _ in db.columns(mapping.table)])
    return scenario.prepare(db, mapping)


def comparison_job(scenario: YourDataScenario, prepared: PreparedData) -> BackgroundJob:
    """The scenario's comparison on `prepared` as a background job (one step per model or run), not started:
    pages submit it to the server's scheduler."""
    return BackgroundJob(scenario.comparison(prepared))


def start_comparison(scenario: YourDataScenario, prepared: PreparedData) -> BackgroundJob:
    """The comparison job started at once (scripts and tests)."""
    return comparison_job(scenario, prepared).start()


def finished_results(job: BackgroundJob, include_cancelled: bool = False) -> list:
    """The results of the job's finished steps, in order; failed steps (and cancelled ones, unless asked) are
    left out."""
    states = ("done", "cancelled") if include_cancelled else ("done",)
    return [step.result for step in job.snapshot() if step.state in states and step.result is not None]
