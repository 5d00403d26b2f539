"""Screenshots of every page of the running app for the README (`make screenshots`).

Starts `streamlit run` on a free port, opens each page in a fresh headless-Chromium session, waits until the
script run has finished and the charts have drawn, and saves `docs/screenshots/<Label>.png`; with `--lang zh` the
pages open in that language (`?lang=zh`) and go to `docs/screenshots/zh/`; `--match REGEX` keeps some pages."""

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

CHART_DRAW_SECONDS = 4.0


def main(argv: list[str] | None = None) -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="the language the pages open in")
    parser.add_argument("--match", default="", help="only pages whose label matches this regular expression")
    args = parser.parse_args(argv)
    out = ROOT / "docs" / "screenshots" / ("" if args.lang == "en" else args.lang)
    out.mkdir(parents=True, exist_ok=True)
    server = app_url.__wrapped__()
    url = next(server)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for page_entry in available_pages():
                if args.match and not re.search(args.match, page_entry.label):
                    continue
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                path = page_entry.url_path
                page.goto(f"{url}/{path}" + ("" if args.lang == "en" else f"?lang={args.lang}"))
                wait_for_app(page, timeout_ms=120_000)
                time.sleep(CHART_DRAW_SECONDS)
                name = re.sub(r"[^A-Za-z0-9]+", "_", page_entry.label).strip("_")
                page.screenshot(path=str(out / f"{name}.png"))
                print(f"{page_entry.label}: {out / f'{name}.png'}")
                context.close()
            browser.close()
    finally:
        next(server, None)


if __name__ == "__main__":
    main()
