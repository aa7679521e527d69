"""export: the merged catalog as canonical JSON Lines, and back again."""

from __future__ import annotations

import json
from pathlib import Path

from generator.records import validate
from tests.conftest import GIVEN_FIXTURES, SEED, make_project, run_generator

SHARED = list(GIVEN_FIXTURES.values())


def export(root: Path) -> str:
    return run_generator(root, "export").stdout


def test_seed_and_the_four_fixtures_export_every_paper_once(tmp_path: Path) -> None:
    assert len(SHARED) == 4
    root = make_project(tmp_path / "all", [SEED, *SHARED])
    out = run_generator(root, "build").stdout
    records = [json.loads(line) for line in export(root).splitlines()]
    assert len(records) == 53 + 3 + 4 + 55 + 5
    assert "120 papers" in out
    for record in records:
        assert validate(record) == [], record["id"]
    pages = {p.parent.name for p in (root / "site" / "papers").glob("*/index.html")}
    assert {r["id"] for r in records} == pages
    by_format = {r["sources"][0]["listing"] for r in records}
    assert by_format == {SEED.name, *(p.name for p in SHARED)}
    # Everything each format knows reaches the record.
    hf = [r for r in records if r["sources"][0]["listing"].startswith("hf_daily")]
    assert len(hf) == 5
    assert all(r["upvotes"] > 0 and r["arxiv_id"] and r["authors"] for r in hf)
    rss = [r for r in records if r["sources"][0]["listing"].startswith("rss_")]
    assert len(rss) == 4
    assert all(r["categories"] and r["authors"] and r["arxiv_id"] for r in rss)
    bib = [r for r in records if r["sources"][0]["listing"].endswith(".bib")]
    assert sum(1 for r in bib if r.get("arxiv_id")) >= 50
    untagged = [r["title"] for r in records if not r.get("topics")]
    assert untagged == ["Self-Harness: Harnesses That Improve Themselves"]  # a title, no abstract


def test_export_read_export_is_identical(tmp_path: Path) -> None:
    root = make_project(tmp_path / "first", [SEED, *SHARED])
    first = export(root)
    listing = tmp_path / "catalog.jsonl"
    listing.write_text(first, encoding="utf-8")
    again = make_project(tmp_path / "again", [listing])
    check = run_generator(again, "check", str(again / "listings" / "catalog.jsonl")).stdout
    assert "format records, 120 papers" in check
    assert export(again) == first


def test_export_to_a_file(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    run_generator(root, "export", "-o", "out.jsonl")
    lines = (root / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 53
    assert json.loads(lines[0])["sources"][0]["listing"] == SEED.name


def test_export_refuses_a_broken_catalog(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "listings" / "bad.json").write_text('[{"title": "A", "authors": "x"}]')
    result = run_generator(root, "export", check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "bad.json" in result.stderr and '"authors"' in result.stderr
