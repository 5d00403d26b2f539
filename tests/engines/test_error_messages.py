"""Every error the engines and the data layer raise on purpose names its catalogue message, in English and Chinese.

An error a person can read (`engines.errors.EngineError`, `dashboard.data.DataLayerError` and their subclasses)
carries a message ``key`` and the values the sentence names; the page guard renders the key in the reader's
language (dashboard.i18n.error_text). These tests read the source (AST) so that no raise site is forgotten, check
that each key's English entry says the same sentence as the English message the code keeps for Python callers,
and render a few real errors in both languages."""

from __future__ import annotations

import ast
import json
import re
import string
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from dashboard.i18n import catalogue, translate

ROOT = Path(__file__).resolve().parents[2]
BASE_ERRORS = {"EngineError", "DataLayerError"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _scanned_files() -> list[Path]:
    return sorted([*(ROOT / "engines").rglob("*.py"), *(ROOT / "dashboard").rglob("*.py")])


def _parsed() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in _scanned_files()}


def _error_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """The names of EngineError, DataLayerError and every class defined (anywhere scanned) on top of them."""
    names = set(BASE_ERRORS)
    grown = True
    while grown:
        grown = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        isinstance(base, ast.Name) and base.id in names for base in node.bases):
                    names.add(node.name)
                    grown = True
    return names


@lru_cache(maxsize=1)
def _error_calls() -> list[tuple[str, ast.Call]]:
    """Every call that builds one of those errors with a message (`raise X(...)`, `return X(...)`), by place."""
    trees = _parsed()
    classes = _error_classes(trees)
    calls = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in classes \
                    and node.args:
                calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def _literal_keys(node: ast.expr) -> list[str] | None:
    """The keys a `key=` argument can take: a literal, or a conditional between literals; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_keys(node.body), _literal_keys(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _entry_forms(key: str, language: str = "en") -> list[str]:
    entry = catalogue(language)[key]
    return list(entry.values()) if isinstance(entry, dict) else [entry]


def _message_shape(node: ast.expr) -> list[str] | None:
    """The literal text of an English message with one marker per value, or None when it is not written out
    (a variable): `f"Column {name!r} is empty."` -> ["Column ", None, " is empty."]."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [part.value if isinstance(part, ast.Constant) else None for part in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _message_shape(node.left), _message_shape(node.right)
        return None if left is None or right is None else left + right
    return None


def _comparable(pieces: list[str | None]) -> str:
    """Literal text with each value as one marker; quotes dropped, since a value passed as repr() in the code
    may be quoted by the catalogue entry instead."""
    return "".join("\x00" if piece is None else piece for piece in pieces).replace("'", "").replace('"', "")


def _entry_shape(text: str) -> list[str | None]:
    pieces: list[str | None] = []
    for literal, name, _, _ in string.Formatter().parse(text):
        pieces.append(literal)
        if name is not None:
            pieces.append(None)
    return pieces


def test_every_error_raised_on_purpose_names_its_catalogue_message():
    """No EngineError / DataLayerError is built without `key=` in engines/ and dashboard/ (none exempted)."""
    # Run
    unkeyed = [place for place, call in _error_calls() if not any(kw.arg == "key" for kw in call.keywords)]

    # Assert
    assert len(_error_calls()) > 250  # the scan sees the raise sites (about 300 when this was written)
    assert unkeyed == []


def test_each_key_exists_in_both_languages_and_gets_every_value_it_names():
    """The key of each error is in the English and Chinese catalogues, and the call passes every placeholder of
    the English entry (a missing one would raise KeyError on a Chinese page, where the error is shown)."""
    # Setup
    english, chinese = catalogue("en"), catalogue("zh")
    problems = []

    # Run
    for place, call in _error_calls():
        key_argument = next((kw.value for kw in call.keywords if kw.arg == "key"), None)
        keys = _literal_keys(key_argument) if key_argument is not None else None
        if keys is None:  # a key handed on from another error (dashboard/studio/model_files.py)
            continue
        passed = {kw.arg for kw in call.keywords if kw.arg not in (None, "key")}
        for key in keys:
            if key not in english or key not in chinese:
                problems.append(f"{place}: {key} is not in both catalogues")
                continue
            needed = set().union(*(_placeholders(form) for form in _entry_forms(key)))
            if not any(kw.arg is None for kw in call.keywords) and needed - passed:
                problems.append(f"{place}: {key} needs {sorted(needed - passed)}")

    # Assert
    assert problems == []


def test_the_english_entry_says_the_same_sentence_as_the_message_in_the_code():
    """Where the code writes its message out (a string or an f-string), the key's English entry has the same
    words around the same number of values, so a reader sees one sentence whichever way it is rendered (an entry
    with plural forms: one of its forms)."""
    # Setup
    english = catalogue("en")
    different = []

    # Run
    for place, call in _error_calls():
        key_argument = next((kw.value for kw in call.keywords if kw.arg == "key"), None)
        keys = _literal_keys(key_argument) if key_argument is not None else None
        shape = _message_shape(call.args[0])
        if not keys or len(keys) != 1 or shape is None or keys[0] not in english:
            continue  # conditional keys split one computed message; they are rendered below
        if all(_comparable(shape) != _comparable(_entry_shape(form)) for form in _entry_forms(keys[0])):
            different.append(f"{place}: {keys[0]}")

    # Assert
    assert different == []


def _assert_renders_in_both_languages(error: Exception) -> str:
    """The error's key renders as its English message in English and as Chinese in Chinese; returns the
    Chinese text."""
    assert error.key is not None, str(error)
    assert translate("en", error.key, **error.values) == str(error)
    chinese = translate("zh", error.key, **error.values)
    assert _CJK.search(chinese), chinese
    return chinese


def test_model_folders_that_are_missing_corrupt_or_foreign_are_explained_in_chinese(tmp_path):
    """A folder that does not exist, a model.json that is not JSON, weights that do not match and a folder of
    another kind each raise ModelFileError whose message reads in both languages."""
    # Setup
    import torch

    from engines.core.model import load_model
    from engines.core.persistence import MANIFEST_FILE, WEIGHTS_FILE, load_model_folder, save_model_folder
    from engines.errors import ModelFileError

    folder = save_model_folder(tmp_path / "model", kind="toy", config={"a": 1}, tensors={"w": torch.ones(2)})
    corrupt = save_model_folder(tmp_path / "corrupt", kind="toy", config={"a": 1}, tensors={"w": torch.ones(2)})
    (corrupt / MANIFEST_FILE).write_text("{not json", encoding="utf-8")
    changed = save_model_folder(tmp_path / "changed", kind="toy", config={"a": 1}, tensors={"w": torch.ones(2)})
    (changed / WEIGHTS_FILE).write_bytes((changed / WEIGHTS_FILE).read_bytes()[:-4])

    # Run
    errors = []
    for attempt in (lambda: load_model(tmp_path / "nowhere"), lambda: load_model_folder(corrupt),
                    lambda: load_model_folder(changed), lambda: load_model_folder(folder, expected_kind="other")):
        with pytest.raises(ModelFileError) as raised:
            attempt()
        errors.append(raised.value)

    # Assert
    assert [error.key for error in errors] == ["engine.persistence.no_folder", "engine.persistence.corrupt_manifest",
                                               "engine.persistence.weights_mismatch", "engine.persistence.wrong_kind"]
    chinese = [_assert_renders_in_both_languages(error) for error in errors]
    assert "没有模型文件夹" in chinese[0] and "nowhere" in chinese[0]
    assert "已损坏" in chinese[1]


def test_table_and_metadata_errors_are_explained_in_chinese():
    """An empty table, an unknown metadata column, metadata that do not match the table and a bad parameter."""
    # Setup
    from engines.core.metadata import TableMetadata, check_table
    from engines.core.validation import check_non_negative_int, check_positive_int
    from engines.errors import InvalidDataError, InvalidParameterError

    metadata = TableMetadata({"age": "integer", "city": "categorical"})

    # Run
    errors = []
    for attempt in (lambda: check_table(pd.DataFrame()),
                    lambda: metadata.update_column("income", "continuous"),
                    lambda: metadata.validate(pd.DataFrame({"age": [1, 2], "town": ["a", "b"]})),
                    lambda: metadata.validate(pd.DataFrame({"age": [1, 2]})),
                    lambda: check_positive_int("epochs", 0),
                    lambda: check_non_negative_int("max_steps", -1, zero_means="no limit"),
                    lambda: check_non_negative_int("max_steps", -1)):
        with pytest.raises((InvalidDataError, InvalidParameterError)) as raised:
            attempt()
        errors.append(raised.value)

    # Assert
    assert [error.key for error in errors] == [
        "engine.metadata.no_columns", "engine.metadata.unknown_column", "engine.metadata.mismatch_both",
        "engine.metadata.mismatch_missing", "engine.validation.min_int",
        "engine.validation.non_negative_int_meaning", "engine.validation.non_negative_int"]
    chinese = [_assert_renders_in_both_languages(error) for error in errors]
    assert "'income'" in chinese[1] and "age, city" in chinese[1]
    assert "epochs" in chinese[4]


def test_asking_for_cuda_without_a_gpu_is_explained_in_chinese():
    """device='cuda' on a machine without CUDA raises DeviceNotAvailableError in both languages."""
    # Setup
    import torch

    from engines.core.device import resolve_device
    from engines.errors import DeviceNotAvailableError

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")

    # Run
    with pytest.raises(DeviceNotAvailableError) as raised:
        resolve_device("cuda")

    # Assert
    assert raised.value.key == "engine.device.cuda_missing"
    assert "CUDA" in _assert_renders_in_both_languages(raised.value)


def test_a_missing_or_damaged_shipped_file_names_its_rebuild_command_in_chinese(tmp_path, monkeypatch):
    """ShippedResultsError for a missing and for a damaged file: the Chinese text keeps the command to run."""
    # Setup
    from dashboard import shipped
    from dashboard.data import ShippedResultsError

    monkeypatch.setattr(shipped, "CHECKPOINTS_DIR", tmp_path)
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "broken.npz").write_bytes(b"not a zip file")
    results = shipped.ShippedResults("demo", "Demo", "dashboard.demo.build", "about a minute")

    # Run
    errors = []
    for name in ("absent.json", "broken.npz"):
        with pytest.raises(ShippedResultsError) as raised:
            results.arrays(name)
        errors.append(raised.value)

    # Assert
    assert [error.key for error in errors] == ["shipped.missing", "shipped.damaged"]
    for error in errors:
        assert "`python -m dashboard.demo.build`" in _assert_renders_in_both_languages(error)


def test_an_all_right_attempt_log_is_explained_in_chinese():
    """A knowledge-tracing fit on a log where every answer is right: one message per case, both languages."""
    # Setup
    from engines.errors import InvalidDataError
    from engines.sequence.knowledge_tracing import attempt_log_from_frame
    from engines.sequence.kt_bkt import BayesianKnowledgeTracer

    frame = pd.DataFrame({"student": ["a", "a", "b"], "skill": ["s", "t", "s"], "correct": [1, 1, 1]})
    log = attempt_log_from_frame(frame, "student", "skill", "correct")

    # Run
    with pytest.raises(InvalidDataError) as raised:
        BayesianKnowledgeTracer().fit(log)

    # Assert
    assert raised.value.key == "engine.knowledge_tracing.all_right"
    assert "都是对的" in _assert_renders_in_both_languages(raised.value)


def test_the_engine_catalogue_files_are_sorted_and_written_as_the_app_writes_them():
    """engine.en.json / engine.zh.json keep the project's layout (sorted keys, indent 1, Chinese unescaped)."""
    # Run / Assert
    for language in ("en", "zh"):
        path = ROOT / "dashboard" / "locales" / f"engine.{language}.json"
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        assert all(key.startswith(("engine.", "data.", "shipped.")) for key in json.loads(text))


@pytest.mark.parametrize(("user_column", "item_column", "key", "role_in_chinese"), [
    ("customer", "item", "engine.interactions.no_user_column", "用户"),
    ("user", "product", "engine.interactions.no_item_column", "商品"),
])
def test_a_log_without_the_chosen_id_column_names_the_role_in_chinese(user_column, item_column, key,
                                                                       role_in_chinese):
    """The role (user or item) is part of the sentence, so each role has its own key and reads as Chinese."""
    # Setup
    from engines.errors import InvalidDataError
    from engines.recommend import InteractionMatrix

    log = pd.DataFrame({"user": [1, 2], "item": [3, 4]})

    # Run
    with pytest.raises(InvalidDataError) as raised:
        InteractionMatrix.from_log(log, user_column, item_column)

    # Assert
    assert raised.value.key == key
    assert role_in_chinese in _assert_renders_in_both_languages(raised.value)


def test_a_note_inside_an_error_is_worded_in_the_readers_language():
    """What 0 means ("no limit") is a note inside the sentence: the Chinese error says it in Chinese too."""
    # Setup
    from engines.core.validation import check_non_negative_int
    from engines.errors import InvalidParameterError

    # Run
    with pytest.raises(InvalidParameterError) as caught:
        check_non_negative_int("max_steps", -1, zero_means="no limit")
    error = caught.value

    # Assert
    assert translate("en", error.key, **error.values) == str(error)
    chinese = translate("zh", error.key, **error.values)
    assert "不设上限" in chinese and "no limit" not in chinese
