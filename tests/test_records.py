"""The canonical record schema and the ``records`` reader (JSON, JSON Lines, YAML, CSV)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator import records as rec
from generator.model import Link, Paper, Provenance, ReadResult, TopicAssignment
from generator.sources import hf_page, markdown_list
from generator.sources import records as reader
from tests.conftest import GIVEN_FIXTURES, SEED

FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = FIXTURES / "records"


def full_paper() -> Paper:
    return Paper(
        title="Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss",
        abstract="Contrastive loss is a powerful approach for representation learning.",
        authors=["Zesen Cheng", "Hang Zhang"],
        published="2024-10-22",
        updated="2024-10-23",
        arxiv_id="2410.17243",
        doi="10.48550/arXiv.2410.17243",
        venue="arXiv",
        comment="14 pages",
        summary="Tiles the similarity matrix.",
        bibtex="@misc{cheng2024,\n  title = {Breaking the {Memory} Barrier},\n  year = {2024},\n}",
        links=[
            Link("arxiv", "https://arxiv.org/abs/2410.17243"),
            Link("code", "https://github.com/x/y"),
        ],
        categories=["cs.CV"],
        keywords=["contrastive learning"],
        affiliations=["DAMO Academy"],
        upvotes=0,
        comments=3,
        provenance=[
            Provenance("daily.json", "entry 1", "2024-10-25"),
            Provenance("b.md", "line 4"),
        ],
        topics=[TopicAssignment("representation-learning", 'phrase "contrastive" in title')],
        slug="breaking-the-memory-barrier",
    )


# --- schema ---------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(rec.SCHEMA)
    assert rec.SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert rec.SCHEMA["additionalProperties"] is False
    assert rec.FIELDS[:2] == ["id", "title"]


def test_full_record_is_valid_and_in_schema_order() -> None:
    record = rec.paper_to_record(full_paper())
    assert rec.validate(record) == []
    assert list(record) == [f for f in rec.FIELDS if f in record]
    assert list(record) == rec.FIELDS  # every field is set in full_paper


def test_empty_fields_are_left_out_but_zero_is_kept() -> None:
    record = rec.paper_to_record(Paper(title="T", upvotes=0, venue="", provenance=[]))
    assert record == {"title": "T", "upvotes": 0}


def test_round_trip_is_identical() -> None:
    paper = full_paper()
    first = rec.paper_to_record(paper)
    again = rec.record_to_paper(json.loads(json.dumps(first)), "other.json", "entry 9")
    assert again == paper
    assert rec.paper_to_record(again) == first


def test_record_without_sources_gets_the_reading_place() -> None:
    paper = rec.record_to_paper({"title": "T"}, "list.yaml", "line 3")
    assert paper.provenance == [Provenance("list.yaml", "line 3")]
    assert rec.paper_to_record(paper)["sources"] == [{"listing": "list.yaml", "entry": "line 3"}]


def test_accepted_input_forms_are_normalised() -> None:
    record = {
        "title": "T",
        "arxiv_id": "arXiv:2401.01234v2",
        "doi": "https://doi.org/10.1145/3209978.3210014",
        "published": "2024-10-22T17:59:30.000Z",
        "venue": None,
        "authors": None,
    }
    assert rec.validate(record) == []
    paper = rec.record_to_paper(record, "x", "entry 1")
    assert (paper.arxiv_id, paper.doi, paper.published) == (
        "2401.01234",
        "10.1145/3209978.3210014",
        "2024-10-22",
    )
    assert paper.venue is None and paper.authors == []
    assert rec.validate({"title": "T", "arxiv_id": "cond-mat/0412498"}) == []


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("arXiv:2401.01234v2", "2401.01234"),
        ("ARXIV:0704.0001", "0704.0001"),
        ("hep-th/9901001v3", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),  # the subject class is not part of the id
        ("cond-mat.str-el/0412498", "cond-mat/0412498"),
        ("CS/0501076", "cs/0501076"),
        ("2401.01234", "2401.01234"),
        ("2413.01234", None),  # month 13
        ("hep-th/9913001", None),
        ("2401.123456", None),
        ("arXiv: 2401.01234", None),
        ("https://arxiv.org/abs/2401.01234", None),
    ],
)
def test_arxiv_ids_follow_the_shared_syntax(written: str, stored: str | None) -> None:
    record = {"title": "T", "arxiv_id": written}
    messages = rec.validate(record)
    if stored is None:
        assert messages == [
            f'field "arxiv_id": {written!r} is not an arXiv id '
            "(like 2401.01234 or cond-mat/0412498)"
        ]
    else:
        assert messages == []
        assert rec.record_to_paper(record, "x", "entry 1").arxiv_id == stored


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"titel": "x"}, 'unknown field "titel" (did you mean "title"?)'),
        ({"titel": "x"}, 'missing required field "title"'),
        ({"title": "x", "authors": "x"}, "field \"authors\": 'x' is not of type 'array'"),
        ({"title": " "}, "field \"title\": ' ' must not be blank"),
        ({"title": "x", "authors": ["A", 3]}, "field \"authors[2]\": 3 is not of type 'string'"),
        ({"title": "x", "upvotes": "12"}, "field \"upvotes\": '12' is not of type 'integer'"),
        ({"title": "x", "upvotes": -1}, 'field "upvotes": -1 is less than the minimum of 0'),
        ({"title": "x", "published": "22/10/2024"}, "field \"published\": '22/10/2024' is not"),
        ({"title": "x", "published": "2024-02-30"}, "'2024-02-30' is not a real date"),
        ({"title": "x", "arxiv_id": "1234"}, "field \"arxiv_id\": '1234' is not an arXiv id"),
        ({"title": "x", "doi": "doi.org"}, "field \"doi\": 'doi.org' is not a DOI"),
        (
            {"title": "x", "links": [{"kind": "github", "url": "https://g"}]},
            'field "links[1].kind"',
        ),
        ({"title": "x", "links": [{"kind": "pdf", "url": "ftp://a"}]}, "is not an http(s) URL"),
        ({"title": "x", "links": [{"kind": "pdf"}]}, 'field "links[1]": missing key "url"'),
        ({"title": "x", "links": [{"kind": "pdf", "url": "https://a", "x": 1}]}, 'unknown key "x"'),
        ({"title": "x", "sources": [{"listing": "a"}]}, 'field "sources[1]": missing key "entry"'),
        ({"title": "x", "topics": [{"topic": "t"}]}, 'field "topics[1]": missing key "reason"'),
        ({"title": "x", "id": "has space"}, "field \"id\": 'has space' is not a page key"),
        (["title"], "a record must be an object with a title, not list"),
    ],
)
def test_validation_messages_name_the_field(record: object, message: str) -> None:
    messages = rec.validate(record)
    assert any(message in m for m in messages), messages


def test_field_of_finds_the_top_level_field() -> None:
    assert rec.field_of('field "links[1].kind": bad') == "links"
    assert rec.field_of('unknown field "titel" (did you mean "title"?)') == "titel"
    assert rec.field_of('missing required field "title"') == "title"
    assert rec.field_of("a record must be an object with a title, not list") is None


def test_csv_row_reads_back_as_the_same_record(tmp_path: Path) -> None:
    record = rec.paper_to_record(full_paper())
    record.pop("topics"), record.pop("sources")  # no CSV column, by design
    out = io.StringIO()
    writer = csv.DictWriter(out, rec.CSV_COLUMNS)
    writer.writeheader()
    writer.writerow(rec.record_to_csv_row(record))
    result = reader.read(out.getvalue(), "export.csv")
    assert result.problems == []
    (paper,) = result.papers
    paper.provenance = []
    assert rec.paper_to_record(paper) == record


# --- detection --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["papers.json", "papers.jsonl", "papers.yaml", "papers.csv"])
def test_detect_is_high_for_each_sub_format(name: str) -> None:
    text = (RECORDS / name).read_text()
    assert reader.detect(text, name) >= 0.85
    assert reader.detect(text, "listing.txt") >= 0.85  # the content decides
    assert markdown_list.detect(text, name) == 0.0
    # hf_page gives CSV's long abstract lines 0.6 today; records must still win.
    assert hf_page.detect(text, name) < reader.detect(text, name)


@pytest.mark.parametrize("name", sorted(GIVEN_FIXTURES))
def test_detect_is_zero_for_other_listing_formats(name: str) -> None:
    path = GIVEN_FIXTURES[name]
    assert reader.detect(path.read_text(), name) == 0.0


def test_detect_is_zero_for_text_and_markdown() -> None:
    assert reader.detect(SEED.read_text(), SEED.name) == 0.0
    for path in (FIXTURES / "markdown").glob("*.md"):
        assert reader.detect(path.read_text(), path.name) == 0.0
    prose = "Some notes about papers.\nTitle: nothing to see, really.\n"
    assert reader.detect(prose, "notes.txt") == 0.0
    hf_like = json.dumps([{"paper": {"id": "2410.1"}, "title": "A"}])
    assert reader.detect(hf_like, "daily.json") == 0.0


# --- reading each sub-format ---------------------------------------------------------------


def read_fixture(name: str) -> ReadResult:
    return reader.read((RECORDS / name).read_text(), name)


def test_json_fixture() -> None:
    result = read_fixture("papers.json")
    assert result.problems == []
    assert [p.arxiv_id for p in result.papers] == [
        "2012.11345",
        "2012.12142",
        "2012.13240",
        "2410.17243",
        "2410.16251",
    ]
    first = result.papers[0]
    assert first.authors[0] == "Branimir Ivšić"
    assert first.doi == "10.23919/eucap48036.2020.9135568"
    assert first.categories == ["cs.RO", "eess.SY"]
    assert first.links_of("doi") == ["https://doi.org/10.23919/eucap48036.2020.9135568"]
    # The record's own source, then this file's record.
    assert first.provenance == [
        Provenance("arxiv_api_newformat_cs_RO_3entries.xml", "entry 1", "2026-09-20"),
    ]
    assert result.papers[1].affiliations[0] == "Johns Hopkins University Applied Physics Lab"
    assert result.papers[3].upvotes == 64 and result.papers[3].comments == 3


def test_jsonl_fixture() -> None:
    result = read_fixture("papers.jsonl")
    assert result.problems == []
    assert len(result.papers) == 5
    assert [p.provenance[-1].entry for p in result.papers] == [f"line {n}" for n in range(1, 6)]
    assert result.papers[2].title == (
        "LOGO -- Long cOntext aliGnment via efficient preference Optimization"
    )


def test_yaml_fixture_keeps_scalars_as_text() -> None:
    result = read_fixture("papers.yaml")
    assert result.problems == []
    assert [p.arxiv_id for p in result.papers] == [
        "2601.18734",
        "2601.19897",
        "2604.10674",
        "2604.13010",
    ]
    assert result.papers[0].published == "2026-01-26"
    assert result.papers[1].authors[2] == "Jonas Hübotter"
    assert result.papers[3].upvotes == 0
    assert result.papers[3].venue is None
    assert [p.provenance[-1].entry for p in result.papers] == [
        "line 4",
        "line 20",
        "line 28",
        "line 37",
    ]


def test_yaml_float_looking_ids_keep_their_zeros() -> None:
    result = reader.read("- title: A\n  arxiv_id: 2410.10000\n", "a.yaml")
    assert result.papers[0].arxiv_id == "2410.10000"


def test_csv_fixture() -> None:
    result = read_fixture("papers.csv")
    assert result.problems == []
    camrl, navigation, following, logo = result.papers
    assert camrl.links == [Link("code", "https://github.com/huanghanchi/CAMRL")]
    assert camrl.keywords == ["reinforcement learning", "multi-task learning"]
    assert camrl.abstract.endswith("The code is available at: https://github.com/huanghanchi/CAMRL")
    assert navigation.authors[-1] == "Katie M. Popek"
    assert navigation.categories == ["cs.RO", "cs.LG"]
    assert [link.kind for link in navigation.links] == ["arxiv", "pdf"]
    assert following.links == [Link("arxiv", "https://arxiv.org/abs/2012.13240")]  # bare URL
    assert logo.upvotes == 37 and logo.links_of("hf")
    # The first record's quoted abstract spans two lines.
    assert [p.provenance[-1].entry for p in result.papers] == [
        "line 2",
        "line 4",
        "line 5",
        "line 6",
    ]


def test_papers_object_with_metadata_and_single_record() -> None:
    text = '{"generated": "2024-10-25", "papers": [\n  {"title": "A"},\n  {"title": "B"}\n]}'
    result = reader.read(text, "export.json")
    assert [p.title for p in result.papers] == ["A", "B"]
    assert [p.provenance[0].entry for p in result.papers] == ["line 2", "line 3"]
    single = reader.read('{"title": "Only"}', "one.json")
    assert [p.title for p in single.papers] == ["Only"]


def test_reader_cleans_text_drops_topics_and_keeps_id() -> None:
    record = {
        "id": "my-paper",
        "title": "A  title &amp; more",
        "authors": ["  Ann   Lee ", "Ann Lee"],
        "links": [
            {"kind": "code", "url": "https://github.com/a/b"},
            {"kind": "code", "url": "https://github.com/a/b"},
        ],
        "topics": [{"topic": "x", "reason": "y"}],
    }
    (paper,) = reader.read(json.dumps([record]), "a.json").papers
    assert paper.title == "A title & more"
    assert paper.authors == ["Ann Lee"]
    assert len(paper.links) == 1
    assert paper.topics == []
    assert paper.slug == "my-paper"


def test_an_export_reads_back() -> None:
    paper = full_paper()
    text = json.dumps({"papers": [rec.paper_to_record(paper)]}, indent=2)
    (back,) = reader.read(text, "export.json").papers
    assert back.provenance == paper.provenance  # an exported record says where it was listed
    back.topics = paper.topics
    assert back == paper


# --- problems ---------------------------------------------------------------------------------


def test_invalid_json_records_are_reported_with_index_line_and_field() -> None:
    text = '[\n  {"title": "A"},\n  {"title": "B", "authors": "x"},\n  {"titel": "C"}\n]\n'
    result = reader.read(text, "bad.json")
    assert [p.title for p in result.papers] == ["A"]
    problems = [(p.entry, p.line, p.severity, p.message) for p in result.problems]
    assert problems == [
        ("2", 3, "error", "field \"authors\": 'x' is not of type 'array'"),
        ("3", 4, "error", 'missing required field "title"'),
        ("3", 4, "error", 'unknown field "titel" (did you mean "title"?)'),
    ]
    assert str(result.problems[0]) == (
        "bad.json, line 3, entry 2: error: field \"authors\": 'x' is not of type 'array'"
    )


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    text = '[\n  {"title": "A"},\n  {"title": "B",}\n]\n'
    assert reader.detect(text, "bad.json") > 0.3  # still read, so the error is shown
    result = reader.read(text, "bad.json")
    assert result.papers == []
    (problem,) = result.problems
    assert problem.line == 3 and problem.severity == "error"
    assert problem.message.startswith("JSON syntax error")


def test_jsonl_bad_line_is_reported_and_the_rest_read() -> None:
    lines = (RECORDS / "papers.jsonl").read_text().splitlines()
    lines[1] = lines[1][:40]  # cut mid-object
    lines[3] = json.dumps({"title": "D", "upvotes": "many"})
    result = reader.read("\n".join(lines) + "\n", "bad.jsonl")
    assert len(result.papers) == 3
    assert [(p.line, p.entry) for p in result.problems] == [(2, "2"), (4, "4")]
    assert result.problems[0].message.startswith("JSON syntax error")
    assert result.problems[1].message == "field \"upvotes\": 'many' is not of type 'integer'"


def test_yaml_problem_names_the_field_line() -> None:
    text = (RECORDS / "papers.yaml").read_text().replace("    arxiv_id: 2601.19897", "    arxiv: 1")
    result = reader.read(text, "bad.yaml")
    assert len(result.papers) == 3
    (problem,) = result.problems
    assert (problem.entry, problem.line) == ("2", 23)
    assert problem.message == 'unknown field "arxiv" (did you mean "arxiv_id"?)'


def test_yaml_syntax_error_names_the_line() -> None:
    result = reader.read("papers:\n  - title: A\n    authors: [B, C\n  - title: D\n", "bad.yaml")
    (problem,) = result.problems
    assert problem.line is not None and problem.line >= 3
    assert problem.message.startswith("YAML syntax error")


def test_csv_problems(tmp_path: Path) -> None:
    text = (
        "title,autors,upvotes,links\n"
        "A,X,1,code=https://github.com/a/b\n"
        ",Y,2,\n"
        "C,Z,lots,github:https://x\n"
    )
    assert reader.detect(text, "bad.csv") > 0.3
    result = reader.read(text, "bad.csv")
    assert [p.title for p in result.papers] == ["A"]
    problems = [(p.line, p.entry, p.message) for p in result.problems]
    assert problems == [
        (1, None, 'unknown column "autors"'),
        (3, "2", 'missing required field "title"'),
        (
            4,
            "3",
            "field \"links\": 'github:https://x' is not kind=url "
            "(kinds: code, project, arxiv, pdf, doi, hf, url)",
        ),
        (4, "3", "field \"upvotes\": 'lots' is not of type 'integer'"),
    ]


def test_csv_extra_cells_are_an_error() -> None:
    result = reader.read("title,venue\nA,ICLR,surplus\n", "bad.csv")
    assert result.papers == []
    assert result.problems[0].message == "3 cells but the header has 2 columns"


def test_not_a_list_of_records() -> None:
    result = reader.read('{"papers": {"title": "A"}}', "bad.json")
    assert [p.message for p in result.problems] == ['"papers" must be a list of records']
    result = reader.read("[1, 2]", "bad.json")
    assert len(result.problems) == 2 and result.papers == []


def test_a_title_of_control_characters_is_an_error_not_an_untitled_paper() -> None:
    """Cleaning drops control characters: the record became a paper with an empty title.
    Found by the thorough property-test profile."""
    result = reader.read('[{"title": "\\u001b\\u0007"}, {"title": "Fine"}]', "r.json")
    assert [p.title for p in result.papers] == ["Fine"]
    assert [(p.line, p.entry, p.message) for p in result.problems] == [
        (1, "1", "field \"title\": '\\x1b\\x07' has no printable text")
    ]
