"""BibTeX files, generated or hand-kept.

Parsing is bibtexparser 2's (blocks, line numbers, failed blocks, duplicate keys)
with its middleware switched off: values are resolved here, in file order as
BibTeX does, so ``@string`` macros, the standard month macros and ``#``
concatenation all work, and an undefined macro is reported rather than guessed.
Field names are case-insensitive (``Title =`` is ``title =``).

LaTeX becomes Unicode with pylatexenc (``G\\"{o}r\\"{u}r`` -> Görür, ``\\&`` -> &,
protective braces dropped) except math, which is kept as written (``$\\beta$``)
because the site renders it; an escaped dollar stays ``\\$`` for the same reason.

Field mapping: ``abstract``, ``doi``, ``keywords`` (split on , and ;), ``note``
-> comment, ``journal``/``booktitle`` -> venue unless it only says arXiv/CoRR.
``published`` keeps only what the entry knows: ``YYYY`` from a year alone,
``YYYY-MM`` with a month, a full ``YYYY-MM-DD`` only from a biblatex ``date``.
The arXiv id comes from ``eprint`` (arXiv prefix or id-shaped, with or without
``archivePrefix``), ``arxivid``, al-folio's ``arxiv``, ``number = {arXiv:...}``,
``journal = {arXiv preprint arXiv:...}``/CoRR ``abs/...``/``CoRR 2006.13706``, an
arXiv DOI, or an arxiv.org URL in ``url``/``howpublished``/``note``/``pdf``. Marks
of equal contribution (``Einstein*†``, ``Lee$^{*}$``) are not part of a name.

Problems: unparseable blocks and entries without a title are errors with their
line; a repeated key keeps the first entry (an error when the dropped one is a
different paper, a warning when it repeats the same title); undefined macros,
repeated fields and text that looks like an entry missing its ``@`` (which BibTeX
ignores as a comment, and so do we) are warnings.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ImplicitComment,
    ParsingFailedBlock,
    String,
)
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.macrospec import LatexContextDb

from generator.arxiv_ids import (
    ARXIV_ID_PATTERN,
    abs_url,
    arxiv_id_from_doi,
    cited_arxiv_id,
    find_arxiv_ids,
    parse_arxiv_id,
)
from generator.citations import format_entry
from generator.identity import normalise_doi
from generator.links import classify, find_urls, trim_url
from generator.model import LinkKind, Paper, Problem, Provenance, ReadResult, Severity
from generator.text import clean, clean_list

NAME = "bibtex"

_ENTRY_TYPES = (
    "article|book|booklet|inbook|incollection|inproceedings|conference|manual|mastersthesis"
    "|misc|phdthesis|proceedings|techreport|unpublished|online|software|dataset|report|thesis"
    "|electronic|www|patent|collection"
)
_BLOCK_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.MULTILINE)
# "article{key," at a line start: an entry that lost its "@".
_MISSING_AT = re.compile(rf"^[ \t]*({_ENTRY_TYPES})[ \t]*\{{[^,\s{{}}]+[ \t]*,", re.I | re.M)
_KEY_IN_RAW = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)")

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# BibTeX predefines these macros; files may redefine them.
_PREDEFINED = {name[:3]: name.capitalize() for name in _MONTH_NAMES}


def _latex_context() -> LatexContextDb:
    # Text-mode symbols pylatexenc does not know; BibTeX writers (ours
    # included) use them for characters that are BibTeX or LaTeX syntax.
    context = get_default_latex_context_db()
    symbols = {"textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^"}
    symbols |= {"textless": "<", "textgreater": ">", "textbar": "|"}
    macros = [MacroTextSpec(name, simplify_repl=text) for name, text in symbols.items()]
    context.add_context_category("bibtex-symbols", macros=macros, prepend=True)
    return context


_LATEX = LatexNodes2Text(
    latex_context=_latex_context(), math_mode="verbatim", strict_latex_spaces=True
)
# "S{\\'e}bastien": generators that escape backslashes twice; a LaTeX line break
# right before an accent symbol is never meant.
_DOUBLED_ACCENT = re.compile(r"\\\\(?=['`^\"~=.])")
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
_HREF_COMMAND = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_BARE_URL = re.compile(r"https?://[^\s{}\\]+")
# In a field value "%" is a per cent sign, not the start of a LaTeX comment.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_LATEX_MARKUP = re.compile(r"[\\{}~$%]|--|``|''")
_HELD = re.compile("\ue000(\\d+)\ue001")

_ARXIV_VENUE = re.compile(r"arxiv|^\s*corr\b|^\s*preprint\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_KEYWORD_SPLIT = re.compile(r"[,;]")
# An id written alone after the venue's name: "CoRR 2006.13706".
_BARE_ID = re.compile(rf"(?<![\w./-])({ARXIV_ID_PATTERN})(?![\w.])")
# Marks of equal contribution or corresponding authorship: "Einstein*†", "\u2217Yadav",
# "Lee$^{*}$"; after LaTeX conversion only the marks or a math superscript remain.
_CONTRIBUTION_MARKS = re.compile(
    r"\$\^\{?[*\\a-z\d,\u2020 ]*\}?\$|[*\u2217^\u2020\u2021\u00a7\u00b6]+"
)


def detect(text: str, filename: str) -> float:
    kinds = [m.group(1).lower() for m in _BLOCK_START.finditer(text)]
    if not kinds:
        return 0.0
    is_bib = filename.lower().endswith(".bib")
    # A README or JSON file quoting a citation is not a BibTeX listing.
    if "```" in text or text.lstrip()[:1] in ("{", "["):
        return 0.5 if is_bib else 0.2
    if all(kind in ("comment", "string", "preamble") for kind in kinds):
        return 0.6  # BibTeX, but only macros: read() will say it holds no papers
    return 0.95


@contextmanager
def _quiet_bibtexparser() -> Iterator[None]:
    # bibtexparser logs every failed block; here they become Problems instead.
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _split_concatenation(raw: str) -> list[str]:
    """Parts of ``a # {b} # "c"``: "#" only counts outside braces and quotes."""
    parts: list[str] = []
    depth, in_quotes, start = 0, False, 0
    for i, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and raw[i - 1 : i] != "\\":  # \" is an umlaut
            in_quotes = not in_quotes
        elif char == "#" and depth == 0 and not in_quotes:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return [part.strip() for part in parts]


def _resolve(raw: str, macros: dict[str, str], undefined: list[str]) -> str:
    """A raw field value as BibTeX reads it: delimiters off, macros expanded."""
    out: list[str] = []
    for part in _split_concatenation(raw.strip()):
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in macros:
            out.append(macros[part.lower()])
        elif part:
            # BibTeX would print nothing; the macro's name says more than that.
            undefined.append(part)
            out.append(part)
    return "".join(out)


def _latex(value: str) -> str:
    """LaTeX to Unicode one-line text, math and URLs kept as written."""
    if not value:
        return ""
    if not _LATEX_MARKUP.search(value):
        return clean(value)  # plain text: skip pylatexenc, by far the slowest step
    held: list[str] = []

    def hold(text: str) -> str:
        held.append(text)
        return f"\ue000{len(held) - 1}\ue001"

    text = _DOUBLED_ACCENT.sub(r"\\", value)
    text = _HREF_COMMAND.sub(r"\2", text)  # the link text; _links() takes the URL
    text = _URL_COMMAND.sub(lambda m: hold(_unescape_url(m.group(1))), text)
    text = _BARE_URL.sub(lambda m: hold(m.group(0)), text)
    text = text.replace("\\$", hold("\\$"))
    text = _BARE_PERCENT.sub(r"\\%", text)
    try:
        text = _LATEX.latex_to_text(text)
    except Exception:  # pylatexenc fails on some malformed macro uses; keep the words
        text = re.sub(r"\\[A-Za-z]+\*?|[{}]", "", text)
    text = _HELD.sub(lambda m: held[int(m.group(1))], text)
    return clean(text)


def _unescape_url(text: str) -> str:
    for escaped, char in (("\\_", "_"), ("\\%", "%"), ("\\&", "&"), ("\\#", "#"), ("\\~", "~")):
        text = text.replace(escaped, char)
    return text


def _plain_url(value: str) -> str:
    """A URL field: \\url{} and TeX escapes off, no other LaTeX processing."""
    match = _URL_COMMAND.search(value)
    url = _unescape_url(match.group(1) if match else value)
    return url.replace("{", "").replace("}", "").strip()


def _names(value: str) -> list[str]:
    """``and``-joined names as "First von Last, Jr"; ``others`` dropped."""
    names: list[str] = []
    for raw in split_multiple_persons_names(value):
        if raw.strip().lower() == "others":
            continue
        try:
            name = parse_single_name_into_parts(raw, strict=False).merge_first_name_first
        except ValueError:
            name = raw
        names.append(_CONTRIBUTION_MARKS.sub("", _latex(name)))
    return clean_list(names)


def _month(value: str) -> int | None:
    text = value.strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for word in re.findall(r"[a-z]+", text):  # "jul", "July", "17--23 Jul"
        for number, name in enumerate(_MONTH_NAMES, start=1):
            if len(word) >= 3 and name.startswith(word):
                return number
    return None


def _published(fields: dict[str, str]) -> tuple[str | None, str | None]:
    """(ISO date at the precision known, complaint about an unreadable year)."""
    date = _ISO_DATE.match(fields.get("date", "").strip())
    if date:
        return "-".join(part for part in date.groups() if part), None
    year_text = fields.get("year", "").strip()
    if not year_text:
        return None, None
    year = _YEAR.search(year_text)
    if not year:
        return None, f"year {year_text!r} is not a year; no date kept"
    month = _month(fields.get("month", ""))
    return (f"{year.group(1)}-{month:02d}" if month else year.group(1)), None


def _arxiv_id(fields: dict[str, str]) -> str | None:
    eprint = fields.get("eprint", "")
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    # al-folio personal pages write "arxiv = {2506.07400}".
    for candidate in (
        eprint if prefix in ("", "arxiv") else "",
        fields.get("arxivid", ""),
        fields.get("arxiv", ""),
    ):
        arxiv_id = parse_arxiv_id(candidate)
        if arxiv_id:
            return arxiv_id
    arxiv_id = cited_arxiv_id(fields.get("number", ""))  # number = {arXiv:1406.4625}
    if arxiv_id:
        return arxiv_id
    venue = " ".join(fields.get(name, "") for name in ("journal", "booktitle"))
    if _ARXIV_VENUE.search(venue):
        # "arXiv preprint arXiv:ID"; CoRR and Semantic Scholar put "abs/ID" in the volume.
        volume = fields.get("volume", "")
        arxiv_id = cited_arxiv_id(venue) or cited_arxiv_id(volume) or parse_arxiv_id(volume)
        bare = _BARE_ID.search(venue)
        arxiv_id = arxiv_id or (parse_arxiv_id(bare.group(1)) if bare else None)
        if arxiv_id:
            return arxiv_id
    arxiv_id = arxiv_id_from_doi(_plain_url(fields.get("doi", "")))
    if arxiv_id:
        return arxiv_id
    for name in ("url", "howpublished", "note", "pdf", "eprint"):
        found = find_arxiv_ids(fields.get(name, ""))
        if found:
            return found[0]
    for name in ("howpublished", "note"):
        arxiv_id = cited_arxiv_id(fields.get(name, ""))
        if arxiv_id:
            return arxiv_id
    return None


def _venue(fields: dict[str, str]) -> str | None:
    for name in ("journal", "journaltitle", "booktitle"):
        venue = _latex(fields.get(name, ""))
        if venue and not _ARXIV_VENUE.search(venue):
            return venue
    return None


def _add_given_link(paper: Paper, kind: LinkKind, url: str) -> None:
    """A link the entry gives, without trailing punctuation; its own arXiv page only once."""
    url = trim_url(url.strip())
    # The entry's own abs page again, perhaps versioned (…v2) or with a query:
    # the canonical abs link, added first, already stands for it.
    if kind == "arxiv" and paper.arxiv_id and parse_arxiv_id(url) == paper.arxiv_id:
        return
    paper.add_link(kind, url)


def _links(paper: Paper, fields: dict[str, str]) -> None:
    if paper.arxiv_id:
        paper.add_link("arxiv", abs_url(paper.arxiv_id))
    if paper.doi:
        paper.add_link("doi", f"https://doi.org/{paper.doi}")
    for name, kind in (("pdf", "pdf"), ("code", "code"), ("github", "code")):
        _add_given_link(paper, kind, _plain_url(fields.get(name, "")))
    for name in ("url", "project", "website"):
        url = _plain_url(fields.get(name, ""))
        if url:
            _add_given_link(paper, classify(url), url)
    for name in ("howpublished", "note"):
        # find_urls stops at braces, so \url{...} and \href{...}{...} give clean URLs.
        for url in find_urls(_unescape_url(fields.get(name, ""))):
            _add_given_link(paper, classify(url), url)
    for url in find_urls(paper.abstract):
        _add_given_link(paper, classify(url), url)


@dataclass
class _Reader:
    origin: str
    result: ReadResult = field(default_factory=ReadResult)
    macros: dict[str, str] = field(default_factory=lambda: dict(_PREDEFINED))
    seen: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (line, title)
    # macro name -> (line, key) of each entry using it while undefined
    undefined: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def problem(
        self,
        message: str,
        line: int | None,
        key: str | None = None,
        severity: Severity = "error",
    ) -> None:
        self.result.problems.append(
            Problem(self.origin, message, line=line, entry=key or None, severity=severity)
        )

    def string(self, block: String) -> None:
        undefined: list[str] = []
        self.macros[block.key.lower()] = _resolve(block.value, self.macros, undefined)

    def entry(self, entry: Entry, line: int) -> None:
        key = entry.key.strip()
        fields: dict[str, str] = {}
        undefined: list[str] = []
        for item in entry.fields:
            name = item.key.strip().lower()
            if name in fields:
                continue  # repeated field, reported by the caller; the first wins
            fields[name] = _resolve(str(item.value), self.macros, undefined)
        for name in dict.fromkeys(undefined):
            self.undefined.setdefault(name, []).append((line, key))
        title = _latex(fields.get("title", ""))
        self.seen.setdefault(key, (line, title))
        if not title:
            self.problem(f"entry {key or '(no key)'} has no title; skipped", line, key)
            return

        published, complaint = _published(fields)
        if complaint:
            self.problem(complaint, line, key, "warning")
        paper = Paper(
            title=title,
            abstract=_latex(fields.get("abstract", "")),
            authors=_names(fields.get("author", "")),
            published=published,
            arxiv_id=_arxiv_id(fields),
            doi=normalise_doi(_plain_url(fields.get("doi", ""))),
            venue=_venue(fields),
            comment=_latex(fields.get("note", "")) or None,
            keywords=clean_list(_KEYWORD_SPLIT.split(_latex(fields.get("keywords", "")))),
            provenance=[Provenance(self.origin, f"key {key}" if key else f"line {line}")],
            # The entry as read, its macros expanded so that it stands alone.
            bibtex=format_entry(
                entry.entry_type, key, [(name, "{" + value + "}") for name, value in fields.items()]
            ),
        )
        _links(paper, fields)
        self.result.papers.append(paper)

    def failed(self, block: ParsingFailedBlock, line: int) -> None:
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, String
        ):
            # BibTeX lets a later @string replace an earlier one, silently.
            self.string(block.ignore_error_block)
        elif isinstance(block, DuplicateBlockKeyBlock):
            first_line, first_title = self.seen.get(block.key, (None, ""))
            dropped = block.ignore_error_block
            title_field = dropped.get("title") if isinstance(dropped, Entry) else None
            raw_title = str(title_field.value) if title_field is not None else ""
            title = _latex(_resolve(raw_title, self.macros, []))
            where = f" (first at line {first_line})" if first_line else ""
            same = title.casefold() == first_title.casefold()
            self.problem(
                f"key {block.key} used again{where}; the first entry is kept, this one "
                + ("repeats it and is ignored" if same else f"({title!r}) is ignored"),
                line,
                block.key,
                "warning" if same else "error",
            )
        elif isinstance(block, DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            if isinstance(entry, Entry):
                names = ", ".join(sorted(block.duplicate_keys))
                self.problem(
                    f"field {names} given twice; the first is used",
                    line,
                    entry.key,
                    "warning",
                )
                self.entry(entry, line)
        else:
            error = block.error
            reason = error.abort_reason if isinstance(error, BlockAbortedException) else error
            match = _KEY_IN_RAW.search(block.raw or "")
            key = match.group(1) if match else None
            what = f"entry {key}" if key else "block"
            self.problem(f"cannot parse {what} ({reason}); skipped", line, key)

    def finish(self) -> None:
        # One warning per macro: files often share macros kept in another file.
        for name, uses in self.undefined.items():
            line, key = uses[0]
            more = len(uses) - 1
            others = f" and in {more} more {'entry' if more == 1 else 'entries'}" if more else ""
            self.problem(
                f"string macro {name} is not defined in this file (used here{others}; "
                "defined in another file?); its name is kept as the value",
                line,
                key,
                "warning",
            )

    def comment(self, block: ImplicitComment, line: int) -> None:
        for match in _MISSING_AT.finditer(block.comment):
            offset = block.comment.count("\n", 0, match.start())
            self.problem(
                f"{match.group(0).strip()} looks like an entry without its leading @; "
                "BibTeX ignores it as a comment, and so does this reader",
                line + offset,
                severity="warning",
            )


def read(text: str, origin: str) -> ReadResult:
    reader = _Reader(origin)
    try:
        with _quiet_bibtexparser():
            library = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as exc:  # the splitter gave up on the whole file
        reader.problem(f"cannot parse the file as BibTeX: {exc}", None)
        return reader.result
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, String):
            reader.string(block)
        elif isinstance(block, Entry):
            reader.entry(block, line)
        elif isinstance(block, ParsingFailedBlock):
            reader.failed(block, line)
        elif isinstance(block, ImplicitComment):
            reader.comment(block, line)
    reader.finish()
    return reader.result
