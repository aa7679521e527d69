"""The data shape that travels the whole pipeline: plain dataclasses, no I/O.

Every reader in ``generator.sources`` produces ``Paper`` records; the catalog,
tagger, page writer and exporters only ever see ``Paper``. Nothing downstream
knows which format a paper came from except through ``Paper.provenance``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LinkKind = Literal["code", "project", "arxiv", "pdf", "doi", "hf", "url"]
Severity = Literal["error", "warning"]


def _address(url: str) -> str:
    return url.lower().split("://", 1)[-1].rstrip("/")


def _same_address(a: str, b: str) -> bool:
    return _address(a) == _address(b)


@dataclass(frozen=True)
class Link:
    """A link shown on a paper page, e.g. ``Link("code", "https://github.com/a/b")``."""

    kind: LinkKind
    url: str


@dataclass(frozen=True)
class TopicAssignment:
    """A topic given to a paper, with the reason a reader can be shown."""

    topic: str  # the topic's slug, a key of the taxonomy
    reason: str  # e.g. 'phrase "reinforcement learning" in abstract'


@dataclass(frozen=True)
class Provenance:
    """Where a paper record came from: one entry of one listing file."""

    listing: str  # listing file name, relative to the listings folder
    entry: str  # "line 12", "entry 3", "key smith2020", ...
    first_seen: str | None = None  # ISO date the listing first showed it


@dataclass
class Paper:
    """One paper, as much as any listing knows about it."""

    title: str
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO date: YYYY-MM-DD, or YYYY-MM / YYYY when that is all
    updated: str | None = None
    arxiv_id: str | None = None  # without version: "2401.01234", "cond-mat/0412498"
    doi: str | None = None
    venue: str | None = None  # journal, booktitle or journal_ref
    comment: str | None = None  # arXiv comment and similar free notes
    summary: str | None = None  # a short machine summary (Hugging Face ai_summary)
    bibtex: str | None = None  # the listing's own BibTeX entry, LaTeX kept, macros expanded
    links: list[Link] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # arXiv categories, e.g. cs.LG
    keywords: list[str] = field(default_factory=list)  # source keywords, list headings
    affiliations: list[str] = field(default_factory=list)
    upvotes: int | None = None
    comments: int | None = None  # number of discussion comments where the source counts them
    provenance: list[Provenance] = field(default_factory=list)
    # Filled in by the pipeline, never by readers:
    other_titles: list[str] = field(default_factory=list)  # as other listings spell it
    topics: list[TopicAssignment] = field(default_factory=list)
    slug: str = ""

    def add_link(self, kind: LinkKind, url: str) -> None:
        """Add an http(s) link unless the same address is already there.

        Addresses that differ only in case, scheme or a trailing slash are the
        same (Hugging Face lower-cases the GitHub URL an abstract gives).
        """
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            return
        if not any(_same_address(link.url, url) for link in self.links):
            self.links.append(Link(kind, url))

    def links_of(self, kind: LinkKind) -> list[str]:
        return [link.url for link in self.links if link.kind == kind]


@dataclass(frozen=True)
class Problem:
    """Something wrong in a listing, located so a maintainer can fix it."""

    listing: str
    message: str
    line: int | None = None  # 1-based line in the file, when the format has lines
    entry: str | None = None  # entry number, BibTeX key, record index...
    severity: Severity = "error"

    def location(self) -> str:
        parts = [self.listing]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.entry is not None:
            parts.append(f"entry {self.entry}")
        return ":".join(parts[:1]) + (", " + ", ".join(parts[1:]) if parts[1:] else "")

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message}"


@dataclass
class ReadResult:
    """What reading one listing gives: its papers and the problems found."""

    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
