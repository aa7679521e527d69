"""YAML loading that refuses alias bombs and self-referencing aliases.

PyYAML shares the node an alias names instead of copying it, so "billion
laughs" (nine anchors, each nine aliases of the one before) loads quickly,
but anything that then walks the data (validation, cleaning, a duplicate-key
check) visits every one of the 9^9 shared values. A list that contains its
own alias never ends at all. ``GuardedLoader`` counts, while it composes,
how many values the aliases stand for, and stops at the alias that passes
``MAX_ALIAS_VALUES`` or refers to an anchor still open, with that alias's
line.
"""

from __future__ import annotations

from typing import Any

import yaml

# Values aliases may stand for in one document; real files reuse a few lists.
MAX_ALIAS_VALUES = 100_000


class AliasError(yaml.composer.ComposerError):
    """An alias that refers to itself or makes the document too big."""


def _size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias in it is expanded."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_size(item, memo) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_size(k, memo) + _size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


class AliasGuard:
    """Mixin for a PyYAML loader: see the module's doc."""

    def compose_document(self) -> Any:
        self._open_anchors: set[str] = set()
        self._alias_values = 0
        self._sizes: dict[int, int] = {}
        return super().compose_document()  # type: ignore[misc]

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            self._check_alias(event)
            return super().compose_node(parent, index)  # type: ignore[misc]
        anchor = getattr(event, "anchor", None)
        if anchor is None:
            return super().compose_node(parent, index)  # type: ignore[misc]
        self._open_anchors.add(anchor)
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._open_anchors.discard(anchor)

    def _check_alias(self, event: yaml.AliasEvent) -> None:
        if event.anchor in self._open_anchors:
            raise AliasError(
                None, None, f"alias *{event.anchor} is used inside its own anchor", event.start_mark
            )
        node = self.anchors.get(event.anchor)  # type: ignore[attr-defined]
        if node is None:
            return  # PyYAML reports the undefined alias
        self._alias_values += _size(node, self._sizes)
        if self._alias_values > MAX_ALIAS_VALUES:
            raise AliasError(
                None,
                None,
                f"its aliases expand to more than {MAX_ALIAS_VALUES:,} values "
                f"(at *{event.anchor}): refused as a YAML bomb",
                event.start_mark,
            )


class GuardedLoader(AliasGuard, yaml.SafeLoader):
    """PyYAML's SafeLoader with the alias guard."""
