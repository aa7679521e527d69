"""Titles and ids that would make unsafe or colliding paths give safe, distinct,
readable and stable ones: checked on a real build, every page there and every
link resolving."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.paths import RESERVED_SLUGS, base_slug
from tests.conftest import make_project, run_generator
from tests.test_build import internal_links, resolve

SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LONG_TITLE = " ".join(["Extraordinarily"] * 35)  # 559 characters
ONE_LONG_WORD = "x" * 500

# title -> (the record's other fields, the path expected)
HOSTILE: dict[str, tuple[dict[str, str], str]] = {
    "../../etc/passwd": ({}, "etc-passwd"),
    "a/b\\c: Slashes Both Ways": ({}, "a-b-c-slashes-both-ways"),
    "CON": ({}, "con-paper"),
    "aux": ({}, "aux-paper"),
    "NUL": ({}, "nul-paper"),
    "Com1": ({}, "com1-paper"),
    "Index": ({}, "index-paper"),
    "Attention": ({"arxiv_id": "2401.00001"}, "attention"),
    "ATTENTION": ({"arxiv_id": "2401.00002"}, "attention-2401-00002"),
    LONG_TITLE: ({}, base_slug(LONG_TITLE)),
    ONE_LONG_WORD: ({}, "x" * 80),
    "!!!": ({}, base_slug("!!!")),
    "???": ({}, base_slug("???")),
    "🚀🚀🚀": ({}, base_slug("🚀🚀🚀")),
    "深度学习的研究": ({}, "shen-du-xue-xi-de-yan-jiu"),
    "التعلم العميق": ({}, "lt-lm-l-myq"),
    "Глубокое обучение": ({}, "glubokoe-obuchenie"),
    "Asked For Con": ({"id": "con"}, "asked-for-con"),
    "Asked For A Folder": ({"id": "a/b"}, "asked-for-a-folder"),
    "Asked For Capitals": ({"id": "Mixed-Case"}, "asked-for-capitals"),
    "Asked Politely": ({"id": "polite-path"}, "polite-path"),
}


def write_hostile_listing(path: Path) -> Path:
    records = [{"title": title, **extra} for title, (extra, _) in HOSTILE.items()]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("paths")
    root = make_project(base / "project", [write_hostile_listing(base / "hostile.json")])
    run_generator(root, "build")
    return root


def exported_ids(root: Path) -> dict[str, str]:
    lines = run_generator(root, "export").stdout.splitlines()
    return {record["title"]: record["id"] for record in map(json.loads, lines)}


def test_hostile_titles_and_ids_get_safe_distinct_readable_paths(built: Path) -> None:
    ids = exported_ids(built)
    assert {title: ids[title] for title in HOSTILE} == {
        title: path for title, (_, path) in HOSTILE.items()
    }
    assert all(SAFE.match(slug) and slug not in RESERVED_SLUGS for slug in ids.values())
    assert len(set(ids.values())) == len(ids)
    assert all(len(slug) <= 90 for slug in ids.values())
    assert all(re.fullmatch(r"paper-[0-9a-f]{8}", ids[t]) for t in ("!!!", "???", "🚀🚀🚀"))


def test_every_paper_page_exists_and_every_link_resolves(built: Path) -> None:
    site = built / "site"
    ids = exported_ids(built)
    for slug in ids.values():
        assert (site / "papers" / slug / "index.html").is_file(), slug
    assert not (site / "etc").exists() and not (built / "etc").exists()
    broken = [
        f"{page.relative_to(site)} -> {link}"
        for page in site.rglob("*.html")
        for link in internal_links(page)
        if not resolve(site, page, link).exists()
    ]
    assert broken == []


def test_paths_are_the_same_in_a_fresh_project(built: Path, tmp_path: Path) -> None:
    listing = write_hostile_listing(tmp_path / "hostile.json")
    again = make_project(tmp_path / "again", [listing])
    run_generator(again, "generate")
    assert exported_ids(again) == exported_ids(built)
