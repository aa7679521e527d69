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

import click

from generator.fetchers import fetch
from generator.pages import TemplateError
from generator.pipeline import (
    ListingsError,
    Project,
    generate,
    listing_files,
    load_catalog,
)
from generator.sources import read_listing
from generator.topics import TaxonomyError

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The site's folder (holding mkdocs.yml, listings/, topics.yml).",
)


@click.group()
def main() -> None:
    """Turn paper listings into a searchable MkDocs Material site."""


def _project(root: Path) -> Project:
    """The project at ``root``, with the site's name and URL from its mkdocs.yml."""
    from mkdocs.config import load_config

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return Project.at(root)
    config = load_config(str(config_file))
    return Project.at(root, site_url=config.site_url, site_name=config.site_name)


def _generate_or_exit(project: Project) -> None:
    try:
        summary = generate(project)
    except (ListingsError, TaxonomyError, TemplateError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for line in summary.lines():
        click.echo(line)


@main.command("generate")
@ROOT_OPTION
def generate_command(root: Path) -> None:
    """Write the Markdown pages under docs/ without building the site."""
    _generate_or_exit(_project(root))


@main.command()
@ROOT_OPTION
def build(root: Path) -> None:
    """Check the listings, write the pages and build the site into site/.

    The site is built into a staging folder and swapped in only when the build
    succeeds, so a failed build never replaces the last good site.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    started = time.perf_counter()
    root = root.resolve()
    site = root / "site"
    staging = root / ".site-staging"
    shutil.rmtree(staging, ignore_errors=True)
    # Material announces its end of life on every build; the README says it once.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs reports plugin errors and strict-mode warnings through logging.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=True)
        mkdocs_build(config)
    except (MkDocsException, ListingsError, TaxonomyError, TemplateError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        click.echo(f"error: {exc}", err=True)
        click.echo("error: the build failed; site/ was left as it was", err=True)
        sys.exit(1)
    plugin = config.plugins.get("paper-site")
    for line in plugin.summary_lines if plugin else []:
        click.echo(line)
    old = root / ".site-old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    pages = sum(1 for _ in site.rglob("*.html"))
    size_mb = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    click.echo(
        f"site/: {pages} HTML pages, {size_mb:.1f} MB, built in "
        f"{time.perf_counter() - started:.1f} s"
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...], as_json: bool) -> None:
    """Parse listings without building: format, paper count and problems per file.

    With no PATH, checks every file in listings/. Exit status 1 when any file
    has an error.
    """
    files: list[Path] = []
    for path in paths or (Path("listings"),):
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
        _, _, catalog = load_catalog(Project.at(root), save_paths=False)
    except (ListingsError, TaxonomyError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for paper in sorted(catalog.papers, key=lambda p: p.slug):
        output.write(json.dumps(paper_to_record(paper), ensure_ascii=False) + "\n")


@main.command()
@ROOT_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(root: Path, dev_addr: str) -> None:
    """Preview the site; rebuilds when a listing, template or the taxonomy changes."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", dev_addr]
    sys.exit(subprocess.run(command, cwd=root, check=False).returncode)


main.add_command(fetch)
