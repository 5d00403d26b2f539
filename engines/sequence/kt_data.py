"""Attempt logs for knowledge tracing: validating a table of answers and holding it as per-student sequences.

An attempt log is one row per answer: who answered (student), on what (skill, optionally an exercise), whether it
was right (correct), optionally when (timestamp). `attempt_log_from_frame` checks such a table, explains anything
it cannot use, and returns an `AttemptLog`: attempts grouped by student in answer order (CSR layout: `offsets`),
skills and exercises encoded as integer indices into `skills` / `exercises`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from engines.errors import InvalidDataError
from engines.messages import Note

UNKNOWN_EXERCISE = -1

_TRUE_WORDS = {"1", "1.0", "true", "t", "yes", "y", "correct", "right"}
_FALSE_WORDS = {"0", "0.0", "false", "f", "no", "n", "incorrect", "wrong"}


@dataclass(frozen=True)
class AttemptLog:
    """Answers grouped by student, in the order each student gave them.

    Attempts of student `i` are rows `offsets[i]:offsets[i + 1]` of `skill`, `exercise`, `correct` and
    `source_rows` (the row of each attempt in the table it came from). `exercise` is -1 where unknown. `notes`
    says what was cleaned on the way in (dropped rows, re-ordering), in words for the person who uploaded it.
    """

    students: np.ndarray
    offsets: np.ndarray
    skill: np.ndarray
    exercise: np.ndarray
    correct: np.ndarray
    skills: tuple[str, ...]
    exercises: tuple[str, ...] = ()
    source_rows: np.ndarray | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_students(self) -> int:
        return int(self.students.size)

    @property
    def n_attempts(self) -> int:
        return int(self.skill.size)

    @property
    def n_skills(self) -> int:
        return len(self.skills)

    @property
    def n_exercises(self) -> int:
        return len(self.exercises)

    @property
    def lengths(self) -> np.ndarray:
        """Number of attempts of each student."""
        return np.diff(self.offsets)

    @property
    def student_of_attempt(self) -> np.ndarray:
        """Index (into `students`) of the student who made each attempt."""
        return np.repeat(np.arange(self.n_students), self.lengths)

    @property
    def position(self) -> np.ndarray:
        """0 for a student's first attempt, 1 for the second, ..."""
        return np.arange(self.n_attempts) - np.repeat(self.offsets[:-1], self.lengths)

    def student_index(self, student: object) -> int:
        """The index of `student` (as it appears in `students`), or InvalidDataError."""
        matches = np.flatnonzero(self.students.astype(str) == str(student))
        if matches.size == 0:
            raise InvalidDataError(f"Student {student!r} has no attempts in this log.",
                                   key="engine.attempt_log.unknown_student", student=repr(student))
        return int(matches[0])

    def attempt_rows(self, student_index: int) -> slice:
        """The attempt rows of one student."""
        return slice(int(self.offsets[student_index]), int(self.offsets[student_index + 1]))

    def subset(self, student_indices: np.ndarray) -> AttemptLog:
        """The log of some students only (same skill and exercise vocabulary), in the order given."""
        student_indices = np.asarray(student_indices, dtype=np.int64)
        lengths = self.lengths[student_indices]
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        rows = np.concatenate([np.arange(self.offsets[i], self.offsets[i + 1]) for i in student_indices]) \
            if student_indices.size else np.zeros(0, dtype=np.int64)
        return replace(
            self, students=self.students[student_indices], offsets=offsets, skill=self.skill[rows],
            exercise=self.exercise[rows], correct=self.correct[rows],
            source_rows=None if self.source_rows is None else self.source_rows[rows],
        )

    def with_vocabulary(self, skills: tuple[str, ...], exercises: tuple[str, ...]) -> AttemptLog:
        """The same log encoded with another skill / exercise vocabulary (a fitted model's).

        Skills the vocabulary does not know raise `InvalidDataError`; unknown exercises become -1 (the model then
        uses the skill's typical exercise)."""
        if tuple(skills) == self.skills and tuple(exercises) == self.exercises:
            return self
        skill_position = {name: i for i, name in enumerate(skills)}
        unknown = [name for name in self.skills if name not in skill_position]
        if unknown:
            raise InvalidDataError(
                f"The model was trained without the skill(s) {', '.join(map(repr, unknown[:5]))}"
                f"{' ...' if len(unknown) > 5 else ''}; train it on data that includes them.",
                key="engine.attempt_log.unknown_skills", skills=', '.join(map(repr, unknown[:5])),
                more=' ...' if len(unknown) > 5 else ''
            )
        skill_map = np.array([skill_position[name] for name in self.skills], dtype=np.int64)
        exercise_position = {name: i for i, name in enumerate(exercises)}
        exercise_map = np.array([exercise_position.get(name, UNKNOWN_EXERCISE) for name in self.exercises] + [-1],
                                dtype=np.int64)
        return replace(self, skill=skill_map[self.skill] if self.skill.size else self.skill,
                       exercise=exercise_map[self.exercise], skills=tuple(skills), exercises=tuple(exercises))

    def to_frame(self) -> pd.DataFrame:
        """One row per attempt: student, skill, exercise (None when unknown), correct, position."""
        exercise_names = np.asarray(list(self.exercises) + [None], dtype=object)
        return pd.DataFrame({
            "student": self.students[self.student_of_attempt] if self.n_attempts else [],
            "skill": np.asarray(self.skills, dtype=object)[self.skill] if self.n_attempts else [],
            "exercise": exercise_names[self.exercise] if self.n_attempts else [],
            "correct": self.correct.astype(np.int64),
            "position": self.position,
        })


def correctness_values(column: pd.Series, name: str = "correct") -> np.ndarray:
    """Turn a correctness column into 0/1 integers, accepting booleans, 0/1 numbers and words such as
    true/false, yes/no, correct/incorrect. Anything else raises `InvalidDataError` quoting the bad values."""
    if pd.api.types.is_bool_dtype(column):
        return column.astype(np.int8).to_numpy()
    if pd.api.types.is_numeric_dtype(column):
        values = column.to_numpy(dtype=np.float64)
        bad = ~np.isin(values, (0.0, 1.0))
        if bad.any():
            examples = sorted({f"{v:g}" for v in values[bad]})[:5]
            raise InvalidDataError(
                f"Column '{name}' must say whether each answer was right, as 0/1 or true/false; it also holds "
                f"{', '.join(examples)}. Scores or partial credit must be turned into right (1) / wrong (0) first, "
                "for example 1 when the score is full marks.",
                key="engine.attempt_log.not_binary", column=name, examples=', '.join(examples)
            )
        return values.astype(np.int8)
    text = column.astype(str).str.strip().str.lower()
    is_true, is_false = text.isin(_TRUE_WORDS), text.isin(_FALSE_WORDS)
    bad = ~(is_true | is_false)
    if bad.any():
        examples = sorted(set(column[bad].astype(str)))[:5]
        raise InvalidDataError(
            f"Column '{name}' must say whether each answer was right (1/0, true/false, yes/no or "
            f"correct/incorrect); it also holds {', '.join(map(repr, examples))}.",
            key="engine.attempt_log.bad_correct_values", column=name, examples=', '.join(map(repr, examples))
        )
    return is_true.to_numpy().astype(np.int8)


def attempt_log_from_frame(
    frame: pd.DataFrame,
    student: str = "student_id",
    skill: str = "skill_id",
    correct: str = "correct",
    timestamp: str | None = None,
    exercise: str | None = None,
    min_students: int = 1,
) -> AttemptLog:
    """Check an attempt table and turn it into an `AttemptLog`.

    `student`, `skill` and `correct` name the required columns; `timestamp` and `exercise` are optional. Rows are
    put in answer order per student: by `timestamp` when given (the file order breaks ties; unsorted files are
    fine), else in file order. Rows missing a student, skill or correctness are dropped with a note; a
    correctness column that is not binary, a timestamp column that is not a date, too few students
    (`min_students`) or no usable row at all raise `InvalidDataError` with what to do.
    """
    if not isinstance(frame, pd.DataFrame):
        raise InvalidDataError("The attempt log must be a table (a pandas DataFrame).",
                               key="engine.attempt_log.not_a_table")
    wanted = {"student": student, "skill": skill, "correct": correct}
    if timestamp:
        wanted["timestamp"] = timestamp
    if exercise:
        wanted["exercise"] = exercise
    missing = [f"{role} column '{name}'" for role, name in wanted.items() if name not in frame.columns]
    if missing:
        present = ", ".join(map(repr, list(frame.columns)[:12]))
        raise InvalidDataError(
            f"The attempt log has no {' and no '.join(missing)}. Its columns are: {present}. An attempt log needs one "
            "row per answer with a student, a skill and whether the answer was correct (timestamp and exercise "
            "are optional); pick the matching columns.",
            key="engine.attempt_log.missing_roles", missing=' and no '.join(missing), present=present
        )
    if len(set(wanted.values())) < len(wanted):
        raise InvalidDataError("Each role (student, skill, correct, timestamp, exercise) needs its own column.",
                               key="engine.attempt_log.shared_column")
    notes: list[str] = []
    table = pd.DataFrame({role: frame[name].reset_index(drop=True) for role, name in wanted.items()})
    table["row"] = np.arange(len(table))
    required = ["student", "skill", "correct"]
    incomplete = table[required].isna().any(axis=1)
    if incomplete.any():
        notes.append(Note(f"{int(incomplete.sum()):,} row(s) without a student, skill or correctness were left out.",
                          "kt.note.incomplete", count=int(incomplete.sum())))
        table = table[~incomplete]
    if table.empty:
        raise InvalidDataError("The attempt log has no row with a student, a skill and a correctness value.",
                               key="engine.attempt_log.no_complete_rows")
    table["correct"] = correctness_values(table["correct"], correct)
    order = ["student", "row"]
    if timestamp:
        times = table["timestamp"]
        if not pd.api.types.is_datetime64_any_dtype(times):
            if pd.api.types.is_numeric_dtype(times):
                converted = times.astype(np.float64)
            else:
                converted = pd.to_datetime(times, errors="coerce", format="mixed")
                unreadable = converted.isna() & times.notna()
                if unreadable.mean() > 0.5:
                    raise InvalidDataError(
                        f"Column '{timestamp}' does not look like dates or times (for example "
                        f"{str(times[unreadable].iloc[0])!r}); pick another timestamp column or none.",
                        key="kt.error.not_times", column=str(timestamp), example=str(times[unreadable].iloc[0]))
            table["timestamp"] = converted
        undated = table["timestamp"].isna()
        if undated.any():
            notes.append(Note(f"{int(undated.sum()):,} row(s) without a timestamp were kept after their student's "
                              "dated answers.", "kt.note.undated", count=int(undated.sum())))
        keys = table["timestamp"]
        student_codes = pd.factorize(table["student"].astype(str))[0]
        time_rank = keys.rank(method="first", na_option="bottom").to_numpy()
        out_of_order = pd.Series(time_rank).groupby(student_codes).diff().lt(0).any()
        if out_of_order:
            notes.append(Note("Rows were not in time order; each student's answers were sorted by timestamp.",
                              "kt.note.sorted"))
        order = ["student", "timestamp", "row"]
    table["student"] = table["student"].astype(str)
    table["skill"] = table["skill"].astype(str)
    table = table.sort_values(order, kind="stable", na_position="last")

    students, student_codes = np.unique(table["student"].to_numpy(), return_inverse=True)
    if students.size < min_students:
        raise InvalidDataError(
            f"The attempt log has answers from {students.size} student(s); this needs at least {min_students} so "
            "that the models can be checked on students they were not trained on. Add more students' answers.",
            key="kt.error.few_students", count=int(students.size), needed=int(min_students))
    skills, skill_codes = np.unique(table["skill"].to_numpy(), return_inverse=True)
    exercises: tuple[str, ...] = ()
    exercise_codes = np.full(len(table), UNKNOWN_EXERCISE, dtype=np.int64)
    if exercise:
        known = table["exercise"].notna().to_numpy()
        names, codes = np.unique(table["exercise"][known].astype(str).to_numpy(), return_inverse=True)
        exercises = tuple(str(n) for n in names)
        exercise_codes[known] = codes
    lengths = np.bincount(student_codes, minlength=students.size)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    per_skill = np.bincount(skill_codes, minlength=skills.size)
    if (per_skill == 1).any():
        notes.append(Note(f"{int((per_skill == 1).sum())} skill(s) have a single attempt; the models know almost "
                          "nothing about them.", "kt.note.single_attempt", count=int((per_skill == 1).sum())))
    return AttemptLog(
        students=students.astype(object), offsets=offsets, skill=skill_codes.astype(np.int64),
        exercise=exercise_codes, correct=table["correct"].to_numpy().astype(np.int8),
        skills=tuple(str(s) for s in skills), exercises=exercises,
        source_rows=table["row"].to_numpy().astype(np.int64), notes=tuple(notes),
    )


def split_students(log: AttemptLog, test_fraction: float = 0.2, seed: int = 0) -> tuple[AttemptLog, AttemptLog]:
    """Split a log into training and held-out students (each student's whole history goes to one side)."""
    if not 0.0 < test_fraction < 1.0:
        raise InvalidDataError(f"test_fraction must be between 0 and 1; got {test_fraction!r}.",
                               key="engine.attempt_log.bad_test_fraction", test_fraction=repr(test_fraction))
    if log.n_students < 2:
        raise InvalidDataError(
            "Evaluating on held-out students needs at least 2 students; this log has one. Add more students.",
            key="engine.attempt_log.one_student"
        )
    order = np.random.default_rng(seed).permutation(log.n_students)
    n_test = min(max(1, int(round(log.n_students * test_fraction))), log.n_students - 1)
    return log.subset(np.sort(order[n_test:])), log.subset(np.sort(order[:n_test]))
