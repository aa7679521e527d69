"""Score the markdown-list reader on the hand-counted corpus of real paper lists.

Each list in ``tests/fixtures/markdown_corpus/`` has an expectation file (see
its PROVENANCE.md). A paper found is matched to an expected paper by exact
title first, then by the entry's line, then by a close title; what is left
over among the papers found is junk (a record that is not a paper), what is
left among the expected ones is missed.

``python -m tests.markdown_corpus`` prints the table per file.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import Paper
from generator.sources import markdown_list

CORPUS = Path(__file__).parent / "fixtures" / "markdown_corpus"
CLOSE_TITLE = 0.6  # a found title this close to an expected one is that paper, misread


@dataclass
class Expected:
    line: int
    title: str
    arxiv_id: str | None = None
    authors: list[str] | None = None
    venue: str | None = None


@dataclass
class Score:
    name: str
    expected: int = 0
    found: int = 0
    exact: int = 0
    junk: list[Paper] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    wrong_titles: list[tuple[Expected, Paper]] = field(default_factory=list)
    wrong_ids: list[tuple[Expected, str | None]] = field(default_factory=list)
    wrong_fields: list[tuple[Expected, str, object]] = field(default_factory=list)
    ids_expected: int = 0


def corpus_names() -> list[str]:
    return sorted(path.name[: -len(".expected.json")] for path in CORPUS.glob("*.expected.json"))


def expectations(name: str) -> list[Expected]:
    data = json.loads((CORPUS / f"{name}.expected.json").read_text())
    return [Expected(**paper) for paper in data["papers"]]


def listing_file(name: str) -> Path:
    return CORPUS / f"{name}.md"


def _line(paper: Paper) -> int | None:
    entry = paper.provenance[0].entry if paper.provenance else ""
    return int(entry[5:]) if entry.startswith("line ") and entry[5:].isdigit() else None


def _pair(expected: list[Expected], found: list[Paper]) -> list[tuple[Expected, Paper]]:
    """Expected and found papers that are the same entry, exact titles first."""
    pairs: list[tuple[Expected, Paper]] = []
    left = list(found)
    rest: list[Expected] = []
    for want in expected:
        paper = next((p for p in left if p.title == want.title), None)
        if paper is None:
            rest.append(want)
        else:
            left.remove(paper)
            pairs.append((want, paper))
    still: list[Expected] = []
    for want in rest:
        paper = next((p for p in left if _line(p) == want.line), None)
        if paper is None:
            still.append(want)
        else:
            left.remove(paper)
            pairs.append((want, paper))
    for want in still:
        ratios = [
            (difflib.SequenceMatcher(None, want.title.lower(), p.title.lower()).ratio(), i)
            for i, p in enumerate(left)
        ]
        best = max(ratios, default=(0.0, -1))
        if best[0] >= CLOSE_TITLE:
            pairs.append((want, left.pop(best[1])))
    return pairs


def score(name: str, found: list[Paper]) -> Score:
    expected = expectations(name)
    result = Score(name, expected=len(expected), found=len(found))
    pairs = _pair(expected, found)
    paired_found = {id(paper) for _, paper in pairs}
    paired_expected = {id(want) for want, _ in pairs}
    result.junk = [paper for paper in found if id(paper) not in paired_found]
    result.missed = [want for want in expected if id(want) not in paired_expected]
    result.ids_expected = sum(want.arxiv_id is not None for want in expected)
    for want, paper in pairs:
        if paper.title == want.title:
            result.exact += 1
        else:
            result.wrong_titles.append((want, paper))
        if want.arxiv_id is not None and paper.arxiv_id != want.arxiv_id:
            result.wrong_ids.append((want, paper.arxiv_id))
        if want.authors is not None and paper.authors != want.authors:
            result.wrong_fields.append((want, "authors", paper.authors))
        if want.venue is not None and paper.venue != want.venue:
            result.wrong_fields.append((want, "venue", paper.venue))
    result.wrong_ids += [(want, None) for want in result.missed if want.arxiv_id is not None]
    return result


def score_file(name: str) -> Score:
    text = listing_file(name).read_text()
    return score(name, markdown_list.read(text, listing_file(name).name).papers)


def table(scores: list[Score]) -> str:
    rows = [
        "| file | papers | found | exact titles | junk | arXiv ids right |",
        "|---|---|---|---|---|---|",
    ]
    for s in [*scores, _total(scores)]:
        ids_right = s.ids_expected - len(s.wrong_ids)
        rows.append(
            f"| {s.name} | {s.expected} | {s.found} | {s.exact} ({_percent(s.exact, s.expected)})"
            f" | {len(s.junk)} | {ids_right}/{s.ids_expected} |"
        )
    return "\n".join(rows)


def _total(scores: list[Score]) -> Score:
    total = Score("total")
    for s in scores:
        total.expected += s.expected
        total.found += s.found
        total.exact += s.exact
        total.junk += s.junk
        total.ids_expected += s.ids_expected
        total.wrong_ids += s.wrong_ids
    return total


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def main() -> None:
    scores = [score_file(name) for name in corpus_names()]
    print(table(scores))
    for s in scores:
        for want, paper in s.wrong_titles:
            print(f"{s.name}: line {want.line}: title {paper.title!r}, expected {want.title!r}")
        for want in s.missed:
            print(f"{s.name}: line {want.line}: missed {want.title!r}")
        for paper in s.junk:
            print(f"{s.name}: {paper.provenance[0].entry}: not a paper: {paper.title!r}")
        for want, got in s.wrong_ids:
            print(f"{s.name}: line {want.line}: arXiv id {got}, expected {want.arxiv_id}")
        for want, what, got in s.wrong_fields:
            print(f"{s.name}: line {want.line}: {what} {got!r}")


if __name__ == "__main__":
    main()
