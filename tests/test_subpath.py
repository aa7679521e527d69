"""The site served under a sub-path, as GitHub Pages serves a project site (/<repo>/).

A real HTTP server serves a folder holding `repo/` (the built site). Every
page reachable from /repo/ is crawled, following every href and src (pages,
CSS, JavaScript, the markup the header script writes in, images, the site's
search index: its manifest and every term shard, paper record and filter
file it names; the sitemap): each must answer 200 and none may point outside
/repo/ on this server. Then Chromium opens the home page there and runs a
search.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx
import pytest

from generator.header_script import HEADER_SCRIPT, ROOT_MARK
from tests.conftest import make_project, serve_directory

SUB = "/repo/"
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_SITEMAP_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_XML_HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']")
_NOT_FETCHED = ("mailto:", "data:", "javascript:", "tel:")


class _Refs(HTMLParser):
    """Every href/src/srcset of a page, and Material's JSON config."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.refs.append(values[name] or "")
        if "data-paper-search" in values:  # the search box names its index's folder
            self.refs.append((values.get("data-base") or ".") + "/search/manifest.json")
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.refs.append(candidate.split()[0])
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data


def _refs(url: str, response: httpx.Response) -> list[str]:
    """Absolute URLs that a fetched resource refers to."""
    kind = response.headers.get("content-type", "")
    path = urlsplit(url).path
    if "html" in kind:
        parser = _Refs()
        parser.feed(response.text)
        found = [urljoin(url, ref) for ref in parser.refs]
        return found
    if path.endswith("search/manifest.json"):
        return _index_files(url, response.json())
    if path.endswith(HEADER_SCRIPT):  # writes the search box and palette switch in
        literal = re.search(r'"beforebegin", ("(?:[^"\\]|\\.)*")', response.text)
        assert literal, "the header script's markup"
        root = url.removesuffix(HEADER_SCRIPT).rstrip("/")
        parser = _Refs()
        parser.feed(json.loads(literal.group(1)).replace(ROOT_MARK, root))
        return [urljoin(url, ref) for ref in parser.refs]
    if path.endswith(".css"):
        return [urljoin(url, ref) for ref in _CSS_URL.findall(response.text)]
    if path.endswith("sitemap.xml"):
        return _SITEMAP_LOC.findall(response.text)
    if path.endswith(".xml"):  # Atom feeds link to pages by absolute URL
        return [urljoin(url, ref) for ref in _XML_HREF.findall(response.text)]
    return []


def _index_files(manifest_url: str, manifest: dict) -> list[str]:  # type: ignore[type-arg]
    """Every file of the search index, as the manifest names them."""
    files = [f"terms/{n}.bin" for n in range(len(manifest["shards"]))]
    folder = manifest["folder"]
    files += [f"docs/{n // folder}/{n}.json" for n in range(manifest["docs"])]
    files += [f"filters/topic-{slug}.bin" for slug, _name, _count in manifest["topics"]]
    files += [f"filters/year-{year}.bin" for year, _count in manifest["years"]]
    return [urljoin(manifest_url, f) for f in files]


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(URL of /repo/, the built site folder), built with site_url set to that URL."""
    base = tmp_path_factory.mktemp("subpath")
    www = base / "www"
    www.mkdir()
    with serve_directory(www) as server_url:
        site_url = server_url + SUB.lstrip("/")
        root = make_project(base / "project")
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build"],
            cwd=root,
            env=os.environ | {"SITE_URL": site_url},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        shutil.copytree(root / "site", www / SUB.strip("/"))
        yield site_url, root / "site"


def test_every_link_and_asset_answers_under_the_subpath(
    subpath_site: tuple[str, Path],
) -> None:
    start, site = subpath_site
    origin = urlsplit(start).netloc
    queue = deque([start, urljoin(start, "sitemap.xml"), urljoin(start, "404.html")])
    seen: set[str] = set(queue)
    broken: list[str] = []
    outside: list[str] = []
    pages: set[str] = set()
    with httpx.Client(follow_redirects=False, timeout=30) as client:
        while queue:
            url = queue.popleft()
            response = client.get(url)
            if response.status_code != 200:
                broken.append(f"{response.status_code} {url}")
                continue
            if "html" in response.headers.get("content-type", ""):
                pages.add(urlsplit(url).path)
            for ref in _refs(url, response):
                target, _fragment = urldefrag(ref)
                parts = urlsplit(target)
                if ref.startswith(_NOT_FETCHED) or parts.netloc != origin:
                    continue  # other sites (arxiv.org, github.com...) are not ours to check
                if not parts.path.startswith(SUB):
                    outside.append(f"{url} -> {ref}")
                elif target not in seen:
                    seen.add(target)
                    queue.append(target)
    assert broken == []
    assert outside == []
    on_disk = {
        SUB + str(p.relative_to(site)).removesuffix("index.html") for p in site.rglob("*.html")
    }
    assert on_disk - pages == set(), "pages no link reaches"
    assert len([p for p in pages if p.startswith(SUB + "papers/")]) >= 50  # the seed's papers
    assert any(p.endswith("search/docs/0/52.json") for p in seen)  # the index, whole


def test_search_works_under_the_subpath(page, subpath_site: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    start, _site = subpath_site
    origin = urlsplit(start).netloc
    failed: list[str] = []
    page.on(
        "response",
        lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on(
        "request",
        lambda r: (
            failed.append(f"outside {r.url}")
            if urlsplit(r.url).netloc == origin and not urlsplit(r.url).path.startswith(SUB)
            else None
        ),
    )
    page.goto(start)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("makeup", delay=20)
    results = page.locator(".md-search-result__item > .md-search-result__link")
    results.first.wait_for(timeout=15_000)
    hrefs = results.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
    assert all(h.startswith(SUB) for h in hrefs), hrefs
    assert any(h.startswith(SUB + "papers/") for h in hrefs), hrefs
    results.first.click()
    page.wait_for_url(re.compile(re.escape(start) + "papers/"))
    assert "makeup" in page.locator("h1").first.inner_text().lower()
    page.wait_for_load_state("networkidle")
    assert failed == []


def test_a_page_load_requests_nothing_missing(page, subpath_site: tuple[str, Path]) -> None:  # type: ignore[no-untyped-def]
    start, _site = subpath_site
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(start)
    page.wait_for_load_state("networkidle")
    assert failed == []
