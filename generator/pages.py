"""Render the catalog into Markdown pages and write only what changed.

The Jinja2 environment here renders the project's own templates; listing
text is only ever *data* passed to them. Every value a template prints must
come out of an escaping filter (see ``generator.escape``): ``finalize``
refuses any plain string, so a template that forgets to escape fails the
build instead of publishing raw listing text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote_plus

import jinja2

from generator import escape
from generator.archive import archive_periods, newest_first, paper_date
from generator.arxiv_ids import abs_url, pdf_url
from generator.chart import topics_chart
from generator.citations import bibtex_entry, scholar_meta
from generator.errors import SiteError
from generator.model import Paper, Provenance
from generator.paging import page_file, paginate
from generator.topics import Taxonomy, Topic

# Folders and files under docs/ that the generator owns and may rewrite or delete.
PAPERS_DIR = "papers"
TOPICS_DIR = "topics"
ARCHIVE_DIR = "archive"
HOME_PAGE = "index.md"
OWNED_DIRS = (PAPERS_DIR, TOPICS_DIR, ARCHIVE_DIR)
# Whether topic and archive pages show each paper's excerpt (the home page does).
LIST_SUMMARIES = False
TEMPLATES = (
    "paper.md.j2",
    "topic.md.j2",
    "topics.md.j2",
    "period.md.j2",
    "archive.md.j2",
    "home.md.j2",
)

EXCERPT_CHARS = 220
HOME_LIMIT = 30  # the newest papers on the home page; the archive has the rest
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_LINK_LABELS = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "code": "Code",
    "project": "Project page",
    "doi": "DOI",
    "hf": "Hugging Face",
    "url": "Web page",
}


class Safe(str):
    """A string already escaped for the place it is printed."""


class UnescapedValueError(TypeError):
    pass


class TemplateError(SiteError):
    """A mistake in a template, said as "templates/paper.md.j2, line 12: what is wrong"."""


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _template_frame(tb: TracebackType | None, templates_dir: Path) -> tuple[Path, int] | None:
    """The innermost frame of a traceback that runs a template: (file, line).

    Jinja rewrites tracebacks so that template code shows as its own file and line.
    """
    folder = templates_dir.resolve()
    found = None
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if path.suffix == ".j2" and path.resolve().parent == folder:
            found = (path, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _located(exc: Exception, templates_dir: Path) -> TemplateError | None:
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"{_shown(templates_dir / exc.name)}: the template is missing")
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return TemplateError(f"{_shown(Path(exc.filename))}, line {exc.lineno}: {exc.message}")
    frame = _template_frame(exc.__traceback__, templates_dir)
    if frame is None:
        return None
    path, line = frame
    what = (
        str(exc)
        if isinstance(exc, jinja2.TemplateError | UnescapedValueError)
        else (f"{type(exc).__name__}: {exc}")
    )
    return TemplateError(f"{_shown(path)}, line {line}: {what}")


@contextmanager
def _template_mistakes(templates_dir: Path, page: str = "") -> Iterator[None]:
    """Turn an exception raised by template code into a located TemplateError."""
    try:
        yield
    except TemplateError:
        raise
    except Exception as exc:
        located = _located(exc, templates_dir)
        if located is None:
            raise
        if page:
            located.args = (f"{located.args[0]} (writing {page})",)
        raise located from exc


def _finalize(value: Any) -> Any:
    if isinstance(value, Safe | int | float) and not isinstance(value, bool):
        return value
    raise UnescapedValueError(
        f"template printed {type(value).__name__} {str(value)[:60]!r} without an escaping "
        "filter (md, math, yaml, link, path)"
    )


def _path(slug: str) -> Safe:
    if not _SLUG.match(slug):
        raise ValueError(f"not a page slug: {slug!r}")
    return Safe(slug)


def _up(prefix: str) -> Safe:
    """A relative way up to the site's root: "", "../", "../../"..."""
    if not re.fullmatch(r"(?:\.\./)*", prefix):
        raise ValueError(f"not a way up to the site's root: {prefix!r}")
    return Safe(prefix)


def _page_url(number: int, current: int) -> str:
    """From page ``current`` of a collection to page ``number`` (directory URLs)."""
    up = "../" if current > 1 else ""
    return up + (f"page-{number}/" if number > 1 else ("" if up else "./"))


def _composed(markdown: str) -> Safe:
    """The output of one of the templates' own macros, built from filtered values."""
    return Safe(markdown)


def _join_html(values: list[str], separator: str = ", ", limit: int | None = None) -> Safe:
    shown = values if limit is None or len(values) <= limit else values[:limit]
    text = escape.html_text(separator).join(escape.html_text(v) for v in shown)
    if len(shown) < len(values):
        text += f" and {len(values) - len(shown)} more"
    return Safe(text)


def _fenced(text: str, language: str) -> Safe:
    """``text`` as a fenced code block whose fence no run of backticks in it can close."""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return Safe(f"{fence} {language}\n{text.rstrip()}\n{fence}")


def _join_md(values: list[str], separator: str = ", ", limit: int | None = None) -> Safe:
    shown = values if limit is None or len(values) <= limit else values[:limit]
    text = separator.join(escape.md_text(v) for v in shown)
    if len(shown) < len(values):
        text += f" and {len(values) - len(shown)} more"
    return Safe(text)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The first sentences of ``text``, cut at a word, at most ``limit`` chars."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence_end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if sentence_end > limit // 2:
        return cut[: sentence_end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + " …"


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=False,  # output is Markdown; escaping is done by the filters below
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(
        # Markdown (the home page, the topics overview, the archive index)
        md=lambda v: Safe(escape.md_text(str(v))),
        math=lambda v: Safe(escape.md_text(str(v), math=True)),
        rich=lambda v: Safe(escape.md_text_with_links(str(v))),
        yaml=lambda v: Safe(escape.yaml_value(str(v))),
        link=lambda url, label: Safe(escape.md_link(label, url)),
        path=_path,
        up=_up,
        heading=lambda level: Safe("#" * max(1, min(6, int(level)))),
        page_file=lambda number: Safe(page_file(int(number))),
        page_url=lambda number, current: Safe(_page_url(int(number), int(current))),
        composed=_composed,
        join_md=_join_md,
        fenced=_fenced,
        excerpt=excerpt,
        # HTML (the bodies of paper, topic and archive pages; see plugin.py)
        html=lambda v: Safe(escape.html_text(str(v))),
        html_math=lambda v: Safe(escape.html_math(str(v))),
        html_rich=lambda v: Safe(escape.html_rich(str(v))),
        html_link=lambda url, label: Safe(escape.html_link(label, url)),
        join_html=_join_html,
    )
    return env


def _facts(paper: Paper) -> Safe:
    """The one-line summary under the title, as HTML: date, ids, venue, votes."""
    facts: list[str] = []
    if date := paper_date(paper).words():
        facts.append(escape.html_text(date))
    if paper.updated and paper.updated != paper.published:
        facts.append(f"updated {escape.html_text(paper.updated)}")
    if paper.arxiv_id:
        facts.append("arXiv " + escape.html_link(paper.arxiv_id, abs_url(paper.arxiv_id)))
    if paper.doi:
        facts.append("DOI " + escape.html_link(paper.doi, f"https://doi.org/{paper.doi}"))
    if paper.venue:
        facts.append(escape.html_text(paper.venue))
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} upvotes")
    if paper.comments:
        facts.append(f"{paper.comments} comments")
    if paper.categories:
        facts.append(escape.html_text(", ".join(paper.categories)))
    return Safe(" · ".join(facts))


def _link_label(paper: Paper, kind: str, url: str) -> str:
    """'Code: https://github.com/a/b'; the paper's own arXiv and PDF links say less."""
    if kind == "arxiv" and paper.arxiv_id and paper.arxiv_id in url:
        return f"arXiv: {paper.arxiv_id}"
    if kind == "pdf" and paper.arxiv_id and paper.arxiv_id in url:
        return "PDF"
    return f"{_LINK_LABELS[kind]}: {url}"


def _links(paper: Paper) -> list[tuple[str, str]]:
    links = [(_link_label(paper, link.kind, link.url), link.url) for link in paper.links]
    if paper.arxiv_id and not paper.links_of("arxiv"):
        links.insert(0, ("arXiv: " + paper.arxiv_id, abs_url(paper.arxiv_id)))
    if paper.arxiv_id and not paper.links_of("pdf"):
        links.insert(1, ("PDF", pdf_url(paper.arxiv_id)))
    return links


# How a reader would name the kind of listing a paper came from.
_FORMAT_WORDS = {
    "hf-page": "a Hugging Face papers page",
    "hf-daily": "the Hugging Face daily papers",
    "arxiv-atom": "an arXiv search",
    "arxiv-rss": "the arXiv announcements",
    "bibtex": "a BibTeX bibliography",
    "records": "a paper list",
    "markdown-list": "a Markdown paper list",
}


def _source_words(source: Provenance, formats: dict[str, str]) -> str:
    """'Listed on a Hugging Face papers page (copied 2026-11-27)', for readers."""
    kind = _FORMAT_WORDS.get(formats.get(source.listing, ""), "a paper listing")
    verb = "copied" if kind.startswith("a Hugging Face papers page") else "read"
    return f"Listed on {kind}" + (f" ({verb} {source.first_seen})" if source.first_seen else "")


def _searches(paper: Paper) -> list[tuple[str, str]]:
    """Searches for a paper the listing gives no way to (label, URL)."""
    if paper.arxiv_id or paper.doi or paper.links:
        return []
    title = quote_plus(paper.title)
    return [
        (
            "arXiv",
            f"https://arxiv.org/search/?searchtype=title&query={title}",
        ),
        ("Hugging Face", f"https://huggingface.co/papers?q={title}"),
        ("Google Scholar", f"https://scholar.google.com/scholar?q={title}"),
    ]


@dataclass(frozen=True)
class Entry:
    """A paper as a list of papers shows it: title link, authors, date, topics (and excerpt)."""

    paper: Paper
    date: str
    topic_names: list[str]


def _entries(papers: list[Paper], taxonomy: Taxonomy) -> list[Entry]:
    return [
        Entry(p, paper_date(p).words(), [taxonomy.topics[a.topic].name for a in p.topics])
        for p in papers
    ]


def _any_math(papers: list[Paper], with_excerpts: bool = True) -> bool:
    return any(
        escape.has_math(p.title) or (with_excerpts and escape.has_math(excerpt(p.abstract)))
        for p in papers
    )


class _Renderer:
    """The site's templates, loaded once; a mistake in one raises a located TemplateError."""

    def __init__(self, templates_dir: Path) -> None:
        self.templates_dir = templates_dir
        with _template_mistakes(templates_dir):  # loading: syntax errors, missing templates
            env = make_environment(templates_dir)
            self.templates = {name: env.get_template(name) for name in TEMPLATES}

    def page(self, name: str, path: str, **context: Any) -> str:
        with _template_mistakes(self.templates_dir, path):
            return self.templates[name].render(**context)

    def collection(
        self, name: str, folder: str, papers: list[Paper], taxonomy: Taxonomy, **context: Any
    ) -> dict[str, str]:
        """A paginated list of papers: {path under docs/: Markdown} for each page.

        Long lists show no excerpts (`summary` in the templates): every paper
        is in several of them, and the abstracts are on the papers' pages.
        """
        pages = {}
        for page in paginate(_entries(papers, taxonomy)):
            path = f"{folder}/{page.file}"
            math = _any_math([entry.paper for entry in page.items], with_excerpts=LIST_SUMMARIES)
            # A page's URL is folder/ or folder/page-N/: that many steps to the root.
            root = "../" * (folder.count("/") + 1 + (page.number > 1))
            pages[path] = self.page(
                name, path, page=page, math=math, root=root, summary=LIST_SUMMARIES, **context
            )
        return pages


class SitePages:
    """Every page of the site, renderable in parts: the paper pages (in any
    share, so forked processes can each take one) and the rest."""

    def __init__(
        self,
        papers: list[Paper],
        taxonomy: Taxonomy,
        templates_dir: Path,
        listing_count: int,
        listing_formats: dict[str, str] | None = None,
        related: dict[str, list[str]] | None = None,
        bibtex: dict[str, str] | None = None,
    ) -> None:
        self.papers = papers
        self.taxonomy = taxonomy
        self.render = _Renderer(templates_dir)
        self.listing_count = listing_count
        self.formats = listing_formats or {}
        self.related = related or {}
        self.bibtex = bibtex or {}
        self._by_slug = {paper.slug: paper for paper in papers}
        self.topic_count = 0  # topics with papers, known once other_pages() ran

    def paper_path(self, paper: Paper) -> str:
        return f"{PAPERS_DIR}/{paper.slug}.md"

    def paper_pages(self, papers: Sequence[Paper]) -> dict[str, str]:
        """{path under docs/: Markdown} of these papers' pages."""
        pages = {}
        for paper in papers:
            path = self.paper_path(paper)
            related = [self._by_slug[slug] for slug in self.related.get(paper.slug, [])]
            pages[path] = self.render.page(
                "paper.md.j2",
                path,
                paper=paper,
                facts=_facts(paper),
                links=_links(paper),
                searches=_searches(paper),
                topics=[(self.taxonomy.topics[a.topic], a.reason) for a in paper.topics],
                related=_entries(related, self.taxonomy),
                bibtex=self.bibtex.get(paper.slug) or bibtex_entry(paper),
                citation=scholar_meta(paper),
                sources=[(s, _source_words(s, self.formats)) for s in paper.provenance],
                math=any(
                    escape.has_math(t) for t in (paper.title, paper.abstract, paper.summary or "")
                ),
            )
        return pages

    def other_pages(self) -> dict[str, str]:
        """Topic pages, the topics overview, the archive and the home page."""
        taxonomy, render, papers = self.taxonomy, self.render, self.papers
        pages: dict[str, str] = {}
        by_topic: dict[str, list[Paper]] = {slug: [] for slug in taxonomy.topics}
        for paper in papers:
            for assignment in paper.topics:
                by_topic[assignment.topic].append(paper)
        counts: list[tuple[Topic, int]] = []
        for slug, topic in taxonomy.topics.items():
            if not by_topic[slug]:
                continue  # an empty topic page helps nobody; the overview omits it too
            counts.append((topic, len(by_topic[slug])))
            members = newest_first(by_topic[slug])
            folder = f"{TOPICS_DIR}/{slug}"
            pages.update(render.collection("topic.md.j2", folder, members, taxonomy, topic=topic))
        self.topic_count = len(counts)
        path = f"{TOPICS_DIR}/index.md"
        ranked = sorted(counts, key=lambda tc: (-tc[1], tc[0].name))
        chart = topics_chart([(topic.name, f"{topic.slug}/", count) for topic, count in ranked])
        pages[path] = render.page(
            "topics.md.j2", path, topics=ranked, paper_count=len(papers), chart=Safe(chart)
        )
        periods = archive_periods(papers)
        for period in periods:
            folder = f"{ARCHIVE_DIR}/{period.key}"
            pages.update(
                render.collection("period.md.j2", folder, period.papers, taxonomy, period=period)
            )
        path = f"{ARCHIVE_DIR}/index.md"
        undated = len(papers) - sum(len(p.papers) for p in periods)
        pages[path] = render.page("archive.md.j2", path, periods=periods, undated=undated)
        newest = _entries(newest_first(papers)[:HOME_LIMIT], taxonomy)
        pages[HOME_PAGE] = render.page(
            "home.md.j2",
            HOME_PAGE,
            paper_count=len(papers),
            topic_count=len(counts),
            listing_count=self.listing_count,
            newest=newest,
            math=_any_math([e.paper for e in newest]),
        )
        return pages


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)

    def add(self, other: WriteReport) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


def write_page_files(docs_dir: Path, pages: dict[str, str]) -> WriteReport:
    """Write the pages whose content changed."""
    report = WriteReport()
    for rel, content in sorted(pages.items()):
        target = docs_dir / rel
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".md.tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(target)  # atomic: `mkdocs serve` never reads half a page
        report.written.append(rel)
    return report


def remove_stale_pages(docs_dir: Path, keep: set[str]) -> list[str]:
    """Delete the pages of the owned folders that are not in ``keep``."""
    removed = []
    for owned in OWNED_DIRS:
        folder = docs_dir / owned
        if not folder.is_dir():
            continue
        for existing in sorted(folder.rglob("*.md")):
            rel = existing.relative_to(docs_dir).as_posix()
            if rel not in keep:
                existing.unlink()
                removed.append(rel)
    return removed


def redirect_page(new_slug: str) -> str:
    """A page at papers/<old>/ that sends readers on to papers/<new_slug>/."""
    target = f"../{_path(new_slug)}/"
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<title>Moved</title><link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        '<meta name="robots" content="noindex">\n'
        f'</head><body><p>This paper moved to <a href="{target}">{target}</a>.</p></body></html>\n'
    )


def write_redirects(site_dir: Path, redirects: dict[str, str]) -> None:
    """Write a redirect page into the built site for each old paper path."""
    for old, new in redirects.items():
        target = site_dir / PAPERS_DIR / _path(old) / "index.html"
        if target.exists():  # never overwrite a real page
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(redirect_page(new), encoding="utf-8")
