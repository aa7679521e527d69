"""Command line: ``python -m generator build|generate|check|export|serve``."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

import click

from generator.errors import SiteError
from generator.fetchers import fetch
from generator.lock import build_lock
from generator.pipeline import generate, listing_files, load_catalog
from generator.project import Project, load_config, load_project
from generator.sources import read_listing
from generator.timing import Stopwatch

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The site's folder, holding mkdocs.yml (which says where everything else is).",
)


@click.group()
def main() -> None:
    """Turn paper listings into a searchable MkDocs Material site."""


def _fail(exc: Exception, *notes: str) -> NoReturn:
    click.echo(f"error: {exc}", err=True)
    for note in notes:
        click.echo(f"error: {note}", err=True)
    sys.exit(1)


def _project_or_exit(root: Path, required: bool = True) -> Project:
    try:
        return load_project(root, required)
    except SiteError as exc:
        _fail(exc)


def _generate_or_exit(project: Project) -> None:
    try:
        summary = generate(project)
    except SiteError as exc:
        _fail(exc)
    for line in summary.lines():
        click.echo(line)


@main.command("generate")
@ROOT_OPTION
def generate_command(root: Path) -> None:
    """Write the Markdown pages under docs/ without building the site."""
    _generate_or_exit(_project_or_exit(root))


@main.command()
@ROOT_OPTION
@click.option(
    "--timings",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also print each stage's seconds and peak memory, and write them to this JSON file.",
)
def build(root: Path, timings: Path | None) -> None:
    """Check the listings, write the pages and build the site into site/.

    The site is built into a staging folder and swapped in only when the build
    succeeds, so a failed build never replaces the last good site.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, MkDocsException

    started = time.perf_counter()
    project = _project_or_exit(root)
    site = project.site_dir
    staging = site.with_name(f".{site.name}-staging")
    old = site.with_name(f".{site.name}-old")
    # Material announces its end of life on every build; the README says it once.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs reports plugin errors and strict-mode warnings through logging.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        with build_lock(project.lock_path):
            shutil.rmtree(staging, ignore_errors=True)
            config = load_config(project.root, site_dir=str(staging), strict=True)
            try:
                mkdocs_build(config)
            except MkDocsException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            shutil.rmtree(old, ignore_errors=True)
            if site.exists():
                site.rename(old)
            staging.rename(site)
            shutil.rmtree(old, ignore_errors=True)
    except Abort:  # MkDocs logged the cause (a plugin or strict-mode error) above
        click.echo(f"error: the build failed; {site.name}/ was left as it was", err=True)
        sys.exit(1)
    except (MkDocsException, SiteError) as exc:
        _fail(exc, f"the build failed; {site.name}/ was left as it was")
    plugin = config.plugins.get("paper-site")
    for line in plugin.summary_lines if plugin else []:
        click.echo(line)
    pages = sum(1 for _ in site.rglob("*.html"))
    size_mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    seconds = time.perf_counter() - started
    click.echo(f"{site.name}/: {pages} HTML pages, {size_mb:.1f} MB, built in {seconds:.1f} s")
    if timings and plugin:
        _report_timings(plugin.clock, seconds, timings)


def _report_timings(clock: Stopwatch, seconds: float, path: Path) -> None:
    for stage in clock.stages:
        click.echo(f"  {stage.name:<22} {stage.seconds:7.2f} s  peak {stage.peak_mb:6.0f} MB")
    stages = [stage.__dict__ for stage in clock.stages]
    path.write_text(json.dumps({"seconds": seconds, "stages": stages}, indent=1) + "\n")


@main.command()
@ROOT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(root: Path, paths: tuple[Path, ...], as_json: bool) -> None:
    """Parse listings without building: format, paper count and problems per file.

    With no PATH, checks every file in the site's listings folder (mkdocs.yml
    says which). Exit status 1 when any file has an error.
    """
    if not paths:
        paths = (_project_or_exit(root, required=False).listings_dir,)
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(listing_files(path))
        else:
            files.append(path)
    reports = []
    failed = False
    for path in files:
        listing = read_listing(path, str(path))
        failed = failed or bool(listing.errors)
        reports.append(
            {
                "file": str(path),
                "format": listing.format,
                "papers": len(listing.papers),
                "ok": not listing.errors,
                "problems": [
                    {
                        "severity": p.severity,
                        "line": p.line,
                        "entry": p.entry,
                        "message": p.message,
                    }
                    for p in listing.problems
                ],
            }
        )
        if not as_json:
            status = "ok" if not listing.errors else "ERROR"
            click.echo(
                f"{path}: {status}, format {listing.format or 'unknown'}, "
                f"{len(listing.papers)} papers"
            )
            for problem in listing.problems:
                click.echo(f"  {problem}")
    if as_json:
        click.echo(json.dumps({"ok": not failed, "files": reports}, indent=2, ensure_ascii=False))
    sys.exit(1 if failed else 0)


@main.command()
@ROOT_OPTION
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write the JSON Lines (default: standard output).",
)
def export(root: Path, output: click.utils.LazyFile) -> None:
    """Write the merged catalog as JSON Lines, one canonical record per paper."""
    from generator.records import paper_to_record

    try:
        _, _, catalog = load_catalog(_project_or_exit(root), save_paths=False)
    except SiteError as exc:
        _fail(exc)
    for paper in sorted(catalog.papers, key=lambda p: p.slug):
        output.write(json.dumps(paper_to_record(paper), ensure_ascii=False) + "\n")


LAYOUT_NAMES = ("listings", "registry", "docs", "site", "templates", "taxonomy")


@main.command()
@ROOT_OPTION
@click.argument("names", nargs=-1, type=click.Choice(LAYOUT_NAMES))
def layout(root: Path, names: tuple[str, ...]) -> None:
    """Print where the site keeps NAMES (all when none), as mkdocs.yml says.

    One path per line, relative to the site's folder: scripts and the workflow
    use it instead of assuming listings/ or paper-paths.json.
    """
    project = _project_or_exit(root)
    paths = {
        "listings": project.listings_dir,
        "registry": project.registry_path,
        "docs": project.docs_dir,
        "site": project.site_dir,
        "templates": project.templates_dir,
        "taxonomy": project.taxonomy_path,
    }
    for name in names or LAYOUT_NAMES:
        path = paths[name]
        shown = path.relative_to(project.root) if path.is_relative_to(project.root) else path
        click.echo(shown.as_posix() if names else f"{name}: {shown.as_posix()}")


@main.command()
@ROOT_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(root: Path, dev_addr: str) -> None:
    """Preview the site; rebuilds when a listing, template or the taxonomy changes."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", dev_addr]
    sys.exit(subprocess.run(command, cwd=root, check=False).returncode)


main.add_command(fetch)
