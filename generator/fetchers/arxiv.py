"""The arXiv API (export.arxiv.org/api/query): pages of Atom, kept as one listing.

The API answers at most 2,000 results a request and asks for one request
every 3 seconds; results are paged with ``start`` and ``max_results``. The
pages are joined into one feed by moving the later pages' ``<entry>``
elements, as received, into the first page, so the listing is still the
API's own Atom and the arxiv-atom reader stays its only parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import httpx

from generator.arxiv_ids import parse_arxiv_id
from generator.fetchers.client import FetchError, Judge, PoliteClient
from generator.fetchers.store import Answer, NoPapers, validate
from generator.sources import arxiv_atom, decode, read_text

ENDPOINT = "http://export.arxiv.org/api/query"
MAX_PAGE_SIZE = 2000  # the API's cap per request
FORMAT = arxiv_atom.NAME

_ENTRY_END = re.compile(r"</(?:[\w.-]+:)?entry\s*>")
_FEED_END = re.compile(r"</(?:[\w.-]+:)?feed\s*>\s*$")
_ENTRY_ID = re.compile(r"<(?:[\w.-]+:)?id\b[^>]*>\s*([^<]*?)\s*</")


@dataclass(frozen=True)
class Search:
    """What to ask arXiv for."""

    query: str  # arXiv search_query syntax, e.g. "cat:cs.LG"
    max_results: int = 100
    page_size: int = 100
    day: date | None = None  # only papers submitted that day (UTC)

    def search_query(self) -> str:
        if self.day is None:
            return self.query
        stamp = self.day.strftime("%Y%m%d")
        return f"({self.query}) AND submittedDate:[{stamp}0000 TO {stamp}2359]"

    def filename(self, today: date) -> str:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.query).strip("-")[:60] or "query"
        return f"{(self.day or today).isoformat()}-arxiv-{slug}.xml"


def _count(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _totals(text: str) -> tuple[int | None, int]:
    """(opensearch:totalResults, number of entries) of one page."""
    parsed = arxiv_atom.parse_feed(text)
    return _count(parsed.get("feed", {}).get("opensearch_totalresults")), len(parsed.entries)


def _judge_page(start: int) -> Judge:
    def judge(response: httpx.Response) -> str | None:
        total, entries = _totals(response.content.decode("utf-8", "replace"))
        if entries == 0 and total is not None and start < total:
            # A known quirk of the API: an empty page for a query that has results.
            return f"an empty page at start {start} of a query with {total} results"
        return None

    return judge


def _entries(text: str) -> list[tuple[str, str]]:
    """(paper key, raw <entry> element) for each entry of a page, in order."""
    found = []
    for offset, _line in arxiv_atom.element_starts(text, "entry"):
        end = _ENTRY_END.search(text, offset)
        if end is None:
            break
        chunk = text[offset : end.end()]
        match = _ENTRY_ID.search(chunk)
        raw_id = match.group(1) if match else chunk
        found.append((parse_arxiv_id(raw_id) or raw_id, chunk))
    return found


def _splice(first: str, chunks: list[str]) -> str:
    """The first page with the later pages' entries inserted before </feed>."""
    end = _FEED_END.search(first)
    if end is None:
        raise FetchError("the first page has no closing </feed>; nothing written")
    added = "".join(f"  {chunk}\n" for chunk in chunks)
    return first[: end.start()] + added + first[end.start() :]


def _api_error(exc: FetchError) -> FetchError:
    """arXiv explains a bad query in an Atom error entry: say what it says."""
    if exc.response is None:
        return exc
    listing = read_text(exc.response.content.decode("utf-8", "replace"), "answer", FORMAT)
    reasons = [p.message for p in listing.errors if p.message.startswith("arXiv API error")]
    return FetchError(f"{exc}\n  {reasons[0]}") if reasons else exc


def fetch(client: PoliteClient, endpoint: str, search: Search, today: date) -> Answer | NoPapers:
    name = search.filename(today)
    query = search.search_query()
    first: str | None = None
    seen: set[str] = set()
    later: list[str] = []
    start, limit = 0, search.max_results
    while start < limit:
        want = min(search.page_size, limit - start)
        params = {
            "search_query": query,
            "start": str(start),
            "max_results": str(want),  # explicit page size, never the API default
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        try:
            response = client.get(endpoint, params, judge=_judge_page(start))
        except FetchError as exc:
            raise _api_error(exc) from exc
        url = httpx.URL(endpoint, params=params)
        text, problem = decode(response.content, name)
        if problem is not None or text is None:
            reason = problem.message if problem is not None else "undecodable"
            raise FetchError(f"the page {url} is not a listing ({reason}); nothing written")
        page = read_text(text, name, FORMAT)
        if page.errors:
            problems = "\n".join(f"  {p}" for p in page.errors[:5])
            raise FetchError(f"the page {url} does not read cleanly; nothing written:\n{problems}")
        total, count = _totals(text)
        if total == 0:
            return NoPapers(f"arXiv has no papers for {query!r} (totalResults 0)")
        if count == 0:
            break  # the query shrank under us: past its last page
        entries = _entries(text)
        if first is None:
            first = text
            seen.update(key for key, _chunk in entries)
        else:
            # Paging while papers arrive can show one twice; keep the first sighting.
            later.extend(chunk for key, chunk in entries if key not in seen)
            seen.update(key for key, _chunk in entries)
        start += count
        if total is not None:
            limit = min(limit, total)
        elif count < want:
            break
    assert first is not None
    body = (_splice(first, later) if later else first).encode("utf-8")
    return Answer(name, body, validate(body, name, FORMAT), client.requests)
