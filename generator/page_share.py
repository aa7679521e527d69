"""MkDocs' page loop on two cores: a forked process builds every second page.

MkDocs renders and writes pages one at a time, on one core; with the
generated pages' Markdown skipped (see ``PaperSitePlugin.on_page_markdown``)
that loop is most of a build: about 2 ms of the theme's templates a page.
Once every page is read (MkDocs' ``on_env`` event), a forked process builds
half of them with MkDocs' own page builder, while MkDocs builds the other
half; the shared pages get a template that renders nothing in MkDocs' own
loop, which then writes nothing for them. The helper's warnings are counted
by the parent, so ``strict`` still fails the build.

This is glue on MkDocs 1.6's internals (``mkdocs.commands.build._build_page``;
MkDocs 1.6.1 is the last 1.x release and pinned): where they differ, where
processes cannot be forked, or for small sites, MkDocs builds every page
itself as usual.
"""

from __future__ import annotations

import logging
from typing import Any

from generator.parallel import Aside, cores

# The template the shared pages get in MkDocs' own loop (overrides/); it is empty.
ELSEWHERE_TEMPLATE = "paper-site-built-elsewhere.html"
SHARE_FROM_PAGES = 400  # fewer pages than this build faster in one process
log = logging.getLogger("mkdocs.plugins.paper-site")


class _SkipNotice(logging.Filter):
    """MkDocs says "Page skipped ... Generated empty output" for each shared page."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Generated empty output" not in record.getMessage()


def _warning_count() -> int:
    from mkdocs.utils import CountHandler

    handlers = logging.getLogger("mkdocs").handlers
    return sum(n for h in handlers if isinstance(h, CountHandler) for _, n in h.get_counts())


def _build_share(pages: list[Any], config: Any, doc_files: Any, nav: Any, env: Any) -> int:
    """Build ``pages`` with MkDocs' page builder; return the warnings logged meanwhile."""
    from mkdocs.commands.build import _build_page

    before = _warning_count()
    for page in pages:
        _build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
    return _warning_count() - before


class SharedPageBuild:
    """The share of pages a forked helper builds; ``finish`` waits for it."""

    def __init__(self, files: Any, config: Any, nav: Any, env: Any) -> None:
        from mkdocs.structure.files import InclusionLevel

        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = [f.page for f in doc_files if f.page is not None]
        self._helper: Aside[int] | None = None
        self._notice = _SkipNotice()
        if cores() < 2 or len(pages) < SHARE_FROM_PAGES:
            return
        share = pages[1::2]  # every second page: both halves of like pages
        self._helper = Aside(lambda: _build_share(share, config, doc_files, nav, env))
        for page in share:  # in this process only: the helper already has them as they were
            page.meta["template"] = ELSEWHERE_TEMPLATE
        logging.getLogger("mkdocs.commands.build").addFilter(self._notice)

    def finish(self) -> None:
        """Wait for the helper; re-log its warnings here, so strict mode counts them."""
        if self._helper is None:
            return
        helper, self._helper = self._helper, None
        logging.getLogger("mkdocs.commands.build").removeFilter(self._notice)
        warnings = helper.result()
        if warnings:
            log.warning(f"{warnings} warning(s) while building the second half of the pages")
