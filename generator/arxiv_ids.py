"""arXiv identifiers: find them in ids, URLs and guids, and normalise them.

Two id schemes exist:

- new style (April 2007 on): ``YYMM.NNNN`` (to 2014) or ``YYMM.NNNNN`` (2015 on),
  e.g. ``2401.01234``;
- old style: ``archive/YYMMNNN``, e.g. ``cond-mat/0412498``, sometimes written
  with the subject class, ``math.GT/0309136``, which is not part of the id.

Either may carry a version (``v2``). Papers are keyed without it, so every
function here returns the id without version; ``arxiv_version`` gives it.

Besides ids, URLs and guids (``parse_arxiv_id``), ids are found in running text
(``find_arxiv_ids``), in references that cite a preprint (``cited_arxiv_id``:
"arXiv preprint arXiv:2101.00001", CoRR's "abs/2101.00001") and in the DOIs
arXiv gives its papers (``arxiv_id_from_doi``: 10.48550/arXiv.2101.00001).
"""

from __future__ import annotations

import re

# The syntax is written once, in pieces that need no flags, and assembled
# twice: with named groups for the matching below, and without them as
# ARXIV_ID_PATTERN for JSON Schema and other regex dialects.
# Month 01-12 keeps four digits, a dot and four digits (a page range, a year
# and a count) from passing for an id.
_YYMM = r"\d{2}(?:0[1-9]|1[0-2])"
_NEW_NUMBER = rf"{_YYMM}\.\d{{4,5}}"
# Archive names are words joined by hyphens (hep-th, cond-mat, q-bio), written
# in lower case; an optional subject class (.GT, .str-el) is dropped.
_WORD = r"[a-zA-Z]+(?:-[a-zA-Z]+)*"
_SUBJECT_CLASS = rf"(?:\.{_WORD})?"
_OLD_NUMBER = rf"{_YYMM}\d{{3}}"
_NEW = rf"(?P<new>{_NEW_NUMBER})"
_OLD = rf"(?P<archive>{_WORD}){_SUBJECT_CLASS}/(?P<number>{_OLD_NUMBER})"
_VERSION = r"(?:[vV](?P<version>\d+))?"
_ID = rf"(?:{_NEW}|{_OLD}){_VERSION}"

ARXIV_ID_PATTERN = rf"(?:{_NEW_NUMBER}|{_WORD}{_SUBJECT_CLASS}/{_OLD_NUMBER})(?:[vV]\d+)?"
"""An id as written, version optional (``2401.01234v2``, ``math.GT/0309136``).

Unanchored, without groups or flags (case is spelled out), so it reads the
same in Python and in JSON Schema's ECMA-262 dialect. Anything it matches
whole, alone or after ``arXiv:``, ``parse_arxiv_id`` takes.
"""

_BARE = re.compile(rf"^\s*(?:arxiv\s*:\s*)?{_ID}\s*$", re.IGNORECASE)
_OAI = re.compile(rf"^\s*oai:arxiv\.org:{_ID}\s*$", re.IGNORECASE)
# abs, pdf and html pages on arxiv.org and its mirrors (export., www.).
_URL = re.compile(
    rf"^\s*(?:https?://)?(?:[a-z]+\.)?arxiv\.org/(?:abs|pdf|html|format)/{_ID}"
    r"(?:\.pdf)?/?(?:[?#].*)?\s*$",
    re.IGNORECASE,
)
# A URL path on arxiv.org that names a paper.
_URL_PATH = r"\barxiv\.org/(?:abs|pdf|html|format)/"
# In running text only explicit mentions count: "arXiv:2401.01234" or a URL.
_IN_TEXT = re.compile(rf"(?:\barxiv\s*:\s*|{_URL_PATH}){_ID}(?!\.?\d)", re.IGNORECASE)
# References write more: "arXiv preprint arXiv:ID" (found at its second
# "arXiv"), "arXiv ID", "arXiv preprint ID", "arXiv abs/ID" and CoRR's "abs/ID"
# (as a volume, "CoRR, abs/ID"); "abs/" inside a path or word does not count.
_CITED = re.compile(
    rf"(?:\barxiv(?:\s+preprint)?\s*[:/\s]\s*(?:abs/)?|(?<![\w./-])abs/|{_URL_PATH})"
    rf"{_ID}(?!\.?\d)",
    re.IGNORECASE,
)
# arXiv's DataCite DOIs, bare or as a doi.org URL: 10.48550/arXiv.2101.00001.
_DOI = re.compile(
    rf"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.{_ID}\s*$",
    re.IGNORECASE,
)


def _match(text: str) -> re.Match[str] | None:
    for pattern in (_BARE, _OAI, _URL):
        match = pattern.match(text)
        if match is not None:
            return match
    return None


def _id_of(match: re.Match[str]) -> str:
    if match.group("new"):
        return match.group("new")
    return f"{match.group('archive').lower()}/{match.group('number')}"


def parse_arxiv_id(text: str | None) -> str | None:
    """The id without version, or None when ``text`` is not one.

    Takes a bare id (``2401.01234v2``, ``cond-mat/0412498v1``), an ``arXiv:``
    prefixed one, an ``oai:arXiv.org:`` guid or an arxiv.org abs/pdf/html URL.
    """
    if not text:
        return None
    match = _match(text)
    return _id_of(match) if match is not None else None


def arxiv_version(text: str | None) -> int | None:
    """The version number written in ``text`` (``2401.01234v3`` -> 3), if any."""
    if not text:
        return None
    match = _match(text)
    if match is None or match.group("version") is None:
        return None
    return int(match.group("version"))


def find_arxiv_ids(text: str | None) -> list[str]:
    """Ids mentioned in running text as ``arXiv:ID`` or arxiv.org URLs, in order, once each."""
    found: list[str] = []
    for match in _IN_TEXT.finditer(text or ""):
        arxiv_id = _id_of(match)
        if arxiv_id not in found:
            found.append(arxiv_id)
    return found


def cited_arxiv_id(text: str | None) -> str | None:
    """The first id a reference cites, or None.

    Takes what ``find_arxiv_ids`` does (``arXiv:ID``, arxiv.org URLs) and the
    looser ways references write it: ``arXiv preprint arXiv:2101.00001``,
    ``arXiv 2101.00001``, ``arXiv abs/2101.00001`` and CoRR's ``abs/2101.00001``.
    A number without any arXiv mark ("version 2101.00001") is not an id.
    """
    match = _CITED.search(text or "")
    return _id_of(match) if match is not None else None


def arxiv_id_from_doi(doi: str | None) -> str | None:
    """The id in an arXiv DOI (``10.48550/arXiv.2101.00001``, also as a doi.org URL), else None."""
    if not doi:
        return None
    match = _DOI.match(doi)
    return _id_of(match) if match is not None else None


def abs_url(arxiv_id: str) -> str:
    """The abstract page of the latest version."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    """The PDF of the latest version."""
    return f"https://arxiv.org/pdf/{arxiv_id}"
