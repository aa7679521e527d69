"""Stable, readable page paths for papers, remembered across builds.

A new paper's path is its title slugified. Once given, a path is recorded in
the path registry (``paper-paths.json``, committed with the listings) under
every identity key of the paper: its arXiv id, its DOI, its title key. Later
builds look the keys up first, so a paper keeps its path when a later listing
enriches it (adds an arXiv id, fixes its title), when the listing that first
named it is removed, and when other papers come and go.

When two paths turn out to be one paper (a listing links a title-only record
to an arXiv id that had a page of its own), one path survives and the other
redirects to it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from slugify import slugify

from generator.errors import SiteError
from generator.identity import doi_key, identity_keys, key_kind, keys_conflict, title_key
from generator.model import Paper

MAX_SLUG_LENGTH = 80
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGISTRY_FILE = "paper-paths.json"
_TABLES = {"slugs", "redirects", "since"}


# Names Windows keeps for devices, whatever follows them; "index" is a folder's
# own page to MkDocs (papers/index.md would be served as papers/).
RESERVED_SLUGS = frozenset(
    {"index", "con", "prn", "aux", "nul"}
    | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)}
)


def is_safe_slug(slug: str) -> bool:
    """A page path of lower-case letters, digits and hyphens that every system can hold."""
    return bool(_SLUG.match(slug)) and slug not in RESERVED_SLUGS


def base_slug(title: str) -> str:
    """The title as a path: transliterated to Latin letters where python-slugify can.

    A title with nothing to spell (only punctuation, emoji) gets ``paper-`` and a
    short hash of itself: readable, and the same on every build.
    """
    # save_order: cut at the first word that does not fit, never skip a word.
    slug = slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)
    if not slug:
        return "paper-" + hashlib.sha1(title.strip().encode()).hexdigest()[:8]
    return f"{slug}-paper" if slug in RESERVED_SLUGS else slug


def _disambiguator(paper: Paper) -> str:
    if paper.arxiv_id:
        return slugify(paper.arxiv_id)
    if paper.doi:
        return hashlib.sha1(doi_key(paper.doi).encode()).hexdigest()[:8]
    # What the paper says, never where it was listed: a listing's line numbers move.
    identity = title_key(paper.title) + "|" + "|".join(paper.authors)
    return hashlib.sha1(identity.encode()).hexdigest()[:8]


class RegistryError(SiteError, ValueError):
    """The path registry file cannot be used as it is."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        where = f"{path.name}, line {line}" if line else path.name
        super().__init__(f"{where}: {message}")
        self.line = line


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _registry_value_ok(table: str, value: str) -> bool:
    return bool(_ISO_DAY.match(value) if table == "since" else _SLUG.match(value))


def _line_of(text: str, key: str) -> int | None:
    """The line where ``"key"`` first appears in the registry's text."""
    at = text.find(json.dumps(key, ensure_ascii=False))
    return text.count("\n", 0, at) + 1 if at >= 0 else None


@dataclass
class PathRegistry:
    """Every paper path ever published: identity key -> slug, and old slug -> new."""

    slugs: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    since: dict[str, str] = field(default_factory=dict)  # slug -> ISO date it was first given

    @classmethod
    def load(cls, path: Path) -> PathRegistry:
        """The registry in ``path`` (empty when there is none yet).

        A broken file raises RegistryError naming the file and line: it is
        never replaced by an empty registry, which would give every paper a
        new path and a new first-seen date.
        """
        if not path.is_file():
            return cls()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RegistryError(path, None, f"cannot read it: {exc}") from exc
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith(("<<<<<<<", "=======", ">>>>>>>")):
                raise RegistryError(
                    path, number, "an unresolved merge conflict (keep both sides' entries)"
                )
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RegistryError(path, exc.lineno, f"not valid JSON: {exc.msg}") from exc
        if not isinstance(data, dict):
            raise RegistryError(path, 1, 'expected an object with "slugs", "redirects", "since"')
        for name in sorted(set(data) - _TABLES):
            raise RegistryError(path, _line_of(text, name), f'unknown table "{name}"')
        tables: dict[str, dict[str, str]] = {}
        for name in sorted(_TABLES):
            table = data.get(name, {})
            if not isinstance(table, dict):
                raise RegistryError(path, _line_of(text, name), f'"{name}" must be an object')
            for key, value in table.items():
                if not isinstance(value, str) or not _registry_value_ok(name, value):
                    raise RegistryError(
                        path,
                        _line_of(text, key),
                        f'"{name}" entry "{key}": {json.dumps(value)} is not a '
                        + ("date YYYY-MM-DD" if name == "since" else "page path"),
                    )
            tables[name] = table
        return cls(tables["slugs"], tables["redirects"], tables["since"])

    def dumps(self) -> str:
        data = {
            "redirects": dict(sorted(self.redirects.items())),
            "since": dict(sorted(self.since.items())),
            "slugs": dict(sorted(self.slugs.items())),
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> bool:
        """Write the registry if it changed; True when it was written."""
        text = self.dumps()
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return True

    def update_redirects(self, new: dict[str, str], published: set[str]) -> dict[str, str]:
        """Record new redirects; drop those whose path is a page again; follow chains."""
        self.redirects.update(new)
        for old in [o for o in self.redirects if o in published]:
            del self.redirects[old]
        for old, target in list(self.redirects.items()):
            seen = {old}
            while target in self.redirects and target not in seen:
                seen.add(target)
                target = self.redirects[target]
            self.redirects[old] = target
        return {old: new for old, new in self.redirects.items() if new in published}


def _recorded_slugs(paper: Paper, registry: PathRegistry, owners: dict[str, set[str]]) -> list[str]:
    """Slugs the registry holds for this paper, strongest key first.

    A slug found only through the title is not this paper's when the registry
    ties that slug to an arXiv id or DOI the paper does not have: two papers
    can share a title, and the other one owned this path.
    """
    own = identity_keys(paper)
    found: list[str] = []
    for key in own:
        slug = registry.slugs.get(key)
        if slug is None or slug in found:
            continue
        if key_kind(key) == "title" and keys_conflict(own, owners.get(slug, set())):
            continue
        found.append(slug)
    return found


def assign_slugs(
    papers: list[Paper], registry: PathRegistry | None = None, today: str | None = None
) -> dict[str, str]:
    """Set a unique ``paper.slug`` on every paper and record it in ``registry``.

    A paper that no listing dates gets the day its path was first given
    (``today`` for a new path) as the day it was first seen: feeds then order
    it stably instead of moving it to the top on every build.

    Returns the redirects to publish, {old slug: new slug}: recorded paths,
    now and in earlier builds, of papers published under another path.
    """
    registry = registry if registry is not None else PathRegistry()
    # A path a listing asks for (a canonical record's "id", as export writes
    # it) is honoured after the registry's: exported catalogs keep their URLs.
    asked = {id(p): p.slug for p in papers if is_safe_slug(p.slug)}
    for paper in papers:
        paper.slug = ""
    owners: dict[str, set[str]] = {}
    for key, slug in registry.slugs.items():
        owners.setdefault(slug, set()).add(key)
    ordered = list(papers)  # reading order: earlier papers keep the plain slug
    known = {id(p): _recorded_slugs(p, registry, owners) for p in ordered}
    for paper in ordered:
        wanted = asked.get(id(paper))
        if wanted and wanted not in known[id(paper)] and wanted not in owners:
            known[id(paper)].append(wanted)
    claimed: set[str] = set()
    # Recorded paths first, strongest key first across all papers, so a paper
    # found by its id keeps its path before a same-titled paper asks for it.
    for rank in range(max((len(k) for k in known.values()), default=0)):
        for paper in ordered:
            if paper.slug or rank >= len(known[id(paper)]):
                continue
            slug = known[id(paper)][rank]
            if slug not in claimed:
                paper.slug = slug
                claimed.add(slug)
    reserved = set(registry.slugs.values()) | claimed
    for paper in ordered:
        if paper.slug:
            continue
        slug = base_slug(paper.title)
        if slug in reserved:
            slug = f"{slug}-{_disambiguator(paper)}"
        while slug in reserved:  # same title and same id: only a hash tells them apart
            slug = f"{slug}-{hashlib.sha1(slug.encode()).hexdigest()[:4]}"
        reserved.add(slug)
        paper.slug = slug
    published = {paper.slug for paper in papers}
    moved = {
        old: paper.slug
        for paper in ordered
        for old in known[id(paper)]
        if old != paper.slug and old not in published
    }
    today = today or date.today().isoformat()
    for paper in ordered:
        for key in identity_keys(paper):
            registry.slugs[key] = paper.slug
        since = registry.since.setdefault(paper.slug, today)
        paper.provenance = [replace(p, first_seen=p.first_seen or since) for p in paper.provenance]
    return registry.update_redirects(moved, published)
