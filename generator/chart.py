"""The topics overview as a picture: an inline SVG bar chart made at build time.

One row per topic, in the order given: the topic's name on a line, under it
the bar with the count at its end, all of it one link to the topic page. Names sit
above their bars rather than in a column beside them, so a 390-pixel phone
shows them at full size. The SVG scales with the page (``viewBox``,
``width="100%"``, capped at ``MAX_WIDTH`` so desktop text stays text-sized).

Colours come from the page: text is ``currentColor`` (the theme's text colour
in either palette) and bars use Material's link colour
(``--md-typeset-a-color``), with fallbacks outside Material. No script, no
external resource. Screen readers get a named group, a list, and one link per
topic named "<topic>: <n> papers"; links are focusable like any link and show
a focus ring.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

WIDTH = 360  # viewBox units; about the width of a phone's text column
ROW_HEIGHT = 40
BAR_HEIGHT = 12
FONT_SIZE = 13
MAX_LABEL_CHARS = 48  # longer names are cut on screen; the link's name keeps all of it
COUNT_ROOM = 44  # right of the longest bar, for its count
MAX_WIDTH = "28rem"

# Scoped to the chart's class: an inline SVG's <style> applies to the whole page.
_STYLE = (
    ".paper-site-chart a{text-decoration:none}"
    ".paper-site-chart a:hover text,.paper-site-chart a:focus-visible text"
    "{text-decoration:underline}"
    ".paper-site-chart a:focus-visible rect.bar{stroke:currentColor;stroke-width:2}"
    ".paper-site-chart a:focus{outline:2px solid currentColor;outline-offset:2px}"
)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _checked_href(href: str) -> str:
    """A relative or http(s) link; anything else (javascript:, data:) is refused."""
    scheme = urlsplit(href).scheme.lower()
    if scheme not in ("", "http", "https") or "\\" in href or not href.strip():
        raise ValueError(f"not a link for the chart: {href!r}")
    return href


def _papers(count: int) -> str:
    return f"{count:,} paper" + ("" if count == 1 else "s")


def _shown(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def topics_chart(
    bars: list[tuple[str, str, int]],
    title: str = "Papers per topic",
    chart_id: str = "topics-chart",
) -> str:
    """An inline ``<svg>`` of horizontal bars, one per (label, href, count), in that order.

    ``href`` is where the bar links (relative, or http(s)); labels are plain
    text and escaped here. ``chart_id`` must be unique in the page (it names
    the chart for screen readers). The SVG comes in a ``<div>``: Python-Markdown
    passes a ``<div>`` block through untouched but would wrap a bare ``<svg>``
    in a paragraph, so the result can go into a Markdown page as it is (on
    lines of its own). No bars give an empty string.
    """
    if not bars:
        return ""
    largest = max(max(count for _, _, count in bars), 1)
    height = ROW_HEIGHT * len(bars)
    title_id = f"{chart_id}-title"
    out = [
        '<div class="paper-site-chart-box">',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="paper-site-chart" id="{_attr(chart_id)}"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%" role="group"'
        f' aria-labelledby="{_attr(title_id)}" font-size="{FONT_SIZE}"'
        f' style="max-width:{MAX_WIDTH};height:auto;display:block;color:inherit">',
        f'<title id="{_attr(title_id)}">{escape(title)}</title>',
        f"<style>{_STYLE}</style>",
        '<g role="list">',
    ]
    for row, (label, href, count) in enumerate(bars):
        name = f"{' '.join(label.split())}: {_papers(count)}"
        top = row * ROW_HEIGHT
        bar = max(round((WIDTH - COUNT_ROOM) * count / largest, 1), 2.0)
        bar_top = top + FONT_SIZE + 8
        out += [
            '<g role="listitem">',
            f'<a href="{_attr(_checked_href(href))}" aria-label="{_attr(name)}">',
            f"<title>{escape(name)}</title>",
            # A transparent hit area: the whole row is the link, not just the ink.
            f'<rect x="0" y="{top}" width="{WIDTH}" height="{ROW_HEIGHT}" fill="transparent"/>',
            f'<text x="0" y="{top + FONT_SIZE + 2}" fill="currentColor">'
            f"{escape(_shown(label))}</text>",
            f'<rect class="bar" x="0" y="{bar_top}" width="{bar}" height="{BAR_HEIGHT}" rx="2"'
            ' style="fill:var(--md-typeset-a-color,var(--md-primary-fg-color,#4051b5))"/>',
            f'<text x="{bar + 4}" y="{bar_top + BAR_HEIGHT - 1}" fill="currentColor">'
            f"{count:,}</text>",
            "</a>",
            "</g>",
        ]
    out += ["</g>", "</svg>", "</div>"]
    return "\n".join(out)
