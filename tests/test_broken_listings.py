"""Broken listings (tests/fixtures/broken, see its README): each one gives a
located message through `python -m generator check`, never a traceback."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.sources import read_listing, read_text
from tests.conftest import FIXTURES, make_project, run_generator

BROKEN = FIXTURES / "broken"


@dataclass(frozen=True)
class Expected:
    """What `check` says of one broken file: its verdict and one located problem."""

    ok: bool
    format: str | None
    papers: int
    severity: str = ""
    message: str | None = None  # a part of one problem's message; None: no problems
    line: int | None = None
    entry: str | None = None
    bug: str | None = None  # a known bug: the test is expected to fail until it is fixed


EXPECTED: dict[str, Expected] = {
    # The whole file
    "empty.txt": Expected(False, None, 0, "error", "the file is empty"),
    "only_whitespace.txt": Expected(False, None, 0, "error", "the file holds only whitespace"),
    "binary.dat": Expected(False, None, 0, "error", "a NUL byte: this is a binary file", 1),
    "image.png": Expected(False, None, 0, "error", "this is a PNG image, not a paper listing"),
    "prose.txt": Expected(False, None, 0, "error", "not a listing in any known format"),
    # Encodings
    "utf16_no_bom.xml": Expected(
        False, None, 0, "error", "UTF-16 (little-endian) text without a byte-order mark"
    ),
    "latin1.bib": Expected(
        False, None, 0, "error", "byte 0xE1 (column 41) is not UTF-8; the file looks like", 2
    ),
    "cp1252.txt": Expected(
        False,
        None,
        0,
        "error",
        "this line would read 'Byzantine Robust Cooperative Multi-“Agent” \N{EN DASH} €",
        23,
    ),
    "nul_byte.txt": Expected(False, None, 0, "error", "a NUL byte", 7),
    "utf16_bom.json": Expected(True, "records", 2),
    "utf16be_bom.bib": Expected(True, "bibtex", 1),
    # Cut short
    "truncated_atom.xml": Expected(False, "arxiv-atom", 2, "error", "malformed XML", 42),
    "truncated_rss.xml": Expected(False, "arxiv-rss", 2, "error", "the XML ends early", 32),
    "truncated_daily.json": Expected(
        False, "hf-daily", 2, "error", "the 2 entries before it were read", 1, "3"
    ),
    "truncated_records.json": Expected(
        False, "records", 0, "error", "JSON syntax error: Unterminated string", 46
    ),
    "truncated_records.yaml": Expected(
        False, "records", 0, "error", "YAML syntax error: found unexpected end of stream", 4
    ),
    "truncated.bib": Expected(
        False,
        "bibtex",
        2,
        "error",
        "Unexpectedly reached end of file",
        19,
        "spatharioti2023comparing",
    ),
    # Entries without a title
    "no_title_atom.xml": Expected(False, "arxiv-atom", 2, "error", "entry has no title", 10, "1"),
    "no_title_rss.xml": Expected(False, "arxiv-rss", 2, "error", "item has no title", 16, "1"),
    "no_title_daily.json": Expected(
        False, "hf-daily", 1, "error", "paper 2410.00001 has no title", 2, "1"
    ),
    "no_title.bib": Expected(
        False, "bibtex", 1, "error", "entry untitled2024 has no title", 1, "untitled2024"
    ),
    "no_title_records.jsonl": Expected(
        False, "records", 1, "error", 'missing required field "title"', 2, "2"
    ),
    "abstract_without_title.txt": Expected(
        False, "hf-page", 4, "error", "abstract with no title line before it", 5
    ),
    "no_title_list.md": Expected(True, "markdown-list", 1, "warning", "no title", 6),
    # One key for two papers
    "same_key.bib": Expected(
        False, "bibtex", 1, "error", "key smith2024 used again (first at line 1)", 6, "smith2024"
    ),
    "same_id_records.json": Expected(
        False,
        "records",
        1,
        "error",
        'id "attention" is already the id of "Attention Is All You Need" (line 2)',
        6,
        "2",
    ),
    "same_id_daily.json": Expected(
        True,
        "hf-daily",
        2,
        "warning",
        "arXiv id 2410.00001 is already entry 1's, with another title",
        9,
        "2",
    ),
    "same_id_atom.xml": Expected(
        True,
        "arxiv-atom",
        3,
        "warning",
        "arXiv id 2012.11345 is already entry 1's, with another title",
        37,
        "2",
    ),
    # CSV
    "missing_cell.csv": Expected(
        False,
        "records",
        1,
        "error",
        "2 cells but the header has 4 columns (no published, arxiv_id)",
        3,
        "2",
    ),
    "no_title_column.csv": Expected(
        False,
        "records",
        0,
        "error",
        "the CSV header has no title column",
        1,
    ),
    # Nesting, expansion, characters that are not characters
    "deep_nesting.json": Expected(
        False,
        None,
        0,
        "error",
        "nested more than",
        1,
    ),
    "deep_nesting.yaml": Expected(
        False,
        None,
        0,
        "error",
        "nested more than",
        3,
    ),
    "yaml_bomb.yaml": Expected(
        False, "records", 0, "error", "its aliases expand to more than 100,000 values", 6
    ),
    "yaml_recursive.yaml": Expected(
        False,
        "records",
        0,
        "error",
        "alias *k is used inside its own anchor",
        4,
    ),
    "lone_surrogate.json": Expected(
        True,
        "records",
        2,
        "warning",
        "2 halves of a UTF-16 surrogate pair",
        2,
        "1",
    ),
    "bad_charref.xml": Expected(
        False,
        "arxiv-atom",
        3,
        "error",
        "&#xD800; (and 3 more) refers to no Unicode character",
        4,
    ),
    # Hostile XML: nothing expanded, nothing read from the disk
    "xml_bomb.xml": Expected(False, "arxiv-atom", 1, "error", "malformed XML", 6),
    "xml_external_entity.xml": Expected(False, "arxiv-atom", 1, "error", "malformed XML", 2),
}


def _cases() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=e.bug)) if e.bug else name
        for name, e in sorted(EXPECTED.items())
    ]


@pytest.mark.parametrize("name", _cases())
def test_a_broken_file_gives_a_located_message(name: str) -> None:
    expected = EXPECTED[name]
    listing = read_listing(BROKEN / name)
    assert (not listing.errors, listing.format, len(listing.papers)) == (
        expected.ok,
        expected.format,
        expected.papers,
    )
    if expected.message is None:
        assert listing.problems == []
        return
    matching = [p for p in listing.problems if expected.message in p.message]
    assert matching, listing.problems
    assert (matching[0].severity, matching[0].line, matching[0].entry) == (
        expected.severity,
        expected.line,
        expected.entry,
    )


def test_check_reports_every_broken_file_without_a_traceback(tmp_path: Path) -> None:
    result = run_generator(tmp_path, "check", "--json", str(BROKEN), check=False)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert set(files) == set(EXPECTED)
    said = {name for name, e in EXPECTED.items() if e.message and not e.bug}
    assert [name for name in sorted(said) if not files[name]["problems"]] == []
    text = run_generator(tmp_path, "check", str(BROKEN / "latin1.bib"), check=False)
    assert f"{BROKEN / 'latin1.bib'}, line 2: error: byte 0xE1" in text.stdout


def test_every_broken_file_is_expected_and_described() -> None:
    readme = (BROKEN / "README.md").read_text(encoding="utf-8")
    files = {p.name for p in BROKEN.iterdir() if p.name != "README.md"}
    assert files == set(EXPECTED)
    assert [name for name in sorted(files) if f"`{name}`" not in readme] == []


def test_hostile_xml_expands_nothing_and_reads_no_file() -> None:
    bomb = read_listing(BROKEN / "xml_bomb.xml")
    assert [p.title for p in bomb.papers] == ["&lol9;"]
    leak = read_listing(BROKEN / "xml_external_entity.xml")
    passwd = Path("/etc/passwd").read_text(encoding="utf-8")
    assert [p.title for p in leak.papers] == ["Leak &secret; here"]
    assert passwd.split(":")[0] not in leak.papers[0].title


def test_a_yaml_bomb_is_refused_before_it_expands() -> None:
    started = time.perf_counter()
    listing = read_listing(BROKEN / "yaml_bomb.yaml")
    assert time.perf_counter() - started < 2
    assert listing.errors and not listing.papers


def test_half_a_surrogate_pair_reaches_the_pages_as_a_replacement_character(
    tmp_path: Path,
) -> None:
    """It broke writing the pages: no page can hold half a character."""
    daily = tmp_path / "daily.json"
    daily.write_text(
        '[{"paper": {"id": "2410.00001", "title": "Emoji \\ud83d cut", "summary": "S."}}]',
        encoding="utf-8",
    )
    root = make_project(tmp_path / "project", [BROKEN / "lone_surrogate.json", daily])
    result = run_generator(root, "generate")
    assert "lone_surrogate.json, line 2, entry 1: warning: 2 halves" in result.stdout
    assert "daily.json, line 1, entry 1: warning: half of a UTF-16" in result.stdout
    pages = {p.name: p.read_text(encoding="utf-8") for p in (root / "docs/papers").glob("*.md")}
    assert "<h1>Half an emoji \N{REPLACEMENT CHARACTER} here</h1>" in pages["half-an-emoji-here.md"]
    assert "<h1>Emoji \N{REPLACEMENT CHARACTER} cut</h1>" in pages["emoji-cut.md"]


def test_an_rss_item_with_only_content_and_a_broken_title_is_read() -> None:
    """feedparser gives such an item a summary of None; the RSS reader raised TypeError.
    Found by the thorough property-test profile on a cut news feed."""
    text = "<item><title>/title><content:encoded>Full</content:encoded></item>"
    for fmt in ("arxiv-rss", "arxiv-atom"):
        listing = read_text(text, "cut.xml", fmt)
        assert listing.errors and not any("bug" in p.message for p in listing.problems)
