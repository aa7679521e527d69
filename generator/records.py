"""The canonical paper record: one JSON object per paper.

``export`` writes these records and the ``records`` reader reads them back, so
a site's papers can be kept, diffed and edited as data. A record is a JSON
object (or the same shape in JSON Lines, YAML or CSV, see
``generator.sources.records``) with these fields, in this order:

| field | type | notes |
|---|---|---|
| `id` | string | the paper's page key (slug); optional on input; no spaces |
| `title` | string | **required**, not blank |
| `abstract` | string | |
| `authors` | list of strings | in order, one name per item |
| `published` | string | ISO date `YYYY-MM-DD`; `YYYY-MM` or `YYYY` if that is all (1) |
| `updated` | string | as `published` (1) |
| `arxiv_id` | string | `2401.01234` or `cond-mat/0412498` (2) |
| `doi` | string | `10.1234/abc` (3) |
| `venue` | string | journal, conference or journal reference |
| `comment` | string | free note (arXiv comment) |
| `summary` | string | a short machine summary |
| `bibtex` | string | the listing's own BibTeX entry, as read (6) |
| `links` | list of `{kind, url}` | kind: code, project, arxiv, pdf, doi, hf, url |
| `categories` | list of strings | arXiv categories, e.g. `cs.LG` |
| `keywords` | list of strings | source keywords; the taxonomy maps them to topics |
| `affiliations` | list of strings | |
| `upvotes` | integer >= 0 | |
| `comments` | integer >= 0 | number of discussion comments |
| `topics` | list of `{topic, reason}` | output only (4) |
| `sources` | list of `{listing, entry, first_seen}` | where it was listed (5) |

1. A full ISO date-time is accepted and cut to its date.
2. An `arXiv:` prefix, a version (`v2`) and an old-style id's subject class
   (`math.GT/0309136`) are accepted and dropped; the archive is lower-cased.
3. A `doi:` or `https://doi.org/` prefix is accepted and dropped.
4. Written by `export`. Accepted on input so an export reads back, but the
   records reader drops them: the taxonomy assigns topics on every build.
5. `first_seen` is an optional ISO date. Link `url`s must be http(s).
6. Kept as written, line breaks included; a citation is made from it only
   when it is one well-formed entry (see ``generator.citations``).

Rules:

- Any other field is an error (`unknown field "titel" (did you mean "title"?)`),
  so a typo never passes unnoticed. Nested objects (links, topics, sources) are
  closed the same way.
- Optional fields may be left out, or given as `null`; both mean "unknown".
- Output (`paper_to_record`) leaves out empty and unknown fields and always uses
  the order above, so exports are compact and diff well.
- `validate(record)` returns one message per problem, each naming its field:
  `field "authors": 'x' is not of type 'array'`. Items of lists are counted
  from 1: `field "links[2].kind": ...`.
- `record_to_paper(paper_to_record(p), ...)` gives back ``p``, and converting
  that again gives the identical record.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from generator.arxiv_ids import ARXIV_ID_PATTERN, parse_arxiv_id
from generator.identity import normalise_doi
from generator.model import Link, Paper, Provenance, TopicAssignment

# Patterns accept the forms people paste; record_to_paper normalises them.
_DATE = (  # YYYY, YYYY-MM or YYYY-MM-DD, optionally with a time that is dropped
    r"^\d{4}(?:-\d{2}(?:-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
# An id in the syntax generator.arxiv_ids knows, after an optional "arXiv:".
_ARXIV = rf"^(?:[aA][rR][xX][iI][vV]:)?{ARXIV_ID_PATTERN}$"
_DOI = r"^(?:(?:https?://(?:dx\.)?doi\.org/)|(?:doi:))?10\.\d{4,9}/\S+$"
_URL = r"^https?://\S+$"
_ID = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
_NOT_BLANK = r"\S"

_PATTERN_MEANING = {
    _DATE: "is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)",
    _ARXIV: "is not an arXiv id (like 2401.01234 or cond-mat/0412498)",
    _DOI: "is not a DOI (like 10.1234/abc)",
    _URL: "is not an http(s) URL",
    _ID: "is not a page key (letters, digits, '.', '_', '-', '/'; no spaces)",
    _NOT_BLANK: "must not be blank",
}

LINK_KINDS = ["code", "project", "arxiv", "pdf", "doi", "hf", "url"]


def _text(pattern: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["string", "null"]}
    if pattern:
        schema["pattern"] = pattern
    return schema


def _strings() -> dict[str, Any]:
    return {"type": ["array", "null"], "items": {"type": "string", "pattern": _NOT_BLANK}}


def _count() -> dict[str, Any]:
    return {"type": ["integer", "null"], "minimum": 0}


def _objects(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": ["array", "null"],
        "items": {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        },
    }


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Paper record",
    "description": "One paper as exported by the site generator and read by its records reader.",
    "type": "object",
    "required": ["title"],
    "additionalProperties": False,
    "properties": {
        "id": _text(_ID),
        "title": {"type": "string", "pattern": _NOT_BLANK},
        "abstract": _text(),
        "authors": _strings(),
        "published": _text(_DATE),
        "updated": _text(_DATE),
        "arxiv_id": _text(_ARXIV),
        "doi": _text(_DOI),
        "venue": _text(),
        "comment": _text(),
        "summary": _text(),
        "bibtex": _text(),
        "links": _objects(
            {"kind": {"enum": LINK_KINDS}, "url": {"type": "string", "pattern": _URL}},
            ["kind", "url"],
        ),
        "categories": _strings(),
        "keywords": _strings(),
        "affiliations": _strings(),
        "upvotes": _count(),
        "comments": _count(),
        "topics": _objects(
            {
                "topic": {"type": "string", "pattern": _NOT_BLANK},
                "reason": {"type": "string"},
            },
            ["topic", "reason"],
        ),
        "sources": _objects(
            {
                "listing": {"type": "string", "pattern": _NOT_BLANK},
                "entry": {"type": "string"},
                "first_seen": _text(_DATE),
            },
            ["listing", "entry"],
        ),
    },
}

FIELDS: list[str] = list(SCHEMA["properties"])
LIST_FIELDS = ["authors", "categories", "keywords", "affiliations"]
INT_FIELDS = ["upvotes", "comments"]
TEXT_FIELDS = ["abstract", "venue", "comment", "summary"]

_VALIDATOR = Draft202012Validator(SCHEMA)


# --- validation -------------------------------------------------------------


def _path(parts: Iterable[Any]) -> str:
    """``['links', 0, 'kind']`` -> ``links[1].kind``: list items counted from 1."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _type_names(expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else [t for t in expected if t != "null"]
    return " or ".join(repr(name) for name in names)


def _message(error: ValidationError) -> list[str]:
    where = _path(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "additionalProperties" and isinstance(value, dict):
        known = list(error.schema.get("properties", {}))
        messages = []
        for extra in sorted(k for k in value if k not in known):
            hint = difflib.get_close_matches(str(extra), known, n=1)
            tip = f' (did you mean "{hint[0]}"?)' if hint else ""
            if where:
                messages.append(f'field "{where}": unknown key "{extra}"{tip}')
            else:
                messages.append(f'unknown field "{extra}"{tip}')
        return messages
    if kind == "required" and isinstance(value, dict):
        missing = [name for name in error.validator_value if name not in value]
        if where:
            return [f'field "{where}": missing key "{name}"' for name in missing]
        return [f'missing required field "{name}"' for name in missing]
    if kind == "type" and not where:
        return [f"a record must be an object with a title, not {type(value).__name__}"]
    if kind == "type":
        text = f"{value!r} is not of type {_type_names(error.validator_value)}"
    elif kind == "pattern":
        meaning = _PATTERN_MEANING.get(str(error.validator_value))
        text = f"{value!r} {meaning}" if meaning else error.message
    else:
        text = error.message
    return [f'field "{where}": {text}']


def _bad_dates(record: dict[str, Any]) -> list[str]:
    """Dates that match the pattern but are not on the calendar (2024-02-30)."""
    found: list[tuple[str, Any]] = [(n, record.get(n)) for n in ("published", "updated")]
    sources = record.get("sources")
    if isinstance(sources, list):
        for i, source in enumerate(sources):
            if isinstance(source, dict):
                found.append((f"sources[{i + 1}].first_seen", source.get("first_seen")))
    messages = []
    for name, value in found:
        if isinstance(value, str) and re.match(_DATE, value):
            day = value[:10]
            # A year or a year-month is checked as its first day.
            day = {4: f"{day}-01-01", 7: f"{day}-01"}.get(len(day), day)
            try:
                date.fromisoformat(day)
            except ValueError:
                messages.append(f'field "{name}": {value!r} is not a real date')
    return messages


def _order(error: ValidationError) -> tuple[int, str]:
    path = list(error.absolute_path)
    first = FIELDS.index(path[0]) if path and path[0] in FIELDS else -1
    return first, _path(path)


def validate(record: Any) -> list[str]:
    """Every problem with ``record``, one message each, naming the field.

    An empty list means the record is valid.
    """
    messages: list[str] = []
    for error in sorted(_VALIDATOR.iter_errors(record), key=_order):
        messages.extend(_message(error))
    if isinstance(record, dict):
        messages.extend(_bad_dates(record))
    return messages


def field_of(message: str) -> str | None:
    """The top-level field a ``validate`` message is about, if any."""
    match = re.match(r'^(?:field|unknown field|missing required field) "([^".\[]+)', message)
    return match.group(1) if match else None


# --- conversion ---------------------------------------------------------------


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def paper_to_record(paper: Paper) -> dict[str, Any]:
    """The record for ``paper``: fields in schema order, empty and unknown ones left out."""
    values: dict[str, Any] = {
        "id": paper.slug,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": list(paper.authors),
        "published": paper.published,
        "updated": paper.updated,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "venue": paper.venue,
        "comment": paper.comment,
        "summary": paper.summary,
        "bibtex": paper.bibtex,
        "links": [{"kind": link.kind, "url": link.url} for link in paper.links],
        "categories": list(paper.categories),
        "keywords": list(paper.keywords),
        "affiliations": list(paper.affiliations),
        "upvotes": paper.upvotes,
        "comments": paper.comments,
        "topics": [{"topic": t.topic, "reason": t.reason} for t in paper.topics],
        "sources": [_source(p) for p in paper.provenance],
    }
    # 0 upvotes is a fact, so only None, "" and [] count as empty.
    return {name: v for name, v in values.items() if v is not None and v != "" and v != []}


def _source(provenance: Provenance) -> dict[str, str]:
    source = {"listing": provenance.listing, "entry": provenance.entry}
    if provenance.first_seen:
        source["first_seen"] = provenance.first_seen
    return source


def record_to_paper(record: dict[str, Any], origin: str, entry: str) -> Paper:
    """The Paper a valid record describes (check it with ``validate`` first).

    Text is taken as written; readers clean it. The record's ``sources`` become
    the paper's provenance; a record without sources gets ``(origin, entry)``,
    the place it was read from. ``id`` becomes the slug, ``topics`` are kept.
    """
    doi = record.get("doi")
    sources = [
        Provenance(s["listing"], s["entry"], _day(s.get("first_seen")))
        for s in record.get("sources") or []
    ]
    return Paper(
        title=record["title"],
        abstract=record.get("abstract") or "",
        authors=list(record.get("authors") or []),
        published=_day(record.get("published")),
        updated=_day(record.get("updated")),
        arxiv_id=parse_arxiv_id(record.get("arxiv_id")),
        doi=normalise_doi(doi) if doi else None,
        venue=record.get("venue") or None,
        comment=record.get("comment") or None,
        summary=record.get("summary") or None,
        bibtex=record.get("bibtex") or None,
        links=[Link(link["kind"], link["url"]) for link in record.get("links") or []],
        categories=list(record.get("categories") or []),
        keywords=list(record.get("keywords") or []),
        affiliations=list(record.get("affiliations") or []),
        upvotes=record.get("upvotes"),
        comments=record.get("comments"),
        provenance=sources or [Provenance(origin, entry)],
        topics=[TopicAssignment(t["topic"], t["reason"]) for t in record.get("topics") or []],
        slug=record.get("id") or "",
    )


# --- CSV ------------------------------------------------------------------------

# CSV has no nesting: lists are joined with "; ", links are "kind=url" items,
# and topics/sources (output-only or pipeline data) have no column.
CSV_COLUMNS: list[str] = [f for f in FIELDS if f not in ("topics", "sources")]
CSV_LINK_COLUMNS = ["code", "project", "pdf", "hf", "url"]  # one kind of link each
CSV_SEPARATOR = "; "


def record_to_csv_row(record: dict[str, Any]) -> dict[str, str]:
    """A record as CSV cells for ``CSV_COLUMNS`` (the records reader reads them back)."""
    row: dict[str, str] = {}
    for name in CSV_COLUMNS:
        value = record.get(name)
        if value is None:
            row[name] = ""
        elif name == "links":
            row[name] = CSV_SEPARATOR.join(f"{link['kind']}={link['url']}" for link in value)
        elif isinstance(value, list):
            row[name] = CSV_SEPARATOR.join(value)
        else:
            row[name] = str(value)
    return row
