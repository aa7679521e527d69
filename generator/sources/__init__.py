"""Readers, one module per listing format, chosen from a file's content.

A reader module exposes:

- ``NAME``: the format's name as ``check`` prints it;
- ``detect(text, filename) -> float``: how sure it is (0 = not this format,
  1 = certain) that ``text`` is its format; the extension is only a hint;
- ``read(text, origin) -> ReadResult``: the papers, each with provenance, and
  every problem located by line or entry. A reader never drops an entry
  silently: what it cannot turn into a paper becomes a Problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from generator.model import Paper, Problem, ReadResult
from generator.sources import (
    arxiv_atom,
    arxiv_rss,
    bibtex,
    hf_daily,
    hf_page,
    markdown_list,
    records,
)
from generator.sources.decoding import MAX_LISTING_BYTES, decode, too_big

__all__ = ["MAX_LISTING_BYTES", "READERS", "Listing", "decode", "read_listing", "read_text"]

# Most specific first; ties go to the earlier reader.
READERS: list[ModuleType] = [
    arxiv_atom,
    arxiv_rss,
    hf_daily,
    bibtex,
    records,
    markdown_list,
    hf_page,
]

# Below this confidence a file is "not a listing we know".
MIN_CONFIDENCE = 0.3


@dataclass
class Listing:
    """One listing file read: its format, papers and problems."""

    path: Path
    name: str  # as shown to people and stored in provenance
    format: str | None = None
    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def detect_format(text: str, filename: str) -> ModuleType | None:
    scored = [(reader.detect(text, filename), -i, reader) for i, reader in enumerate(READERS)]
    score, _, best = max(scored, key=lambda s: (s[0], s[1]))
    return best if score >= MIN_CONFIDENCE else None


def read_text(text: str, name: str, fmt: str | None = None) -> Listing:
    """Read listing text; ``fmt`` forces a format by name."""
    listing = Listing(Path(name), name)
    if fmt is not None:
        reader = next((r for r in READERS if r.NAME == fmt), None)
        if reader is None:
            known = ", ".join(r.NAME for r in READERS)
            listing.problems.append(Problem(name, f"unknown format {fmt!r} (known: {known})"))
            return listing
    else:
        reader = detect_format(text, name)
    if reader is None:
        known = ", ".join(r.NAME for r in READERS)
        listing.problems.append(
            Problem(name, f"not a listing in any known format (known: {known})")
        )
        return listing
    listing.format = reader.NAME
    result: ReadResult = reader.read(text, name)
    listing.papers, listing.problems = result.papers, result.problems
    # A reader that explains an empty result (an empty arXiv day) says so with
    # a warning; silence about no papers is itself a problem.
    if not listing.papers and not listing.problems:
        listing.problems.append(Problem(name, f"read as {reader.NAME} but it holds no papers"))
    return listing


def read_listing(path: Path, name: str | None = None) -> Listing:
    """Read one listing file; every failure is a located Problem, never an exception."""
    name = name or path.name
    try:
        # Refused by its size before any of it is read: memory stays bounded.
        problem = too_big(path.stat().st_size, name)
        data = path.read_bytes() if problem is None else b""
    except OSError as exc:
        problem = Problem(name, f"cannot read the file: {exc.strerror}")
    if problem is None:
        text, problem = decode(data, name)
    if problem is not None:
        listing = Listing(path, name)
        listing.problems.append(problem)
        return listing
    assert text is not None
    listing = read_text(text, name)
    listing.path = path
    return listing
