"""Every converted page (dashboard.i18n.CONVERTED_PAGES) opens cleanly in English and in Chinese, and a page rendered
in Chinese shows no English words of our own: everything a person reads is scanned for ASCII words outside an
allow-list of names, units, file formats and the tables' own column names (data, not text)."""

import functools
import re

import pytest

from dashboard.data import SessionDatabase
from dashboard.i18n import CONVERTED_PAGES, catalogue, translate
from tests.pages.conftest import APP_ROOT

# Names and symbols that stay as written in Chinese text: products, methods, formats, units, acronyms.
ALLOWED_WORDS = {
    "AIGC", "AI", "Business", "Lab", "GAN", "GANs", "VAE", "VAEs", "SQL", "DuckDB", "CSV", "TSV", "Parquet", "UTF",
    "GB", "MB", "KB", "Excel", "pandas", "SELECT", "WITH", "GROUP", "BY", "HyperLogLog", "FID", "AUC", "ROC",
    "KL", "KS", "PSI", "GMV", "AOV", "RFM", "PR", "TF", "IDF", "MiniLM", "GRU", "DKT", "BKT", "PFA", "EASE",
    "RecVAE", "Mult", "Recall", "NDCG", "SMOTE", "TVAE", "CTGAN", "PacGAN", "Copula", "Gaussian", "copula",
    "Bayes", "optimal", "Bayes-optimal", "Mult-VAE", "SHAP", "fairlearn", "EM", "Logistic", "k-means", "Shenbin", "et", "al", "Isolation", "Forest", "Gini", "Precision", "Distinct", "KSComplement",
    "TVComplement", "DCR", "ML", "Oracle", "Latin", "Big", "GB18030", "read_json", "to_csv", "pd", "US",
    "ids", "id", "faq_id", "is_fraud", "is_fraud_true", "fraud_pattern", "p_correct_true", "mastered_before",
    "column", "k", "means", "F1", "Log", "loss", "Top", "Auto", "regressive", "Autoencoder", "Item-kNN", "kNN",
    "Item", "copywriter-zh-gru", "copywriter-gru", "MNIST", "mlxtend", "PacGAN", "CTGAN-style", "TVAE-style",
    "DP", "SGD", "DP-SGD", "Opacus", "epsilon", "delta", "json", "safetensors", "weights", "zip", "pickle", "macro",
    "Cramer",
    "mixed", "member",  # the Studio view's test table and its target (tests/dashboard/studio/conftest.py)
    "PR-AUC", "IsolationForest", "BM25",
    "PNG", "JPEG", "WebP", "GIF", "BMP", "JSON", "CPU", "GPU",  # file formats and processors (Marketing & creative)
    "HTML", "UTC", "ThresholdOptimizer", "RDP", "Kirchenbauer",  # Trust & governance: a format, fairlearn's and Opacus's
    "Model", "card",  # names, an author; "Model card" is the glossary's term (shown after its Chinese name)
}
_MARKUP = re.compile(r":material/[a-z_]+:|:[a-z-]+\[|`[^`]*`|\*\*|https?://\S+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_\-']*")


def _texts(app) -> list[str]:
    """Everything a person reads in the run: text elements, alerts, metric labels, widget labels and help."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        texts += [str(element.value) for element in getattr(app, kind)]
    texts += [f"{metric.label} {metric.value}" for metric in app.metric]
    for kind in ("button", "selectbox", "text_area", "text_input", "radio", "checkbox", "expander", "tabs"):
        for element in app.get(kind) if kind in ("expander", "tabs") else getattr(app, kind):
            texts.append(str(getattr(element, "label", "") or getattr(element.proto, "label", "")))
            texts.append(str(getattr(element, "help", "") or ""))
    return texts


def _data_words() -> set[str]:
    """Table and column names of the shipped data: they are data, shown as they are in both languages."""
    database = SessionDatabase()
    try:
        words = set()
        for info in database.tables():
            words.update(_WORD.findall(info.sql_name))
            for name, _ in database.columns(info.sql_name):
                words.update(_WORD.findall(name))
        # Brands and model lines of the store's products are names, written as the store writes them.
        for name, brand in database.query_frame("SELECT name, brand FROM ecommerce.products").itertuples(index=False):
            words.update(_WORD.findall(brand))
            words.update(_WORD.findall(name.split(" ")[1]))
        return words
    finally:
        database.close()


def english_words(texts: list[str], allowed: set[str]) -> list[str]:
    """The ASCII words of ``texts`` that are not names, units or data: English that should have been translated."""
    found = []
    for text in texts:
        for word in _WORD.findall(_MARKUP.sub(" ", text)):
            # Words with digits are codes (versions, hashes, Recall@20's "20"), not prose.
            if word not in allowed and word.strip("-'") not in allowed and len(word) > 1 \
                    and not any(ch.isdigit() for ch in word):
                found.append(word)
    return found


def test_the_scanner_finds_an_english_sentence_and_passes_names():
    """The scan flags English prose and lets names, units and column names through."""
    # Run
    flagged = english_words(["用 **DuckDB** 查询 `orders`：共 12 MB", "Something went wrong while 分析"], ALLOWED_WORDS)

    # Assert
    assert flagged == ["Something", "went", "wrong", "while"]


@pytest.mark.parametrize("script", CONVERTED_PAGES)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_converted_page_opens_cleanly_in_both_languages(run_page, script, language):
    """The page raises nothing and shows no error in either language, and its title follows the language."""
    # Run
    app = run_page(script, {"language": language})

    # Assert
    assert not app.exception
    assert not app.error
    titles = " ".join(str(title.value) for title in app.title)
    has_chinese = bool(re.search(r"[\u4e00-\u9fff]", " ".join(_texts(app))))
    assert has_chinese == (language == "zh"), titles


def _education_tabs(language: str) -> list[dict]:
    """Session state that opens each tab of the Education page (only the open tab runs)."""
    from dashboard.education.page_data import TAB_ICONS, TAB_KEYS

    return [{"edu_tab": f"{icon} {translate(language, f'education.tab.{key}')}"}
            for icon, key in zip(TAB_ICONS, TAB_KEYS)]


@functools.lru_cache(maxsize=1)
def _finished_playground():
    """A finished 2-D playground run on the ring (few steps: enough to draw every result)."""
    from dashboard.generative_basics.playground import PlaygroundSettings, playground_job

    job, run = playground_job(PlaygroundSettings(target="ring", steps=200))
    job.start()
    assert job.wait(timeout=120)
    return job, run


def _how_it_works_views(language: str) -> list[dict]:
    """The cold page, a finished playground run (frames, scores, diagnosis, latent space, denoising path) and
    two columns of a table as the shape."""
    from dashboard.generative_basics.views import PLAYGROUND_KEY

    return [{}, {PLAYGROUND_KEY: _finished_playground()},
            {"gb_source": "table", "gb_table": "bank.loan_applications"}]


def _banking_portfolios(language: str) -> list[dict]:
    """Session state that shows each portfolio of the banking page's fraud-and-credit tab (its other tabs all run)."""
    return [{"bank_scenario": "fraud"}, {"bank_scenario": "credit"}]


@functools.lru_cache(maxsize=1)
def _finished_studio_job():
    """A finished Studio job: the copula trained and scored on a small mixed table with a target."""
    from dashboard.studio.training import GeneratorSpec, prepare_training_data, training_job
    from tests.dashboard.studio.conftest import TABLE_TYPES, mixed_table

    data = prepare_training_data(mixed_table(200), "mixed", TABLE_TYPES, "member")
    job = training_job(data, [GeneratorSpec("gaussian_copula", "Gaussian copula", "quick")]).start()
    assert job.wait(timeout=60)
    return job, data


def _studio_views(language: str) -> list[dict]:
    """The cold page (the shipped example's leaderboard and report, every tab) and a session whose training
    has finished (leaderboard, report, sampling form)."""
    from dashboard.studio.state import StudioState

    job, data = _finished_studio_job()
    state = StudioState()
    state.job, state.job_data, state.job_collected = job, data, False
    return [{}, {"studio": state}]


def _marketing_views(language: str) -> list[dict]:
    """The cold page (every tab runs) and the creatives tab with its banners made for the first segment."""
    from dashboard.marketing import creatives, shipped, views

    segment, products = next(iter(shipped.shipped_results()["segments"].items()))
    table = views.catalogue_table(SessionDatabase())
    banners = [creatives.make_banner(c, segment, "test", language=language)
               for c in views.creative_list(products, table, language)]
    return [{}, {f"mk_banners_{segment}_{language}": banners}]


def _trust_tabs(language: str) -> list[dict]:
    """Each tab of the Trust & governance page (only the open tab runs), and the audit of an own table."""
    from dashboard.trust.views import TAB_ICONS, TAB_KEYS

    labels = [f"{icon} {translate(language, f'trust.tab.{key}')}" for icon, key in zip(TAB_ICONS, TAB_KEYS)]
    return [{"trust_tab": label} for label in labels] + [{"trust_tab": labels[2], "trust_fair_own": True}]


# Pages whose parts show only after a choice: the session states that open each part.
PAGE_VIEWS = {"pages/5_Education.py": _education_tabs, "pages/0_How_generative_AI_works.py": _how_it_works_views,
              "pages/4_Retail_Banking_Risk.py": _banking_portfolios, "pages/2_Synthetic_Data_Studio.py": _studio_views,
              "pages/6_Marketing_and_creative.py": _marketing_views, "pages/7_Trust_and_governance.py": _trust_tabs}


def _views(script: str, language: str) -> list[dict]:
    return PAGE_VIEWS[script](language) if script in PAGE_VIEWS else [{}]


@pytest.mark.parametrize("script", CONVERTED_PAGES)
def test_converted_page_in_chinese_shows_no_english_of_our_own(run_page, script):
    """Rendered in Chinese (every tab of it), the page's text holds no English words outside names, units and
    the data's columns."""
    # Setup
    allowed = ALLOWED_WORDS | _data_words()
    # Findings of demos whose pages are not converted yet are quoted from those pages, in English until then.
    unconverted = _unconverted_findings()

    for view in _views(script, "zh"):
        # Run
        app = run_page(script, {"language": "zh", **view})
        texts = [line for text in _texts(app) for line in text.splitlines()
                 if not any(finding in line for finding in unconverted)]

        # Assert
        assert not app.exception, view
        assert english_words(texts, allowed) == [], view


def _unconverted_findings() -> list[str]:
    """The Home findings of demos whose pages are not yet in CONVERTED_PAGES (their wording comes from them)."""
    from unittest import mock

    from dashboard.headlines import lab_findings

    with mock.patch("dashboard.i18n.current_language", return_value="zh"):
        findings = lab_findings()
    return [finding.text for finding in findings if finding.page not in CONVERTED_PAGES]


def test_every_converted_page_script_exists_and_the_catalogues_name_it():
    """CONVERTED_PAGES lists real scripts, and each has its sidebar name in both catalogues."""
    # Run / Assert
    from dashboard.navigation import PAGES

    for script in CONVERTED_PAGES:
        assert (APP_ROOT / script).exists()
        entry = next(page for page in PAGES if page.script == script)
        key = f"nav.{entry.url_path or 'Home'}.label"
        assert key in catalogue("en") and key in catalogue("zh")


def test_upload_notes_and_errors_follow_the_language(run_page):
    """In Chinese, a GBK upload's notes, a refused upload and a refused query are explained in Chinese (the data
    layer's keyed messages), with no English sentence."""
    # Setup
    app = run_page("pages/1_Data_Explorer.py", {"language": "zh"})
    gbk = "城市,销售额\n北京,1200\n上海,980\n".encode("gbk")

    # Run
    app.file_uploader(key="upload").set_value(("销售.csv", gbk, "text/csv")).run()
    notes = [info.value for info in app.info]
    app.file_uploader(key="upload").set_value(("empty.csv", b"", "text/csv")).run()
    upload_error = [error.value for error in app.error]
    app.text_area(key="sql_text").set_value("DROP TABLE ecommerce.customers")
    app.get("form_submit_button")[0].click()
    app.run()
    query_error = [error.value for error in app.error]

    # Assert
    assert any("GB18030" in note and "简体中文" in note for note in notes)
    assert upload_error and "空文件" in upload_error[0]
    assert query_error and "只读" in query_error[-1]
    assert english_words(notes + upload_error + query_error, ALLOWED_WORDS | {"DROP", "TABLE", "empty", "csv"}) == []
