"""The message catalogues and the locale formatting behind the lab's two languages (dashboard/i18n.py)."""

import datetime as dt
import io
import pickle
import re
import string
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.data.errors import UploadError
from dashboard.glossary import TERMS, chinese_glossary
from dashboard.i18n import LANGUAGES, Message, catalogue, compact, localised, money, money_compact, percent, translate

ROOT = Path(__file__).resolve().parents[2]
# A literal key handed to one of the lookups: t("..."), translate(lang, "..."), Message("..."), .keyed("...").
_KEY_USE = re.compile(r"""(?:\bt|translate\([^,()]+,|Message|\.keyed)\(\s*f?["']([a-z0-9_.\-]+)["']""")
_KEY_SHAPED_LITERAL = re.compile(r"""["']([a-z][a-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)+)["']""")


def _forms(entry) -> list[str]:
    return list(entry.values()) if isinstance(entry, dict) else [entry]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _source_files() -> list[Path]:
    paths = [ROOT / "streamlit_app.py", *(ROOT / "pages").glob("*.py")]
    return paths + [path for folder in ("dashboard", "engines") for path in (ROOT / folder).rglob("*.py")]


def test_both_catalogues_have_the_same_keys_and_the_same_placeholders():
    """A key missing in either language fails, and so does a translation that drops or invents a value."""
    # Setup
    english, chinese = catalogue("en"), catalogue("zh")

    # Assert
    assert set(LANGUAGES) == {"en", "zh"}
    assert sorted(set(english) ^ set(chinese)) == []
    for key in english:
        english_names = set().union(*(_placeholders(form) for form in _forms(english[key])))
        for form in _forms(chinese[key]):
            assert _placeholders(form) <= english_names, key
        assert all(form.strip() for form in _forms(english[key]) + _forms(chinese[key])), key


def test_a_key_lives_in_one_file_of_its_catalogue():
    """The app's catalogue and the engines' catalogue never hold the same key (one would silently win)."""
    # Run / Assert
    for language in LANGUAGES:
        parts = list(i18n.catalogue_parts(language).values())
        seen: set[str] = set()
        for part in parts:
            assert seen.isdisjoint(part), sorted(seen & set(part))
            seen |= set(part)


def test_plural_entries_have_the_forms_each_language_needs():
    """English plural entries have "one" and "other"; Chinese ones "other" (CLDR: Chinese has no plural)."""
    # Run / Assert
    for key, entry in catalogue("en").items():
        if isinstance(entry, dict):
            assert set(entry) == {"one", "other"}, key
            assert set(catalogue("zh")[key]) == {"other"}, key


def test_every_key_is_used_in_the_code():
    """No unused keys: each key appears literally in a lookup, or belongs to a documented dynamic family."""
    # Setup
    sources = "\n".join(path.read_text(encoding="utf-8") for path in _source_files())
    used = set(_KEY_USE.findall(sources)) | set(_KEY_SHAPED_LITERAL.findall(sources))

    # Run
    unused = [key for key in catalogue("en") if key not in used and not key.startswith(i18n.DYNAMIC_KEY_PREFIXES)]

    # Assert
    assert unused == []


def test_every_key_looked_up_in_the_code_exists():
    """A literal t("...") / Message("...") / keyed("...") key that is in no catalogue is a missing translation."""
    # Setup
    sources = "\n".join(path.read_text(encoding="utf-8") for path in _source_files())

    # Run
    missing = sorted({key for key in _KEY_USE.findall(sources) if key not in catalogue("en")
                      and not key.endswith(".")})

    # Assert
    assert missing == []


def test_every_glossary_term_has_its_chinese_name_and_meaning():
    """The Chinese glossary covers every term and every topic, and no term it does not know."""
    # Setup
    chinese = chinese_glossary()

    # Assert
    assert set(chinese["terms"]) == {term.term for term in TERMS}
    assert set(chinese["topics"]) == {term.topic for term in TERMS}
    assert all(re.search(r"[\u4e00-\u9fff]", plain + meaning) for plain, meaning in chinese["terms"].values())


def test_numbers_percentages_money_and_dates_follow_the_locale():
    """Babel formats for each language; Chinese headline figures use 万 and 亿, English K/M/B."""
    # Run / Assert
    assert percent(0.1234, language="en") == "12.3%" and percent(0.1234, language="zh") == "12.3%"
    assert money(1234.5, language="en") == "$1,234.50"
    assert money(1234.5, language="zh") == "US$1,234.50"
    assert compact(123_456_789, language="zh") == "1.23亿"
    assert compact(1_234_567, language="zh") == "123.46万"
    assert compact(1_234_567, language="en") == "1.23M"
    assert compact(12_345, language="zh") == "12,345"  # below 100,000 a figure is written in full
    assert money_compact(12_345_678, language="en") == "$12.35M"
    assert "万" in money_compact(12_345_678, language="zh")
    assert i18n.date(dt.date(2026, 11, 26), language="zh") == "2026年11月26日"
    assert i18n.date(dt.date(2026, 11, 26), language="en") == "Nov 26, 2026"


def test_plural_forms_and_digit_grouping_in_sentences():
    """One and many read differently in English; ints are grouped for the locale; Chinese has one form."""
    # Run
    one = translate("en", "sql.result.rows", count=1, seconds="0.01")
    many = translate("en", "sql.result.rows", count=12345, seconds="0.01")
    chinese = translate("zh", "sql.result.rows", count=12345, seconds="0.01")

    # Assert
    assert one.startswith("1 row in") and many.startswith("12,345 rows in")
    assert chinese.startswith("12,345 行")


def test_messages_and_keyed_errors_render_in_the_chosen_language(monkeypatch):
    """A data-layer message is its English text for Python, and the catalogue's text in the page's language;
    it survives pickling (jobs hand results between processes)."""
    # Setup
    note = Message("upload.note.padded_rows", count=2, line="7")
    error = UploadError.keyed("upload.error.empty", file="销售.csv")

    # Run
    monkeypatch.setattr(i18n, "current_language", lambda: "zh")
    chinese_note, chinese_error = localised(note), localised(error)

    # Assert
    assert str(note).startswith("2 rows had fewer values") and "line 7" in note
    assert "第 7 行" in chinese_note and "“销售.csv”是空文件" in chinese_error
    assert str(error).startswith("'销售.csv' is empty")
    copy = pickle.loads(pickle.dumps(note))
    assert copy == note and copy.key == note.key and copy.values == note.values


def test_the_language_comes_from_the_browser_locale_only_for_chinese():
    """zh-CN, zh-TW and zh pick Chinese; anything else, or no locale, English."""
    # Run / Assert
    assert [i18n.language_from_locale(code) for code in ("zh-CN", "zh-TW", "zh", "en-GB", "fr-FR", None)] == \
        ["zh", "zh", "zh", "en", "en", "en"]


@pytest.mark.parametrize(("encoding", "expected", "text"), [
    ("gbk", "gb18030", "城市,销售额,客户名称\n北京,1200,张三\n上海,980,李四\n广州,450,王五\n"),
    ("big5", "big5", "城市,銷售額,客戶名稱\n台北,1200,陳大文\n高雄,980,林小明\n台中,450,王美麗\n"),
    ("cp1252", "latin-1", "name,city\nJosé,Málaga\nRené,Zürich\nFrançois,Besançon\n"),
])
def test_legacy_encodings_are_told_apart(encoding, expected, text):
    """A Chinese Excel CSV (GBK), a Traditional-Chinese one (Big5) and a Western one get their own encoding."""
    # Run / Assert
    from dashboard.data.ingest import legacy_encoding

    assert legacy_encoding(text.encode(encoding)) == expected


def test_a_gbk_csv_uploads_with_its_chinese_intact_and_says_so(tmp_path):
    """A GBK file made here loads with readable Chinese values and a note naming GB18030 (not Latin-1)."""
    # Setup
    from dashboard.data import SessionDatabase

    content = "城市,销售额\n北京,1200\n上海,980\n".encode("gbk")
    database = SessionDatabase()
    try:
        # Run
        result = database.add_upload("销售.csv", io.BytesIO(content), len(content))
        frame = database.query_frame(f"SELECT * FROM {result.table.sql_name}")

        # Assert
        assert list(frame.columns) == ["城市", "销售额"] and frame["城市"].tolist() == ["北京", "上海"]
        assert any("GB18030" in note for note in result.notes)
        assert not any("Latin-1" in note or "UTF-8 text" in note for note in result.notes)
    finally:
        database.close()


def test_every_page_and_group_of_the_sidebar_has_its_name_in_both_languages():
    """A new page in dashboard/navigation.py needs nav.<url_path>.label and .summary (and its group) in both
    catalogues, or the Chinese sidebar would show it in English."""
    # Setup
    from dashboard.navigation import PAGES

    # Run
    keys = {key for page in PAGES for key in (f"nav.{page.url_path or 'Home'}.label",
                                              f"nav.{page.url_path or 'Home'}.summary", f"nav.group.{page.group}")}

    # Assert
    assert sorted(key for key in keys if key not in catalogue("en") or key not in catalogue("zh")) == []


def test_engine_notes_and_errors_carry_keys_the_dashboard_renders(monkeypatch):
    """An attempt log's notes and a too-small interaction log's error are English for Python and Chinese on a
    Chinese page (engines.messages.Note, EngineError keys)."""
    # Setup
    import pandas as pd

    from engines.errors import InvalidDataError
    from engines.recommend import InteractionMatrix
    from engines.sequence.knowledge_tracing import attempt_log_from_frame

    frame = pd.DataFrame({"student": ["a", "a", "b", None], "skill": ["s", "t", "s", "s"], "correct": [1, 0, 1, 1]})

    # Run
    log = attempt_log_from_frame(frame, "student", "skill", "correct")
    with pytest.raises(InvalidDataError) as refused:
        InteractionMatrix.from_log(pd.DataFrame({"user": [1, 1], "item": [1, 2]}), "user", "item")
    monkeypatch.setattr(i18n, "current_language", lambda: "zh")

    # Assert
    assert "1 row(s) without a student" in log.notes[0]
    assert localised(log.notes[0]) == "有 1 行缺少学生、技能或是否答对，已被排除。"
    assert pickle.loads(pickle.dumps(log.notes[0])).key == log.notes[0].key
    assert "用户" in localised(refused.value)
