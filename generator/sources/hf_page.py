"""A Hugging Face papers page copied as plain text.

The text is a title line followed by its abstract on one line, repeated, with
the page's chrome around and between them: "Get trending papers..." banners,
button labels ("Subscribe" glued to the first title, "Upvote"), vote counts,
"Submitted by ..." lines, dates and "· N authors". Chrome is recognised and
dropped (or turned into fields); it never becomes a paper.

Lines are told apart by shape: an abstract is long running prose, a title is
a short line. A title with no abstract after it is reported with its line
number and kept as a paper without an abstract, so later pairs never shift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from generator.links import classify, find_urls
from generator.model import Paper, Problem, Provenance, ReadResult
from generator.text import clean, split_lines

NAME = "hf-page"

_CHROME = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^get trending papers in your email inbox.*$",
        r"^(subscribe|upvote|follow|share|copy link|view arxiv page|view pdf|add to collection)$",
        r"^(daily|weekly|monthly|trending) papers$",
        r"^(papers|search|sort by|previous|next|load more|see all|new|trending)$",
        r"^(github|arxiv page|project page|pdf|community|collections|models|datasets|spaces)$",
        r"^·?\s*\d+\s+authors?$",
        r"^submitted by\s+.+$",
        r"^(published|submitted)\s+on\s+.+$",
        r"^#?\s*\d+$",  # vote and comment counts, ranks
        r"^\d+(\.\d+)?k$",
    )
]
# Button labels that a copy glues onto the next line's start.
_GLUED_LABEL = re.compile(r"^(Subscribe|Upvote|Follow)(?=[A-Z0-9\"'(])")
_UPVOTES = re.compile(r"^(\d+)$")
_AUTHOR_COUNT = re.compile(r"^·?\s*(\d+)\s+authors?$", re.IGNORECASE)
_DATE = re.compile(r"^(?:published|submitted)\s+on\s+(.+)$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](\s|$)")
# LaTeX colour/url commands that a copy strips to "red{...}".
_LATEX_WRAPPED_URL = re.compile(r"\b(?:red|blue|url|href|textcolor)\{(https?://[^}\s]+)\}")


def _is_abstract(line: str) -> bool:
    """Running prose: long, with at least one sentence in it."""
    if len(line) >= 300:
        return True
    return len(line) >= 140 and len(_SENTENCE_END.findall(line)) >= 2


def _is_chrome(line: str) -> bool:
    return any(p.match(line) for p in _CHROME)


def _parse_date(text: str) -> str | None:
    text = text.strip().rstrip(".")
    for fmt in ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


@dataclass
class _Pending:
    title: str
    line: int
    upvotes: int | None = None
    published: str | None = None
    extra_lines: list[int] = field(default_factory=list)


def detect(text: str, filename: str) -> float:
    lines = [line.strip() for line in split_lines(text) if line.strip()]
    if not lines or lines[0][:1] in "{[<@":
        return 0.0
    if any(line.lower().startswith("get trending papers") for line in lines[:5]):
        return 0.95
    # Plain title/abstract alternation without chrome still reads as this format.
    content = [line for line in lines if not _is_chrome(line)]
    if len(content) < 2 or content[0].startswith(("#", "-", "*", "|")):
        return 0.0
    shapes = [_is_abstract(line) for line in content]
    pairs = sum(1 for a, b in pairwise(shapes) if not a and b)
    return 0.6 if pairs >= max(1, len(content) // 3) else 0.0


def _paper(pending: _Pending, abstract: str, origin: str) -> Paper:
    abstract = clean(_LATEX_WRAPPED_URL.sub(r"\1", abstract))
    paper = Paper(
        title=pending.title,
        abstract=abstract,
        published=pending.published,
        upvotes=pending.upvotes,
        provenance=[Provenance(origin, f"line {pending.line}")],
    )
    for url in find_urls(abstract):
        paper.add_link(classify(url), url)
    return paper


def read(text: str, origin: str) -> ReadResult:
    result = ReadResult()
    pending: _Pending | None = None
    # Chrome fields seen between papers belong to the next title.
    upvotes: int | None = None
    published: str | None = None

    def flush_title_only() -> None:
        assert pending is not None
        result.problems.append(
            Problem(
                origin,
                f"title {pending.title!r} has no abstract after it; kept without one",
                line=pending.line,
                severity="warning",
            )
        )
        result.papers.append(_paper(pending, "", origin))

    for number, raw in enumerate(split_lines(text), start=1):
        line = clean(raw)
        if not line:
            continue
        line = _GLUED_LABEL.sub("", line)
        if _is_chrome(line):
            if (m := _UPVOTES.match(line)) is not None:
                upvotes = int(m.group(1))
            elif (m := _DATE.match(line)) is not None:
                published = _parse_date(m.group(1)) or published
            if pending is not None:
                pending.upvotes = pending.upvotes if upvotes is None else upvotes
                pending.published = pending.published or published
                upvotes = published = None
            continue
        if _is_abstract(line):
            if pending is None:
                result.problems.append(
                    Problem(origin, "abstract with no title line before it", line=number)
                )
                continue
            result.papers.append(_paper(pending, line, origin))
            pending = None
            continue
        # A short line: a title.
        if pending is not None:
            flush_title_only()
        pending = _Pending(line, number, upvotes=upvotes, published=published)
        upvotes = published = None
    if pending is not None:
        flush_title_only()
    return result
