"""A mistake in a template or in topics.yml stops `build` and `generate` with
the file, the line and what is wrong: no traceback, exit status 1, the last
site and pages kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import make_project, run_generator

TITLE_LINE = "<h1>{{ paper.title | html_math }}</h1>"
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "paper.md.j2"
LINE = TEMPLATE.read_text(encoding="utf-8").splitlines().index(TITLE_LINE) + 1
PAGE = "papers/curriculum-based-asymmetric-multi-task-reinforcement-learning.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once; each test breaks a copy of it."""
    root = make_project(tmp_path_factory.mktemp("templates") / "project")
    run_generator(root, "build")
    return root


def _copy(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fails_with(root: Path, command: str, message: str) -> None:
    result = run_generator(root, command, check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            "<h1>{% if %}</h1>",
            f"templates/paper.md.j2, line {LINE}: "
            "Expected an expression, got 'end of statement block'",
        ),
        (
            "<h1>{{ paper.nosuch | html }}</h1>",
            f"templates/paper.md.j2, line {LINE}: 'generator.model.Paper object' has no attribute "
            f"'nosuch' (writing {PAGE})",
        ),
        (
            "<h1>{{ paper.title }}</h1>",
            f"templates/paper.md.j2, line {LINE}: template printed str "
            "'Curriculum-based Asymmetric Multi-task Reinforcement Learnin' "
            "without an escaping filter (md, math, yaml, link, "
            f"path) (writing {PAGE})",
        ),
        (
            "<h1>{{ paper.title | nosuch }}</h1>",
            f"templates/paper.md.j2, line {LINE}: No filter named",
        ),
        (
            "<h1>{{ paper.title | html_link }}</h1>",
            f"templates/paper.md.j2, line {LINE}: TypeError: ",
        ),
    ],
)
def test_a_template_mistake_names_file_and_line(
    built: Path, tmp_path: Path, new: str, message: str
) -> None:
    root = _copy(built, tmp_path)
    site_before = (root / "site" / "index.html").read_bytes()
    page_before = (root / "docs" / PAGE).read_bytes()
    _edit(root / "templates" / "paper.md.j2", TITLE_LINE, new)
    _fails_with(root, "generate", f"error: {message}")
    _fails_with(root, "build", message)
    assert (
        "error: the build failed; site/ was left as it was"
        in run_generator(root, "build", check=False).stderr
    )
    assert (root / "site" / "index.html").read_bytes() == site_before
    assert (root / "docs" / PAGE).read_bytes() == page_before


def test_a_missing_template_is_named(built: Path, tmp_path: Path) -> None:
    root = _copy(built, tmp_path)
    (root / "templates" / "topic.md.j2").unlink()
    _fails_with(root, "generate", "error: templates/topic.md.j2: the template is missing")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  transfer-learning:\n",
            "  transfer-learning:\n    name: [unclosed\n",
            "topics.yml: line 34, column 9: invalid YAML: expected ',' or ']', but got ':'",
        ),
        (
            "  domain-adaptation:\n    name: Domain Adaptation & Generalization\n",
            "  domain-adaptation:\n    name: 5\n",
            "topics.yml: topic 'domain-adaptation' (line 119): name must be a non-empty string,"
            " not int",
        ),
        (
            "  domain-adaptation:\n",
            "  index:\n",
            "topics.yml: topic 'index' (line 119): topic key 'index' is reserved",
        ),
        (
            "  domain-adaptation:\n",
            "  con:\n",
            "topics.yml: topic 'con' (line 119): topic key 'con' is reserved",
        ),
        (
            "\ntopics:\n",
            "\n"
            + "".join(
                f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n"
                for a, b in zip("abcdefgh", "bcdefghi", strict=True)
            ).replace("b: &b [*a", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a", 1)
            + "topics:\n",
            "topics.yml: line 34, column 8: invalid YAML: its aliases expand to more than",
        ),
    ],
)
def test_a_taxonomy_mistake_names_file_line_and_topic(
    built: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    root = _copy(built, tmp_path)
    _edit(root / "topics.yml", old, new)
    _fails_with(root, "generate", f"error: {message}")
