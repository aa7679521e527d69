"""A polite HTTP client: one request at a time, spaced, with bounded retries.

Sources ask to be spared bursts (arXiv: one request every 3 seconds) and
answer overload with 429 or 5xx; a scheduled job must then wait and try
again, and when it gives up say which URL failed and how, so the run shows
red with a reason instead of publishing a stale site.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import click
import httpx

USER_AGENT = "paper-site-generator/0.1 (scheduled listing fetch)"


class FetchError(Exception):
    """A fetch failed; the message says what to tell the person running it."""

    def __init__(self, message: str, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.response = response  # the refusing answer, for a source to explain


@dataclass(frozen=True)
class Policy:
    """How patient and how gentle to be with one source."""

    timeout: float = 30.0  # seconds per read/write; connecting gets at most 10
    retries: int = 4  # attempts after the first
    backoff: float = 5.0  # wait before the first retry, doubled after each
    max_wait: float = 300.0  # a longer Retry-After is not worth waiting for
    interval: float = 0.0  # least seconds from one answer to the next request


# A reason to retry an answer that came back 200, or None to accept it.
Judge = Callable[[httpx.Response], str | None]


def retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked us to wait (delta-seconds or HTTP-date), if it did."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _retryable(status: int) -> bool:
    # 501 and 505 will not change by waiting; other 5xx and 429 usually do.
    return status == 429 or (500 <= status < 600 and status not in (501, 505))


def _describe(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".rstrip()


class PoliteClient:
    """GET with timeouts, spacing between requests and exponential backoff."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.requests = 0
        self._last_done: float | None = None
        self._http = httpx.Client(
            timeout=httpx.Timeout(policy.timeout, connect=min(10.0, policy.timeout)),
            follow_redirects=True,  # export.arxiv.org answers http with a redirect
            headers={"User-Agent": USER_AGENT},
        )

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def _wait_turn(self) -> None:
        # Counted from the end of the last exchange, so the server sees its
        # requests at least ``interval`` apart whatever the latency.
        if self._last_done is not None:
            pause = self._last_done + self.policy.interval - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    def get(self, url: str, params: dict[str, str], judge: Judge | None = None) -> httpx.Response:
        """The 200 answer to GET url?params, or FetchError after the last retry."""
        full_url = str(httpx.URL(url, params=params))
        attempts = self.policy.retries + 1
        last = "no answer"
        for attempt in range(attempts):
            self._wait_turn()
            self.requests += 1
            wait = self.policy.backoff * 2**attempt
            try:
                response = self._http.get(url, params=params)
            except httpx.TransportError as exc:
                self._last_done = time.monotonic()
                # Refused or reset connections, timeouts and bodies cut short
                # (fewer bytes than Content-Length) are all worth another try.
                last = f"{type(exc).__name__}: {exc}"
            else:
                self._last_done = time.monotonic()
                if response.status_code == 200:
                    reason = judge(response) if judge is not None else None
                    if reason is None:
                        return response
                    last = f"HTTP 200 but {reason}"
                elif not _retryable(response.status_code):
                    snippet = " ".join(response.text[:300].split())
                    raise FetchError(
                        f"{full_url} answered {_describe(response)}"
                        + (f": {snippet}" if snippet else ""),
                        response,
                    )
                else:
                    last = _describe(response)
                    asked = retry_after(response)
                    if asked is not None:
                        if asked > self.policy.max_wait:
                            raise FetchError(
                                f"{full_url} answered {last} and asks to wait {asked:.0f} s "
                                f"(Retry-After), longer than {self.policy.max_wait:.0f} s; "
                                "try again later"
                            )
                        wait = max(wait, asked)
            if attempt + 1 < attempts:
                click.echo(
                    f"  {last} from {full_url}; retry {attempt + 1} of {self.policy.retries} "
                    f"in {wait:.1f} s",
                    err=True,
                )
                time.sleep(wait)
        raise FetchError(f"gave up on {full_url} after {attempts} attempts; last answer: {last}")
