"""Real browser: the sidebar's language switch turns the page Chinese and writes ?lang=zh into the address; the
language follows the reader to the next page, and a link with ?lang=zh opens in Chinese."""

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, assert_no_error, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _main_text(page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def _switch_to(page, label: str) -> None:
    page.locator("[data-testid='stSidebar'] button", has_text=label).first.click()
    wait_for_app(page)


def test_switching_language_on_two_pages_keeps_it_in_the_address(page, app_url):
    """Home: choose 简体中文 -> Chinese title and ?lang=zh; go to the Data Explorer through the sidebar -> still
    Chinese with ?lang=zh; switch back to English there -> English, and the address no longer asks for Chinese."""
    # Setup
    page.goto(app_url)
    wait_for_app(page)
    assert "What the lab found" in _main_text(page)

    # Run: Chinese on Home
    _switch_to(page, "简体中文")

    # Assert
    page.wait_for_url(re.compile(r"[?&]lang=zh"))
    assert "实验室的发现" in _main_text(page)
    assert_no_error(page)

    # Run: the second page, through the Chinese sidebar
    page.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']", has_text="数据浏览").first.click()
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMain'] h1")

    # Assert
    page.wait_for_url(re.compile(r"Data_Explorer.*[?&]lang=zh"))
    assert page.locator("[data-testid='stMain'] h1").first.inner_text().startswith("数据浏览")
    assert_no_error(page)
    page.screenshot(path=str(ARTIFACTS / "language_data_explorer_zh.png"), full_page=True)

    # Run: back to English on the second page
    _switch_to(page, "English")

    # Assert
    page.wait_for_function("() => !location.search.includes('lang=zh')")
    assert page.locator("[data-testid='stMain'] h1").first.inner_text().startswith("Data Explorer")


def test_a_link_with_lang_zh_opens_in_chinese(page, app_url):
    """A shared address with ?lang=zh opens a fresh session in Chinese, its title included."""
    # Run
    page.goto(f"{app_url}/Data_Explorer?lang=zh")
    wait_for_app(page)
    page.wait_for_selector("[data-testid='stMain'] h1")

    # Assert
    assert_no_error(page)
    assert len(_CHINESE.findall(_main_text(page))) > 40
    assert "数据浏览" in page.title()
