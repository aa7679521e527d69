"""Hugging Face daily-papers API responses (``/api/daily_papers``), saved as JSON.

The response is an array of entries, each with a ``paper`` object (``id`` is the
arXiv id; ``title`` and ``summary`` are often hard-wrapped) and a few listing
fields around it (``numComments``, ``submittedBy``...). Newer responses add
``ai_summary``, ``ai_keywords``, ``githubRepo``, ``projectPage``, ``githubStars``
and ``organization`` to the paper. A single entry, a single ``/api/papers/ID``
object (the paper without the wrapper) and arrays of those are read too.

Field mapping: ``summary`` -> abstract, ``ai_summary`` -> summary, ``ai_keywords``
-> keywords, ``paper.publishedAt`` -> published (date part),
``submittedOnDailyAt`` -> provenance ``first_seen``, ``paper.upvotes`` -> upvotes,
``numComments`` -> comments, ``organization.fullname`` -> affiliations. Authors
marked ``hidden`` are left out. ``githubStars`` has no place in ``Paper`` and is
ignored.

A file cut short (or broken) in the middle of the array still yields the entries
before the break; the break itself is reported with its line number.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.arxiv_ids import abs_url, parse_arxiv_id
from generator.links import classify, find_urls
from generator.model import Paper, Problem, Provenance, ReadResult, Severity
from generator.sources.same_id import FirstGiven, same_arxiv_id_message
from generator.text import clean, clean_list, lone_surrogates_message, replace_lone_surrogates

NAME = "hf-daily"

_HF_PAPER_URL = "https://huggingface.co/papers/{}"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Keys only Hugging Face paper objects carry; they tell its papers from other JSON.
_HF_KEYS = frozenset(
    {"upvotes", "discussionId", "ai_summary", "ai_keywords", "submittedOnDailyAt", "githubRepo"}
)
# A broken file cannot be parsed, but its start still shows whose it is.
_HF_SNIFF = re.compile(r'"paper"\s*:\s*\{\s*"(?:id|authors|title)"|"discussionId"\s*:')


def _looks_like_entry(item: object) -> bool:
    if not isinstance(item, dict):
        return False
    paper = item.get("paper")
    if isinstance(paper, dict):
        # Some saved responses keep the title only beside the paper object.
        return "id" in paper and ("title" in paper or "title" in item)
    return "id" in item and "title" in item and bool(_HF_KEYS & item.keys())


def detect(text: str, filename: str) -> float:
    if text.lstrip()[:1] not in ("[", "{"):
        return 0.0
    try:
        data = json.loads(text)
    except ValueError:
        # Broken JSON that is visibly a papers response: claim it so read()
        # can report where it breaks instead of "unknown format".
        return 0.6 if _HF_SNIFF.search(text[:20000]) else 0.0
    items = data if isinstance(data, list) else [data]
    sample = items[:20]
    if not sample:
        return 0.0
    hits = sum(1 for item in sample if _looks_like_entry(item))
    if hits == len(sample):
        return 0.95
    return 0.7 if hits * 2 >= len(sample) else 0.0


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _scan_array(text: str) -> tuple[list[tuple[int, Any]], json.JSONDecodeError | None]:
    """Offset and value of each element of a top-level array, up to the first error.

    Parsing element by element keeps every entry before a break and gives
    each entry's position, so problems can name a line.
    """
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if not text.startswith("[", pos):
        return [], json.JSONDecodeError("Expecting '['", text, pos)
    pos += 1
    found: list[tuple[int, Any]] = []
    while True:
        pos = _skip_ws(text, pos)
        if not found and text.startswith("]", pos):
            return found, None
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            return found, exc
        found.append((pos, value))
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos += 1
        elif text.startswith("]", pos):
            return found, None
        else:
            return found, json.JSONDecodeError("Expecting ',' delimiter", text, pos)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _entries(text: str, origin: str, result: ReadResult) -> list[tuple[int, Any]]:
    """(line, value) of each entry; JSON errors become Problems."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        found, error = _scan_array(text) if text.lstrip().startswith("[") else ([], exc)
        error = error or exc
        kept = f"; the {len(found)} entries before it were read" if found else ""
        result.problems.append(
            Problem(
                origin,
                f"invalid JSON ({error.msg}, column {error.colno}): the file is cut short "
                f"or broken here{kept}",
                line=error.lineno,
                entry=str(len(found) + 1) if text.lstrip().startswith("[") else None,
            )
        )
        return [(_line(text, offset), value) for offset, value in found]
    if isinstance(data, dict):
        return [(1, data)]
    if not isinstance(data, list):
        result.problems.append(
            Problem(origin, "JSON holds neither a paper object nor an array of them", line=1)
        )
        return []
    found, _ = _scan_array(text)  # valid JSON: only positions are wanted here
    return [(_line(text, offset), value) for offset, value in found]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _count(value: object) -> int | None:
    # bool is an int subclass; a true/false count is not a count.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _date(value: object) -> str | None:
    text = _text(value).strip()
    return text[:10] if _ISO_DATE.match(text) else None


def _authors(value: object) -> list[str]:
    names: list[str] = []
    for author in value if isinstance(value, list) else []:
        if isinstance(author, str):
            names.append(author)
        elif isinstance(author, dict) and author.get("hidden") is not True:
            user = author.get("user")
            fullname = user.get("fullname") if isinstance(user, dict) else None
            names.append(_text(author.get("name")) or _text(fullname))
    return clean_list(names)


def _organization(*candidates: object) -> list[str]:
    for org in candidates:
        if isinstance(org, dict):
            return clean_list([_text(org.get("fullname")) or _text(org.get("name"))])
    return []


def _keywords(value: object) -> list[str]:
    return clean_list([k for k in value if isinstance(k, str)]) if isinstance(value, list) else []


def _paper(
    item: object, number: int, line: int, origin: str, result: ReadResult, ids: FirstGiven
) -> None:
    def problem(message: str, severity: Severity = "error") -> None:
        result.problems.append(
            Problem(origin, message, line=line, entry=str(number), severity=severity)
        )

    if not isinstance(item, dict):
        problem("entry is not a JSON object; skipped")
        return
    item, halves = replace_lone_surrogates(item)
    if halves:
        problem(lone_surrogates_message(halves), "warning")
    inner = item.get("paper")
    obj: dict[str, Any] = inner if isinstance(inner, dict) else item
    title = clean(_text(obj.get("title")) or _text(item.get("title")))
    paper_id = _text(obj.get("id")).strip()
    if not title:
        problem(f"{'paper ' + paper_id if paper_id else 'entry'} has no title; skipped")
        return

    abstract = clean(_text(obj.get("summary")) or _text(item.get("summary")))
    upvotes = _count(obj.get("upvotes"))
    comments = _count(item.get("numComments"))
    paper = Paper(
        title=title,
        abstract=abstract,
        authors=_authors(obj.get("authors")),
        published=_date(obj.get("publishedAt")) or _date(item.get("publishedAt")),
        summary=clean(_text(obj.get("ai_summary"))) or None,
        keywords=_keywords(obj.get("ai_keywords")),
        affiliations=_organization(obj.get("organization"), item.get("organization")),
        upvotes=upvotes if upvotes is not None else _count(item.get("upvotes")),
        comments=comments if comments is not None else _count(obj.get("numComments")),
        provenance=[
            Provenance(origin, f"entry {number}", first_seen=_date(obj.get("submittedOnDailyAt")))
        ],
    )
    if (first := ids.other_title(paper_id, title, f"entry {number}")) is not None:
        problem(same_arxiv_id_message(paper_id, first), "warning")
    if paper_id:
        paper.arxiv_id = parse_arxiv_id(paper_id)
        paper.add_link("hf", _HF_PAPER_URL.format(paper_id))
        if paper.arxiv_id:
            paper.add_link("arxiv", abs_url(paper.arxiv_id))
    else:
        problem(
            f"paper {title!r} has no id; kept without its Hugging Face or arXiv link", "warning"
        )
    # githubRepo is often the lower-cased URL the abstract gives: add_link keeps one.
    paper.add_link("code", _text(obj.get("githubRepo")))
    paper.add_link("project", _text(obj.get("projectPage")))
    for url in find_urls(abstract):
        paper.add_link(classify(url), url)
    result.papers.append(paper)


def read(text: str, origin: str) -> ReadResult:
    result = ReadResult()
    ids = FirstGiven()
    for number, (line, item) in enumerate(_entries(text, origin, result), start=1):
        _paper(item, number, line, origin, result, ids)
    return result
