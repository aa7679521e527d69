"""Escaping for every place listing text lands: Markdown, HTML, YAML, URLs.

Text from a listing is untrusted data. Python-Markdown does not sanitise raw
HTML, MkDocs' Jinja environment does not autoescape, and Material prints the
front-matter title raw. So each value is escaped for its destination here,
and templates only ever receive already-escaped strings through these
filters; nothing from a listing is rendered as a template.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urlsplit

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
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters a YAML double-quoted scalar must not hold raw (see yaml_value).
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def html_text(text: str) -> str:
    """Text for an HTML element or attribute.

    Control characters (which HTML forbids, and which Python-Markdown uses as
    placeholders) become U+FFFD.
    """
    return html.escape(_CONTROL.sub("\ufffd", text), quote=True)


def html_math(text: str) -> str:
    """HTML text with its ``$...$`` spans marked as math, as arithmatex marks them.

    ``<span class="arithmatex">\\(...\\)</span>``: assets/paper-math.js
    typesets those elements with KaTeX, from their text.
    """
    out: list[str] = []
    last = 0
    for match in MATH_SPAN.finditer(text):
        out.append(html_text(text[last : match.start()]))
        out.append(f'<span class="arithmatex">\\({html_text(match.group(1))}\\)</span>')
        last = match.end()
    out.append(html_text(text[last:]))
    return "".join(out)


def html_link(label: str, url: str) -> str:
    """``<a href>`` of an http(s) URL, or just the escaped label for anything else."""
    target = safe_url(url)
    text = html_text(label)
    return f'<a href="{html_text(target)}">{text}</a>' if target else text


def html_rich(text: str) -> str:
    """HTML of ``text`` with math marked and the URLs it names as links."""
    out: list[str] = []
    last = 0
    for start, end, url in url_spans(text):
        out.append(html_math(text[last:start]))
        out.append(html_link(text[start:end], url))
        last = end
    out.append(html_math(text[last:]))
    return "".join(out)


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
    page, so the value carries entities, not markup. A JSON string is a YAML
    double-quoted scalar (and 30 times faster to make than with PyYAML's
    emitter, which took a third of writing 20,000 pages); what JSON leaves raw
    but YAML reads as a line break or refuses (U+0085, U+2028/9, C1 controls,
    surrogates, U+FFFE/F) is escaped as well.
    """
    dumped = json.dumps(html_text(text), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


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
