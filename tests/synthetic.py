"""Realistic synthetic arXiv API listings for benchmarks and scale tests.

    python -m tests.synthetic N OUT.xml [--start K] [--seed S]
    python -m tests.synthetic N OUT-FOLDER --daily      (one listing per day, as fetch writes)

Titles and abstracts come from word-level Markov chains trained on the real
listings shipped with the project (the seed and the fixtures), so word
frequencies, sentence shapes and vocabulary look like real papers; abstracts
run 120 to 260 words, a few carry inline LaTeX. Authors are recombined from
real author names, dates spread about 60 papers a day backwards from
2026-11-27, ids are unique arXiv ids of the paper's month. Output is an arXiv
API Atom feed, as `fetch arxiv` writes it. The same N, start and seed give
the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
PAPERS_PER_DAY = 60
NEWEST_DAY = date(2026, 11, 27)
CATEGORIES = [
    ("cs.LG", 30), ("cs.CV", 20), ("cs.CL", 18), ("cs.AI", 10), ("cs.RO", 5), ("stat.ML", 5),
    ("cs.CR", 3), ("cs.NE", 2), ("eess.IV", 2), ("cs.IR", 2), ("quant-ph", 1), ("math.OC", 2),
]  # fmt: skip
MATH_SNIPPETS = [
    r"$O(n \log n)$", r"$\epsilon$", r"$\ell_1$", r"$k$", r"$\mathcal{O}(1/\sqrt{T})$",
    r"$x^2 + y^2$", r"$\alpha = 0.5$", r"$L_2$", r"$\sigma$", r"$n^{3/2}$",
]  # fmt: skip
_WORD = re.compile(r"\S+")
_START = "\x02"


@cache
def _corpus() -> tuple[list[str], list[str], list[str]]:
    """Titles, abstracts and author names of the project's real listings."""
    from generator.sources import read_listing

    titles, abstracts, authors = [], [], []
    files = [REPO / "listings" / "000_447f3c323b2f0f28.txt"]
    files += sorted(FIXTURES.rglob("*.xml")) + sorted(FIXTURES.rglob("*.json"))
    files += sorted(FIXTURES.rglob("*.bib"))
    for path in files:
        for paper in read_listing(path).papers:
            titles.append(paper.title)
            if len(paper.abstract.split()) > 40:
                abstracts.append(paper.abstract.replace("$", ""))
            authors.extend(a for a in paper.authors if " " in a and len(a) < 40)
    return titles, abstracts, authors


def _chain(texts: list[str], order: int) -> dict[tuple[str, ...], list[str]]:
    chain: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for text in texts:
        words = [_START] * order + _WORD.findall(text) + [None]
        for i in range(order, len(words)):
            chain[tuple(words[i - order : i])].append(words[i])  # type: ignore[arg-type]
    return chain


@cache
def _chains() -> tuple[dict, dict]:
    titles, abstracts, _ = _corpus()
    return _chain(titles, 1), _chain(abstracts, 2)


def _walk(chain: dict, order: int, rng: random.Random, min_words: int, max_words: int) -> str:
    """One Markov walk; restarts at the start state until ``min_words`` are out."""
    words: list[str] = []
    state = (_START,) * order
    while len(words) < max_words:
        following = chain.get(state)
        nxt = rng.choice(following) if following else None
        if nxt is None:
            if len(words) >= min_words:
                break
            state = (_START,) * order
            continue
        words.append(nxt)
        state = (*state[1:], nxt)
    return " ".join(words)


def _title(rng: random.Random) -> str:
    title_chain, _ = _chains()
    title = _walk(title_chain, 1, rng, 5, 16).rstrip(".,;:")
    return title[:1].upper() + title[1:]


def _abstract(rng: random.Random) -> str:
    _, abstract_chain = _chains()
    target = rng.randint(120, 260)
    words = _walk(abstract_chain, 2, rng, target, min(260, target + 30)).split()
    if rng.random() < 0.08:
        words.insert(rng.randrange(len(words)), rng.choice(MATH_SNIPPETS))
    text = " ".join(words)
    return text if text.endswith(".") else text + "."


def _authors(rng: random.Random) -> list[str]:
    _, _, names = _corpus()
    firsts = [n.split()[0] for n in names]
    lasts = [n.split()[-1] for n in names]
    return [f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(rng.randint(1, 8))]


def _entry(index: int, rng: random.Random) -> str:
    day = day_of(index)
    arxiv_id = f"{day:%y%m}.{index % 100000:05d}"
    stamp = f"{day.isoformat()}T{index % 24:02d}:00:00Z"
    names, weights = zip(*CATEGORIES, strict=True)
    cats = list(dict.fromkeys(rng.choices(names, weights, k=rng.randint(1, 3))))
    authors = "".join(
        f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in _authors(rng)
    )
    categories = "".join(
        f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>\n' for c in cats
    )
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{arxiv_id}v1</id>\n"
        f"    <title>{escape(_title(rng))}</title>\n"
        f"    <updated>{stamp}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{arxiv_id}v1" rel="alternate" type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{arxiv_id}v1" rel="related" '
        'type="application/pdf" title="pdf"/>\n'
        f"    <summary>{escape(_abstract(rng))}</summary>\n"
        f"{categories}"
        f"    <published>{stamp}</published>\n"
        f'    <arxiv:primary_category term="{cats[0]}"/>\n'
        f"{authors}"
        "  </entry>\n"
    )


def day_of(index: int) -> date:
    """The day paper ``index`` was announced (0 is the newest)."""
    return NEWEST_DAY - timedelta(days=index // PAPERS_PER_DAY)


def write_daily_listings(folder: Path, count: int, start: int = 0, seed: int = 7) -> list[Path]:
    """Papers ``start`` .. ``start + count - 1`` as one dated listing per day."""
    written = []
    index = start
    while index < start + count:
        day = day_of(index)
        last = min(start + count, (index // PAPERS_PER_DAY + 1) * PAPERS_PER_DAY)
        path = folder / f"{day.isoformat()}-arxiv-synthetic-{seed}.xml"
        written.append(write_listing(path, last - index, index, seed))
        index = last
    return written


def write_listing(path: Path, count: int, start: int = 0, seed: int = 7) -> Path:
    """Write papers ``start`` .. ``start + count - 1`` (0 is the newest) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<?xml version='1.0' encoding='UTF-8'?>\n"
            '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <id>https://arxiv.org/api/synthetic-{seed}-{start}-{count}</id>\n"
            "  <title>arXiv Query: search_query=cat:cs.LG (synthetic)</title>\n"
            f"  <updated>{NEWEST_DAY.isoformat()}T00:00:00Z</updated>\n"
            f"  <opensearch:itemsPerPage>{count}</opensearch:itemsPerPage>\n"
            f"  <opensearch:totalResults>{count}</opensearch:totalResults>\n"
            "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        )
        for index in range(start, start + count):
            out.write(_entry(index, random.Random(f"{seed}:{index}")))
        out.write("</feed>\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--daily", action="store_true", help="one listing per day into OUT")
    args = parser.parse_args()
    if args.daily:
        write_daily_listings(args.out, args.count, args.start, args.seed)
    else:
        write_listing(args.out, args.count, args.start, args.seed)


if __name__ == "__main__":
    main()
