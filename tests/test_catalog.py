"""One catalog from many listings: merging, provenance, stable paths, redirects."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.model import Paper
from generator.paths import PathRegistry, assign_slugs
from generator.pipeline import build_catalog
from generator.sources import Listing, read_text
from generator.topics import load_taxonomy
from tests.conftest import FIXTURES, REPO, make_project, run_generator

TAXONOMY = load_taxonomy(REPO / "topics.yml")
ATOM = FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml"
HF = FIXTURES / "hf" / "hf_daily_papers_2024-10-25_first5.json"
ARXIV_ID = "2012.11345"
TITLE = (
    "Analysis of Safe Ultrawideband Human-Robot Communication in Automated Collaborative Warehouse"
)


def hf_listing_for_the_atom_paper() -> str:
    """The real HF response, its first entry re-pointed at the arXiv fixture's first paper."""
    entries = json.loads(HF.read_text(encoding="utf-8"))
    entry = entries[0]
    entry["paper"].update(
        id=ARXIV_ID, title=TITLE, upvotes=7, githubRepo="https://github.com/x/uwb"
    )
    entry["title"] = TITLE
    return json.dumps(entries[:2], indent=1)


BIBTEX = f"""
@inproceedings{{ivsic2020uwb,
  title = {{Analysis of Safe Ultrawideband Human-Robot Communication in Automated
           Collaborative Warehouse}},
  author = {{Iv{{\\v{{s}}}}i{{\\'c}}, Branimir and {{\\v{{S}}}}ipu{{\\v{{s}}}}, Zvonimir}},
  booktitle = {{14th European Conference on Antennas and Propagation (EuCAP)}},
  year = {{2020}},
  doi = {{10.23919/EuCAP48036.2020.9135568}},
  eprint = {{{ARXIV_ID}v1}},
  archivePrefix = {{arXiv}},
}}
"""


def listing(name: str, text: str) -> Listing:
    result = read_text(text, name)
    assert not result.errors, result.errors
    return result


def catalog_of(*listings: Listing, registry: PathRegistry | None = None) -> Catalog:
    return build_catalog(list(listings), TAXONOMY, registry)


def test_same_paper_in_atom_bibtex_and_hf_is_one_paper_with_all_fields() -> None:
    catalog = catalog_of(
        listing("a.xml", ATOM.read_text(encoding="utf-8")),
        listing("b.bib", BIBTEX),
        listing("c.json", hf_listing_for_the_atom_paper()),
    )
    assert len(catalog.papers) == 3 + 2 - 1  # 3 arXiv papers, 2 HF papers, one shared
    [paper] = [p for p in catalog.papers if p.arxiv_id == ARXIV_ID]
    assert paper.title == TITLE
    assert paper.authors[:2] == ["Branimir Ivšić", "Zvonimir Šipuš"]  # arXiv
    assert "cs.RO" in paper.categories  # arXiv
    assert paper.doi.lower() == "10.23919/eucap48036.2020.9135568"  # both, any case
    assert paper.venue == "14th European Conference on Antennas and Propagation (EuCAP)"  # BibTeX
    assert paper.upvotes == 7  # Hugging Face
    assert "https://github.com/x/uwb" in paper.links_of("code")  # Hugging Face
    assert [p.listing for p in paper.provenance] == ["a.xml", "b.bib", "c.json"]
    assert catalog.stats["b.bib"].read == 1 and catalog.stats["b.bib"].merged == 1
    assert catalog.stats["c.json"].read == 2 and catalog.stats["c.json"].merged == 1


def test_merged_paper_is_one_page_in_a_real_build(tmp_path: Path) -> None:
    files = []
    for name, text in (
        ("2026-01-01-arxiv.xml", ATOM.read_text(encoding="utf-8")),
        ("2026-01-02-refs.bib", BIBTEX),
        ("2026-01-03-hf.json", hf_listing_for_the_atom_paper()),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    root = make_project(tmp_path / "project", files)
    out = run_generator(root, "build").stdout
    assert "2026-01-02-refs.bib [bibtex]: 1 read, 1 merged" in out
    pages = sorted((root / "site" / "papers").glob("*/index.html"))
    assert len(pages) == 4
    slug = "analysis-of-safe-ultrawideband-human-robot-communication-in-automated"
    text = html.unescape((root / "site" / "papers" / slug / "index.html").read_text())
    for expected in (
        "Branimir Ivšić",
        "10.23919/eucap48036.2020.9135568",
        "European Conference on Antennas and Propagation",
        "7 upvotes",
        "https://github.com/x/uwb",
        "2026-01-01-arxiv.xml",
        "2026-01-02-refs.bib",
        "2026-01-03-hf.json",
        "first seen 2026-01-01",
        "Robotics",
    ):
        assert expected in text, expected


def test_versions_of_an_arxiv_id_are_one_paper() -> None:
    bib_v2 = BIBTEX.replace(f"{ARXIV_ID}v1", f"{ARXIV_ID}v2").replace("ivsic2020uwb", "k2")
    catalog = catalog_of(listing("a.bib", BIBTEX), listing("b.bib", bib_v2))
    assert len(catalog.papers) == 1


def hf_page(*pairs: tuple[str, str]) -> str:
    lines = ["Get trending papers in your email inbox!"]
    for title, abstract in pairs:
        lines += [title, abstract]
    return "\n".join(lines) + "\n"


ABSTRACT = (
    "We study a problem in reinforcement learning with many agents. Our method improves "
    "sample efficiency on standard benchmarks by a wide margin. Code is released. " * 2
)


def bib(key: str, title: str, arxiv: str) -> str:
    return f"@misc{{{key}, title = {{{title}}}, eprint = {{{arxiv}}}, archivePrefix = {{arXiv}}}}\n"


def test_two_papers_sharing_a_title_keep_two_pages() -> None:
    catalog = catalog_of(
        listing(
            "a.bib",
            bib("a", "Deep Learning", "2101.00001") + bib("b", "Deep Learning", "2101.00002"),
        ),
        listing("c.txt", hf_page(("Deep Learning", ABSTRACT))),
    )
    assert len(catalog.papers) == 2
    slugs = sorted(p.slug for p in catalog.papers)
    assert slugs == ["deep-learning", "deep-learning-2101-00002"]
    # The title-only record joins the first of them, never both.
    assert sum(len(p.provenance) for p in catalog.papers) == 3


def test_path_stays_when_a_later_listing_adds_the_arxiv_id() -> None:
    registry = PathRegistry()
    first = catalog_of(
        listing("1.txt", hf_page(("Atention Is Enough", ABSTRACT))), registry=registry
    )
    [paper] = first.papers
    assert paper.slug == "atention-is-enough"
    enriched = catalog_of(
        listing("1.txt", hf_page(("Atention Is Enough", ABSTRACT))),
        listing("2.bib", bib("x", "Atention Is Enough", "2301.00001")),
        registry=registry,
    )
    assert [p.slug for p in enriched.papers] == ["atention-is-enough"]
    # The typo is fixed in a later listing and the first listing is removed:
    # the arXiv id still leads to the same path.
    fixed = catalog_of(
        listing("3.bib", bib("x", "Attention Is Enough", "2301.00001")), registry=registry
    )
    [paper] = fixed.papers
    assert paper.title == "Attention Is Enough"
    assert paper.slug == "atention-is-enough"
    assert fixed.redirects == {}


def test_new_paper_with_a_removed_papers_title_does_not_take_its_path() -> None:
    registry = PathRegistry()
    catalog_of(listing("1.bib", bib("a", "Deep Learning", "2101.00001")), registry=registry)
    later = catalog_of(listing("2.bib", bib("b", "Deep Learning", "2101.00002")), registry=registry)
    assert [p.slug for p in later.papers] == ["deep-learning-2101-00002"]
    back = catalog_of(listing("1.bib", bib("a", "Deep Learning", "2101.00001")), registry=registry)
    assert [p.slug for p in back.papers] == ["deep-learning"]


def test_two_published_paths_found_to_be_one_paper_redirect(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", [])
    listings = root / "listings"
    (listings / "1.txt").write_text(hf_page(("Learning To Walk", ABSTRACT)))
    (listings / "2.bib").write_text(bib("w", "Learning to Walk Quickly", "2202.00002"))
    run_generator(root, "build")
    assert {p.name for p in (root / "site" / "papers").iterdir()} == {
        "learning-to-walk",
        "learning-to-walk-quickly",
    }
    # A listing that knows the title-only paper is the arXiv one joins them.
    (listings / "3.bib").write_text(bib("w2", "Learning To Walk", "2202.00002"))
    run_generator(root, "build")
    # The path known by the arXiv id survives; the title-only one redirects.
    kept = root / "site" / "papers" / "learning-to-walk-quickly" / "index.html"
    moved = root / "site" / "papers" / "learning-to-walk" / "index.html"
    assert "1.txt" in html.unescape(kept.read_text())
    assert 'http-equiv="refresh" content="0; url=../learning-to-walk-quickly/"' in moved.read_text()
    assert len(list((root / "docs" / "papers").glob("*.md"))) == 1
    registry = json.loads((root / "paper-paths.json").read_text())
    assert registry["slugs"]["title:learningtowalk"] == "learning-to-walk-quickly"
    assert registry["redirects"] == {"learning-to-walk": "learning-to-walk-quickly"}


def test_paths_do_not_depend_on_listing_order_within_a_build() -> None:
    pairs = [(f"Paper number {i}", ABSTRACT) for i in range(5)]
    one = catalog_of(listing("a.txt", hf_page(*pairs)))
    two = catalog_of(listing("a.txt", hf_page(*pairs)))
    assert [p.slug for p in one.papers] == [p.slug for p in two.papers]


@pytest.mark.parametrize("broken", ["{not json", '{"a": 1}'])
def test_a_broken_registry_is_reported(tmp_path: Path, broken: str) -> None:
    root = make_project(tmp_path / "project")
    (root / "paper-paths.json").write_text(broken)
    result = run_generator(root, "generate", check=False)
    assert result.returncode == 1
    assert "paper-paths.json" in result.stderr


def test_assign_slugs_is_stable_without_a_registry() -> None:
    papers = catalog_of(listing("a.txt", hf_page(("Same", ABSTRACT)))).papers
    assign_slugs(papers)
    assert papers[0].slug == "same"


def test_undated_papers_keep_the_day_their_path_was_first_given() -> None:
    registry = PathRegistry()
    text = hf_page(("Undated Paper", ABSTRACT))
    first = build_catalog([listing("a.txt", text)], TAXONOMY, registry)
    [paper] = first.papers
    day = registry.since[paper.slug]
    assert paper.provenance[0].first_seen == day
    registry.since[paper.slug] = "2020-01-02"  # as if the path was given long ago
    [again] = build_catalog([listing("a.txt", text)], TAXONOMY, registry).papers
    assert again.provenance[0].first_seen == "2020-01-02"


def test_titles_without_letters_are_not_all_one_paper() -> None:
    """Every title of punctuation or emoji had the empty title key, so "!!!",
    "???" and "🚀" were merged into one paper (found by tests/test_safe_paths.py)."""
    catalog = Catalog()
    for title in ("!!!", "???", "🚀🚀", "???"):
        catalog.add(Paper(title), "list.json")
    assert [p.title for p in catalog.papers] == ["!!!", "???", "🚀🚀"]
