"""Find and classify the URLs that abstracts and comments mention."""

from __future__ import annotations

import re

from generator.model import LinkKind

# Stop at whitespace, quotes, angle and curly brackets: copied LaTeX such as
# "red{https://x.io/}" leaves the braces around a URL.
_REST = r"[^\s<>\"'{}\\]"
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
# Comments often give an address without its scheme: "Project Website:
# rdd-neurips.github.io", "Code: github.com/user/repo". Only GitHub Pages sites
# and GitHub/GitLab repositories are taken that way; any other word with a dot
# is too likely not an address. Nothing attached before (a letter, ".", "@",
# "/", "=", ...) may precede, so no part of a host, path, query or e-mail
# address is picked out; a scheme URL is matched first and so kept whole.
_BARE = (
    r"(?<![\w.@/\\%=&?#~+-])"
    rf"(?:(?:{_LABEL}\.)+github\.io(?![\w@-]|\.\w)(?:/{_REST}*)?"
    rf"|(?:www\.)?(?:github|gitlab)\.com/[\w-]+/[\w.-]+(?:[/?#]{_REST}*)?)"
)
_URL = re.compile(rf"(?P<scheme>https?://{_REST}+)|(?P<bare>{_BARE})", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*"
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "huggingface.co")


def trim_url(url: str) -> str:
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


def url_spans(text: str) -> list[tuple[int, int, str]]:
    """Where URLs are in running text: (start, end, address) in order.

    ``text[start:end]`` is the URL as written, without trailing punctuation;
    the address has ``https://`` in front of a bare GitHub Pages or
    GitHub/GitLab repository address.
    """
    spans: list[tuple[int, int, str]] = []
    lowered = (text or "").lower()
    if "http" not in lowered and "github" not in lowered and "gitlab" not in lowered:
        return spans  # no address can be there: skip the slow pattern
    for match in _URL.finditer(text or ""):
        written = trim_url(match.group(0))
        url = "https://" + written if match.group("bare") else written
        if "://" in url and len(url) > len("https://x.y") - 1:
            spans.append((match.start(), match.start() + len(written), url))
    return spans


def find_urls(text: str) -> list[str]:
    """URLs in running text, in order, without repeats or trailing punctuation."""
    return list(dict.fromkeys(url for _, _, url in url_spans(text)))


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
