"""Merge the papers of every listing into one catalog, each paper once.

Which records are one paper is decided by ``generator.identity``. The merged
paper keeps what each listing knew and every listing it came from. The
catalog keeps papers in the order it first read them (listings in name order,
entries as each listing orders them): that order, never the text of a
provenance label, breaks ties downstream.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

from generator.identity import IdentityIndex, title_key
from generator.model import Paper

_LIST_FIELDS = ("authors", "categories", "keywords", "affiliations")
_MAX_FIELDS = ("upvotes", "comments")


def merge_into(target: Paper, other: Paper) -> None:
    """Fill ``target`` with what ``other`` knows and ``target`` does not."""
    for f in fields(Paper):
        name = f.name
        if name in (
            "links",
            "provenance",
            "topics",
            "slug",
            "other_titles",
            *_LIST_FIELDS,
            *_MAX_FIELDS,
        ):
            continue
        if not getattr(target, name) and getattr(other, name):
            setattr(target, name, getattr(other, name))
    for title in (other.title, *other.other_titles):
        if title_key(title) != title_key(target.title) and title not in target.other_titles:
            target.other_titles.append(title)
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
    redirects: dict[str, str] = field(default_factory=dict)  # old paper slug -> current

    def add(self, paper: Paper, listing: str) -> None:
        stats = self.stats.setdefault(listing, ListingStats())
        stats.read += 1
        matches = self._index.matches(paper)
        if not matches:
            self._index.add(paper)
            self.papers.append(paper)
            return
        stats.merged += 1
        target, *absorbed = matches
        merge_into(target, paper)
        # The new record can show that two published papers are one (a title-only
        # record and an arXiv record of the same paper): fold them together.
        for other in absorbed:
            merge_into(target, other)
            self._index.remove(other)
            self.papers = [p for p in self.papers if p is not other]
            if other.provenance:
                self.stats[other.provenance[0].listing].merged += 1
        if absorbed:  # keep sources in the order listings are read (a stable sort)
            target.provenance.sort(key=lambda p: p.listing)
        self._index.add(target)

    def __post_init__(self) -> None:
        self._index = IdentityIndex(self.papers)

    def published_per_listing(self) -> Counter[str]:
        """How many published papers each listing contributed to."""
        counts: Counter[str] = Counter()
        for paper in self.papers:
            for listing in {p.listing for p in paper.provenance}:
                counts[listing] += 1
        return counts
