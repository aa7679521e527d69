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

from generator.errors import SiteError
from generator.pages import write_redirects
from generator.pipeline import generate
from generator.project import PLUGIN_DEFAULTS, Project, project_from_config

log = logging.getLogger("mkdocs.plugins.paper-site")


class PaperSiteConfig(Config):
    # Paths relative to mkdocs.yml's folder; generator.project reads them.
    listings = config_options.Type(str, default=PLUGIN_DEFAULTS["listings"])
    taxonomy = config_options.Type(str, default=PLUGIN_DEFAULTS["taxonomy"])
    templates = config_options.Type(str, default=PLUGIN_DEFAULTS["templates"])
    registry = config_options.Type(str, default=PLUGIN_DEFAULTS["registry"])


class PaperSitePlugin(BasePlugin[PaperSiteConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.summary_lines: list[str] = []  # what the last generate did, for the CLI
        self._redirects: dict[str, str] = {}

    def _project(self, config: Any) -> Project:
        return project_from_config(config)

    def on_pre_build(self, *, config: Any) -> None:
        # Runs before MkDocs collects docs/, so the fresh pages are part of this build.
        try:
            summary = generate(self._project(config))
        except SiteError as exc:
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
