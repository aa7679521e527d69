"""Screenshots of a built site for people to look at.

    .venv/bin/python scripts/screenshots.py [SITE_DIR] [OUT_DIR] [QUERY]

Serves SITE_DIR (default site/) on 127.0.0.1 and saves PNGs, light and dark,
at 1280 and at 390 pixels wide (a phone), into OUT_DIR (default
.cache/screenshots/): the home page, the topics overview with its chart, a
topic page, a month of the archive, a paper page (one with math when the
site has one: related papers, BibTeX and typeset formulas show together),
and search results for QUERY (default "makeup").
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve_directory

WIDTHS = (1280, 390)


def pages_of(site: Path) -> dict[str, str]:
    """Name -> path of one page of each kind in ``site``."""
    papers = sorted(site.glob("papers/*/index.html"))
    with_math = [p for p in papers if "paper-math.js" in p.read_text(encoding="utf-8")]
    paper = (with_math or papers)[0].parent.name
    topic = max(site.glob("topics/*/index.html"), key=lambda p: p.stat().st_size).parent.name
    months = sorted(site.glob("archive/*-*/index.html"))  # 2026-05/: a month; 2019/: a year
    pages = {"home": "", "topics": "topics/", "topic": f"topics/{topic}/"}
    pages["paper"] = f"papers/{paper}/"
    if months:
        pages["month"] = f"archive/{months[-1].parent.name}/"
    return pages


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else ".cache/screenshots")
    query = sys.argv[3] if len(sys.argv) > 3 else "makeup"
    out.mkdir(parents=True, exist_ok=True)
    pages = pages_of(site)
    with serve_directory(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for width in WIDTHS:
                viewport = {"width": width, "height": 900 if width > 600 else 844}
                page = browser.new_page(viewport=viewport, color_scheme=scheme)
                for name, path in pages.items():
                    page.goto(url + path)
                    shot = out / f"{name}-{scheme}-{width}.png"
                    page.screenshot(path=str(shot), full_page=name in ("paper", "topics"))
                page.goto(url)
                page.keyboard.press("/")
                page.keyboard.type(query, delay=20)
                page.locator(".md-search-result__item").first.wait_for()
                page.wait_for_timeout(600)  # excerpts come from the paper pages
                page.screenshot(path=str(out / f"search-{scheme}-{width}.png"))
                page.close()
        browser.close()
    print(f"screenshots of {', '.join(pages.values())} in {out}/")


if __name__ == "__main__":
    main()
