"""Where a site's inputs and outputs live: read from its ``mkdocs.yml``, once.

``mkdocs.yml`` is the one place a maintainer says where things are: MkDocs'
own ``docs_dir``, ``site_dir``, ``site_url`` and ``site_name``, and the
``paper-site`` plugin's ``listings``, ``taxonomy``, ``templates`` and
``registry``. The plugin (inside ``mkdocs build``/``serve``) and every CLI
command (build, generate, check, export, fetch) get their ``Project`` from
``project_from_config`` below, so they can never disagree about a folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import SiteError

CONFIG_FILE = "mkdocs.yml"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
# The plugin's settings and their defaults (relative to mkdocs.yml's folder).
PLUGIN_NAME = "paper-site"
PLUGIN_DEFAULTS = {
    "listings": "listings",
    "taxonomy": "topics.yml",
    "templates": "templates",
    "registry": "paper-paths.json",
}


class ConfigError(SiteError):
    """mkdocs.yml is missing or cannot be read."""


@dataclass(frozen=True)
class Project:
    """The folders and files of one site, all absolute."""

    root: Path
    listings_dir: Path
    docs_dir: Path
    site_dir: Path
    templates_dir: Path
    taxonomy_path: Path
    registry_path: Path
    site_url: str = DEFAULT_SITE_URL  # absolute links in the Atom feeds
    site_name: str = "Papers"

    @classmethod
    def at(cls, root: Path, **settings: str) -> Project:
        """The default layout under ``root``; ``settings`` override plugin options."""
        root = root.resolve()
        options = {**PLUGIN_DEFAULTS, **settings}
        return cls(
            root=root,
            listings_dir=root / options["listings"],
            docs_dir=root / "docs",
            site_dir=root / "site",
            templates_dir=root / options["templates"],
            taxonomy_path=root / options["taxonomy"],
            registry_path=root / options["registry"],
        )

    @property
    def lock_path(self) -> Path:
        return self.root / ".paper-site.lock"


def project_from_config(config: Any) -> Project:
    """The project a loaded MkDocs config describes (the plugin's and the CLI's)."""
    root = Path(config.config_file_path).resolve().parent
    plugin = config.plugins.get(PLUGIN_NAME) if config.plugins else None
    options = dict(PLUGIN_DEFAULTS)
    if plugin is not None:
        options.update({key: plugin.config[key] for key in PLUGIN_DEFAULTS})
    return Project(
        root=root,
        listings_dir=root / options["listings"],
        docs_dir=Path(config.docs_dir).resolve(),
        site_dir=Path(config.site_dir).resolve(),
        templates_dir=root / options["templates"],
        taxonomy_path=root / options["taxonomy"],
        registry_path=root / options["registry"],
        site_url=config.site_url or DEFAULT_SITE_URL,
        site_name=config.site_name,
    )


def load_config(root: Path, **overrides: Any) -> Any:
    """``root``/mkdocs.yml loaded and validated by MkDocs."""
    from mkdocs.config import load_config as mkdocs_load_config
    from mkdocs.exceptions import ConfigurationError

    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        raise ConfigError(f"{config_file}: not found (the site's settings live there)")
    try:
        return mkdocs_load_config(str(config_file), **overrides)
    except ConfigurationError as exc:
        raise ConfigError(f"{config_file}: {exc}") from exc


def load_project(root: Path, required: bool = True) -> Project:
    """The project whose mkdocs.yml is in ``root``.

    Without a mkdocs.yml, commands that only read or add listings (check,
    fetch) may use the default layout (``required=False``); nothing else
    could disagree with it there.
    """
    if not required and not (root / CONFIG_FILE).is_file():
        return Project.at(root)
    return project_from_config(load_config(root))
