"""A static search index that a browser loads in small pieces, only when searching.

Built from the catalog (not by crawling HTML), written under ``site/search/``:

- ``manifest.json``: the first term of every term shard, the stop words, the
  topics and years that can filter results, the number of papers. Read once,
  on the reader's first search (a few KB whatever the catalog's size).
- ``terms/<n>.bin``: a run of the sorted vocabulary with each term's postings:
  the papers holding it and a one-byte impact score (BM25 over title, authors,
  ids and abstract, with fixed bonuses so that a paper whose title holds a word
  outranks papers that only mention it in their abstracts). A query fetches
  only the shards its words fall in.
- ``filters/<kind>-<value>.bin``: the papers of one topic or one year.
- ``docs/<n>/<id>.json``: one paper as a result shows it (title, path,
  authors, date, topics); fetched for the results on screen only. The
  excerpt comes from the abstract on the paper's own page (its
  ``.paper-abstract`` element), fetched then too: the site holds each
  abstract once, not twice (90 MB at 50,000 papers).

Papers are numbered newest first, so postings in id order list newer papers
first. ``assets/paper-search.js`` is the reader's side; ``tokens`` here and
``tokens`` there must agree (a browser test checks they do).

A word in many papers keeps only its ``MAX_POSTINGS`` best papers (by
impact): "learning" would otherwise cost every search that uses it 100 KB at
50,000 papers. Such a word narrows nothing anyway; the browser treats it as
optional (it ranks, it does not filter) unless every word of the query is
one, and then says it shows the best matches.

Binary layout (all integers unsigned LEB128 varints unless said otherwise):
a shard is ``count`` then, per term, ``length`` and the term's UTF-8 bytes,
``stored`` (postings kept), ``df`` (papers holding the term), the term's idf
times 16, ``stored`` doc-id gaps (the first is the id itself) and ``stored``
impact bytes (uint8: the paper's score for the term before idf, 255 being the
most any paper can get). The idf is kept apart so that a word being typed
("lea") weighs all its completions with the idf of the commonest one, and a
rare completion ("learngene") does not drown the rest. A filter file is
``count`` then ``count`` doc-id gaps.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import re
import time
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.model import Paper
from generator.timing import peak_rss_mb

FORMAT_VERSION = 1
SHARD_BYTES = 8_000  # a term shard is cut once its encoded size passes this
MAX_POSTINGS = 4_000  # a word's best papers kept (about 12 KB); see above
DOCS_PER_FOLDER = 1000
K1, B = 1.2, 0.5  # BM25 saturation and length normalisation, on the abstract
# Bonuses for a word in a field, added to the abstract's saturated score (at
# most K1 + 1 = 2.2): a word of the title outranks any number of mentions.
TITLE_BONUS, AUTHOR_BONUS, ID_BONUS = 2.5, 2.0, 3.0
MAX_SCORE = K1 + 1 + TITLE_BONUS + AUTHOR_BONUS + ID_BONUS  # impact byte 255
IDF_SCALE = 16
MAX_TERM_BYTES = 48

# Words too common to be worth a posting list; queries drop them too (the
# manifest carries this list so both sides agree).
# fmt: off
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "for", "from",
    "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "our", "that", "the",
    "their", "these", "this", "those", "to", "was", "we", "were", "which", "with",
})
# fmt: on
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Schrödinger' -> 'schrodinger'."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # Marks of any kind, as /\p{M}/u removes them in the browser.
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))


def normalise(word: str) -> str:
    """Fold a plural to its singular, the way paper-search.js does."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The index terms of ``text``, in order, stop words left out."""
    found = []
    for word in _WORD.findall(fold(text)):
        if word in STOP_WORDS:
            continue
        term = normalise(word)
        if len(term.encode()) <= MAX_TERM_BYTES:
            found.append(term)
    return found


@dataclass(frozen=True)
class SearchDoc:
    """What the index knows of one paper."""

    path: str  # page path relative to the site root, e.g. "papers/some-slug/"
    title: str
    authors: list[str]
    ids: list[str]  # arXiv id, DOI
    abstract: str
    topics: list[tuple[str, str]]  # (slug, name)
    date: str  # ISO date shown with the result ("" when unknown)
    year: str  # filter value ("" when no date is known)


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _encode_ids(ids: Iterable[int], out: bytearray) -> None:
    previous = 0
    for position, doc in enumerate(ids):
        _varint(doc if position == 0 else doc - previous, out)
        previous = doc


class _Postings:
    """Per term: doc ids (ascending) and raw scores before idf, compactly."""

    def __init__(self) -> None:
        self.docs: dict[str, array] = {}
        self.scores: dict[str, array] = {}

    def add(self, term: str, doc: int, score: float) -> None:
        if term not in self.docs:
            self.docs[term] = array("I")
            self.scores[term] = array("f")
        self.docs[term].append(doc)
        self.scores[term].append(score)


def _score_doc(doc: SearchDoc, average_length: float) -> dict[str, float]:
    body = Counter(tokens(doc.abstract))
    title = set(tokens(doc.title))
    authors = set(tokens(" ".join(doc.authors)))
    ids = set(tokens(" ".join(doc.ids)))
    norm = K1 * (1 - B + B * sum(body.values()) / average_length)
    scores: dict[str, float] = {}
    for term in body.keys() | title | authors | ids:
        tf = body.get(term, 0)
        score = tf * (K1 + 1) / (tf + norm) if tf else 0.0
        score += TITLE_BONUS * (term in title) + AUTHOR_BONUS * (term in authors)
        scores[term] = score + ID_BONUS * (term in ids)
    return scores


def _doc_record(doc: SearchDoc, topic_numbers: dict[str, int]) -> dict[str, object]:
    authors = ", ".join(doc.authors[:3]) + (" et al." if len(doc.authors) > 3 else "")
    return {
        "u": doc.path,
        "t": doc.title,
        "a": authors,
        "d": doc.date,
        "k": [topic_numbers[slug] for slug, _ in doc.topics],
    }


@dataclass
class IndexReport:
    docs: int = 0
    terms: int = 0
    shards: int = 0
    bytes: int = 0
    seconds: float = 0.0  # writing it
    peak_mb: float = 0.0  # the peak memory of the process that wrote it


def write_index(docs: list[SearchDoc], folder: Path) -> IndexReport:
    """Write the index of ``docs`` (newest first) into ``folder``."""
    report = IndexReport(docs=len(docs))
    folder.mkdir(parents=True, exist_ok=True)
    topic_names: dict[str, str] = {}
    for doc in docs:
        topic_names.update(doc.topics)
    topics = sorted(topic_names.items(), key=lambda item: item[1].lower())
    topic_numbers = {slug: n for n, (slug, _) in enumerate(topics)}

    lengths = [len(tokens(doc.abstract)) for doc in docs]
    average = max(1.0, sum(lengths) / max(1, len(lengths)))
    postings = _Postings()
    by_filter: dict[str, list[int]] = {}
    docs_dir = folder / "docs"
    for number, doc in enumerate(docs):
        for term, score in _score_doc(doc, average).items():
            postings.add(term, number, score)
        for slug, _ in doc.topics:
            by_filter.setdefault(f"topic-{slug}", []).append(number)
        if doc.year:
            by_filter.setdefault(f"year-{doc.year}", []).append(number)
        target = docs_dir / str(number // DOCS_PER_FOLDER) / f"{number}.json"
        if number % DOCS_PER_FOLDER == 0:
            target.parent.mkdir(parents=True, exist_ok=True)
        record = json.dumps(_doc_record(doc, topic_numbers), ensure_ascii=False)
        report.bytes += target.write_text(record, encoding="utf-8")

    report.terms = len(postings.docs)
    shard_starts = _write_shards(postings, len(docs), folder / "terms", report)
    filters_dir = folder / "filters"
    filters_dir.mkdir(exist_ok=True)
    for name, members in by_filter.items():
        data = bytearray()
        _varint(len(members), data)
        _encode_ids(members, data)
        report.bytes += (filters_dir / f"{name}.bin").write_bytes(bytes(data))

    year_counts = Counter(doc.year for doc in docs if doc.year)
    manifest = {
        "version": FORMAT_VERSION,
        "docs": len(docs),
        "folder": DOCS_PER_FOLDER,
        "shards": shard_starts,
        "stop": sorted(STOP_WORDS),
        "topics": [[slug, name, len(by_filter[f"topic-{slug}"])] for slug, name in topics],
        "years": [[year, year_counts[year]] for year in sorted(year_counts, reverse=True)],
    }
    text = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
    report.bytes += (folder / "manifest.json").write_text(text, encoding="utf-8")
    return report


def _write_shards(
    postings: _Postings, doc_count: int, folder: Path, report: IndexReport
) -> list[str]:
    """Write the term shards; return the first term of each, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    scale = 255 / MAX_SCORE
    starts: list[str] = []
    shard = bytearray()
    count = 0

    def flush() -> None:
        nonlocal shard, count
        if not count:
            return
        data = bytearray()
        _varint(count, data)
        data += shard
        report.bytes += (folder / f"{len(starts) - 1}.bin").write_bytes(bytes(data))
        shard, count = bytearray(), 0

    for term in sorted(postings.docs):
        if count == 0:
            starts.append(term)
        encoded = term.encode()
        _varint(len(encoded), shard)
        shard += encoded
        ids, scores = postings.docs[term], postings.scores[term]
        df = len(ids)
        idf = math.log(1 + (doc_count - df + 0.5) / (df + 0.5))
        kept = range(df)
        if df > MAX_POSTINGS:  # the best papers, by score then newest (lowest id)
            best = sorted(kept, key=lambda i: (-scores[i], ids[i]))[:MAX_POSTINGS]
            kept = sorted(best, key=lambda i: ids[i])
        _varint(len(kept), shard)
        _varint(df, shard)
        _varint(max(1, round(idf * IDF_SCALE)), shard)
        _encode_ids((ids[i] for i in kept), shard)
        shard += bytes(max(1, min(255, round(scores[i] * scale))) for i in kept)
        count += 1
        if len(shard) >= SHARD_BYTES:
            flush()
    flush()
    report.shards = len(starts)
    return starts


def search_docs(papers: list[Paper], topic_names: dict[str, str]) -> list[SearchDoc]:
    """The papers as the index knows them, newest first (published, else first listed)."""

    def when(paper: Paper) -> str:
        seen = [p.first_seen for p in paper.provenance if p.first_seen]
        return paper.published or (min(seen) if seen else "")

    docs = []
    for paper in sorted(papers, key=lambda p: (when(p), p.slug), reverse=True):
        docs.append(
            SearchDoc(
                path=f"papers/{paper.slug}/",
                title=paper.title,
                authors=paper.authors,
                ids=[i for i in (paper.arxiv_id, paper.doi) if i],
                abstract=paper.abstract or paper.summary or "",
                topics=[(a.topic, topic_names[a.topic]) for a in paper.topics],
                date=paper.published or "",
                year=(paper.published or "")[:4],
            )
        )
    return docs


class BackgroundIndex:
    """Writes the index in a second process while MkDocs builds the pages.

    Building the site is single-threaded Python; the index needs none of its
    output, so on a machine with two cores both run at once. Where processes
    cannot be forked (Windows, macOS's default), the index is written inline.
    """

    def __init__(self, docs: list[SearchDoc], folder: Path) -> None:
        self.folder = folder
        self._report_file = folder.with_name(folder.name + ".report.json")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._report: IndexReport | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._process = context.Process(target=self._run, args=(docs,), daemon=True)
            self._process.start()
        else:
            started = time.perf_counter()
            self._report = write_index(docs, folder)
            self._report.seconds = time.perf_counter() - started

    def _run(self, docs: list[SearchDoc]) -> None:
        started = time.perf_counter()
        report = write_index(docs, self.folder)
        report.seconds = time.perf_counter() - started
        report.peak_mb = peak_rss_mb()
        self._report_file.write_text(json.dumps(report.__dict__), encoding="utf-8")

    def finish(self) -> IndexReport:
        """Wait for the index; raise RuntimeError when writing it failed."""
        if self._process is not None:
            self._process.join()
            if self._process.exitcode != 0:
                raise RuntimeError(f"writing the search index failed ({self._process.exitcode})")
            self._report = IndexReport(**json.loads(self._report_file.read_text()))
            self._report_file.unlink()
        assert self._report is not None
        return self._report
