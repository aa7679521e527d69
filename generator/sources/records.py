"""Canonical paper records (see ``generator.records``) as JSON, JSON Lines, YAML or CSV.

Accepted shapes, told apart by content (the file name's extension is only a hint):

- **JSON**: an array of records, or an object whose ``"papers"`` key holds that
  array (other top-level keys, e.g. export metadata, are ignored). A single
  record object is read as one paper.
- **JSON Lines**: one record object per line; blank lines are skipped.
- **YAML**: a list of records, or a mapping with a ``papers:`` list. Scalars
  are read as text (``arxiv_id: 2401.10000`` stays ``"2401.10000"``, dates stay
  strings); ``upvotes``/``comments`` are turned into integers.
- **CSV**: a header row of field names (case-insensitive), then one record a
  row. Comma-separated; tab or semicolon separators are detected from the
  header. ``authors``, ``categories``, ``keywords`` and ``affiliations`` hold
  several values separated by ``;``. Links go in a ``links`` column as
  ``kind=url; kind=url`` (a bare URL gets its kind from its address), and/or in
  one column per kind: ``code``, ``project``, ``pdf``, ``hf``, ``url`` (several
  URLs separated by ``;``). ``topics`` and ``sources`` have no CSV column.
  Empty cells mean "unknown".

Every record is validated against the schema. A record with a problem is not
read; each problem is an error naming the record (``entry`` = its 1-based index)
and, where the format has lines, its line (for YAML, the line of the field at
fault). A syntax error names its line. Text is cleaned like every reader's;
``topics`` are dropped (the taxonomy assigns topics on each build); ``id`` is
kept as the paper's slug. A paper's provenance is the record's ``sources`` (an
exported record says where the paper was listed), else this file's record, so
export -> read -> export gives the identical catalog.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.links import classify
from generator.model import Paper, Problem, ReadResult
from generator.records import (
    CSV_COLUMNS,
    CSV_LINK_COLUMNS,
    FIELDS,
    INT_FIELDS,
    LINK_KINDS,
    LIST_FIELDS,
    TEXT_FIELDS,
    field_of,
    record_to_paper,
    validate,
)
from generator.sources.same_id import FirstGiven
from generator.text import (
    LineIndex,
    clean,
    clean_list,
    lone_surrogates_message,
    replace_lone_surrogates,
    split_lines,
)
from generator.yaml_guard import AliasError, AliasGuard

NAME = "records"

_TITLE_KEY = re.compile(r'"title"\s*:')
_YAML_TITLE = re.compile(r"^\s*(?:-\s+)?title\s*:", re.MULTILINE)
_YAML_ITEM_TITLE = re.compile(r"^\s*-\s+title\s*:", re.MULTILINE)
_YAML_PAPERS = re.compile(r"^papers\s*:", re.MULTILINE)
_LINK_ITEM = re.compile(r"^([a-z]+)\s*=\s*(\S+)$")
_KNOWN_KEYS = set(FIELDS)


@dataclass
class _Item:
    """One record as found in the file, before validation."""

    value: Any
    index: int  # 1-based
    line: int | None = None
    field_lines: dict[str, int] = field(default_factory=dict)
    # Problems found while turning format text into the record (CSV links...).
    notes: list[str] = field(default_factory=list)


class _SyntaxProblem(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


# --- detection ------------------------------------------------------------------


def _records_score(data: Any) -> float:
    """How much parsed data looks like our records: 0, or 0.5-0.95 by known keys.

    A list of objects (or {"papers": [...]}) qualifies when most have a title and
    none has Hugging Face's {"paper": ...} shape; a lone object must be mostly
    our fields, since any JSON or YAML document may have a "title".
    """
    single = isinstance(data, dict) and "papers" not in data
    items = _top_items(data)
    if not isinstance(items, list) or not items:
        return 0.0
    dicts = [item for item in items[:50] if isinstance(item, dict)]
    if len(dicts) < len(items[:50]) or any("paper" in item for item in dicts):
        return 0.0
    if sum("title" in item for item in dicts) * 2 < len(dicts):
        return 0.0
    keys = [key for item in dicts for key in item]
    known = sum(key in _KNOWN_KEYS for key in keys) / len(keys)
    if single and known < 0.8:
        return 0.0
    return 0.5 + 0.45 * known


def _top_items(data: Any) -> Any:
    if isinstance(data, dict):
        if "papers" in data:
            return data["papers"]
        return [data]
    return data


def detect(text: str, filename: str) -> float:
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or stripped[0] in "<@":
        return 0.0
    hint = 0.05 if filename.lower().endswith((".json", ".jsonl", ".yml", ".yaml", ".csv")) else 0
    if stripped[0] in "[{":
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        else:
            score = _records_score(data)
            return score + hint if score else 0.0
        rows = _json_line_objects(stripped)
        if rows:
            score = _records_score(rows)
            return score + hint if score else 0.0
        # Broken JSON that still looks like records: read it to report the error.
        if _TITLE_KEY.search(stripped) and '"paper"' not in stripped:
            return 0.5 + hint
        return 0.0
    if (header := _csv_header(stripped)) is not None:
        return (0.85 if "title" in header[1] else 0.5) + hint
    if _YAML_TITLE.search(stripped):
        try:
            data = _load_yaml(stripped)
        except _SyntaxProblem:
            # Broken, but a list of records: read it to report the error.
            broken = _YAML_PAPERS.search(stripped) or _YAML_ITEM_TITLE.search(stripped)
            return 0.4 + hint if broken else 0.0
        score = _records_score(data)
        return min(score, 0.9) + hint if score else 0.0
    return 0.0


# --- JSON and JSON Lines --------------------------------------------------------------


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _array_lines(text: str, i: int) -> list[int]:
    """Lines where the items of the JSON array starting at ``text[i]`` begin."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    i = _skip_space(text, i + 1)
    while i < len(text) and text[i] != "]":
        lines.append(text.count("\n", 0, i) + 1)
        _, i = decoder.raw_decode(text, i)
        i = _skip_space(text, i)
        if i < len(text) and text[i] == ",":
            i = _skip_space(text, i + 1)
    return lines


def _json_item_lines(text: str) -> list[int]:
    """Start lines of the records in already-valid JSON, to locate problems."""
    decoder = json.JSONDecoder()
    i = _skip_space(text, 0)
    if text[i] == "[":
        return _array_lines(text, i)
    start_line = text.count("\n", 0, i) + 1
    i = _skip_space(text, i + 1)
    while i < len(text) and text[i] != "}":
        key, i = decoder.raw_decode(text, i)
        i = _skip_space(text, i)
        i = _skip_space(text, i + 1)  # the colon
        if key == "papers" and text[i] == "[":
            return _array_lines(text, i)
        _, i = decoder.raw_decode(text, i)
        i = _skip_space(text, i)
        if i < len(text) and text[i] == ",":
            i = _skip_space(text, i + 1)
    return [start_line]


def _from_json(text: str) -> list[_Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"JSON syntax error: {exc.msg} (column {exc.colno})"
        raise _SyntaxProblem(message, exc.lineno) from None
    items = _top_items(data)
    if not isinstance(items, list):
        raise _SyntaxProblem('"papers" must be a list of records', 1)
    lines = _json_item_lines(text)
    return [
        _Item(value, n, lines[n - 1] if n <= len(lines) else None)
        for n, value in enumerate(items, start=1)
    ]


def _from_json_lines(text: str, problems: list[tuple[str, int | None, int]]) -> list[_Item]:
    items: list[_Item] = []
    index = 0
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        index += 1
        try:
            items.append(_Item(json.loads(line), index, number))
        except json.JSONDecodeError as exc:
            problems.append((f"JSON syntax error: {exc.msg} (column {exc.colno})", number, index))
    return items


def _json_line_objects(text: str) -> list[Any]:
    """The objects of the first lines, when most lines parse alone as JSON objects."""
    lines = [line for line in split_lines(text) if line.strip()][:20]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return []
    objects = []
    for line in lines:
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            objects.append(value)
    return objects if len(objects) * 2 > len(lines) else []


def _is_json_lines(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return bool(_json_line_objects(text))
    return False  # one JSON document, maybe spread over lines


# --- YAML ---------------------------------------------------------------------------


class _TextLoader(AliasGuard, yaml.SafeLoader):
    """YAML where every plain scalar is text, except null (~, empty); no alias bombs."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml_node(text: str) -> tuple[Any, yaml.Node | None]:
    try:
        loader = _TextLoader(text)  # its reader already rejects control characters
    except yaml.YAMLError as exc:
        raise _SyntaxProblem(f"YAML syntax error: {exc}", None) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # PyYAML also starts a line at NEL and U+2028; editors do not.
        where = LineIndex(text).line(mark.index) if mark is not None else None
        kind = "YAML" if isinstance(exc, AliasError) else "YAML syntax error"
        raise _SyntaxProblem(f"{kind}: {exc.problem or exc.context}", where) from None
    except yaml.YAMLError as exc:
        raise _SyntaxProblem(f"YAML syntax error: {exc}", None) from None
    finally:
        loader.dispose()
    return data, node


def _load_yaml(text: str) -> Any:
    return _load_yaml_node(text)[0]


def _from_yaml(text: str) -> list[_Item]:
    data, node = _load_yaml_node(text)
    items = _top_items(data)
    if not isinstance(items, list):
        raise _SyntaxProblem('"papers" must be a list of records', 1)
    seq = node
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict) and "papers" in data:
        seq = next(v for k, v in node.value if k.value == "papers")
    item_nodes = seq.value if isinstance(seq, yaml.SequenceNode) else [node]
    found: list[_Item] = []
    lines = LineIndex(text)
    for n, value in enumerate(items, start=1):
        item_node = item_nodes[n - 1] if n <= len(item_nodes) else None
        item = _Item(_yaml_numbers(value), n)
        if item_node is not None:
            item.line = lines.line(item_node.start_mark.index)
            if isinstance(item_node, yaml.MappingNode):
                item.field_lines = {
                    k.value: lines.line(k.start_mark.index) for k, _ in item_node.value
                }
        found.append(item)
    return found


def _as_int(value: Any) -> Any:
    """Digits become an int; anything else is left for validation to report."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    return value


def _yaml_numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _as_int(v) if k in INT_FIELDS else v for k, v in value.items()}
    return value


# --- CSV ------------------------------------------------------------------------------


def _csv_header(text: str) -> tuple[str, list[str]] | None:
    """(delimiter, column names) when the first line is a records header.

    Most names must be record fields; a header without a title column still
    counts when it names two fields or more, so the reader can say what is missing.
    """
    first = text.split("\n", 1)[0].strip().lower()
    known = set(CSV_COLUMNS) | set(CSV_LINK_COLUMNS)
    best: tuple[bool, int, str, list[str]] | None = None
    for delimiter in (",", "\t", ";"):
        if delimiter not in first and first != "title":
            continue
        names = [name.strip().strip('"').strip() for name in first.split(delimiter)]
        score = sum(name in known for name in names)
        if ("title" in names or score >= 2) and score * 2 >= len(names):
            candidate = ("title" in names, score, delimiter, names)
            best = candidate if best is None else max(best, candidate)
    return (best[2], best[3]) if best is not None else None


def _csv_links(cell: str, kind: str | None, notes: list[str]) -> list[dict[str, str]]:
    links = []
    for part in cell.split(";"):
        part = part.strip()
        if not part:
            continue
        if kind is not None:
            links.append({"kind": kind, "url": part})
            continue
        match = _LINK_ITEM.match(part)
        if match and match.group(1) in LINK_KINDS:
            links.append({"kind": match.group(1), "url": match.group(2)})
        elif part.lower().startswith(("http://", "https://")):
            links.append({"kind": classify(part), "url": part})
        else:
            notes.append(
                f'field "links": {part!r} is not kind=url (kinds: {", ".join(LINK_KINDS)})'
            )
    return links


def _from_csv(text: str, problems: list[tuple[str, int | None, int]]) -> list[_Item]:
    header = _csv_header(text)
    if header is None:
        raise _SyntaxProblem("CSV header must name the fields, with a title column", 1)
    delimiter, columns = header
    if "title" not in columns:
        raise _SyntaxProblem(
            f"the CSV header has no title column (columns: {', '.join(columns)})", 1
        )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    names = [name.strip().lower() for name in next(reader)]
    known = set(CSV_COLUMNS) | set(CSV_LINK_COLUMNS)
    for name in names:
        if name and name not in known:
            problems.append((f'unknown column "{name}"', 1, 0))
    items: list[_Item] = []
    index = 0
    last_line = reader.line_num
    try:
        for row in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            index += 1
            item = _Item({}, index, line)
            extra = [cell for cell in row[len(names) :] if cell.strip()]
            if extra:
                item.notes.append(f"{len(row)} cells but the header has {len(names)} columns")
            elif len(row) < len(names):  # a lost separator shifts every later field
                missing = ", ".join(names[len(row) :])
                item.notes.append(
                    f"{len(row)} cells but the header has {len(names)} columns (no {missing})"
                )
            record: dict[str, Any] = {}
            links: list[dict[str, str]] = []
            for name, cell in zip(names, row, strict=False):
                cell = cell.strip()
                if not cell or name not in known:
                    continue
                if name == "links":
                    links[:0] = _csv_links(cell, None, item.notes)
                elif name in CSV_LINK_COLUMNS:
                    links.extend(_csv_links(cell, name, item.notes))
                elif name in LIST_FIELDS:
                    record[name] = [v.strip() for v in cell.split(";") if v.strip()]
                elif name in INT_FIELDS:
                    record[name] = _as_int(cell)
                else:
                    record[name] = cell
            if links:
                record["links"] = links
            item.value = record
            items.append(item)
    except csv.Error as exc:
        problems.append((f"CSV syntax error: {exc}", reader.line_num, index + 1))
    return items


# --- reading ----------------------------------------------------------------------------


def _sub_format(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        return "jsonl" if _is_json_lines(stripped) else "json"
    if _csv_header(stripped) is not None:
        return "csv"
    return "yaml"


def _clean_paper(paper: Paper, origin: str, entry: str) -> Paper:
    paper.title = clean(paper.title)
    for name in TEXT_FIELDS:
        value = getattr(paper, name)
        if value:
            setattr(paper, name, clean(value) or (None if name != "abstract" else ""))
    for name in LIST_FIELDS:
        setattr(paper, name, clean_list(getattr(paper, name)))
    links, paper.links = paper.links, []
    for link in links:
        paper.add_link(link.kind, link.url)
    paper.topics = []
    return paper


def read(text: str, origin: str) -> ReadResult:
    result = ReadResult()
    text = text.lstrip("\ufeff")
    raw: list[tuple[str, int | None, int]] = []  # (message, line, entry) before records
    fmt = _sub_format(text)
    try:
        if fmt == "json":
            items = _from_json(text)
        elif fmt == "jsonl":
            items = _from_json_lines(text, raw)
        elif fmt == "csv":
            items = _from_csv(text, raw)
        else:
            items = _from_yaml(text)
    except _SyntaxProblem as exc:
        result.problems.append(Problem(origin, str(exc), line=exc.line))
        return result
    for message, line, entry in raw:
        result.problems.append(
            Problem(origin, message, line=line, entry=str(entry) if entry else None)
        )
    ids = FirstGiven()
    for item in items:
        item.value, halves = replace_lone_surrogates(item.value)
        if halves:
            result.problems.append(
                Problem(
                    origin,
                    lone_surrogates_message(halves),
                    line=item.line,
                    entry=str(item.index),
                    severity="warning",
                )
            )
        messages = item.notes + validate(item.value)
        for message in messages:
            name = field_of(message)
            line = item.field_lines.get(name, item.line) if name else item.line
            result.problems.append(Problem(origin, message, line=line, entry=str(item.index)))
        if messages:
            continue
        where = f"line {item.line}" if item.line is not None else f"entry {item.index}"
        if (first := ids.other_title(item.value.get("id"), item.value["title"], where)) is not None:
            message = (
                f'id "{item.value["id"]}" is already the id of "{first[1]}" ({first[0]}): '
                "two papers cannot share a page path; this record is not read"
            )
            result.problems.append(Problem(origin, message, item.line, str(item.index)))
            continue
        paper = record_to_paper(item.value, origin, where)
        paper = _clean_paper(paper, origin, where)
        if not paper.title:  # control characters only: nothing to show or to link
            message = f'field "title": {item.value["title"]!r} has no printable text'
            result.problems.append(Problem(origin, message, item.line, str(item.index)))
            continue
        result.papers.append(paper)
    return result
