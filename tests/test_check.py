"""`python -m generator check`: per file, the format, the papers, each problem."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, REPO, SEED, run_generator

ATOM = FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml"


def check(tmp_path: Path, *paths: Path | str) -> tuple[int, dict]:
    result = run_generator(tmp_path, "check", "--json", *map(str, paths), check=False)
    return result.returncode, json.loads(result.stdout)


def test_good_listings_pass_with_format_and_counts(tmp_path: Path) -> None:
    listings = [
        *sorted((FIXTURES / "hf").glob("*.json")),
        *sorted((FIXTURES / "bibtex").glob("*.bib")),
    ]
    code, report = check(tmp_path, SEED, ATOM, *listings)
    assert code == 0 and report["ok"]
    by_name = {Path(f["file"]).name: f for f in report["files"]}
    assert by_name[SEED.name]["format"] == "hf-page"
    assert by_name[SEED.name]["papers"] == 53
    assert by_name[ATOM.name] == {
        "file": str(ATOM),
        "format": "arxiv-atom",
        "papers": 3,
        "ok": True,
        "problems": [],
    }
    assert by_name["awesome_OPSD_papers.bib"]["papers"] == 55
    assert by_name["hf_daily_papers_2024-10-25_first5.json"]["format"] == "hf-daily"


def test_not_a_listing_is_said_clearly(tmp_path: Path) -> None:
    image = tmp_path / "cover.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    prose = tmp_path / "notes.txt"
    prose.write_text("Remember to buy milk.\n")
    code, report = check(tmp_path, image, empty, prose)
    assert code == 1 and not report["ok"]
    messages = [f["problems"][0]["message"] for f in report["files"]]
    assert messages[0] == "this is a PNG image, not a paper listing"
    assert messages[1] == "the file is empty"
    assert messages[2].startswith("not a listing in any known format")


def test_truncated_listing_names_the_line(tmp_path: Path) -> None:
    cut = tmp_path / "cut.xml"
    cut.write_text(ATOM.read_text(encoding="utf-8")[:3000])
    code, report = check(tmp_path, cut)
    assert code == 1
    [problem] = report["files"][0]["problems"]
    assert problem["severity"] == "error" and problem["line"] and problem["line"] > 1
    assert report["files"][0]["format"] == "arxiv-atom"


def test_text_report_and_exit_status(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    lines = SEED.read_text(encoding="utf-8").splitlines()
    del lines[4]  # a title: its abstract has nothing to belong to
    broken.write_text("\n".join(lines))
    result = run_generator(tmp_path, "check", str(broken), str(SEED), check=False)
    assert result.returncode == 1
    assert f"{broken}: ERROR, format hf-page, 52 papers" in result.stdout
    assert f"{broken}, line 5: error: abstract with no title line before it" in result.stdout
    assert f"{SEED}: ok, format hf-page, 53 papers" in result.stdout


def test_check_without_paths_reads_the_listings_folder() -> None:
    result = run_generator(REPO, "check", check=False)
    assert result.returncode == 0
    assert "000_447f3c323b2f0f28.txt: ok" in result.stdout
