"""Text normalisation applied to everything a reader takes from a listing."""

from __future__ import annotations

import html
import re

import ftfy

_SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """One-line text: entities decoded, mojibake repaired, whitespace collapsed.

    Hard wraps become spaces. LaTeX is left alone: the page renders the math.
    """
    if not text:
        return ""
    text = html.unescape(text)
    # ftfy repairs mis-decoded UTF-8 (JosÃ© -> José) but must not touch
    # characters that are already right; its defaults only undo mojibake.
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
