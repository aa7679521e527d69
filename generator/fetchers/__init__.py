"""Fetchers: new listings from arXiv and Hugging Face, stored in each source's own format.

- ``client``: polite HTTP (timeouts, spacing, retries with backoff);
- ``store``: whole-answer validation with the project's readers, atomic and
  idempotent writing into listings/;
- ``arxiv``, ``hf``: one module per source;
- ``command``: the ``fetch`` click group registered in ``generator.cli``.
"""

from __future__ import annotations

from generator.fetchers.command import fetch

__all__ = ["fetch"]
