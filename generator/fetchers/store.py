"""Check a fetched answer whole, then put it in listings/ atomically and only once.

The answer is read by the same readers (and the same format detection) that
``check`` and the build use, so a file that lands in listings/ is one the
build will accept. It is written to a hidden temporary file in the same
folder and renamed, so an interrupted run never leaves half a listing.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.fetchers.client import FetchError
from generator.identity import IdentityIndex
from generator.pipeline import listing_files
from generator.sources import Listing, decode, read_listing, read_text

# How many of a broken answer's problems a failure message lists.
_SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class Answer:
    """A source's whole answer, read cleanly as the checker will read it."""

    filename: str
    body: bytes
    listing: Listing
    requests: int


@dataclass(frozen=True)
class NoPapers:
    """The source truly has nothing for this request: nothing to write, not a failure."""

    reason: str


def validate(body: bytes, filename: str, expected: str) -> Listing:
    """The answer read by format detection, or FetchError saying what is wrong with it."""
    text, problem = decode(body, filename)
    if problem is not None or text is None:
        reason = problem.message if problem is not None else "undecodable"
        raise FetchError(f"the answer for {filename} is not a listing ({reason}); nothing written")
    listing = read_text(text, filename)
    if listing.format != expected:
        found = listing.format or "no known format"
        raise FetchError(
            f"the answer for {filename} reads as {found}, not {expected}; nothing written"
        )
    if listing.errors:
        shown = "\n".join(f"  {p}" for p in listing.errors[:_SHOWN_PROBLEMS])
        more = len(listing.errors) - _SHOWN_PROBLEMS
        shown += f"\n  ... and {more} more" if more > 0 else ""
        raise FetchError(
            f"the answer for {filename} does not read cleanly as {expected} "
            f"(cut short or broken?); nothing written:\n{shown}"
        )
    return listing


def known_papers(listings: list[Listing]) -> IdentityIndex:
    """Papers already in listings, matched the way the catalog merges them."""
    return IdentityIndex(paper for listing in listings for paper in listing.papers)


def _free_name(target: Path) -> Path:
    """target, or target-2, -3... when a different answer already holds the name."""
    number = 2
    while True:
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def write_atomically(target: Path, data: bytes) -> None:
    # Hidden name: a leftover temp file is never read as a listing.
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes 0600; a listing is a normal file
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save(listings_dir: Path, answer: Answer) -> str:
    """Write the answer unless its papers are all known; a one-line summary of what happened."""
    count = len(answer.listing.papers)
    target = listings_dir / answer.filename
    if target.is_file() and target.read_bytes() == answer.body:
        return f"nothing written: {target} already holds this answer ({count} papers)"
    known = known_papers([read_listing(path) for path in listing_files(listings_dir)])
    new = sum(1 for paper in answer.listing.papers if not known.knows(paper))
    if not new:
        return f"nothing written: all {count} papers are already in {listings_dir}/"
    verb = "wrote"
    if target.exists():
        previous = read_listing(target)
        fuller = known_papers([answer.listing])
        if not previous.errors and all(fuller.knows(p) for p in previous.papers):
            verb = "updated"  # a later, fuller answer for the same day and query
        else:
            target = _free_name(target)  # keep what the earlier answer had
    listings_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(target, answer.body)
    return (
        f"{verb} {target}: {count} papers ({answer.listing.format}), {new} new; "
        f"{answer.requests} request{'s' if answer.requests != 1 else ''}"
    )
