"""Atom feeds of new papers: one for the whole site, one per topic.

Readers subscribe to a topic and see papers as listings bring them. Entries
are ordered by the date a listing first showed the paper (then its
publication date), newest first. feedgen writes the XML, so every value from
a listing is escaped as XML text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from generator.model import Paper
from generator.outputs import write_changed
from generator.topics import Taxonomy

# The site feed sits at the root: Material looks for a sitemap.xml beside
# every rel=alternate link, and the root has one.
SITE_FEED = "feed.xml"
FEEDS_DIR = "feeds"
FEED_SIZE = 50


def _when(paper: Paper) -> str:
    """ISO date the paper appeared: first seen, else published or updated."""
    seen = [p.first_seen for p in paper.provenance if p.first_seen]
    return min(seen) if seen else (paper.published or paper.updated or "")


def _as_datetime(iso: str, fallback: date) -> datetime:
    # Dates may be "YYYY", "YYYY-MM" or "YYYY-MM-DD" (BibTeX knows only a year).
    parts = [int(p) for p in iso.split("-")[:3] if p.isdigit()] if iso else []
    if not parts:
        return datetime(fallback.year, fallback.month, fallback.day, tzinfo=UTC)
    year, month, day = [*parts, 1, 1][:3]
    return datetime(year, month, day, tzinfo=UTC)


def newest_first(papers: list[Paper]) -> list[Paper]:
    """Newest first; ties by newest listing, then as the listing orders them.

    ``papers`` come in catalog (reading) order, which is what breaks ties.
    """

    def order(item: tuple[int, Paper]) -> tuple[str, str, str, int]:
        position, paper = item
        listing = paper.provenance[0].listing if paper.provenance else ""
        return (_when(paper), paper.published or "", listing, -position)

    return [paper for _, paper in sorted(enumerate(papers), key=order, reverse=True)]


def render_feed(
    papers: list[Paper], site_url: str, feed_path: str, title: str, subtitle: str, today: date
) -> bytes:
    feed = FeedGenerator()
    feed_url = urljoin(site_url, feed_path)
    feed.id(feed_url)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.link(href=site_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language("en")
    chosen = newest_first(papers)[:FEED_SIZE]
    newest = _as_datetime(_when(chosen[0]), today) if chosen else _as_datetime("", today)
    feed.updated(newest)
    # feedgen prepends each new entry; add oldest first so the feed reads newest first.
    for paper in reversed(chosen):
        url = urljoin(site_url, f"papers/{paper.slug}/")
        entry = feed.add_entry()
        entry.id(url)
        entry.title(paper.title)
        entry.link(href=url, rel="alternate")
        entry.updated(_as_datetime(_when(paper), today))
        if paper.published:
            entry.published(_as_datetime(paper.published, today))
        for name in paper.authors[:20]:
            entry.author({"name": name})
        if paper.abstract or paper.summary:
            entry.summary(paper.abstract or paper.summary or "")
    return feed.atom_str(pretty=True)


def render_feeds(
    papers: list[Paper], taxonomy: Taxonomy, site_name: str, site_url: str, today: date
) -> dict[str, bytes]:
    """{path relative to docs/: Atom XML} for the site and each topic with papers."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    feeds = {SITE_FEED: render_feed(papers, site_url, SITE_FEED, site_name, "New papers", today)}
    for slug, topic in taxonomy.topics.items():
        members = [p for p in papers if any(a.topic == slug for a in p.topics)]
        if members:
            path = f"{FEEDS_DIR}/{slug}.xml"
            feeds[path] = render_feed(
                members, site_url, path, f"{site_name}: {topic.name}", topic.description, today
            )
    return feeds


def write_feeds(docs_dir: Path, feeds: dict[str, bytes]) -> list[str]:
    """Write changed feeds and delete stale topic feeds; return the paths written."""
    return write_changed(docs_dir, feeds, owned=(FEEDS_DIR,))
