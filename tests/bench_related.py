"""Benchmark: time and peak memory of related_papers at several catalog sizes.

    python -m tests.bench_related [N ...] [--stability]    (default: 1000 20000 50000)

Papers come from synthetic arXiv listings (tests/synthetic.py) read with
read_listing, as a build reads them; only related_papers is measured.
``--stability`` also adds a second, unrelated listing and counts the lists
that changed without a new paper coming in (0 is the promise at every size).
Prints figures; asserts nothing (speed targets are read, not tested).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from generator import related
from generator.model import Paper
from generator.sources import read_listing
from tests.conftest import FIXTURES
from tests.synthetic import write_listing

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_mb(field: str) -> float:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def measure_related(papers: list[Paper]) -> tuple[float, float]:
    """(seconds, peak MB) of ``related_papers(papers)``; papers need their slugs.

    Peak MB is the resident memory the call added at its peak (Linux resets
    the high-water mark through /proc/self/clear_refs); elsewhere it is the
    process's peak so far.
    """
    try:
        _CLEAR_REFS.write_text("5")  # reset VmHWM to the current RSS
        before = _status_mb("VmRSS")
    except OSError:
        before = None
    started = time.perf_counter()
    related.related_papers(papers)
    seconds = time.perf_counter() - started
    if before is None:
        return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return seconds, _status_mb("VmHWM") - before


def _synthetic(folder: Path, count: int, part: int = 10_000) -> list[Paper]:
    # In parts: one 50,000-paper file would be over the readers' size limit.
    papers = []
    for start in range(0, count, part):
        path = write_listing(folder / f"synthetic-{start}.xml", min(part, count - start), start)
        listing = read_listing(path)
        if listing.errors:
            raise SystemExit(f"{path}: {listing.errors[0]}")
        papers += listing.papers
    for index, paper in enumerate(papers):
        paper.slug = f"paper-{index:06d}"
    return papers


def _unstable_lists(papers: list[Paper]) -> tuple[int, int]:
    """(lists changed, lists changed without a new paper) when a listing is added."""
    extra = read_listing(FIXTURES / "arxiv" / "api_old_einstein_10entries.xml").papers
    for index, paper in enumerate(extra):
        paper.slug = f"extra-{index:02d}"
    before = related.related_papers(papers)
    after = related.related_papers(papers + extra)
    new = {p.slug for p in extra}
    changed = [slug for slug in before if before[slug] != after[slug]]
    return len(changed), sum(1 for slug in changed if not set(after[slug]) & new)


def main() -> None:
    args = sys.argv[1:]
    stability = "--stability" in args
    counts = [int(a) for a in args if a != "--stability"] or [1000, 20000, 50000]
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            papers = _synthetic(Path(tmp), count)
            seconds, peak_mb = measure_related(papers)
            how = "exact" if count <= related.EXACT_UP_TO else "projection"
            line = f"{count:>6} papers ({how}): {seconds:6.1f} s, peak {peak_mb:6.0f} MB"
            if stability:
                changed, wrong = _unstable_lists(papers)
                line += f"; a new listing changed {changed} lists, {wrong} without a new paper"
            print(line, flush=True)


if __name__ == "__main__":
    main()
