"""The layers the README promises, checked on the source (ast only: nothing is imported, so it runs in a second).

pages -> dashboard -> engines, and dashboard -> sample_data: engines is a library that knows no UI and no shipped
data; dashboard never reaches up into a page; the command line (aigc_lab) is a front end at the pages' level, beside
them: it uses dashboard and engines, nothing below imports it, and it runs no SQL and no Streamlit of its own; a page is layout over dashboard modules, so it imports neither torch
nor DuckDB; all SQL lives in dashboard/data; sample_data (the datasets, their simulators and catalogue) is the
leaf. Every rule scans every .py file on disk under its folders, so a new module is covered at once. There is no
allow-list: a rule that needs an exception should be changed here, in the open, with its reason."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("pages", "streamlit_app.py")
# Everything the app and its tools are made of; tests/ may use DuckDB and SQL to check the data layer's answers.
APP = ("dashboard", "engines", "pages", "streamlit_app.py", "sample_data", "benchmarks", "docs", "aigc_lab")
DATA_LAYER = ROOT / "dashboard" / "data"


@dataclass(frozen=True)
class ImportRule:
    """Modules under ``where`` must not import any of ``forbidden`` (a package or any module inside it)."""

    name: str
    where: tuple[str, ...]
    forbidden: tuple[str, ...]


IMPORT_RULES = [
    ImportRule("engines is a library: no UI, no app, no shipped data", ("engines",),
               ("streamlit", "dashboard", "pages", "streamlit_app", "sample_data", "aigc_lab")),
    ImportRule("dashboard never imports a page or the command line", ("dashboard",),
               ("pages", "streamlit_app", "aigc_lab")),
    ImportRule("the command line is a front end: tables through dashboard.data, no pages", ("aigc_lab",),
               ("pages", "streamlit_app", "streamlit", "duckdb")),
    ImportRule("a page is layout: models and SQL are reached through dashboard", PAGES, ("torch", "duckdb")),
    ImportRule("sample_data is the leaf: data, simulators and their catalogue only", ("sample_data",),
               ("dashboard", "engines", "pages", "streamlit_app", "streamlit", "aigc_lab")),
]
# Running SQL: a database driver, or a call of a method that runs a query on a connection or on SessionDatabase.
SQL_DRIVERS = ("duckdb", "sqlite3", "sqlalchemy")
SQL_METHODS = frozenset({"execute", "executemany", "sql", "query_frame", "read_sql", "read_sql_query",
                         "read_sql_table", "from_query"})
# SQL text (upper-case keywords, as this codebase writes SQL); docstrings are prose and are skipped.
SQL_TEXT = re.compile(r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|"
                      r"\b(?:CREATE|DROP)\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW|SCHEMA)\b")


def _python_files(*where: str) -> list[Path]:
    files = []
    for entry in where:
        path = ROOT / entry
        files += [path] if path.suffix == ".py" else sorted(path.rglob("*.py"))
    return [f for f in files if "__pycache__" not in f.parts]


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def _imported_modules(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, module) of every absolute import, wherever it is (function bodies and TYPE_CHECKING blocks too),
    and of importlib.import_module / __import__ called with a literal name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and (getattr(node.func, "attr", None) == "import_module" or getattr(node.func, "id", None) == "__import__")):
            found.append((node.lineno, node.args[0].value))
    return found


def _is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def _docstring_nodes(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def sql_outside_data_layer(path: Path) -> list[str]:
    """What in ``path`` runs SQL or holds SQL text: a driver import, a query-running call, an SQL string."""
    tree = _tree(path)
    problems = [f"{_where(path, line)} imports {module}" for line, module in _imported_modules(tree)
                if any(_is_within(module, driver) for driver in SQL_DRIVERS)]
    docstrings = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_METHODS:
            problems.append(f"{_where(path, node.lineno)} calls .{node.func.attr}(...)")
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
              and SQL_TEXT.search(node.value)):
            problems.append(f"{_where(path, node.lineno)} holds SQL text {node.value[:40]!r}")
    return problems


@pytest.mark.parametrize("rule", IMPORT_RULES, ids=lambda rule: rule.where[0])
def test_imports_point_one_way(rule):
    """No module imports across its layer's boundary."""
    # Run
    broken = [f"{_where(path, line)} imports {module}"
              for path in _python_files(*rule.where) for line, module in _imported_modules(_tree(path))
              if any(_is_within(module, forbidden) for forbidden in rule.forbidden)]

    # Assert
    assert broken == [], f"{rule.name}:\n" + "\n".join(broken)


def test_sql_lives_only_in_the_data_layer():
    """Outside dashboard/data nothing imports a database driver, runs a query or carries SQL text."""
    # Run
    files = [path for path in _python_files(*APP) if DATA_LAYER not in path.parents]
    broken = [problem for path in files for problem in sql_outside_data_layer(path)]

    # Assert
    assert len(files) > 100
    assert broken == [], "SQL belongs in dashboard/data/*_queries.py:\n" + "\n".join(broken)


@pytest.mark.parametrize("page", _python_files(*PAGES), ids=lambda path: path.name)
def test_every_page_starts_the_same_way(page):
    """Docstring, imports, then setup_page(...) as the first statement, and no import after it (page_setup)."""
    # Setup
    body = _tree(page).body
    has_docstring = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    statements = body[1:] if has_docstring else body
    first = next(i for i, node in enumerate(statements) if not isinstance(node, (ast.Import, ast.ImportFrom)))
    call = statements[first]

    # Assert
    assert has_docstring, f"{page.name} has no docstring saying what the page shows"
    assert (isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)
            and getattr(call.value.func, "id", None) == "setup_page"), \
        f"{page.name}:{call.lineno}: the first statement after the imports must be setup_page(...)"
    late = [node.lineno for node in statements[first:] if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert late == [], f"{page.name}: imports after setup_page at lines {late}"


def test_the_checks_see_what_they_look_for():
    """The scanners find a forbidden import, a query call and SQL text in a snippet (guards the guard)."""
    # Setup
    snippet = ast.parse('import duckdb\nfrom dashboard.data import x\nimportlib.import_module("streamlit")\n'
                        'db.query_frame("SELECT 1 FROM t")\n"""docstring SELECT a FROM b"""\n')

    # Run
    modules = [module for _, module in _imported_modules(snippet)]
    calls = [n.func.attr for n in ast.walk(snippet) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr in SQL_METHODS]

    # Assert
    assert modules == ["duckdb", "dashboard.data", "streamlit"]
    assert calls == ["query_frame"]
    assert SQL_TEXT.search("SELECT *\nFROM t") and not SQL_TEXT.search("Select the table to explore")
    assert _is_within("dashboard.data", "dashboard") and not _is_within("dashboards", "dashboard")
