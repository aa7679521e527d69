"""The topics chart: one accessible link per bar, escaped labels, theme colours, no script."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
import pytest
import yaml

from generator.chart import MAX_LABEL_CHARS, topics_chart
from generator.paths import assign_slugs
from generator.sources import read_listing
from generator.topics import load_taxonomy
from tests.conftest import REPO, SEED

SVG = "{http://www.w3.org/2000/svg}"


def _parse(chart: str) -> ET.Element:
    """The chart's <svg> element."""
    box = ET.fromstring(chart)
    assert box.tag == "div" and len(box) == 1
    return box[0]


@pytest.fixture(scope="module")
def seed_bars() -> list[tuple[str, str, int]]:
    """The seed's topics with their paper counts, biggest first, as the overview has them."""
    taxonomy = load_taxonomy(REPO / "topics.yml")
    papers = read_listing(SEED).papers
    assign_slugs(papers)
    counts: dict[str, int] = {}
    for paper in papers:
        for assignment in taxonomy.assign(paper):
            counts[assignment.topic] = counts.get(assignment.topic, 0) + 1
    names = {slug: topic.name for slug, topic in taxonomy.topics.items()}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(names[slug], f"{slug}/", count) for slug, count in ranked]


def test_one_named_link_per_bar_in_the_given_order(seed_bars: list[tuple[str, str, int]]) -> None:
    assert len(seed_bars) > 5
    root = _parse(topics_chart(seed_bars))
    links = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in links] == [href for _, href, _ in seed_bars]
    for link, (label, _, count) in zip(links, seed_bars, strict=True):
        name = f"{label}: {count} paper" + ("" if count == 1 else "s")
        assert link.get("aria-label") == name
        assert link.find(f"{SVG}title").text == name
        texts = [t.text for t in link.findall(f"{SVG}text")]
        assert texts == [label, str(count)]
        assert link.findall(f"{SVG}rect[@class='bar']")


def test_bar_lengths_follow_the_counts() -> None:
    root = _parse(topics_chart([("A", "a/", 40), ("B", "b/", 10), ("C", "c/", 0)]))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert widths[0] == 4 * widths[1]
    assert 0 < widths[2] < widths[1]  # an empty topic still shows a sliver


def test_the_chart_is_named_and_a_list_for_screen_readers() -> None:
    root = _parse(topics_chart([("A", "a/", 1)], title="Papers per topic", chart_id="overview"))
    assert root.get("role") == "group"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Papers per topic"
    assert root.get("aria-labelledby") == title.get("id") == "overview-title"
    assert root.find(f"{SVG}g").get("role") == "list"
    assert all(g.get("role") == "listitem" for g in root.find(f"{SVG}g"))


def test_it_scales_and_takes_its_colours_from_the_theme() -> None:
    svg = topics_chart([("A", "a/", 3), ("B", "b/", 2)])
    root = _parse(svg)
    assert root.get("width") == "100%"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert "px" not in (root.get("style") or "")
    texts = list(root.iter(f"{SVG}text"))
    assert texts and all(t.get("fill") == "currentColor" for t in texts)
    for bar in (r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"):
        assert re.search(r"fill:var\(--md-typeset-a-color,.*#[0-9a-f]{6}\)", bar.get("style"))


def test_no_script_and_nothing_external() -> None:
    svg = topics_chart([("A", "a/", 3)])
    assert "<script" not in svg and "javascript:" not in svg
    assert not re.search(r"(?:src|xlink:href)=|@import|url\(", svg)


HOSTILE = "<script>alert(1)</script> & \"quotes\" 'single' </text></svg> <b>"


def test_hostile_labels_stay_text() -> None:
    root = _parse(topics_chart([(HOSTILE, "topic/", 7)]))
    assert not root.findall(f".//{SVG}script") and not root.findall(".//script")
    (link,) = root.findall(f".//{SVG}a")
    assert link.get("aria-label") == f"{HOSTILE}: 7 papers"
    assert link.find(f"{SVG}title").text == f"{HOSTILE}: 7 papers"
    assert link.find(f"{SVG}text").text.startswith(HOSTILE[: MAX_LABEL_CHARS - 1])


def test_long_labels_are_cut_on_screen_but_named_in_full() -> None:
    label = "A very long topic name that would run past the bar's count " * 2
    (link,) = _parse(topics_chart([(label, "t/", 1)])).findall(f".//{SVG}a")
    shown = link.find(f"{SVG}text").text
    assert len(shown) == MAX_LABEL_CHARS and shown.endswith("…")
    assert link.get("aria-label") == " ".join(label.split()) + ": 1 paper"


@pytest.mark.parametrize("href", ["javascript:alert(1)", "data:text/html,x", " ", "a\\b"])
def test_only_relative_or_web_links(href: str) -> None:
    with pytest.raises(ValueError, match="not a link"):
        topics_chart([("A", href, 1)])


def test_hrefs_are_escaped_attributes() -> None:
    (link,) = _parse(topics_chart([("A", 'a/?x=1&y="2"', 1)])).findall(f".//{SVG}a")
    assert link.get("href") == 'a/?x=1&y="2"'


def test_markdown_passes_the_chart_through_untouched() -> None:
    chart = topics_chart([(HOSTILE + " $x$", "a/", 3), ("B", "b/", 1)])
    # The site's own extensions, read from mkdocs.yml (its !ENV tags do not matter here).
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", lambda *_: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        settings[name] = options or {}
    page = markdown.markdown(
        f"Intro\n\n{chart}\n\nAfter", extensions=names, extension_configs=settings
    )
    assert chart in page


def test_no_bars_no_chart() -> None:
    assert topics_chart([]) == ""
