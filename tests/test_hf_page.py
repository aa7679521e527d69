"""The copied Hugging Face papers page reader, on the seed and on variants."""

from __future__ import annotations

from generator.sources import detect_format, hf_page, read_text
from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_seed_yields_53_papers_without_chrome() -> None:
    result = hf_page.read(SEED_TEXT, SEED.name)
    assert len(result.papers) == 53
    assert result.problems == []
    assert result.papers[0].title == "Curriculum-based Asymmetric Multi-task Reinforcement Learning"
    assert result.papers[-1].title == "Stable-Hair: Real-World Hair Transfer via Diffusion Model"
    titles = [p.title for p in result.papers]
    assert not any("Subscribe" in t or "trending papers" in t for t in titles)
    assert all(len(p.abstract) > 500 for p in result.papers)
    assert len(set(titles)) == 53


def test_seed_is_detected_from_content() -> None:
    reader = detect_format(SEED_TEXT, "listing.unknown")
    assert reader is hf_page


def test_links_in_abstracts_lose_trailing_punctuation() -> None:
    papers = hf_page.read(SEED_TEXT, SEED.name).papers
    all_links = {link.url: link.kind for p in papers for link in p.links}
    assert all_links["https://github.com/t-maho/transferability_measure_fit"] == "code"
    assert all_links["https://nju-3dv.github.io/projects/matrix3d"] == "project"
    assert all_links["https://xiaojiu-z.github.io/Stable-Hair.github.io/"] == "project"
    assert all_links["https://github.com/huanghanchi/CAMRL"] == "code"
    assert not any(url.endswith((".", ")", "}", ",")) for url in all_links)
    stable_hair = papers[-1]
    assert "red{" not in stable_hair.abstract
    assert stable_hair.abstract.endswith("https://xiaojiu-z.github.io/Stable-Hair.github.io/")


def test_provenance_names_the_title_line() -> None:
    papers = hf_page.read(SEED_TEXT, SEED.name).papers
    assert papers[0].provenance[0].listing == SEED.name
    assert papers[0].provenance[0].entry == "line 3"
    assert papers[1].provenance[0].entry == "line 5"


def test_crlf_blank_lines_trailing_spaces_and_no_final_newline() -> None:
    lines = SEED_TEXT.splitlines()
    messy = "\r\n\r\n".join(line + "   " for line in lines).rstrip()
    result = hf_page.read(messy, "messy.txt")
    assert [p.title for p in result.papers] == [
        p.title for p in hf_page.read(SEED_TEXT, "seed").papers
    ]
    assert result.problems == []


def test_page_chrome_between_entries_becomes_fields_not_papers() -> None:
    lines = SEED_TEXT.splitlines()
    chrome = ["Submitted by akhaliq", "Upvote", "42", "· 5 authors", "Published on Mar 4, 2024"]
    text = "\n".join([*lines[:4], *chrome, *lines[4:8]])
    result = hf_page.read(text, "chrome.txt")
    assert [p.title for p in result.papers] == [
        "Curriculum-based Asymmetric Multi-task Reinforcement Learning",
        "Curriculum reinforcement learning for quantum architecture search under hardware errors",
        "Pair State Transfer",
    ]
    second = result.papers[1]
    assert second.upvotes == 42
    assert second.published == "2024-03-04"
    assert result.problems == []


def test_missing_abstract_is_reported_and_does_not_shift_pairs() -> None:
    lines = SEED_TEXT.splitlines()
    del lines[5]  # the abstract of the second paper (line 6)
    result = hf_page.read("\n".join(lines), "gap.txt")
    assert len(result.papers) == 53
    [problem] = result.problems
    assert problem.line == 5
    assert "no abstract" in problem.message
    assert problem.severity == "warning"
    second, third = result.papers[1], result.papers[2]
    assert second.abstract == ""
    assert third.title == "Pair State Transfer"
    assert third.abstract.startswith("Let L denote the Laplacian matrix")


def test_abstract_without_title_is_an_error_with_its_line() -> None:
    lines = SEED_TEXT.splitlines()
    del lines[4]  # the second title (line 5)
    listing = read_text("\n".join(lines), "orphan.txt")
    assert len(listing.papers) == 52
    [problem] = listing.errors
    assert problem.line == 5
    assert "no title" in problem.message


def test_line_numbers_count_only_line_breaks() -> None:
    """Form feeds, \x1e and U+2028 are inside a line for an editor (and JSON allows
    U+2028 inside a string): they moved hf-page line numbers and broke JSON Lines."""
    page = read_text("Title one\x0c still\x1e line one\nShort title\n", "p.txt", "hf-page")
    assert [p.line for p in page.problems] == [1, 2]
    jsonl = '{"title": "A\u2028B", "arxiv_id": "2401.00001"}\n{"title": "C\\fD"}\n'
    listing = read_text(jsonl, "x.jsonl")
    assert (listing.format, [p.title for p in listing.papers]) == ("records", ["A B", "C D"])
    assert listing.problems == []


def test_yaml_problems_name_the_line_an_editor_shows() -> None:
    """PyYAML starts a line at NEL (\\x85) too; its line numbers went past the line meant.
    Found by the thorough property-test profile."""
    listing = read_text("papers:\n- title: A\x85B\n  authors: 5\n", "r.yaml", "records")
    assert [p.line for p in listing.problems] == [3]
