"""Atom feeds of the built site, read back with feedparser."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import feedparser

from tests.conftest import make_project, run_generator


def test_site_feed_lists_newest_papers_with_working_links(seed_site: Path) -> None:
    site = seed_site / "site"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Paper listings"
    assert len(feed.entries) == 50  # the seed has 53; a feed keeps the newest 50
    for entry in feed.entries:
        path = urlsplit(entry.link).path.lstrip("/")
        assert (site / path / "index.html").is_file(), entry.link
        assert entry.summary
    # Undated papers of one listing keep the listing's order.
    assert feed.entries[0].title.startswith("Curriculum-based Asymmetric Multi-task")


def test_topic_feeds_hold_exactly_the_topics_papers(seed_site: Path) -> None:
    site = seed_site / "site"
    topic_pages = sorted((site / "topics").glob("*/index.html"))
    assert topic_pages
    for page in topic_pages:
        slug = page.parent.name
        feed = feedparser.parse((site / "feeds" / f"{slug}.xml").read_bytes())
        in_feed = {urlsplit(e.link).path.strip("/").split("/")[-1] for e in feed.entries}
        text = page.read_text(encoding="utf-8")
        on_page = {s for s in in_feed if f"../../papers/{s}/" in text}
        assert in_feed == on_page and in_feed, slug


def test_every_page_advertises_the_feed(seed_site: Path) -> None:
    page = (seed_site / "site" / "papers" / "pair-state-transfer" / "index.html").read_text()
    assert 'type="application/atom+xml"' in page and "feed.xml" in page


def test_hostile_titles_are_xml_text(tmp_path: Path) -> None:
    title = "</title><script>alert(1)</script> & <b>bold</b> ]]>"
    abstract = "An abstract with </summary> and <script>x</script> in it, long enough. " * 5
    listing = tmp_path / "hostile.txt"
    listing.write_text(f"Get trending papers in your email inbox!\n{title}\n{abstract}\n")
    root = make_project(tmp_path / "p", [listing])
    run_generator(root, "generate")
    feed = feedparser.parse((root / "docs" / "feed.xml").read_bytes(), sanitize_html=False)
    assert not feed.bozo
    [entry] = feed.entries
    assert entry.title == title
    assert "<script>x</script>" in entry.summary
