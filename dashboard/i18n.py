"""The lab in two languages: the chosen language, the one lookup function ``t`` and locale-aware formatting.

Every sentence a person reads lives in one JSON catalogue per language, ``dashboard/locales/en.json`` and
``zh.json``: flat ``{"key": "text"}`` maps, read with the standard library, diffed and reviewed like code, with no
compile step (gettext needs .mo files built from .po and a second toolchain for a two-language app). A text names
its values, ``"Loaded {rows} rows"``, and ``t(key, **values)`` fills them in, so a sentence is always translated
whole (word order differs between the languages; never join translated pieces). An entry that depends on a count
is an object of CLDR plural categories, ``{"one": "...", "other": "..."}``, and Babel picks the category for the
language (Chinese has only "other").

Values: pass ints as they are (``t`` groups their digits for the locale); format every other number with the
functions below (``number``, ``percent``, ``money``, ``compact``, ``date``) before passing it, so a figure reads the
same way on every page.

Large amounts in Chinese: figures of 100,000 and more are written with 万 (10^4) and 亿 (10^8) through Babel's
compact format (``compact`` and ``money_compact``: 1.23亿, US$1234.57万), because Chinese readers group digits by
four and read "1,234,567" slowly; smaller figures, and every figure in a table (where columns must compare digit by
digit), keep full digits with thousands separators. English uses K/M/B the same way.

The language: ``?lang=zh`` in the address wins, then the choice made earlier in this session, then the browser's
preferred language (``st.context.locale``), else English. ``language_switch()`` draws the sidebar control and keeps
the address in step. Engines and the data layer never call ``t``: their errors carry a message key and values
(``engines.errors.EngineError.key``), which ``error_text`` renders here.
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
_BABEL_LOCALES = {"en": "en_US", "zh": "zh_Hans_CN"}
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
_LANGUAGE_KEY = "language"
_SWITCH_KEY = "language_switch"

# Pages whose every sentence comes from the catalogues; tests/pages/test_i18n_pages.py renders exactly these in
# both languages and scans the Chinese ones for English. Converting a page = moving its text into the catalogues
# and adding its script here.
CONVERTED_PAGES: tuple[str, ...] = (
    "streamlit_app.py",
    "pages/0_How_generative_AI_works.py",
    "pages/1_Data_Explorer.py",
    "pages/2_Synthetic_Data_Studio.py",
    "pages/3_E-commerce.py",
    "pages/4_Retail_Banking_Risk.py",
    "pages/5_Education.py",
    "pages/6_Marketing_and_creative.py",
    "pages/7_Trust_and_governance.py",
)

# Key families looked up with a computed name (the code holds only the prefix): the catalogue test counts every
# key under these prefixes as used. Keep the list short: a literal key is easier to find.
DYNAMIC_KEY_PREFIXES: tuple[str, ...] = (
    "nav.",  # dashboard.navigation: nav.<page>.label / .summary, nav.group.<group>
    "sample.",  # dashboard.table_widgets: sample.<schema>.title, sample.<table>.description
    "upload.error.not_a_table.",  # dashboard.data.ingest.not_a_table_reason codes
    "upload.note.encoding.",  # dashboard.data.ingest.LEGACY_ENCODINGS
    "upload.delimiter.",  # dashboard.data.database._delimiter_key
    "profile.kind.",  # dashboard.data.profile.column_kind
    "job.state.",  # dashboard.jobs step states
    "education.skill.",  # dashboard.education.page_data.skill_label: the platform's skill, domain and band names
    "education.tab.", "education.group.", "education.status.", "education.prior.", "education.reference.",
    "education.strategy.", "education.plan.reason.", "education.model.",  # dashboard.education.page_data codes
    "ecommerce.tab.", "ecommerce.segment.", "ecommerce.region.", "ecommerce.stage.", "ecommerce.model_note.",
    "interactions.note.text_ids.",  # engines.recommend.interactions: one note per id role
    "studio.explain.",  # dashboard.studio.labels.explanation: one line per evaluation figure
    "studio.verdict.",  # dashboard.studio.labels.verdict_sentence: <level> and <level>.with_distance
    "ecommerce.model_kind.", "ecommerce.model_name.", "ecommerce.store.cohort_by.", "ecommerce.content.mode.", "ecommerce.attribute.",
    "banking.value.",  # dashboard.banking.labels: strategies, classifiers, metrics, features, categories, products
    "banking.finding.rebalancing.", "banking.portfolio.", "banking.takeaway.", "banking.fairness.measure.",
    "banking.report.col.", "banking.report.accounts.", "banking.chart.",  # dashboard.banking findings, views, report
    "banking.provenance.language.", "banking.faq.takeaway.", "banking.list.",
    "marketing.attribute.", "marketing.pattern.", "marketing.channel.", "marketing.shape.", "marketing.design.",
    "marketing.tab.", "marketing.restyle.change.",  # dashboard.marketing.labels, studio.design_caption, the page
    "trust.card.",  # dashboard.trust.cards: trust.card.<model>.<part>, .metric.<name>, .baseline.<name>, .wording.<name>
    "trust.tab.", "trust.section.", "trust.action.", "trust.explain.model.", "trust.explain.was_bad.",
    "trust.explain.no_bad.", "trust.explain.bad.", "trust.fairness.measure.", "trust.group_column.", "trust.group.",
    "trust.privacy.measure.", "trust.provenance.verdict.", "trust.compute.col.", "trust.chart.rate.",  # trust views
)


# The files of one language's catalogue: the app's own texts, and the messages of the engines (their errors and
# notes, keys "engine.*"), which are reviewed apart from the pages' texts. A key lives in exactly one file.
CATALOGUE_FILES: tuple[str, ...] = ("{language}.json", "engine.{language}.json")


def catalogue_parts(language: str) -> dict[str, dict[str, Any]]:
    """Each file of ``language``'s catalogue by name, as read (missing files are empty)."""
    parts = {}
    for pattern in CATALOGUE_FILES:
        path = LOCALES_DIR / pattern.format(language=language)
        parts[path.name] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return parts


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, Any]:
    """The message catalogue of ``language`` (a code in LANGUAGES): its files merged, read once per process."""
    merged: dict[str, Any] = {}
    for part in catalogue_parts(language).values():
        merged.update(part)
    return merged


def _babel_locale(language: str | None = None) -> str:
    return _BABEL_LOCALES[language or current_language()]


def language_from_locale(browser_locale: str | None) -> str:
    """The lab's language for a browser locale such as "zh-CN" or "en-GB"; English for anything we lack."""
    if browser_locale and browser_locale.lower().startswith("zh"):
        return "zh"
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of this run: the address's ``?lang=``, the session's choice, the browser's, else English.
    Outside a Streamlit run (scripts, tests of plain functions) it is English."""
    try:
        import streamlit as st  # noqa: PLC0415 - this module's formatting functions work without streamlit

        from_address = st.query_params.get("lang")
        if from_address in LANGUAGES:
            return from_address
        if st.session_state.get(_LANGUAGE_KEY) in LANGUAGES:
            return st.session_state[_LANGUAGE_KEY]
        return language_from_locale(st.context.locale)
    except Exception:  # noqa: BLE001 - no script run context: a plain Python caller
        return DEFAULT_LANGUAGE


def t(key: str, /, **values: Any) -> str:
    """The text of ``key`` in the current language with ``values`` filled in. An entry with plural forms picks
    the form for ``values["count"]``. A key missing from the Chinese catalogue falls back to English (the
    catalogue test keeps that from happening); a key missing everywhere raises KeyError."""
    return translate(current_language(), key, **values)


def translate(language: str, key: str, /, **values: Any) -> str:
    """``t`` for an explicit language (reports built outside a page run, tests)."""
    entry = catalogue(language).get(key)
    if entry is None:
        entry = catalogue(DEFAULT_LANGUAGE)[key]
        language = DEFAULT_LANGUAGE
    if isinstance(entry, dict):
        from babel import Locale  # noqa: PLC0415

        form = Locale.parse(_BABEL_LOCALES[language]).plural_form(abs(values["count"]))
        entry = entry.get(form, entry["other"])
    shown = {name: _shown(value, language) for name, value in values.items()}
    return entry.format(**shown) if shown else entry


def _shown(value: Any, language: str) -> Any:
    """A value as the sentence shows it: ints with the locale's digit grouping, a nested Message in the same
    language, anything else as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, language=language)
    if isinstance(value, Message):
        return translate(language, value.key, **value.values)
    if isinstance(value, str) and has_key(getattr(value, "key", None) or ""):  # an engine's Note
        return translate(language, value.key, **value.values)
    return value


def has_key(key: str) -> bool:
    """Whether the English catalogue has ``key`` (for texts, such as page names, that may not be converted yet)."""
    return key in catalogue(DEFAULT_LANGUAGE)


def number(value: float, decimals: int | None = None, language: str | None = None) -> str:
    """A number with the locale's separators; ``decimals`` fixes the digits after the point."""
    from babel.numbers import format_decimal  # noqa: PLC0415

    pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_babel_locale(language))


def percent(share: float, decimals: int = 1, language: str | None = None) -> str:
    """A share (0.123) as a percentage ("12.3%")."""
    from babel.numbers import format_percent  # noqa: PLC0415

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return format_percent(share, format=pattern, locale=_babel_locale(language))


def money(amount: float, currency: str = "USD", language: str | None = None) -> str:
    """An amount in full with its currency ("$1,234.50", "US$1,234.50")."""
    from babel.numbers import format_currency  # noqa: PLC0415

    return format_currency(amount, currency, locale=_babel_locale(language))


def compact(value: float, language: str | None = None) -> str:
    """A large figure shortened for a headline: 1.23M in English, 123.46万 / 1.23亿 in Chinese; below 100,000 in
    full digits (see the module docstring for why)."""
    from babel.numbers import format_compact_decimal  # noqa: PLC0415

    if abs(value) < 100_000:
        return number(round(value), language=language)
    return format_compact_decimal(value, locale=_babel_locale(language), fraction_digits=2)


def money_compact(amount: float, currency: str = "USD", language: str | None = None) -> str:
    """A large amount shortened for a headline: "$12.35M" in English, "US$1234.57万" in Chinese."""
    from babel.numbers import format_compact_currency  # noqa: PLC0415

    if abs(amount) < 100_000:
        return money(amount, currency, language)
    return format_compact_currency(amount, currency, locale=_babel_locale(language), fraction_digits=2)


def date(day: _dt.date, language: str | None = None) -> str:
    """A date as the locale writes it ("Nov 26, 2026", "2026年11月26日")."""
    from babel.dates import format_date  # noqa: PLC0415

    return format_date(day, format="medium", locale=_babel_locale(language))


class Message(str):
    """A message for a person, made where no page runs (the data layer's upload notes): it *is* its English
    text, so logs, tests and Python callers read it as before, and it also names its catalogue ``key`` and
    ``values`` so that ``localised`` shows it in the reader's language."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> "Message":
        message = super().__new__(cls, translate(DEFAULT_LANGUAGE, key, **values))
        message.key, message.values = key, values
        return message

    def __getnewargs_ex__(self) -> tuple[tuple, dict]:
        return (self.key,), self.values


def localised(message: object) -> str:
    """A Message, an error raised on purpose (``error.key`` / ``error.values``, see engines/errors.py) or an engine
    reply that names its wording (``message_key`` / ``message_values``, e.g. engines.faq.FaqAnswer), in the current
    language; anything without a key as its English text (a reply: its ``message``)."""
    key = getattr(message, "key", None)
    if key and has_key(key):
        return t(key, **getattr(message, "values", {}))
    reply_key = getattr(message, "message_key", None)
    if reply_key and has_key(reply_key):
        return t(reply_key, **getattr(message, "message_values", {}))
    return str(getattr(message, "message", message))


def error_text(error: BaseException) -> str:
    """The message of an error the lab raised on purpose, in the current language (``localised``)."""
    return localised(error)


def language_switch() -> None:
    """The sidebar's language control. The choice is kept in the session and written to the address
    (``?lang=zh``), so a copied link opens in the same language; English, the default, leaves the address clean
    unless the browser would pick Chinese."""
    import streamlit as st  # noqa: PLC0415

    language = current_language()
    st.session_state[_LANGUAGE_KEY] = language
    # Written before the widget exists, so the address and the session win over the widget's remembered value.
    st.session_state[_SWITCH_KEY] = language
    st.segmented_control(
        t("language.switch"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=_SWITCH_KEY,
        on_change=_switched,
        label_visibility="collapsed",
    )
    _keep_address(language)


def _switched() -> None:
    import streamlit as st  # noqa: PLC0415

    chosen = st.session_state.get(_SWITCH_KEY) or st.session_state.get(_LANGUAGE_KEY, DEFAULT_LANGUAGE)
    st.session_state[_LANGUAGE_KEY] = chosen
    _keep_address(chosen)


def _keep_address(language: str) -> None:
    import streamlit as st  # noqa: PLC0415

    if language != language_from_locale(st.context.locale):
        if st.query_params.get("lang") != language:
            st.query_params["lang"] = language
    elif "lang" in st.query_params:
        del st.query_params["lang"]
