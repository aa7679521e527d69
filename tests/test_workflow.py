"""The publishing workflow: actionlint, its triggers and permissions, and its own
`run:` lines executed in a fresh clone, as the scheduled run executes them.

The clone is of HEAD with a bare copy as its `origin`, so the fetch job's
commit and push really happen; the fetch talks to a real HTTP server on
127.0.0.1 serving recorded answers (the endpoints come from the
ARXIV_API_URL and HF_DAILY_PAPERS_URL variables the fetch command reads).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from tests.test_fetch import ARXIV_CL, ATOM, HF_DAY, JSON, Reply, Request, serving

WORKFLOWS = REPO / ".github" / "workflows"
SITE_WORKFLOW = WORKFLOWS / "site.yml"
REQUIRED_PATHS = {
    "listings/**",
    "templates/**",
    "topics.yml",
    "generator/**",
    "mkdocs.yml",
    "requirements*.txt",
    "docs/**",
    ".github/workflows/site.yml",
}
# The repository variables the scheduled run would see (vars.ARXIV_QUERY...).
REPO_VARS = {"ARXIV_QUERY": "cat:cs.CL", "ARXIV_MAX": "3"}
STEP_TIMEOUT = 900  # seconds; a first `make check` installs the pinned deps
_VARS_OR_DEFAULT = re.compile(r"^\$\{\{\s*vars\.(\w+)\s*\|\|\s*'([^']*)'\s*\}\}$")


def workflow() -> dict[str, Any]:
    return yaml.safe_load(SITE_WORKFLOW.read_text(encoding="utf-8"))


def triggers(data: dict[str, Any]) -> dict[str, Any]:
    return data.get("on", data.get(True))  # PyYAML reads a bare `on` key as True


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


def test_actionlint_passes() -> None:
    actionlint = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(actionlint).exists(), "actionlint missing: requirements-dev.txt installs it"
    files = sorted(str(p) for p in WORKFLOWS.glob("*.y*ml"))
    assert files
    result = subprocess.run([actionlint, *files], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_triggers() -> None:
    on = triggers(workflow())
    for event in ("push", "pull_request"):
        assert REQUIRED_PATHS <= set(on[event]["paths"]), event
        assert "branches" not in on[event], "every branch and pull request is built"
    [schedule] = on["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"] and minute.isdigit() and hour.isdigit(), "once a day"
    assert "workflow_dispatch" in on


def test_permissions_are_least_privilege() -> None:
    data = workflow()
    jobs = data["jobs"]
    assert data["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["fetch"]["permissions"] == {"contents": "write"}
    for name, job in jobs.items():
        granted = job.get("permissions", {})
        if name != "deploy":
            assert granted.get("pages") != "write" and "id-token" not in granted, name
        if name != "fetch":
            assert granted.get("contents", "read") == "read", name


def test_deploy_job() -> None:
    jobs = workflow()["jobs"]
    deploy = jobs["deploy"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]
    assert deploy["needs"] == "build"
    # Only a build that succeeded, only from main, never from a pull request.
    for condition in (
        "needs.build.result == 'success'",
        "github.ref == 'refs/heads/main'",
        "github.event_name != 'pull_request'",
    ):
        assert condition in deploy["if"]
    [step] = steps_using(deploy, "actions/deploy-pages")
    assert step["uses"] == "actions/deploy-pages@v4" and step["id"] == "deployment"
    build = jobs["build"]
    [upload] = steps_using(build, "actions/upload-pages-artifact")
    assert upload["uses"] == "actions/upload-pages-artifact@v4"
    # The folder mkdocs.yml builds into, as the build step reported it.
    assert upload["with"]["path"] == "${{ steps.build.outputs.site }}"
    assert steps_using(build, "actions/configure-pages")


def test_build_installs_like_the_readme_and_checks_first() -> None:
    build = workflow()["jobs"]["build"]
    [setup] = steps_using(build, "actions/setup-python")
    assert str(setup["with"]["python-version"]) == "3.11"
    runs = [s["run"] for s in build["steps"] if "run" in s]
    assert runs[0].strip() == "make check"  # python -m generator check listings
    assert "make site" in runs[1]  # python -m generator build: mkdocs build --strict
    assert "--dirty" not in "".join(runs)


def test_fetch_job_runs_on_schedule_and_feeds_the_build() -> None:
    jobs = workflow()["jobs"]
    fetch = jobs["fetch"]
    assert "github.event_name == 'schedule'" in fetch["if"]
    assert "refs/heads/main" in fetch["if"]
    script = "\n".join(s.get("run", "") for s in fetch["steps"])
    assert "generator fetch arxiv" in script and "generator fetch hf" in script
    assert "git push" in script
    assert jobs["build"]["needs"] == "fetch"
    assert "needs.fetch.result == 'success'" in jobs["build"]["if"]
    [checkout] = steps_using(jobs["build"], "actions/checkout")
    assert "needs.fetch.outputs.sha" in checkout["with"]["ref"]


def test_no_expression_is_pasted_into_a_script() -> None:
    # ${{ }} in run: is a script-injection risk; values go through env: instead.
    for name, job in workflow()["jobs"].items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (name, step.get("name"))


# ------------------------------------------------------- the run: lines, for real


@dataclass
class Clone:
    path: Path
    origin: Path
    server_url: str
    output: Path  # $GITHUB_OUTPUT


def _value(raw: object) -> str:
    """A workflow env value as a run would see it, for the expressions used here."""
    text = str(raw)
    if "${{" not in text:
        return text
    match = _VARS_OR_DEFAULT.match(text.strip())
    if match:
        return REPO_VARS.get(match.group(1), match.group(2))
    return ""  # step outputs of skipped steps (configure-pages) are empty


def _base_env(clone: Clone) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    # The clone installs into its own .venv, not into this test run's.
    ours = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != ours)
    env.update(
        GITHUB_OUTPUT=str(clone.output),
        ARXIV_API_URL=f"{clone.server_url}/api/query",
        HF_DAILY_PAPERS_URL=f"{clone.server_url}/api/daily_papers",
    )
    return env


def run_job(clone: Clone, job_name: str) -> list[subprocess.CompletedProcess[str]]:
    """The job's `run:` steps in order, as `shell: bash` runs them; stops at a failure."""
    job = workflow()["jobs"][job_name]
    env = _base_env(clone) | {k: _value(v) for k, v in job.get("env", {}).items()}
    results = []
    for step in job["steps"]:
        if "run" not in step:
            continue  # checkout, setup-python, Pages actions: the clone stands in
        step_env = env | {k: _value(v) for k, v in step.get("env", {}).items()}
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=clone.path,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
        results.append(result)
        if result.returncode != 0:
            break
    return results


def _route(request: Request, _number: int) -> Reply:
    if request.path.endswith("/query"):
        return Reply(body=ARXIV_CL.read_bytes(), content_type=ATOM)
    return Reply(body=HF_DAY.read_bytes(), content_type=JSON)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clone]:
    """A fresh clone of HEAD whose origin is a bare copy, plus the recorded-answer server."""
    base = tmp_path_factory.mktemp("workflow")
    origin = base / "origin.git"
    git(base, "clone", "--quiet", "--bare", str(REPO), str(origin))
    git(base, "clone", "--quiet", str(origin), str(base / "work"))
    output = base / "github_output"
    output.touch()
    with serving(_route) as server:
        yield Clone(base / "work", origin, server.url, output)


def _log(results: list[subprocess.CompletedProcess[str]]) -> str:
    return "\n".join(f"$ {r.args[-1]}\n{r.stdout}{r.stderr}" for r in results)


@pytest.fixture(scope="module")
def fetched(clone: Clone) -> list[subprocess.CompletedProcess[str]]:
    results = run_job(clone, "fetch")
    assert all(r.returncode == 0 for r in results), _log(results)
    return results


def test_fetch_job_commits_and_pushes_new_listings(clone: Clone, fetched: list[Any]) -> None:
    today = datetime.now(UTC).date()
    arxiv_file = f"listings/{today}-arxiv-cat-cs-CL.xml"
    hf_file = f"listings/{today - timedelta(days=1)}-hf-daily.json"
    expected = {arxiv_file, hf_file, "paper-paths.json"}  # new papers' paths recorded too
    pushed = git(clone.origin, "log", "-1", "--name-only", "--format=%H%n%an", "main")
    sha, author, *files = pushed.splitlines()
    assert author == "github-actions[bot]"
    assert set(filter(None, files)) == expected
    assert f"sha={sha}" in clone.output.read_text().splitlines()
    assert (clone.path / arxiv_file).read_bytes() == ARXIV_CL.read_bytes()


def test_build_job_builds_the_site_with_the_fetched_papers(
    clone: Clone, fetched: list[Any]
) -> None:
    results = run_job(clone, "build")
    assert all(r.returncode == 0 for r in results), _log(results)
    site = clone.path / "site"
    assert (site / "index.html").is_file()
    assert "site=site" in clone.output.read_text().splitlines()  # what Pages uploads
    papers = list((site / "papers").glob("*/index.html"))
    summary = re.search(r"(\d+) listings, (\d+) papers", _log(results))
    assert summary is not None, _log(results)
    assert int(summary.group(1)) == 3  # the seed and the two fetched listings
    assert len(papers) == int(summary.group(2)) > 53  # the seed's 53 and the fetched ones
    pages = "".join(p.read_text(encoding="utf-8") for p in papers)
    assert "Compile by Training" in pages  # from the Hugging Face answer


def test_build_job_stops_at_a_broken_listing_with_the_checkers_message(
    clone: Clone, fetched: list[Any]
) -> None:
    broken = clone.path / "listings" / "2026-11-20-hf-daily.json"
    body = HF_DAY.read_bytes()
    broken.write_bytes(body[: len(body) // 2])
    try:
        results = run_job(clone, "build")
    finally:
        broken.unlink()
    assert results[-1].returncode != 0
    assert len(results) == 1, "the build step never ran"
    output = results[-1].stdout + results[-1].stderr
    assert "listings/2026-11-20-hf-daily.json: ERROR, format hf-daily" in output
    assert "cut short" in output
