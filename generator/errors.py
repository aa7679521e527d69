"""The one kind of failure commands report as a message instead of a traceback."""


class SiteError(Exception):
    """A mistake in the site's own files (listings, taxonomy, templates, path
    registry, mkdocs.yml) or its state: the message names the file, the line or
    entry where known, and what is wrong."""
