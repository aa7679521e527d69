"""State that survives and never drifts: the path registry through real files,
clean rebuilds in fresh clones, one layout from mkdocs.yml for every command,
one identity rule, and one build at a time."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from generator.identity import IdentityIndex, normalise_doi
from generator.lock import build_lock
from generator.model import Paper
from generator.project import Project
from tests.conftest import REPO, SEED, make_project, run_generator
from tests.test_fetch import ARXIV_RO, ATOM, FAST, always, fetch, file_reply, serving

REGISTRY = "paper-paths.json"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def committed_project(tmp_path: Path) -> Path:
    """A seed project, built once and committed with its registry, as a maintainer has it."""
    root = make_project(tmp_path / "origin")
    (root / ".gitignore").write_text((Path(__file__).parent.parent / ".gitignore").read_text())
    run_generator(root, "generate")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    return root


def clone(origin: Path, target: Path) -> Path:
    git(origin.parent, "clone", "-q", str(origin), str(target))
    return target


# ------------------------------------------------------------- the registry


def test_first_seen_dates_survive_save_and_load(project: Path) -> None:
    run_generator(project, "generate")
    registry = json.loads((project / REGISTRY).read_text())
    # As if the paths were given long ago: one paper on 2020-01-02, the rest before.
    slug = sorted(registry["since"])[7]
    registry["since"] = {s: "2019-05-06" for s in registry["since"]} | {slug: "2020-01-02"}
    (project / REGISTRY).write_text(json.dumps(registry, indent=1))
    run_generator(project, "generate")  # a new process: load, build, save
    reloaded = json.loads((project / REGISTRY).read_text())
    assert reloaded["since"] == registry["since"]
    assert len(reloaded["since"]) == 53
    page = (project / "docs" / "papers" / f"{slug}.md").read_text()
    assert "2020-01-02" in page
    feed = (project / "docs" / "feed.xml").read_text()
    first_entry = feed.split("<entry>")[1]
    assert f"papers/{slug}/</id>" in first_entry
    assert "<updated>2020-01-02T00:00:00+00:00</updated>" in first_entry
    assert "2019-05-06T00:00:00+00:00" in feed and date.today().isoformat() not in feed


def test_a_build_in_a_fresh_clone_leaves_git_status_clean(tmp_path: Path) -> None:
    origin = committed_project(tmp_path)
    copy = clone(origin, tmp_path / "fresh")
    run_generator(copy, "build")
    assert git(copy, "status", "--porcelain") == ""
    # ... and not because generated pages were committed: .gitignore keeps them all out.
    handwritten = set(git(REPO, "ls-files", "docs").split())
    committed = set(git(origin, "ls-files", "docs").split())
    assert committed - handwritten == set()


def test_two_builds_in_two_folders_are_byte_identical(tmp_path: Path) -> None:
    origin = committed_project(tmp_path)
    one, two = clone(origin, tmp_path / "one"), clone(origin, tmp_path / "two")
    for copy in (one, two):
        (copy / "listings" / "2026-09-01-arxiv.xml").write_bytes(ARXIV_RO.read_bytes())
        run_generator(copy, "build")

    def generated(root: Path) -> dict[str, bytes]:
        docs = root / "docs"
        owned = [*docs.glob("papers/*.md"), *docs.glob("topics/*.md"), *docs.glob("feeds/*")]
        owned += [docs / "index.md", docs / "feed.xml", root / REGISTRY]
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in owned}

    first, second = generated(one), generated(two)
    assert len(first) > 100
    assert first == second
    assert (one / "site" / "feed.xml").read_bytes() == (two / "site" / "feed.xml").read_bytes()


@pytest.mark.parametrize(
    ("damage", "line", "message"),
    [
        (lambda t: t[: len(t) // 2], None, "not valid JSON"),
        (
            lambda t: t.replace('"slugs": {', '"slugs": {\n<<<<<<< HEAD', 1),
            None,
            "unresolved merge conflict",
        ),
        (lambda t: re.sub(r'("since": \{\n\s+"[^"]+": )"[^"]+"', r"\g<1>7", t), 4, "not a date"),
        (lambda t: t.replace('"redirects": {}', '"redirects": []'), 2, '"redirects" must be'),
    ],
    ids=["truncated", "merge-conflict", "wrong-type", "table-not-object"],
)
def test_a_broken_registry_stops_the_build_and_is_kept(
    project: Path, damage, line: int | None, message: str
) -> None:  # type: ignore[no-untyped-def]
    run_generator(project, "build")
    registry = project / REGISTRY
    broken = damage(registry.read_text())
    registry.write_text(broken)
    site_before = (project / "site" / "index.html").read_bytes()
    result = run_generator(project, "build", check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{REGISTRY}, line" in result.stderr and message in result.stderr, result.stderr
    if line is not None:
        assert f"{REGISTRY}, line {line}:" in result.stderr
    else:
        assert re.search(rf"{REGISTRY}, line \d+:", result.stderr), result.stderr
    assert registry.read_text() == broken  # never rewritten, never emptied
    assert (project / "site" / "index.html").read_bytes() == site_before


# ---------------------------------------------------- one layout, every command


def test_every_command_takes_the_layout_from_mkdocs_yml(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", listings=[])
    (root / "listings").rmdir()
    moves = {"listings": "inputs/lists", "templates": "look/templates", "taxonomy": "look/t.yml"}
    (root / "inputs/lists").mkdir(parents=True)
    shutil.copy2(SEED, root / "inputs/lists" / SEED.name)
    (root / "look").mkdir()
    shutil.move(root / "templates", root / moves["templates"])
    shutil.move(root / "topics.yml", root / moves["taxonomy"])
    shutil.move(root / "docs", root / "content")
    config = (root / "mkdocs.yml").read_text()
    config = config.replace("docs_dir: docs", "docs_dir: content")
    config = config.replace("site_dir: site", "site_dir: public")
    config = config.replace(
        "      listings: listings\n      taxonomy: topics.yml\n      templates: templates\n",
        "".join(f"      {key}: {value}\n" for key, value in moves.items())
        + "      registry: state/paths.json\n",
    )
    assert config.count("inputs/lists") == 1 and "state/paths.json" in config
    (root / "mkdocs.yml").write_text(config)
    (root / "state").mkdir()

    layout = run_generator(root, "layout", "listings", "registry", "docs", "site").stdout
    assert layout.split() == ["inputs/lists", "state/paths.json", "content", "public"]

    run_generator(root, "generate")
    assert len(list((root / "content" / "papers").glob("*.md"))) == 53
    assert json.loads((root / "state/paths.json").read_text())["slugs"]
    assert not (root / "docs").exists() and not (root / REGISTRY).exists()

    checked = run_generator(root, "check")
    assert f"inputs/lists/{SEED.name}: ok, format hf-page, 53 papers" in checked.stdout

    exported = run_generator(root, "export").stdout.splitlines()
    assert len(exported) == 53

    with serving(always(file_reply(ARXIV_RO, ATOM))) as server:
        result = fetch(
            root, "arxiv", "--query", "cat:cs.RO", "--max", "3", "--page-size", "3",
            "--endpoint", server.url, *FAST,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote inputs/lists/"), result.stdout

    built = run_generator(root, "build")
    assert "public/:" in built.stdout
    assert (root / "public" / "papers").is_dir() and not (root / "site").exists()
    # The fetched papers were read by the build and recorded in the moved registry.
    slugs = json.loads((root / "state/paths.json").read_text())["slugs"]
    assert "arxiv:2012.11345" in slugs
    assert (root / "public" / "papers" / slugs["arxiv:2012.11345"] / "index.html").is_file()


def test_commands_without_mkdocs_yml_say_so(tmp_path: Path) -> None:
    result = run_generator(tmp_path, "build", check=False)
    assert result.returncode == 1
    assert "mkdocs.yml: not found" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------- one identity rule


def test_doi_normalisation_is_one_rule() -> None:
    for raw in ("10.1000/ABC.1", "https://doi.org/10.1000/ABC.1", "doi:10.1000/ABC.1",
                "http://dx.doi.org/10.1000/ABC.1.", " DOI: 10.1000/ABC.1 "):  # fmt: skip
        assert normalise_doi(raw) == "10.1000/ABC.1", raw
    assert normalise_doi("not a doi") is None


def test_fetch_store_and_catalog_agree_that_a_doi_conflict_is_two_papers() -> None:
    known = IdentityIndex([Paper(title="Deep Learning", doi="10.1000/a")])
    assert not known.knows(Paper(title="Deep learning.", doi="10.1000/B"))
    assert known.knows(Paper(title="Deep learning.", doi="10.1000/A"))
    assert known.knows(Paper(title="Deep learning"))


def test_order_comes_from_reading_order_not_digits_in_entry_labels(project: Path) -> None:
    # Two papers with one title and different DOIs: two pages. The first in the
    # file keeps the plain path, whatever digits the BibTeX keys hold.
    (project / "listings" / "refs.bib").write_text(
        "@article{zhou2024late, title={Learning to Rank Papers}, author={Zhou, A},"
        " doi={10.1000/first}, year={2024}}\n"
        "@article{abe1999early, title={Learning to Rank Papers}, author={Abe, B},"
        " doi={10.1000/second}, year={1999}}\n"
    )
    run_generator(project, "generate")
    slugs = json.loads((project / REGISTRY).read_text())["slugs"]
    assert slugs["doi:10.1000/first"] == "learning-to-rank-papers"
    assert slugs["doi:10.1000/second"].startswith("learning-to-rank-papers-")


# ------------------------------------------------------------ one build at a time


def test_a_second_build_waits_for_the_first(project: Path) -> None:
    run_generator(project, "build")
    site_index = project / "site" / "index.html"
    before = site_index.stat().st_mtime_ns
    (project / "listings" / "2026-09-01-arxiv.xml").write_bytes(ARXIV_RO.read_bytes())
    with build_lock(Project.at(project).lock_path):  # a build "running" in this process
        started = subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(4)
        assert started.poll() is None  # waiting, not building
        assert site_index.stat().st_mtime_ns == before
        assert not (project / ".site-staging").exists()
    out, err = started.communicate(timeout=120)
    assert started.returncode == 0, err
    assert "waiting for another build of this site" in err
    assert "56 papers" in out
    assert site_index.stat().st_mtime_ns != before
