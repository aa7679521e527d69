"""`python -m generator fetch` against a real HTTP server on 127.0.0.1 serving
recorded arXiv API and Hugging Face answers (see tests/fixtures/recorded/PROVENANCE.md).

No HTTP is mocked: the fetcher runs as a subprocess, as the scheduled job
runs it, and talks to a real server that logs when each request arrived.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import FIXTURES

ARXIV_RO = FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml"
ARXIV_CL = FIXTURES / "arxiv" / "api_new_cs_CL_3entries.xml"
ARXIV_OLD_RO = FIXTURES / "arxiv" / "api_old_cs_RO_2entries.xml"
HF_DAY = FIXTURES / "hf" / "hf_daily_2026-09-04_ai_fields.json"  # a Friday
HF_OLD = FIXTURES / "hf" / "hf_daily_papers_2024-10-25_first5.json"
ATOM = "application/atom+xml; charset=utf-8"  # what export.arxiv.org sends
JSON = "application/json; charset=utf-8"  # what huggingface.co sends
# Fast settings for tests; the defaults are 3 s between requests, 5 s backoff.
FAST = ("--backoff", "0.05", "--timeout", "10")


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = JSON
    headers: dict[str, str] = field(default_factory=dict)
    send_only: int | None = None  # announce the whole body, send this many bytes, hang up


@dataclass
class Request:
    at: float  # time.monotonic() on arrival
    path: str
    query: dict[str, str]


Route = Callable[[Request, int], Reply]  # (request, its 0-based number) -> reply


class RecordedServer:
    """A real threaded HTTP server answering from ``route`` and logging every request."""

    def __init__(self, route: Route) -> None:
        self.route = route
        self.log: list[Request] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                request = Request(
                    time.monotonic(),
                    parts.path,
                    {k: v[0] for k, v in parse_qs(parts.query).items()},
                )
                with outer._lock:
                    number = len(outer.log)
                    outer.log.append(request)
                reply = outer.route(request, number)
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.send_only is not None:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                self.wfile.write(reply.body[: reply.send_only])

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    @contextlib.contextmanager
    def running(self) -> Iterator[RecordedServer]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()


@contextlib.contextmanager
def serving(route: Route) -> Iterator[RecordedServer]:
    with RecordedServer(route).running() as server:
        yield server


def always(reply: Reply) -> Route:
    return lambda _request, _number: reply


def file_reply(path: Path, content_type: str) -> Reply:
    return Reply(body=path.read_bytes(), content_type=content_type)


def fetch(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "fetch", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_json(path: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["ok"], report
    return report["files"][0]


def files_in(folder: Path) -> list[str]:
    """Every file, hidden ones included: a leftover temp file counts."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def today() -> str:
    return datetime.now(UTC).date().isoformat()


# ------------------------------------------------------------- derived answers


def arxiv_without_entries(path: Path, total: int) -> bytes:
    """A real answer with its entries removed and totalResults set, as arXiv sends
    for an empty day (total 0) or its known empty-page glitch (total > 0)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\s*<entry>.*</entry>", "", text, flags=re.DOTALL)
    text = re.sub(r"(<opensearch:totalResults>)\d+", rf"\g<1>{total}", text)
    return text.encode("utf-8")


# ------------------------------------------------------------------ successes


def test_arxiv_answer_is_stored_as_received(tmp_path: Path) -> None:
    with serving(always(file_reply(ARXIV_RO, ATOM))) as server:
        result = fetch(
            tmp_path, "arxiv", "--query", "cat:cs.RO", "--max", "3", "--page-size", "3",
            "--endpoint", f"{server.url}/api/query", *FAST,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = tmp_path / "listings" / f"{today()}-arxiv-cat-cs-RO.xml"
    assert files_in(tmp_path / "listings") == [written.name]
    assert written.read_bytes() == ARXIV_RO.read_bytes()
    assert result.stdout.strip() == (
        f"wrote listings/{written.name}: 3 papers (arxiv-atom), 3 new; 1 request"
    )
    report = check_json(written)
    assert (report["format"], report["papers"]) == ("arxiv-atom", 3)
    [request] = server.log
    assert request.path == "/api/query"
    assert request.query == {
        "search_query": "cat:cs.RO",
        "start": "0",
        "max_results": "3",
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }


def test_hf_day_is_stored_as_received(tmp_path: Path) -> None:
    with serving(always(file_reply(HF_DAY, JSON))) as server:
        result = fetch(
            tmp_path, "hf", "--date", "2026-09-04", "--endpoint", f"{server.url}/api/daily_papers"
        )
    assert result.returncode == 0, result.stderr
    written = tmp_path / "listings" / "2026-09-04-hf-daily.json"
    assert written.read_bytes() == HF_DAY.read_bytes()
    assert result.stdout.strip() == (
        "wrote listings/2026-09-04-hf-daily.json: 3 papers (hf-daily), 3 new; 1 request"
    )
    report = check_json(written)
    assert (report["format"], report["papers"]) == ("hf-daily", 3)
    assert [(r.path, r.query) for r in server.log] == [
        ("/api/daily_papers", {"date": "2026-09-04"})
    ]


def test_arxiv_pages_are_spaced_by_the_delay_and_joined(tmp_path: Path) -> None:
    pages = {"0": ARXIV_RO, "3": ARXIV_CL, "6": ARXIV_OLD_RO}
    delay = 0.4
    with serving(lambda request, _n: file_reply(pages[request.query["start"]], ATOM)) as server:
        result = fetch(
            tmp_path, "arxiv", "--query", "cat:cs.RO", "--max", "8", "--page-size", "3",
            "--delay", str(delay), "--endpoint", f"{server.url}/api/query", *FAST,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [(r.query["start"], r.query["max_results"]) for r in server.log] == [
        ("0", "3"),
        ("3", "3"),
        ("6", "2"),
    ]
    gaps = [b.at - a.at for a, b in zip(server.log, server.log[1:], strict=False)]
    assert all(gap >= delay for gap in gaps), gaps
    written = tmp_path / "listings" / f"{today()}-arxiv-cat-cs-RO.xml"
    report = check_json(written)
    assert (report["format"], report["papers"], report["problems"]) == ("arxiv-atom", 8, [])
    assert "8 papers (arxiv-atom), 8 new; 3 requests" in result.stdout


# ------------------------------------------------------------ retries, failures


def test_429_with_retry_after_is_waited_out(tmp_path: Path) -> None:
    busy = Reply(429, b"Too Many Requests", "text/plain", {"Retry-After": "1"})
    route: Route = lambda _r, n: busy if n == 0 else file_reply(HF_DAY, JSON)  # noqa: E731
    with serving(route) as server:
        result = fetch(
            tmp_path, "hf", "--date", "2026-09-04", "--endpoint", f"{server.url}/daily", *FAST
        )
    assert result.returncode == 0, result.stderr
    assert len(server.log) == 2
    # The backoff is 0.05 s: only Retry-After explains a wait of a second.
    assert server.log[1].at - server.log[0].at >= 1.0
    assert "HTTP 429" in result.stderr and "retry 1 of 4" in result.stderr
    assert files_in(tmp_path / "listings") == ["2026-09-04-hf-daily.json"]


def test_503_until_giving_up_names_url_and_status(tmp_path: Path) -> None:
    down = Reply(503, b"<html>Service Unavailable</html>", "text/html")
    with serving(always(down)) as server:
        result = fetch(
            tmp_path, "hf", "--date", "2026-09-04", "--retries", "2",
            "--endpoint", f"{server.url}/api/daily_papers", *FAST,
        )  # fmt: skip
    assert result.returncode == 1
    assert len(server.log) == 3
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("error: gave up on ")
    assert f"{server.url}/api/daily_papers?date=2026-09-04" in message
    assert "after 3 attempts; last answer: HTTP 503 Service Unavailable" in message
    assert files_in(tmp_path / "listings") == []


def test_hf_empty_on_a_weekday_fails(tmp_path: Path) -> None:
    with serving(always(Reply(body=b"[]"))) as server:
        result = fetch(tmp_path, "hf", "--date", "2026-09-02", "--endpoint", server.url, *FAST)
    assert result.returncode == 1
    assert "answered [] for Wednesday 2026-09-02, a weekday" in result.stderr
    assert files_in(tmp_path / "listings") == []


def test_hf_empty_on_a_weekend_is_a_quiet_day(tmp_path: Path) -> None:
    with serving(always(Reply(body=b"[]"))) as server:
        result = fetch(tmp_path, "hf", "--date", "2026-09-05", "--endpoint", server.url, *FAST)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "nothing written: Hugging Face lists no daily papers for Saturday 2026-09-05 (a weekend)"
    )
    assert files_in(tmp_path / "listings") == []


def test_arxiv_no_results_is_reported_not_written(tmp_path: Path) -> None:
    empty = Reply(body=arxiv_without_entries(ARXIV_RO, 0), content_type=ATOM)
    with serving(always(empty)) as server:
        result = fetch(
            tmp_path, "arxiv", "--query", "cat:cs.RO", "--date", "2026-11-22",
            "--endpoint", server.url, *FAST,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "nothing written: arXiv has no papers for "
        "'(cat:cs.RO) AND submittedDate:[202611220000 TO 202611222359]' (totalResults 0)"
    )
    assert files_in(tmp_path / "listings") == []


def test_arxiv_empty_page_of_a_nonempty_query_fails_after_retries(tmp_path: Path) -> None:
    glitch = Reply(body=arxiv_without_entries(ARXIV_RO, 58344), content_type=ATOM)
    with serving(always(glitch)) as server:
        result = fetch(
            tmp_path, "arxiv", "--query", "cat:cs.RO", "--retries", "2", "--delay", "0",
            "--endpoint", server.url, *FAST,
        )  # fmt: skip
    assert result.returncode == 1
    assert len(server.log) == 3
    assert "an empty page at start 0 of a query with 58344 results" in result.stderr
    assert files_in(tmp_path / "listings") == []


@pytest.mark.parametrize(
    ("source", "args", "content_type"),
    [
        (HF_DAY, ("hf", "--date", "2026-09-04"), JSON),
        (ARXIV_RO, ("arxiv", "--query", "cat:cs.RO"), ATOM),
    ],
    ids=["hf", "arxiv"],
)
def test_truncated_body_writes_nothing(
    tmp_path: Path, source: Path, args: tuple[str, ...], content_type: str
) -> None:
    body = source.read_bytes()
    cut = Reply(body=body[: len(body) // 2], content_type=content_type)
    with serving(always(cut)) as server:
        result = fetch(tmp_path, *args, "--endpoint", server.url, *FAST)
    assert result.returncode == 1
    assert "does not read cleanly" in result.stderr and "nothing written" in result.stderr
    assert files_in(tmp_path / "listings") == []


def test_connection_cut_mid_body_is_retried_then_reported(tmp_path: Path) -> None:
    body = HF_DAY.read_bytes()
    hang_up = Reply(body=body, send_only=len(body) // 3)
    with serving(always(hang_up)) as server:
        result = fetch(
            tmp_path, "hf", "--date", "2026-09-04", "--retries", "1",
            "--endpoint", server.url, *FAST,
        )  # fmt: skip
    assert result.returncode == 1
    assert len(server.log) == 2
    assert "RemoteProtocolError" in result.stderr and server.url in result.stderr
    assert files_in(tmp_path / "listings") == []


# ------------------------------------------------------------------ idempotency


def test_fetching_the_same_day_twice_writes_once(tmp_path: Path) -> None:
    with serving(always(file_reply(HF_DAY, JSON))) as server:
        first = fetch(tmp_path, "hf", "--date", "2026-09-04", "--endpoint", server.url)
        again = fetch(tmp_path, "hf", "--date", "2026-09-04", "--endpoint", server.url)
        other_day = fetch(tmp_path, "hf", "--date", "2026-09-03", "--endpoint", server.url)
    assert (first.returncode, again.returncode, other_day.returncode) == (0, 0, 0)
    assert again.stdout.strip() == (
        "nothing written: listings/2026-09-04-hf-daily.json already holds this answer (3 papers)"
    )
    assert other_day.stdout.strip() == "nothing written: all 3 papers are already in listings/"
    assert files_in(tmp_path / "listings") == ["2026-09-04-hf-daily.json"]


def test_arxiv_refetch_writes_nothing(tmp_path: Path) -> None:
    args = ("arxiv", "--query", "cat:cs.RO", "--max", "3", "--page-size", "3")
    with serving(always(file_reply(ARXIV_RO, ATOM))) as server:
        fetch(tmp_path, *args, "--endpoint", server.url)
        again = fetch(tmp_path, *args, "--endpoint", server.url)
    assert again.returncode == 0
    assert again.stdout.startswith("nothing written: listings/")
    assert len(files_in(tmp_path / "listings")) == 1


def test_a_different_answer_under_a_taken_name_keeps_both(tmp_path: Path) -> None:
    listings = tmp_path / "listings"
    listings.mkdir()
    (listings / "2026-09-04-hf-daily.json").write_bytes(HF_OLD.read_bytes())
    with serving(always(file_reply(HF_DAY, JSON))) as server:
        result = fetch(tmp_path, "hf", "--date", "2026-09-04", "--endpoint", server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote listings/2026-09-04-hf-daily-2.json: 3 papers")
    assert (listings / "2026-09-04-hf-daily.json").read_bytes() == HF_OLD.read_bytes()
    assert files_in(listings) == ["2026-09-04-hf-daily-2.json", "2026-09-04-hf-daily.json"]


def test_a_fuller_answer_for_the_same_day_replaces_the_earlier_one(tmp_path: Path) -> None:
    listings = tmp_path / "listings"
    listings.mkdir()
    # The morning's answer held the first paper only (derived from the real answer).
    morning = json.dumps(json.loads(HF_DAY.read_bytes())[:1]).encode("utf-8")
    (listings / "2026-09-04-hf-daily.json").write_bytes(morning)
    with serving(always(file_reply(HF_DAY, JSON))) as server:
        result = fetch(tmp_path, "hf", "--date", "2026-09-04", "--endpoint", server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("updated listings/2026-09-04-hf-daily.json: 3 papers")
    assert "2 new" in result.stdout
    assert files_in(listings) == ["2026-09-04-hf-daily.json"]
    assert (listings / "2026-09-04-hf-daily.json").read_bytes() == HF_DAY.read_bytes()
