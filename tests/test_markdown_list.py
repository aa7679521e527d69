"""The ``markdown-list`` reader on real awesome-list files and on hand-made variants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.model import Link, Paper, ReadResult
from generator.sources import hf_page, records
from generator.sources import markdown_list as reader
from tests.conftest import GIVEN_FIXTURES, SEED

FIXTURES = Path(__file__).parent / "fixtures"
MARKDOWN = FIXTURES / "markdown"
GNN = "thunlp_GNNPapers_README.md"
BIAS = "weihaox_awesome-robustness-efficiency-privacy.md"
DATA = "daochenzha_data-centric-AI_README.md"
LONG_TAIL = "zzw-zwzhang_Awesome-of-Long-Tailed-Recognition_README.md"
LLM = "RUCAIBox_LLMSurvey_README.md"


def read(name: str) -> ReadResult:
    return reader.read((MARKDOWN / name).read_text(), name)


def by_title(result: ReadResult, title: str) -> Paper:
    return next(p for p in result.papers if p.title == title)


def kinds(paper: Paper) -> list[str]:
    return [link.kind for link in paper.links]


def read_text(tmp_path: Path, text: str) -> ReadResult:
    path = tmp_path / "list.md"
    path.write_text(text)
    return reader.read(path.read_text(), path.name)


# --- real files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "count", "warnings"),
    [(GNN, 32, 0), (BIAS, 32, 0), (DATA, 29, 1), (LONG_TAIL, 44, 0), (LLM, 34, 1)],
)
def test_counts_and_no_errors(name: str, count: int, warnings: int) -> None:
    result = read(name)
    assert len(result.papers) == count
    assert result.errors == []
    assert len(result.problems) == warnings
    assert all(p.title and p.links for p in result.papers)
    assert all(p.provenance[0].listing == name for p in result.papers)
    assert all(p.provenance[0].entry.startswith("line ") for p in result.papers)


def test_gnn_numbered_bold_titles_with_author_lines() -> None:
    result = read(GNN)
    first = result.papers[0]
    assert first.title == "Graph Neural Networks: A Review of Methods and Applications"
    assert first.authors == [
        "Jie Zhou",
        "Ganqu Cui",
        "Zhengyan Zhang",
        "Cheng Yang",
        "Zhiyuan Liu",
        "Maosong Sun",
    ]
    assert first.venue is None  # only "2018" is given
    assert first.arxiv_id == "1812.08434"
    assert first.links == [Link("pdf", "https://arxiv.org/pdf/1812.08434.pdf")]
    assert first.keywords == ["Survey papers"]  # "Must-read papers on GNN" is the list's title
    assert first.provenance[0].entry == "line 7"
    # BibTeX-ordered author lists are turned round; "and others" is dropped.
    biases = by_title(result, "Relational Inductive Biases, Deep Learning, and Graph Networks")
    assert biases.authors[:2] == ["Peter W Battaglia", "Jessica B Hamrick"]
    assert biases.authors[-1] == "Ryan Faulkner"
    assert by_title(result, "Geometric Deep Learning: Going beyond Euclidean data").venue == (
        "IEEE SPM 2017"
    )
    model = by_title(result, "The Graph Neural Network Model")
    assert model.links == [
        Link("url", "https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=4700287")
    ]
    assert by_title(result, "Deep Sets").keywords == ["Models"]
    assert result.papers[-1].keywords == ["Applications"]


def test_bias_bold_blocks_with_br_lines() -> None:
    result = read(BIAS)
    fair = by_title(result, "Fair Attribute Classification through Latent Space De-biasing")
    assert fair.authors == ["Vikram V. Ramaswamy", "Sunnie S. Y. Kim", "Olga Russakovsky"]
    assert fair.venue == "CVPR 2021"
    assert fair.links == [
        Link("pdf", "https://arxiv.org/pdf/2012.01469.pdf"),
        Link("code", "https://github.com/princetonvisualai/gan-debiasing"),
    ]
    assert fair.keywords == [
        "Fairness, Accountability, Privacy, Transparency, and Ethics",
        "Fairness",
    ]
    # Authors' homepage links are names, not paper links.
    workshop = by_title(result, "L2ID: Learning from Limited and Imperfect Data")
    assert workshop.authors[:3] == ["Zsolt Kira", "Shuai (Kyle) Zheng", "Noel C. F. Codella"]
    assert workshop.venue == "CVPR 2021 Workshop"
    # The bare URL of a broken "[[Homepage])(url)]" link is kept.
    assert workshop.links == [Link("project", "https://l2id.github.io/")]
    fairgen = by_title(
        result, "FairGen: Improving the Fairness of Deep Generative Models without Retraining"
    )
    assert kinds(fairgen) == ["arxiv", "project", "code"]
    assert fairgen.authors == ["Shuhan Tan", "Yujun Shen", "Bolei Zhou"]
    lundberg = by_title(result, "Explaining Quantitative Measures of Fairness")
    assert lundberg.venue == "Fair & Responsible AI Workshop, CHI2020"
    brundage = by_title(
        result, "Toward Trustworthy AI Development: Mechanisms for Supporting Verifiable Claims"
    )
    assert brundage.authors == ["Miles Brundage"] and brundage.keywords[-1] == "Ethics"
    blog = by_title(result, "Bias and Generalization in Deep Generative Models: An Empirical Study")
    assert kinds(blog) == ["arxiv", "url", "code"]
    dis = by_title(
        result,
        "Strangers in the Room: Unpacking Perceptions of 'Smartness' and Related Ethical "
        "Concerns in the Home",
    )
    assert dis.venue == "ACM Conference on Designing Interactive Systems (DIS) 2020"


def test_data_centric_plain_titles_with_venues() -> None:
    result = read(DATA)
    titles = [p.title for p in result.papers]
    # The two preamble papers, then the lists under the headings.
    assert titles[:3] == [
        "Data-centric Artificial Intelligence: A Survey",
        "Data-centric AI: Perspectives and Challenges",
        "Revisiting time series outlier detection: Definitions and benchmarks",
    ]
    first = result.papers[2]
    assert first.venue == "NeurIPS 2021"
    assert first.links == [
        Link("url", "https://openreview.net/forum?id=r8IvOsnHchr"),
        Link("code", "https://github.com/datamllab/tods"),
    ]
    assert first.keywords == ["Training Data Development", "Data Collection"]
    commas = by_title(result, "Data programming: Creating large training sets, quickly")
    assert commas.venue == "NeurIPS 2016" and commas.arxiv_id == "1605.07723"
    old_id = by_title(result, "Active learning with statistical models")
    assert old_id.arxiv_id == "cs/9603104"
    assert by_title(result, "Segment Anything").venue is None
    # Blogs and Chinese write-ups are not papers; the code block's BibTeX is skipped.
    assert not any("GPT Models" in t or "zhihu" in t or "Meta/FAIR" in t for t in titles)
    (warning,) = result.problems
    assert (warning.line, warning.severity) == (37, "warning")
    assert "https://arxiv.org/abs/2304.02643" in warning.message


def test_long_tail_tables() -> None:
    result = read(LONG_TAIL)
    first = result.papers[0]
    assert first.title == (
        "Distribution-Balanced Loss for Multi-Label Classification in Long-Tailed Datasets"
    )
    assert first.venue == "ECCV"
    assert first.arxiv_id == "2007.09654"
    assert first.links == [
        Link("pdf", "https://arxiv.org/pdf/2007.09654.pdf"),
        Link("code", "https://github.com/wutong16/DistributionBalancedLoss"),
    ]
    assert first.provenance[0].entry == "line 47"
    two_codes = by_title(result, "Class-Balanced Loss Based on Effective Number of Samples")
    assert kinds(two_codes) == ["pdf", "code", "code"]
    remix = by_title(result, "Remix: Rebalanced Mixup")
    assert remix.published == "2020-07-08" and remix.keywords == ["arXiv"]
    # A row without its closing pipe still reads.
    assert by_title(result, "Long-tail Learning with Class Descriptors").links_of("code")
    assert by_title(result, "Learning from Imbalanced Data").keywords == ["Imbalanced Learning"]
    # Year headings and "Table of Contents" are not keywords; the empty 2015 row is no paper.
    assert by_title(result, "Focal Loss for Dense Object Detection").keywords == []
    assert result.problems == []


def test_llm_survey_one_line_entries() -> None:
    result = read(LLM)
    t5 = result.papers[0]
    assert t5.title == (
        "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer"
    )
    assert t5.authors == ["Colin Raffel"]
    assert t5.venue == "JMLR 2019"
    assert t5.links == [
        Link("arxiv", "https://arxiv.org/abs/1910.10683"),
        Link("code", "https://huggingface.co/t5-11b"),
    ]
    assert t5.keywords == ["Resources of LLMs", "Publicly Available Models"]
    assert by_title(result, "mT5: A massively multilingual pre-trained text-to-text transformer")
    assert by_title(result, "LLaMA: Open and Efficient Foundation Language Models").arxiv_id == (
        "2302.13971"
    )
    titan = result.papers[-1]
    assert titan.authors == ["Shuohuan Wang"] and titan.venue == "arXiv 2021"
    assert titan.keywords[-1] == "Closed-source Models"
    (warning,) = result.problems
    assert warning.line == 6 and "2303.18223" in warning.message


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [GNN, BIAS, DATA, LONG_TAIL, LLM])
def test_detect_is_high_on_real_lists(name: str) -> None:
    text = (MARKDOWN / name).read_text()
    assert reader.detect(text, name) >= 0.8
    assert reader.detect(text, "listing.txt") >= 0.7  # without the .md hint
    assert hf_page.detect(text, name) < reader.detect(text, name)
    assert records.detect(text, name) == 0.0


@pytest.mark.parametrize("name", sorted(GIVEN_FIXTURES))
def test_detect_is_zero_for_other_formats(name: str) -> None:
    path = GIVEN_FIXTURES[name]
    assert reader.detect(path.read_text(), name) == 0.0


def test_detect_is_zero_for_hf_page_prose_and_data() -> None:
    assert reader.detect(SEED.read_text(), SEED.name) == 0.0
    prose = (
        "# Notes\n\nWe read https://arxiv.org/abs/2401.00001 last week and liked it.\n"
        "It is about transformers.\n"
    )
    assert reader.detect(prose, "notes.md") == 0.0
    assert reader.detect(json.dumps([{"title": "A", "url": "https://arxiv.org/abs/1"}]), "x") == 0
    assert reader.detect("@misc{a, title={A}, url={https://arxiv.org/abs/2401.1}}", "a.bib") == 0
    for name in ("papers.json", "papers.jsonl", "papers.yaml", "papers.csv"):
        text = (MARKDOWN.parent / "records" / name).read_text()
        assert reader.detect(text, name) == 0.0


def test_a_readme_of_tool_links_is_not_a_paper_list() -> None:
    text = "# Tool\n\n- [Docs](https://tool.dev/docs)\n- [Repo](https://github.com/a/tool)\n"
    assert reader.detect(text, "README.md") == 0.0


def test_a_changelog_is_not_a_paper_list() -> None:
    # Bold words, names in brackets, years and GitHub links, but no paper.
    text = (
        "# Changelog\n\n## 2018-06-12, Version 9.11.2\n\n### Commits\n\n"
        "* [[`0ab90acaf3`](https://github.com/o/r/commit/0ab90acaf3)] - **test**: add test "
        "for CVE-2018-1000168 (James M Snell) [#124](https://github.com/o/r/pull/124)\n"
        '* Fix "AttributeError: no attribute get" ([#1](https://github.com/o/r/issues/1))\n'
        "* **deps**: bump tar to 7.5.4 (Jane Roe) [#3](https://github.com/o/r/pull/3)\n"
        "- **Maintainers**: [@someone](https://github.com/someone) (Some One)\n"
    )
    assert reader.read(text, "CHANGELOG.md").papers == []
    assert reader.detect(text, "CHANGELOG.md") == 0.0


# --- styles and broken variants ------------------------------------------------------------------


def test_arxiv_ids_from_links_and_text(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "# List\n\n"
        "- **Sub-page Title.** [[fig](https://arxiv.org/html/2301.00001v2/x1.png)]\n"
        "- **Archived Title.** [[paper](https://web.archive.org/web/2020/"
        "https://arxiv.org/abs/2301.00002)]\n"
        "- **Old Style Title.** [[pdf](https://arxiv.org/pdf/math.GT/0309136v1)]\n"
        "- **Text Id Title.** arXiv:hep-th/9901001. [[pdf](https://x.org/p.pdf)]\n"
        "- **Bad Month Title.** arXiv:2313.00001. [[pdf](https://x.org/q.pdf)]\n",
    )
    assert [p.arxiv_id for p in result.papers] == [
        "2301.00001",
        "2301.00002",
        "math/0309136",  # the subject class is not part of the id
        "hep-th/9901001",
        None,  # month 13 is no id
    ]


def test_one_line_and_link_dash_styles(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "# List\n\n## Vision\n\n"
        "- **Bold Title.** Alice Smith, Bob Jones. NeurIPS 2023. "
        "[[pdf](https://arxiv.org/pdf/2301.00001v2)] [[code](https://github.com/a/b)]\n"
        "- [Linked Title](https://arxiv.org/abs/2301.00002) - Alice Smith, Bob Jones, ICML 2022\n"
        "* Title three. [[paper]](https://openreview.net/forum?id=abc)\n"
        "- Title four. [[pdf]](https://x.org/p.pdf)\n"
        "  Carol King, Dan Wu. CVPR, 2021\n"
        "- [Linked Two](https://example.org/p) - a tool that we like a lot\n",
    )
    bold, linked, three, four = result.papers
    assert (bold.title, bold.authors, bold.venue) == (
        "Bold Title",
        ["Alice Smith", "Bob Jones"],
        "NeurIPS 2023",
    )
    assert bold.arxiv_id == "2301.00001" and kinds(bold) == ["pdf", "code"]
    assert (linked.authors, linked.venue, kinds(linked)) == (
        ["Alice Smith", "Bob Jones"],
        "ICML 2022",
        ["arxiv"],
    )
    assert three.links == [Link("url", "https://openreview.net/forum?id=abc")]
    assert (four.authors, four.venue) == (["Carol King", "Dan Wu"], "CVPR, 2021")
    assert all(p.keywords == ["Vision"] for p in result.papers)
    assert result.problems == []  # "Linked Two" is not a paper, and has no paper link


def test_description_becomes_the_comment(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "- [Learning Robot Behavior from Crowds](https://arxiv.org/abs/2109.01115) - "
        "Stanford paper on crowdsourced annotation\n",
    )
    (paper,) = result.papers
    assert paper.comment == "Stanford paper on crowdsourced annotation"
    assert paper.authors == []


def test_citation_style_and_abstract_paragraph(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        '* Bardram, Jakob E. "[The CARP Mobile Sensing Framework.](https://arxiv.org/abs/2006.11904)"'
        " arXiv preprint arXiv:2006.11904 (2020). [[pdf](https://arxiv.org/pdf/2006.11904.pdf)]\n"
        "-  [**Semi-supervised Learning with a Teacher-student Network**]"
        "(https://arxiv.org/abs/2007.09162) (ECCV2020)\n\n"
        "    **Abstract :** This paper presents a study.\n    It goes on.\n",
    )
    carp, teacher = result.papers
    assert carp.title == "The CARP Mobile Sensing Framework"
    assert carp.authors == ["Jakob E. Bardram"]
    assert kinds(carp) == ["arxiv", "pdf"]
    assert teacher.venue == "ECCV2020"
    assert teacher.abstract == "This paper presents a study. It goes on."


def test_badges_images_fences_and_comments(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "# List [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n"
        "![banner](https://x.org/banner.png)\n\n"
        "- [Title five](https://arxiv.org/abs/2301.00006) "
        "[![Stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b)\n"
        "```\n- [Not a paper](https://arxiv.org/abs/2301.00007)\n```\n"
        "<!--\n- [Hidden](https://arxiv.org/abs/2301.00008)\n-->\n",
    )
    (paper,) = result.papers
    assert paper.links == [
        Link("arxiv", "https://arxiv.org/abs/2301.00006"),
        Link("code", "https://github.com/a/b"),
    ]
    assert result.problems == []


def test_links_in_sub_items_belong_to_the_title_above(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "- Parent paper title\n"
        "  - [Paper](https://arxiv.org/abs/2301.00009)\n"
        "  - [Code](https://github.com/x/y)\n"
        "- Next title [[pdf]](https://arxiv.org/pdf/2301.00010)\n",
    )
    parent, following = result.papers
    assert parent.title == "Parent paper title"
    assert kinds(parent) == ["arxiv", "code"]
    assert following.title == "Next title"


def test_entries_that_cannot_be_read_are_warnings_with_lines(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "## Papers\n\n"
        "- [[pdf](https://arxiv.org/pdf/2301.00005)]\n"
        "- [[code](https://github.com/only/code)]\n\n"
        "Running text citing https://arxiv.org/abs/2301.00011 here.\n\n"
        "| Venue | Link |\n|---|---|\n| ICLR | [pdf](https://arxiv.org/pdf/2302.00004) |\n\n"
        "| Title | Paper |\n|---|---|\n| | [pdf](https://arxiv.org/pdf/2302.00003) |\n",
    )
    assert result.papers == []
    warnings = [(p.line, p.severity) for p in result.problems]
    assert warnings == [(3, "warning"), (6, "warning"), (10, "warning"), (14, "warning")]
    assert "no title" in result.problems[0].message
    assert "outside any list entry" in result.problems[1].message
    assert "without a title column" in result.problems[2].message
    assert "table row with no title" in result.problems[3].message


def test_tables_with_paper_column_and_year(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "# Lists\n\n| Paper | Code |\n|---|---|\n"
        "| [Table Title A](https://arxiv.org/abs/2302.00001) | [code](https://github.com/t/a) |\n\n"
        "## Robots\n\n| Title | Venue | Year | Paper | Authors | Tags |\n|:--|:--:|--|--|--|--|\n"
        "| **Table Title B** | ICLR | 2023 | [link](https://openreview.net/pdf?id=xyz) "
        "| Ann Lee, Bo Li | grasping, `sim2real` |\n",
    )
    first, second = result.papers
    assert first.links == [
        Link("arxiv", "https://arxiv.org/abs/2302.00001"),
        Link("code", "https://github.com/t/a"),
    ]
    assert second.title == "Table Title B"
    assert second.venue == "ICLR 2023"
    assert second.authors == ["Ann Lee", "Bo Li"]
    assert second.links == [Link("url", "https://openreview.net/pdf?id=xyz")]
    assert second.keywords == ["Robots", "grasping", "sim2real"]


def test_html_entries_and_doi(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        '- <b>HTML Bold Title</b><br><i>Ann Lee, Bo Li</i><br>ACL 2020 <a href="https://doi.org/'
        '10.18653/v1/2020.acl-main.1">DOI</a>\n',
    )
    (paper,) = result.papers
    assert (paper.title, paper.authors, paper.venue) == (
        "HTML Bold Title",
        ["Ann Lee", "Bo Li"],
        "ACL 2020",
    )
    assert paper.doi == "10.18653/v1/2020.acl-main.1"
    assert kinds(paper) == ["doi"]


def test_empty_and_odd_inputs_never_raise(tmp_path: Path) -> None:
    for text in ("", "\n\n", "# Only a heading\n", "- \n", "|\n|---|\n| |\n", "```\n- [a](b)\n"):
        assert read_text(tmp_path, text).papers == []
        assert reader.detect(text, "x.md") == 0.0


# --- layouts read through markdown-it-py ---------------------------------------------------


def test_setext_headings_reference_links_details_tables_and_html_tables(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "Deep Models\n===========\n\nVision\n------\n\n"
        "- [Reference Styled Paper Title][1], Ann Lee, Bo Li, and Cy Doe, CVPR 2021\n\n"
        "<details open>\n<summary>Faster Inference</summary>\n\n"
        "| Title | Venue | Code |\n|---|---|---|\n"
        "| [Table Inside Details](https://arxiv.org/abs/2101.00001) | ICLR 2021 "
        "| [code](https://github.com/a/b) |\n\n</details>\n\n"
        "<table>\n<tr><th>Paper</th><th>Venue</th></tr>\n"
        '<tr><td><a href="https://arxiv.org/abs/2102.00002"><b>HTML Table Paper Title</b></a>'
        "</td><td>NeurIPS 2021</td></tr>\n</table>\n\n"
        "[1]: https://arxiv.org/abs/2103.00003\n",
    )
    reference, in_details, html_row = result.papers
    assert (reference.title, reference.arxiv_id) == ("Reference Styled Paper Title", "2103.00003")
    assert reference.authors == ["Ann Lee", "Bo Li", "Cy Doe"]  # Oxford comma
    assert reference.venue == "CVPR 2021"
    assert reference.keywords == ["Vision"]  # "Deep Models", a setext title, is the list's
    assert (in_details.title, in_details.venue) == ("Table Inside Details", "ICLR 2021")
    assert in_details.keywords == ["Vision", "Faster Inference"]  # the <summary> label
    assert kinds(in_details) == ["arxiv", "code"]
    assert (html_row.title, html_row.venue, html_row.arxiv_id) == (
        "HTML Table Paper Title",
        "NeurIPS 2021",
        "2102.00002",
    )
    assert html_row.keywords == ["Vision"]  # </details> closed the section
    assert html_row.provenance[0].entry == "line 20"


def test_wrapped_authors_contribution_marks_cards_and_prefixes(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "# L\n\n"
        "- **Wrapped Author Line Paper.**\n  *Alice Smith\\*, Bob Jones\\*, Carol King,\n"
        "  and Dan Wu†.* NeurIPS 2023. [[pdf](https://arxiv.org/pdf/2301.00001)]\n"
        "- **LLaMa** [[Meta]]() Feb. 2023 [[open]](https://github.com/facebookresearch/llama)  \n"
        "   Open and Efficient Foundation Language Models "
        "[[Preprint]](https://arxiv.org/pdf/2302.13971v1.pdf)\n"
        "- **Claude** [[Anthropic]](https://www.anthropic.com) Mar. 2023 [close]\n"
        "- - A Doubly Bulleted Paper Title [[pdf]](https://x.org/p.pdf)\n"
        "- ICLR'24-spotlight Understanding and Mitigating the Label Noise "
        "[[arxiv](https://arxiv.org/abs/2309.17002)]\n"
        "- 20181206 arXiv [Transferring Knowledge across Learning Processes]"
        "(https://arxiv.org/abs/1812.01054)\n"
        "- 20180622 arXiv 探索了多任务迁移学习中的不确定性\uff1a"
        "[Uncertainty in Multitask Transfer Learning](https://arxiv.org/abs/1806.07528)\n",
    )
    titles = [p.title for p in result.papers]
    assert titles == [
        "Wrapped Author Line Paper",
        "Open and Efficient Foundation Language Models",  # the card's paper line, not "LLaMa"
        "A Doubly Bulleted Paper Title",
        "Understanding and Mitigating the Label Noise",
        "Transferring Knowledge across Learning Processes",
        "Uncertainty in Multitask Transfer Learning",
    ]
    wrapped, llama = result.papers[:2]
    assert wrapped.authors == ["Alice Smith", "Bob Jones", "Carol King", "Dan Wu"]
    assert wrapped.venue == "NeurIPS 2023"
    assert llama.authors == [] and llama.arxiv_id == "2302.13971"
    assert result.problems == []  # Claude's card has no paper and no paper link


def test_reference_paragraphs_restart_their_numbers_without_merging(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "# Roadmap\n\n## 1.1 Survey\n\n"
        '**[1]** LeCun, Yann, Yoshua Bengio, and Geoffrey Hinton. "**Deep learning**." Nature '
        "521.7553 (2015): 436-444. [[pdf]](http://www.cs.toronto.edu/~hinton/absps/x.pdf) "
        "**(Three Giants' Survey)** :star::star:\n\n## 3.4 Caption\n"
        '**[1]** Farhadi,Ali,etal. "**Every picture tells a story**". In ECCV 2010. '
        "[[pdf]](https://www.cs.cmu.edu/~afarhadi/papers/sentence.pdf) :star:\n\n"
        '**[2]** Han, Song, et al. "**Deep compression**." CoRR, abs/1510.00149 2 (2015). '
        "[[pdf]](https://pdfs.semanticscholar.org/5b6c/x.pdf)\n",
    )
    survey, story, compression = result.papers
    assert (survey.title, story.title) == ("Deep learning", "Every picture tells a story")
    assert survey.authors == ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"]
    assert story.authors == ["Ali Farhadi"]
    assert compression.arxiv_id == "1510.00149"  # CoRR's "abs/ID", written, not linked
    assert [p.keywords for p in result.papers] == [["Survey"], ["Caption"], ["Caption"]]


def test_not_papers_are_left_out_and_the_doubtful_are_warned_about(tmp_path: Path) -> None:
    result = read_text(
        tmp_path,
        "# List\n\n## Papers\n\n"
        "- Mask R-CNN (2017), K. He. [[pdf]](https://arxiv.org/pdf/1703.06870)\n"
        "- Deep learning (Book, 2016), Goodfellow et al. [[pdf]](https://x.org/book.pdf)\n\n"
        "## Talks\n\n- [NeRF: Representing Scenes](https://www.youtube.com/watch?v=x), Ben M\n\n"
        "## Tools\n\n- [A Library for Diffusion Models](https://github.com/a/b)\n"
        "- [A Library Paper](https://arxiv.org/abs/2301.00002), A. Author et al.\n\n"
        "## Reports\n\n- Theano: A Python framework for fast computation, R. Al-Rfou et al.\n",
    )
    assert [p.title for p in result.papers] == ["Mask R-CNN", "A Library Paper"]
    assert result.papers[0].authors == ["K. He"] and result.papers[0].published == "2017"
    warnings = [(p.line, p.severity) for p in result.problems]
    assert warnings == [(6, "warning"), (19, "warning")]
    assert "Deep learning" in result.problems[0].message  # a book, but it links a PDF
    assert "Theano" in result.problems[1].message  # no link and no paper next to it


def test_detect_parses_a_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    parse = reader._MARKDOWN.parse

    def counting(text: str) -> list:
        calls.append(text)
        return parse(text)

    monkeypatch.setattr(reader._MARKDOWN, "parse", counting)
    reader._document.cache_clear()
    text = (MARKDOWN / GNN).read_text()
    assert reader.detect(text, GNN) >= 0.8
    assert len(reader.read(text, GNN).papers) == 32
    assert len(calls) == 1
