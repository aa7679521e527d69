"""MkDocs glue: run the generator inside ``mkdocs build`` and ``mkdocs serve``.

Thin on purpose: all logic lives in ``generator.pipeline`` so moving to another
MkDocs-compatible builder means rewriting this file only.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.pages import TemplateError, write_redirects
from generator.pipeline import ListingsError, Project, generate
from generator.topics import TaxonomyError

log = logging.getLogger("mkdocs.plugins.paper-site")


class PaperSiteConfig(Config):
    listings = config_options.Type(str, default="listings")
    taxonomy = config_options.Type(str, default="topics.yml")
    templates = config_options.Type(str, default="templates")


class PaperSitePlugin(BasePlugin[PaperSiteConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.summary_lines: list[str] = []  # what the last generate did, for the CLI
        self._redirects: dict[str, str] = {}

    def _project(self, config: Any) -> Project:
        root = Path(config.config_file_path).resolve().parent
        return Project(
            root=root,
            listings_dir=root / self.config.listings,
            docs_dir=Path(config.docs_dir),
            templates_dir=root / self.config.templates,
            taxonomy_path=root / self.config.taxonomy,
            site_url=config.site_url or Project.site_url,
            site_name=config.site_name,
        )

    def on_pre_build(self, *, config: Any) -> None:
        # Runs before MkDocs collects docs/, so the fresh pages are part of this build.
        try:
            summary = generate(self._project(config))
        except (ListingsError, TaxonomyError, TemplateError) as exc:
            raise PluginError(str(exc)) from exc
        self.summary_lines = summary.lines()
        for line in self.summary_lines:
            log.info(line)
        self._redirects = summary.catalog.redirects

    def on_post_build(self, *, config: Any) -> None:
        write_redirects(Path(config.site_dir), self._redirects)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        # Rebuild when a listing, a template or the taxonomy changes.
        project = self._project(config)
        for path in (project.listings_dir, project.templates_dir, project.taxonomy_path):
            if path.exists():
                server.watch(str(path))
        return server
