"""Property tests: whatever a listing holds, reading it gives papers or located
problems, never an exception; `check` never prints a traceback.

Strategies: any bytes; any text, read by each reader and by detection; the
real fixtures cut, spliced and sprinkled with markup; canonical records with
fields of random types as JSON, JSON Lines, YAML and CSV; Hugging Face
daily-papers JSON of random shape; BibTeX-ish, XML-ish, Markdown-ish and
copied-page-ish text built from the tokens those formats are made of. The
"ci" profile in conftest.py keeps each to 150 deterministic examples.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Paper
from generator.records import CSV_COLUMNS, FIELDS
from generator.sources import READERS, Listing, read_listing, read_text
from generator.text import split_lines
from tests.conftest import FIXTURES, SEED, run_generator

BUG_MESSAGE = "this is a bug in the generator"
READER_NAMES = [reader.NAME for reader in READERS]
REAL_LISTINGS = [
    *sorted(
        p
        for p in FIXTURES.rglob("*")
        if p.is_file() and p.suffix != ".md" and "broken" not in p.parts and p.stat().st_size
    ),
    *sorted((FIXTURES / "markdown").glob("*_README.md")),
    SEED,
]


# --- what "read well" means ---------------------------------------------------------


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif hasattr(value, "__dataclass_fields__"):
        for f in fields(value):  # type: ignore[arg-type]
            yield from _strings(getattr(value, f.name))


def assert_read_well(listing: Listing, name: str, text: str | None = None) -> None:
    """Papers or problems; each problem names the file, says what, and is located in it."""
    assert listing.papers or listing.problems
    lines = len(split_lines(text)) if text is not None else None
    if listing.format == "markdown-list":
        lines = None  # known: see test_markdown_list_line_numbers_count_only_line_breaks
    for problem in listing.problems:
        assert problem.listing == name
        assert problem.message.strip()
        assert BUG_MESSAGE not in problem.message, problem.message
        assert problem.severity in ("error", "warning")
        if problem.line is not None:
            assert problem.line >= 1
            assert lines is None or problem.line <= lines + 1, (problem, lines)
        str(problem).encode("utf-8")  # printable by check
    for paper in listing.papers:
        assert isinstance(paper, Paper)
        assert paper.title.strip()
        assert paper.provenance  # a record's own "sources" may name other listings
        for value in _strings(paper):
            value.encode("utf-8")  # writable to a page


def read_as_every_format(text: str, name: str) -> None:
    assert_read_well(read_text(text, name), name, text)
    for fmt in READER_NAMES:
        listing = read_text(text, name, fmt)
        assert_read_well(listing, name, text)
        assert listing.format == fmt or listing.problems


# --- strategies ----------------------------------------------------------------------


@st.composite
def mutated_listings(draw: st.DrawFn) -> tuple[str, str]:
    """A real listing cut short, with pieces deleted, repeated or markup put in."""
    path = draw(st.sampled_from(REAL_LISTINGS))
    text = path.read_text(encoding="utf-8")
    markup = st.sampled_from(
        ["<", ">", "{", "}", "[", "]", '"', "\n", "@", "|", "**", "](", "&", "\\", "#", "---"]
    )
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 400)))
        edit = draw(st.sampled_from(["cut", "delete", "repeat", "insert"]))
        if edit == "cut":
            text = text[:start]
        elif edit == "delete":
            text = text[:start] + text[end:]
        elif edit == "repeat":
            text = text[:end] + text[start:end] + text[end:]
        else:
            text = text[:start] + draw(markup | st.text(max_size=8)) + text[start:]
    return path.name, text


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["2401.01234", "10.1/x", "https://github.com/a/b", "2024-02-30", "code"])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["kind", "url", "listing", "entry", "x"]), inner, max_size=3
        )
    ),
    max_leaves=8,
)
_RECORDS = st.dictionaries(
    st.sampled_from(FIELDS) | st.text(max_size=6), _VALUES, max_size=8
) | st.fixed_dictionaries(
    {"title": st.text(max_size=30)}, optional={f: _VALUES for f in FIELDS if f != "title"}
)


def _yaml(records: list[dict]) -> str:
    return yaml.safe_dump({"papers": records}, allow_unicode=True)


def _csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(
            [json.dumps(record.get(name)) if name in record else "" for name in CSV_COLUMNS]
        )
    return out.getvalue()


_RECORD_FILES = st.tuples(
    st.sampled_from(["json", "jsonl", "yaml", "csv"]), st.lists(_RECORDS, max_size=4)
).map(
    lambda kind_records: {
        "json": lambda r: json.dumps(r),
        "jsonl": lambda r: "\n".join(json.dumps(x) for x in r),
        "yaml": _yaml,
        "csv": _csv,
    }[kind_records[0]](kind_records[1])
)

_HF_KEYS = ["paper", "id", "title", "summary", "authors", "upvotes", "numComments", "name"]
_HF_KEYS += ["publishedAt", "submittedOnDailyAt", "ai_keywords", "ai_summary", "hidden", "user"]
_HF_KEYS += ["organization", "fullname", "githubRepo", "projectPage", "discussionId"]
_HF_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(_HF_KEYS), inner, max_size=6)
    ),
    max_leaves=25,
).map(json.dumps)


def _soup(tokens: list[str], size: int = 60) -> st.SearchStrategy[str]:
    """Text made of a format's own tokens, in any order, with a little free text."""
    return st.lists(st.sampled_from(tokens) | st.text(max_size=4), max_size=size).map("".join)


BIBTEX_TOKENS = [
    "@article{", "@inproceedings(", "@string{", "@comment{", "@preamble{", "key2024,",
    "title = {", "title=", "author = ", "year = 2024", "month = jan", "eprint = {2401.01234}",
    "journal = {arXiv preprint arXiv:2401.01234}", "doi = {10.1/x}", "url = {\\url{http://x}}",
    "}", "{", '"', "#", "=", ",", "\n", " and ", "\\'", '\\"{o}', "$x^2$", "%", "(", ")",
    "\\", "others", "{\\em x}", "@@", "\\href{http://x}{y}",
]  # fmt: skip
XML_TOKENS = [
    '<?xml version="1.0" encoding="latin-1"?>', "<?xml version='1.0'?>",
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">',
    "</feed>", '<rss version="2.0" xmlns:arxiv="http://arxiv.org/schemas/atom">', "<channel>",
    "</channel>", "</rss>", "<entry>", "</entry>", "<item>", "</item>", "<title>", "</title>",
    "<id>http://arxiv.org/abs/2401.01234v1</id>", "<id>http://arxiv.org/api/errors#x</id>",
    "<guid>oai:arXiv.org:2401.01234v2</guid>", "<link>https://rss.arxiv.org/rss/cs</link>",
    "<summary>", "</summary>", "<description>arXiv:2401.01234v1 Announce Type: new Abstract: x",
    "</description>", "<arxiv:announce_type>replace</arxiv:announce_type>",
    "<published>2024-13-45</published>", "<pubDate>Mon, 99 Foo 2024</pubDate>",
    "<author><name>", "</name></author>", "<dc:creator>A, B and Jr.</dc:creator>",
    "<arxiv:doi>10.1/x 10.2/y</arxiv:doi>", '<category term="cs.LG"/>',
    '<arxiv:primary_category term="cs.AI"/>', '<link href="http://x" rel="alternate"/>',
    '<link title="pdf" href="http://x"/>', "<opensearch:totalResults>5</opensearch:totalResults>",
    "<opensearch:itemsPerPage>x</opensearch:itemsPerPage>", "<![CDATA[", "]]>", "&amp;",
    "&#0;", "&#xD800;", "&#1114112;", "&#99999999999;", "&lol;", "<!--", "-->",
    '<!DOCTYPE x [<!ENTITY a "aaaa">]>', "<arxiv:comment>", "</arxiv:comment>",
    "<arxiv:affiliation>", "</arxiv:affiliation>", "<arxiv:journal_ref>", "\n", "<", ">", '"',
]  # fmt: skip
MARKDOWN_TOKENS = [
    "# ", "## ", "### ", "\n", "- ", "* ", "1. ", "  - ", "**", "__", "*", "[", "]", "(", ")",
    "](", "https://arxiv.org/abs/2401.01234", "https://github.com/a/b", "https://x.org/p.pdf",
    "[paper](https://arxiv.org/pdf/2401.01234)", "[[Code](https://github.com/a/b)]", "|",
    "| Title | Venue | Code |\n", "|---|---|---|\n", "---", "```", "<br>", "<b>", "</b>",
    '<a href="https://arxiv.org/abs/2401.1">', "</a>", "<h2>", "</h2>", "![x](y.png)",
    "Abstract: ", "CVPR 2023", "et al.", "<!--", "-->", "> ", "\x00", "&amp;", ":tada:",
]  # fmt: skip
PAGE_TOKENS = [
    "Get trending papers in your email inbox!\n", "Subscribe", "Upvote\n", "42\n", "\n",
    "Submitted by someone\n", "· 5 authors\n", "Published on Jan 3, 2024\n",
    "A Short Title For A Paper\n", "https://github.com/a/b ", "red{https://x.org}",
    "We study a problem. We propose a method. We show results on benchmarks. " * 3 + "\n",
]  # fmt: skip


# --- the properties --------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@given(data=st.binary(max_size=3000))
def test_any_bytes(folder: Path, data: bytes) -> None:
    path = folder / "listing.bin"
    path.write_bytes(data)
    listing = read_listing(path)
    assert_read_well(listing, "listing.bin")


@given(text=st.text(max_size=500))
def test_any_text_in_every_format(text: str) -> None:
    read_as_every_format(text, "listing.txt")


@given(named=mutated_listings())
def test_real_listings_cut_and_spliced(folder: Path, named: tuple[str, str]) -> None:
    name, text = named
    path = folder / name
    path.write_text(text, encoding="utf-8")
    assert_read_well(read_listing(path), name, text)
    read_as_every_format(text, name)


@given(text=_RECORD_FILES)
def test_records_with_fields_of_any_type(text: str) -> None:
    listing = read_text(text, "records.txt")
    assert_read_well(listing, "records.txt", text)
    assert_read_well(read_text(text, "records.txt", "records"), "records.txt", text)


@given(text=_HF_JSON)
def test_daily_papers_json_of_any_shape(text: str) -> None:
    read_as_every_format(text, "daily.json")


@given(text=_soup(BIBTEX_TOKENS))
def test_bibtex_like_text(text: str) -> None:
    read_as_every_format(text, "refs.bib")


@given(text=_soup(XML_TOKENS))
def test_xml_like_text(text: str) -> None:
    read_as_every_format(text, "feed.xml")


@given(text=_soup(MARKDOWN_TOKENS))
def test_markdown_like_text(text: str) -> None:
    read_as_every_format(text, "README.md")


@given(text=_soup(PAGE_TOKENS, size=30))
def test_copied_page_like_text(text: str) -> None:
    read_as_every_format(text, "page.txt")


_ANY_FILE = st.one_of(
    st.binary(max_size=500),
    mutated_listings().map(lambda named: named[1].encode("utf-8")),
    _RECORD_FILES.map(str.encode),
    _soup(BIBTEX_TOKENS).map(str.encode),
    _soup(XML_TOKENS).map(str.encode),
    _soup(MARKDOWN_TOKENS).map(str.encode),
)


@settings(max_examples=6)
@given(files=st.lists(_ANY_FILE, min_size=10, max_size=10))
def test_check_never_prints_a_traceback(folder: Path, files: list[bytes]) -> None:
    batch = folder / "batch"
    batch.mkdir(exist_ok=True)
    for old in batch.iterdir():
        old.unlink()
    for number, data in enumerate(files):
        (batch / f"listing-{number:02d}.txt").write_bytes(data)
    result = run_generator(batch, "check", "--json", ".", check=False)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1)
    report = json.loads(result.stdout)
    assert len(report["files"]) == len(files)
    assert BUG_MESSAGE not in result.stdout


def test_markdown_list_line_numbers_count_only_line_breaks() -> None:
    text = "Intro \x1e text \x1e see https://arxiv.org/abs/2401.01234 here\n"
    listing = read_text(text, "list.md", "markdown-list")
    assert [p.line for p in listing.problems] == [1]
