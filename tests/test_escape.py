"""Listing text renders as the reader expects and never as markup."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml

from generator import escape

HOSTILE = [
    "<script>alert(1)</script> Attention",
    "Stars * and _underscores_ and **bold**",
    "[click](javascript:alert(1)) and [x]: http://evil",
    "{: onclick=alert(1) } braces",
    "a | pipe | table",
    "# not a heading",
    "Learning C#",
    "12. not a numbered list",
    "===",
    "1. not a list",
    "- not a list either",
    "Costs $5 and $10 today",
    "<img src=x onerror=alert(1)>",
    "`code` and \\backslash\\ and ![img](x.png)",
    "Ampersand &amp; entity &lt;b&gt; stays literal",
    "> not a quote",
    "+ plus",
]


def render(text: str) -> str:
    md = markdown.Markdown(
        extensions=["tables", "admonition", "pymdownx.arithmatex"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}},
    )
    return md.convert(text)


def visible_text(rendered: str) -> str:
    inner = re.sub(r"<[^>]+>", "", rendered)
    return html.unescape(inner).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_renders_to_exactly_the_text(text: str) -> None:
    rendered = render(escape.md_text(text))
    assert visible_text(rendered) == text
    assert "<script" not in rendered and "<img" not in rendered and "<a" not in rendered
    assert rendered.startswith("<p>")  # no heading, list, quote or table


@pytest.mark.parametrize("text", HOSTILE)
def test_md_text_with_math_is_as_safe(text: str) -> None:
    rendered = render(escape.md_text(text, math=True))
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered


def test_math_spans_are_kept_for_the_renderer() -> None:
    rendered = render(escape.md_text("Loss $O(n^2)$ beats $a_i < b_i$ for $5", math=True))
    assert '<span class="arithmatex">\\(O(n^2)\\)</span>' in rendered
    assert "\\(a_i \\lt  b_i\\)" in rendered
    assert visible_text(rendered).endswith("for $5")


@pytest.mark.parametrize("text", HOSTILE)
def test_yaml_value_round_trips_as_html_escaped_text(text: str) -> None:
    value = yaml.safe_load("title: " + escape.yaml_value(text))["title"]
    assert value == html.escape(text, quote=True)
    assert "<" not in value


def test_only_http_links_become_links() -> None:
    assert escape.safe_url("javascript:alert(1)") is None
    assert escape.safe_url("data:text/html,<b>") is None
    assert escape.safe_url("/relative") is None
    assert escape.md_link("x", "javascript:alert(1)") == "x"
    link = escape.md_link("Code", "https://example.org/a (b)<c>")
    rendered = render(link)
    assert 'href="https://example.org/a%20(b)%3Cc%3E"' in rendered or (
        'href="https://example.org/a%20%28b%29%3Cc%3E"' in rendered
    )
