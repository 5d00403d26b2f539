"""SQL for the Education page: platform KPIs, attempts over time, accuracy by skill and by difficulty, the
struggling-student list, one student's history, the tables the models need, and the columns of an uploaded
attempt log. Every function takes the session's database; the shipped platform lives in the `education` schema."""

from __future__ import annotations

import pandas as pd

from dashboard.data.database import SessionDatabase, qualified, quote_identifier
from dashboard.data.errors import QueryError

PLATFORM = "education"
MAX_LOG_ROWS = 2_000_000
DIFFICULTY_BANDS = ((-99, -1.0, "very easy"), (-1.0, -0.3, "easy"), (-0.3, 0.3, "medium"), (0.3, 1.0, "hard"),
                    (1.0, 99, "very hard"))


def platform_kpis(db: SessionDatabase) -> dict[str, object]:
    """Students, attempts, share correct, skills, exercises, first and last attempt, median attempts per student."""
    return db.query_frame(f"""
        WITH per_student AS (SELECT student_id, count(*) AS n FROM {PLATFORM}.attempts GROUP BY student_id)
        SELECT (SELECT count(*) FROM per_student) AS students,
               (SELECT sum(n) FROM per_student) AS attempts,
               (SELECT avg(correct) FROM {PLATFORM}.attempts) AS accuracy,
               (SELECT count(*) FROM {PLATFORM}.skills) AS skills,
               (SELECT count(*) FROM {PLATFORM}.exercises) AS exercises,
               (SELECT median(n) FROM per_student) AS median_attempts,
               (SELECT min(attempted_at) FROM {PLATFORM}.attempts) AS first_attempt,
               (SELECT max(attempted_at) FROM {PLATFORM}.attempts) AS last_attempt""").iloc[0].to_dict()


def weekly_activity(db: SessionDatabase) -> pd.DataFrame:
    """Per week: `week`, `attempts`, `active_students`, `accuracy` (share of answers correct)."""
    return db.query_frame(f"""
        SELECT date_trunc('week', attempted_at) AS week, count(*) AS attempts,
               count(DISTINCT student_id) AS active_students, avg(correct) AS accuracy
        FROM {PLATFORM}.attempts GROUP BY 1 ORDER BY 1""")


def accuracy_by_skill(db: SessionDatabase) -> pd.DataFrame:
    """Per skill: `skill_id`, `skill_name`, `domain`, `typical_year`, `attempts`, `students`, `accuracy`, and
    `first_try_accuracy` (accuracy of each student's first attempt on the skill)."""
    return db.query_frame(f"""
        WITH ranked AS (SELECT skill_id, student_id, correct,
                               row_number() OVER (PARTITION BY student_id, skill_id
                                                  ORDER BY attempted_at, attempt_id) AS nth
                        FROM {PLATFORM}.attempts)
        SELECT s.skill_id, s.skill_name, s.domain, s.typical_year, count(*) AS attempts,
               count(DISTINCT r.student_id) AS students, avg(r.correct) AS accuracy,
               avg(r.correct) FILTER (WHERE nth = 1) AS first_try_accuracy
        FROM ranked r JOIN {PLATFORM}.skills s USING (skill_id)
        GROUP BY ALL ORDER BY s.typical_year, s.skill_id""")


def accuracy_by_difficulty(db: SessionDatabase) -> pd.DataFrame:
    """Accuracy per exercise-difficulty band and skill domain: `band`, `band_order`, `domain`, `attempts`,
    `accuracy`."""
    cases = " ".join(f"WHEN e.difficulty >= {low} AND e.difficulty < {high} THEN '{name}'"
                     for low, high, name in DIFFICULTY_BANDS)
    orders = " ".join(f"WHEN e.difficulty >= {low} AND e.difficulty < {high} THEN {i}"
                      for i, (low, high, _) in enumerate(DIFFICULTY_BANDS))
    return db.query_frame(f"""
        SELECT CASE {cases} END AS band, CASE {orders} END AS band_order, s.domain, count(*) AS attempts,
               avg(a.correct) AS accuracy
        FROM {PLATFORM}.attempts a JOIN {PLATFORM}.exercises e USING (exercise_id)
             JOIN {PLATFORM}.skills s ON s.skill_id = a.skill_id
        GROUP BY ALL ORDER BY band_order, s.domain""")


def struggling_students(db: SessionDatabase, recent_attempts: int = 20, min_attempts: int = 20,
                        limit: int = 50) -> pd.DataFrame:
    """Students with at least `min_attempts` whose last `recent_attempts` answers are mostly wrong, weakest first:
    `student_id`, `cohort`, `prior_attainment`, `attempts`, `recent_accuracy`, `overall_accuracy`,
    `current_skill` (skill of the last attempt), `attempts_on_current_skill`, `last_attempt`."""
    return db.query_frame(f"""
        WITH ordered AS (
            SELECT a.*, row_number() OVER (PARTITION BY student_id ORDER BY attempted_at DESC, attempt_id DESC) AS back
            FROM {PLATFORM}.attempts a),
        summary AS (
            SELECT student_id, count(*) AS attempts, avg(correct) AS overall_accuracy,
                   avg(correct) FILTER (WHERE back <= ?) AS recent_accuracy,
                   max(attempted_at) AS last_attempt, arg_min(skill_id, back) AS current_skill_id
            FROM ordered GROUP BY student_id HAVING count(*) >= ?),
        on_current AS (
            SELECT o.student_id, count(*) AS attempts_on_current_skill
            FROM ordered o JOIN summary s ON s.student_id = o.student_id AND o.skill_id = s.current_skill_id
            GROUP BY o.student_id)
        SELECT s.student_id, st.cohort, st.prior_attainment, s.attempts, s.recent_accuracy, s.overall_accuracy,
               k.skill_name AS current_skill, c.attempts_on_current_skill, s.last_attempt
        FROM summary s JOIN {PLATFORM}.students st USING (student_id)
             JOIN {PLATFORM}.skills k ON k.skill_id = s.current_skill_id
             JOIN on_current c USING (student_id)
        WHERE s.recent_accuracy < 0.5
        ORDER BY s.recent_accuracy, s.attempts DESC LIMIT ?""", [int(recent_attempts), int(min_attempts), int(limit)])


def student_choices(db: SessionDatabase) -> pd.DataFrame:
    """Every student with `attempts`, `accuracy`, `cohort` and `prior_attainment`, most active first."""
    return db.query_frame(f"""
        SELECT a.student_id, count(*) AS attempts, avg(a.correct) AS accuracy, st.cohort, st.prior_attainment
        FROM {PLATFORM}.attempts a JOIN {PLATFORM}.students st USING (student_id)
        GROUP BY ALL ORDER BY attempts DESC, a.student_id""")


def student_attempts(db: SessionDatabase, student_id: int) -> pd.DataFrame:
    """One student's attempts in time order with skill names and exercise difficulty (no ground-truth columns)."""
    return db.query_frame(f"""
        SELECT a.attempt_id, a.attempted_at, a.student_id, a.skill_id, s.skill_name, a.exercise_id, e.difficulty,
               a.correct
        FROM {PLATFORM}.attempts a JOIN {PLATFORM}.skills s USING (skill_id)
             JOIN {PLATFORM}.exercises e USING (exercise_id)
        WHERE a.student_id = ? ORDER BY a.attempted_at, a.attempt_id""", [int(student_id)])


def accuracy_by_attempt_number(db: SessionDatabase, max_attempts: int) -> pd.DataFrame:
    """The real students' share right at their 1st, 2nd, ... answer (`attempt`, `accuracy`), up to `max_attempts`:
    the curve a synthetic cohort is compared with."""
    return db.query_frame(f"""
        SELECT nth AS attempt, avg(correct) AS accuracy FROM (
            SELECT correct, row_number() OVER (PARTITION BY student_id ORDER BY attempted_at, attempt_id) AS nth
            FROM {PLATFORM}.attempts) WHERE nth <= ? GROUP BY nth ORDER BY nth""", [int(max_attempts)])


def skills(db: SessionDatabase) -> pd.DataFrame:
    """The skills: `skill_id`, `skill_name`, `domain`, `typical_year`."""
    return db.query_frame(f"SELECT * FROM {PLATFORM}.skills ORDER BY typical_year, skill_id")


def skill_prerequisites(db: SessionDatabase) -> pd.DataFrame:
    """Prerequisite links: `skill_id` needs `prerequisite_skill_id`."""
    return db.query_frame(f"SELECT skill_id, prerequisite_skill_id FROM {PLATFORM}.skill_prerequisites")


def exercises(db: SessionDatabase) -> pd.DataFrame:
    """The exercises: `exercise_id`, `skill_id`, `difficulty`."""
    return db.query_frame(f"SELECT exercise_id, skill_id, difficulty FROM {PLATFORM}.exercises ORDER BY exercise_id")


def table_column_names(db: SessionDatabase, sql_name: str) -> list[str]:
    """The column names of a table of this session, in order."""
    return list(db.query_frame(f"SELECT * FROM {qualified(sql_name)} LIMIT 0").columns)


def attempt_log_columns(db: SessionDatabase, sql_name: str, columns: dict[str, str],
                        max_rows: int = MAX_LOG_ROWS) -> tuple[pd.DataFrame, int]:
    """The mapped columns (role -> column name) of an uploaded attempt log, renamed to their roles, in file
    order (at most `max_rows` rows), and the table's total row count."""
    present = set(table_column_names(db, sql_name))
    for role, column in columns.items():
        if column not in present:
            raise QueryError(f"The table has no column {column!r} for the {role}; pick one from the list.",
                             key="your_data.error.no_column", column=column, role=role)
    select = ", ".join(f"{quote_identifier(column)} AS {quote_identifier(role)}" for role, column in columns.items())
    frame = db.query_frame(f"SELECT {select} FROM {qualified(sql_name)} LIMIT ?", [int(max_rows)])
    return frame, db.row_count(sql_name)
