"""Screenshots of a built site for people to look at.

    .venv/bin/python scripts/screenshots.py [SITE_DIR] [OUT_DIR]

Serves SITE_DIR (default site/) on 127.0.0.1 and saves PNGs of the home page,
a paper page, a topic page and search results, light and dark, into OUT_DIR
(default .cache/screenshots/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory

PAGES = {
    "home": "",
    "paper": "papers/stable-hair-real-world-hair-transfer-via-diffusion-model/",
    "topic": "topics/transfer-learning/",
    "topics": "topics/",
}


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ".cache/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with serve_directory(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
            for name, path in PAGES.items():
                page.goto(url + path)
                page.screenshot(path=str(out / f"{name}-{scheme}.png"), full_page=name != "topic")
            page.goto(url)
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially("makeup", delay=20)
            page.locator(".md-search-result__item").first.wait_for()
            page.screenshot(path=str(out / f"search-{scheme}.png"))
            page.close()
        browser.close()
    print(f"screenshots in {out}/")


if __name__ == "__main__":
    main()
