"""Merge the papers of every listing into one catalog, each paper once.

Two records are the same paper when they share an arXiv id (any version), a
DOI, or the same normalised title while no id of theirs disagrees. The merged
paper keeps what each listing knew and every listing it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, fields

from generator.model import Paper

_NON_ALNUM = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """Casefolded title without accents, punctuation or spacing differences."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text.casefold())


def _conflicts(a: Paper, b: Paper) -> bool:
    """True when both carry an id of the same kind and the ids differ."""
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return True
    return bool(a.doi and b.doi and a.doi.lower() != b.doi.lower())


_LIST_FIELDS = ("authors", "categories", "keywords", "affiliations")
_MAX_FIELDS = ("upvotes", "comments")


def merge_into(target: Paper, other: Paper) -> None:
    """Fill ``target`` with what ``other`` knows and ``target`` does not."""
    for f in fields(Paper):
        name = f.name
        if name in ("links", "provenance", "topics", "slug", *_LIST_FIELDS, *_MAX_FIELDS):
            continue
        if not getattr(target, name) and getattr(other, name):
            setattr(target, name, getattr(other, name))
    # A full abstract beats a truncated one (feeds and summaries cut them).
    if len(other.abstract) > len(target.abstract):
        target.abstract = other.abstract
    if not target.authors:
        target.authors = list(other.authors)
    for name in ("categories", "keywords", "affiliations"):
        merged = getattr(target, name)
        merged.extend(v for v in getattr(other, name) if v not in merged)
    for name in _MAX_FIELDS:
        values = [v for v in (getattr(target, name), getattr(other, name)) if v is not None]
        setattr(target, name, max(values) if values else None)
    for link in other.links:
        target.add_link(link.kind, link.url)
    for source in other.provenance:
        if source not in target.provenance:
            target.provenance.append(source)


@dataclass
class ListingStats:
    """Per listing: papers read, merged into another record, published."""

    read: int = 0
    merged: int = 0


@dataclass
class Catalog:
    papers: list[Paper] = field(default_factory=list)
    stats: dict[str, ListingStats] = field(default_factory=dict)

    def add(self, paper: Paper, listing: str) -> None:
        stats = self.stats.setdefault(listing, ListingStats())
        stats.read += 1
        match = self._find(paper)
        if match is None:
            self._index(paper)
            self.papers.append(paper)
            return
        stats.merged += 1
        merge_into(match, paper)
        self._index(match)

    def _find(self, paper: Paper) -> Paper | None:
        if paper.arxiv_id and (hit := self._by_arxiv.get(paper.arxiv_id)):
            return hit
        if paper.doi and (hit := self._by_doi.get(paper.doi.lower())):
            return hit
        for candidate in self._by_title.get(title_key(paper.title), []):
            if not _conflicts(candidate, paper):
                return candidate
        return None

    def _index(self, paper: Paper) -> None:
        if paper.arxiv_id:
            self._by_arxiv.setdefault(paper.arxiv_id, paper)
        if paper.doi:
            self._by_doi.setdefault(paper.doi.lower(), paper)
        same_title = self._by_title.setdefault(title_key(paper.title), [])
        if paper not in same_title:
            same_title.append(paper)

    def __post_init__(self) -> None:
        self._by_arxiv: dict[str, Paper] = {}
        self._by_doi: dict[str, Paper] = {}
        self._by_title: dict[str, list[Paper]] = {}

    def published_per_listing(self) -> Counter[str]:
        """How many published papers each listing contributed to."""
        counts: Counter[str] = Counter()
        for paper in self.papers:
            for listing in {p.listing for p in paper.provenance}:
                counts[listing] += 1
        return counts
