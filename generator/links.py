"""Find and classify the URLs that abstracts and comments mention."""

from __future__ import annotations

import re

from generator.model import LinkKind

# Stop at whitespace, quotes, angle and curly brackets: copied LaTeX such as
# "red{https://x.io/}" leaves the braces around a URL.
_URL = re.compile(r"https?://[^\s<>\"'{}\\]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co")


def _trim(url: str) -> str:
    """Drop sentence punctuation after a URL, and unbalanced closing brackets."""
    while url:
        last = url[-1]
        if last in _TRAILING:
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """URLs in running text, in order, without repeats or trailing punctuation."""
    urls: list[str] = []
    for match in _URL.finditer(text or ""):
        url = _trim(match.group(0))
        if "://" in url and len(url) > len("https://x.y") - 1 and url not in urls:
            urls.append(url)
    return urls


def classify(url: str) -> LinkKind:
    """code for repositories and model hubs, arxiv/pdf/doi by address, else project."""
    host = re.sub(r"^https?://(www\.)?", "", url.lower()).split("/", 1)[0]
    lowered = url.lower()
    if host == "arxiv.org":
        return "pdf" if "/pdf/" in lowered else "arxiv"
    if host in ("doi.org", "dx.doi.org"):
        return "doi"
    if host == "huggingface.co" and "/papers/" in lowered:
        return "hf"
    if host.endswith(_CODE_HOSTS):
        return "code"
    if lowered.endswith(".pdf"):
        return "pdf"
    return "project"
