"""A real `mkdocs build` of the seed: pages, topics, links, stability, safety."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from generator.sources import read_listing
from tests.conftest import SEED, make_project, run_generator

SEED_TITLES = [p.title for p in read_listing(SEED).papers]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "href" or (name == "src" and tag in ("script", "img"))):
                self.links.append(value)


class _Tags(HTMLParser):
    """Every tag name, attribute and inline script text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def internal_links(html_file: Path) -> list[str]:
    parser = _Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return [link for link in parser.links if not urlsplit(link).scheme and not link.startswith("#")]


def resolve(site: Path, page: Path, link: str) -> Path:
    page_url = "/" + page.relative_to(site).as_posix()
    target = unquote(urlsplit(urljoin(page_url, link)).path)
    path = site / target.lstrip("/")
    return path / "index.html" if target.endswith("/") else path


def paper_pages(site: Path) -> list[Path]:
    return sorted((site / "papers").glob("*/index.html"))


def h1(html_file: Path) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html_file.read_text(encoding="utf-8"), re.S)
    assert match, html_file
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_one_html_page_per_paper(seed_site: Path) -> None:
    pages = paper_pages(seed_site / "site")
    assert len(pages) == 53
    assert sorted(html.unescape(h1(p)) for p in pages) == sorted(SEED_TITLES)


def test_every_topic_page_lists_exactly_its_papers(seed_site: Path) -> None:
    site = seed_site / "site"
    # Which topics each paper page names, read from the built paper pages.
    expected: dict[str, set[str]] = {}
    for page in paper_pages(site):
        for link in internal_links(page):
            target = resolve(site, page, link)
            if target.parent.parent == site / "topics":
                expected.setdefault(target.parent.name, set()).add(page.parent.name)
    assert expected, "paper pages link no topics"
    topic_pages = sorted(p for p in (site / "topics").glob("*/index.html"))
    assert {p.parent.name for p in topic_pages} == set(expected)
    for topic_page in topic_pages:
        listed = {
            resolve(site, topic_page, link).parent.name
            for link in internal_links(topic_page)
            if "/papers/" in "/" + resolve(site, topic_page, link).relative_to(site).as_posix()
        }
        assert listed == expected[topic_page.parent.name], topic_page
        count = re.search(r"<strong>(\d+)</strong> papers?", topic_page.read_text())
        assert count and int(count.group(1)) == len(listed)


def test_every_internal_link_resolves(seed_site: Path) -> None:
    site = seed_site / "site"
    broken = []
    checked = 0
    for page in site.rglob("*.html"):
        for link in internal_links(page):
            checked += 1
            if not resolve(site, page, link).exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    assert checked > 1000
    assert broken == []


def test_every_paper_has_between_one_and_six_topics(seed_site: Path) -> None:
    site = seed_site / "site"
    for page in paper_pages(site):
        topics = {
            resolve(site, page, link).parent.name
            for link in internal_links(page)
            if resolve(site, page, link).parent.parent == site / "topics"
        }
        assert 1 <= len(topics) <= 6, page


def test_paper_page_shows_links_topics_and_source(seed_site: Path) -> None:
    page = seed_site / "site" / "papers"
    page_file = page / "curriculum-based-asymmetric-multi-task-reinforcement-learning/index.html"
    text = html.unescape(page_file.read_text(encoding="utf-8"))
    assert 'href="https://github.com/huanghanchi/CAMRL"' in text
    assert "000_447f3c323b2f0f28.txt" in text
    assert "Reinforcement Learning" in text
    assert "We introduce CAMRL" in text


def test_generated_pages_stay_out_of_the_nav(seed_site: Path) -> None:
    # The About page links no paper in its text, so any paper link is nav.
    about = (seed_site / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "papers/" not in about
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', about)
    assert tabs == ["Home", "Topics", "Archive", "About"]
    sizes = [p.stat().st_size for p in paper_pages(seed_site / "site")]
    assert max(sizes) < 60_000  # a nav of papers would put every title in every page


def test_building_twice_writes_no_file_and_keeps_paths(project: Path) -> None:
    first = run_generator(project, "generate").stdout
    assert "papers" in first
    pages = {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*.md")}
    second = run_generator(project, "generate").stdout
    assert "0 written" in second
    assert {p: p.stat().st_mtime_ns for p in (project / "docs").rglob("*.md")} == pages


def test_paths_survive_adding_and_removing_papers(project: Path, tmp_path: Path) -> None:
    run_generator(project, "generate")
    before = {p.name for p in (project / "docs" / "papers").glob("*.md")}
    lines = SEED.read_text(encoding="utf-8").splitlines()
    # A later listing with three of the papers, one of them with a changed abstract.
    extra = "\n".join([lines[2].removeprefix("Subscribe"), lines[3], *lines[10:14]])
    (project / "listings" / "001_later.txt").write_text(extra, encoding="utf-8")
    run_generator(project, "generate")
    assert {p.name for p in (project / "docs" / "papers").glob("*.md")} == before
    # Removing the seed removes the pages of papers no listing holds any more.
    (project / "listings" / SEED.name).unlink()
    run_generator(project, "generate")
    after = {p.name for p in (project / "docs" / "papers").glob("*.md")}
    assert len(after) == 3 and after <= before


def test_hand_written_pages_are_never_touched(project: Path) -> None:
    about = project / "docs" / "about.md"
    note = project / "docs" / "notes.md"
    note.write_text("# Notes\n", encoding="utf-8")
    stamp = about.stat().st_mtime_ns
    run_generator(project, "generate")
    assert about.stat().st_mtime_ns == stamp
    assert note.read_text(encoding="utf-8") == "# Notes\n"


def test_plain_mkdocs_build_gives_the_same_site(tmp_path: Path, seed_site: Path) -> None:
    root = make_project(tmp_path / "plain")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root, check=True
    )
    ours = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html"))
    theirs = sorted(
        p.relative_to(seed_site / "site").as_posix() for p in (seed_site / "site").rglob("*.html")
    )
    assert ours == theirs
    for rel in ("papers/pair-state-transfer/index.html", "topics/index.html"):
        assert (root / "site" / rel).read_text() == (seed_site / "site" / rel).read_text()


def test_broken_listing_stops_the_build_and_keeps_the_last_site(tmp_path: Path) -> None:
    root = make_project(tmp_path / "broken")
    run_generator(root, "build")
    good = sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*.html"))
    (root / "listings" / "002_bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    result = run_generator(root, "build", check=False)
    assert result.returncode == 1
    assert "002_bad.txt" in result.stderr and "PNG image" in result.stderr
    assert sorted(p.relative_to(root).as_posix() for p in (root / "site").rglob("*.html")) == good
    # Plain `mkdocs build` fails the same way, naming the listing.
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode != 0
    assert "002_bad.txt" in plain.stderr


def test_hostile_text_shows_as_written(tmp_path: Path) -> None:
    title = "<script>alert(1)</script> *Bold* _x_ [a](javascript:alert(1)) {: #id } | # $5"
    abstract = (
        "We show <img src=x onerror=alert(1)> that $O(n^2)$ holds; "
        "see [link](javascript:alert(2)) and {: onclick=alert(3) } for 100% | more. " * 3
    )
    listing = tmp_path / "hostile.txt"
    listing.write_text(f"Get trending papers in your email inbox!\n{title}\n{abstract}\n")
    root = make_project(tmp_path / "hostile", [listing])
    run_generator(root, "build")
    [page] = paper_pages(root / "site")
    text = page.read_text(encoding="utf-8")
    tags = _Tags()
    tags.feed(text)
    assert "img" not in tags.names
    assert [a for a in tags.attributes if a[0].startswith("on")] == []
    assert [a for a in tags.attributes if a[1].lower().startswith("javascript")] == []
    assert "alert" not in "".join(tags.script_text)
    assert html.unescape(h1(page)) == title
    shutil.rmtree(root / "site")
