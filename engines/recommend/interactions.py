"""Interaction logs as a binary user x item matrix, validated at the boundary.

Every recommender here reads implicit feedback: who interacted with what, not how often.
`InteractionMatrix.from_log` turns a log (one row per event) into that matrix, keeps the original user and
item ids for the way back, and collects notes for the person (dropped blanks, duplicates counted once, text
ids read as labels). Problems that make the log unusable raise `InvalidDataError` with a message that says
what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from engines.errors import InvalidDataError
from engines.messages import Note

MIN_USERS = 2
MIN_ITEMS = 2


@dataclass(frozen=True)
class InteractionMatrix:
    """Users (rows) x items (columns), 1.0 where the user interacted with the item at least once."""

    matrix: sp.csr_matrix
    user_ids: np.ndarray
    item_ids: np.ndarray
    notes: tuple[str, ...] = field(default=())
    # Same sparsity as `matrix`: when each user first met each item, in seconds since 1970 (None without
    # times).
    first_seen: sp.csr_matrix | None = None

    @property
    def n_users(self) -> int:
        """Number of rows."""
        return self.matrix.shape[0]

    @property
    def n_items(self) -> int:
        """Number of columns (the catalogue)."""
        return self.matrix.shape[1]

    @property
    def n_interactions(self) -> int:
        """Number of distinct (user, item) pairs."""
        return int(self.matrix.nnz)

    def user_rows(self, user_ids) -> np.ndarray:
        """Row positions of `user_ids` (InvalidDataError names the first unknown id)."""
        return _positions(self.user_ids, user_ids, "user")

    def item_columns(self, item_ids) -> np.ndarray:
        """Column positions of `item_ids` (InvalidDataError names the first unknown id)."""
        return _positions(self.item_ids, item_ids, "item")

    @classmethod
    def from_log(cls, log: pd.DataFrame, user_column: str = "user_id", item_column: str = "item_id",
                 item_ids: np.ndarray | None = None, time_column: str | None = None) -> InteractionMatrix:
        """Build the matrix from a log with one row per interaction.

        Rows with a blank user or item are dropped and repeated (user, item) pairs count once; both are
        reported in `notes`. Ids may be numbers or text: text ids are read as labels. `item_ids` fixes the
        catalogue (and its column order), for example to include products nobody has touched yet; log rows
        with other items are dropped with a note. With `time_column`, `first_seen` records when each user
        first met each item (rows whose time cannot be read count as the latest). Raises InvalidDataError when
        a column is missing or fewer than two users or two items remain.
        """
        if not isinstance(log, pd.DataFrame):
            raise InvalidDataError("The interaction log must be a table (a pandas DataFrame).",
                                   key="engine.interactions.not_a_table")
        for role, column in (("user", user_column), ("item", item_column), ("time", time_column)):
            if column is not None and column not in log.columns:
                raise InvalidDataError(
                    f"The log has no column {column!r} for the {role} id. Its columns are "
                    f"{', '.join(map(str, log.columns[:12]))}; pick the one that identifies the {role}.",
                    key=("engine.interactions.no_user_column" if role == "user"
                         else "engine.interactions.no_item_column" if role == "item"
                         else "engine.interactions.no_time_column"),
                    column=repr(column), role=role,
                    columns=', '.join(map(str, log.columns[:12]))
                )
        if user_column == item_column:
            raise InvalidDataError("The user and the item must come from two different columns.",
                                   key="engine.interactions.same_column")
        notes: list[str] = []
        pairs = log[[user_column, item_column]]
        seconds = _seconds(log[time_column], notes) if time_column is not None else None
        empty_text = pairs.astype("string").apply(lambda column: column.str.strip() == "")
        blank = pairs.isna().any(axis=1) | empty_text.any(axis=1)
        if blank.any():
            notes.append(Note(f"{int(blank.sum()):,} rows with a blank user or item id were left out.",
                              "interactions.note.blank", count=int(blank.sum())))
            pairs = pairs[~blank.to_numpy()]
            seconds = seconds[~blank.to_numpy()] if seconds is not None else None
        if pairs.empty:
            raise InvalidDataError("The log has no rows with both a user id and an item id.",
                                   key="engine.interactions.no_rows")
        for role, column in (("user", user_column), ("item", item_column)):
            if not pd.api.types.is_numeric_dtype(pairs[column]):
                notes.append(Note(f"The {role} ids in {column!r} are not numbers; each distinct text is one "
                                  f"{role}.", f"interactions.note.text_ids.{role}", column=str(column)))
        user_codes, users = pd.factorize(pairs[user_column], sort=True)
        if item_ids is None:
            item_codes, items = pd.factorize(pairs[item_column], sort=True)
            items = np.asarray(items)
        else:
            items = np.asarray(item_ids)
            item_codes = pd.Index(items).get_indexer(pairs[item_column])
            unknown = item_codes < 0
            if unknown.all():
                raise InvalidDataError("None of the log's items is in the catalogue it was matched against.",
                                       key="engine.interactions.no_catalogue_match")
            if unknown.any():
                notes.append(Note(f"{int(unknown.sum()):,} rows name items outside the catalogue and were left "
                                  "out.", "interactions.note.unknown_items", count=int(unknown.sum())))
                user_codes, users = pd.factorize(pairs[user_column][~unknown], sort=True)
                item_codes = item_codes[~unknown]
                seconds = seconds[~unknown] if seconds is not None else None
        matrix = sp.csr_matrix(
            (np.ones(len(user_codes), dtype=np.float32), (user_codes, item_codes)),
            shape=(len(users), len(items))
        )
        duplicates = int(matrix.sum() - matrix.nnz)
        if duplicates:
            notes.append(Note(f"{duplicates:,} repeated (user, item) rows were counted once: the models use who "
                              "interacted with what, not how often.", "interactions.note.duplicates",
                              count=int(duplicates)))
        matrix.data[:] = 1.0
        first_seen = None
        if seconds is not None:
            earliest = (pd.DataFrame({"u": user_codes, "i": item_codes, "t": seconds})
                        .groupby(["u", "i"], sort=False)["t"].min())
            first_seen = sp.csr_matrix((earliest.to_numpy(np.float64), (earliest.index.get_level_values(0),
                                                                       earliest.index.get_level_values(1))),
                                       shape=matrix.shape)
            first_seen.sort_indices()
        matrix.sort_indices()
        if matrix.shape[0] < MIN_USERS:
            raise InvalidDataError(
                f"The log holds {matrix.shape[0]} user; recommenders learn from what several users share. "
                f"Upload a log with at least {MIN_USERS} users (hundreds for a meaningful comparison).",
                key="interactions.error.few_users", count=int(matrix.shape[0]), needed=int(MIN_USERS))
        if int((matrix.getnnz(axis=0) > 0).sum()) < MIN_ITEMS:
            raise InvalidDataError(f"The log holds fewer than {MIN_ITEMS} distinct items; there is nothing "
                                   "to rank.", key="interactions.error.few_items", needed=int(MIN_ITEMS))
        return cls(matrix, np.asarray(users), items, tuple(notes), first_seen)


def as_binary_csr(data, n_items: int | None = None, argument: str = "interactions") -> sp.csr_matrix:
    """`data` (an InteractionMatrix, a scipy sparse matrix or a 2-D array) as a float32 CSR matrix of 0/1.

    Raises InvalidDataError when it is not 2-D, holds negative or non-finite values, or (when `n_items` is
    given) has a different number of columns than the model was fitted on."""
    if isinstance(data, InteractionMatrix):
        data = data.matrix
    if sp.issparse(data):
        matrix = sp.csr_matrix(data, dtype=np.float32, copy=True)
    else:
        try:
            array = np.asarray(data, dtype=np.float32)
        except (TypeError, ValueError):
            raise InvalidDataError(f"{argument} must be a user x item matrix of numbers.",
                                   key="engine.interactions.not_numbers", argument=argument) from None
        if array.ndim == 1:
            array = array[None, :]
        if array.ndim != 2:
            raise InvalidDataError(f"{argument} must be a 2-D user x item matrix; got {array.ndim} "
                                   "dimensions.",
                                   key="engine.interactions.not_2d", argument=argument, ndim=array.ndim)
        matrix = sp.csr_matrix(array)
    if matrix.nnz and (not np.isfinite(matrix.data).all() or (matrix.data < 0).any()):
        raise InvalidDataError(f"{argument} must hold 0/1 (or non-negative counts), with no blanks or "
                               "infinities.", key="engine.interactions.bad_values", argument=argument)
    if n_items is not None and matrix.shape[1] != n_items:
        raise InvalidDataError(
            f"{argument} has {matrix.shape[1]} item columns but the model was fitted on {n_items} items.",
            key="engine.interactions.item_count_mismatch", argument=argument, n_columns=matrix.shape[1],
            n_items=n_items
        )
    matrix.eliminate_zeros()
    matrix.data[:] = 1.0
    return matrix


def _seconds(times: pd.Series, notes: list[str]) -> np.ndarray:
    """Times as float seconds since 1970; unreadable or blank times become +inf (the latest) with a note."""
    if pd.api.types.is_numeric_dtype(times):
        values = times.to_numpy(np.float64)
    else:
        parsed = pd.to_datetime(times, errors="coerce", utc=True, format="mixed")
        values = (parsed - pd.Timestamp(0, tz="UTC")).dt.total_seconds().to_numpy(np.float64)
    bad = ~np.isfinite(values)
    if bad.all():
        raise InvalidDataError(f"No value of the time column {times.name!r} reads as a date or a number; "
                               "pick another column or none.",
                               key="engine.interactions.bad_time", column=repr(times.name))
    if bad.any():
        notes.append(f"{int(bad.sum()):,} rows have a time that cannot be read; they count as the most "
                     "recent.")
        values = np.where(bad, np.inf, values)
    return values


def _positions(known: np.ndarray, wanted, role: str) -> np.ndarray:
    wanted = np.atleast_1d(np.asarray(wanted))
    positions = pd.Index(known).get_indexer(wanted)
    if (positions < 0).any():
        raise InvalidDataError(f"Unknown {role} id {wanted[positions < 0][0]!r}.",
                               key=("engine.interactions.unknown_user" if role == "user"
                                    else "engine.interactions.unknown_item"), role=role,
                               id=repr(wanted[positions < 0][0]))
    return positions
