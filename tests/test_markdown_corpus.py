"""The markdown-list reader on thirteen real paper lists, counted by hand.

The corpus and how a paper was told from what is not one are described in
``tests/fixtures/markdown_corpus/PROVENANCE.md``; the scoring is in
``tests/markdown_corpus.py`` (``python -m tests.markdown_corpus`` prints it).
"""

from __future__ import annotations

import json

import pytest

from generator.sources import markdown_list
from tests.markdown_corpus import CORPUS, Score, corpus_names, score_file, table

NAMES = corpus_names()


@pytest.fixture(scope="module")
def scores() -> list[Score]:
    return [score_file(name) for name in NAMES]


def test_the_corpus_is_ten_lists_or_more_from_as_many_repositories() -> None:
    sources = {json.loads(path.read_text())["source"].split()[0] for path in CORPUS.glob("*.json")}
    assert len(NAMES) >= 10
    assert len(sources) == len(NAMES)
    for name in NAMES:
        assert name + ".md" in (CORPUS / "PROVENANCE.md").read_text()


def test_titles_are_exact_for_95_percent_overall_and_85_in_each_file(scores: list[Score]) -> None:
    print("\n" + table(scores))
    for s in scores:
        assert s.exact >= 0.85 * s.expected, f"{s.name}: {s.exact} of {s.expected} exact"
    exact = sum(s.exact for s in scores)
    expected = sum(s.expected for s in scores)
    assert exact >= 0.95 * expected, f"{exact} of {expected} titles exact"


def test_at_most_three_percent_of_the_records_are_not_papers(scores: list[Score]) -> None:
    junk = [paper.title for s in scores for paper in s.junk]
    found = sum(s.found for s in scores)
    assert len(junk) <= 0.03 * found, junk


def test_every_arxiv_id_a_list_gives_is_read(scores: list[Score]) -> None:
    wrong = [(s.name, want.line, want.arxiv_id, got) for s in scores for want, got in s.wrong_ids]
    assert sum(s.ids_expected for s in scores) >= 300
    assert wrong == []


def test_authors_and_venues_of_the_sample_are_read(scores: list[Score]) -> None:
    wrong = [(s.name, want.line, what, got) for s in scores for want, what, got in s.wrong_fields]
    assert wrong == []


@pytest.mark.parametrize("name", NAMES)
def test_every_paper_keeps_its_line_and_the_file_reads_without_errors(name: str) -> None:
    path = CORPUS / f"{name}.md"
    result = markdown_list.read(path.read_text(), path.name)
    assert result.errors == []
    assert all(p.provenance[0].entry.startswith("line ") for p in result.papers)
    assert markdown_list.detect(path.read_text(), path.name) >= 0.8
