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
from generator.citations import BIB_DIR, bib_files, bibtex_entry
from generator.errors import SiteError
from generator.feeds import render_feeds, write_feeds
from generator.lock import build_lock
from generator.model import Problem
from generator.outputs import write_changed
from generator.pages import SitePages, WriteReport, remove_stale_pages, write_page_files
from generator.parallel import Aside, map_in_parts
from generator.paths import PathRegistry, assign_slugs
from generator.project import Project
from generator.sources import Listing, read_listing
from generator.timing import Stopwatch
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


# Below this many bytes of listings, forking costs more than reading in parallel saves.
PARALLEL_READ_BYTES = 4_000_000


def _read_all(files: list[Path]) -> list[Listing]:
    """Read the files, on every core when there is enough to read.

    Readers are pure (a listing's papers never depend on another listing), so
    the files are shared among processes and come back in name order.
    """
    if sum(path.stat().st_size for path in files) < PARALLEL_READ_BYTES:
        return [read_listing(path) for path in files]
    parts = map_in_parts(lambda part: [read_listing(path) for path in part], files)
    return [listing for part in parts for listing in part]


def read_listings(listings_dir: Path) -> list[Listing]:
    listings = _read_all(listing_files(listings_dir))
    for listing in listings:
        match = _DATE_IN_NAME.search(listing.name)
        if match:  # a dated listing (as fetch writes them) dates its papers' first sighting
            for paper in listing.papers:
                paper.provenance = [
                    replace(p, first_seen=p.first_seen or match.group(1)) for p in paper.provenance
                ]
    return listings


def build_catalog(
    listings: list[Listing],
    taxonomy: Taxonomy,
    registry: PathRegistry | None = None,
    clock: Stopwatch | None = None,
) -> Catalog:
    """Merge, tag and give paths; ``registry`` is updated with the paths given."""
    clock = clock or Stopwatch()
    catalog = Catalog()
    with clock.stage("merge"):
        for listing in listings:
            for paper in listing.papers:
                catalog.add(paper, listing.name)
    with clock.stage("topics"):
        tagged = map_in_parts(lambda part: [taxonomy.assign(p) for p in part], catalog.papers)
        for paper, topics in zip(catalog.papers, (t for part in tagged for t in part), strict=True):
            paper.topics = topics
    with clock.stage("paths"):
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
    clock: Stopwatch = field(default_factory=Stopwatch)

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


def load_catalog(
    project: Project, save_paths: bool, clock: Stopwatch | None = None
) -> tuple[list[Listing], Taxonomy, Catalog]:
    """Read every listing, merge, tag and give paths.

    Raises ListingsError, before anything is written, when any listing has an
    error: a broken listing must not publish a site without its papers.
    ``save_paths`` records new paths in the path registry (a build does; a
    read-only command such as export does not).
    """
    clock = clock or Stopwatch()
    taxonomy = load_taxonomy(project.taxonomy_path)
    with clock.stage("read"):
        listings = read_listings(project.listings_dir)
    errors = [p for listing in listings for p in listing.errors]
    if not listings:
        errors.append(Problem(str(project.listings_dir), "no listing files found"))
    if errors:
        raise ListingsError(errors)
    registry = PathRegistry.load(project.registry_path)
    catalog = build_catalog(listings, taxonomy, registry, clock)
    if save_paths:
        registry.save(project.registry_path)
    return listings, taxonomy, catalog


def generate(project: Project) -> Summary:
    """Read every listing and (re)write the generated pages and feeds."""
    with build_lock(project.lock_path):
        return _generate(project)


def _generate(project: Project) -> Summary:
    # numpy, scipy and scikit-learn take a second to import: only builds need them.
    from generator.related import related_papers

    started = time.perf_counter()
    clock = Stopwatch()
    listings, taxonomy, catalog = load_catalog(project, save_paths=True, clock=clock)
    with clock.stage("related, citations"):
        # Related papers need only titles and abstracts: worked out aside
        # while this process makes the BibTeX entries.
        related = Aside(lambda: related_papers(catalog.papers))
        entries = {paper.slug: bibtex_entry(paper) for paper in catalog.papers}
        site = SitePages(
            catalog.papers,
            taxonomy,
            project.templates_dir,
            listing_count=len(listings),
            listing_formats={listing.name: listing.format or "" for listing in listings},
            related=related.result(),
            bibtex=entries,
        )
    with clock.stage("pages"):
        report = WriteReport()
        docs = project.docs_dir
        for part in map_in_parts(
            lambda part: write_page_files(docs, site.paper_pages(part)), catalog.papers
        ):
            report.add(part)
        others = site.other_pages()
        report.add(write_page_files(docs, others))
        keep = {site.paper_path(paper) for paper in catalog.papers} | set(others)
        report.removed = remove_stale_pages(docs, keep)
    with clock.stage("feeds, bib"):
        feeds = render_feeds(
            catalog.papers, taxonomy, project.site_name, project.site_url, date.today()
        )
        report.written.extend(write_feeds(project.docs_dir, feeds))
        try:
            bibs = bib_files(catalog.papers, entries)
        except ValueError as exc:  # two papers with one citation key: never silently one
            raise ListingsError([Problem(str(project.registry_path.name), str(exc))]) from exc
        report.written.extend(write_changed(project.docs_dir, bibs, owned=(BIB_DIR,)))
    return Summary(
        listings=listings,
        catalog=catalog,
        taxonomy=taxonomy,
        topic_count=site.topic_count,
        report=report,
        warnings=[p for listing in listings for p in listing.problems if p.severity != "error"],
        seconds=time.perf_counter() - started,
        clock=clock,
    )
