"""``python -m generator fetch arxiv|hf``: add today's listing from a source to listings/."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click

from generator.fetchers import arxiv, hf
from generator.fetchers.client import FetchError, Policy, PoliteClient
from generator.fetchers.store import Answer, NoPapers, save

Fetcher = Callable[[PoliteClient], Answer | NoPapers]


def _today() -> date:
    return datetime.now(UTC).date()


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options every source takes: where to write, and how patient to be."""
    options = [
        click.option(
            "--listings",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Folder the new listing goes into [default: the site's, from mkdocs.yml].",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=30.0,
            show_default=True,
            help="Seconds to wait for each answer.",
        ),
        click.option(
            "--retries",
            type=click.IntRange(min=0),
            default=4,
            show_default=True,
            help="Further attempts after a 429, a 5xx or a connection error.",
        ),
        click.option(
            "--backoff",
            type=click.FloatRange(min=0),
            default=5.0,
            show_default=True,
            help="Seconds before the first retry, doubled after each (or Retry-After if longer).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _date_option(help_text: str) -> Callable[..., Any]:
    return click.option(
        "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help=help_text
    )


def _listings_folder(given: Path | None) -> Path:
    """--listings, else the listings folder mkdocs.yml names (as the build reads it)."""
    if given is not None:
        return given
    from generator.errors import SiteError
    from generator.project import load_project

    here = Path.cwd().resolve()
    try:
        folder = load_project(here, required=False).listings_dir
    except SiteError as exc:
        click.echo(f"error: {exc} (or say where with --listings)", err=True)
        sys.exit(1)
    # Messages name the folder as the maintainer would: relative when it can be.
    return folder.relative_to(here) if folder.is_relative_to(here) else folder


def _run(fetcher: Fetcher, policy: Policy, listings: Path | None) -> None:
    listings = _listings_folder(listings)
    """Fetch, store and print one summary line; exit 1 with a message on failure."""
    try:
        with PoliteClient(policy) as client:
            result = fetcher(client)
        if isinstance(result, NoPapers):
            click.echo(f"nothing written: {result.reason}")
            return
        click.echo(save(listings, result))
    except FetchError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: cannot write to {listings}: {exc}", err=True)
        sys.exit(1)


@click.group()
def fetch() -> None:
    """Fetch a new dated listing from a source into listings/.

    The answer is stored as the source sent it, after it reads cleanly with
    the project's readers; nothing is written when its papers are all in
    listings/ already. Exit status 1 when the source fails or answers with
    nothing where papers were expected.
    """


@fetch.command("arxiv", short_help="The newest arXiv papers for a query.")
@click.option("--query", required=True, help='arXiv search_query, e.g. "cat:cs.LG".')
@click.option(
    "--max",
    "max_results",
    type=click.IntRange(1, 30000),
    default=100,
    show_default=True,
    help="Most results to fetch, newest submissions first.",
)
@click.option(
    "--page-size",
    type=click.IntRange(1, arxiv.MAX_PAGE_SIZE),
    default=100,
    show_default=True,
    help="Results per request.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=3.0,
    show_default=True,
    help="Least seconds between requests (arXiv asks for 3).",
)
@_date_option("Only papers submitted on this day (UTC); names the file. Default: today, all dates.")
@click.option(
    "--endpoint",
    envvar="ARXIV_API_URL",
    default=arxiv.ENDPOINT,
    show_default=True,
    help="API URL, for a mirror or a test server (env ARXIV_API_URL).",
)
@_common
def fetch_arxiv(
    query: str,
    max_results: int,
    page_size: int,
    delay: float,
    day: datetime | None,
    endpoint: str,
    listings: Path | None,
    timeout: float,
    retries: int,
    backoff: float,
) -> None:
    """Newest arXiv papers matching a query, as listings/DATE-arxiv-QUERY.xml."""
    search = arxiv.Search(query, max_results, page_size, day.date() if day else None)
    policy = Policy(timeout=timeout, retries=retries, backoff=backoff, interval=delay)
    _run(lambda client: arxiv.fetch(client, endpoint, search, _today()), policy, listings)


@fetch.command("hf", short_help="One day of Hugging Face daily papers.")
@_date_option("The day's list to fetch. Default: yesterday (UTC), the last complete day.")
@click.option(
    "--endpoint",
    envvar="HF_DAILY_PAPERS_URL",
    default=hf.ENDPOINT,
    show_default=True,
    help="API URL, for a mirror or a test server (env HF_DAILY_PAPERS_URL).",
)
@_common
def fetch_hf(
    day: datetime | None,
    endpoint: str,
    listings: Path | None,
    timeout: float,
    retries: int,
    backoff: float,
) -> None:
    """One day of Hugging Face daily papers, as listings/DATE-hf-daily.json."""
    wanted = day.date() if day else _today() - timedelta(days=1)
    if wanted > _today():
        raise click.BadParameter(f"{wanted} is in the future", param_hint="--date")
    policy = Policy(timeout=timeout, retries=retries, backoff=backoff)
    _run(lambda client: hf.fetch(client, endpoint, wanted), policy, listings)
