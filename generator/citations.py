"""Citations: a BibTeX entry for each paper, ``.bib`` files, and Google Scholar's meta tags.

``bibtex_entry(paper)`` is the listing's own entry when a BibTeX listing gave
one (``Paper.bibtex``), with the site's citation key; otherwise it is made
from the paper's fields: ``@article`` for a journal, ``@inproceedings`` for a
conference, ``@misc`` with ``eprint``/``archivePrefix``/``primaryClass`` for an
arXiv preprint (journal and conference entries keep the arXiv id too).

Text stays UTF-8 (``Müller``, not ``M{\\"u}ller``): biber, bibtex8 and BibTeX
under a UTF-8 LaTeX (the default since 2018) read it, it copies cleanly from
a web page, and pylatexenc's Unicode-to-LaTeX escapes would garble names in
scripts LaTeX has no macros for. What BibTeX or LaTeX would read as syntax is
escaped: ``\\ { } % & # _ $ ~ ^`` become ``\\textbackslash{}``, ``\\textbraceleft{}``,
``\\%`` and so on. Literal braces and backslashes become macros rather than
``\\{`` because BibTeX counts every brace, escaped or not, when it looks for
the end of a field. Math written ``$...$`` is kept. In titles, words whose
capitals a bibliography style must not lower (``ImageNet``, ``BERT``, a proper
noun in a sentence-case title) and math are braced.

Citation keys look like ``vaswani2017attention-k3x9``: first author's last
name, year, first significant title word, then four characters hashed from
the paper's slug (its arXiv id or DOI when it has no slug yet). The suffix
depends on the paper alone, so a key never changes when other papers come or
go, and two papers share a key only if they share name, year, word and hash.
"""

from __future__ import annotations

import hashlib
import logging
import re
from itertools import pairwise
from typing import Literal

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.model import Entry, ImplicitComment
from slugify import slugify

from generator.arxiv_ids import abs_url, pdf_url
from generator.escape import MATH_SPAN
from generator.model import Paper

VenueKind = Literal["journal", "conference"]

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# What LaTeX or BibTeX would read as syntax, as text-mode macros and escapes.
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\textdollar{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_UNSAFE_IN_MATH = re.compile(r"(?<!\\)[%&#]")
_UNSAFE_IN_URL = re.compile(r"[{}\\\s]")

_CONFERENCE = re.compile(
    r"\b(?:proceedings|conference|workshops?|symposium|congress|meeting"
    r"|findings of|neural information processing systems)\b|\b(?:proc|conf)\."
    r"|\b(?:neurips|nips|icml|iclr|cvpr|iccv|eccv|wacv|bmvc|accv|acl|emnlp|naacl|eacl|coling"
    r"|conll|aaai|ijcai|kdd|sigir|sigmod|wsdm|recsys|cikm|icde|vldb|siggraph|chi|uist|uai"
    r"|aistats|colt|corl|rss|icra|iros|miccai|interspeech|icassp|mlsys|osdi|sosp|nsdi"
    r"|ndss|icse|popl|pldi|isca|asplos|focs|stoc|soda|icalp|ecai|ijcnn|icpr)"
    r"(?:\s?['\u2019]?\d{2}(?:\d{2})?)?\b",
    re.IGNORECASE,
)
_JOURNAL = re.compile(
    r"\b(?:journal|transactions|letters|review|magazine|annals|bulletin)\b"
    # journals that are called Proceedings
    r"|proceedings of the (?:national academy|royal society|ieee\s*$|american mathematical)",
    re.IGNORECASE,
)

_PREPRINT = re.compile(r"\s*(?:arxiv|corr|preprint)\b|\s*$", re.IGNORECASE)

# Title words too common to name a paper by (as in "vaswani2017attention").
_KEY_SKIPPED = frozenset(
    (
        *("a", "an", "the", "on", "of", "for", "to", "in", "and", "with", "without", "towards"),
        *("toward", "via", "from", "by", "at", "as", "is", "are", "be", "do", "does", "how"),
        *("what", "why", "when", "which", "can", "we", "you", "your", "our", "its", "it", "this"),
        "that",
    )
)


def venue_kind(venue: str | None) -> VenueKind | None:
    """Whether a venue is a journal or a conference, read from its name.

    Conference words ("Proceedings", "Conference", "Workshop") and acronyms
    (NeurIPS, ICML, ICLR, CVPR, ACL, ... with or without a year) make a
    conference, except journals named "Proceedings of the National Academy
    of Sciences" and the like. Any other named venue is taken for a journal,
    except one that only says arXiv or CoRR: that is no venue.
    """
    if not venue or _PREPRINT.match(venue):
        return None
    if _JOURNAL.search(venue) and not re.search(
        r"\b(?:conference|workshop|symposium)\b", venue, re.IGNORECASE
    ):
        return "journal"
    return "conference" if _CONFERENCE.search(venue) else "journal"


# TeX ligatures: "--" would print as a dash, "``" and "''" as curly quotes.
_LIGATURE = re.compile(r"([-`'])(?=\1)")


def _escape(text: str) -> str:
    return _LIGATURE.sub(r"\1{}", _SPECIAL.sub(lambda m: _ESCAPES[m.group()], text))


def _pieces(text: str) -> list[tuple[bool, str]]:
    """``text`` on one line, cut into (is_math, piece); math only when BibTeX-safe."""
    text = " ".join(text.split())
    pieces: list[tuple[bool, str]] = []
    last = 0
    for match in MATH_SPAN.finditer(text):
        math = match.group()
        if _balanced(math) and not _UNSAFE_IN_MATH.search(math):
            pieces.append((False, text[last : match.start()]))
            pieces.append((True, math))
            last = match.end()
    pieces.append((False, text[last:]))
    return [piece for piece in pieces if piece[1]]


def _balanced(text: str) -> bool:
    """Braces balanced the way BibTeX counts them: every brace, escaped or not."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def text_value(text: str) -> str:
    """A BibTeX field value (braces included) that reads back as ``text``."""
    return "{" + "".join(piece if math else _escape(piece) for math, piece in _pieces(text)) + "}"


def _sentence_case(words: list[str]) -> bool:
    later = [w for w in words[1:] if w[:1].isalpha()]
    return sum(w[0].islower() for w in later) > sum(w[0].isupper() for w in later)


def title_value(title: str) -> str:
    """A title field: escaped, with math and case-sensitive words braced.

    Bibliography styles lower-case titles except inside braces, so a word
    with a capital past its first letter (ImageNet, BERT, GPT-4) is braced,
    and so is every capitalised word after the first in a sentence-case
    title (those capitals are proper nouns).
    """
    out: list[str] = []
    for math, piece in _pieces(title):
        if math:
            out.append("{" + piece + "}")
            continue
        words = piece.split(" ")
        sentence_case = _sentence_case(title.split())
        for index, word in enumerate(words):
            keep_case = any(c.isupper() for c in word[1:]) or (
                sentence_case and bool(out or index) and word[:1].isupper()
            )
            words[index] = "{" + _escape(word) + "}" if keep_case else _escape(word)
        out.append(" ".join(words))
    return "{" + "".join(out) + "}"


def _name_value(name: str) -> str:
    """One author as BibTeX's "von Last, Jr, First"; odd names braced whole."""
    if any(c in name for c in "{}\\") or re.search(r"\band\b", name, re.IGNORECASE):
        return "{" + _escape(name) + "}"
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except ValueError:
        return "{" + _escape(name) + "}"
    last = " ".join(parts.von + parts.last)
    fields = [last, " ".join(parts.jr), " ".join(parts.first)]
    if not last or any("," in field for field in fields):
        return "{" + _escape(name) + "}"
    return ", ".join(_escape(field) for field in fields if field)


def _url_value(url: str) -> str:
    # URLs are read verbatim (url and doi fields); only what would break the field goes.
    return "{" + _UNSAFE_IN_URL.sub(lambda m: f"%{ord(m.group()):02X}", url) + "}"


def format_entry(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    """An entry from field values already written as BibTeX (``{...}`` or a macro).

    One field a line; no newline after the closing brace.
    """
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in fields]
    return "\n".join(lines) + "\n}"


def _ascii_word(text: str) -> str:
    return slugify(text, separator="", lowercase=True)[:24]


def citation_key(paper: Paper) -> str:
    """``lastname`` + year + first significant title word + ``-`` + 4 hashed characters."""
    last = ""
    if paper.authors:
        try:
            parts = parse_single_name_into_parts(paper.authors[0], strict=False)
            last = _ascii_word(" ".join(parts.last) or paper.authors[0])
        except ValueError:
            last = _ascii_word(paper.authors[0])
    year = (paper.published or "")[:4]
    words = (_ascii_word(w) for w in re.split(r"[\s\-\u2013\u2014:/]+", paper.title))
    word = next((w for w in words if len(w) > 1 and w not in _KEY_SKIPPED), "")
    base = f"{last or 'anon'}{year}{word}"
    identity = paper.slug or paper.arxiv_id or (paper.doi or "").lower() or paper.title
    number = int.from_bytes(hashlib.sha256(identity.encode()).digest()[:8], "big")
    suffix = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        suffix += "0123456789abcdefghijklmnopqrstuvwxyz"[digit]
    return f"{base}-{suffix}"


def _date_fields(published: str | None) -> list[tuple[str, str]]:
    if not published:
        return []
    fields = [("year", "{" + published[:4] + "}")]
    if len(published) >= 7 and published[5:7].isdigit() and 1 <= int(published[5:7]) <= 12:
        fields.append(("month", _MONTHS[int(published[5:7]) - 1]))
    if len(published) == 10:
        fields.append(("date", "{" + published + "}"))  # biblatex; BibTeX ignores it
    return fields


def _made_entry(paper: Paper, key: str) -> str:
    kind = venue_kind(paper.venue)
    fields = [("title", title_value(paper.title))]
    if paper.authors:
        fields.append(("author", "{" + " and ".join(map(_name_value, paper.authors)) + "}"))
    if kind == "journal":
        fields.append(("journal", text_value(paper.venue or "")))
    elif kind == "conference":
        fields.append(("booktitle", text_value(paper.venue or "")))
    fields += _date_fields(paper.published)
    if paper.doi:
        fields.append(("doi", _url_value(paper.doi)))
    if paper.arxiv_id:
        fields += [("eprint", _url_value(paper.arxiv_id)), ("archivePrefix", "{arXiv}")]
        if paper.categories:
            fields.append(("primaryClass", text_value(paper.categories[0])))
        fields.append(("url", _url_value(abs_url(paper.arxiv_id))))
    elif urls := paper.links_of("url") + paper.links_of("pdf"):
        fields.append(("url", _url_value(urls[0])))
    entry_type = {"journal": "article", "conference": "inproceedings"}.get(kind or "", "misc")
    return format_entry(entry_type, key, fields)


_OWN_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*\{\s*[^\s,{}()\"#%'=~\\]*\s*,(.*)\}\s*", re.DOTALL)


def _own_entry(paper: Paper, key: str) -> str | None:
    """The listing's own entry under ``key``, or None unless it is one well-formed entry."""
    match = _OWN_ENTRY.fullmatch((paper.bibtex or "").strip())
    if not match or match.group(1).lower() in ("string", "comment", "preamble"):
        return None
    entry_type, body = match.groups()
    if not _balanced(body):
        return None
    logger = logging.getLogger("bibtexparser")
    level, logger.level = logger.level, logging.CRITICAL + 1  # a failure is a None here
    try:
        blocks = bibtexparser.parse_string(match.group(), parse_stack=[]).blocks
    finally:
        logger.setLevel(level)
    entries = [b for b in blocks if isinstance(b, Entry)]
    others = [b for b in blocks if not isinstance(b, Entry | ImplicitComment)]
    if len(entries) != 1 or others or not entries[0].fields:
        return None
    return f"@{entry_type.lower()}{{{key},{body.rstrip()}\n}}"


def bibtex_entry(paper: Paper) -> str:
    """The paper's BibTeX entry, ending in a newline (see the module's docstring)."""
    key = citation_key(paper)
    return (_own_entry(paper, key) or _made_entry(paper, key)) + "\n"


def bibliography(
    papers: list[Paper],
    entries: dict[str, str] | None = None,
    keys: dict[str, str] | None = None,
) -> str:
    """A ``.bib`` file of ``papers``, entries in citation-key order.

    ``entries`` and ``keys`` ({slug: entry or key}) save making them again.
    Raises ValueError if two papers share a key (see the module's docstring).
    """
    known = keys or {}
    keyed = sorted(
        ((known.get(p.slug) or citation_key(p), p) for p in papers),
        key=lambda kp: (kp[0], kp[1].slug),
    )
    for (key, paper), (other_key, other) in pairwise(keyed):
        if key == other_key:
            raise ValueError(f"papers {paper.slug!r} and {other.slug!r} share citation key {key}")
    made = entries or {}
    return "\n".join(made.get(paper.slug) or bibtex_entry(paper) for _, paper in keyed)


def scholar_meta(paper: Paper) -> list[tuple[str, str]]:
    """The ``<meta name=... content=...>`` pairs Google Scholar reads, plain (unescaped) text.

    Only what is known: no date is made up, no venue guessed beyond
    journal-or-conference from its name.
    """
    meta = [("citation_title", paper.title)]
    meta += [("citation_author", author) for author in paper.authors]
    if paper.published:
        meta.append(("citation_publication_date", paper.published.replace("-", "/")))
    kind = venue_kind(paper.venue)
    if kind and paper.venue:
        meta.append((f"citation_{kind}_title", paper.venue))
    pdfs = paper.links_of("pdf") or ([pdf_url(paper.arxiv_id)] if paper.arxiv_id else [])
    if pdfs:
        meta.append(("citation_pdf_url", pdfs[0]))
    if paper.doi:
        meta.append(("citation_doi", paper.doi))
    if paper.arxiv_id:
        meta.append(("citation_arxiv_id", paper.arxiv_id))
    return meta


BIB_DIR = "bib"


def bib_files(papers: list[Paper], entries: dict[str, str] | None = None) -> dict[str, bytes]:
    """``bib/all.bib`` and ``bib/<topic>.bib`` for every topic with papers.

    ``entries`` as for ``bibliography``. Raises ValueError if two papers share
    a citation key.
    """
    by_topic: dict[str, list[Paper]] = {}
    for paper in papers:
        for assignment in paper.topics:
            by_topic.setdefault(assignment.topic, []).append(paper)
    keys = {paper.slug: citation_key(paper) for paper in papers}
    files = {f"{BIB_DIR}/all.bib": bibliography(papers, entries, keys).encode("utf-8")}
    for topic, members in by_topic.items():
        files[f"{BIB_DIR}/{topic}.bib"] = bibliography(members, entries, keys).encode("utf-8")
    return files
