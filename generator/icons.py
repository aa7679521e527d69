"""The theme's icons in one SVG sprite, so pages reference them instead of
repeating them.

Material prints every icon's SVG inline on every page (logo, menu, search,
palette toggles: about 2.8 KB of each paper page, 140 MB at 50,000 papers).
The site's templates print ``<svg><use href="assets/icons.svg#name"/></svg>``
instead; this module builds that sprite from the theme's own icon files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

SPRITE = "assets/icons.svg"
_SVG = re.compile(r"<svg\b([^>]*)>(.*)</svg>", re.DOTALL)
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')


def symbol_id(icon: str) -> str:
    """'material/magnify' -> 'material-magnify' (the fragment pages link to)."""
    return icon.replace("/", "-")


def build_sprite(icons: Iterable[str], icon_dirs: Iterable[Path]) -> str:
    """One SVG holding a <symbol> per icon, read from the first dir that has it."""
    dirs = list(icon_dirs)
    symbols = []
    for icon in sorted(set(icons)):
        source = next((d / f"{icon}.svg" for d in dirs if (d / f"{icon}.svg").is_file()), None)
        if source is None:
            raise FileNotFoundError(
                f"icon {icon!r} is not in the theme ({', '.join(map(str, dirs))})"
            )
        match = _SVG.search(source.read_text(encoding="utf-8"))
        if match is None:
            raise ValueError(f"{source}: not an SVG icon")
        viewbox = _VIEWBOX.search(match.group(1))
        box = viewbox.group(1) if viewbox else "0 0 24 24"
        symbols.append(
            f'<symbol id="{escape(symbol_id(icon))}" viewBox="{escape(box)}">'
            f"{match.group(2)}</symbol>"
        )
    return '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"
