"""Work on both cores where the work allows it.

A build is mostly pure Python, which runs on one core at a time. Where a
stage's parts are independent (listings read one by one, pages rendered one
by one, related papers worked out beside the topics), they run in forked
processes: a fork shares the parent's memory as it is, so the catalog is
never copied or pickled on the way in; only results come back. Where fork is
not available (Windows, macOS's default), everything runs in this process,
in the same order, with the same results.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")
Item = TypeVar("Item")


def cores() -> int:
    """How many processes are worth running: 1 where fork is not available."""
    if "fork" not in get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _send_result(call: Callable[[], Any], connection: Connection) -> None:
    try:
        outcome: tuple[bool, Any] = (True, call())
    except BaseException as exc:  # the parent re-raises it
        outcome = (False, exc)
    try:
        connection.send_bytes(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        connection.close()


class Aside(Generic[Result]):
    """``call()`` run in a forked process; ``result()`` waits for it."""

    def __init__(self, call: Callable[[], Result]) -> None:
        self._value: Result | None = None
        self._done = False
        if cores() < 2:
            self._value, self._done = call(), True
            return
        context = get_context("fork")
        self._receiving, sending = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, args=(call, sending), daemon=True)
        self._process.start()
        sending.close()

    def result(self) -> Result:
        if not self._done:
            try:
                ok, value = pickle.loads(self._receiving.recv_bytes())
            except EOFError:
                ok, value = False, RuntimeError("a worker process died without an answer")
            finally:
                self._receiving.close()
                self._process.join()
            if not ok:
                raise value
            self._value, self._done = value, True
        return self._value  # type: ignore[return-value]


def map_in_parts(work: Callable[[Sequence[Item]], Result], items: Sequence[Item]) -> list[Result]:
    """``work`` on ``items`` cut into one part per core, the parts in parallel.

    Results come back in the order of the parts.
    """
    parts = max(1, min(cores(), len(items)))
    size = -(-len(items) // parts) if items else 0
    chunks = [items[i * size : (i + 1) * size] for i in range(parts)]
    if parts == 1:
        return [work(chunk) for chunk in chunks]
    asides = [Aside(lambda chunk=chunk: work(chunk)) for chunk in chunks[1:]]
    first = work(chunks[0])  # this process does a share too
    return [first, *(aside.result() for aside in asides)]
