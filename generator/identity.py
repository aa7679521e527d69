"""One rule for "the same paper", used by the catalog, the path registry and fetch.

Two records are one paper when they share an arXiv id (any version; readers
drop the version), a DOI (compared without case), or the same normalised
title while no id of the same kind disagrees. A paper is known by its
identity keys, strongest first: ``arxiv:<id>``, ``doi:<doi, lower case>``,
``title:<title key>`` (one per title it was listed under).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote

from generator.model import Paper

_NON_ALNUM = re.compile(r"[\W_]+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.|www\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d+(?:\.\d+)*/\S+$")  # registrant codes are digits, dot-separated
# Kinds of key that name exactly one paper: two different values of one kind
# are two different papers, whatever their titles say.
ID_KINDS = ("arxiv", "doi")


def normalise_doi(raw: str | None) -> str | None:
    """``https://doi.org/10.1000/X.`` -> ``10.1000/X``; None when it is no DOI.

    Case is kept for display (DOIs are compared without case, see ``doi_key``).
    """
    if not raw:
        return None
    doi = _DOI_PREFIX.sub("", unquote(raw.strip())).strip().rstrip(".,;")
    return doi if _DOI.match(doi) else None


def doi_key(doi: str) -> str:
    return doi.lower()


def title_key(title: str) -> str:
    """Casefolded title without accents, punctuation or spacing differences.

    A title of punctuation or emoji only keeps them: "!!!" and "???" are two papers.
    """
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub("", text) or "".join(text.split())


def identity_keys(paper: Paper) -> list[str]:
    """The keys a paper is known by, strongest first."""
    keys = []
    if paper.arxiv_id:
        keys.append(f"arxiv:{paper.arxiv_id}")
    if paper.doi:
        keys.append(f"doi:{doi_key(paper.doi)}")
    keys.append(f"title:{title_key(paper.title)}")
    keys.extend(f"title:{title_key(t)}" for t in paper.other_titles)
    return keys


def key_kind(key: str) -> str:
    return key.split(":", 1)[0]


def keys_conflict(a: Iterable[str], b: Iterable[str]) -> bool:
    """True when both sets hold an id of one kind (arXiv, DOI) and the ids differ."""
    ids_a: dict[str, set[str]] = {}
    for key in a:
        if key_kind(key) in ID_KINDS:
            ids_a.setdefault(key_kind(key), set()).add(key)
    for key in b:
        kind = key_kind(key)
        if kind in ids_a and key not in ids_a[kind]:
            return True
    return False


def conflicts(a: Paper, b: Paper) -> bool:
    """True when the two records carry different ids of the same kind."""
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return True
    return bool(a.doi and b.doi and doi_key(a.doi) != doi_key(b.doi))


class IdentityIndex:
    """Papers looked up by identity: which known papers is this record?"""

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self._by_arxiv: dict[str, Paper] = {}
        self._by_doi: dict[str, Paper] = {}
        self._by_title: dict[str, list[Paper]] = {}
        for paper in papers:
            self.add(paper)

    def add(self, paper: Paper) -> None:
        """Index ``paper`` under its ids and titles (again, after it was enriched)."""
        if paper.arxiv_id:
            self._by_arxiv[paper.arxiv_id] = paper
        if paper.doi:
            self._by_doi[doi_key(paper.doi)] = paper
        for title in (paper.title, *paper.other_titles):
            same_title = self._by_title.setdefault(title_key(title), [])
            if not any(p is paper for p in same_title):
                same_title.append(paper)

    def remove(self, paper: Paper) -> None:
        for index in (self._by_arxiv, self._by_doi):
            for key in [k for k, v in index.items() if v is paper]:
                del index[key]
        for same_title in self._by_title.values():
            same_title[:] = [p for p in same_title if p is not paper]

    def matches(self, paper: Paper) -> list[Paper]:
        """Known papers this record is, strongest evidence first, none conflicting."""
        found: list[Paper] = []

        def take(hit: Paper | None) -> None:
            if hit is not None and not any(hit is f for f in found):
                found.append(hit)

        if paper.arxiv_id:
            take(self._by_arxiv.get(paper.arxiv_id))
        if paper.doi:
            take(self._by_doi.get(doi_key(paper.doi)))
        for candidate in self._by_title.get(title_key(paper.title), []):
            if not conflicts(candidate, paper):
                take(candidate)
        if not found:
            return []
        first = found[0]
        return [first] + [
            c for c in found[1:] if not conflicts(first, c) and not conflicts(c, paper)
        ]

    def knows(self, paper: Paper) -> bool:
        return bool(self.matches(paper))
