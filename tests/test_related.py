"""Related papers: the seed's known pairs, stability when listings are added, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import related
from generator.model import Paper
from generator.paths import assign_slugs
from generator.related import related_papers
from generator.sources import read_listing
from tests.conftest import FIXTURES, REPO, SEED
from tests.synthetic import write_listing

# Computer-science listings, and one on Einstein manifolds that none of them is about.
CS_LISTINGS = [
    FIXTURES / "arxiv" / "api_new_cs_CL_3entries.xml",
    FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml",
    FIXTURES / "arxiv" / "rss_atom_cs_LG_3entries.xml",
]
UNRELATED_LISTING = FIXTURES / "arxiv" / "api_old_einstein_10entries.xml"


def _papers(*paths: Path) -> list[Paper]:
    papers = [paper for path in paths for paper in read_listing(path).papers]
    assign_slugs(papers)
    return papers


def _slug(papers: list[Paper], title_start: str) -> str:
    (slug,) = [p.slug for p in papers if p.title.startswith(title_start)]
    return slug


@pytest.fixture(scope="module")
def seed() -> list[Paper]:
    return _papers(SEED)


@pytest.fixture
def through_projection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every catalog, however small, through the projection and candidate search."""
    monkeypatch.setattr(related, "EXACT_UP_TO", 0)


def _assert_seed_pairs(seed: list[Paper]) -> None:
    lists = related_papers(seed)
    makeup = [_slug(seed, "Content-Style Decoupling"), _slug(seed, "SARA: Controllable Makeup")]
    transfer = [
        _slug(seed, "Do Adversarially Robust ImageNet"),
        _slug(seed, "How Well Do Sparse Imagenet"),
    ]
    for first, second in (makeup, transfer):
        assert second in lists[first], (first, lists[first])
        assert first in lists[second], (second, lists[second])
    # The two transferability papers are each other's closest paper.
    assert lists[transfer[0]][0] == transfer[1]
    assert lists[transfer[1]][0] == transfer[0]


def test_seed_pairs_point_to_each_other(seed: list[Paper]) -> None:
    _assert_seed_pairs(seed)


def test_seed_pairs_through_the_projection(seed: list[Paper], through_projection: None) -> None:
    _assert_seed_pairs(seed)


def test_lists_are_short_never_self_and_only_catalog_papers(seed: list[Paper]) -> None:
    lists = related_papers(seed, limit=3)
    slugs = {p.slug for p in seed}
    assert set(lists) == slugs
    for slug, others in lists.items():
        assert len(others) <= 3
        assert slug not in others
        assert len(set(others)) == len(others)
        assert set(others) <= slugs
    assert any(len(others) == 3 for others in lists.values())


def test_a_paper_unlike_any_other_gets_an_empty_list(seed: list[Paper]) -> None:
    poetry = Paper(
        title="Alliterative verse in Middle English chronicles",
        abstract="We read the alliterative long line of fourteenth-century chronicles, "
        "their stress patterns, caesura and the scribes who copied them.",
        slug="alliterative-verse",
    )
    lists = related_papers([*seed, poetry])
    assert lists["alliterative-verse"] == []
    assert all("alliterative-verse" not in others for others in lists.values())


def test_equal_scores_go_to_the_smaller_slug() -> None:
    text = "Sparse attention for long documents with learned routing of tokens."
    papers = [Paper(title="Routing attention", abstract=text, slug=s) for s in ("b", "c", "a")]
    papers.append(Paper(title="Protein folding", abstract="Folding proteins.", slug="d"))
    lists = related_papers(papers)
    assert lists == {"a": ["b", "c"], "b": ["a", "c"], "c": ["a", "b"], "d": []}


def test_min_similarity_and_limit_are_honoured(seed: list[Paper]) -> None:
    loose = related_papers(seed, limit=8, min_similarity=0.0)
    assert all(len(others) == 8 for others in loose.values())
    strict = related_papers(seed, min_similarity=0.99)
    assert all(others == [] for others in strict.values())


def test_papers_need_unique_slugs() -> None:
    with pytest.raises(ValueError, match="unique"):
        related_papers([Paper(title="A", slug="x"), Paper(title="B", slug="x")])
    with pytest.raises(ValueError, match="non-empty"):
        related_papers([Paper(title="A"), Paper(title="B", slug="b")])


def _changes(
    catalog: list[Paper], extra: list[Paper]
) -> tuple[dict[str, tuple[list[str], list[str]]], list[str]]:
    """Lists that change when ``extra`` joins ``catalog``, and those that change wrongly.

    A list may change only by new papers coming in: what is not new keeps its
    order, and only drops off the end.
    """
    before = related_papers(catalog)
    after = related_papers(catalog + extra)
    new = {p.slug for p in extra}
    changed = {s: (before[s], after[s]) for s in before if before[s] != after[s]}
    wrong = []
    for slug, (old, now) in changed.items():
        kept = [s for s in now if s not in new]
        if not set(now) & new or kept != old[: len(kept)]:
            wrong.append(slug)
    return changed, wrong


def _catalog_and_extra(tmp_path: Path, extra_listing: Path) -> tuple[list[Paper], list[Paper]]:
    synthetic = write_listing(tmp_path / "synthetic.xml", 300)
    everything = _papers(SEED, *CS_LISTINGS, synthetic, extra_listing)
    count = len(_papers(extra_listing))
    return everything[:-count], everything[-count:]


def _assert_stable(wrong: list[str]) -> None:
    # Both ways score a pair from those two papers alone: no list may change
    # but by a new paper entering it.
    assert wrong == []


@pytest.fixture(params=["exact", "projection"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of finding neighbours, whatever the catalog's size."""
    if request.param == "projection":
        monkeypatch.setattr(related, "EXACT_UP_TO", 0)
    return request.param


def test_an_unrelated_listing_changes_no_list(tmp_path: Path, path: str) -> None:
    catalog, extra = _catalog_and_extra(tmp_path, UNRELATED_LISTING)
    changed, wrong = _changes(catalog, extra)
    _assert_stable(wrong)
    # Einstein manifolds enter no list of the real CS papers (the synthetic
    # ones are word chains that also learnt from the Einstein listing).
    real = {p.slug for p in _papers(SEED, *CS_LISTINGS)}
    assert not (set(changed) - set(wrong)) & real, changed


def test_a_related_paper_enters_only_the_lists_it_belongs_to(tmp_path: Path, path: str) -> None:
    catalog, _ = _catalog_and_extra(tmp_path, UNRELATED_LISTING)
    sara = next(p for p in catalog if p.title.startswith("SARA: Controllable Makeup"))
    twin = Paper(
        title="Makeup transfer with region-adaptive normalization, revisited",
        abstract=sara.abstract,
        slug="makeup-transfer-revisited",
    )
    changed, wrong = _changes(catalog, [twin])
    _assert_stable(wrong)
    assert changed[sara.slug][1][0] == "makeup-transfer-revisited"


def test_same_lists_in_another_process(seed: list[Paper]) -> None:
    # str hashes are salted per process; the lists must not depend on them.
    script = (
        "import json, sys\n"
        "from generator.paths import assign_slugs\n"
        "from generator.related import related_papers\n"
        "from generator.sources import read_listing\n"
        "from tests.conftest import SEED\n"
        "papers = read_listing(SEED).papers\n"
        "assign_slugs(papers)\n"
        "json.dump(related_papers(papers), sys.stdout)\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == related_papers(seed)
