"""axe-core (from npm, `make test` installs it into node_modules/) run in
Chromium over the built pages in both palettes: no critical or serious
violation, on the home page (with and without search results open), the
topics overview, a topic page, two paper pages and the about page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO, SEED, make_project, run_generator, serve_directory

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "topics overview": "topics/",
    "topic page": "topics/transfer-learning/",
    "paper page (seed)": "papers/curriculum-based-asymmetric-multi-task-reinforcement-learning/",
    "paper page (arXiv)": None,  # the first arXiv paper, found after the build
    "archive month": None,
    "about": "about/",
}


@pytest.fixture(scope="module")
def a11y_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    arxiv = FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml"
    root = make_project(tmp_path_factory.mktemp("a11y") / "project", [SEED, arxiv])
    run_generator(root, "build")
    site = root / "site"
    pages = dict(PAGES)
    paper = next(p for p in (site / "papers").glob("*/index.html") if "2012.11345" in p.read_text())
    pages["paper page (arXiv)"] = f"papers/{paper.parent.name}/"
    month = next(p for p in sorted((site / "archive").glob("*/index.html")))
    pages["archive month"] = f"archive/{month.parent.name}/"
    with serve_directory(site) as url:
        yield url, pages


def serious_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from npm (package.json)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']}: {v['help']} "
        f"({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(page, a11y_site, name: str, scheme: str) -> None:  # type: ignore[no-untyped-def]
    url, pages = a11y_site
    page.emulate_media(color_scheme=scheme)
    page.goto(url + pages[name])
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violation_with_search_results_open(page, a11y_site, scheme: str) -> None:  # type: ignore[no-untyped-def]
    url, _ = a11y_site
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    page.keyboard.press("/")
    page.keyboard.type("transfer", delay=10)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


def test_axe_finds_what_it_should(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The check can fail: a page with an unlabelled image and grey-on-grey text."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head><body>'
        '<img src="x.png"><p style="color:#999;background:#aaa">low contrast</p></body></html>'
    )
    with serve_directory(tmp_path) as url:
        page.goto(url + "bad.html")
        found = serious_violations(page)
    assert any("image-alt" in v for v in found) and any("color-contrast" in v for v in found)
