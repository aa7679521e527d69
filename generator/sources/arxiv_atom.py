"""arXiv API responses: the Atom feeds export.arxiv.org/api/query answers with.

Two layouts are in the wild. Up to 2025 the API declared the ``arxiv`` and
``opensearch`` namespaces on every element, hard-wrapped titles, summaries and
comments at about 80 columns and wrote http links; the 2025+ layout declares
them once on the root, keeps text on one line and writes https links. Both
read to the same keys through feedparser (``arxiv_comment``, ``arxiv_doi``...).

arXiv reports a bad query as a normal feed whose one entry is titled "Error"
with an id under http://arxiv.org/api/errors; that entry becomes a Problem.

The helpers without a leading underscore are shared with ``arxiv_rss``.
"""

from __future__ import annotations

import email.utils
import io
import re
import time
from dataclasses import dataclass
from datetime import date

import feedparser

from generator.arxiv_ids import abs_url, parse_arxiv_id, pdf_url
from generator.identity import normalise_doi
from generator.links import classify, find_urls
from generator.model import Paper, Problem, Provenance, ReadResult, Severity
from generator.sources.same_id import FirstGiven, same_arxiv_id_message
from generator.text import clean, clean_list

NAME = "arxiv-atom"

_FEED_ROOT = re.compile(r"<(?:[\w.-]+:)?feed[\s>]")
# Markers only an arXiv API answer carries: its namespace, its query/error URLs
# and entry ids on arxiv.org. A blog linking to a paper has none of them.
_API_MARKS = re.compile(r"arxiv\.org/api/|xmlns(?::\w+)?=[\"']http://arxiv\.org/schemas/atom")
_ENTRY_ID_MARK = re.compile(r"<id>\s*https?://(?:export\.)?arxiv\.org/abs/", re.IGNORECASE)
# The announcement feeds (rss.arxiv.org, also served as Atom) belong to arxiv_rss.
_ANNOUNCE_MARKS = re.compile(
    r"<id>\s*(?:https?://rss\.arxiv\.org|oai:arXiv\.org:)|<arxiv:announce_type", re.IGNORECASE
)

# cs.LG, math-ph, cond-mat.str-el, q-bio.QM, astro-ph.HE; MSC and ACM classes
# ("53D10, 53D15", "I.2.6") that old entries list as categories are not.
_CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?$")
# feedparser keeps only the last <arxiv:affiliation> of an entry, so they are
# read from the entry's own text.
_AFFILIATION = re.compile(
    r"<(?:[\w.-]+:)?affiliation\b[^>]*>(.*?)</(?:[\w.-]+:)?affiliation\s*>", re.DOTALL
)
_ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
# A character reference to no character (a UTF-16 surrogate, past U+10FFFF) is
# malformed XML, and feedparser's lenient parser crashes on it.
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_NO_CHARACTER = "&#xFFFD;"
# feedparser puts a declaration on a line of its own before XML that has none,
# which moves every line it reports by one; ours goes on the first line.
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*?>")
_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'

# Kinds of URL worth taking from an abstract or comment; arxiv, pdf and doi
# URLs there point at other works, this paper's own come from its fields.
_TEXT_LINK_KINDS = ("code", "project", "hf")


def detect(text: str, filename: str) -> float:
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("<") or _FEED_ROOT.search(text) is None:
        return 0.0
    if _ANNOUNCE_MARKS.search(text) is not None:
        return 0.2
    if _API_MARKS.search(text) is not None:
        return 0.95
    if _ENTRY_ID_MARK.search(text) is not None:
        return 0.8
    return 0.0


# ---------------------------------------------------------------- shared helpers


def _replace_bad_charrefs(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with references to no character made U+FFFD, and (line, reference) of each."""
    found: list[tuple[int, str]] = []

    def replace(match: re.Match[str]) -> str:
        hex_digits, digits = match.groups()
        code = int(hex_digits, 16) if hex_digits else int(digits)
        if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return match.group(0)
        found.append((text.count("\n", 0, match.start()) + 1, match.group(0)))
        return _NO_CHARACTER

    if "&#" not in text:
        return text, found
    return _CHARREF.sub(replace, text), found


def parse_feed(text: str) -> feedparser.FeedParserDict:
    """feedparser on text already decoded, never on a URL or file name.

    References to no character are replaced before parsing and listed under
    the result's ``bad_charrefs`` key, for ``xml_problems`` to report.
    """
    text, bad_charrefs = _replace_bad_charrefs(text)
    if not _XML_DECLARATION.match(text):
        text = _DECLARATION + text
    parsed = feedparser.parse(
        # A stream: given a str, feedparser fetches what looks like a URL and
        # opens what looks like a file name.
        io.BytesIO(text.encode("utf-8")),
        # The text is decoded already; an encoding= left in the XML
        # declaration must not decode it a second time.
        response_headers={"content-type": "application/xml; charset=utf-8"},
        # Abstracts are plain text: "T < 1e7 K" must not be sanitised away.
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    parsed["bad_charrefs"] = bad_charrefs
    return parsed


def _bad_charref_problem(found: list[tuple[int, str]], origin: str) -> list[Problem]:
    if not found:
        return []
    line, reference = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    message = f"malformed XML: {reference}{more} refers to no Unicode character; read as U+FFFD"
    return [Problem(origin, message, line=line)]


def xml_problems(
    parsed: feedparser.FeedParserDict, origin: str, noun: str, plural: str
) -> list[Problem]:
    """A located Problem for XML feedparser could not read strictly, else none."""
    problems = _bad_charref_problem(parsed.get("bad_charrefs", []), origin)
    if not parsed.get("bozo"):
        return problems
    exc = parsed.get("bozo_exception")
    # The text was decoded before parsing; these only say the declaration and
    # the header disagree, which is harmless here.
    if isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return problems
    line = exc.getLineNumber() if hasattr(exc, "getLineNumber") else None
    reason = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    count = len(parsed.get("entries", []))
    counted = f"{count} {noun if count == 1 else plural}"
    if reason == "no element found":
        message = "the XML ends early: the file looks cut short"
        if count:
            message += f"; {counted} read up to there, the last may be incomplete"
    else:
        message = f"malformed XML: {reason}"
        if count:
            message += f"; {counted} recovered by lenient parsing, check none is missing"
    if not count:
        message += f"; no {noun} could be read"
    return [*problems, Problem(origin, message, line=line)]


def element_starts(text: str, tag: str) -> list[tuple[int, int]]:
    """(offset, 1-based line) of each <tag> start tag, in order."""
    pattern = re.compile(rf"<(?:[\w.-]+:)?{tag}[\s>/]")
    starts: list[tuple[int, int]] = []
    line, last = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        starts.append((match.start(), line))
    return starts


def iso_date(raw: str | None, parsed: time.struct_time | None) -> str | None:
    """The calendar day as the feed wrote it, in its own time zone, ISO formatted."""
    raw = (raw or "").strip()
    if raw:
        match = _ISO_DAY.match(raw)
        try:
            if match is not None:
                return date.fromisoformat(match.group(1)).isoformat()
            return email.utils.parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError):
            pass
    if parsed is not None:
        return date(*parsed[:3]).isoformat()
    return None


@dataclass(frozen=True)
class EntryPlace:
    """Where an entry sits, to locate the Problems found in it."""

    listing: str
    number: int  # 1-based
    line: int | None = None

    def problem(self, message: str, severity: Severity = "error") -> Problem:
        return Problem(self.listing, message, self.line, str(self.number), severity)


def entry_dates(
    entry: feedparser.FeedParserDict, fields: tuple[str, ...], place: EntryPlace
) -> tuple[dict[str, str | None], list[Problem]]:
    """ISO dates of ``fields``, and a warning for each one present but unreadable."""
    dates: dict[str, str | None] = {}
    problems: list[Problem] = []
    for name in fields:
        raw = entry.get(name)
        dates[name] = iso_date(raw, entry.get(f"{name}_parsed"))
        if raw and dates[name] is None:
            problems.append(
                place.problem(f"{name} date {clean(raw)!r} not understood; left empty", "warning")
            )
    return dates, problems


def arxiv_text(entry: feedparser.FeedParserDict, chunk: str | None, name: str) -> str:
    """The cleaned text of the entry's ``<arxiv:name>`` element, or "".

    When the XML is broken feedparser falls back to a lenient parser that
    gives elements declaring their own namespace (the old layout) as a dict of
    their attributes; their text is then read from the entry's own XML.
    """
    value = entry.get(f"arxiv_{name.lower()}")
    if isinstance(value, str):
        return clean(value)
    if chunk:
        pattern = rf"<(?:[\w.-]+:)?{name}\b[^>]*>(.*?)</(?:[\w.-]+:)?{name}\s*>"
        match = re.search(pattern, chunk, re.DOTALL | re.IGNORECASE)
        if match is not None:
            return clean(match.group(1))
    return ""


def split_dois(raw: str | None) -> list[str]:
    """arXiv writes several DOIs separated by spaces; bare DOIs, in order."""
    return [doi for raw_doi in clean(raw).split() if (doi := normalise_doi(raw_doi))]


def add_links(paper: Paper, dois: list[str], *texts: str) -> None:
    """This paper's own arXiv, PDF and DOI links, then code/project URLs its text names."""
    if paper.arxiv_id:
        paper.add_link("arxiv", abs_url(paper.arxiv_id))
        paper.add_link("pdf", pdf_url(paper.arxiv_id))
    for doi in dois:
        paper.add_link("doi", f"https://doi.org/{doi}")
    for text in texts:
        for url in find_urls(text):
            kind = classify(url)
            if kind in _TEXT_LINK_KINDS:
                paper.add_link(kind, url)


def split_categories(terms: list[str]) -> tuple[list[str], list[str]]:
    """arXiv categories, and the other classification terms (MSC, ACM) apart."""
    terms = clean_list(terms)
    return (
        [t for t in terms if _CATEGORY.match(t)],
        [t for t in terms if not _CATEGORY.match(t)],
    )


# ---------------------------------------------------------------- this reader


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _empty_feed_problem(feed: feedparser.FeedParserDict, origin: str) -> Problem:
    total = _int(feed.get("opensearch_totalresults"))
    start = _int(feed.get("opensearch_startindex")) or 0
    if total == 0:
        return Problem(
            origin,
            "arXiv found no papers for this query (opensearch:totalResults is 0)",
            severity="warning",
        )
    if total is not None and start >= total:
        return Problem(
            origin,
            f"this page starts at result {start} but the query has {total}: past the last page",
            severity="warning",
        )
    if total is not None:
        # The API is known to answer now and then with an empty page.
        return Problem(
            origin,
            f"the feed says the query has {total} results but holds no entries; "
            "arXiv sometimes answers with an empty page: fetch it again",
        )
    return Problem(origin, "the feed holds no entries", severity="warning")


def _count_problem(
    feed: feedparser.FeedParserDict, found: int, origin: str, broken: bool
) -> Problem | None:
    """A warning when a well-formed page holds fewer entries than the API promised."""
    total = _int(feed.get("opensearch_totalresults"))
    per_page = _int(feed.get("opensearch_itemsperpage"))
    start = _int(feed.get("opensearch_startindex")) or 0
    if broken or total is None or per_page is None:
        return None
    expected = max(0, min(per_page, total - start))
    if found >= expected:
        return None
    return Problem(
        origin,
        f"the feed promises {expected} entries on this page but holds {found}",
        severity="warning",
    )


def _is_error_entry(entry_id: str, title: str) -> bool:
    return title.lower() == "error" and (
        "/api/errors" in entry_id or parse_arxiv_id(entry_id) is None
    )


def _paper(
    entry: feedparser.FeedParserDict, place: EntryPlace, chunk: str | None
) -> tuple[Paper | None, list[Problem]]:
    entry_id = clean(entry.get("id"))
    title = clean(entry.get("title"))
    if _is_error_entry(entry_id, title):
        reason = clean(entry.get("summary")) or "no reason given"
        return None, [place.problem(f"arXiv API error: {reason}")]
    arxiv_id = parse_arxiv_id(entry_id) or parse_arxiv_id(entry.get("link"))
    if not title:
        named = f" (id {entry_id})" if entry_id else ""
        return None, [place.problem(f"entry has no title{named}; skipped")]
    if not entry_id and arxiv_id is None:
        return None, [place.problem(f"entry {title!r} has no id; skipped")]
    problems: list[Problem] = []
    if not entry_id:
        problems.append(
            place.problem(f"entry {title!r} has no <id>; arXiv id taken from its link", "warning")
        )
    elif arxiv_id is None:
        problems.append(
            place.problem(f"entry id {entry_id!r} is not an arXiv id; kept without one", "warning")
        )

    dates, date_issues = entry_dates(entry, ("published", "updated"), place)
    problems += date_issues
    primary_element = entry.get("arxiv_primary_category")
    primary = primary_element.get("term", "") if isinstance(primary_element, dict) else ""
    terms = [primary] + [tag.get("term", "") for tag in entry.get("tags", [])]
    categories, other_terms = split_categories(terms)
    abstract = clean(entry.get("summary"))
    comment = arxiv_text(entry, chunk, "comment")
    links = entry.get("links", [])
    dois = split_dois(arxiv_text(entry, chunk, "doi"))
    if not dois:
        # Some copies keep only the DOI link, not the <arxiv:doi> element.
        dois = split_dois(" ".join(link["href"] for link in links if link.get("title") == "doi"))
    label = f"entry {place.number}" + (f" (arXiv:{arxiv_id})" if arxiv_id else "")
    paper = Paper(
        title=title,
        abstract=abstract,
        # Not clean_list: two authors may share a name.
        authors=[
            name for author in entry.get("authors", []) if (name := clean(author.get("name")))
        ],
        published=dates["published"],
        updated=dates["updated"],
        arxiv_id=arxiv_id,
        doi=dois[0] if dois else None,
        venue=arxiv_text(entry, chunk, "journal_ref") or None,
        comment=comment or None,
        categories=categories,
        keywords=other_terms,
        affiliations=clean_list(_AFFILIATION.findall(chunk)) if chunk else [],
        provenance=[Provenance(place.listing, label)],
    )
    if arxiv_id is None:
        # No id to build canonical links from: keep the feed's own.
        for link in links:
            href = link.get("href", "")
            if link.get("title") == "pdf":
                paper.add_link("pdf", href)
            elif link.get("rel") == "alternate" and href:
                paper.add_link(classify(href), href)
    add_links(paper, dois, abstract, comment)
    return paper, problems


def read(text: str, origin: str) -> ReadResult:
    result = ReadResult()
    parsed = parse_feed(text)
    result.problems += xml_problems(parsed, origin, "entry", "entries")
    entries = parsed.get("entries", [])
    version = parsed.get("version", "")
    if not version and not entries:
        if not result.problems:
            result.problems.append(Problem(origin, "not an Atom feed: no <feed> element found"))
        return result
    if version and not version.startswith("atom"):
        result.problems.append(
            Problem(
                origin,
                f"this is a {version} feed, not an arXiv API (Atom) answer",
                severity="warning",
            )
        )
    if not entries:
        if not result.errors:
            result.problems.append(_empty_feed_problem(parsed.get("feed", {}), origin))
        return result
    starts = element_starts(text, "entry")
    # Lines and per-entry text are only trusted when every entry was found.
    aligned = len(starts) == len(entries)
    ids = FirstGiven()
    for index, entry in enumerate(entries):
        line: int | None = None
        chunk: str | None = None
        if aligned:
            offset, line = starts[index]
            end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
            chunk = text[offset:end]
        place = EntryPlace(origin, index + 1, line)
        paper, problems = _paper(entry, place, chunk)
        result.problems += problems
        if paper is None:
            continue
        result.papers.append(paper)
        first = ids.other_title(paper.arxiv_id, paper.title, f"entry {place.number}")
        if first is not None and paper.arxiv_id:
            result.problems.append(
                place.problem(same_arxiv_id_message(paper.arxiv_id, first), "warning")
            )
    broken = bool(result.errors)
    if (
        problem := _count_problem(parsed.get("feed", {}), len(entries), origin, broken)
    ) is not None:
        result.problems.append(problem)
    return result
