"""arXiv announcement feeds: rss.arxiv.org's RSS 2.0 and Atom, and the RSS 1.0 before it.

Each item is one paper announced that day. Its description (the Atom
summary) starts ``arXiv:2609.26811v1 Announce Type: new`` and goes on with
``Abstract: ...``; ``dc:creator`` holds all authors in one comma-joined string
("A, B and C"); the guid is ``oai:arXiv.org:ID``; pubDate is the announcement
day; ``arxiv:DOI`` and ``arxiv:journal_reference`` appear when known.

The announce type says why the paper is listed: ``new`` (first version),
``cross`` (cross-listed from another category: a new paper, or an old one
given one more category), ``replace`` and ``replace-cross`` (a new version of
an older paper). It is kept in the provenance entry, because it describes this
listing rather than the paper: the same paper read from another listing has
its own. The announcement day is the paper's ``published`` date only when this
is its first announcement (version 1, submitted that month or the one before),
its ``updated`` date for a replacement, and otherwise neither; it is always
the provenance's ``first_seen``.

The feeds arXiv served before rss.arxiv.org (export.arxiv.org/rss/CAT) were RSS 1.0
(RDF): ``<rdf:RDF>`` with ``<item rdf:about="http://arxiv.org/abs/ID">``, the id,
version, primary category and announce type in the title (``Title. (arXiv:ID v1
[hep-ex] CROSS LISTED)``, ``UPDATED`` for a replacement), the abstract as HTML,
the authors as links in one ``dc:creator`` and the announcement in the channel's
``dc:date``.

Weekend and holiday feeds are valid and empty.
"""

from __future__ import annotations

import re

import feedparser

from generator.arxiv_ids import arxiv_version, parse_arxiv_id
from generator.model import Paper, Problem, Provenance, ReadResult
from generator.sources.arxiv_atom import (
    EntryPlace,
    add_links,
    arxiv_text,
    element_starts,
    entry_dates,
    parse_feed,
    split_categories,
    split_dois,
    xml_problems,
)
from generator.text import clean

NAME = "arxiv-rss"

_RSS_ROOT = re.compile(r"<rss[\s>]|<rdf:RDF[\s>]")
_FEED_ROOT = re.compile(r"<(?:[\w.-]+:)?feed[\s>]")
# Structural marks only: a feed link or id on rss.arxiv.org, oai:arXiv.org
# guids, the announce_type element. Prose mentioning them does not count.
_ARXIV_MARKS = re.compile(
    r"<(?:link|id)>\s*https?://rss\.arxiv\.org|href=[\"']https?://rss\.arxiv\.org"
    r"|<(?:guid|id)\b[^>]*>\s*oai:arXiv\.org:|<arxiv:announce_type"
    r"|<item\s+rdf:about=[\"']https?://(?:export\.)?arxiv\.org/abs/",
    re.IGNORECASE,
)
_DESCRIPTION = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*(?:Abstract:)?(?P<abstract>.*)$",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
# Authors are joined by commas, the last sometimes by "and".
_AUTHOR_SEPARATOR = re.compile(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+")
_NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
_REPLACEMENTS = ("replace", "replace-cross")
_NEW_STYLE = re.compile(r"^(\d{2})(\d{2})\.")
# RSS 1.0 titles: "Title. (arXiv:1805.06430v2 [nucl-th] UPDATED)".
_RDF_TITLE = re.compile(
    r"^(?P<title>.*?)\.?\s*\(arXiv:(?P<id>\S+?)\s*\[(?P<category>[\w.-]+)\]"
    r"\s*(?P<type>UPDATED|CROSS LISTED)?\)\s*$",
    re.DOTALL,
)
_RDF_ANNOUNCE = {"": "new", "CROSS LISTED": "cross", "UPDATED": "replace"}
_BRACKETED = re.compile(r"\s*\([^()]*\)")


def detect(text: str, filename: str) -> float:
    head = text.lstrip("\ufeff \t\r\n")
    if not head.startswith("<") or _ARXIV_MARKS.search(text) is None:
        return 0.0
    if _RSS_ROOT.search(text) is not None:
        return 0.95
    if _FEED_ROOT.search(text) is not None:
        return 0.9
    return 0.0


def split_authors(raw: str) -> list[str]:
    """'A, B and C' -> ['A', 'B', 'C']; a trailing 'Jr.' stays with its name."""
    names: list[str] = []
    for part in _AUTHOR_SEPARATOR.split(clean(raw)):
        part = part.strip()
        if not part:
            continue
        if _NAME_SUFFIX.match(part) and names:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _first_announcement(arxiv_id: str, version: int | None, announce: str, day: str) -> bool:
    """Whether this item announces the paper for the first time (see the module doc)."""
    if announce in _REPLACEMENTS or (version or 1) > 1:
        return False
    # A new-style id names its submission month; an older one is a late cross-list.
    match = _NEW_STYLE.match(arxiv_id)
    if match is not None:
        submitted = int(match.group(1)) * 12 + int(match.group(2))
        announced = int(day[2:4]) * 12 + int(day[5:7])
        return announced - submitted <= 1
    return True


def _rdf_entry(entry: feedparser.FeedParserDict, announced: str | None) -> None:
    """An RSS 1.0 item in the shape of an RSS 2.0 one: title, guid, description, date, tags."""
    match = _RDF_TITLE.match(clean(entry.get("title")))
    if match is None:
        return
    announce = _RDF_ANNOUNCE[match.group("type") or ""]
    entry["title"] = match.group("title")
    entry["id"] = f"oai:arXiv.org:{match.group('id')}"
    entry["summary"] = f"arXiv:{match.group('id')} Announce Type: {announce} Abstract: " + _TAG.sub(
        " ", entry.get("summary", "")
    )
    entry["tags"] = [{"term": match.group("category")}]
    # dc:creator is one string of author links; collaborations follow in brackets.
    names = _TAG.sub("", " ".join(a.get("name", "") for a in entry.get("authors", [])))
    entry["authors"] = [{"name": _BRACKETED.sub("", names)}]
    if announced:
        entry["published"] = announced


def _paper(
    entry: feedparser.FeedParserDict, place: EntryPlace, chunk: str | None
) -> tuple[Paper | None, list[Problem]]:
    title = clean(entry.get("title"))
    guid = clean(entry.get("id"))
    description = entry.get("summary") or ""  # None when a broken item holds only content
    match = _DESCRIPTION.match(description)
    if match is not None:
        written_id, abstract = match.group("id"), match.group("abstract")
    else:
        # Not the rss.arxiv.org shape (older feeds wrapped it in HTML).
        written_id, abstract = "", _TAG.sub(" ", description)
    arxiv_id = (
        parse_arxiv_id(guid) or parse_arxiv_id(written_id) or parse_arxiv_id(entry.get("link"))
    )
    if not title:
        named = f" (id {guid or written_id})" if guid or written_id else ""
        return None, [place.problem(f"item has no title{named}; skipped")]
    if arxiv_id is None:
        return None, [place.problem(f"item {title!r} has no arXiv id in its guid, text or link")]
    announce = arxiv_text(entry, chunk, "announce_type") or (match.group("type") if match else "")
    announce = announce.lower()
    dates, problems = entry_dates(entry, ("published",), place)
    day = dates["published"]
    categories, other_terms = split_categories(
        [tag.get("term", "") for tag in entry.get("tags", [])]
    )
    abstract = clean(abstract)
    comment = arxiv_text(entry, chunk, "comment")
    dois = split_dois(arxiv_text(entry, chunk, "DOI"))
    version = arxiv_version(guid) or arxiv_version(written_id)
    first = day is not None and _first_announcement(arxiv_id, version, announce, day)
    written = f"arXiv:{arxiv_id}" + (f"v{version}" if version else "")
    label = f"entry {place.number} ({written}" + (
        f", announced as {announce})" if announce else ")"
    )
    paper = Paper(
        title=title,
        abstract=abstract,
        authors=[
            name
            for author in entry.get("authors", [])
            for name in split_authors(author.get("name", ""))
        ],
        published=day if first else None,
        updated=day if announce in _REPLACEMENTS else None,
        arxiv_id=arxiv_id,
        doi=dois[0] if dois else None,
        venue=arxiv_text(entry, chunk, "journal_reference")
        or arxiv_text(entry, chunk, "journal_ref")
        or None,
        comment=comment or None,
        categories=categories,
        keywords=other_terms,
        provenance=[Provenance(place.listing, label, first_seen=day)],
    )
    add_links(paper, dois, abstract, comment)
    return paper, problems


def read(text: str, origin: str) -> ReadResult:
    result = ReadResult()
    parsed = parse_feed(text)
    result.problems += xml_problems(parsed, origin, "item", "items")
    entries = parsed.get("entries", [])
    version = parsed.get("version", "")
    if not version and not entries:
        if not result.problems:
            result.problems.append(
                Problem(origin, "not an RSS or Atom feed: no <rss> or <feed> found")
            )
        return result
    if not entries:
        if not result.errors:
            result.problems.append(
                Problem(
                    origin,
                    "the feed announces no papers (arXiv announces none on weekends and holidays)",
                    severity="warning",
                )
            )
        return result
    starts = element_starts(text, "entry" if version.startswith("atom") else "item")
    aligned = len(starts) == len(entries)
    announced = parsed.get("feed", {}).get("updated") if version == "rss10" else None
    for index, entry in enumerate(entries):
        if version == "rss10":
            _rdf_entry(entry, announced)
        line: int | None = None
        chunk: str | None = None
        if aligned:
            offset, line = starts[index]
            end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
            chunk = text[offset:end]
        paper, problems = _paper(entry, EntryPlace(origin, index + 1, line), chunk)
        result.problems += problems
        if paper is not None:
            result.papers.append(paper)
    return result
