"""Whitespace the browser never shows, taken out of built pages.

Material's templates indent every line; a paper page carried 3 KB of it.
A run of whitespace that holds a line break is shown as one space wherever
whitespace is collapsed, so it becomes a single line break. Inside <pre>,
<textarea> and <script> whitespace is kept as it is.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
_BREAK_RUN = re.compile(r"[ \t\r\f]*\n\s*")


def collapse_whitespace(html: str) -> str:
    parts = _KEEP.split(html)
    # split() gives text, kept block, tag name, text, kept block, tag name, ...
    out = []
    for index in range(0, len(parts), 3):
        out.append(_BREAK_RUN.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
