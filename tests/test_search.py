"""The site's own search, in Chromium against built sites served on 127.0.0.1.

The index (generator/search_index.py) loads in pieces only when the reader
searches; the box keeps what Material's search gave: in the header, keys to
focus it, results as you type with topics and marked excerpts, arrows,
Enter and Escape, and adds topic and year filters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.search_index import tokens
from generator.sources import read_listing
from tests.conftest import FIXTURES, SEED, make_project, run_generator, serve_directory

ARXIV_RO = FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml"
ARXIV_OLD = FIXTURES / "arxiv" / "api_old_einstein_10entries.xml"
RESULT_TITLES = ".md-search-result__item .paper-search__title"
# paper-search.js announces each query whose results are on screen.
RECORD_RESULTS = """window.__results = [];
document.addEventListener('paper-search:results', e => window.__results.push(e.detail.query));"""


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed plus two arXiv answers: papers with authors, ids and dates."""
    root = make_project(tmp_path_factory.mktemp("dated") / "project", [SEED, ARXIV_RO, ARXIV_OLD])
    run_generator(root, "build")
    with serve_directory(root / "site") as url:
        yield url


def typed(page, url: str, query: str, every: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    """Open ``url``, press "/", type ``query``; the result titles once they settle.

    The box shows ten results at first; ``every`` presses "More results" until all show.
    """
    if not getattr(page, "_records_results", False):
        page.add_init_script(RECORD_RESULTS)
        page._records_results = True
    page.goto(url)
    page.keyboard.press("/")
    page.keyboard.type(query, delay=15)
    # Results of the whole query, not of a word still being typed.
    page.wait_for_function("q => window.__results.includes(q)", arg=query)
    page.wait_for_load_state("networkidle")
    more = page.locator(".paper-search__more")
    while every and more.is_visible():
        shown = page.locator(RESULT_TITLES).count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('{RESULT_TITLES}').length > {shown}")
    return [t.strip() for t in page.locator(RESULT_TITLES).all_inner_texts()]


def test_nothing_of_the_index_loads_before_the_reader_searches(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(seed_url + "papers/pair-state-transfer/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if "/search/" in u or u.endswith("sitemap.xml")]
    page.keyboard.press("/")
    page.keyboard.type("pair", delay=15)
    page.wait_for_selector(".md-search-result__item")
    loaded = [u for u in requests if "/search/" in u]
    assert any(u.endswith("search/manifest.json") for u in loaded)
    assert any("/search/terms/" in u for u in loaded)


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_keys_focus_the_search_box_in_the_header(page, seed_url: str, key: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(seed_url)
    box = page.locator("header .md-search__input")
    assert box.count() == 1
    page.keyboard.press(key)
    assert box.evaluate("el => el === document.activeElement")
    assert box.input_value() == ""  # the key opened the box, it was not typed into it


def test_results_show_title_topics_and_an_excerpt_with_the_words_marked(
    page, seed_url: str
) -> None:  # type: ignore[no-untyped-def]
    titles = typed(page, seed_url, "makeup transfer")
    assert titles[:2] and all("Makeup Transfer" in t for t in titles[:2])
    first = page.locator(".md-search-result__item").first
    assert [m.lower() for m in first.locator(".paper-search__title mark").all_inner_texts()] == [
        "makeup",
        "transfer",
    ]
    excerpt = first.locator(".paper-search__excerpt")
    assert excerpt.locator("mark").count() >= 2 and len(excerpt.inner_text()) > 80
    assert "Fashion & Beauty" in first.locator(".md-tag").all_inner_texts()


@pytest.mark.parametrize("word", ["transfer", "diffusion", "learning"])
def test_papers_with_the_word_in_their_title_come_first(page, seed_url: str, word: str) -> None:  # type: ignore[no-untyped-def]
    titles = typed(page, seed_url, word + " ", every=True)  # the space: whole words only
    in_title = [word in set(tokens(t)) for t in titles]
    assert True in in_title and False in in_title
    assert in_title == sorted(in_title, reverse=True), titles


def test_camrl_finds_the_curriculum_paper_first(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    titles = typed(page, seed_url, "CAMRL")
    assert titles[0] == "Curriculum-based Asymmetric Multi-task Reinforcement Learning"


def test_authors_and_arxiv_ids_are_searchable(page, dated_site: str) -> None:  # type: ignore[no-untyped-def]
    ro = read_listing(ARXIV_RO).papers
    author = ro[1].authors[0].split()[-1]
    assert ro[1].title in typed(page, dated_site, author)
    assert typed(page, dated_site, ro[0].arxiv_id or "")[0] == ro[0].title


def test_arrows_move_through_results_enter_opens_escape_closes(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    titles = typed(page, seed_url, "transfer")
    assert len(titles) >= 3
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert titles[1] in focused
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    typed(page, seed_url, "CAMRL")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/papers/curriculum-based-asymmetric-multi-task"))


def test_tab_goes_from_the_box_into_the_results(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    typed(page, seed_url, "makeup")
    for _ in range(6):  # past the clear button and the two filters
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-search-result__link')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")


def test_results_filter_by_topic_and_by_year(page, dated_site: str) -> None:  # type: ignore[no-untyped-def]
    typed(page, dated_site, "the")  # a stop word: nothing, until a filter narrows
    page.select_option("[data-filter=topic]", "robotics")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    page.wait_for_load_state("networkidle")
    for item in page.locator(".md-search-result__item").all():
        assert "Robotics" in item.locator(".md-tag").all_inner_texts()
    page.select_option("[data-filter=topic]", "")
    years = page.locator("[data-filter=year] option").all_inner_texts()
    assert any(y.startswith("2020 ") for y in years), years
    page.select_option("[data-filter=year]", "2020")
    page.wait_for_load_state("networkidle")
    page.wait_for_function(  # some results, all of 2020 (not an empty list between two)
        "(f => f.length > 0 && f.every(x => x.textContent.startsWith('2020')))"
        "([...document.querySelectorAll('.paper-search__facts')])"
    )
    facts = page.locator(".paper-search__facts").all_inner_texts()
    assert facts and all(f.startswith("2020") for f in facts)


def test_the_browser_folds_words_as_the_index_does(page, seed_url: str) -> None:  # type: ignore[no-untyped-def]
    samples = [
        "Transfer Learning for Portfolio Optimization",
        "Schrödinger's équations, naïve Bayes — théories",
        "GANs, LLMs and policies; studies of 3D-aware NeRFs",
        "Ünïcödé façade: Ελληνικά, кириллица, 中文标题 and emoji 🚀",
        "arXiv:2401.01234v2 and cond-mat/0412498",
    ]
    page.goto(seed_url)
    page.wait_for_load_state("networkidle")
    for text in samples:
        in_browser = page.evaluate(
            "t => document.querySelector('[data-paper-search]').paperSearch.tokens(t)", text
        )
        assert in_browser == tokens(text), text


def test_no_request_leaves_the_site(page, dated_site: str) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    typed(page, dated_site, "robot navigation")
    page.select_option("[data-filter=year]", "2020")
    page.wait_for_load_state("networkidle")
    assert requests and [u for u in requests if not u.startswith(dated_site)] == []


def test_listing_text_in_results_is_text(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    listing = tmp_path / "hostile.txt"
    title = 'Hostile <img src=x onerror="window.hit=1"> searchable title'
    listing.write_text(
        "Get trending papers in your email inbox!\n"
        f"{title}\n"
        + "An abstract naming <script>window.hit=2</script> the searchable thing. " * 4
        + "\n"
    )
    root = make_project(tmp_path / "site", [listing])
    run_generator(root, "build")
    with serve_directory(root / "site") as url:
        titles = typed(page, url, "searchable")
        assert titles == [title]
        assert page.evaluate("window.hit") is None
        assert page.locator(".md-search-result img, .md-search-result script").count() == 0
