"""The generate step: listings -> catalog -> topics -> Markdown pages.

Used by the MkDocs plugin (so plain ``mkdocs build`` works) and by the CLI.
Nothing here knows about MkDocs.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from generator.catalog import Catalog
from generator.citations import BIB_DIR, bib_files
from generator.errors import SiteError
from generator.feeds import render_feeds, write_feeds
from generator.lock import build_lock
from generator.model import Problem
from generator.outputs import write_changed
from generator.pages import WriteReport, render_site, write_pages
from generator.paths import PathRegistry, assign_slugs
from generator.project import Project
from generator.related import related_papers
from generator.sources import Listing, read_listing
from generator.topics import Taxonomy, load_taxonomy

_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


class ListingsError(SiteError):
    """One or more listings could not be read; nothing was generated."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(
            f"{len(problems)} problem(s) in the listings; the site was not built:\n{lines}"
        )


def listing_files(listings_dir: Path) -> list[Path]:
    """Listing files in name order; hidden files and READMEs are not listings."""
    if not listings_dir.is_dir():
        return []
    return sorted(
        p
        for p in listings_dir.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.lower().startswith("readme")
    )


def read_listings(listings_dir: Path) -> list[Listing]:
    listings = [read_listing(path) for path in listing_files(listings_dir)]
    for listing in listings:
        match = _DATE_IN_NAME.search(listing.name)
        if match:  # a dated listing (as fetch writes them) dates its papers' first sighting
            for paper in listing.papers:
                paper.provenance = [
                    replace(p, first_seen=p.first_seen or match.group(1)) for p in paper.provenance
                ]
    return listings


def build_catalog(
    listings: list[Listing], taxonomy: Taxonomy, registry: PathRegistry | None = None
) -> Catalog:
    """Merge, tag and give paths; ``registry`` is updated with the paths given."""
    catalog = Catalog()
    for listing in listings:
        for paper in listing.papers:
            catalog.add(paper, listing.name)
    for paper in catalog.papers:
        paper.topics = taxonomy.assign(paper)
    catalog.redirects = assign_slugs(catalog.papers, registry)
    return catalog


@dataclass
class Summary:
    listings: list[Listing] = field(default_factory=list)
    catalog: Catalog = field(default_factory=Catalog)
    taxonomy: Taxonomy | None = None
    topic_count: int = 0
    report: WriteReport = field(default_factory=WriteReport)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        published = self.catalog.published_per_listing()
        out = []
        for listing in self.listings:
            stats = self.catalog.stats.get(listing.name)
            read = stats.read if stats else 0
            merged = stats.merged if stats else 0
            out.append(
                f"  {listing.name} [{listing.format}]: {read} read, {merged} merged "
                f"into other records, on {published[listing.name]} pages"
            )
        out.extend(f"  {w}" for w in self.warnings)
        out.append(
            f"{len(self.listings)} listings, {len(self.catalog.papers)} papers, "
            f"{self.topic_count} topics; pages: {len(self.report.written)} written, "
            f"{self.report.unchanged} unchanged, {len(self.report.removed)} removed; "
            f"{self.seconds:.2f} s"
        )
        return out


def load_catalog(project: Project, save_paths: bool) -> tuple[list[Listing], Taxonomy, Catalog]:
    """Read every listing, merge, tag and give paths.

    Raises ListingsError, before anything is written, when any listing has an
    error: a broken listing must not publish a site without its papers.
    ``save_paths`` records new paths in the path registry (a build does; a
    read-only command such as export does not).
    """
    taxonomy = load_taxonomy(project.taxonomy_path)
    listings = read_listings(project.listings_dir)
    errors = [p for listing in listings for p in listing.errors]
    if not listings:
        errors.append(Problem(str(project.listings_dir), "no listing files found"))
    if errors:
        raise ListingsError(errors)
    registry = PathRegistry.load(project.registry_path)
    catalog = build_catalog(listings, taxonomy, registry)
    if save_paths:
        registry.save(project.registry_path)
    return listings, taxonomy, catalog


def generate(project: Project) -> Summary:
    """Read every listing and (re)write the generated pages and feeds."""
    with build_lock(project.lock_path):
        return _generate(project)


def _generate(project: Project) -> Summary:
    started = time.perf_counter()
    listings, taxonomy, catalog = load_catalog(project, save_paths=True)
    pages = render_site(
        catalog.papers,
        taxonomy,
        project.templates_dir,
        listing_count=len(listings),
        listing_formats={listing.name: listing.format or "" for listing in listings},
        related=related_papers(catalog.papers),
    )
    report = write_pages(project.docs_dir, pages)
    feeds = render_feeds(
        catalog.papers, taxonomy, project.site_name, project.site_url, date.today()
    )
    report.written.extend(write_feeds(project.docs_dir, feeds))
    try:
        bibs = bib_files(catalog.papers)
    except ValueError as exc:  # two papers with one citation key: never silently one
        raise ListingsError([Problem(str(project.registry_path.name), str(exc))]) from exc
    report.written.extend(write_changed(project.docs_dir, bibs, owned=(BIB_DIR,)))
    return Summary(
        listings=listings,
        catalog=catalog,
        taxonomy=taxonomy,
        topic_count=sum(
            1 for rel in pages if re.fullmatch(r"topics/[^/]+/index\.md", rel) is not None
        ),
        report=report,
        warnings=[p for listing in listings for p in listing.problems if p.severity != "error"],
        seconds=time.perf_counter() - started,
    )
