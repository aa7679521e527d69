"""Shared fixtures: a copy of the project to build in, a real HTTP server,
and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: "ci" (the default) is short and the same on every run;
# HYPOTHESIS_PROFILE=thorough searches far longer, with random seeds.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, database=None,
    suppress_health_check=_QUIET,
)  # fmt: skip
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, database=None, suppress_health_check=_QUIET
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "listings" / "000_447f3c323b2f0f28.txt"
FIXTURES = REPO / "tests" / "fixtures"
# The four real listings given with the project beside the seed, by their given
# names, as copied into tests/fixtures (see each folder's PROVENANCE.md).
GIVEN_FIXTURES = {
    "arxiv_api_newformat_cs_RO_3entries.xml": FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml",
    "arxiv_rss2_cs_LG_AI_CL_statML_excerpt.xml": (
        FIXTURES / "arxiv" / "rss_cs_LG_AI_CL_statML_4items.xml"
    ),
    "awesome_OPSD_papers.bib": FIXTURES / "bibtex" / "awesome_OPSD_papers.bib",
    "hf_daily_papers_2024-10-25_first5.json": (
        FIXTURES / "hf" / "hf_daily_papers_2024-10-25_first5.json"
    ),
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# What a site project holds besides its listings.
PROJECT_FILES = (
    "mkdocs.yml",
    "topics.yml",
    "templates",
    "overrides",
    "docs/about.md",
    "docs/assets",
)


def make_project(root: Path, listings: list[Path] | None = None) -> Path:
    """A fresh site project in ``root``: the repo's config and templates, given listings."""
    for rel in PROJECT_FILES:
        source = REPO / rel
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    (root / "listings").mkdir()
    for listing in [SEED] if listings is None else listings:
        shutil.copy2(listing, root / "listings" / listing.name)
    return root


def run_generator(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"generator {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed listing built once with `python -m generator build`; returns the project."""
    root = make_project(tmp_path_factory.mktemp("seed") / "project")
    run_generator(root, "build")
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


# Types GitHub Pages sends gzip-compressed to a browser that accepts it.
_COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".bib", ".bin")


class _GzipHandler(_QuietHandler):
    """Compresses text answers as GitHub Pages does, so transfer sizes are real."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's URL
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in _COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_directory(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 with a real HTTP server; yields the base URL.

    With ``compress``, text is sent gzip-compressed to clients that accept it.
    """
    handler = functools.partial(
        _GzipHandler if compress else _QuietHandler, directory=str(directory)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def seed_url(seed_site: Path) -> Iterator[str]:
    with serve_directory(seed_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
