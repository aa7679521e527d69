"""Escaping for every place listing text lands: Markdown, HTML, YAML, URLs.

Text from a listing is untrusted data. Python-Markdown does not sanitise raw
HTML, MkDocs' Jinja environment does not autoescape, and Material prints the
front-matter title raw. So each value is escaped for its destination here,
and templates only ever receive already-escaped strings through these
filters; nothing from a listing is rendered as a template.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

import yaml

from generator.links import url_spans

# Characters that Markdown or one of its extensions may read as syntax
# anywhere in a line. They become numeric character references rather than
# backslash escapes: an entity never starts syntax, whatever extensions run
# (arithmatex reads "\\(" as math, for one), and the browser shows the
# character itself. "<", ">" and "&" are HTML-escaped before this.
_MD_INLINE = re.compile(r"[\\`*_{}\[\]|$~^#]")
# Block syntax that only counts at the start of a line: headings, lists,
# quotes, setext underlines, numbered lists ("1." or "1)").
_MD_LINE_START = re.compile(r"^(\s*)([+\-=]|\d+(?=[.)]))")
# Inline math as people write it in abstracts: $...$ with no space just inside.
MATH_SPAN = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]{1,400}?)(?<=\S)\$(?!\$)")
_SAFE_SCHEMES = ("http", "https")


def html_text(text: str) -> str:
    """Text for an HTML element or attribute."""
    return html.escape(text, quote=True)


def _md_plain(text: str) -> str:
    # HTML-escape first so no tag survives; the one-pass substitution then
    # never touches the entities it or html.escape made.
    escaped = html.escape(text, quote=False)
    escaped = _MD_INLINE.sub(lambda m: f"&#{ord(m.group())};", escaped)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + f"&#{ord(m.group(2)[0])};" + m.group(2)[1:], escaped, count=1
    )


def _math_safe(math: str) -> str:
    # TeX spellings of the HTML-special characters keep the span inert even
    # where no math extension runs; MathJax and KaTeX both know them.
    return math.replace("&", r"\&").replace("<", r"\lt ").replace(">", r"\gt ")


def md_text(text: str, math: bool = False) -> str:
    """Inline Markdown that renders exactly as ``text``.

    With ``math``, ``$...$`` spans are kept for arithmatex to render (their
    content never holds HTML-special characters); everything else
    is escaped, including a lone ``$``.
    """
    if not math:
        return _md_plain(text)
    out: list[str] = []
    last = 0
    for match in MATH_SPAN.finditer(text):
        out.append(_md_plain(text[last : match.start()]))
        out.append("$" + _math_safe(match.group(1)) + "$")
        last = match.end()
    out.append(_md_plain(text[last:]))
    return "".join(out)


def md_text_with_links(text: str) -> str:
    """Inline Markdown of ``text`` keeping math, with the URLs it names as links.

    An abstract's "Code: github.com/x/y" becomes a link a reader can follow;
    anything but an http(s) address stays text.
    """
    out: list[str] = []
    last = 0
    for start, end, url in url_spans(text):
        out.append(md_text(text[last:start], math=True))
        out.append(md_link(text[start:end], url))
        last = end
    out.append(md_text(text[last:], math=True))
    return "".join(out)


def has_math(text: str) -> bool:
    """Whether ``md_text(text, math=True)`` keeps a math span for the renderer."""
    return MATH_SPAN.search(text) is not None


def yaml_value(text: str) -> str:
    """A double-quoted YAML scalar whose value is ``text`` HTML-escaped.

    Material prints front-matter ``title`` and ``description`` raw into the
    page, so the value carries entities, not markup.
    """
    dumped = yaml.safe_dump(html_text(text), default_style='"', allow_unicode=True, width=1_000_000)
    return dumped.strip().removesuffix("...").strip()


def safe_url(url: str) -> str | None:
    """An http(s) URL safe inside a Markdown link, or None for anything else.

    ``javascript:``, ``data:`` and relative URLs from listings never become links.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    # Percent-encode what would end or break a Markdown link destination.
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._")


def md_link(text: str, url: str) -> str:
    """A Markdown link, or just the escaped text when the URL is not safe."""
    target = safe_url(url)
    label = md_text(text)
    return f"[{label}](<{target}>)" if target else label
