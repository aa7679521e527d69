"""Markdown paper lists in the style of GitHub "awesome" lists.

markdown-it-py parses the Markdown: blocks with their lines, GFM tables, HTML,
emphasis, links (reference-style and autolinks too), escapes and entities. What
is ours is deciding, per entry, which text is the title, the authors, the venue
and the links. An entry is a list item, a paragraph that starts with a bold
title (``**[1]** Authors. "**Title**." Venue``, ``**Title** \\`` / ``*Authors*``,
``🔥 **Title**``) or a table row (Markdown or HTML) under a header that names a
title or paper column. The title is, in this order:

- a bold title at the start, after any numbering (``1.``, ``1)``, ``[1]``) or
  emoji; a short bold name before a colon (``**LeViT**: "Title"``) is not it;
- a quoted title (``Authors. "Title." Venue``, ``"Title", ICCV, 2021``);
- a link whose words are a title, at the start or after a date, venue tag or a
  note in another language (``- 20181206 arXiv [Title](url)``);
- otherwise the text before the first link, without a year and the authors
  after it (``- Title (2017), A. Author et al. [[pdf]](url)``) or a description
  after two spaces (``| 1) Title  This paper ... |``).

A model card (``- **LLaMa** [[Meta]](url) Feb. 2023 [[open]](url)``) is a paper
only through the paper line under its name. Authors (``A, B, and C``, ``Last,
First, ...``, ``Name*``) and a venue with a year follow the title, or sit in a
sub-item. Links are classified by address and label: arXiv, PDF, DOI, Hugging
Face, code, project page or a plain URL; badges keep their link.

An entry is a paper when it links the paper itself (arXiv, PDF, DOI, Hugging
Face, a publisher or OpenReview page, a link labelled "paper"), or its title has
three words or more and it shows two signs of a paper (a bold or quoted title,
authors, a venue with a year, a table with venue/author/date columns), or it has
a title and authors under a heading whose other entries are papers. Books,
courses, talks, blogs, tools, datasets and the like (by their section heading,
their words or their links) are not papers; an entry that is not taken but links
arXiv or a PDF is reported as a warning with its line, never dropped silently.
Headings above an entry (and HTML ``<summary>`` labels) become its keywords;
the list's own title and generic headings are left out.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.arxiv_ids import cited_arxiv_id, find_arxiv_ids
from generator.identity import normalise_doi
from generator.links import classify, find_urls
from generator.model import LinkKind, Paper, Problem, Provenance, ReadResult
from generator.text import clean, clean_list

NAME = "markdown-list"

# GFM tables and raw HTML on; everything else is CommonMark.
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# Flattened inline text: emphasis and links become private-use marks so that
# regular expressions can read the words around them.
_LINK_MARK = "\ue000"  # \ue000N\ue000 stands for link N
_BOLD, _UNBOLD, _ITALIC, _UNITALIC = "\ue001", "\ue002", "\ue003", "\ue004"
_MARKS = _BOLD + _UNBOLD + _ITALIC + _UNITALIC
_TOKEN = re.compile(f"{_LINK_MARK}(\\d+){_LINK_MARK}")
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash: separators around titles

# --- what the words say ----------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\b(?:KDD|AAAI|ICML|CVPR|ECCV|ICCV)\s?'?\d{2}\b")
_BARE_YEAR = re.compile(r"^\(?(?:19|20)\d{2}\)?$")
# Venues written by their short names; one before a title is a tag, not the title.
_VENUES = (
    "arxiv|preprint|cvpr|iccv|eccv|neurips|nips|icml|iclr|aaai|ijcai|acl|emnlp|naacl|"
    "coling|kdd|www|sigir|wsdm|cikm|icde|vldb|sigmod|tpami|jmlr|tmlr|icra|iros|corl|rss|"
    "miccai|interspeech|icassp|uai|aistats|colt|wacv|bmvc|tacl|tkde|tnnls|siggraph"
)
_VENUE_WORD = re.compile(rf"^(?:{_VENUES})\b", re.IGNORECASE)
_SHORT_VENUE = re.compile(r"^[A-Z][A-Za-z-]{1,15}'\s?\d{2}$")  # "ECML-PKDD' 18"
_VENUE_LIKE = re.compile(
    r"\b(?:[A-Z]{2,}|Transactions|Journal|Conference|Proceedings|Workshop|Symposium|Letters|"
    r"Review|Surveys)\b"
)
_NUMBERING = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|[-*+]|\[[ xX]\])\s*")
# "ICLR'24-spotlight Title", "NIPS-17 Title", "20181206 arXiv Title": not the title.
_VENUE_TAG = re.compile(
    rf"^(?:(?:19|20)\d{{4,6}}\s+(?:arxiv\s+)?|(?:{_VENUES})[-' ]?'?\d{{2,4}}(?:-[a-z]+)*\s+)",
    re.IGNORECASE,
)
_AUTHOR_START = re.compile(
    r",\s+(?=(?:[A-Z]\.\s?(?:-?[A-Z]\.\s?)?)+(?:[a-z]{1,3}\s)?[A-Z][\w'\u2019-]+)"
)
_DESCRIPTION_GAP = re.compile(r"\s{2,}")
_QUOTED = re.compile(r"^(.{0,300}?)[\"“]([^\"”]{4,}?)[\"”]")
_ET_AL = re.compile(r",?\s*\bet\.?\s*al\b\.?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\"”])\.\s+")
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_AFFILIATION = re.compile(f"\\(\\s*{_ITALIC}([^{_MARKS}]*){_UNITALIC}\\s*\\)")
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "dos", "la", "le"}
_PARTICLES |= {"bin", "al", "el", "y", "zu", "ter", "ten", "st."}
_INSTITUTION = re.compile(
    r"\b(?:Workshop|Conference|Journal|Proceedings|Transactions|Symposium|Letters|University|"
    r"Institute|Laboratory|Lab|Research|Press|Inc|Team)\b"
)
_CONTRIBUTION_MARKS = "*^†‡§¶#"
_DOI_URL = re.compile(r"doi\.org/(10\.\d{4,9}/\S+)", re.IGNORECASE)
_ABSTRACT = re.compile(r"^[\s>*_]*abstract[\s*_]*[:\uff1a.]?[\s*_]*", re.IGNORECASE)
_MONTH_YEAR = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+(?:19|20)\d{2}\b"
)
_CARD_STATUS = re.compile(r"\[\s*(?:open|close|closed)\s*\]", re.IGNORECASE)
_BOOK = re.compile(r"\b(?:book|textbook|ebook)\b", re.IGNORECASE)
_BOOK_IN_BRACKETS = re.compile(r"\(\s*(?:book|textbook|ebook)\b", re.IGNORECASE)
_LIST_OF_PAPERS = re.compile(r"\b(?:list of papers|reading list|paper list)\b", re.IGNORECASE)

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
    r"^\W*(?:arxiv\s+)?(paper|pdf|arxiv|link|openreview|doi|acl|proceedings|article|preprint|"
    r"abs|abstract|html)(?:\s*\d)?\W*$",
    re.IGNORECASE,
)
_ANY_LABEL = re.compile(
    r"^\W*(?:arxiv\s+)?(paper|pdf|arxiv|link|code|github|project|homepage|website|page|demo|"
    r"video|blog|slides?|poster|data|dataset|bib|bibtex|doi|html|abs|supp|talk|openreview|"
    r"preprint|web|review|tweet|colab|notebook|citation|leaderboard|download|open|close)"
    r"(?:[\s-]*(?:\d|part\s*\d))?\W*$",
    re.IGNORECASE,
)
# A link labelled with a venue and a year, as model cards write it: [ICLR'23].
_VENUE_LABEL = re.compile(r"^\W*[A-Za-z]{2,12}\s?'?\d{2,4}\W*$")
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
# Links that are never the paper: talks, posts, notebooks, social media.
_NOT_PAPER_HOSTS = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "medium.com",
    "zhihu.com",
    "twitter.com",
    "x.com",
    "colab.research.google.com",
    "substack.com",
    "bilibili.com",
)
# Sections whose entries are not papers unless they link arXiv, a DOI or HF.
_NOT_PAPER_SECTIONS = re.compile(
    r"\b(books?|courses?|videos?|lectures?|talks?|tutorials?|blogs?|posts?|tools?|librar(y|ies)|"
    r"implementations?|frameworks?|datasets?|researchers?|websites?|conferences?|notebooks?|"
    r"software|slides|podcasts?|newsletters?|contributors?|contributing|license|citation)\b",
    re.IGNORECASE,
)
_PAPER_SECTIONS = re.compile(r"\b(papers?|surveys?|reviews?|reports?|workshops?)\b", re.IGNORECASE)
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
_YAML_ITEM = re.compile(r"^\s*-\s+[A-Za-z_]+:(\s|$)")
_YAML_RECORDS = re.compile(r"^(?:papers\s*:|\s*-\s+title\s*:)", re.MULTILINE)
_HTML_HEADING = re.compile(r"^\s*<h([1-6])[^>]*>(.*?)</h\1>\s*$", re.IGNORECASE | re.DOTALL)
_HTML_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.IGNORECASE | re.DOTALL)
_HTML_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)</t\1\s*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


# --- the shapes we work with -----------------------------------------------------------


@dataclass
class _Heading:
    level: int
    text: str
    order: int  # position among all headings, to find the list's own title


@dataclass
class _Link:
    label: str
    url: str
    bold: bool = False  # the whole label is bold: [**Title**](url)
    badge: bool = False  # the label is an image: [![Stars](svg)](url)
    used: bool = False  # taken as the title or an author's homepage


@dataclass
class _Inline:
    """One paragraph or cell: text with marks for emphasis and links."""

    text: str
    links: list[_Link]
    anchored: bool = False  # it opens with a link to a heading of the page: a contents line


@dataclass
class _Block:
    """A candidate entry: its first paragraph, what follows it, the headings above."""

    kind: str  # "item", "para" or "row"
    line: int
    inline: _Inline
    headings: list[_Heading]
    depth: int = 0  # list nesting, for items
    parent: _Block | None = None
    extra: list[_Inline] = field(default_factory=list)  # later paragraphs of the entry
    cells: dict[str, _Inline] = field(default_factory=dict)  # rows: role -> cell


@dataclass
class _Document:
    blocks: list[_Block] = field(default_factory=list)
    headings: list[_Heading] = field(default_factory=list)
    prose: list[tuple[int, _Inline]] = field(default_factory=list)  # text outside entries
    items: int = 0
    yaml_items: int = 0


@dataclass
class _Entry:
    title: str = ""
    title_link: _Link | None = None
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    comment: str | None = None
    published: str | None = None
    abstract: str = ""
    affiliations: list[str] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # from a table's keywords column
    marked: bool = False  # a bold or quoted title, or a table's title column
    tabled: bool = False  # a row of a table with venue, year, date or author columns
    card: bool = False  # a model card without a paper line
    book: bool = False  # the entry says it is a book
    text: str = ""  # the entry's words, for the arXiv ids it cites


# --- inline tokens to marked text --------------------------------------------------------


_EMPHASIS = {
    "strong_open": _BOLD,
    "strong_close": _UNBOLD,
    "em_open": _ITALIC,
    "em_close": _UNITALIC,
}
_HTML_EQUIVALENT = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "a": "link"}


def _flatten(tokens: list[Token]) -> _Inline:
    """Inline tokens (Markdown or inline HTML) as marked text plus its links."""
    out: list[str] = []
    links: list[_Link] = []
    label: list[str] | None = None  # words of the link being read
    href, image_label, bold_depth = "", False, 0
    for token in tokens:
        kind, target = _markdown_kind(token)
        put = out.append if label is None else label.append
        if kind in ("text", "code_inline"):
            put(token.content)
        elif kind in ("softbreak", "hardbreak"):
            put("\n" if label is None else " ")
        elif kind in _EMPHASIS:
            bold_depth += {"strong_open": 1, "strong_close": -1}.get(kind, 0)
            put(_EMPHASIS[kind])
        elif kind == "image" and label is not None:
            label.append(token.content)  # a badge: its words are the image's
            image_label = True
        elif kind == "link_open":
            href, label, image_label = target, [], False
        elif kind == "link_close" and label is not None:
            out.append(_keep_link(links, "".join(label), href, bold_depth > 0, image_label))
            label = None
    if label is not None:  # an <a> never closed
        out.append(_keep_link(links, "".join(label), href, False, image_label))
    return _Inline("".join(out), links, anchored=_opens_with_anchor(tokens))


def _markdown_kind(token: Token) -> tuple[str, str]:
    """A token's type and link target; inline HTML tags as their Markdown twins."""
    if token.type == "link_open":
        return "link_open", str(token.attrs.get("href", ""))
    if token.type != "html_inline":
        return token.type, ""
    tag = re.match(r"^<(/?)([a-zA-Z0-9]+)", token.content)
    if tag is None:
        return "", ""
    closing, name = tag.group(1) == "/", tag.group(2).lower()
    if name == "br":
        return "hardbreak", ""
    twin = _HTML_EQUIVALENT.get(name)
    if twin is None:
        return "", ""
    href = _HREF.search(token.content) if twin == "link" and not closing else None
    if twin == "link" and not closing and href is None:
        return "", ""  # <a name="..."> anchors carry no link
    return f"{twin}_{'close' if closing else 'open'}", href.group(1) if href else ""


def _opens_with_anchor(tokens: list[Token]) -> bool:
    for token in tokens:
        if token.type == "link_open":
            return str(token.attrs.get("href", "")).lstrip("./").startswith("#")
        if token.type not in ("strong_open", "em_open", "text") or token.content.strip():
            return False
    return False


def _keep_link(
    links: list[_Link], label: str, href: str, inside_bold: bool, image_label: bool
) -> str:
    """Record a link; give back its mark (http links) or its words (anchors, files)."""
    plain = _unmark(label).strip()
    bold = inside_bold or (
        label.strip().startswith(_BOLD) and label.strip().endswith(_UNBOLD) and bool(plain)
    )
    if not href.lower().startswith(("http://", "https://")):
        return "" if image_label else _unmark(label)
    # A badge keeps its link but not its words ("Stars", "arXiv"): they name no paper.
    links.append(_Link("" if image_label else plain, href.strip(), bold, badge=image_label))
    return f" {_LINK_MARK}{len(links) - 1}{_LINK_MARK} "


def _unmark(text: str) -> str:
    return _TOKEN.sub(" ", text).translate({ord(mark): None for mark in _MARKS})


# --- blocks ------------------------------------------------------------------------------


def _without_front_matter(text: str) -> str:
    """YAML front matter blanked out, so that line numbers stay right."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return text
    return "\n" * end + "\n" + "\n".join(lines[end + 1 :])


@functools.lru_cache(maxsize=4)
def _document(text: str) -> _Document:
    """The blocks of a Markdown file; cached so that detect and read parse it once."""
    walker = _Walker(_MARKDOWN.parse(_without_front_matter(text)))
    return walker.run()


class _Walker:
    """Walks block tokens once, keeping the headings and the list item open."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.doc = _Document()
        self.stack: list[_Heading] = []
        self.items: list[_Block | None] = []  # open list items, innermost last
        self.paragraph_entry: _Block | None = None  # a bold paragraph and what follows it
        self.quote_depth = 0

    def run(self) -> _Document:
        i = 0
        while i < len(self.tokens):
            i = self.step(i)
        return self.doc

    def step(self, i: int) -> int:
        token = self.tokens[i]
        kind = token.type
        if kind == "heading_open":
            self.heading(int(token.tag[1]), _flatten(self.tokens[i + 1].children or []).text)
            return i + 3
        if kind == "list_item_open":
            self.items.append(None)
            self.doc.items += 1
            return i + 1
        if kind == "list_item_close":
            self.items.pop()
            return i + 1
        if kind in ("blockquote_open", "blockquote_close"):
            self.quote_depth += 1 if kind == "blockquote_open" else -1
            return i + 1
        if kind == "paragraph_open":
            self.paragraph(token, self.tokens[i + 1])
            return i + 3
        if kind == "table_open":
            return self.table(i)
        if kind == "html_block":
            self.html(token)
        elif kind == "hr":
            self.paragraph_entry = None
        return i + 1

    def heading(self, level: int, text: str) -> None:
        entry = _Heading(level, text, len(self.doc.headings))
        self.doc.headings.append(entry)
        self.stack = [h for h in self.stack if h.level < level] + [entry]
        self.paragraph_entry = None

    def paragraph(self, opening: Token, inline_token: Token) -> None:
        line = (opening.map or [0])[0] + 1
        inline = _flatten(inline_token.children or [])
        if self.items and self.quote_depth == 0:
            self.item_paragraph(line, inline, inline_token.content)
            return
        if self.quote_depth == 0 and _starts_an_entry(inline):
            self.paragraph_entry = _Block("para", line, inline, list(self.stack))
            self.doc.blocks.append(self.paragraph_entry)
        elif self.paragraph_entry is not None and self.quote_depth == 0:
            self.paragraph_entry.extra.append(inline)
        else:
            self.doc.prose.append((line, inline))

    def item_paragraph(self, line: int, inline: _Inline, source: str) -> None:
        if self.items[-1] is not None:  # a later paragraph of the same item
            self.items[-1].extra.append(inline)
            return
        parent = next((item for item in reversed(self.items[:-1]) if item is not None), None)
        block = _Block("item", line, inline, list(self.stack), len(self.items), parent)
        self.items[-1] = block
        self.doc.blocks.append(block)
        self.doc.yaml_items += bool(_YAML_ITEM.match("- " + source))
        self.paragraph_entry = None

    def table(self, i: int) -> int:
        roles: list[str] = []
        row: list[tuple[_Inline, int]] = []
        while self.tokens[i].type != "table_close":
            token = self.tokens[i]
            if token.type == "inline":
                row.append((_flatten(token.children or []), (token.map or [0])[0] + 1))
            elif token.type == "tr_close":
                if not roles:
                    roles = _roles([_unmark(cell.text) for cell, _ in row])
                elif row:
                    self.row(roles, row)
                row = []
            i += 1
        self.paragraph_entry = None
        return i + 1

    def row(self, roles: list[str], cells: list[tuple[_Inline, int]]) -> None:
        block = _Block("row", cells[0][1], _Inline("", []), list(self.stack))
        for role, (cell, _) in zip(roles, cells, strict=False):
            if role in block.cells:  # two columns of one role: their words join
                merged = block.cells[role]
                cell = _Inline(
                    merged.text + " " + _shift(cell.text, len(merged.links)),
                    merged.links + cell.links,
                )
            block.cells[role] = cell
        for extra, (cell, _) in enumerate(cells[len(roles) :]):
            block.cells[f"link:extra{extra}"] = cell
        self.doc.blocks.append(block)

    def html(self, token: Token) -> None:
        content = token.content
        line = (token.map or [0])[0] + 1
        heading = _HTML_HEADING.match(content)
        if heading:
            self.heading(int(heading.group(1)), _HTML_TAG.sub("", heading.group(2)))
        elif "<table" in content.lower():
            self.html_table(content, line)
        else:
            if re.search(r"</details\s*>", content, re.IGNORECASE):
                self.stack = [h for h in self.stack if h.level < 7]
            for summary in _HTML_SUMMARY.findall(content):
                # <details><summary>Faster Inference</summary>: a heading in all but name
                self.heading(7, _HTML_TAG.sub("", summary))
            if self.paragraph_entry is not None:
                self.paragraph_entry.extra.append(_html_inline(_HTML_SUMMARY.sub("", content)))

    def html_table(self, content: str, line: int) -> None:
        roles: list[str] = []
        for row in _HTML_ROW.finditer(content):
            cells = [_html_inline(cell) for _, cell in _HTML_CELL.findall(row.group(1))]
            row_line = line + content.count("\n", 0, row.start())
            if not roles:
                roles = _roles([_unmark(cell.text) for cell in cells])
            elif cells:
                self.row(roles, [(cell, row_line) for cell in cells])


def _shift(text: str, by: int) -> str:
    """Renumber the link marks of a cell that is appended after ``by`` links."""
    return _TOKEN.sub(lambda m: f"{_LINK_MARK}{int(m.group(1)) + by}{_LINK_MARK}", text)


def _html_inline(fragment: str) -> _Inline:
    """An HTML fragment (a table cell, a block) read as inline Markdown and HTML."""
    parsed = _MARKDOWN.parseInline(fragment.strip())
    return _flatten(parsed[0].children or []) if parsed else _Inline("", [])


def _starts_an_entry(inline: _Inline) -> bool:
    """A paragraph that opens with a bold title or a bold number, past any emoji."""
    start = _strip_decoration(inline.text)
    if start.startswith(_BOLD):
        return True
    token = _TOKEN.match(start)
    return token is not None and inline.links[int(token.group(1))].bold


def _strip_decoration(text: str) -> str:
    """Leading spaces, emoji and :shortcodes: off."""
    text = _SHORTCODE.sub("", text)
    i = 0
    while i < len(text) and (
        text[i].isspace() or unicodedata.category(text[i]) in ("So", "Sk", "Mn", "Cf")
    ):
        i += 1
    return text[i:]


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
    names = [clean(name).lower() for name in header]
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


# --- one entry: title, authors, venue --------------------------------------------------


def _read_entry(inline: _Inline) -> _Entry:
    """Title, authors, venue and links of one entry's first paragraph."""
    links = inline.links
    entry = _Entry(text=_unmark(inline.text))
    if inline.anchored:
        return entry  # a line of the table of contents
    text = _strip_numbering(inline.text)
    card = _model_card(text, links)
    if card is not None:
        if not card.strip():
            entry.card = True
            entry.links = list(links)
            return entry
        text, entry.marked = card, True
    rest = _find_title(text, links, entry)
    _parse_rest(rest, links, entry)
    entry.book = bool(_BOOK.search(_unmark(rest)) or _BOOK_IN_BRACKETS.search(entry.text))
    if entry.title_link is not None:
        entry.title_link.used = True
    entry.links = [link for link in links if not link.used]
    if _is_label(entry.title):
        entry.title = ""
    return entry


def _strip_numbering(text: str) -> str:
    """Leading emoji, list numbers and reference numbers (``**[1]**``, ``1)``) off."""
    previous = None
    while previous != text:
        previous = text
        text = _strip_decoration(text)
        text = re.sub(f"^{_BOLD}\\s*\\[?\\d{{1,4}}[\\].)]?\\s*{_UNBOLD}\\s*", "", text)
        text = _NUMBERING.sub("", text, count=1)
    return text


def _model_card(text: str, links: list[_Link]) -> str | None:
    """The paper line under a model card's first line, "" when it has none; None: no card.

    A card starts with a short bold name and gives a month and year or an
    open/close status on its first line: ``**LLaMa** [[Meta]](url) Feb. 2023``.
    """
    first, _, later = text.partition("\n")
    name = re.match(f"^{_BOLD}([^{_MARKS}\n]{{1,40}}){_UNBOLD}", first)
    if name is None or len(name.group(1).split()) > 4 or ":" in name.group(1):
        return None
    words = _TOKEN.sub(lambda m: f" [{links[int(m.group(1))].label}] ", first[name.end() :])
    if not (_MONTH_YEAR.search(words) or _CARD_STATUS.search(words)):
        return None
    for link in _links_in(first, links):
        link.used = True  # the organisation and open/close links are the model's
    return " ".join(line.strip() for line in later.split("\n") if line.strip())


def _links_in(text: str, links: list[_Link]) -> list[_Link]:
    return [links[int(number)] for number in _TOKEN.findall(text)]


def _find_title(text: str, links: list[_Link], entry: _Entry) -> str:
    """Set the entry's title (see the module doc for the order); give back the text after it."""
    text = _skip_label_prefix(text)
    stripped = text.lstrip()
    bold = re.match(f"^{_BOLD}(.*?){_UNBOLD}", stripped, re.DOTALL)
    if bold and _unmark(bold.group(1)).strip(" \"“”'.:"):
        return _title_from_bold(bold, stripped, links, entry)
    quoted = _QUOTED.match(stripped)
    if quoted and _citation(quoted, links):
        return _title_from_quote(quoted, stripped, links, entry)
    link, before, after = _first_link(stripped, links)
    if link is not None and _venue_link_before_title(link, before, after):
        entry.venue = link.label  # "- [[CVPR](paper.pdf)] Title. [[code](url)]"
        stripped = after
    elif link is not None and _titled(link) and _prefix_like(before, link):
        entry.title_link, entry.title = link, _tidy_title(link.label)
        _authors_in_label(entry)
        entry.marked = entry.marked or link.bold
        return after
    head, rest = _head(stripped)
    head = _VENUE_TAG.sub("", _unmark(head).strip(" \t])").strip("[(").strip())
    split = _split_head(head)
    if split is None:  # no description, year or initials: "Title, Venue 2021"
        _parse_head(head, entry)
        entry.title = _tidy_title(entry.title)
        return rest
    entry.title = _tidy_title(split[0])
    return split[1] + rest


def _authors_in_label(entry: _Entry) -> None:
    """ "[Wojciech Zaremba, Ilya Sutskever, An Empirical Exploration of ...](url)"."""
    parts = entry.title.split(", ")
    for count in range(len(parts) - 1, 0, -1):
        names, title = parts[:count], ", ".join(parts[count:])
        if len(title.split()) >= 3 and all(_name_like(name) for name in names):
            entry.authors, entry.title = names, title
            return


def _skip_label_prefix(text: str) -> str:
    """``T5: **"Title"**``, ``**LeViT**: "Title"``, ``**[SSD]** Title``: a short name is not it."""
    bracketed = re.match(f"^\\s*{_BOLD}\\[[^\\]{_MARKS}\n]{{1,30}}\\]{_UNBOLD}\\s+(?=\\w)", text)
    if bracketed:
        return text[bracketed.end() :]
    match = re.match(
        f'^\\s*(?:{_BOLD}[^{_MARKS}\n]{{1,30}}{_UNBOLD}|[^{_MARKS}\n*"“\\[{_LINK_MARK}]{{1,30}}?)'
        f'\\s*:\\s+(?=["“{_BOLD}{_LINK_MARK}]|\\s{_LINK_MARK})',
        text,
    )
    return text[match.end() :] if match else text


def _title_from_bold(match: re.Match[str], text: str, links: list[_Link], entry: _Entry) -> str:
    inner = match.group(1)
    tokens = _TOKEN.findall(inner)
    if tokens and not _TOKEN.sub("", inner).strip(" \"“”'.:"):
        entry.title_link = links[int(tokens[0])]
        entry.title = _tidy_title(entry.title_link.label)
    else:
        for link in _links_in(inner, links):
            link.used = True
        entry.title = _tidy_title(_unmark(inner))
    entry.marked = True
    return text[match.end() :]


def _citation(quoted: re.Match[str], links: list[_Link]) -> bool:
    """'Authors. "Title." Venue' or '"Title", Venue': a quoted title after names or nothing."""
    inner, before = quoted.group(2), _unmark(quoted.group(1)).strip(" .,:")
    if _TOKEN.search(inner):
        return True
    if len(_unmark(inner).split()) < 2:
        return False
    # Surnames alone ("Sennrich, et al.") only count before a bold quoted title.
    loose = _BOLD in inner or bool(_ET_AL.search(before))
    return not before or bool(_names(_strip_marks(before), strict=not loose))


def _title_from_quote(quoted: re.Match[str], text: str, links: list[_Link], entry: _Entry) -> str:
    inner = quoted.group(2)
    tokens = _TOKEN.findall(inner)
    if tokens and len(_unmark(_TOKEN.sub("", inner)).split()) < 2:
        entry.title_link = links[int(tokens[0])]
        entry.title = _tidy_title(entry.title_link.label)
    else:
        entry.title = _tidy_title(_unmark(inner))
    before = _strip_marks(_unmark(quoted.group(1))).strip(" ,")
    entry.authors = _names(before, strict=False) or []
    entry.marked = True
    return text[quoted.end() :]


def _first_link(text: str, links: list[_Link]) -> tuple[_Link | None, str, str]:
    """The first link of the first line, with the text before and after it."""
    token = _TOKEN.search(text.split("\n", 1)[0])
    if token is None:
        return None, text, ""
    return links[int(token.group(1))], text[: token.start()], text[token.end() :]


def _venue_link_before_title(link: _Link, before: str, after: str) -> bool:
    """A link named by a venue (CVPR, NeurIPS, SIGGRAPH Asia) with the title after it."""
    words = link.label.split()
    if _unmark(before).strip(" [(") or not words or len(words) > 2 or len(link.label) > 15:
        return False
    venue = _VENUE_WORD.match(link.label) or sum(ch.isupper() for ch in words[0]) >= 2
    title = _unmark(_head(after)[0]).strip(" ]):.")
    return bool(venue) and len(title.split()) >= 3


def _titled(link: _Link) -> bool:
    """A link whose words can be a title: not a badge, not a label like [pdf] or [ICLR'23]."""
    return not link.badge and not _is_label(link.label) and not _VENUE_LABEL.match(link.label)


def _prefix_like(before: str, link: _Link) -> bool:
    """Text before a titled link that is not itself the title.

    Nothing, a date or venue tag (``20181206 arXiv``, ``ICLR-18``, ``CoRR
    abs/1610.04420 (2016)``), a note ending in a colon, or a note in a script
    other than Latin (a Chinese summary before the English title).
    """
    words = _strip_marks(_unmark(before)).strip(" |[(" + _DASHES).split()
    if not words:
        return True
    joined = " ".join(words)
    if joined.endswith((":", "\uff1a")) or any(_non_latin(ch) for ch in joined):
        return True
    return len(words) <= 4 and len(link.label.split()) >= 2


def _non_latin(char: str) -> bool:
    return char.isalpha() and not unicodedata.name(char, "").startswith(("LATIN", "GREEK"))


def _head(text: str) -> tuple[str, str]:
    """The plain text before the first link on the first line, and everything after it."""
    first, newline, later = text.partition("\n")
    token = _TOKEN.search(first)
    if token is None:
        return first, newline + later
    return first[: token.start()], first[token.start() :] + newline + later


def _split_head(head: str) -> tuple[str, str] | None:
    """A plain-text title and what follows it: a description, a year or initialled authors."""
    fields = re.split(r"\.\s+(?=\[)|\s+\|\s+", head, maxsplit=1)  # "Title. [seg.]", "Title | A"
    if len(fields) == 2:
        return fields[0], "\n" + fields[1]
    parts = _DESCRIPTION_GAP.split(head, maxsplit=1)
    if len(parts) == 2 and len(parts[1].split()) >= 3:
        return parts[0], "\n" + parts[1]  # "Title  This paper introduces ..."
    year = _year_in_parens(head)
    if year and year.start() > 0:
        title, after = head[: year.start()], head[year.end() :]
        if after.lstrip().startswith(":"):  # "Models(2017): A Tutorial, G. Neubig."
            more, tail = _split_at_authors(after.lstrip())
            return f"{title}{more}", tail
        return title, head[year.start() :]  # the year stays, a date for the reader of the rest
    title, tail = _split_at_authors(head)
    return (title, tail) if tail else None


def _year_in_parens(head: str) -> re.Match[str] | None:
    """ "(2017)", or "2016)" whose bracket was never opened."""
    year = re.search(r"\s*\(\s*(?:19|20)\d{2}\s*\)", head)
    if year is None:
        year = re.search(r"\s+(?:19|20)\d{2}\)", head)
        if year is not None and "(" in head[: year.start()]:
            return None
    return year


def _split_at_authors(text: str) -> tuple[str, str]:
    """ "Title, G. Hinton and R. Salakhutdinov." at the comma before the initials."""
    match = _AUTHOR_START.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], text[match.start() :]


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
    entry.title = head


def _parse_rest(rest: str, links: list[_Link], entry: _Entry) -> None:
    """Authors, venue and a comment from what follows the title."""
    rest = _AFFILIATION.sub(lambda m: _keep_affiliation(m, entry), rest)
    italic = re.match(f"^[\\s.,:;\\-\u2013\u2014]*{_ITALIC}(.+?){_UNITALIC}", rest, re.DOTALL)
    if italic:
        for link in _links_in(italic.group(1), links):
            link.used = True  # an author's homepage, not a paper link
        inner = _strip_marks(_TOKEN.sub(lambda m: links[int(m.group(1))].label, italic.group(1)))
        rest = re.sub(r"^\s*,?\s*et\.?\s*al\b\.?", "", rest[italic.end() :])
        if _has_year(inner) and not _names(inner):
            entry.venue = _tidy_title(inner)
        else:
            entry.authors = _split_authors(inner)
    _read_pieces(_pieces(rest), entry)


def _keep_affiliation(match: re.Match[str], entry: _Entry) -> str:
    entry.affiliations.append(clean(match.group(1)))
    return ""


def _pieces(rest: str) -> list[str]:
    """What follows a title, cut at links, line breaks, sentence ends and bars."""
    text = _strip_marks(_TOKEN.sub("\n", rest).replace(_BOLD, "\n").replace(_UNBOLD, "\n"))
    pieces: list[str] = []
    for line in re.split(r"\n|\s\|\s|\|", text):
        for piece in _SENTENCE_END.split(line):
            piece = _link_debris(piece)
            if piece:
                pieces.append(piece)
    return pieces


def _read_pieces(pieces: list[str], entry: _Entry) -> None:
    leftover: list[str] = []
    venue_done = entry.venue is not None
    for piece in pieces:
        year = re.match(r"^\(?\s*((?:19|20)\d{2})\s*\)\s*,?\s*", piece)
        if year:  # "(2015), G. Hinton et al.": the year, then the authors
            entry.published = entry.published or year.group(1)
            piece = piece[year.end() :]
            if not piece:
                continue
        names_part, et_al, after = _split_et_al(piece)
        if et_al and not entry.authors and _names(names_part, strict=False):
            entry.authors = _names(names_part, strict=False) or []
            piece = after
            if not piece:
                continue
        if not venue_done and _has_year(piece):
            # "Authors, Venue 2020" or "Workshop, CHI2020": names go to authors,
            # anything else stays part of the venue.
            venue_done = True
            before, venue, after_venue = _venue_from_parts(piece.split(", "), keep=0)
            names = _names(", ".join(before), strict=False) if before else None
            if names and not entry.authors:
                entry.authors, entry.venue = names, venue
            else:
                entry.venue = ", ".join([*before, *([venue] if venue else [])]) or None
            leftover.extend(after_venue)
        elif not entry.authors and not venue_done and _names(piece):
            entry.authors = _names(piece) or []
        elif not venue_done and (
            (_VENUE_WORD.match(piece) and len(piece) < 40) or _SHORT_VENUE.match(piece)
        ):
            entry.venue, venue_done = piece, True
        else:
            leftover.append(piece)
    if entry.venue and _BARE_YEAR.match(entry.venue):
        entry.venue = None  # a year alone is a date, not a venue
    words = " ".join(leftover).split()
    if len(words) >= 3:
        entry.comment = clean(" ".join(leftover))


def _split_et_al(piece: str) -> tuple[str, bool, str]:
    """ "Mildenhall et al., ECCV 2020" -> ("Mildenhall", True, "ECCV 2020")."""
    match = _ET_AL.search(piece)
    if match is None:
        return piece, False, piece
    return piece[: match.start()], True, piece[match.end() :].strip(" ,.;")


def _link_debris(piece: str) -> str:
    """A text piece without the brackets that removed links leave behind, nor emoji codes."""
    piece = _SHORTCODE.sub(" ", piece)
    piece = re.sub(r"[\[\]]+|\(\s*\)", " ", piece).strip()
    if piece.count("(") != piece.count(")"):
        piece = piece.replace("(", " ").replace(")", " ")
    elif piece.startswith("(") and piece.endswith(")") and piece.count("(") == 1:
        piece = piece[1:-1]
    return re.sub(r"\s+", " ", piece).strip(" \t.,;:|*_" + _DASHES)


def _strip_marks(text: str) -> str:
    return text.translate({ord(mark): None for mark in _MARKS})


def _tidy_title(text: str) -> str:
    text = clean(_SHORTCODE.sub("", _strip_marks(text)))
    text = re.sub(r"\s*\(\s*(?:19|20)\d{2}\s*\)\s*$", "", text)  # "Title (2015)"
    text = text.strip(" \t*_[")
    if len(text) > 2 and text[0] in "\"“'" and text[-1] in "\"”'":
        text = text[1:-1].strip()
    text = text.rstrip(" ,;:|]" + _DASHES)
    if text.endswith((".", "。")) and not text.endswith(".."):
        text = text[:-1].rstrip()
    if len(text) > 2 and text[0] in '"“' and text[-1] in '"”':
        text = text[1:-1].strip()
    return text


def _is_label(text: str) -> bool:
    return not text.strip() or bool(_ANY_LABEL.match(text))


def _name_like(text: str, strict: bool = True) -> bool:
    """A person's name: a few capitalised words (or any non-Latin script)."""
    words = text.replace(".", ". ").split()
    if not words or len(words) > 6 or any(ch.isdigit() or ch in ":;!?@#/\\=<>{}|`" for ch in text):
        return False
    if (strict and len(words) < 2) or _INSTITUTION.search(text):
        return False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        first = word.lstrip("('\"")[:1]
        if not first or not (first.isupper() or not first.isascii()):
            return False
    return True


def _split_authors(text: str) -> list[str]:
    """Names from "A, B, and C", "A and B", "Last, First and Last, First" or "Last, First, B"."""
    text = _ET_AL.sub("", text).strip()
    # Equal-contribution and affiliation marks: "Ann*", "Bo†", "Chang‡ Kenton Lee".
    text = re.sub(f"[{re.escape(_CONTRIBUTION_MARKS)}]+(?=\\s+[A-Z])(?!\\s*,)", ",", text)
    text = re.sub(f"[{re.escape(_CONTRIBUTION_MARKS)}]+", "", text)
    if not re.search(r"\b[A-Z]\.$", text):  # keep the point of a final initial
        text = text.rstrip(".").strip()
    # BibTeX order "Last, First and Last, First": each and-part holds one comma.
    parts = re.split(r"\s+and\s+", text)
    if len(parts) > 1 and all(part.count(",") == 1 for part in parts if part != "others"):
        names = [" ".join(reversed([p.strip() for p in part.split(",")])) for part in parts]
        return clean_list([n for n in names if n != "others"])
    names = [n.strip() for n in re.split(r",?\s+and\s+|,\s*|;\s*|\s*&\s*", text)]
    names = [n for n in names if n and n.lower() not in ("others", "etal", "etal.")]
    if len(names) >= 2 and re.match(r"^[^\s,]+,", text) and _inverted_first_author(names):
        names = [f"{names[1]} {names[0]}", *names[2:]]
    return clean_list(names)


def _inverted_first_author(names: list[str]) -> bool:
    """ "LeCun, Yann, Yoshua Bengio": a surname, then its given names, then full names."""
    surname, given = names[0], names[1]
    if len(surname.split()) != 1 or not _name_like(given, strict=False):
        return False
    if len(names) == 2:
        return len(given.split()) <= 3
    return len(names[2].split()) >= 2 or len(given.split()) >= 2


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


# --- links -----------------------------------------------------------------------------


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


def _host(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.lower()).split("/", 1)[0]


def _paperish(link: _Link) -> bool:
    """A link to the paper itself, by address or by the word on it."""
    return (
        classify(link.url) in ("arxiv", "pdf", "doi", "hf")
        or _host(link.url).endswith(_PAPER_HOSTS)
        or bool(_PAPER_LABEL.match(link.label))
    )


def _scholarly(link: _Link) -> bool:
    """A link that only a paper has: arXiv, a DOI or a Hugging Face paper page."""
    return classify(link.url) in ("arxiv", "doi", "hf") or _host(link.url).endswith("arxiv.org")


def _elsewhere(link: _Link) -> bool:
    """A talk, post, notebook, book or social-media page: never the paper."""
    host, url = _host(link.url), link.url.lower()
    return (
        host.endswith(_NOT_PAPER_HOSTS)
        or "blog" in host
        or "/blog" in url
        or (host.startswith("books.google"))
    )


def _alarming(links: list[_Link]) -> _Link | None:
    """The first link that must not be dropped silently: arXiv or a PDF."""
    return next((link for link in links if classify(link.url) in ("arxiv", "pdf")), None)


def _bare_urls(inline: _Inline) -> _Inline:
    """Addresses written as plain text (a broken ``[[Homepage])(url)]``) become links."""
    links = list(inline.links)

    def replace(part: str) -> str:
        if part.startswith(_LINK_MARK):
            return part
        for url in find_urls(part):
            links.append(_Link("", url))
            part = part.replace(url, f" {_LINK_MARK}{len(links) - 1}{_LINK_MARK} ", 1)
        return part

    parts = re.split(f"({_LINK_MARK}\\d+{_LINK_MARK})", inline.text)
    return _Inline("".join(replace(part) for part in parts), links, inline.anchored)


# --- blocks to papers ------------------------------------------------------------------


def _keywords(headings: list[_Heading], title_order: int | None) -> list[str]:
    words = []
    for heading in headings:
        if heading.order == title_order:
            continue
        text = _tidy_heading(heading.text)
        core = re.sub(r"(?<!\d)(19|20)\d{2}(?!\d)|\b(papers?|venues?|list)\b", "", text.lower())
        if re.match(r"^updated?\b", text.lower()) or not core.strip(" -:|,&()"):
            continue
        if text.lower() in _GENERIC_HEADINGS:
            continue
        words.append(text)
    return words


@functools.lru_cache(maxsize=1024)  # every entry under a heading asks again
def _tidy_heading(text: str) -> str:
    text = _SHORTCODE.sub("", _unmark(text))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "So")
    return re.sub(r"^\s*(\d+(\.\d+)*\.?|[IVX]+\.)\s+", "", clean(text)).strip(" -:|")


def _section_says_not_papers(block: _Block) -> bool:
    """The nearest heading (or parent item: "- Blogs:") that names a kind says books, tools..."""
    names = [heading.text for heading in block.headings]
    parent = block.parent
    while parent is not None:
        names.append(parent.inline.text)
        parent = parent.parent
    for name in reversed(names):
        text = _tidy_heading(name)
        if _PAPER_SECTIONS.search(text):
            return False
        if _NOT_PAPER_SECTIONS.search(text):
            return True
    return False


def _date(text: str) -> str | None:
    match = re.search(r"\b((?:19|20)\d{2})[./-](\d{1,2})[./-](\d{1,2})\b", text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _row_entry(block: _Block) -> tuple[_Entry | None, list[_Link]]:
    cells = {role: _bare_urls(cell) for role, cell in block.cells.items()}
    if "title" not in cells:
        return None, [link for cell in cells.values() for link in cell.links]
    entry = _read_entry(cells["title"])
    links = list(cells["title"].links)
    entry.marked = bool(entry.title)
    # A table that also gives venues, authors or dates is a table of papers.
    entry.tabled = any(role in cells for role in ("venue", "year", "date", "authors"))
    for role, cell in cells.items():
        if role == "title":
            continue
        if role.startswith("link:"):
            for link in cell.links:
                link.label = link.label or role[5:]
            entry.links.extend(cell.links)
            links.extend(cell.links)
            continue
        _row_field(entry, role, clean(_unmark(cell.text)).strip(" -"))
    return entry, links


def _row_field(entry: _Entry, role: str, plain: str) -> None:
    if not plain or plain in ("-", "—", "N/A", "n/a"):
        return
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


def _abstract(block: _Block) -> str:
    for paragraph in block.extra:
        text = clean(_unmark(paragraph.text))
        if _ABSTRACT.match(text):
            return clean(_ABSTRACT.sub("", text, count=1))
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
        affiliations=clean_list(entry.affiliations),
        provenance=[Provenance(origin, f"line {block.line}")],
    )
    ordered = ([entry.title_link] if entry.title_link else []) + entry.links
    for link in ordered:
        paper.add_link(_kind(link.label, link.url, link is entry.title_link), link.url)
    for link in ordered:
        if paper.arxiv_id is None:
            paper.arxiv_id = _first_arxiv_id(link.url)
        if paper.doi is None and (match := _DOI_URL.search(link.url)):
            paper.doi = normalise_doi(match.group(1))
    if paper.arxiv_id is None:  # "arXiv:2401.01234" or "CoRR, abs/1510.00149" in the entry
        paper.arxiv_id = cited_arxiv_id(entry.text)
    return paper


def _first_arxiv_id(text: str) -> str | None:
    """The first id an arxiv.org address or an ``arXiv:`` mention in ``text`` names.

    A search, not a whole-URL parse, so sub-pages (``/html/ID/x1.png``) and
    archived copies of arXiv pages count too.
    """
    found = find_arxiv_ids(text)
    return found[0] if found else None


def _title_heading(headings: list[_Heading]) -> int | None:
    """The list's own title: its first heading, when no other heading is as high."""
    if not headings:
        return None
    top = min(h.level for h in headings)
    first = headings[0]
    if first.level == top and sum(h.level == top for h in headings) == 1:
        return first.order
    return None


@dataclass
class _Candidate:
    block: _Block
    entry: _Entry | None
    links: list[_Link]  # every http link of the entry, used or not
    verdict: str = ""  # "paper", "maybe" (no link, but a title and authors) or "no"


def _candidates(doc: _Document) -> Iterator[_Candidate]:
    """An entry per block, with links and authors that sub-items give their parent.

    A parent is given before its sub-items are read: wait for the end before
    judging it (``detect`` does not; a first guess is all it needs).
    """
    found: dict[int, _Candidate] = {}
    for block in doc.blocks:
        if block.kind == "row":
            entry, links = _row_entry(block)
        else:
            inline = _bare_urls(block.inline)
            entry, links = _read_entry(inline), list(inline.links)
            entry.abstract = _abstract(block)
            if block.kind == "para" and not any(_paperish(link) for link in entry.links):
                _take_links_below(entry, links, block)
        candidate = _Candidate(block, entry, links)
        parent = found.get(id(block.parent)) if block.parent is not None else None
        if parent is not None and parent.entry is not None and _merge_into(parent, candidate):
            continue
        found[id(block)] = candidate
        yield candidate


def _take_links_below(entry: _Entry, links: list[_Link], block: _Block) -> None:
    """A bold paragraph whose paper link sits in the HTML or text that follows it."""
    for inline in block.extra:
        for link in _bare_urls(inline).links:
            entry.links.append(link)
            links.append(link)


def _merge_into(parent: _Candidate, child: _Candidate) -> bool:
    """Sub-items that belong to the entry above: its links, or its authors and venue."""
    entry, parent_entry = child.entry, parent.entry
    assert entry is not None and parent_entry is not None
    if not entry.title and child.links and parent_entry.title:
        parent_entry.links.extend(link for link in child.links if not link.used)
        parent.links.extend(child.links)
        return True
    if not child.links and parent_entry.title and not parent_entry.authors:
        people = _Entry()
        _read_pieces(_pieces(child.block.inline.text), people)
        if len(people.authors) >= 2 or (people.authors and people.venue):
            parent_entry.authors = people.authors
            parent_entry.venue = parent_entry.venue or people.venue
            return True
    return False


def _verdict(entry: _Entry, block: _Block) -> str:
    """paper, maybe (a paper if its neighbours are papers) or no."""
    links = ([entry.title_link] if entry.title_link else []) + entry.links
    if not entry.title or entry.card or entry.book or _LIST_OF_PAPERS.search(entry.title):
        return "no"
    if links and all(_elsewhere(link) for link in links):
        return "no"
    words = len(entry.title.split())
    if _section_says_not_papers(block):
        if any(_scholarly(link) for link in links):
            return "paper"
        # A technical report with authors among tools ("Theano: ..., R. Al-Rfou et al."),
        # linking nothing or only a PDF, may still be a paper; a post or a course is not.
        doubtful = not links or any(_paperish(link) for link in links)
        return "maybe" if entry.authors and words >= 3 and doubtful else "no"
    if any(_paperish(link) for link in links):
        return "paper"
    if entry.marked and block.kind == "item" and not links and _card_line(entry):
        return "paper"
    if words < 3:
        return "no"
    venue = entry.venue or ""
    dated_venue = _has_year(venue) and len(venue.split()) <= 8
    if entry.marked + bool(entry.authors) + dated_venue + entry.tabled >= 2:
        return "paper"
    titled_by_link = entry.title_link is not None and classify(entry.title_link.url) != "code"
    return "maybe" if entry.authors or titled_by_link else "no"


def _card_line(entry: _Entry) -> bool:
    """A model card's paper line given without a link: a title of three words or more."""
    return len(entry.title.split()) >= 3 and entry.title_link is None


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


def _entries(doc: _Document, origin: str) -> ReadResult:
    result = ReadResult()
    title_order = _title_heading(doc.headings)
    candidates = list(_candidates(doc))
    for candidate in candidates:
        if candidate.entry is not None:
            candidate.verdict = _verdict(candidate.entry, candidate.block)
    paper_sections = {
        tuple(h.order for h in c.block.headings) for c in candidates if c.verdict == "paper"
    }
    for candidate in candidates:
        block, entry, links = candidate.block, candidate.entry, candidate.links
        if entry is None:
            _warn_unread(result, origin, block, links, "in a table without a title column")
        elif candidate.verdict == "paper" or (
            candidate.verdict == "maybe"
            and tuple(h.order for h in block.headings) in paper_sections
        ):
            result.papers.append(_paper(entry, block, origin, title_order))
        elif not entry.title:
            _warn_unread(result, origin, block, links, "with no title")
        elif candidate.verdict == "maybe":
            result.problems.append(_unsure(origin, block, entry))
        else:
            _warn_unread(result, origin, block, links, f"{entry.title!r}, taken as not a paper,")
    for line, inline in doc.prose:
        _warn_prose(result, origin, line, inline)
    result.problems.sort(key=lambda p: p.line or 0)
    return result


def _unsure(origin: str, block: _Block, entry: _Entry) -> Problem:
    return Problem(
        origin,
        f"entry {entry.title!r} may be a paper, but it links no paper and no other entry under "
        "its heading is one; not read as a paper",
        line=block.line,
        severity="warning",
    )


def _warn_prose(result: ReadResult, origin: str, line: int, inline: _Inline) -> None:
    for link in _bare_urls(inline).links:
        kind = classify(link.url)
        if kind in ("arxiv", "pdf"):
            result.problems.append(
                Problem(
                    origin,
                    f"link to {kind} ({link.url}) outside any list entry; not read as a paper",
                    line=line,
                    severity="warning",
                )
            )


# --- reader contract ---------------------------------------------------------------------


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
    doc = _document(text.lstrip("\ufeff"))
    if doc.items and doc.yaml_items * 2 >= doc.items:
        return 0.0  # a YAML list of records, not a Markdown list
    papers = _papers_at_first_sight(doc, enough=3)
    if papers < 3:  # few sure papers: count as read() would, neighbours and all
        papers = len(_entries(doc, filename).papers)
    if papers == 0:
        return 0.0
    # Several entries under headings is the shape of a paper list.
    many = papers >= 3
    score = (0.8 if many else 0.45) if doc.headings else (0.65 if many else 0.35)
    if filename.lower().endswith((".md", ".markdown")):
        score += 0.1
    return min(score, 0.95)


def _papers_at_first_sight(doc: _Document, enough: int) -> int:
    """Entries that are surely papers, counted until there are ``enough``."""
    count = 0
    for candidate in _candidates(doc):
        if candidate.entry is not None and _verdict(candidate.entry, candidate.block) == "paper":
            count += 1
            if count >= enough:
                break
    return count


def read(text: str, origin: str) -> ReadResult:
    return _entries(_document(text.lstrip("\ufeff")), origin)
