"""Long lists of papers cut into pages of a fixed size, with links between them.

A topic or a month can hold thousands of papers; one page listing them all
reached 20 MB at 20,000 papers. A collection's pages live in one folder:
``index.md`` is the first (newest papers), ``page-2.md`` and on follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

PER_PAGE = 100
Item = TypeVar("Item")


def page_file(number: int) -> str:
    """The file of page ``number`` (1-based) inside its collection's folder."""
    return "index.md" if number == 1 else f"page-{number}.md"


@dataclass(frozen=True)
class Page(Generic[Item]):
    """One page of a collection: its items and where its neighbours are."""

    number: int
    count: int
    items: Sequence[Item]
    total: int
    first_index: int  # 1-based position of the first item in the whole list

    @property
    def file(self) -> str:
        return page_file(self.number)

    @property
    def neighbours(self) -> list[tuple[str, int]]:
        """(label, page number) for the pager: first, previous, next, last."""
        links = []
        if self.number > 1:
            links += [("Newest", 1), ("Newer", self.number - 1)]
        if self.number < self.count:
            links += [("Older", self.number + 1), ("Oldest", self.count)]
        return links


def paginate(items: Sequence[Item], per_page: int = PER_PAGE) -> list[Page[Item]]:
    """``items`` in pages of ``per_page``; an empty list still has one page."""
    count = max(1, -(-len(items) // per_page))
    return [
        Page(n + 1, count, items[n * per_page : (n + 1) * per_page], len(items), n * per_page + 1)
        for n in range(count)
    ]
