"""The BibTeX reader, on real generated and hand-kept files and on broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Link, Paper, ReadResult
from generator.sources import bibtex

FIXTURES = Path(__file__).parent / "fixtures" / "bibtex"
OPSD = "awesome_OPSD_papers.bib"
GEM = "awesome_GEM_research_papers.bib"
AGENTS = "awesome_self_improving_agents_first22.bib"
PROBML = "probmlbib_dirty_excerpt.bib"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def read(name: str) -> ReadResult:
    return bibtex.read(fixture(name), name)


def by_key(result: ReadResult) -> dict[str, Paper]:
    return {p.provenance[0].entry.removeprefix("key "): p for p in result.papers}


def read_text(text: str) -> ReadResult:
    return bibtex.read(text, "t.bib")


# --- generated file: 55 @misc entries from arXiv ------------------------------


def test_generated_file_reads_all_entries_cleanly() -> None:
    result = read(OPSD)
    assert result.problems == []
    assert len(result.papers) == 55
    first = result.papers[0]
    assert first.title == (
        "Self-Distilled Reasoner: On-Policy Self-Distillation for Large Language Models"
    )
    assert first.authors == [
        "Siyan Zhao",
        "Zhihui Xie",
        "Mengchen Liu",
        "Jing Huang",
        "Guan Pang",
        "Feiyu Chen",
        "Aditya Grover",
    ]
    assert first.arxiv_id == "2601.18734"
    assert first.published == "2026"  # a year alone stays a year
    assert first.comment == "First submitted 2026-01-26"
    assert first.venue is None
    assert first.links == [Link("arxiv", "https://arxiv.org/abs/2601.18734")]
    assert first.provenance[0].entry == "key arxiv260118734"
    assert first.provenance[0].listing == OPSD
    assert result.papers[1].authors[2] == "Jonas Hübotter"


def test_math_in_titles_is_kept_as_latex() -> None:
    titles = [p.title for p in read(OPSD).papers]
    assert (
        "Denser $\\neq$ Better: Limits of On-Policy Self-Distillation for Continual Post-Training"
    ) in titles
    assert (
        "$\\beta$-OPSD: Deriving with Policy Optimization, Training with Self-Distillation"
    ) in titles


# --- awesome-list files with accents, arXiv journals and DOIs -----------------


def test_awesome_gem_file() -> None:
    result = read(GEM)
    assert result.problems == []
    assert len(result.papers) == 18
    papers = by_key(result)
    gembench = papers["hu2026gembench"]
    assert gembench.venue == (
        "Proceedings of the 32nd ACM SIGKDD Conference on Knowledge Discovery and Data Mining "
        "V.2 (KDD '26)"
    )
    assert gembench.doi == "10.1145/3770855.3817474"
    assert gembench.arxiv_id is None
    assert gembench.links == [Link("doi", "https://doi.org/10.1145/3770855.3817474")]
    geo = papers["aggarwal2023geo"]
    assert geo.arxiv_id == "2311.09735" and geo.venue is None  # "arXiv preprint ..." is no venue
    # The file doubles the backslash of an accent: {\\'e}.
    assert papers["hajiaghayi2024ad"].authors[1] == "Sébastien Lahaie"
    detecting = papers["schmidt2024detecting"]
    assert detecting.arxiv_id == "2402.04889"  # from the url field
    assert detecting.venue == "Companion Proceedings of the ACM Web Conference 2024"
    assert [link.kind for link in detecting.links] == ["arxiv", "doi"]


def test_awesome_agents_file() -> None:
    result = read(AGENTS)
    assert result.problems == []
    assert len(result.papers) == 22
    papers = by_key(result)
    rag = papers["lewis2020rag"]
    assert rag.title == "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks"
    assert "Heinrich Küttler" in rag.authors and "Tim Rocktäschel" in rag.authors
    assert rag.arxiv_id == "2005.11401"
    assert rag.venue == "Advances in Neural Information Processing Systems"
    assert rag.keywords == ["rag", "retrieval", "generation"]
    assert papers["schick2023toolformer"].authors[2] == "Roberto Dessì"
    webgpt = papers["nakano2022webgpt"]
    assert len(webgpt.authors) == 10 and webgpt.authors[-1] == "Toki Kundu"  # "others" dropped
    assert papers["shanghai2025frontierrisk"].authors == ["Shanghai AI Lab"]
    assert papers["yang2024ai45law"].title == (
        "Towards AI-$45^{\\circ}$ Law: A Roadmap to Trustworthy AGI"
    )
    assert papers["jiang2026sokagentic"].title == (
        "SoK: Agentic Skills — Beyond Tool Use in LLM Agents"
    )
    survey = papers["wang2023llmagentsurvey"]
    assert survey.arxiv_id == "2308.11432" and survey.doi == "10.1007/s11704-024-40231-1"
    assert survey.venue == "Frontiers of Computer Science"
    assert papers["dong2024conversationsafety"].arxiv_id == "2402.09283"
    harness = papers["pachaar2026agentharness"]
    assert harness.arxiv_id is None and harness.links == []
    assert harness.comment is not None and harness.comment.startswith(
        "Posted by @akshay_pachaar on April 6, 2026;"
    )
    injecmem = papers["tian2025injecmem"]
    assert injecmem.links == [Link("project", "https://openreview.net/forum?id=QVX6hcJ2um")]


# --- hand-kept file: unbraced accents, foreign macros, Zotero fields ----------


def test_hand_kept_file_counts_and_warnings() -> None:
    result = read(PROBML)
    assert len(result.papers) == 44
    assert result.errors == []
    # Venue macros live in the group's strings file: one warning per macro.
    warned = {p.message.split()[2]: p for p in result.problems}
    assert set(warned) == {"eccv", "iccv", "nips", "cvpr", "aaai", "iclr", "miccai", "icml"}
    assert all(p.severity == "warning" for p in result.problems)
    assert (warned["iccv"].line, warned["iccv"].entry) == (8, "Habibian_2019_ICCV")
    assert "3 more entries" in warned["iccv"].message
    papers = by_key(result)
    assert papers["Habibian_2019_ICCV"].venue == "iccv"


def test_hand_kept_file_names_and_accents() -> None:
    papers = by_key(read(PROBML))
    assert papers["wuVideoCompressionImage2018"].authors[2] == "Philipp Krähenbühl"
    assert papers["Habibian_2019_ICCV"].authors[1] == "Ties van Rozendaal"
    assert papers["vandenOord2016pixelCNN"].authors[0] == "Aaron van den Oord"
    assert papers["theisLossyImageCompression2017"].authors[-1] == "Ferenc Huszár"
    assert papers["webb2019inversion"].authors[1] == "Adam Goliński"
    assert papers["Kinetics600"].authors[0] == "João Carreira"
    # Dotless i is right here: {\i} in Haz{\i}rba{\c{s}}.
    assert papers["FlowNet"].authors[3:5] == ["P. Häusser", "C. Hazırbaş"]  # noqa: RUF001
    assert papers["convlstm"].authors[3] == "Dit-Yan Yeung"
    assert papers["l1_plus_msssim"].authors == ["H. Zhao", "O. Gallo", "I. Frosio", "J. Kautz"]
    assert papers["convlstm"].title == (
        "Convolutional LSTM Network: A Machine Learning Approach for Precipitation Nowcasting"
    )


def test_hand_kept_file_fields() -> None:
    papers = by_key(read(PROBML))
    book = papers["source_coding"]  # @BOOK with TITLE =, AUTHOR =
    assert book.title == "Digital Signal Compression: Principles and Practice"
    assert book.authors == ["William A. Pearlman", "Amir Said"]
    assert book.published == "2011"
    assert papers["koller2009probabilistic"].published == "2009"  # year = 2009, unbraced
    assert papers["alemiFixingBrokenELBO2017"].published == "2017-11"  # month = nov
    assert papers["alemiFixingBrokenELBO2017"].arxiv_id == "1711.00464"
    assert papers["alemiFixingBrokenELBO2017"].venue is None  # journal = {arXiv:1711.00464}
    assert papers["hu2020learning"].arxiv_id == "2002.03711"
    assert papers["Kinetics400"].arxiv_id == "1705.06950"  # journal = {arxiv:1705.06950}
    assert papers["Kinetics600"].arxiv_id == "1808.01340"  # booktitle = {arXiv abs/...}
    assert papers["townsend2020tutorial"].arxiv_id == "2001.09186"
    assert papers["FRAE"].venue == "ICASSP"
    assert papers["HM"].links == [Link("project", "https://hevc.hhi.fraunhofer.de/")]
    assert papers["digital_video_introduction"].links_of("code") == [
        "https://github.com/leandromoreira/digital_video_introduction/blob/master/README.md"
        "#frame-types"
    ]
    assert papers["netflix-data-usage"].title == "How Much Data Does Netflix Use?"


def test_hand_kept_file_abstracts_and_keywords() -> None:
    papers = by_key(read(PROBML))
    gan = papers["agustssonGenerativeAdversarialNetworks2018a"]
    assert gan.title == "Generative Adversarial Networks for Extreme Learned Image Compression"
    assert gan.abstract.startswith(
        "We propose a framework for extreme learned image compression based on Generative "
        "Adversarial Networks (GANs),"
    )
    assert gan.abstract.endswith("saving up to 67% compared to the next-best method BPG.")
    # "\&" and "\\\&" spell the same keyword twice.
    assert gan.keywords == ["Machine Learning & Statistics/Generative/Data Compression"]
    posetrack = papers["andrilukaPoseTrackBenchmarkHuman2018"]
    assert posetrack.title == "PoseTrack: A Benchmark for Human Pose Estimation and Tracking"
    assert 'establishing "PoseTrack", a new large-scale' in posetrack.abstract
    assert "release a new %large-scale benchmark dataset" in posetrack.abstract
    assert posetrack.links == [
        Link("arxiv", "https://arxiv.org/abs/1710.10000"),
        Link("project", "https://posetrack.net"),
    ]


# --- hand-made inputs ---------------------------------------------------------

MACROS = r"""
@string{ nips = "Advances in Neural Information Processing Systems" }
@String{YR = "2020"}

@InProceedings{smith2020,
  Title = "A {BERT} Study of G\"{o}r\"{u}r's $\mathcal{O}(n)$ Method",
  AUTHOR = {Smith, John and de la Cruz, Mar{\'\i}a and {\"U}nal, {\"O}zge and others},
  BookTitle = nips # " 33",
  Year = YR,
  MONTH = dec,
  Keywords = {nlp; transformers},
  Abstract = {Costs \$5 and 77% less. See https://example.org/a_b.}
}
"""


def test_string_macros_concatenation_months_and_latex() -> None:
    result = read_text(MACROS)
    assert result.problems == []
    (paper,) = result.papers
    assert paper.title == "A BERT Study of Görür's $\\mathcal{O}(n)$ Method"
    assert paper.authors == ["John Smith", "María de la Cruz", "Özge Ünal"]
    assert paper.venue == "Advances in Neural Information Processing Systems 33"
    assert paper.published == "2020-12"
    assert paper.keywords == ["nlp", "transformers"]
    assert paper.abstract == "Costs \\$5 and 77% less. See https://example.org/a_b."
    assert paper.links == [Link("project", "https://example.org/a_b")]


def test_duplicate_key_keeps_the_first() -> None:
    text = (
        "@article{same,\n  title = {First},\n  year = 2020\n}\n\n"
        "@article{same,\n  title = {Second},\n  year = 2021\n}\n\n"
        "@misc{again,\n  title = {Again}\n}\n"
        "@misc{again,\n  title = {again}\n}\n"
    )
    result = read_text(text)
    assert [p.title for p in result.papers] == ["First", "Again"]
    different, repeated = result.problems
    assert (different.severity, different.line, different.entry) == ("error", 6, "same")
    assert "first at line 1" in different.message and "'Second'" in different.message
    assert (repeated.severity, repeated.line, repeated.entry) == ("warning", 14, "again")


def test_entry_without_title_is_an_error_with_line_and_key() -> None:
    text = "@misc{ok, title={Fine}}\n\n@article{untitled,\n  author = {A. Person},\n}\n"
    result = read_text(text)
    assert [p.title for p in result.papers] == ["Fine"]
    (problem,) = result.problems
    assert (problem.severity, problem.line, problem.entry) == ("error", 3, "untitled")
    assert "no title" in problem.message


def test_unbalanced_braces_are_located_and_later_entries_still_read() -> None:
    text = (
        "@misc{before, title={Before}}\n"
        "@inproceedings{broken,\n"
        "  title = {Unbalanced, year = {2020}\n"
        "}\n"
        "@misc{after, title={After}}\n"
    )
    result = read_text(text)
    assert [p.title for p in result.papers] == ["Before", "After"]
    (problem,) = result.problems
    assert (problem.severity, problem.line, problem.entry) == ("error", 2, "broken")
    assert "cannot parse entry broken" in problem.message


def test_text_without_at_is_a_comment_with_a_warning() -> None:
    text = "Some notes.\narticle{lost,\n  title = {Lost}\n}\n@misc{kept, title={Kept}}\n"
    result = read_text(text)
    assert [p.title for p in result.papers] == ["Kept"]
    (problem,) = result.problems
    assert (problem.severity, problem.line) == ("warning", 2)
    assert "without its leading @" in problem.message


def test_plain_comments_between_entries_are_ignored_silently() -> None:
    text = '% a comment\nsome prose\n@comment{x}\n@preamble{"p"}\n@misc{k, title={T}}\n'
    result = read_text(text)
    assert result.problems == [] and [p.title for p in result.papers] == ["T"]


def test_mojibake_is_repaired() -> None:
    broken = "José Pérez".encode().decode("latin-1")
    (paper,) = read_text(f"@misc{{k, title={{T}}, author={{{broken}}}}}").papers
    assert paper.authors == ["José Pérez"]


def test_repeated_field_uses_the_first_with_a_warning() -> None:
    result = read_text("@misc{k,\n  title = {One},\n  title = {Two}\n}\n")
    assert [p.title for p in result.papers] == ["One"]
    (problem,) = result.problems
    assert (problem.severity, problem.line, problem.entry) == ("warning", 1, "k")


def test_unreadable_year_is_a_warning() -> None:
    result = read_text("@misc{k, title = {T}, year = {to appear}}")
    assert result.papers[0].published is None
    (problem,) = result.problems
    assert problem.severity == "warning" and "to appear" in problem.message


@pytest.mark.parametrize(
    ("fields", "arxiv_id", "venue"),
    [
        ("journal = {CoRR}, volume = {abs/1810.04805}", "1810.04805", None),
        ("journal = {ArXiv}, volume = {abs/2006.13706}", "2006.13706", None),
        ("eprint = {2005.11401v2}, archivePrefix = {arXiv}", "2005.11401", None),
        ("eprint = {hep-th/9901001}, archivePrefix = {arXiv}", "hep-th/9901001", None),
        ("eprint = {12345}, eprinttype = {pubmed}", None, None),
        ("arxivid = {1706.03762}, journal = {NeurIPS}", "1706.03762", "NeurIPS"),
        ("howpublished = {\\url{https://arxiv.org/pdf/2101.00001v3.pdf}}", "2101.00001", None),
        ("note = {arXiv:2203.02155}, journal = {Nature}", "2203.02155", "Nature"),
        ("howpublished = {arXiv preprint arXiv:2401.01234}", "2401.01234", None),
        ("note = {Version 2203.02155 of the code}", None, None),
        ("note = {CoRR abs/2203.02155}", "2203.02155", None),
        ("doi = {10.48550/arXiv.2203.02155}", "2203.02155", None),
        ("doi = {https://doi.org/10.48550/ARXIV.cs/0501076}", "cs/0501076", None),
        ("journal = {arXiv preprint}, volume = {2006.13706}", "2006.13706", None),
        ("eprint = {math.GT/0309136}", "math/0309136", None),  # subject class dropped
        ("eprint = {1234.5678}, archivePrefix = {arXiv}", None, None),  # month 34
        ("url = {https://export.arxiv.org/format/2101.00001}", "2101.00001", None),
        # al-folio personal pages give the id in their own field.
        ("arxiv = {2506.07400}, booktitle = {MIPR}", "2506.07400", "MIPR"),
        ("arXiv = {2111.12128}, journal = {ArXiv}", "2111.12128", None),
        ("number = {arXiv:1406.4625}, journal = {Some Journal}", "1406.4625", "Some Journal"),
        ("number = {3}, journal = {Nature}", None, "Nature"),
        ("eprint = {arXiv:1406.4625}", "1406.4625", None),  # no archivePrefix
        ("journal = {CoRR abs/2006.13706}", "2006.13706", None),
        ("journal = {CoRR 2006.13706}", "2006.13706", None),
    ],
)
def test_arxiv_id_sources(fields: str, arxiv_id: str | None, venue: str | None) -> None:
    (paper,) = read_text(f"@article{{k, title = {{T}}, {fields}}}").papers
    assert paper.arxiv_id == arxiv_id
    assert paper.venue == venue


def test_biblatex_date_and_doi_url() -> None:
    text = "@online{k, title = {T}, date = {2023-11-05}, doi = {https://doi.org/10.1/ABC}}"
    (paper,) = read_text(text).papers
    assert paper.published == "2023-11-05"
    assert paper.doi == "10.1/ABC"
    assert paper.links == [Link("doi", "https://doi.org/10.1/ABC")]


# --- detect -------------------------------------------------------------------


@pytest.mark.parametrize("name", [OPSD, GEM, AGENTS, PROBML])
def test_detect_real_files(name: str) -> None:
    assert bibtex.detect(fixture(name), name) >= 0.9


def test_detect_other_text() -> None:
    assert bibtex.detect("# Papers\n\n- [A](https://x.org)\n", "README.md") == 0.0
    assert bibtex.detect('[{"paper": {"id": "1"}}]', "x.json") == 0.0
    readme = "# Cite\n\n```bibtex\n@article{k, title={T}}\n```\n"
    assert bibtex.detect(readme, "README.md") < 0.3
    assert bibtex.detect('@string{nips = "NeurIPS"}\n', "strings.bib") == 0.6


def test_links_from_url_commands_in_notes() -> None:
    text = (
        r"@misc{k, title = {\href{https://x.org}{Linked} title},"
        r" note = {See \href{https://y.org/a\_b}{here} and \url{https://z.org/c\_d}.}}"
    )
    (paper,) = read_text(text).papers
    assert paper.title == "Linked title"
    assert paper.comment == "See here and https://z.org/c_d."
    assert paper.links == [
        Link("project", "https://y.org/a_b"),
        Link("project", "https://z.org/c_d"),
    ]


def test_string_redefined_applies_from_there_on() -> None:
    # As in BibTeX, the later definition wins, whatever the case of its name.
    for again in ("a", "A"):
        text = f'@string{{a = "One"}}\n@misc{{k1, title = a}}\n@string{{{again} = "Two"}}\n'
        result = read_text(text + "@misc{k2, title = a}\n")
        assert [p.title for p in result.papers] == ["One", "Two"]
        assert result.problems == []


def test_own_arxiv_page_is_linked_once_other_links_trimmed() -> None:
    text = (
        "@misc{k, title = {T}, eprint = {2101.00001}, archivePrefix = {arXiv},"
        " url = {http://arxiv.org/abs/2101.00001v2},"
        " pdf = {https://arxiv.org/pdf/2101.00001v2.pdf},"
        " code = {https://github.com/lab/repo.},"
        " note = {Code: github.com/Lab/Repo/; see also arXiv:2012.00002 and"
        " https://arxiv.org/abs/2012.00002v1, project: \\url{mailto:a@b.org}}}"
    )
    (paper,) = read_text(text).papers
    assert paper.arxiv_id == "2101.00001"
    assert paper.links == [
        Link("arxiv", "https://arxiv.org/abs/2101.00001"),
        Link("pdf", "https://arxiv.org/pdf/2101.00001v2.pdf"),
        Link("code", "https://github.com/lab/repo"),
        # Another paper's arXiv page is a link of its own.
        Link("arxiv", "https://arxiv.org/abs/2012.00002v1"),
    ]


@pytest.mark.parametrize(
    ("author", "names"),
    [
        # al-folio's own example entry, and a personal page's student marks.
        (
            "Einstein*†, A. and Podolsky*, B. and Rosen*, N.",
            ["A. Einstein", "B. Podolsky", "N. Rosen"],
        ),
        ("Qiu, Chenxi and \u2217Yadav, Sourabh", ["Chenxi Qiu", "Sourabh Yadav"]),
        (
            "Ann Lee$^*$ and Bo Li\\textsuperscript{†} and Cy Doe$^{1,*}$",
            ["Ann Lee", "Bo Li", "Cy Doe"],
        ),
    ],
)
def test_equal_contribution_marks_are_not_part_of_names(author: str, names: list[str]) -> None:
    (paper,) = read_text(f"@article{{k, title = {{T}}, author = {{{author}}}}}").papers
    assert paper.authors == names
