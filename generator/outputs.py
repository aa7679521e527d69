"""Writing generated files under docs/: only what changed, nothing left stale.

Pages, feeds and .bib files are all rewritten on every build, but a file
whose bytes are the same is not touched (``mkdocs serve`` would rebuild for
nothing, and a rebuild's summary says what really changed). Files of an owned
folder that the build no longer makes are deleted.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_changed(docs_dir: Path, files: dict[str, bytes], owned: tuple[str, ...]) -> list[str]:
    """Write ``files`` ({path under docs/: bytes}) that differ from what is on disk.

    Every file under the ``owned`` folders (paths under docs/) that is not in
    ``files`` is removed. Returns the paths written.
    """
    written = []
    for rel, content in sorted(files.items()):
        target = docs_dir / rel
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)  # atomic: `mkdocs serve` never reads half a file
        written.append(rel)
    for folder in owned:
        base = docs_dir / folder
        for stale in sorted(base.rglob("*")) if base.is_dir() else []:
            if stale.is_file() and stale.relative_to(docs_dir).as_posix() not in files:
                stale.unlink()
    return written
