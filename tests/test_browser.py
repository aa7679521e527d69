"""The built seed site in headless Chromium: search, paper page, topic page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

MAKEUP_PAPERS = {
    "Content-Style Decoupling for Unsupervised Makeup Transfer without Generating Pseudo "
    "Ground Truth",
    "SARA: Controllable Makeup Transfer with Spatial Alignment and Region-Adaptive Normalization",
}
CAMRL = "Curriculum-based Asymmetric Multi-task Reinforcement Learning"


def search(page, base_url: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type ``query`` into the site's search box; return the result titles."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item > .md-search-result__link")
    results.first.wait_for(timeout=15_000)
    return [
        t.strip()
        for t in page.locator(".md-search-result__item .paper-search__title").all_inner_texts()
    ]


def test_search_makeup_lists_both_makeup_transfer_papers(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(page, seed_url, "makeup")
    assert MAKEUP_PAPERS <= set(titles), titles


def test_search_result_opens_paper_and_topic_lists_it(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(page, seed_url, "CAMRL")
    assert CAMRL in titles
    page.locator(".md-search-result__item > a", has_text=CAMRL).first.click()
    page.wait_for_url(re.compile(r"/papers/curriculum-based-asymmetric"))
    assert page.locator("h1").first.inner_text().strip() == CAMRL
    paper_url = urlsplit(page.url).path
    topic = page.locator("a[href*='topics/reinforcement-learning']").first
    topic.click()
    page.wait_for_url(re.compile(r"/topics/reinforcement-learning/"))
    listed = page.locator("article a[href*='papers/']")
    hrefs = [
        urlsplit(page.url)._replace(path=h).path
        for h in listed.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    ]
    assert paper_url in hrefs
    assert page.locator("article").get_by_text(CAMRL).count() >= 1


def test_pages_load_nothing_from_the_internet(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("", "papers/pair-state-transfer/", "topics/"):
        page.goto(seed_url + path)
        page.wait_for_load_state("networkidle")
    outside = [u for u in requests if not u.startswith(seed_url) and not u.startswith("data:")]
    assert requests and outside == []


def test_hostile_listing_runs_no_script(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_project, run_generator, serve_directory

    title = "<script>alert(1)</script><img src=x onerror=alert(2)> *Title* [x](javascript:alert(3))"
    abstract = "An abstract with <script>alert(4)</script> and {: onclick=alert(5) } text. " * 5
    listing = tmp_path / "hostile.txt"
    listing.write_text(f"Get trending papers in your email inbox!\n{title}\n{abstract}\n")
    root = make_project(tmp_path / "site", [listing])
    run_generator(root, "build")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve_directory(root / "site") as url:
        page.goto(url)
        page.locator("article a[href*='papers/']").first.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text().strip() == title
        assert title in page.title()
        for link in page.locator("article a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript"), href
        titles = search(page, url, "abstract")
        assert titles
    assert dialogs == []


@pytest.mark.parametrize(("scheme", "material_scheme"), [("light", "default"), ("dark", "slate")])
def test_light_and_dark_palettes(page, seed_url: str, scheme: str, material_scheme: str) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme=scheme)
    page.goto(seed_url + "papers/pair-state-transfer/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == material_scheme


def test_the_palette_switch_is_remembered_on_the_next_page(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    # The switch is written in by assets/paper-header.js; the choice is kept
    # through Material's storage helpers (assets/paper-storage.js) and applied
    # by assets/paper-palette.js on the next page.
    page.emulate_media(color_scheme="light")
    page.goto(seed_url + "papers/pair-state-transfer/")
    page.wait_for_load_state("networkidle")
    page.get_by_title("Switch to dark mode").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.goto(seed_url + "topics/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.get_by_title("Switch to light mode").click()
    page.goto(seed_url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"


def test_the_storage_scope_is_the_site_root_or_extra_scope(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_project, run_generator, serve_directory

    root = make_project(tmp_path / "scoped")
    with serve_directory(tmp_path) as url:  # the site is served at /scoped/site/
        run_generator(root, "build")
        page.goto(url + "scoped/site/papers/pair-state-transfer/")
        assert page.evaluate("__md_scope.pathname") == "/scoped/site/"
        config = root / "mkdocs.yml"
        config.write_text(config.read_text() + "\nextra:\n  scope: /\n")
        run_generator(root, "build")
        page.goto(url + "scoped/site/papers/pair-state-transfer/")
        assert page.evaluate("__md_scope.pathname") == "/"


def test_math_renders_with_the_vendored_katex(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import FIXTURES, make_project, run_generator, serve_directory

    root = make_project(tmp_path / "math", [FIXTURES / "bibtex" / "awesome_OPSD_papers.bib"])
    run_generator(root, "build")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    with serve_directory(root / "site") as url:
        page.goto(
            url
            + "papers/beta-opsd-deriving-with-policy-optimization-training-with-self-distillation/"
        )
        page.wait_for_load_state("networkidle")
        heading = page.locator("h1").first
        assert heading.locator(".katex").count() == 1  # $\beta$ became typeset math
        assert "β-OPSD: Deriving" in heading.inner_text()
        assert "\\beta" not in heading.inner_text()
        assert [r for r in requests if not r.startswith(url)] == []
    assert failed == []
