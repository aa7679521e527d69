"""Text normalisation applied to everything a reader takes from a listing."""

from __future__ import annotations

import bisect
import html
import re
from typing import Any

import ftfy

_SPACE = re.compile(r"\s+")
# Printable ASCII and ordinary whitespace: text ftfy has nothing to repair in
# (mojibake needs bytes above 0x7F); skipping it saves a fifth of reading a feed.
_PLAIN = re.compile(r"[\t\n\r\x20-\x7e]*")


def clean(text: str | None) -> str:
    """One-line text: entities decoded, mojibake repaired, whitespace collapsed.

    Hard wraps become spaces. LaTeX is left alone: the page renders the math.
    """
    if not text:
        return ""
    text = html.unescape(text)
    # ftfy repairs mis-decoded UTF-8 (JosÃ© -> José) but must not touch
    # characters that are already right; its defaults only undo mojibake.
    if not _PLAIN.fullmatch(text):
        text = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, normalization="NFC")
    return _SPACE.sub(" ", text).strip()


def clean_list(values: list[str]) -> list[str]:
    """Clean each value, dropping empties and exact repeats, keeping order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        value = clean(value)
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_lone_surrogates(value: Any) -> tuple[Any, int]:
    """Parsed JSON or YAML with each lone surrogate made U+FFFD, and how many there were.

    A JSON or YAML escape can spell half of a UTF-16 surrogate pair
    (``"\\ud83d"``): that is no character, and no page or message can be
    written with it.
    """
    if isinstance(value, str):
        return _SURROGATE.subn("\ufffd", value)
    if isinstance(value, list):
        items = [replace_lone_surrogates(item) for item in value]
        return [item for item, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        count = 0
        cleaned = {}
        for key, item in value.items():
            key, in_key = replace_lone_surrogates(key)
            cleaned[key], in_item = replace_lone_surrogates(item)
            count += in_key + in_item
        return cleaned, count
    return value, 0


def lone_surrogates_message(count: int) -> str:
    halves = "half" if count == 1 else f"{count} halves"
    return (
        f"{halves} of a UTF-16 surrogate pair (an escape such as \\ud83d without its "
        "other half) replaced by U+FFFD"
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as editors and ``grep -n`` count them: ended by \\n, \\r\\n or \\r.

    ``str.splitlines`` also breaks at form feeds, \\x1c-\\x1e, NEL and U+2028,
    which an editor shows inside a line (and JSON allows inside a string), so
    line numbers taken from it point past the line meant.
    """
    return _LINE_BREAK.split(text)


class LineIndex:
    """The line (counted as ``split_lines`` counts) of any offset in one text."""

    def __init__(self, text: str) -> None:
        self._starts = [match.end() for match in _LINE_BREAK.finditer(text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) + 1
