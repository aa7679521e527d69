"""The arXiv API (Atom) and announcement feed (RSS) readers, on real files and broken copies.

The fixtures in tests/fixtures/arxiv/ are files found in public repositories
(see PROVENANCE.md there). Broken variants are made here by editing copies.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import sources
from generator.arxiv_ids import (
    ARXIV_ID_PATTERN,
    abs_url,
    arxiv_id_from_doi,
    arxiv_version,
    cited_arxiv_id,
    find_arxiv_ids,
    parse_arxiv_id,
    pdf_url,
)
from generator.model import Paper, Problem, ReadResult
from generator.sources import arxiv_atom, arxiv_rss, hf_page
from tests.conftest import FIXTURES, SEED

ARXIV = FIXTURES / "arxiv"
API_NEW_RO = "api_new_cs_RO_3entries.xml"
API_NEW_CL = "api_new_cs_CL_3entries.xml"
API_OLD_ONE = "api_old_1601.00001_1entry.xml"
API_OLD_RO = "api_old_cs_RO_2entries.xml"
API_OLD_EINSTEIN = "api_old_einstein_10entries.xml"
RSS_MIXED = "rss_cs_LG_AI_CL_statML_4items.xml"
RSS_AI = "rss_cs_AI_3items.xml"
RSS_ATOM = "rss_atom_cs_LG_3entries.xml"
RSS_EMPTY = "rss_cs_empty_weekend.xml"
RSS_RDF = "rss1_rdf_hep-ex_3items.xml"
API_FILES = {API_NEW_RO: 3, API_NEW_CL: 3, API_OLD_ONE: 1, API_OLD_RO: 2, API_OLD_EINSTEIN: 10}
RSS_FILES = {RSS_MIXED: 4, RSS_AI: 3, RSS_ATOM: 3, RSS_RDF: 3}
GENERIC_FILES = ("generic_atom_blog.xml", "generic_rss2_news.xml")


def text_of(name: str) -> str:
    return (ARXIV / name).read_text(encoding="utf-8")


def atom(name: str) -> ReadResult:
    return arxiv_atom.read(text_of(name), name)


def rss(name: str) -> ReadResult:
    return arxiv_rss.read(text_of(name), name)


def by_id(papers: list[Paper]) -> dict[str, Paper]:
    return {p.arxiv_id: p for p in papers if p.arxiv_id}


def errors(result: ReadResult) -> list[Problem]:
    return [p for p in result.problems if p.severity == "error"]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) >= count, f"{old!r} not in the fixture"
    return text.replace(old, new, count)


# ------------------------------------------------------------------ arxiv_ids


@pytest.mark.parametrize(
    ("written", "expected", "version"),
    [
        ("2401.01234v2", "2401.01234", 2),
        ("2401.01234", "2401.01234", None),
        ("0704.0001", "0704.0001", None),
        ("cond-mat/0412498v1", "cond-mat/0412498", 1),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("arXiv:2401.01234v3", "2401.01234", 3),
        ("arXiv: cond-mat/0412498", "cond-mat/0412498", None),
        ("ARXIV:2401.01234", "2401.01234", None),
        ("math.GT/0309136", "math/0309136", None),  # the subject class is not part of the id
        ("CS/0501076", "cs/0501076", None),
        ("http://arxiv.org/abs/2012.11345v1", "2012.11345", 1),
        ("https://arxiv.org/abs/cond-mat/0102536v1", "cond-mat/0102536", 1),
        ("https://arxiv.org/pdf/2301.00001v2.pdf", "2301.00001", 2),
        ("http://arxiv.org/pdf/math/0507289v1", "math/0507289", 1),
        ("https://export.arxiv.org/abs/2401.01234", "2401.01234", None),
        ("https://www.arxiv.org/abs/2401.01234?context=cs", "2401.01234", None),
        ("oai:arXiv.org:2609.26811v1", "2609.26811", 1),
        ("oai:arXiv.org:hep-th/9901001", "hep-th/9901001", None),
    ],
)
def test_ids_are_normalised_without_version(
    written: str, expected: str, version: int | None
) -> None:
    assert parse_arxiv_id(written) == expected
    assert arxiv_version(written) == version


@pytest.mark.parametrize(
    "written",
    [
        "",
        "foo",
        "1234.5678",  # month 34
        "2401.123",  # too few digits
        "2401.123456",  # too many
        "https://example.org/abs/2401.01234",
        "http://arxiv.org/api/errors#incorrect_id_format_for_1234",
        "10.1063/1.4944470",
    ],
)
def test_non_ids_are_refused(written: str) -> None:
    assert parse_arxiv_id(written) is None


@pytest.mark.parametrize(
    "written",
    [
        "2401.01234",
        "2401.01234v2",
        "0704.0001",
        "cond-mat/0412498v1",
        "math.GT/0309136",
        "cond-mat.str-el/0412498",
        "CS/0501076",
        "2401.01234V2",
        "1234.5678",
        "2401.123456",
        "2413.01234",
        "hep-th/9913001",
        "cond-/0412498",
        "arXiv:2401.01234",
        " 2401.01234",
        "https://arxiv.org/abs/2401.01234",
    ],
)
def test_the_exported_pattern_is_the_id_syntax(written: str) -> None:
    # It matches a bare id exactly when parse_arxiv_id reads one there.
    bare = written == written.strip() and ":" not in written
    expected = bare and parse_arxiv_id(written) is not None
    assert (re.fullmatch(ARXIV_ID_PATTERN, written) is not None) == expected


def test_the_exported_pattern_is_portable() -> None:
    # No named groups and no flags: JSON Schema (ECMA-262) reads it the same.
    assert "(?P" not in ARXIV_ID_PATTERN and "(?i" not in ARXIV_ID_PATTERN
    assert re.compile(ARXIV_ID_PATTERN).groups == 0


def test_ids_found_in_running_text_need_an_arxiv_mark() -> None:
    text = (
        "see arXiv:2401.01234. and https://arxiv.org/abs/hep-th/9901001v2, "
        "again arXiv:2401.01234v3, not 2401.99999 nor arXiv:2401.012345"
    )
    assert find_arxiv_ids(text) == ["2401.01234", "hep-th/9901001"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arXiv preprint arXiv:2101.00001", "2101.00001"),
        ("arXiv preprint arXiv:2101.00001v2 (2021)", "2101.00001"),
        ("arXiv preprint 2101.00001", "2101.00001"),
        ("arXiv 2101.00001", "2101.00001"),
        ("arXiv abs/1808.01340", "1808.01340"),
        ("abs/1810.04805", "1810.04805"),  # a CoRR volume
        ("CoRR, abs/cs/0501076", "cs/0501076"),
        ("see https://arxiv.org/pdf/2101.00001v3.pdf", "2101.00001"),
        ("http://export.arxiv.org/format/2101.00001", "2101.00001"),
        ("Version 2203.02155 of the code", None),  # no arXiv mark
        ("https://example.org/abs/2101.00001", None),  # abs/ inside another path
        ("arXiv:1234.56789", None),  # month 34
        ("arXiv:2101.000012", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_cited_in_references(text: str | None, expected: str | None) -> None:
    assert cited_arxiv_id(text) == expected


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("10.48550/arXiv.2101.00001", "2101.00001"),
        ("10.48550/ARXIV.2101.00001", "2101.00001"),
        ("https://doi.org/10.48550/arXiv.2101.00001v2", "2101.00001"),
        ("doi:10.48550/arXiv.hep-th/9901001", "hep-th/9901001"),
        ("10.1145/3770855.3817474", None),
        ("10.48550/arXiv.2101.00001/extra", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_in_arxiv_dois(doi: str | None, expected: str | None) -> None:
    assert arxiv_id_from_doi(doi) == expected


def test_canonical_urls_point_at_the_latest_version() -> None:
    assert abs_url("cond-mat/0412498") == "https://arxiv.org/abs/cond-mat/0412498"
    assert pdf_url("2401.01234") == "https://arxiv.org/pdf/2401.01234"


# ------------------------------------------------------------------ detection


@pytest.mark.parametrize("name", sorted(API_FILES))
def test_api_answers_are_detected_as_arxiv_atom(name: str) -> None:
    text = text_of(name)
    assert arxiv_atom.detect(text, "listing.txt") >= 0.9
    assert arxiv_rss.detect(text, "listing.txt") == 0.0
    assert hf_page.detect(text, "listing.txt") == 0.0


@pytest.mark.parametrize("name", sorted([*RSS_FILES, RSS_EMPTY]))
def test_announcement_feeds_are_detected_as_arxiv_rss(name: str) -> None:
    text = text_of(name)
    assert arxiv_rss.detect(text, "feed.atom") >= 0.9
    # The rss.arxiv.org Atom variant is Atom with the arxiv namespace too: the
    # RSS reader must win it clearly.
    assert arxiv_atom.detect(text, "feed.atom") < 0.3


def test_registry_picks_the_right_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "READERS", [hf_page, arxiv_atom, arxiv_rss])
    for name in API_FILES:
        assert sources.detect_format(text_of(name), "listing.txt") is arxiv_atom, name
    for name in [*RSS_FILES, RSS_EMPTY]:
        assert sources.detect_format(text_of(name), "listing.txt") is arxiv_rss, name
    for name in GENERIC_FILES:
        assert sources.detect_format(text_of(name), name) is None
    listing = sources.read_text(text_of(API_OLD_EINSTEIN), "einstein.xml")
    assert (listing.format, len(listing.papers), listing.problems) == ("arxiv-atom", 10, [])


@pytest.mark.parametrize("name", GENERIC_FILES)
def test_generic_feeds_are_not_arxiv(name: str) -> None:
    text = text_of(name)
    assert arxiv_atom.detect(text, "arxiv.xml") == 0.0
    assert arxiv_rss.detect(text, "arxiv.xml") == 0.0


@pytest.mark.parametrize(
    "text",
    [
        SEED.read_text(encoding="utf-8"),
        "arXiv:2401.01234 Announce Type: new\nAbstract: plain text mentioning rss.arxiv.org",
        '{"feed": "http://arxiv.org/api/query", "id": "oai:arXiv.org:2401.01234"}',
        "@misc{x, eprint={2401.01234}, url={https://arxiv.org/abs/2401.01234}}",
        "<html><body><a href='http://arxiv.org/abs/2401.01234'>paper</a></body></html>",
    ],
)
def test_non_feeds_are_not_arxiv(text: str) -> None:
    assert arxiv_atom.detect(text, "x.xml") == 0.0
    assert arxiv_rss.detect(text, "x.xml") == 0.0


# ------------------------------------------------------------------ arxiv-atom on real files


@pytest.mark.parametrize(("name", "count"), sorted(API_FILES.items()))
def test_api_files_read_completely_and_cleanly(name: str, count: int) -> None:
    result = atom(name)
    assert result.problems == []
    assert len(result.papers) == count
    for number, paper in enumerate(result.papers, 1):
        for text in (paper.title, paper.abstract, paper.comment or "", paper.venue or ""):
            assert "\n" not in text and "  " not in text and text == text.strip()
        assert paper.abstract and paper.authors and paper.categories
        assert paper.arxiv_id is not None and "v" not in paper.arxiv_id.split("/")[-1]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", paper.published or "")
        assert paper.provenance[0].listing == name
        assert paper.provenance[0].entry == f"entry {number} (arXiv:{paper.arxiv_id})"
        assert paper.links_of("arxiv") == [f"https://arxiv.org/abs/{paper.arxiv_id}"]
        assert paper.links_of("pdf") == [f"https://arxiv.org/pdf/{paper.arxiv_id}"]


def test_new_layout_fields() -> None:
    papers = atom(API_NEW_RO).papers
    assert [p.title for p in papers] == [
        "Analysis of Safe Ultrawideband Human-Robot Communication in Automated "
        "Collaborative Warehouse",
        "High-Speed Robot Navigation using Predicted Occupancy Maps",
        "Robotic Following of Flexible Extended Objects: Relevant Technical Facts on the "
        "Kinematics of a Moving Continuum",
    ]
    first, second, third = papers
    assert first.arxiv_id == "2012.11345"
    assert first.authors == ["Branimir Ivšić", "Zvonimir Šipuš", "Juraj Bartolić", "Josip Babić"]
    assert (first.published, first.updated) == ("2020-12-21", "2020-12-21")
    assert first.categories == ["cs.RO", "eess.SY"]
    assert first.doi == "10.23919/eucap48036.2020.9135568"
    assert first.links_of("doi") == ["https://doi.org/10.23919/eucap48036.2020.9135568"]
    assert first.comment == (
        "2020 14th European Conference on Antennas and Propagation (EuCAP). "
        "arXiv admin note: text overlap with arXiv:2001.03160"
    )
    assert first.venue is None and first.affiliations == []
    # Affiliations of every author, once each, in order (feedparser alone keeps the last).
    assert second.affiliations == [
        "Johns Hopkins University Applied Physics Lab",
        "Dept. of Comp. Sci., Johns Hopkins University",
    ]
    assert second.authors[-1] == "Katie M. Popek"
    assert third.abstract == (
        "The paper offers general technical facts on the kinematics of a moving continuum "
        "involved in research on robotic following of flexible extended objects."
    )
    assert (third.comment, third.categories) == ("19 pages", ["cs.RO", "math.OC"])


def test_journal_ref_and_code_link_from_the_comment() -> None:
    papers = by_id(atom(API_NEW_CL).papers)
    kirby = papers["2609.28471"]
    assert kirby.venue == (
        "Experimental IR Meets Multilinguality, Multimodality, and Interaction (CLEF 2026), "
        "LNCS 17087, pp. 92-102, Springer (2027)"
    )
    assert kirby.doi == "10.1007/978-3-032-39150-6_7"
    assert kirby.links_of("code") == ["https://github.com/petekirby/contrastive-av"]
    assert [link.kind for link in kirby.links] == ["arxiv", "pdf", "doi", "code"]
    assert papers["2609.28449"].categories == ["cs.SE", "cs.AI", "cs.CL"]
    assert len(papers["2609.28449"].authors) == 6
    assert papers["2609.28442"].authors == ["Zhixu Silvia Tao"]


def test_old_layout_is_unwrapped() -> None:
    (paper,) = atom(API_OLD_ONE).papers
    assert paper.title == (
        "Inelastic effects in molecular transport junctions: The probe technique at high bias"
    )
    assert paper.abstract.startswith(
        'We extend the Landauer-B\\"uttiker probe formalism for conductances to the high bias '
        "regime, and study"
    )
    assert paper.abstract.endswith("molecular electronic transport far-from-equilibrium.")
    assert paper.authors == ["Michael Kilgour", "Dvira Segal"]
    assert paper.doi == "10.1063/1.4944470"
    assert paper.venue == "J. Chem. Phys. 144, 124107 (2016)"
    assert paper.categories == ["cond-mat.mes-hall"]
    assert paper.published == "2015-12-26"
    # The feed's own dx.doi.org link is the same DOI: one doi link, canonical.
    assert paper.links_of("doi") == ["https://doi.org/10.1063/1.4944470"]


def test_old_layout_wrapped_comment_and_primary_category() -> None:
    rdd, flow = atom(API_OLD_RO).papers
    assert rdd.title == (
        "RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks"
    )
    assert rdd.comment == (
        "39th Conference on Neural Information Processing Systems (NeurIPS 2025); "
        "Project Website: rdd-neurips.github.io"
    )
    assert rdd.categories == ["cs.RO", "cs.AI", "cs.CV", "cs.LG", "cs.SY", "eess.SY"]
    assert rdd.abstract.endswith("Code and more results are available at rdd-neurips.github.io.")
    assert flow.authors == [
        "Yufei Zhu",
        "Shih-Min Yang",
        "Andrey Rudenko",
        "Tomasz P. Kucner",
        "Achim J. Lilienthal",
        "Martin Magnusson",
    ]


def test_old_style_ids_and_msc_classes() -> None:
    result = atom(API_OLD_EINSTEIN)
    papers = by_id(result.papers)
    assert list(papers) == [
        "1801.05533",
        "0802.2137",
        "1209.5181",
        "math/0502287",
        "0707.4595",
        "1505.03319",
        "1207.1944",
        "0808.2097",
        "1205.0922",
        "math/0507289",
    ]
    leitner = papers["math/0502287"]
    assert leitner.title == "On pseudo-Hermitian Einstein spaces"
    assert leitner.links_of("arxiv") == ["https://arxiv.org/abs/math/0502287"]
    assert leitner.links_of("pdf") == ["https://arxiv.org/pdf/math/0502287"]
    # MSC classes listed as <category> are kept as keywords, not as arXiv categories.
    assert leitner.categories == ["math.DG"]
    assert leitner.keywords == ["32V05, 53A30, 53B30, 53C15"]
    assert papers["0808.2097"].categories == ["math.DG", "math-ph", "math.MP"]
    assert (papers["0802.2137"].published, papers["0802.2137"].updated) == (
        "2008-02-15",
        "2008-04-01",
    )
    assert papers["math/0507289"].authors == ["Alessandro Ghigi", "János Kollár"]
    assert papers["1505.03319"].title == (
        "Quasi-Einstein and Generalized Quasi-Einstein Warped Products with an Affine Connection"
    )


def test_prose_mentioning_feeds_does_not_make_an_api_answer_an_announcement() -> None:
    text = edit(
        text_of(API_NEW_RO),
        "<arxiv:comment>19 pages</arxiv:comment>",
        "<arxiv:comment>19 pages; feeds at rss.arxiv.org, guids oai:arXiv.org:X, "
        "Announce Type: new</arxiv:comment>",
    )
    assert arxiv_atom.detect(text, "x.xml") >= 0.9
    assert arxiv_rss.detect(text, "x.xml") == 0.0


def test_primary_category_comes_first_wherever_it_is_written() -> None:
    text = edit(
        text_of(API_OLD_EINSTEIN),
        'term="math.DG" scheme="http://arxiv.org/schemas/atom"/>\n'
        '    <category term="math.DG" scheme="http://arxiv.org/schemas/atom"/>\n'
        '    <category term="math-ph"',
        'term="math-ph" scheme="http://arxiv.org/schemas/atom"/>\n'
        '    <category term="math.DG" scheme="http://arxiv.org/schemas/atom"/>\n'
        '    <category term="math-ph"',
    )
    papers = by_id(arxiv_atom.read(text, "x.xml").papers)
    assert papers["0808.2097"].categories == ["math-ph", "math.DG", "math.MP"]


# ------------------------------------------------------------------ arxiv-atom, broken copies


def test_truncated_file_is_located_and_keeps_what_came_before(tmp_path: Path) -> None:
    text = text_of(API_OLD_EINSTEIN)
    lines = text.splitlines(keepends=True)
    # Cut inside entry 4, after its summary: the end of the text is line cut + 1.
    cut = line_of(text, "<name>Felipe Leitner</name>")
    broken = tmp_path / "cut.xml"
    broken.write_text("".join(lines[:cut]), encoding="utf-8")
    result = arxiv_atom.read(broken.read_text(encoding="utf-8"), broken.name)
    (problem,) = errors(result)
    assert problem.line == cut + 1
    assert "cut short" in problem.message and "4 entries read" in problem.message
    assert [p.arxiv_id for p in result.papers] == [
        "1801.05533",
        "0802.2137",
        "1209.5181",
        "math/0502287",
    ]
    assert result.papers[-1].title == "On pseudo-Hermitian Einstein spaces"
    assert result.papers[0].comment == "12 pages, no figures"


def test_truncated_entry_without_title_is_named() -> None:
    text = text_of(API_OLD_EINSTEIN)
    cut = line_of(text, "<id>http://arxiv.org/abs/0707.4595v1</id>")
    result = arxiv_atom.read("".join(text.splitlines(keepends=True)[:cut]), "cut.xml")
    assert len(result.papers) == 4
    xml_error, missing = errors(result)
    assert xml_error.line == cut + 1 and xml_error.entry is None
    assert missing.entry == "5"
    assert missing.line == cut - 1  # the <entry> line just above the <id>
    assert "no title" in missing.message and "0707.4595" in missing.message


def test_file_cut_before_any_entry() -> None:
    text = text_of(API_NEW_RO)
    cut = line_of(text, "<entry>") - 1
    result = arxiv_atom.read("".join(text.splitlines(keepends=True)[:cut]), "cut.xml")
    assert result.papers == []
    (problem,) = result.problems
    assert problem.severity == "error" and problem.line == cut + 1
    assert "no entry could be read" in problem.message


def test_malformed_xml_is_located_and_recovered_entries_kept() -> None:
    text = edit(
        text_of(API_OLD_EINSTEIN),
        "<title>Albert Einstein's Methodology</title>",
        "<title>Albert Einstein's Methodology & Style</title>",
    )
    result = arxiv_atom.read(text, "amp.xml")
    (problem,) = errors(result)
    assert problem.line == line_of(text, "Methodology & Style")
    assert "malformed XML" in problem.message
    assert len(result.papers) == 10
    assert result.papers[2].title == "Albert Einstein's Methodology & Style"


def test_lenient_parsing_keeps_old_layout_arxiv_fields() -> None:
    # Broken XML sends feedparser to its lenient parser, which loses the text
    # of elements declaring their own namespace; the reader reads it back.
    text = edit(text_of(API_OLD_ONE), "</entry>", "</entry> & ")
    result = arxiv_atom.read(text, "amp.xml")
    assert [p.severity for p in result.problems] == ["error"]
    (paper,) = result.papers
    assert paper.doi == "10.1063/1.4944470"
    assert paper.venue == "J. Chem. Phys. 144, 124107 (2016)"
    assert paper.categories == ["cond-mat.mes-hall"]
    rdd = arxiv_atom.read(edit(text_of(API_OLD_RO), "</entry>", "</entry> & "), "x.xml").papers[0]
    assert rdd.comment is not None and rdd.comment.endswith(
        "Project Website: rdd-neurips.github.io"
    )


def api_header(name: str, total: int) -> str:
    """The feed-level lines of a real answer, with its totalResults replaced."""
    text = text_of(name)
    head = text[: text.index("  <entry>")]
    return re.sub(r"(<opensearch:totalResults[^>]*>)\d+", rf"\g<1>{total}", head)


def test_api_error_feed_becomes_a_problem_not_a_paper() -> None:
    # The error entry as arXiv's API user manual documents it.
    text = (
        api_header(API_OLD_ONE, 1)
        + "  <entry>\n"
        + "    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>\n"
        + "    <title>Error</title>\n"
        + "    <summary>incorrect id format for 1234.12345</summary>\n"
        + "    <updated>2007-10-12T00:00:00-04:00</updated>\n"
        + '    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345" '
        + 'rel="alternate" type="text/html"/>\n'
        + "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
        + "  </entry>\n</feed>\n"
    )
    assert arxiv_atom.detect(text, "x.xml") >= 0.9
    result = arxiv_atom.read(text, "error.xml")
    assert result.papers == []
    (problem,) = result.problems
    assert problem.severity == "error"
    assert problem.message == "arXiv API error: incorrect id format for 1234.12345"
    assert (problem.entry, problem.line) == ("1", line_of(text, "<entry>"))


def test_empty_result_is_valid() -> None:
    text = api_header(API_OLD_ONE, 0) + "</feed>\n"
    assert arxiv_atom.detect(text, "x.xml") >= 0.9
    result = arxiv_atom.read(text, "empty.xml")
    assert result.papers == [] and errors(result) == []
    assert "totalResults is 0" in result.problems[0].message


def test_empty_page_of_a_nonempty_result_is_an_error() -> None:
    result = arxiv_atom.read(api_header(API_NEW_RO, 58344) + "</feed>\n", "page.xml")
    (problem,) = errors(result)
    assert "58344 results but holds no entries" in problem.message


def test_missing_title_names_the_entry_and_keeps_the_others() -> None:
    text = text_of(API_NEW_RO)
    line = line_of(text, "<entry>", 2)
    text = edit(
        text, "<title>High-Speed Robot Navigation using Predicted Occupancy Maps</title>\n", ""
    )
    result = arxiv_atom.read(text, "notitle.xml")
    (problem,) = result.problems
    assert (problem.severity, problem.entry, problem.line) == ("error", "2", line)
    assert "no title" in problem.message and "2012.12142" in problem.message
    assert [p.arxiv_id for p in result.papers] == ["2012.11345", "2012.13240"]
    assert str(problem) == (
        f"notitle.xml, line {line}, entry 2: error: entry has no title "
        "(id http://arxiv.org/abs/2012.12142v1); skipped"
    )


def test_missing_id_falls_back_to_the_link_else_is_reported() -> None:
    text = edit(text_of(API_NEW_RO), "<id>http://arxiv.org/abs/2012.12142v1</id>\n", "")
    result = arxiv_atom.read(text, "noid.xml")
    assert len(result.papers) == 3 and result.papers[1].arxiv_id == "2012.12142"
    (warning,) = result.problems
    assert (warning.severity, warning.entry) == ("warning", "2")

    for link in ("abs", "pdf"):
        text = edit(
            text,
            f'<link href="https://arxiv.org/{link}/2012.12142v1"',
            '<link href="https://example.org/elsewhere"',
        )
    result = arxiv_atom.read(text, "noid.xml")
    (problem,) = result.problems
    assert (problem.severity, problem.entry) == ("error", "2")
    assert "High-Speed Robot Navigation" in problem.message and "no id" in problem.message
    assert len(result.papers) == 2


def test_non_xml_given_to_the_atom_reader() -> None:
    result = arxiv_atom.read("just some words\nover two lines\n", "notes.txt")
    assert result.papers == []
    (problem,) = result.problems
    assert problem.severity == "error"


# ------------------------------------------------------------------ arxiv-rss on real files


@pytest.mark.parametrize(("name", "count"), sorted(RSS_FILES.items()))
def test_rss_files_read_completely_and_cleanly(name: str, count: int) -> None:
    result = rss(name)
    assert result.problems == []
    assert len(result.papers) == count
    for number, paper in enumerate(result.papers, 1):
        for text in (paper.title, paper.abstract):
            assert "\n" not in text and "  " not in text and text == text.strip()
        assert not paper.abstract.startswith(("arXiv:", "Abstract"))
        assert "Announce Type" not in paper.abstract
        assert paper.authors and all("," not in a for a in paper.authors)
        assert paper.categories and paper.keywords == []
        entry = paper.provenance[0].entry
        assert entry.startswith(f"entry {number} (arXiv:{paper.arxiv_id}v")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", paper.provenance[0].first_seen or "")
        assert paper.links_of("arxiv") == [f"https://arxiv.org/abs/{paper.arxiv_id}"]


def test_rss_fields_and_announce_types() -> None:
    papers = rss(RSS_MIXED).papers
    assert [p.title for p in papers] == [
        "The Drift Contract: Spectral Updates for Depth-Robust Local Learning",
        "Signal2Symbol: Neuro-Symbolic Temporal Reasoning for Explainable Physiological "
        "Time-Series Anomaly Detection",
        "Outlier Detection for Multi-Network Data",
        "Random Polytope Descriptors",
    ]
    new, new2, cross, replace = papers
    assert new.arxiv_id == "2609.26811"
    assert new.authors == ["Fabien Polly"]
    assert new.abstract.startswith("Local learning trains each layer with its own auxiliary loss")
    assert (new.published, new.updated) == ("2026-09-24", None)
    assert new.provenance[0].entry == "entry 1 (arXiv:2609.26811v1, announced as new)"
    assert new2.authors == ["Naser Mansour", "Sidahmed Benabderrahmane", "Ameer Rahwan"]
    assert new2.categories == ["cs.LG", "cs.AI"]
    # A 2022 paper cross-listed in 2026: the announcement day is neither date.
    assert cross.arxiv_id == "2205.06398"
    assert (cross.published, cross.updated) == (None, None)
    assert cross.provenance[0].first_seen == "2026-09-24"
    assert cross.provenance[0].entry == "entry 3 (arXiv:2205.06398v2, announced as cross)"
    assert cross.doi == "10.1093/bioinformatics/btac431"
    assert cross.links_of("doi") == ["https://doi.org/10.1093/bioinformatics/btac431"]
    assert cross.categories == ["stat.ME", "stat.AP", "stat.ML"]
    # A replacement: the announcement day is the new version's.
    assert (replace.published, replace.updated) == (None, "2026-09-24")
    assert replace.authors == ["Michael Joswig", "Marek Kaluba", "Lukas Ruff"]
    assert replace.abstract == (
        "We introduce a class of random polytopes which simultaneously generalizes several "
        "known constructions. While being fairly general, these polytopes are also "
        "computationally exceptionally benign. We indicate how these properties can be "
        "exploited for classification and clustering tasks in data analysis. Crucially, our "
        "construction lets users smoothly trade off between a tighter description of the data "
        "and faster computation."
    )


def test_old_rss_1_0_feed_with_its_title_suffixes() -> None:
    papers = rss(RSS_RDF).papers
    # "Title. (arXiv:ID [category] CROSS LISTED)": the suffix gives id, category and type.
    assert [p.title for p in papers] == [
        "Measurement of Transverse Single Spin Asymmetries",
        "Recent Top quark results from the Tevatron",
        "New Perspective on Hybrid Mesons",
    ]
    new, cross, replace = papers
    assert [p.arxiv_id for p in papers] == ["1805.08875", "1805.09166", "1805.06430"]
    assert new.authors == ["Christopher Dilks"]  # "(STAR Collaboration)" is no name
    assert new.abstract.startswith("In 2015 the first collisions between polarized protons")
    assert "$\\sqrt{s_{NN}}=200$" in new.abstract and "<p>" not in new.abstract
    assert (new.published, new.updated) == ("2018-05-23", None)
    assert cross.provenance[0].entry == "entry 2 (arXiv:1805.09166v1, announced as cross)"
    assert replace.categories == ["nucl-th"]
    assert (replace.published, replace.updated) == (None, "2018-05-23")
    assert replace.authors == [
        "Shu-Sheng Xu",
        "Zhu-Fang Cui",
        "Lei Chang",
        "Joannis Papavassiliou",
        "Craig D. Roberts",
        "Hong-Shi Zong",
    ]


def test_rss_long_author_lists_and_latex() -> None:
    papers = rss(RSS_AI).papers
    assert [p.arxiv_id for p in papers] == ["2604.21935", "2604.21936", "2604.21937"]
    artifact = papers[1]
    assert len(artifact.authors) == 18
    assert artifact.authors[:2] == ["Lianrui Zuo", "Yihao Liu"]
    assert artifact.authors[-1] == "Bennett A. Landman"
    assert "\\textbf{adaptability}" in artifact.abstract  # LaTeX is the page's to render
    assert artifact.categories == ["cs.AI", "cs.CV", "cs.MA"]
    assert all(p.published == "2026-04-27" for p in papers)


def test_rss_atom_variant_journal_reference_and_doi() -> None:
    papers = rss(RSS_ATOM).papers
    first = papers[0]
    assert first.arxiv_id == "2609.28553"
    assert first.venue == (
        "2026 International Conference on Multimedia Analysis and Pattern Recognition (MAPR)"
    )
    assert first.doi == "10.1109/MAPR72750.2026.11685822"
    assert first.published == "2026-09-25"
    assert first.authors[-1] == "Trong Nghia Nguyen" and len(first.authors) == 6
    assert papers[1].categories == ["hep-ph", "cs.LG", "hep-ex"]
    assert papers[2].provenance[0].entry == "entry 3 (arXiv:2401.08875v3, announced as replace)"


def test_weekend_feed_is_valid_and_empty() -> None:
    result = rss(RSS_EMPTY)
    assert result.papers == [] and errors(result) == []
    assert [p.severity for p in result.problems] == ["warning"]


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("Fabien Polly", ["Fabien Polly"]),
        (
            "Putri Ayu, Rahmat Hidayat and Dewi Lestari",
            ["Putri Ayu", "Rahmat Hidayat", "Dewi Lestari"],
        ),
        ("A. One, B. Two, and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("John Smith, Jr., Jane Doe", ["John Smith, Jr.", "Jane Doe"]),
        ("Alexander Andersson,  Sandra Anderson", ["Alexander Andersson", "Sandra Anderson"]),
        ("Jos&#233; Garc&#237;a", ["José García"]),
    ],
)
def test_rss_author_strings_are_split(written: str, names: list[str]) -> None:
    assert arxiv_rss.split_authors(written) == names


# ------------------------------------------------------------------ arxiv-rss, broken copies


def test_truncated_rss_is_located() -> None:
    text = text_of(RSS_MIXED)
    cut = line_of(text, "<title>Outlier Detection for Multi-Network Data</title>")
    result = arxiv_rss.read("".join(text.splitlines(keepends=True)[:cut]), "cut.xml")
    xml_error, cut_item = errors(result)
    assert xml_error.line == cut + 1 and "cut short; 3 items read" in xml_error.message
    assert [p.arxiv_id for p in result.papers] == ["2609.26811", "2609.26820"]
    # The cut item holds a title and nothing else: reported, not dropped silently.
    assert (cut_item.entry, cut_item.line) == ("3", line_of(text, "<item>", 3))
    assert "Outlier Detection for Multi-Network Data" in cut_item.message


def test_rss_item_without_guid_takes_the_id_from_its_text() -> None:
    text = edit(
        text_of(RSS_MIXED), '<guid isPermaLink="false">oai:arXiv.org:2009.13987v3</guid>\n', ""
    )
    papers = arxiv_rss.read(text, "x.xml").papers
    assert papers[-1].arxiv_id == "2009.13987"
    assert papers[-1].provenance[0].entry == "entry 4 (arXiv:2009.13987v3, announced as replace)"


def test_rss_item_without_title_is_named() -> None:
    text = text_of(RSS_MIXED)
    line = line_of(text, "<item>", 2)
    text = edit(
        text,
        "<title>Signal2Symbol: Neuro-Symbolic Temporal Reasoning for Explainable "
        "Physiological Time-Series Anomaly Detection</title>\n",
        "",
    )
    result = arxiv_rss.read(text, "x.xml")
    (problem,) = result.problems
    assert (problem.severity, problem.entry, problem.line) == ("error", "2", line)
    assert "oai:arXiv.org:2609.26820v1" in problem.message
    assert len(result.papers) == 3


def test_rss_item_without_any_id_is_reported() -> None:
    text = text_of(RSS_AI)
    text = edit(text, '<guid isPermaLink="false">oai:arXiv.org:2604.21935v1</guid>\n', "")
    text = edit(text, "<link>https://arxiv.org/abs/2604.21935</link>", "<link></link>")
    text = edit(text, "arXiv:2604.21935v1 Announce Type: new \nAbstract: ", "")
    result = arxiv_rss.read(text, "x.xml")
    (problem,) = result.problems
    assert (problem.severity, problem.entry) == ("error", "1")
    assert "Math Takes Two" in problem.message
    assert len(result.papers) == 2
