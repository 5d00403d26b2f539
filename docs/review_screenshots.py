"""A repeatable screenshot review: every page, and every tab of every page, saved as one PNG each.

Starts `streamlit run` on a free port, opens each page in a fresh headless-Chromium session, saves the page as
it opens, then clicks each visible tab in turn (tabs that appear inside a clicked tab are clicked too) and saves
a full-page PNG after each click. Read every picture before closing a change that touches what people see.

Usage: python docs/review_screenshots.py OUT_DIR [--match REGEX] [--lang zh]
(`--match` keeps only the pages whose label matches, e.g. `--match "Education|Studio"`; `--lang zh` opens every
page in Chinese through the address's `?lang=zh`, and the PNGs' names end in `.zh`.)"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dashboard.navigation import available_pages  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, app_url, wait_for_app  # noqa: E402

CHART_DRAW_SECONDS = 3.0
MAX_TABS_PER_PAGE = 40  # a guard against a page whose tabs keep multiplying
PAGE_TIMEOUT_MS = 180_000
VIEWPORT_WIDTH = 1400
MAX_SHOT_HEIGHT = 12_000


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


def _visible_tabs(page) -> list:
    return [tab for tab in page.locator("[data-testid='stTab']").all() if tab.is_visible()]


def _screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main area, so a full-page shot of the window would show
    only the first screen; the window is made as tall as the content for the shot."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT_WIDTH, "height": min(max(int(height), 1000), MAX_SHOT_HEIGHT)})
    time.sleep(1.0)  # charts redraw at the new size
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": VIEWPORT_WIDTH, "height": 1000})


def review_page(page, url: str, label: str, out: Path, suffix: str = "") -> list[Path]:
    """Open one page, save it, then click every visible tab (nested ones included) and save each. ``suffix``
    ends every file name (".zh" for a review in Chinese)."""
    page.goto(url)
    wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
    time.sleep(CHART_DRAW_SECONDS)
    saved = [out / f"{_slug(label)}{suffix}.png"]
    _screenshot(page, saved[0])
    clicked: list[str] = []
    while len(clicked) < MAX_TABS_PER_PAGE:
        # Tabs are found again after each click: a tab's content may hold tabs of its own.
        pending = [tab for tab in _visible_tabs(page) if _tab_name(tab) not in clicked]
        if not pending:
            break
        tab = pending[0]
        name = _tab_name(tab)
        clicked.append(name)
        tab.click()
        wait_for_app(page, timeout_ms=PAGE_TIMEOUT_MS)
        time.sleep(CHART_DRAW_SECONDS)
        path = out / f"{_slug(label)}__{len(clicked):02d}_{_slug(name)[:40]}{suffix}.png"
        _screenshot(page, path)
        saved.append(path)
    return saved


def _tab_name(tab) -> str:
    # Icons render as ligature text ("analytics Profile"); the whole text still names the tab uniquely.
    return tab.inner_text().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the PNGs (created if missing)")
    parser.add_argument("--match", default="", help="only pages whose label matches this regular expression")
    parser.add_argument("--lang", default="", choices=["", "en", "zh"],
                        help="open every page in this language (?lang=...); the default is the app's own choice")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    server = app_url.__wrapped__()
    url = next(server)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for entry in available_pages():
                if args.match and entry.label != "Home" and not re.search(args.match, entry.label, re.I):
                    continue
                context = browser.new_context(viewport={"width": VIEWPORT_WIDTH, "height": 1000})
                page = context.new_page()
                address = f"{url}/{entry.url_path}" + (f"?lang={args.lang}" if args.lang else "")
                suffix = f".{args.lang}" if args.lang else ""
                for shot in review_page(page, address, entry.label, args.out, suffix):
                    print(shot)
                context.close()
            browser.close()
    finally:
        next(server, None)


if __name__ == "__main__":
    main()
