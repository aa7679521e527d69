"""Benchmark: build time, peak memory and site size at several catalog sizes.

    python -m tests.bench [N ...]      (default: 1000 5000)

Papers are the seed's, repeated with numbered titles, in one copied-page
listing, built with `python -m generator build` in a temporary project.
Prints figures; asserts nothing (speed targets are read, not tested).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.sources import read_listing
from tests.conftest import SEED, make_project


def synthetic_listing(path: Path, count: int) -> None:
    papers = read_listing(SEED).papers
    lines = []
    for i in range(count):
        paper = papers[i % len(papers)]
        lines += [f"{paper.title} (variant {i})", paper.abstract]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / f"bench-{count}.txt"
        synthetic_listing(listing, count)
        root = make_project(Path(tmp) / "project", [listing])
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--root", str(root)],
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
        peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        site = root / "site"
        files = [p for p in site.rglob("*") if p.is_file()]
        paper_pages = list((site / "papers").glob("*/index.html"))
        index = site / "search" / "search_index.json"
        total_mb = sum(p.stat().st_size for p in files) / 1e6
        page_kb = sum(p.stat().st_size for p in paper_pages) / max(1, len(paper_pages)) / 1e3
        print(
            f"{count:>6} papers: build {seconds:6.1f} s, peak RSS {peak_mb:6.0f} MB, "
            f"site {total_mb:6.1f} MB in {len(files)} files, paper page {page_kb:.1f} KB, "
            f"search index {index.stat().st_size / 1e6:.1f} MB",
            flush=True,
        )


def main() -> None:
    for count in [int(a) for a in sys.argv[1:]] or [1000, 5000]:
        measure(count)


if __name__ == "__main__":
    main()
