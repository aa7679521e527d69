"""Citations: BibTeX entries that read back, stable keys, .bib files, Scholar meta tags."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.citations import (
    bibliography,
    bibtex_entry,
    citation_key,
    scholar_meta,
    venue_kind,
)
from generator.model import Link, Paper
from generator.paths import assign_slugs
from generator.sources import bibtex, read_listing
from tests.conftest import FIXTURES, SEED

LISTINGS = [
    SEED,
    *sorted((FIXTURES / "arxiv").glob("api_*.xml")),
    *sorted((FIXTURES / "arxiv").glob("rss_*[0-9]*.xml")),
    *sorted((FIXTURES / "bibtex").glob("*.bib")),
]


def _papers(*paths: Path) -> list[Paper]:
    papers = [paper for path in paths for paper in read_listing(path).papers]
    assign_slugs(papers)
    return papers


@pytest.fixture(scope="module")
def catalog() -> list[Paper]:
    return _papers(*LISTINGS)


def _read_back(entry: str) -> Paper:
    result = bibtex.read(entry, "entry.bib")
    assert [p for p in result.problems if p.severity == "error"] == [], entry
    (paper,) = result.papers
    return paper


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda p: p.name)
def test_every_entry_reads_back_with_its_title_and_authors(listing: Path) -> None:
    papers = _papers(listing)
    assert papers
    for paper in papers:
        again = _read_back(bibtex_entry(paper))
        assert (again.title, again.authors) == (paper.title, paper.authors)
        assert again.arxiv_id == paper.arxiv_id
        assert again.doi == paper.doi


def test_a_bibtex_listing_keeps_its_own_entry_under_the_site_key() -> None:
    (paper, *_) = _papers(FIXTURES / "bibtex" / "awesome_OPSD_papers.bib")
    assert paper.bibtex and paper.bibtex.startswith("@misc{arxiv260118734,")
    entry = bibtex_entry(paper)
    assert entry.startswith(f"@misc{{{citation_key(paper)},\n")
    # Everything after the key is the listing's, note and spelling included.
    assert entry.split(",", 1)[1] == paper.bibtex.split(",", 1)[1] + "\n"
    assert "note = {First submitted 2026-01-26}" in entry


def test_string_macros_are_expanded_in_the_kept_entry() -> None:
    text = (
        "@string{jmlr = {Journal of Machine Learning Research}}\n"
        "@article{k, title = {A}, author = {Doe, Jane}, journal = jmlr, year = 2020, month = mar}\n"
    )
    (paper,) = bibtex.read(text, "macros.bib").papers
    entry = bibtex_entry(paper)
    assert "journal = {Journal of Machine Learning Research}" in entry
    assert _read_back(entry).venue == "Journal of Machine Learning Research"
    assert _read_back(entry).published == "2020-03"


@pytest.mark.parametrize(
    "kept",
    [
        "@misc{k, title = {A}}\n@misc{evil, title = {B}}",  # two entries
        "@misc{k, title = {A}",  # unbalanced
        "@misc{k, title = {A}}}, note = {x}}",  # closes early
        "@string{k = {A}}",
        "not bibtex at all",
    ],
)
def test_a_kept_entry_that_is_not_one_clean_entry_is_made_afresh(kept: str) -> None:
    paper = Paper(title="Real title", authors=["Jane Doe"], bibtex=kept, slug="real-title")
    entry = bibtex_entry(paper)
    assert entry.startswith(f"@misc{{{citation_key(paper)},\n  title = {{Real title}},")
    assert _read_back(entry).title == "Real title"


HOSTILE_TITLES = [
    "Closing } early, author = {Mallory} @misc{evil, title = {x}",
    "Braces {a} and } and { and \\ backslashes \\end{document}",
    "50% of #1 & co_op cost $ 5 ~ ^ -- `` ''",
    "Line\nbreak\n@article{injected,\ntitle={x}}",
    "Math $\\mathcal{O}(n^2)$ stays, $}$ does not break",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_hostile_title_stays_in_its_field(title: str) -> None:
    paper = Paper(
        title=title,
        authors=["Eve } Mallory", "Bob and Alice", "O'Neil, Jr., Tip"],
        venue="Proc. 50% {evil}",
        slug="hostile",
    )
    entry = bibtex_entry(paper)
    again = _read_back(entry)  # exactly one entry, no error
    assert again.title == " ".join(title.split())
    assert len(again.authors) == 3
    assert entry.count("\n@") == 0 and entry.startswith("@inproceedings{")
    assert again.venue == "Proc. 50% {evil}"
    # The file is balanced as BibTeX counts braces (escaped ones too).
    depth = 0
    for char in entry:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_entry_types_follow_the_venue() -> None:
    base = {"title": "T", "authors": ["Ada Lovelace"], "published": "2020-05-04", "slug": "t"}
    journal = bibtex_entry(Paper(**base, venue="Journal of Machine Learning Research"))
    conference = bibtex_entry(Paper(**base, venue="NeurIPS 2020"))
    preprint = bibtex_entry(Paper(**base, arxiv_id="2005.01234", categories=["cs.LG"]))
    assert journal.startswith("@article{") and "journal = {Journal of" in journal
    assert conference.startswith("@inproceedings{") and "booktitle = {NeurIPS 2020}" in conference
    assert preprint.startswith("@misc{")
    for field in ("eprint = {2005.01234}", "archivePrefix = {arXiv}", "primaryClass = {cs.LG}"):
        assert field in preprint
    assert "year = {2020}" in preprint and "month = may" in preprint


def test_capitals_are_protected_and_read_back_unbraced() -> None:
    paper = Paper(title="Do Adversarially Robust ImageNet Models Transfer Better?", slug="x")
    assert "{ImageNet}" in bibtex_entry(paper) and "{Adversarially}" not in bibtex_entry(paper)
    # In a sentence-case title, capitals after the first word are names.
    sentence = Paper(title="Einstein solvmanifolds and the BERT model of Weyl", slug="y")
    assert "{Einstein solvmanifolds and the {BERT} model of {Weyl}}" in bibtex_entry(sentence)
    assert _read_back(bibtex_entry(sentence)).title == sentence.title


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("Journal of Machine Learning Research", "journal"),
        ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "journal"),
        ("Proceedings of the National Academy of Sciences", "journal"),
        ("Nature", "journal"),
        ("Proceedings of the 40th International Conference on Machine Learning", "conference"),
        ("Advances in Neural Information Processing Systems", "conference"),
        ("ICLR 2024", "conference"),
        ("CVPR'23", "conference"),
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", "conference"),
        ("Workshop on Efficient Systems for Foundation Models", "conference"),
        ("arXiv preprint arXiv:2401.00001", None),
        ("", None),
        (None, None),
    ],
)
def test_venue_kind(venue: str | None, kind: str | None) -> None:
    assert venue_kind(venue) == kind


def test_keys_are_readable_stable_and_unique(catalog: list[Paper]) -> None:
    keys = [citation_key(p) for p in catalog]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z]+(\d{4})?[a-z0-9]*-[a-z0-9]{4}", key) for key in keys), keys
    vaswani = Paper(
        title="Attention Is All You Need",
        authors=["Ashish Vaswani", "Noam Shazeer"],
        published="2017-06-12",
        slug="attention-is-all-you-need",
    )
    assert citation_key(vaswani).startswith("vaswani2017attention-")
    assert citation_key(vaswani) == citation_key(vaswani)  # and in any process: sha256
    assert citation_key(Paper(title="Über Straße", authors=["Jörg Müller"], slug="u")).startswith(
        "muller"
    )


def test_adding_a_listing_changes_no_key(catalog: list[Paper]) -> None:
    before = {p.slug: citation_key(p) for p in catalog}
    bigger = _papers(*LISTINGS, FIXTURES / "hf" / "hf_daily_papers_2024-10-25_first5.json")
    after = {p.slug: citation_key(p) for p in bigger}
    assert len(after) > len(before)
    assert {slug: after[slug] for slug in before} == before


def test_same_paper_same_key_in_both_spellings() -> None:
    # Two papers that share author, year and first word differ by their hash.
    one = Paper(title="Attention for vision", authors=["A Smith"], published="2020", slug="one")
    two = Paper(title="Attention for audio", authors=["A Smith"], published="2020", slug="two")
    assert citation_key(one).split("-")[0] == citation_key(two).split("-")[0]
    assert citation_key(one) != citation_key(two)


def test_bibliography_holds_every_paper_once_in_key_order(catalog: list[Paper]) -> None:
    text = bibliography(list(reversed(catalog)))
    assert text == bibliography(catalog)
    keys = re.findall(r"^@\w+\{([^,]+),$", text, re.MULTILINE)
    assert keys == sorted(citation_key(p) for p in catalog)
    result = bibtex.read(text, "catalog.bib")
    assert [p for p in result.problems if p.severity == "error"] == []
    assert sorted(p.title for p in result.papers) == sorted(p.title for p in catalog)


def test_bibliography_refuses_two_papers_with_one_key() -> None:
    paper = Paper(title="Same", slug="same")
    with pytest.raises(ValueError, match="share citation key"):
        bibliography([paper, Paper(title="Same", slug="same")])


def test_scholar_meta_from_an_arxiv_listing() -> None:
    papers = _papers(FIXTURES / "arxiv" / "api_old_einstein_10entries.xml")
    paper = papers[0]
    meta = scholar_meta(paper)
    names = [name for name, _ in meta]
    assert meta[0] == ("citation_title", paper.title)
    assert [v for n, v in meta if n == "citation_author"] == paper.authors
    assert ("citation_publication_date", paper.published.replace("-", "/")) in meta
    assert ("citation_arxiv_id", paper.arxiv_id) in meta
    assert ("citation_pdf_url", f"https://arxiv.org/pdf/{paper.arxiv_id}") in meta
    assert len(names) == len(set(names)) + len(paper.authors) - 1


def test_scholar_meta_says_only_what_is_known() -> None:
    bare = Paper(title="Only a title", slug="bare")
    assert scholar_meta(bare) == [("citation_title", "Only a title")]
    month = Paper(title="T", published="2024-03", venue="ICML 2024", doi="10.1/x", slug="m")
    month.links.append(Link("pdf", "https://example.org/t.pdf"))
    meta = dict(scholar_meta(month))
    assert meta["citation_publication_date"] == "2024/03"
    assert meta["citation_conference_title"] == "ICML 2024"
    assert meta["citation_doi"] == "10.1/x"
    assert meta["citation_pdf_url"] == "https://example.org/t.pdf"
    assert "citation_journal_title" not in meta
    year = dict(scholar_meta(Paper(title="T", published="1999", venue="Nature", slug="y")))
    assert year["citation_publication_date"] == "1999"
    assert year["citation_journal_title"] == "Nature"
