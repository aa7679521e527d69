"""`mkdocs serve` (what `make serve` runs) rebuilds when a listing, a template
or the taxonomy changes, and settles: the generator's own writes under docs/
do not keep it rebuilding."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED, make_project

ABSTRACT = (
    "We describe a new method for learning from paper listings. It is evaluated "
    "on many benchmarks and improves the state of the art by a clear margin. " * 2
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, predicate, timeout: float = 60.0) -> httpx.Response:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=5)
            if predicate(response):
                return response
            last = response.status_code
        except httpx.TransportError as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"{url} never became ready (last: {last})")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = make_project(tmp_path / "project", [SEED])
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, lambda r: r.status_code == 200)
        yield root, url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_rebuilds_on_listing_template_and_taxonomy_changes(served: tuple[Path, str]) -> None:
    root, url = served
    # A new listing: its paper gets a page.
    (root / "listings" / "2026-11-27-new.txt").write_text(
        f"Get trending papers in your email inbox!\nA Freshly Listed Paper\n{ABSTRACT}\n"
    )
    _wait_for(url + "papers/a-freshly-listed-paper/", lambda r: r.status_code == 200)
    # A template change shows on the pages.
    template = root / "templates" / "home.md.j2"
    template.write_text(template.read_text().replace("# Paper listings", "# Our reading list"))
    _wait_for(url, lambda r: "Our reading list" in r.text)
    # A taxonomy change renames a topic everywhere.
    taxonomy = root / "topics.yml"
    taxonomy.write_text(
        taxonomy.read_text().replace("name: Transfer Learning", "name: Knowledge Transfer")
    )
    _wait_for(url + "topics/transfer-learning/", lambda r: "Knowledge Transfer" in r.text)
    # It settles: no page keeps being rewritten.
    pages = root / "docs" / "papers"
    before = {p: p.stat().st_mtime_ns for p in pages.glob("*.md")}
    time.sleep(3)
    assert {p: p.stat().st_mtime_ns for p in pages.glob("*.md")} == before
