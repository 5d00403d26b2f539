"""The home page runs cleanly, shows the live headline figures and links every page; the page registry matches
the scripts on disk."""

from dashboard import navigation
from dashboard.data import SessionDatabase
from dashboard.headlines import headline_figures, lab_findings
from tests.pages.conftest import page_text


def test_home_shows_headlines_and_links(run_page):
    """Home raises nothing, shows the data layer's six headline figures, and links every page in the body."""
    # Setup
    db = SessionDatabase()
    expected = [(f"{h.dataset} · {h.label}", h.value) for h in headline_figures(db)]
    db.close()

    # Run
    app = run_page("streamlit_app.py")

    # Assert
    assert not app.exception
    assert not app.error
    assert [(metric.label, metric.value) for metric in app.metric] == expected
    assert "simulated" in page_text(app)
    body_links = [link.proto.label for link in app.main.get("page_link")]
    assert body_links == [page.label for page in navigation.PAGES if page.script != "streamlit_app.py"]


def test_page_registry_matches_the_scripts_on_disk():
    """Every script under pages/ has a sidebar entry and every entry has its script (a new page is not forgotten)."""
    # Run
    on_disk = {"streamlit_app.py"} | {f"pages/{path.name}" for path in (navigation.APP_ROOT / "pages").glob("*.py")}

    # Assert
    assert {page.script for page in navigation.PAGES} == on_disk
    assert [page.label for page in navigation.available_pages()][:2] == ["Home", "Data Explorer"]


def test_available_pages_leave_out_a_page_whose_script_is_missing(tmp_path, monkeypatch):
    """A registry entry without its script is not offered, so the sidebar never links to a missing page."""
    # Setup
    (tmp_path / "pages").mkdir()
    (tmp_path / "streamlit_app.py").touch()
    (tmp_path / "pages" / "1_Data_Explorer.py").touch()
    monkeypatch.setattr(navigation, "APP_ROOT", tmp_path)

    # Run
    labels = [page.label for page in navigation.available_pages()]

    # Assert
    assert labels == ["Home", "Data Explorer"]


def test_home_lists_one_finding_per_demo(run_page):
    """"What the lab found" has one line per demo (synthetic data, e-commerce, banking, education, marketing),
    each the demo page's own top line with its baseline named."""
    # Setup
    expected = lab_findings()

    # Run
    app = run_page("streamlit_app.py")

    # Assert
    assert not app.exception and not app.error
    assert [f.demo for f in expected] == ["Synthetic data", "E-commerce", "Retail banking", "Education",
                                          "Marketing & creative"]
    section = next(m.value for m in app.markdown if m.value.startswith("- **Synthetic data.**"))
    lines = section.splitlines()
    assert len(lines) == len(expected)
    for line, finding in zip(lines, expected):
        assert line == f"- **{finding.demo}.** {finding.text}"
    assert "Gaussian copula" in lines[0] and "EASE" in lines[1]
    assert "generated fraud cases do not help" in lines[2] and "Bayes-optimal" in lines[3]
    assert "even A/B/n split" in lines[4]
