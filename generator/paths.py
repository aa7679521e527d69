"""Stable, readable page paths for papers.

A paper's path is its title slugified. When two different papers share a
title slug, the one seen first (earliest listing, earliest entry) keeps the
plain slug and the other gets its arXiv id, DOI or a short hash appended, so
adding papers in later listings never moves an existing page.
"""

from __future__ import annotations

import hashlib
import re

from slugify import slugify

from generator.catalog import title_key
from generator.model import Paper

MAX_SLUG_LENGTH = 80


def base_slug(title: str) -> str:
    return slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "untitled"


def _entry_number(entry: str) -> int:
    match = re.search(r"\d+", entry)
    return int(match.group()) if match else 0


def _first_seen(paper: Paper) -> tuple[str, int, str]:
    first = min(paper.provenance, key=lambda p: (p.listing, _entry_number(p.entry)), default=None)
    if first is None:
        return ("", 0, paper.title)
    return (first.listing, _entry_number(first.entry), paper.title)


def _disambiguator(paper: Paper) -> str:
    if paper.arxiv_id:
        return slugify(paper.arxiv_id)
    if paper.doi:
        return hashlib.sha1(paper.doi.lower().encode()).hexdigest()[:8]
    identity = title_key(paper.title) + "|" + "|".join(paper.authors)
    identity += "|" + str(_first_seen(paper)[:2])
    return hashlib.sha1(identity.encode()).hexdigest()[:8]


def assign_slugs(papers: list[Paper]) -> None:
    """Set ``paper.slug`` on every paper; slugs are unique."""
    taken: set[str] = set()
    for paper in sorted(papers, key=_first_seen):
        slug = base_slug(paper.title)
        if slug in taken:
            slug = f"{slug}-{_disambiguator(paper)}"
        while slug in taken:  # same title and same id: only a hash tells them apart
            slug = f"{slug}-{hashlib.sha1(slug.encode()).hexdigest()[:4]}"
        taken.add(slug)
        paper.slug = slug
