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
    """Casefolded title without accents, punctuation or spacing differences.

    A title of punctuation or emoji only keeps them: "!!!" and "???" are two papers.
    """
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub("", text) or "".join(text.split())


def entry_number(entry: str) -> int:
    """The number in a provenance entry ("line 12" -> 12), for ordering."""
    match = re.search(r"\d+", entry)
    return int(match.group()) if match else 0


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
        matches = self._matches(paper)
        if not matches:
            self._index(paper)
            self.papers.append(paper)
            return
        stats.merged += 1
        target, *absorbed = matches
        merge_into(target, paper)
        # The new record can show that two published papers are one (a title-only
        # record and an arXiv record of the same paper): fold them together.
        for other in absorbed:
            merge_into(target, other)
            self._forget(other)
            if other.provenance:
                self.stats[other.provenance[0].listing].merged += 1
        if absorbed:  # keep sources in the order listings are read
            target.provenance.sort(key=lambda p: (p.listing, entry_number(p.entry)))
        self._index(target)

    def _matches(self, paper: Paper) -> list[Paper]:
        """Papers this record is, strongest evidence first, none conflicting."""
        found: list[Paper] = []
        if paper.arxiv_id and (hit := self._by_arxiv.get(paper.arxiv_id)):
            found.append(hit)
        if paper.doi and (hit := self._by_doi.get(paper.doi.lower())) and hit not in found:
            found.append(hit)
        for candidate in self._by_title.get(title_key(paper.title), []):
            if candidate not in found and not _conflicts(candidate, paper):
                found.append(candidate)
        if not found:
            return []
        first = found[0]
        return [first] + [
            c for c in found[1:] if not _conflicts(first, c) and not _conflicts(c, paper)
        ]

    def _forget(self, paper: Paper) -> None:
        self.papers.remove(paper)
        for index in (self._by_arxiv, self._by_doi):
            for key in [k for k, v in index.items() if v is paper]:
                del index[key]
        for same_title in self._by_title.values():
            if paper in same_title:
                same_title.remove(paper)

    def _index(self, paper: Paper) -> None:
        if paper.arxiv_id:
            self._by_arxiv[paper.arxiv_id] = paper
        if paper.doi:
            self._by_doi[paper.doi.lower()] = paper
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
