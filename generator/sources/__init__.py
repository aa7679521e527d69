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

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TypeVar

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
# Real listings nest lists and objects a few levels deep; parsers recurse per level.
MAX_NESTING = 100
_BRACKET_OR_QUOTE = re.compile(r'[\[\]{}"\n]|\\.')

T = TypeVar("T")


class _Unreadable(Exception):
    """A listing no reader can take, with the Problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


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


def _too_deep_line(text: str) -> int | None:
    """The line where brackets outside JSON strings first nest deeper than MAX_NESTING."""
    depth, quoted, line = 0, False, 1
    for match in _BRACKET_OR_QUOTE.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token == '"':
            quoted = not quoted
        elif quoted or token.startswith("\\"):
            continue
        elif token in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return line
        else:
            depth -= 1
    return None


def _guarded(call: Callable[[], T], text: str, name: str, reader: ModuleType) -> T:
    """``call()``, with a reader's failure turned into a Problem (raised as _Unreadable)."""
    try:
        return call()
    except RecursionError:
        line = _too_deep_line(text)
        message = (
            f"lists or objects nested more than {MAX_NESTING} levels deep: too deep to read"
            if line is not None
            else "nested too deeply to read"
        )
        raise _Unreadable(Problem(name, message, line=line)) from None
    except Exception as exc:  # a bug: still a message, never a traceback
        raise _Unreadable(
            Problem(
                name,
                f"the {reader.NAME} reader failed on this file ({type(exc).__name__}: {exc}); "
                "this is a bug in the generator, please report it",
            )
        ) from exc


def detect_format(text: str, filename: str) -> ModuleType | None:
    scored = [
        (_guarded(lambda r=reader: r.detect(text, filename), text, filename, reader), -i, reader)
        for i, reader in enumerate(READERS)
    ]
    score, _, best = max(scored, key=lambda s: (s[0], s[1]))
    return best if score >= MIN_CONFIDENCE else None


def read_text(text: str, name: str, fmt: str | None = None) -> Listing:
    """Read listing text; ``fmt`` forces a format by name. Never raises."""
    try:
        return _read_text(text, name, fmt)
    except _Unreadable as exc:
        listing = Listing(Path(name), name)
        listing.problems.append(exc.problem)
        return listing


def _read_text(text: str, name: str, fmt: str | None) -> Listing:
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
    result: ReadResult = _guarded(lambda: reader.read(text, name), text, name, reader)
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
