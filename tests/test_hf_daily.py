"""The Hugging Face daily-papers JSON reader, on real responses and broken copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.model import Link, ReadResult
from generator.sources import hf_daily

FIXTURES = Path(__file__).parent / "fixtures" / "hf"
OLD = "hf_daily_papers_2024-10-25_first5.json"
NEW = "hf_daily_2026-09-04_ai_fields.json"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read(name: str) -> ReadResult:
    return hf_daily.read(fixture(name), name)


# --- the older response shape: hard-wrapped text, no ai_* fields --------------


def test_old_shape_reads_every_entry_without_problems() -> None:
    result = read(OLD)
    assert result.problems == []
    assert [p.arxiv_id for p in result.papers] == [
        "2410.17243",
        "2410.16251",
        "2410.18533",
        "2410.18693",
        "2410.18975",
    ]


def test_old_shape_titles_and_abstracts_are_unwrapped() -> None:
    first, _, third, fourth, _ = read(OLD).papers
    assert first.title == (
        "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    )
    assert fourth.title == (
        "Unleashing Reasoning Capability of LLMs via Scalable Question Synthesis from Scratch"
    )
    assert third.title == "LOGO -- Long cOntext aliGnment via efficient preference Optimization"
    assert first.abstract.startswith(
        "Contrastive loss is a powerful approach for representation learning, where "
        "larger batch sizes enhance performance"
    )
    assert "\n" not in first.abstract and "  " not in first.abstract


def test_old_shape_fields() -> None:
    papers = read(OLD).papers
    first = papers[0]
    assert first.authors[0] == "Zesen Cheng"
    assert first.authors[-1] == "Lidong Bing"
    assert len(first.authors) == 9
    assert first.published == "2024-10-22"  # paper.publishedAt, not the listing's date
    assert [p.upvotes for p in papers] == [64, 41, 37, 35, 28]
    assert [p.comments for p in papers] == [3, 2, 2, 2, 2]
    assert first.summary is None and first.keywords == [] and first.affiliations == []
    assert first.links == [
        Link("hf", "https://huggingface.co/papers/2410.17243"),
        Link("arxiv", "https://arxiv.org/abs/2410.17243"),
    ]
    assert [p.provenance[0].entry for p in papers] == [f"entry {i}" for i in range(1, 6)]
    assert first.provenance[0].listing == OLD
    assert first.provenance[0].first_seen is None  # this shape has no submittedOnDailyAt


# --- the newer shape: ai_summary, ai_keywords, githubRepo, projectPage... -----


def test_new_shape_fields() -> None:
    result = read(NEW)
    assert result.problems == []
    compile_, random_attention, latent_press = result.papers
    assert compile_.title == (
        "Compile by Training: Turning Natural-Language Specifications into Local Neural Functions"
    )
    assert compile_.arxiv_id == "2609.04199"
    assert compile_.authors == ["Yuntian Deng", "Pengyu Nie", "Stuart Shieber"]
    assert compile_.published == "2026-09-03"
    assert compile_.upvotes == 314 and compile_.comments == 3
    assert compile_.summary == (
        "Compile by training converts natural-language specifications into reusable neural "
        "functions by distilling teacher-generated examples into small adapters, enabling "
        "efficient deployment without remote model dependencies."
    )
    assert compile_.keywords == [
        "compile by training",
        "neural function",
        "adapter",
        "compact interpreter",
        "Program-as-Weights",
        "semantic accuracy",
    ]
    assert compile_.affiliations == ["University of Waterloo"]
    assert compile_.provenance[0].first_seen == "2026-09-04"
    assert len(random_attention.authors) == 10
    assert random_attention.affiliations == ["Salesforce AI Research"]
    assert latent_press.affiliations == []  # this entry has no organization
    assert [p.upvotes for p in result.papers] == [314, 161, 108]
    assert [p.comments for p in result.papers] == [3, 4, 2]


def test_new_shape_links() -> None:
    compile_, random_attention, latent_press = read(NEW).papers
    assert compile_.links == [
        Link("hf", "https://huggingface.co/papers/2609.04199"),
        Link("arxiv", "https://arxiv.org/abs/2609.04199"),
        Link("code", "https://github.com/programasweights/compile-by-training"),
        Link("project", "https://programasweights.com/playground?compiler=paw-ft-bs48"),
    ]
    # The abstract repeats githubRepo with a full stop after it: one link, not two.
    assert random_attention.links_of("code") == [
        "https://github.com/SalesforceAIResearch/Random-Attention"
    ]
    assert random_attention.links_of("project") == [
        "https://arthur-heng.github.io/Random-Attention-page/"
    ]
    # projectPage equals githubRepo; the abstract names another repository.
    assert latent_press.links_of("project") == []
    assert latent_press.links_of("code") == [
        "https://github.com/HJSang/LatentPress",
        "https://github.com/xuyd16ai/context_softtoken_compress",
    ]


# --- other shapes -------------------------------------------------------------


def test_single_entry_object() -> None:
    entry = json.loads(fixture(NEW))[1]
    result = hf_daily.read(json.dumps(entry, indent=2), "one.json")
    assert result.problems == []
    assert [p.arxiv_id for p in result.papers] == ["2609.03430"]
    assert result.papers[0].comments == 4


def test_api_papers_object_without_the_wrapper() -> None:
    paper = json.loads(fixture(NEW))[0]["paper"]  # the /api/papers/ID shape
    text = json.dumps(paper)
    assert hf_daily.detect(text, "2609.04199.json") >= 0.7
    result = hf_daily.read(text, "2609.04199.json")
    assert result.problems == []
    (only,) = result.papers
    assert only.arxiv_id == "2609.04199" and only.upvotes == 314 and only.comments is None
    assert only.keywords[0] == "compile by training"


def test_title_kept_only_beside_the_paper_object() -> None:
    # Some saved responses carry the title and summary outside "paper".
    text = json.dumps(
        [{"paper": {"id": "2607.12345", "upvotes": 42}, "title": "T", "summary": "S"}]
    )
    assert hf_daily.detect(text, "x.json") >= 0.9
    (paper,) = hf_daily.read(text, "x.json").papers
    assert (paper.title, paper.abstract, paper.upvotes) == ("T", "S", 42)


def test_hidden_authors_are_left_out() -> None:
    data = json.loads(fixture(OLD))
    data[0]["paper"]["authors"][1]["hidden"] = True
    (first, *_) = hf_daily.read(json.dumps(data), "x.json").papers
    assert "Hang Zhang" not in first.authors and len(first.authors) == 8


def test_mojibake_is_repaired() -> None:
    data = json.loads(fixture(OLD))
    broken = "José Cheng".encode().decode("latin-1")  # "JosÃ© Cheng"
    data[0]["paper"]["authors"][0]["name"] = broken
    (first, *_) = hf_daily.read(json.dumps(data), "x.json").papers
    assert first.authors[0] == "José Cheng"


# --- broken files -------------------------------------------------------------


def test_truncated_file_keeps_complete_entries_and_names_the_line(tmp_path: Path) -> None:
    text = fixture(NEW)
    cut = text[: text.index('"title": "LatentPress')]  # inside the third entry
    path = tmp_path / "cut.json"
    path.write_text(cut, encoding="utf-8")
    assert hf_daily.detect(cut, path.name) >= 0.3  # still claimed, so the break is reported
    result = hf_daily.read(cut, path.name)
    assert [p.arxiv_id for p in result.papers] == ["2609.04199", "2609.03430"]
    (problem,) = result.problems
    assert problem.severity == "error"
    assert problem.line == cut.count("\n") + 1
    assert problem.entry == "3"
    assert "invalid JSON" in problem.message and "2 entries before it" in problem.message


def test_syntax_error_in_the_middle_is_located() -> None:
    lines = fixture(OLD).replace("}, {", "},\n{").splitlines()
    text = "\n".join(lines)
    broken = text.replace('"upvotes": 41,', '"upvotes": 41', 1)  # drop a comma
    line = broken[: broken.index('"upvotes": 41')].count("\n") + 1
    result = hf_daily.read(broken, "x.json")
    (problem,) = result.problems
    assert problem.line == line
    assert problem.entry == "2"
    assert len(result.papers) == 1


def test_entry_without_title_is_reported_with_its_index_and_line() -> None:
    data = json.loads(fixture(NEW))
    del data[1]["paper"]["title"]
    del data[1]["title"]
    text = json.dumps(data, indent=1)
    result = hf_daily.read(text, "x.json")
    assert [p.arxiv_id for p in result.papers] == ["2609.04199", "2609.01507"]
    (problem,) = result.problems
    assert problem.severity == "error"
    assert problem.entry == "2"
    assert "2609.03430" in problem.message and "no title" in problem.message
    second_start = text.index('{\n  "paper": {\n   "id": "2609.03430"')
    assert problem.line == text.count("\n", 0, second_start) + 1
    # The reader's own entry numbering continues past the skipped entry.
    assert result.papers[1].provenance[0].entry == "entry 3"


def test_entry_without_id_is_kept_with_a_warning() -> None:
    data = json.loads(fixture(OLD))
    del data[2]["paper"]["id"]
    result = hf_daily.read(json.dumps(data), "x.json")
    assert len(result.papers) == 5
    (problem,) = result.problems
    assert (problem.severity, problem.entry) == ("warning", "3")
    third = result.papers[2]
    assert third.arxiv_id is None and third.links == []


def test_non_arxiv_id_gets_hf_link_but_no_arxiv_id() -> None:
    text = json.dumps([{"paper": {"id": "not-an-arxiv-id", "title": "X", "upvotes": 1}}])
    (paper,) = hf_daily.read(text, "x.json").papers
    assert paper.arxiv_id is None
    assert paper.links == [Link("hf", "https://huggingface.co/papers/not-an-arxiv-id")]


@pytest.mark.parametrize(
    ("paper_id", "arxiv_id"),
    [
        ("2609.04199v2", "2609.04199"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136", "math/0309136"),  # the subject class is not part of the id
        ("2613.04199", None),  # month 13
    ],
)
def test_ids_are_read_as_arxiv_ids(paper_id: str, arxiv_id: str | None) -> None:
    text = json.dumps([{"paper": {"id": paper_id, "title": "X", "upvotes": 1}}])
    (paper,) = hf_daily.read(text, "x.json").papers
    assert paper.arxiv_id == arxiv_id
    arxiv = [f"https://arxiv.org/abs/{arxiv_id}"] if arxiv_id else []
    assert paper.links_of("arxiv") == arxiv


def test_links_repeated_in_another_spelling_are_kept_once() -> None:
    paper = {
        "id": "2609.04199",
        "title": "X",
        "upvotes": 1,
        "githubRepo": "http://github.com/lab/repo",
        "projectPage": "ftp://lab.example.org/",
        "summary": "Code: https://github.com/Lab/Repo/. Site: lab.github.io.",
    }
    (read_paper,) = hf_daily.read(json.dumps([{"paper": paper}]), "x.json").papers
    assert read_paper.links == [
        Link("hf", "https://huggingface.co/papers/2609.04199"),
        Link("arxiv", "https://arxiv.org/abs/2609.04199"),
        Link("code", "http://github.com/lab/repo"),
        Link("project", "https://lab.github.io"),
    ]


# --- detect -------------------------------------------------------------------


@pytest.mark.parametrize("name", [OLD, NEW])
def test_detect_real_files(name: str) -> None:
    assert hf_daily.detect(fixture(name), name) >= 0.9


@pytest.mark.parametrize(
    "text",
    [
        '{"foo": 1}',
        "[1, 2, 3]",
        "[]",
        "42",
        '{"papers": [{"id": "W7213866894", "title": "OpenAlex", "summary": "s"}]}',
        '[{"id": "x", "title": "a generic list", "summary": "no HF keys"}]',
        "@article{k, title={T}}",
        "Title line\nAn abstract.",
        '{"broken": ',
    ],
)
def test_detect_rejects_other_text(text: str) -> None:
    assert hf_daily.detect(text, "x.json") == 0.0
