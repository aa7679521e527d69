"""What a researcher expects of the built pages: related papers, citations
(BibTeX, .bib files, Google Scholar's meta tags), dates and the archive, the
topics chart, abstracts with links, where a paper was listed.

Built once with the seed and real arXiv and BibTeX listings (dates, authors,
DOIs, LaTeX), by `python -m generator build`.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.identity import title_key
from generator.paging import PER_PAGE
from generator.sources import read_listing
from generator.sources.bibtex import read as read_bibtex
from tests.conftest import FIXTURES, SEED, make_project, run_generator, serve_directory

ARXIV = [
    FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml",
    FIXTURES / "arxiv" / "api_new_cs_CL_3entries.xml",
    FIXTURES / "arxiv" / "api_old_einstein_10entries.xml",
]
BIBTEX = FIXTURES / "bibtex" / "awesome_OPSD_papers.bib"
MAKEUP = (
    "sara-controllable-makeup-transfer-with-spatial-alignment-and-region-adaptive",
    "content-style-decoupling-for-unsupervised-makeup-transfer-without-generating",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("reader") / "project", [SEED, *ARXIV, BIBTEX])
    run_generator(root, "build")
    return root


class _Page(HTMLParser):
    """Meta tags, links, headings and code blocks of a built page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.headings: list[str] = []
        self.code: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta.append((values["name"] or "", values.get("content") or ""))
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        self._in.append(tag)
        if tag == "code":
            self.code.append("")
        if tag in ("h1", "h2", "h3"):
            self.headings.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "code" and self.code:
            self.code[-1] += data


def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def paper_html(site: Path, slug: str) -> Path:
    return site / "site" / "papers" / slug / "index.html"


def related_slugs(site: Path, slug: str) -> list[str]:
    text = paper_html(site, slug).read_text(encoding="utf-8")
    section = text.split('id="related-papers"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="\.\./([a-z0-9-]+)/"', section)


# ----------------------------------------------------------------- related


def slug_of(site: Path, title: str) -> str:
    """The page path the build gave the paper titled ``title`` (its path registry)."""
    slugs = json.loads((site / "paper-paths.json").read_text(encoding="utf-8"))["slugs"]
    return slugs[f"title:{title_key(title)}"]


def test_related_papers_pair_the_makeup_and_the_transferability_papers(site: Path) -> None:
    sara, csd = MAKEUP
    assert csd in related_slugs(site, sara)
    assert sara in related_slugs(site, csd)
    titles = [p.title for p in read_listing(SEED).papers]
    robust = slug_of(site, next(t for t in titles if "Adversarially Robust ImageNet" in t))
    sparse = slug_of(site, next(t for t in titles if "Sparse Imagenet" in t))
    assert sparse in related_slugs(site, robust)
    assert robust in related_slugs(site, sparse)


def test_related_papers_show_their_topics_and_resolve(site: Path) -> None:
    text = paper_html(site, MAKEUP[0]).read_text(encoding="utf-8")
    section = text.split('id="related-papers"', 1)[1].split("</ul>", 1)[0]
    assert 1 <= section.count("<li>") <= 5
    assert section.count("<small>") == section.count("<li>")
    for slug in related_slugs(site, MAKEUP[0]):
        assert paper_html(site, slug).is_file()


# --------------------------------------------------------------- citations


def test_every_paper_page_has_a_bibtex_entry_that_reads_back(site: Path) -> None:
    pages = sorted((site / "site" / "papers").glob("*/index.html"))
    keys = Counter()
    for page in pages:
        doc = parsed(page)
        [entry] = [c for c in doc.code if c.lstrip().startswith("@")]
        result = read_bibtex(entry, page.parent.name + ".bib")
        assert not result.errors, (page, result.errors)
        [paper] = result.papers
        title = dict(doc.meta)["citation_title"]
        assert paper.title == html.unescape(title), page
        authors = [html.unescape(v) for k, v in doc.meta if k == "citation_author"]
        assert paper.authors == authors, page
        keys[entry.split("{", 1)[1].split(",", 1)[0]] += 1
    assert len(pages) > 100 and max(keys.values()) == 1  # one key per paper


def test_citation_keys_stay_when_a_listing_is_added(tmp_path: Path) -> None:
    def keys(root: Path) -> dict[str, str]:
        found = {}
        for page in (root / "docs" / "papers").glob("*.md"):
            match = re.search(r"@\w+\{([^,]+),", html.unescape(page.read_text(encoding="utf-8")))
            assert match, page
            found[page.stem] = match.group(1)
        return found

    root = make_project(tmp_path / "project", [SEED, ARXIV[0]])
    run_generator(root, "generate")
    before = keys(root)
    (root / "listings" / BIBTEX.name).write_bytes(BIBTEX.read_bytes())
    run_generator(root, "generate")
    after = keys(root)
    assert len(after) > len(before) and {s: after[s] for s in before} == before


def test_scholar_meta_tags_of_an_arxiv_paper(site: Path) -> None:
    paper = read_listing(ARXIV[0]).papers[0]  # has authors, a date, a DOI
    slug = next(
        p.parent.name
        for p in (site / "site" / "papers").glob("*/index.html")
        if f'content="{paper.arxiv_id}"' in p.read_text(encoding="utf-8")
    )
    meta = parsed(paper_html(site, slug)).meta
    values = [(k, html.unescape(v)) for k, v in meta if k.startswith("citation_")]
    assert ("citation_title", paper.title) in values
    assert [v for k, v in values if k == "citation_author"] == paper.authors
    assert ("citation_publication_date", (paper.published or "").replace("-", "/")) in values
    assert ("citation_arxiv_id", paper.arxiv_id) in values
    assert ("citation_doi", paper.doi) in values
    assert ("citation_pdf_url", f"https://arxiv.org/pdf/{paper.arxiv_id}") in values


def test_a_seed_paper_invents_no_date(site: Path) -> None:
    meta = dict(parsed(paper_html(site, MAKEUP[0])).meta)
    assert "citation_publication_date" not in meta and "citation_date" not in meta
    text = paper_html(site, MAKEUP[0]).read_text(encoding="utf-8")
    assert "First listed on " in text and "Published" not in text


def test_bib_files_of_topics_and_of_the_catalog(site: Path) -> None:
    bib = site / "site" / "bib"
    everything = read_bibtex((bib / "all.bib").read_text(encoding="utf-8"), "all.bib")
    assert not everything.errors
    pages = list((site / "site" / "papers").glob("*/index.html"))
    assert len(everything.papers) == len(pages)
    topic = site / "site" / "topics" / "robotics"
    listed = set()
    for page in [topic / "index.html", *topic.glob("page-*/index.html")]:
        listed |= set(re.findall(r'href="\.\./\.\./papers/([a-z0-9-]+)/"', page.read_text()))
    robotics = read_bibtex((bib / "robotics.bib").read_text(encoding="utf-8"), "robotics.bib")
    assert len(robotics.papers) == len(listed) > 0
    assert "bib/robotics.bib" in (topic / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------- dates


_DATE = re.compile(r"(?:Published|First listed on) (\d{4}(?:-\d{2})?(?:-\d{2})?)")


def test_archive_pages_list_exactly_the_papers_of_their_period(site: Path) -> None:
    """A page per month, or per year where a year is thin: each lists exactly
    the papers whose date (published, else first listed) falls in it."""
    dated: dict[str, str] = {}
    for page in (site / "site" / "papers").glob("*/index.html"):
        facts = page.read_text(encoding="utf-8").split("</h1>", 1)[1].split("<h2", 1)[0]
        if found := _DATE.search(facts):
            dated[page.parent.name] = found.group(1)
    archive = site / "site" / "archive"
    index = (archive / "index.html").read_text(encoding="utf-8")
    periods = [f for f in sorted(archive.iterdir()) if f.is_dir()]
    assert len(periods) >= 5
    for folder in periods:
        pages = [folder / "index.html", *folder.glob("page-*/index.html")]
        listed = {s for p in pages for s in re.findall(r'papers/([a-z0-9-]+)/"', p.read_text())}
        expected = {slug for slug, day in dated.items() if day.startswith(folder.name)}
        if any(f.name.startswith(folder.name + "-") for f in periods):
            # A year beside its months: the papers dated by year only.
            expected = {slug for slug, day in dated.items() if day == folder.name}
        assert listed == expected, folder.name
        assert f'href="{folder.name}/"' in index
    assert sum(len(f.name) == 4 for f in periods) >= 3  # thin years: one page each
    # 2026 has month pages (the seed, the arXiv listings) and a page for the
    # BibTeX papers dated by year only.
    assert {"2026", "2026-11"} <= {f.name for f in periods}
    assert "2026, month not given" in (archive / "2026" / "index.html").read_text()


def test_home_shows_the_newest_papers_with_their_dates(site: Path) -> None:
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert "Newest listing" not in home and ".txt" not in home
    dates = re.findall(r"(?:Published|First listed on) (\d{4}-\d{2}(?:-\d{2})?)", home)
    assert len(dates) >= 10 and dates == sorted(dates, reverse=True)
    assert 'href="archive/"' in home


# ------------------------------------------------------------------- pages


def test_urls_in_an_abstract_are_links(site: Path) -> None:
    page = paper_html(site, "curriculum-based-asymmetric-multi-task-reinforcement-learning")
    abstract = page.read_text(encoding="utf-8").split('id="abstract"', 1)[1].split("<h2", 1)[0]
    assert '<a href="https://github.com/huanghanchi/CAMRL">' in abstract


def test_where_a_paper_was_listed_in_words_and_for_maintainers(site: Path) -> None:
    text = paper_html(site, MAKEUP[0]).read_text(encoding="utf-8")
    listed = text.split('id="where-it-was-listed"', 1)[1]
    assert re.search(r"Listed on a Hugging Face papers page \(copied \d{4}-\d{2}-\d{2}\)", listed)
    details = listed.split("<details", 1)[1].split("</details>", 1)[0]
    assert "For maintainers" in details and "000_447f3c323b2f0f28.txt</code>, line" in details


def test_a_paper_without_links_offers_title_searches(site: Path) -> None:
    text = paper_html(site, MAKEUP[0]).read_text(encoding="utf-8")
    links = text.split('id="links"', 1)[1].split("<h2", 1)[0]
    assert "Search for its title on" in links
    assert "https://arxiv.org/search/?searchtype=title&amp;query=SARA" in links


def test_topics_chart_bars_link_to_their_topic_pages(site: Path) -> None:
    overview = site / "site" / "topics" / "index.html"
    text = overview.read_text(encoding="utf-8")
    svg = text.split('class="paper-site-chart"', 1)[1].split("</svg>", 1)[0]
    hrefs = re.findall(r'<a href="([^"]+)"', svg)
    assert len(hrefs) == len(re.findall(r"<tr>", text)) - 1 > 10  # one bar per table row
    for href in hrefs:
        assert (overview.parent / href / "index.html").is_file(), href
    assert "<table" in text.split("</svg>", 1)[1]  # the table stays below


def test_topic_pages_come_in_pages_newest_first(tmp_path: Path) -> None:
    from tests.synthetic import write_listing

    listing = write_listing(tmp_path / "synthetic.xml", 320)
    root = make_project(tmp_path / "project", [listing])
    run_generator(root, "build")
    topic = max((root / "site" / "topics").glob("*/index.html"), key=lambda p: len(p.read_text()))
    pages = [topic, *sorted(topic.parent.glob("page-*/index.html"))]
    assert len(pages) >= 2
    seen: list[str] = []
    dates: list[str] = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        seen += re.findall(r'<h2><a href="\.\./\.\./(?:\.\./)?papers/([a-z0-9-]+)/"', text)
        dates += re.findall(r"Published (\d{4}-\d{2}-\d{2})", text)
        for href in re.findall(r'href="((?:\.\./)*page-\d+/|\.\./|\./)"', text):
            assert (page.parent / href / "index.html").resolve().is_file(), (page, href)
    assert len(seen) == len(set(seen)) and dates == sorted(dates, reverse=True)
    count = int(re.search(r"<strong>(\d+)</strong> papers", pages[0].read_text()).group(1))
    assert len(seen) == count > PER_PAGE
    # Long lists leave the abstract to the paper page; the home page shows its start.
    paper = (root / "site" / "papers" / seen[0] / "index.html").read_text(encoding="utf-8")
    opening = re.search(r'class="paper-abstract">(.{60})', paper).group(1)
    assert opening not in pages[0].read_text(encoding="utf-8")
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert opening in home


def test_the_sitemap_names_every_page_once(site: Path) -> None:
    from xml.etree import ElementTree

    sitemap = site / "site" / "sitemap.xml"
    root = ElementTree.parse(sitemap).getroot()
    spaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [urlsplit(loc.text or "").path for loc in root.findall("s:url/s:loc", spaces)]
    built = {
        "/" + str(p.relative_to(site / "site")).removesuffix("index.html")
        for p in (site / "site").rglob("index.html")
        if "<title>Moved</title>" not in p.read_text(encoding="utf-8")  # redirect pages
    }
    assert len(paths) == len(set(paths)) and set(paths) == built
    # No <lastmod>: MkDocs would give every page the day of the build.
    assert root.find("s:url/s:lastmod", spaces) is None


# ----------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve_directory(site / "site") as url:
        yield url


def test_the_copy_button_puts_the_bibtex_on_the_clipboard(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    origin = f"{urlsplit(site_url).scheme}://{urlsplit(site_url).netloc}"
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    page.goto(urljoin(site_url, f"papers/{MAKEUP[0]}/"))
    page.wait_for_load_state("networkidle")
    block = page.locator("pre:has(code.language-bibtex)")
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = block.locator("code").inner_text()
    context.close()
    assert copied.strip() == shown.strip()
    assert copied.startswith("@misc{") and "SARA" in copied
