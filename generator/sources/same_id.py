"""Two entries of one listing that give one id to two different papers."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.identity import title_key


@dataclass
class FirstGiven:
    """Per id, the first entry of a listing that gave it: where, and its title."""

    seen: dict[str, tuple[str, str]] = field(default_factory=dict)

    def other_title(self, key: str | None, title: str, where: str) -> tuple[str, str] | None:
        """(where, title) of the first entry with ``key`` when its title is another one."""
        if not key:
            return None
        first = self.seen.setdefault(key, (where, title))
        return None if title_key(first[1]) == title_key(title) else first


def same_arxiv_id_message(arxiv_id: str, first: tuple[str, str]) -> str:
    return (
        f"arXiv id {arxiv_id} is already {first[0]}'s, with another title ({first[1]!r}): "
        "they are read as one paper"
    )
