"""One build of a site at a time.

``make serve`` regenerates pages whenever a listing changes; ``make site``
may start meanwhile. Both write ``docs/``, the path registry and (the build)
``site/``: run together they could leave either half written. Every writer
holds the project's lock file while it writes; a second one waits, saying
so, and gives up with a message after ``WAIT_SECONDS``.

The lock is reentrant within a process: ``build`` holds it around the whole
MkDocs build, and the plugin's generate step inside that build takes it again.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from generator.errors import SiteError

WAIT_SECONDS = 600.0
_locks: dict[Path, FileLock] = {}  # one lock object per file: reentrant in-process


class BuildLockedError(SiteError):
    """Another build of the same site kept the lock for too long."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def build_lock(
    path: Path, wait: float = WAIT_SECONDS, say: Callable[[str], None] = _say
) -> Iterator[None]:
    path = path.resolve()
    lock = _locks.setdefault(path, FileLock(str(path)))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        say(f"waiting for another build of this site to finish (lock: {path}) ...")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise BuildLockedError(
                f"another build of this site has held {path} for {wait:.0f} s; stopped. "
                "If no build is running, delete that file."
            ) from None
    try:
        yield
    finally:
        lock.release()
