"""MkDocs glue: run the generator inside ``mkdocs build`` and ``mkdocs serve``.

Thin on purpose: all logic lives in ``generator.pipeline`` so moving to another
MkDocs-compatible builder means rewriting this file only.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.errors import SiteError
from generator.header_script import HEADER_SCRIPT, header_script
from generator.icons import SPRITE, build_sprite
from generator.minify import collapse_whitespace
from generator.page_share import SharedPageBuild
from generator.pages import write_redirects
from generator.pipeline import generate
from generator.project import PLUGIN_DEFAULTS, Project, project_from_config
from generator.search_index import BackgroundIndex, search_docs
from generator.timing import Stopwatch, peak_rss_mb

SEARCH_DIR = "search"
# Icons the site's templates (overrides/) use besides the logo and palette toggles.
TEMPLATE_ICONS = ("material/menu", "material/magnify", "material/arrow-left", "material/close")


def _theme_icons(config: Any) -> list[str]:
    icons = list(TEMPLATE_ICONS)
    icons.append((config.theme.get("icon") or {}).get("logo") or "material/library")
    palette = config.theme.get("palette") or []
    for option in palette if isinstance(palette, list) else [palette]:
        if option.get("toggle"):
            icons.append(option["toggle"]["icon"])
    return icons


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
        self._search: BackgroundIndex | None = None
        self.clock = Stopwatch()  # stages of the last build, for `build --timings`
        self._pages_started = 0.0
        self._html_bodies: dict[str, str] = {}
        self._share_pages = True  # plain `mkdocs build` and `python -m generator build`
        self._nav: Any = None
        self._shared: SharedPageBuild | None = None
        self._env: Any = None

    def _project(self, config: Any) -> Project:
        return project_from_config(config)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` rebuilds small previews; only full builds share pages.
        self._share_pages = command in ("build", "gh-deploy") and not dirty

    def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
        self._nav = nav
        return nav

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        self._env = env
        if self._share_pages and self._nav is not None:
            self._shared = SharedPageBuild(files, config, self._nav, env)
        return env

    def on_config(self, config: Any) -> Any:
        if not config.use_directory_urls:
            # Generated pages link to each other as folder/ URLs.
            raise PluginError("mkdocs.yml: paper-site needs use_directory_urls: true")
        return config

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        # Generated paper, topic and archive pages say `html_body: true`: their
        # body is HTML made by the site's templates, already escaped. Markdown
        # would only pass it through, at 3 to 4 ms a page (Python's HTML parser
        # reads it twice); it goes to the theme as it is instead.
        if page.meta.get("html_body"):
            self._html_bodies[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        return self._html_bodies.pop(page.file.src_uri, html)

    def on_pre_build(self, *, config: Any) -> None:
        # Runs before MkDocs collects docs/, so the fresh pages are part of this build.
        try:
            summary = generate(self._project(config))
        except SiteError as exc:
            raise PluginError(str(exc)) from exc
        self.clock = summary.clock
        self.summary_lines = summary.lines()
        for line in self.summary_lines:
            log.info(line)
        self._redirects = summary.catalog.redirects
        # The search index is written aside while MkDocs builds the pages (site/
        # is emptied after this hook), then moved in by on_post_build.
        assert summary.taxonomy is not None
        names = {slug: topic.name for slug, topic in summary.taxonomy.topics.items()}
        site_dir = Path(config.site_dir)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        aside = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-search-", dir=site_dir.parent))
        self._search = BackgroundIndex(search_docs(summary.catalog.papers, names), aside / "index")
        self._pages_started = time.perf_counter()

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        return collapse_whitespace(output)

    def on_post_build(self, *, config: Any) -> None:
        if self._shared is not None:
            shared, self._shared = self._shared, None
            try:
                shared.finish()
            except Exception as exc:
                raise PluginError(f"building the second half of the pages failed: {exc}") from exc
        self.clock.add("mkdocs pages", time.perf_counter() - self._pages_started, peak_rss_mb())
        site_dir = Path(config.site_dir)
        write_redirects(site_dir, self._redirects)
        icon_dirs = [Path(folder) / ".icons" for folder in config.theme.dirs]
        try:
            sprite = build_sprite(_theme_icons(config), icon_dirs)
        except (OSError, ValueError) as exc:
            raise PluginError(f"mkdocs.yml: theme icons: {exc}") from exc
        (site_dir / SPRITE).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / SPRITE).write_text(sprite, encoding="utf-8")
        (site_dir / HEADER_SCRIPT).write_text(header_script(self._env, config), encoding="utf-8")
        if self._search is not None:
            search, self._search = self._search, None
            waited = time.perf_counter()
            try:
                report = search.finish()
            except RuntimeError as exc:
                raise PluginError(str(exc)) from exc
            finally:
                target = site_dir / SEARCH_DIR
                shutil.rmtree(target, ignore_errors=True)
                if search.folder.is_dir():
                    search.folder.rename(target)
                shutil.rmtree(search.folder.parent, ignore_errors=True)
            self.clock.add("search index (aside)", report.seconds, report.peak_mb)
            self.clock.add("search index wait", time.perf_counter() - waited, peak_rss_mb())
            log.info(
                f"search index: {report.docs} papers, {report.terms} words in "
                f"{report.shards} shards, {report.bytes / 1e6:.1f} MB"
            )

    def on_build_error(self, *, error: Exception) -> None:
        if self._shared is not None:  # let the helper end before its pages go
            shared, self._shared = self._shared, None
            with contextlib.suppress(Exception):
                shared.finish()
        if self._search is not None:  # a failed build leaves nothing aside
            search, self._search = self._search, None
            with contextlib.suppress(RuntimeError):
                search.finish()
            shutil.rmtree(search.folder.parent, ignore_errors=True)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        # Rebuild when a listing, a template or the taxonomy changes.
        project = self._project(config)
        for path in (project.listings_dir, project.templates_dir, project.taxonomy_path):
            if path.exists():
                server.watch(str(path))
        return server
