"""Where a build's time and memory go, stage by stage (``build --timings``)."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KB on Linux


@dataclass
class Stage:
    name: str
    seconds: float
    peak_mb: float  # the process's peak memory when the stage ended


@dataclass
class Stopwatch:
    stages: list[Stage] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started, peak_rss_mb())

    def add(self, name: str, seconds: float, peak_mb: float) -> None:
        self.stages.append(Stage(name, seconds, peak_mb))
