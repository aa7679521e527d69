"""Markdown paper lists in the style of GitHub "awesome" lists.

An entry is a list item (``-``, ``*``, ``+``, ``1.``), a paragraph that starts
with a bold title, or a row of a table whose header names a title column. It
must hold at least one http(s) link. The styles found in real lists:

- ``1. **Title.**`` with ``*Authors.* Venue 2018. [paper](url)`` on the next line;
- ``**Title.**<br>*Authors.*<br>Venue 2021. [[PDF](url)] [[Github](url)]``;
- ``1. <u>T5</u>: **"Title"**. *Authors et al.* JMLR 2019. [[Paper](url)]``;
- ``* Title, Venue 2021 [[Paper]](url) [[Code]](url)`` and ``* Title (CVPR 2023) [[Paper](url)]``;
- ``- [Title](url) - Authors, Venue 2023`` (a trailing text that is not names
  becomes the paper's comment);
- ``| Title | Venue | Date | Code |`` tables, the title cell often ``[Title](url)``.

Headings (``#`` and HTML ``<h2>``) above an entry become its keywords, so the
taxonomy can map them to topics; the list's own title (its single top heading)
and generic headings ("Table of Contents", "Papers", a bare year) are left out,
and a table's keywords/tags column adds its words. Images and badges
are dropped; a badge that links somewhere keeps its link. Links are classified
by label and address: arXiv, PDF, DOI, Hugging Face, code, project page, or a
plain URL. A later indented paragraph that starts with "Abstract" is the
abstract. Fenced code, HTML comments and front matter are skipped.

Nothing with a link to arXiv or a PDF is dropped silently: an entry whose title
cannot be found, and such a link in running text outside any entry, are each
reported as a warning with their line. An entry is taken as a paper when it
links to the paper itself (arXiv, PDF, DOI, Hugging Face, a publisher or
OpenReview page, or a link labelled "paper"), or else when its title has three
words or more and it shows two signs of a paper: a bold or quoted title,
authors, a venue with a year, or a row of a table with venue/author/date
columns. Links to blogs, tools, commits or other lists are skipped silently.
A title whose links sit in sub-items (``- Title`` then ``  - [Paper](url)``)
gets those links.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from generator.arxiv_ids import find_arxiv_ids
from generator.links import classify, find_urls
from generator.model import LinkKind, Paper, Problem, Provenance, ReadResult
from generator.text import clean, clean_list

NAME = "markdown-list"

# --- line shapes -------------------------------------------------------------------

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"^\s*<h([1-6])[^>]*>(.*?)</h\1>\s*$", re.IGNORECASE)
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BOLD_START = re.compile(r"^\s*(\*\*|__|\[\*\*|<b>|<strong>)", re.IGNORECASE)
_YAML_ITEM = re.compile(r"^\s*-\s+[A-Za-z_]+:(\s|$)")
_YAML_RECORDS = re.compile(r"^(?:papers\s*:|\s*-\s+title\s*:)", re.MULTILINE)

# --- inline markup -------------------------------------------------------------------

_URL_BODY = r"[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*"
_DOUBLE_BRACKET = re.compile(r"\[\s*(\[[^\[\]]*\]\(\s*" + _URL_BODY + r"\s*\))\s*\]")
_BADGE = re.compile(r"\[\s*!\[([^\]]*)\]\([^)]*\)\s*\]\(\s*(" + _URL_BODY + r")\s*\)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(" + _URL_BODY + r")>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
)
_HTML_LINK = re.compile(r"<a\s[^>]*?href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE)
_HTML_BOLD = re.compile(r"<(b|strong)>(.*?)</\1>", re.IGNORECASE)
_HTML_ITALIC = re.compile(r"<(i|em)>(.*?)</\1>", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_TOKEN = re.compile(r"\x00(\d+)\x00")
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash: separators around titles

# --- entry parts -------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b(?:KDD|AAAI|ICML|CVPR|ECCV|ICCV)\s?'?\d{2}\b")
_BARE_YEAR = re.compile(r"^\(?(?:19|20)\d{2}\)?$")
_VENUE_WORD = re.compile(
    r"^(?:arxiv|preprint|cvpr|iccv|eccv|neurips|nips|icml|iclr|aaai|ijcai|acl|emnlp|naacl|"
    r"coling|kdd|www|sigir|wsdm|cikm|icde|vldb|sigmod|tpami|jmlr|tmlr|icra|iros|corl|rss|"
    r"miccai|interspeech|icassp|uai|aistats|colt|wacv|bmvc|tacl|tkde|tnnls)\b",
    re.IGNORECASE,
)
_VENUE_LIKE = re.compile(
    r"\b(?:[A-Z]{2,}|Transactions|Journal|Conference|Proceedings|Workshop|Symposium|Letters|"
    r"Review|Surveys)\b"
)
_TITLE_PREFIX = re.compile(r"^\s*([^\x00\n*\"“\[]{1,30}?):\s+(?=\*\*|__|\"|“|\s*\x00)")
_QUOTED = re.compile(r"^(.{0,200}?)[\"“]([^\"”]+?)[\"”]")
_ITALIC = re.compile(r"^[\s.,:;\-\u2013\u2014]*(\*|_)(?!\1)([^\n]+?)\s*\1(?!\1)")
_ET_AL = re.compile(r"^\s*,?\s*et\s+al\.?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\"”])\.\s+")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "dos", "la", "le"}
_PARTICLES |= {"bin", "al", "el", "y", "zu", "ter", "ten", "st."}
_DOI_URL = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)", re.IGNORECASE)
_ABSTRACT = re.compile(r"^[\s>*_]*abstract[\s*_]*[:\uff1a.]?[\s*_]*", re.IGNORECASE)

_CODE_LABEL = re.compile(
    r"\b(code|codes|github|gitlab|repo|repository|pytorch|tensorflow|tf|mxnet|jax|paddle|"
    r"keras|caffe|implementation|official|source|checkpoints?|models?|weights)\b",
    re.IGNORECASE,
)
_PROJECT_LABEL = re.compile(
    r"\b(project|homepage|home page|website|webpage|web page|page|demo|site)\b", re.IGNORECASE
)
_PDF_LABEL = re.compile(r"\bpdf\b", re.IGNORECASE)
_PAPER_LABEL = re.compile(
    r"^\W*(paper|pdf|arxiv|link|openreview|doi|acl|proceedings|article|preprint|abs|"
    r"abstract|html)\W*$",
    re.IGNORECASE,
)
_ANY_LABEL = re.compile(
    r"^\W*(paper|pdf|arxiv|link|code|github|project|homepage|website|page|demo|video|blog|"
    r"slides?|poster|data|dataset|bib|bibtex|doi|html|abs|supp|talk|openreview)\W*$",
    re.IGNORECASE,
)
_PAPER_HOSTS = (
    "openreview.net",
    "aclanthology.org",
    "aclweb.org",
    "neurips.cc",
    "nips.cc",
    "mlr.press",
    "thecvf.com",
    "ieee.org",
    "acm.org",
    "springer.com",
    "sciencedirect.com",
    "semanticscholar.org",
    "paperswithcode.com",
    "biorxiv.org",
    "medrxiv.org",
    "researchgate.net",
    "aaai.org",
    "ijcai.org",
    "ecva.net",
    "nature.com",
    "science.org",
    "jmlr.org",
    "ncbi.nlm.nih.gov",
    "mdpi.com",
    "wiley.com",
    "tandfonline.com",
    "iop.org",
    "pnas.org",
    "frontiersin.org",
    "ssrn.com",
    "dblp.org",
    "iclr.cc",
    "isca-speech.org",
)
_GENERIC_HEADINGS = {
    "table of contents",
    "contents",
    "content",
    "toc",
    "index",
    "papers",
    "paper",
    "paper list",
    "papers list",
    "list",
    "references",
    "citation",
    "citations",
    "cite",
    "license",
    "contributing",
    "contribution",
    "contributors",
    "acknowledgements",
    "acknowledgments",
    "news",
    "updates",
    "update log",
    "venues",
    "previous venues",
}


@dataclass
class _Heading:
    level: int
    text: str
    order: int  # position among all headings, to find the list's own title


@dataclass
class _Block:
    """A candidate entry: its first paragraph, later paragraphs and headings above."""

    kind: str  # "item", "bold" or "row"
    line: int
    lines: list[str]
    headings: list[_Heading]
    indent: int = 0
    extra: list[list[str]] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # rows: role -> cell


@dataclass
class _Link:
    label: str
    url: str
    used: bool = False  # taken as an author's homepage, not a paper link


@dataclass
class _Entry:
    title: str = ""
    title_link: _Link | None = None
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    comment: str | None = None
    published: str | None = None
    abstract: str = ""
    links: list[_Link] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # from a table's keywords column
    marked: bool = False  # a bold or quoted title, or a table's title column
    tabled: bool = False  # a row of a table with venue, year, date or author columns


@dataclass
class _Scan:
    blocks: list[_Block] = field(default_factory=list)
    headings: list[_Heading] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    items: int = 0
    yaml_items: int = 0


# --- scanning the document into blocks ---------------------------------------------------


def _split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)]


_ROLE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "title",
        re.compile(r"^(title|paper title|paper name|name|papers?|article|publication title)$"),
    ),
    ("venue", re.compile(r"^(venue|conf\.?|conference|journal|publication|pub\.?|published in)$")),
    ("year", re.compile(r"^(year)$")),
    ("date", re.compile(r"^(date|published|release date|time|submitted)$")),
    ("authors", re.compile(r"^(authors?|first author)$")),
    ("keywords", re.compile(r"^(keywords?|tags?|topics?)$")),
]


def _roles(header: list[str]) -> list[str]:
    """Role of each column; a 'Paper' column is the title only when no 'Title' exists."""
    names = [clean(_strip_markup(cell)).lower() for cell in header]
    roles = []
    for name in names:
        role = f"link:{name}"
        for candidate, pattern in _ROLE_WORDS:
            if pattern.match(name):
                role = candidate
                break
        roles.append(role)
    titles = [i for i, role in enumerate(roles) if role == "title"]
    if len(titles) > 1:  # "| Title | ... | Paper |": the paper column holds links
        keep = next((i for i in titles if names[i] not in ("paper", "papers")), titles[0])
        roles = [
            f"link:{names[i]}" if i in titles and i != keep else r for i, r in enumerate(roles)
        ]
    return roles


def _scan(text: str) -> _Scan:
    scan = _Scan()
    lines = text.splitlines()
    stack: list[_Heading] = []
    current: _Block | None = None
    in_fence: str | None = None
    in_comment = False
    in_prose = False
    blank_before = False
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        start = end + 1 if end is not None else 0

    def close() -> None:
        nonlocal current
        if current is not None:
            scan.blocks.append(current)
        current = None

    def prose_links(number: int, line: str) -> None:
        for url in find_urls(line):
            kind = classify(url)
            if kind in ("arxiv", "pdf"):
                scan.problems.append(
                    (number, f"link to {kind} ({url}) outside any list entry; not read as a paper")
                )

    i = start
    while i < len(lines):
        number, raw = i + 1, lines[i]
        i += 1
        fence = _FENCE.match(raw)
        if in_fence is not None:
            if fence and fence.group(1) == in_fence:
                in_fence = None
            continue
        if fence:
            close()
            in_fence = fence.group(1)
            continue
        # HTML comments may span lines; what they hide is not part of the list.
        if in_comment:
            if "-->" not in raw:
                continue
            raw, in_comment = raw.split("-->", 1)[1], False
        raw = _HTML_COMMENT.sub("", raw)
        if "<!--" in raw:
            raw, in_comment = raw.split("<!--", 1)[0], True
        line = raw.rstrip()
        if not line.strip():
            blank_before = True
            in_prose = False
            if current is not None and current.kind == "bold":
                close()
            continue
        heading = _HEADING.match(line) or _HTML_HEADING.match(line)
        if heading:
            close()
            level = (
                len(heading.group(1)) if heading.group(1).startswith("#") else int(heading.group(1))
            )
            entry = _Heading(level, heading.group(2), len(scan.headings))
            scan.headings.append(entry)
            stack = [h for h in stack if h.level < level] + [entry]
            prose_links(number, line)
            blank_before = in_prose = False
            continue
        if "|" in line and i < len(lines) and _TABLE_SEPARATOR.match(lines[i]) and "-" in lines[i]:
            close()
            roles = _roles(_split_row(line))
            i += 1
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                cells = _split_row(lines[i])
                block = _Block("row", i + 1, [lines[i]], list(stack))
                for role, cell in zip(roles, cells, strict=False):
                    block.cells[role] = (block.cells.get(role, "") + " " + cell).strip()
                for extra, cell in enumerate(cells[len(roles) :]):
                    block.cells[f"link:extra{extra}"] = cell
                scan.blocks.append(block)
                i += 1
            blank_before = in_prose = False
            continue
        if _RULE.match(line):
            close()
            blank_before = in_prose = False
            continue
        item = _ITEM.match(line)
        if item:
            close()
            scan.items += 1
            scan.yaml_items += bool(_YAML_ITEM.match(line))
            current = _Block(
                "item", number, [item.group(3)], list(stack), indent=len(item.group(1))
            )
            blank_before = in_prose = False
            continue
        indent = len(line) - len(line.lstrip())
        if current is not None and not blank_before:
            if current.extra:
                current.extra[-1].append(line.strip())
            else:
                current.lines.append(line.strip())
            continue
        if current is not None and current.kind == "item" and indent > current.indent:
            current.extra.append([line.strip()])
            blank_before = False
            continue
        close()
        if not in_prose and _BOLD_START.match(line):
            current = _Block("bold", number, [line.strip()], list(stack))
        else:
            in_prose = True
            prose_links(number, line)
        blank_before = False
    close()
    return scan


# --- inline parsing ------------------------------------------------------------------------


def _strip_markup(text: str) -> str:
    """Text of a heading or cell: links to their labels, no images, tags or emphasis."""
    text = _BADGE.sub("", text)
    text = _IMAGE.sub("", text)
    text = _HTML_LINK.sub(r"\2", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _SHORTCODE.sub("", text)
    return text.replace("**", "").replace("__", "").replace("`", "")


def _normalise(text: str) -> str:
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_LINK.sub(r"[\2](\1)", text)
    text = _HTML_BOLD.sub(r"**\2**", text)
    text = _HTML_ITALIC.sub(r"*\2*", text)
    text = _HTML_TAG.sub("", text)
    text = text.replace("\\*", "").replace("\\_", "_").replace("\\[", "[").replace("\\]", "]")
    text = _BADGE.sub(r"[\1](\2)", text)
    text = _IMAGE.sub("", text)
    text = _DOUBLE_BRACKET.sub(r"\1", text)
    return _SHORTCODE.sub("", text)


def _tokenise(text: str) -> tuple[str, list[_Link]]:
    """Links become ``\\x00N\\x00`` tokens so emphasis and punctuation can be read around them."""
    links: list[_Link] = []

    def keep(label: str, url: str) -> str:
        links.append(_Link(label.strip(), url))
        return f" \x00{len(links) - 1}\x00 "

    def markdown(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2).strip()
        if label.startswith("[") and label.endswith("]"):
            label = label[1:-1]
        if not url.lower().startswith(("http://", "https://")):
            return label  # anchors, relative paths and empty targets: only the text
        return keep(label, url)

    text = _LINK.sub(markdown, text)
    parts = re.split(r"(\x00\d+\x00)", text)
    for n, part in enumerate(parts):
        if not part.startswith("\x00"):
            for url in find_urls(part):
                part = part.replace(url, keep("", url), 1)
            parts[n] = part
    return "".join(parts), links


def _untoken(text: str, links: list[_Link], mark_used: bool = False) -> str:
    def label(match: re.Match[str]) -> str:
        link = links[int(match.group(1))]
        link.used = link.used or mark_used
        return link.label

    return _TOKEN.sub(label, text)


def _tidy_title(text: str) -> str:
    text = clean(text.replace("**", "").replace("__", ""))
    text = text.strip(" \t*_")
    if len(text) > 2 and text[0] in "\"“'" and text[-1] in "\"”'":
        text = text[1:-1].strip()
    text = text.rstrip(" ,;:|" + _DASHES)
    if text.endswith((".", "。")) and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _is_label(text: str) -> bool:
    return not text.strip() or bool(_ANY_LABEL.match(text))


def _name_like(text: str, strict: bool = True) -> bool:
    """A person's name: a few capitalised words (or any non-Latin script)."""
    words = text.replace(".", ". ").split()
    if not words or len(words) > 6 or any(ch.isdigit() or ch in ":;!?@#/\\=<>{}|`" for ch in text):
        return False
    if strict and len(words) < 2:
        return False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        first = word.lstrip("('\"")[:1]
        if not first or not (first.isupper() or not first.isascii()):
            return False
    return True


def _split_authors(text: str) -> list[str]:
    text = _ET_AL.sub("", re.sub(r"\s*,?\s*\bet\s+al\.?", "", text, flags=re.IGNORECASE))
    text = text.strip()
    if not re.search(r"\b[A-Z]\.$", text):  # keep the point of a final initial
        text = text.rstrip(".").strip()
    # BibTeX order "Last, First and Last, First": each and-part holds one comma.
    parts = re.split(r"\s+and\s+", text)
    if len(parts) > 1 and all(part.count(",") == 1 for part in parts if part != "others"):
        names = [" ".join(reversed([p.strip() for p in part.split(",")])) for part in parts]
        return clean_list([n for n in names if n != "others"])
    parts = text.split(", ")
    if len(parts) == 2 and len(parts[0].split()) == 1 and " and " not in text:
        return clean_list([f"{parts[1]} {parts[0]}"])  # one "Last, First"
    names = re.split(r",\s*|;\s*|\s+and\s+|\s*&\s*", text)
    return clean_list([n.strip(" *†‡") for n in names if n.strip(" *†‡") and n != "others"])


def _names(text: str, strict: bool = True) -> list[str] | None:
    names = _split_authors(text)
    if names and all(_name_like(name, strict) for name in names):
        return names
    return None


def _has_year(text: str) -> bool:
    return bool(_YEAR.search(text))


def _venue_from_parts(parts: list[str], keep: int = 1) -> tuple[list[str], str | None, list[str]]:
    """Comma parts -> (before, venue, after), venue the last part with a year.

    A bare year takes the venue-looking part before it along ("IEEE TFS, 2020"),
    as long as ``keep`` parts (the title) stay before it.
    """
    index = next((i for i in range(len(parts) - 1, -1, -1) if _has_year(parts[i])), None)
    if index is None:
        return parts, None, []
    venue = parts[index].strip()
    before, after = parts[:index], parts[index + 1 :]
    if _BARE_YEAR.match(venue):
        if len(before) > keep and _VENUE_LIKE.search(before[-1]) and _name_like(before[-1], False):
            venue = f"{before.pop().strip()}, {venue}"
        else:
            venue = None
    return before, venue, after


def _parse_head(head: str, entry: _Entry) -> None:
    """A plain-text title with a venue, and maybe authors, after it."""
    head = head.strip().rstrip(" :|," + _DASHES)
    paren = re.search(r"\(([^()]*)\)\s*\.?$", head)
    if paren and _has_year(paren.group(1)):
        entry.venue = paren.group(1).strip()
        head = head[: paren.start()]
    elif ", " in head:
        before, venue, after = _venue_from_parts(head.split(", "))
        if before:
            head = ", ".join(before)
            entry.venue = venue
            if after:
                names = _names(", ".join(after), strict=False)
                if names:
                    entry.authors = names
                else:
                    head = ", ".join([*before, *([venue] if venue else []), *after])
                    entry.venue = None
    entry.title = _tidy_title(head)


def _parse_rest(rest: str, links: list[_Link], entry: _Entry) -> None:
    """Authors, venue and a comment from what follows the title."""
    italic = _ITALIC.match(rest)
    if italic:
        inner = _untoken(italic.group(2), links, mark_used=True)
        rest = rest[italic.end() :]
        et_al = _ET_AL.match(rest)
        if et_al:
            rest = rest[et_al.end() :]
        if _has_year(inner) and not _names(inner):
            entry.venue = _tidy_title(inner)
        else:
            entry.authors = _split_authors(inner)
    text = _TOKEN.sub("\n", rest)
    leftover: list[str] = []
    venue_done = entry.venue is not None
    for line in text.split("\n"):
        for piece in _SENTENCE_END.split(line):
            piece = _link_debris(piece)
            if not piece:
                continue
            if not venue_done and _has_year(piece):
                # "Authors, Venue 2020" or "Workshop, CHI2020": names go to authors,
                # anything else stays part of the venue.
                venue_done = True
                before, venue, after = _venue_from_parts(piece.split(", "), keep=0)
                names = _names(", ".join(before)) if before and not entry.authors else None
                if names:
                    entry.authors, entry.venue = names, venue
                else:
                    entry.venue = ", ".join([*before, *([venue] if venue else [])]) or None
                leftover.extend(after)
            elif not entry.authors and not venue_done and _names(piece):
                entry.authors = _names(piece) or []
            elif not venue_done and _VENUE_WORD.match(piece) and len(piece) < 40:
                entry.venue, venue_done = piece, True
            else:
                leftover.append(piece)
    words = " ".join(leftover).split()
    if len(words) >= 3:
        entry.comment = clean(" ".join(leftover))


def _link_debris(piece: str) -> str:
    """A text piece without the brackets that broken or removed links leave behind."""
    piece = re.sub(r"[\[\]]+|\(\s*\)", " ", piece).strip()
    if piece.count("(") != piece.count(")"):
        piece = piece.replace("(", " ").replace(")", " ")
    elif piece.startswith("(") and piece.endswith(")") and piece.count("(") == 1:
        piece = piece[1:-1]
    return re.sub(r"\s+", " ", piece).strip(" \t.,;:|*_" + _DASHES)


def _citation(quoted: re.Match[str]) -> bool:
    """'Authors. "Title." Venue': a quoted title after names or holding the link."""
    inner, before = quoted.group(2), quoted.group(1).strip(" .,")
    if len(_TOKEN.sub("", inner).strip()) < 8 and not _TOKEN.search(inner):
        return False
    return bool(_TOKEN.search(inner)) or bool(before and _names(before))


def _parse_text(text: str) -> tuple[_Entry, list[_Link]]:
    """Title, authors, venue and links of one entry's first paragraph."""
    text, links = _tokenise(_normalise(text))
    entry = _Entry()
    text = _TITLE_PREFIX.sub("", text, count=1)
    bold = re.match(r"^\s*(\*\*|__)(.+?)\1", text, re.DOTALL)
    first_token = re.match(r"^\s*\x00(\d+)\x00", text)
    quoted = _QUOTED.match(text)
    if bold:
        inner = bold.group(2)
        tokens = _TOKEN.findall(inner)
        if tokens and not _TOKEN.sub("", inner).strip(" \"“”'.:"):
            entry.title_link = links[int(tokens[0])]
            entry.title = _tidy_title(entry.title_link.label)
        else:
            entry.title = _tidy_title(_TOKEN.sub("", inner))
        entry.marked = True
        _parse_rest(text[bold.end() :], links, entry)
    elif first_token and not _is_label(links[int(first_token.group(1))].label):
        entry.title_link = links[int(first_token.group(1))]
        entry.title = _tidy_title(entry.title_link.label)
        _parse_rest(text[first_token.end() :], links, entry)
    elif quoted and _citation(quoted):
        inner = quoted.group(2)
        tokens = _TOKEN.findall(inner)
        if tokens:
            entry.title_link = links[int(tokens[0])]
            entry.title = _tidy_title(entry.title_link.label)
        else:
            entry.title = _tidy_title(inner)
        entry.authors = _names(quoted.group(1).strip(" ,")) or []
        entry.marked = True
        _parse_rest(text[quoted.end() :], links, entry)
    else:
        head = _TOKEN.split(text, maxsplit=1)[0] if _TOKEN.search(text) else text
        first_line = head.split("\n", 1)[0]
        _parse_head(_untoken(first_line, links), entry)
        _parse_rest(text[text.index(first_line) + len(first_line) :], links, entry)
    if entry.title_link is not None:
        entry.title_link.used = True
    entry.links = [link for link in links if not link.used]
    if _is_label(entry.title):
        entry.title = ""
    return entry, links


def _kind(label: str, url: str, title_link: bool = False) -> LinkKind:
    """A link's kind from its address first, then from the words on it."""
    base = classify(url)
    if base in ("arxiv", "doi", "hf"):
        return base
    if not title_link and _CODE_LABEL.search(label):
        return "code"
    if not title_link and _PROJECT_LABEL.search(label):
        return "project"
    if base in ("code", "pdf"):
        return base
    if _PDF_LABEL.search(label):
        return "pdf"
    # An unlabelled address is a homepage; a labelled one (blog, video, paper) is not.
    if base == "project" and not title_link and not label.strip():
        return "project"
    return "url"


def _paperish(link: _Link) -> bool:
    """A link to the paper itself, by address or by the word on it."""
    host = re.sub(r"^https?://(www\.)?", "", link.url.lower()).split("/", 1)[0]
    return (
        classify(link.url) in ("arxiv", "pdf", "doi", "hf")
        or host.endswith(_PAPER_HOSTS)
        or bool(_PAPER_LABEL.match(link.label))
    )


def _alarming(links: list[_Link]) -> _Link | None:
    """The first link that must not be dropped silently: arXiv or a PDF."""
    return next((link for link in links if classify(link.url) in ("arxiv", "pdf")), None)


# --- blocks to papers ------------------------------------------------------------------------


def _keywords(headings: list[_Heading], title_order: int | None) -> list[str]:
    words = []
    for heading in headings:
        if heading.order == title_order:
            continue
        text = _strip_markup(heading.text)
        text = "".join(ch for ch in text if unicodedata.category(ch) != "So")
        text = re.sub(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", clean(text)).strip(" -:|")
        core = re.sub(r"(?<!\d)(19|20)\d{2}(?!\d)|\b(papers?|venues?|list)\b", "", text.lower())
        if re.match(r"^updated?\b", text.lower()) or not core.strip(" -:|,&()"):
            continue
        if text.lower() in _GENERIC_HEADINGS:
            continue
        words.append(text)
    return words


def _date(text: str) -> str | None:
    match = re.search(r"\b((?:19|20)\d{2})[./-](\d{1,2})[./-](\d{1,2})\b", text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _row_entry(block: _Block) -> tuple[_Entry | None, list[_Link]]:
    cells = block.cells
    if "title" not in cells:
        links = [link for cell in cells.values() for link in _tokenise(_normalise(cell))[1]]
        return None, links
    entry, links = _parse_text(cells["title"])
    entry.marked = bool(entry.title)
    # A table that also gives venues, authors or dates is a table of papers.
    entry.tabled = any(role in cells for role in ("venue", "year", "date", "authors"))
    for role, cell in cells.items():
        if role == "title" or not cell:
            continue
        if role.startswith("link:"):
            _, found = _tokenise(_normalise(cell))
            for link in found:
                link.label = link.label or role[5:]
            entry.links.extend(found)
            links.extend(found)
            continue
        plain = clean(_strip_markup(cell)).strip(" -")
        if not plain or plain in ("-", "—", "N/A", "n/a"):
            continue
        if role == "venue":
            entry.venue = plain
        elif role == "year" and entry.venue and not _has_year(entry.venue):
            entry.venue = f"{entry.venue} {plain}"
        elif role == "date":
            entry.published = _date(plain)
        elif role == "authors":
            entry.authors = _split_authors(plain)
        elif role == "keywords":
            entry.keywords = re.split(r"\s*[,;]\s*", plain)
    return entry, links


def _abstract(block: _Block) -> str:
    for paragraph in block.extra:
        text = " ".join(paragraph)
        if _ABSTRACT.match(text):
            return clean(_strip_markup(_ABSTRACT.sub("", text, count=1)))
    return ""


def _paper(entry: _Entry, block: _Block, origin: str, title_order: int | None) -> Paper:
    paper = Paper(
        title=entry.title,
        abstract=entry.abstract,
        authors=entry.authors,
        venue=clean(entry.venue) or None,
        comment=entry.comment,
        published=entry.published,
        keywords=clean_list(_keywords(block.headings, title_order) + entry.keywords),
        provenance=[Provenance(origin, f"line {block.line}")],
    )
    ordered = ([entry.title_link] if entry.title_link else []) + entry.links
    for link in ordered:
        paper.add_link(_kind(link.label, link.url, link is entry.title_link), link.url)
    for link in ordered:
        if paper.arxiv_id is None:
            paper.arxiv_id = _first_arxiv_id(link.url)
        if paper.doi is None and (match := _DOI_URL.search(link.url)):
            paper.doi = unquote(match.group(1)).rstrip(".")
    if paper.arxiv_id is None:  # "arXiv:2401.01234" written in the entry
        paper.arxiv_id = _first_arxiv_id(" ".join(block.lines))
    return paper


def _first_arxiv_id(text: str) -> str | None:
    """The first id an arxiv.org address or an ``arXiv:`` mention in ``text`` names.

    A search, not a whole-URL parse, so sub-pages (``/html/ID/x1.png``) and
    archived copies of arXiv pages count too.
    """
    found = find_arxiv_ids(text)
    return found[0] if found else None


def _is_paper(entry: _Entry) -> bool:
    """A link to the paper itself, or a real title with two signs of a paper.

    Changelogs and READMEs have bold words, names in brackets and years too, so
    without a paper link one sign is not enough, and "**deps**" is no title.
    """
    links = ([entry.title_link] if entry.title_link else []) + entry.links
    if any(_paperish(link) for link in links):
        return True
    if len(entry.title.split()) < 3:
        return False
    venue = entry.venue or ""
    dated_venue = _has_year(venue) and len(venue.split()) <= 8
    return entry.marked + bool(entry.authors) + dated_venue + entry.tabled >= 2


def _title_heading(headings: list[_Heading]) -> int | None:
    """The list's own title: its first heading, when no other heading is as high."""
    if not headings:
        return None
    top = min(h.level for h in headings)
    first = headings[0]
    if first.level == top and sum(h.level == top for h in headings) == 1:
        return first.order
    return None


def _warn_unread(
    result: ReadResult, origin: str, block: _Block, links: list[_Link], why: str
) -> None:
    alarming = _alarming(links)
    if alarming is not None:
        what = "table row" if block.kind == "row" else "entry"
        result.problems.append(
            Problem(
                origin,
                f"{what} {why} has a link to {classify(alarming.url)} ({alarming.url}); not read",
                line=block.line,
                severity="warning",
            )
        )


def _entries(scan: _Scan, origin: str) -> ReadResult:
    result = ReadResult()
    title_order = _title_heading(scan.headings)
    for line, message in scan.problems:
        result.problems.append(Problem(origin, message, line=line, severity="warning"))
    # "- Title" with its links in sub-items ("  - [Paper](url)"): the title waits
    # here for the link-only items below it.
    parent: tuple[_Block, _Entry] | None = None

    def flush_parent() -> None:
        nonlocal parent
        if parent is not None and parent[1].links and _is_paper(parent[1]):
            result.papers.append(_paper(parent[1], parent[0], origin, title_order))
        parent = None

    for block in scan.blocks:
        if block.kind == "row":
            entry, links = _row_entry(block)
        else:
            entry, links = _parse_text("\n".join(block.lines))
            entry.abstract = _abstract(block)
        is_child = (
            parent is not None
            and block.kind == "item"
            and block.indent > parent[0].indent
            and entry is not None
            and not entry.title
        )
        if is_child and parent is not None:
            parent[1].links.extend(links)
            continue
        flush_parent()
        if not links:
            if block.kind == "item" and entry is not None and entry.title:
                parent = (block, entry)
            continue  # no http(s) link: not an entry
        if entry is None:
            _warn_unread(result, origin, block, links, "in a table without a title column")
        elif not entry.title:
            _warn_unread(result, origin, block, links, "with no title")
        elif _is_paper(entry):
            result.papers.append(_paper(entry, block, origin, title_order))
    flush_parent()
    result.problems.sort(key=lambda p: p.line or 0)
    return result


# --- reader contract -----------------------------------------------------------------------------


def _not_markdown(stripped: str) -> bool:
    if stripped[:1] in "{[":
        try:
            json.loads(stripped)
        except ValueError:
            first = stripped.split("\n", 1)[0].strip()
            if first.startswith("{") and first.endswith("}"):
                return True  # JSON Lines
        else:
            return True
    if stripped.startswith("@"):
        return True  # BibTeX (a fenced BibTeX block inside Markdown is fine)
    if _YAML_RECORDS.search(stripped):
        return True  # YAML paper records
    head = stripped[:200].lower()
    return head.startswith(("<?xml", "<feed", "<rss", "<!doctype", "<html")) or any(
        line.strip().lower().startswith("get trending papers") for line in stripped.splitlines()[:5]
    )


def detect(text: str, filename: str) -> float:
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped or _not_markdown(stripped):
        return 0.0
    scan = _scan(stripped)
    if scan.items and scan.yaml_items * 2 >= scan.items:
        return 0.0  # a YAML list of records, not a Markdown list
    papers = len(_entries(scan, filename).papers)
    if papers == 0:
        return 0.0
    # Several entries under headings is the shape of a paper list.
    many = papers >= 3
    score = (0.8 if many else 0.45) if scan.headings else (0.65 if many else 0.35)
    if filename.lower().endswith((".md", ".markdown")):
        score += 0.1
    return min(score, 0.95)


def read(text: str, origin: str) -> ReadResult:
    return _entries(_scan(text.lstrip("\ufeff")), origin)
