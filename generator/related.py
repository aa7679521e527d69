"""Similar papers: for each paper, the catalog's papers whose title and abstract read most alike.

What "alike" means, and why it is measured this way:

- A paper is a bag of words and two-word phrases from its title and abstract.
  The title counts twice (it says what the paper is about). Words are
  lower-cased; English stop words and the boilerplate of abstracts
  ("propose", "results", "state-of-the-art") are dropped; plurals are folded
  ("models" -> "model"); common prefixes of hyphenated words are joined
  ("multi-task" and "multitask" are one word).
- Counts are damped (1 + log count), words that nearly every machine-learning
  abstract uses ("model", "training", "data") weigh half, and each vector is
  L2-normalised: the similarity of two papers is the cosine of their vectors.
- Nothing is fitted on the catalog (no IDF, no SVD, no vocabulary: features
  are hashed). The similarity of two papers depends on those two papers only,
  so adding a listing can change a paper's list only by a new paper entering
  it, and a rebuild after a new listing rewrites only the pages it touches.

How the nearest papers are found without an n x n matrix: up to
``EXACT_UP_TO`` papers, every pair is scored exactly on the sparse vectors, a
block of rows at a time (about 2 s at 5,000 papers). Beyond, exact scores
would take minutes (n^2 sparse products), so every vector is also projected
to ``SKETCH_DIMENSIONS`` dimensions by a fixed, seeded random projection
(data-independent too), and two papers' similarity is the cosine of their
projections: the exact one plus noise of about 1/sqrt(SKETCH_DIMENSIONS).
Blocked dense products over the projections give each paper its best
papers. The score stays a function of the two papers alone, so the promise
above holds at every size. (Re-scoring a paper's best projected candidates
exactly ranks a little better, but breaks it: a new paper that outranks a
paper's last candidate pushes that candidate out without entering the list
itself, which at 20,000 papers happened to one list in a hundred per
100-paper listing.) Crossing ``EXACT_UP_TO`` changes the scores once. Time
grows with n^2 * SKETCH_DIMENSIONS for the products and with n for the rest;
memory grows with n. Ties are broken by slug, so the same catalog gives the
same lists in any process.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import chain

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.utils import murmurhash3_32

from generator.model import Paper

# Below this cosine two papers are not shown as related (read off the seed:
# unrelated papers of one field score up to about 0.08).
MIN_SIMILARITY = 0.1
N_FEATURES = 2**20  # hashed feature space: collisions are rare at this size
TITLE_WEIGHT = 2  # the title's words are counted this many times
GENERIC_WEIGHT = 0.5
# Up to this many papers every pair is scored exactly (about 2 s at 5,000).
EXACT_UP_TO = 5000
# Beyond, papers are compared by projections of this many dimensions: at
# 20,000 papers their choices have a mean exact cosine of 0.303 (exact: 0.318)
# in 4 s, where 256 dimensions gave 0.262 in 1.3 s.
SKETCH_DIMENSIONS = 1024
# Papers kept per paper before ranking by score, then slug: a few more than
# shown, so papers tied at the cut are all seen.
TIE_MARGIN = 8


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of the genre rather than of a paper's subject.
_BOILERPLATE = _word_set(
    """
    paper papers propose proposed proposes proposing present presents presented introduce
    introduces introduced introducing approach approaches method methods methodology result
    results show shows shown showing demonstrate demonstrates demonstrated novel new based
    using use used uses existing work works study studies experiment experiments
    experimental extensive state art performance outperform outperforms outperforming
    achieve achieves achieved achieving significant significantly improve improves improved
    improving improvement improvements effective effectively efficient efficiently task
    tasks problem problems framework frameworks able different various wide range including
    furthermore moreover specifically particular particularly code available github https
    http com www org html et al benchmark benchmarks dataset datasets recent recently prior
    previous previously propose address addresses addressing key important challenge
    challenges challenging remains remain common commonly typically usually often widely
    known leading lead leads providing provide provides provided enable enables enabling
    evaluate evaluated evaluation evaluations superior compared compare comparison conduct
    conducted comprehensive simple effectiveness additionally finally publicly release
    released open source arxiv preprint
    """
)
_STOP_WORDS = ENGLISH_STOP_WORDS | _BOILERPLATE

# Topic words of machine learning at large: they still count, half.
_GENERIC = _word_set(
    """
    model models learning learn learned learns training train trained data network networks
    neural deep large small accuracy feature features representation representations input
    inputs output outputs information set sets number high low better best good real world
    time setting settings design analysis algorithm algorithms system systems process
    generalization pretrained parameter parameters loss function functions domain domains
    image images language text sample samples quality scale level structure space
    """
)

_PUNCTUATION = re.compile(r"[^a-z0-9-]+")
# "multi-task" -> "multitask": writers spell these prefixes both ways.
_JOINED_PREFIXES = _word_set(
    """
    pre post non multi self semi co re un sub inter intra cross meta super hyper over under
    out de bi tri anti auto
    """
)


def _word(token: str) -> str | None:
    """A token as a feature word, or None when it carries no subject."""
    if len(token) < 2 or token.isdigit() or token in _STOP_WORDS:
        return None
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("s") and len(token) > 3 and not token.endswith(("ss", "us", "is", "as")):
        token = token[:-1]
    return None if token in _STOP_WORDS else token


class _Chunks(dict[str, tuple[int, ...]]):
    """Whitespace-separated chunk of lower-cased text -> its words' hashes, worked out once.

    A dict that fills itself: looking chunks up with ``map`` stays in C for
    every chunk seen before, which is most of them.
    """

    def __missing__(self, chunk: str) -> tuple[int, ...]:
        words: list[int] = []
        for part in _PUNCTUATION.split(chunk):
            pieces = [p for p in part.split("-") if p]
            while len(pieces) > 1 and pieces[0] in _JOINED_PREFIXES:
                pieces[:2] = [pieces[0] + pieces[1]]
            words.extend(_word_hash(w) for w in map(_word, pieces) if w)
        self[chunk] = found = tuple(words)
        return found


def _word_hash(word: str) -> int:
    # murmurhash3 with a fixed seed: the same in every process (str.__hash__ is salted).
    return int(murmurhash3_32(word, seed=0, positive=True))


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads uint64 values over all 64 bits."""
    with np.errstate(over="ignore"):
        x = values.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _feature_index(first: np.ndarray, second: np.ndarray | None = None) -> np.ndarray:
    """Hashed column of a word (lower half), or of the word pair (first, second) (upper half)."""
    half = np.uint64(N_FEATURES // 2)
    if second is None:
        return (_mix(first.astype(np.uint64)) % half).astype(np.int32)
    key = (first.astype(np.uint64) << np.uint64(32)) | second.astype(np.uint64)
    return (_mix(key) % half + half).astype(np.int32)


@cache
def _feature_weights() -> np.ndarray:
    """Weight of each hashed feature: generic words (and pairs of them) weigh less."""
    folded = sorted({word for word in map(_word, _GENERIC) if word})
    generic = np.array([_word_hash(w) for w in folded], dtype=np.uint64)
    weights = np.ones(N_FEATURES, dtype=np.float32)
    weights[_feature_index(generic)] = GENERIC_WEIGHT
    first, second = np.meshgrid(generic, generic)
    weights[_feature_index(first.ravel(), second.ravel())] = GENERIC_WEIGHT
    return weights


def vectors(papers: list[Paper]) -> sparse.csr_matrix:
    """One L2-normalised row per paper (float32, ``N_FEATURES`` hashed columns).

    Features: the words of the title and the abstract, and each pair of
    adjacent words within one of them; title features count ``TITLE_WEIGHT``
    times.
    """
    chunks = _Chunks()
    words: list[int] = []
    lengths: list[int] = []  # words of each title and abstract, in turn
    for paper in papers:
        for text in (paper.title, paper.abstract):
            before = len(words)
            words.extend(chain.from_iterable(map(chunks.__getitem__, text.lower().split())))
            lengths.append(len(words) - before)
    word = np.array(words, dtype=np.uint64)
    # paper index * 2 (+ 1 for the abstract) of each word
    section = np.repeat(np.arange(2 * len(papers)), lengths)
    paired = section[:-1] == section[1:]
    columns = np.concatenate(
        [_feature_index(word), _feature_index(word[:-1][paired], word[1:][paired])]
    )
    owner = np.concatenate([section, section[:-1][paired]])
    counts = np.where(owner % 2 == 0, TITLE_WEIGHT, 1).astype(np.float32)
    matrix = sparse.csr_matrix(
        (counts, (owner // 2, columns)), shape=(len(papers), N_FEATURES), dtype=np.float32
    )
    matrix.sum_duplicates()
    matrix.data = (1 + np.log(matrix.data)) * _feature_weights()[matrix.indices]
    lengths = np.diff(matrix.indptr)
    squares = matrix.data.astype(np.float64) ** 2
    owners = np.repeat(np.arange(len(papers)), lengths)
    norms = np.sqrt(np.bincount(owners, weights=squares, minlength=len(papers)))
    norms[norms == 0] = 1
    matrix.data /= np.repeat(norms, lengths).astype(np.float32)
    return matrix


def _sketch(matrix: sparse.csr_matrix, dims: int, pad_to: int = 16) -> np.ndarray:
    """A fixed random projection of the rows to ``dims`` dimensions, rows L2-normalised.

    Zero rows are added up to a multiple of ``pad_to`` rows (see _candidates).

    Each hashed column is sent to two seeded random dimensions with random
    signs (a count sketch): cosines are kept up to noise of about
    ``1 / sqrt(dims)``, and nothing depends on the catalog.
    """
    spread = _mix(matrix.indices.astype(np.uint64) + np.uint64(1 << 40))
    columns, signs = [], []
    for shift in (0, 32):  # two dimensions and signs from one hash's two halves
        half = spread >> np.uint64(shift)
        columns.append(((half & np.uint64(0xFFFF)) % np.uint64(dims)).astype(np.int32))
        signs.append(np.where(half & np.uint64(1 << 31), 1, -1).astype(np.float32))
    padding = -matrix.shape[0] % pad_to
    # Both of a feature's dimensions in one matrix, side by side in its row
    # (toarray adds up entries that fall on one dimension): only one dense
    # n x dims array is ever made.
    both = sparse.csr_matrix(
        (
            np.stack([matrix.data * signs[0], matrix.data * signs[1]], axis=1).ravel(),
            np.stack(columns, axis=1).ravel(),
            np.pad(2 * matrix.indptr, (0, padding), mode="edge"),
        ),
        shape=(matrix.shape[0] + padding, dims),
    )
    projected = both.toarray()
    norms = np.linalg.norm(projected, axis=1, keepdims=True)
    norms[norms == 0] = 1
    projected /= norms
    return projected


def _best(scores: np.ndarray, count: int, group: int = 16) -> np.ndarray:
    """Column indices of the ``count`` largest scores of each row, in no order.

    Each row is cut into ``group`` interleaved slices; its best ``count``
    slices (by their maxima) hold its best ``count`` scores, so only they are
    searched: far less work than partitioning whole rows.
    """
    rows, length = scores.shape
    slices = length // group
    if slices <= count or length % group:
        return np.argpartition(scores, -min(count, length), axis=1)[:, -min(count, length) :]
    maxima = scores.reshape(rows, group, slices).max(axis=1)
    best = np.argpartition(maxima, -count, axis=1)[:, -count:]
    places = (np.arange(group)[None, :, None] * slices + best[:, None, :]).reshape(rows, -1)
    values = np.take_along_axis(scores, places, axis=1)
    top = np.argpartition(values, -count, axis=1)[:, -count:]
    return np.take_along_axis(places, top, axis=1)


def _candidates(
    projected: np.ndarray, n: int, count: int, block: int = 256
) -> tuple[np.ndarray, np.ndarray]:
    """For each of the first ``n`` rows, the ``count`` other rows with the
    largest projected cosine, and the cosines.

    ``projected`` has padding rows up to a multiple of _best's group (see
    _sketch): the products read it as it is, without a transposed copy.
    Scores are computed for ``block`` rows at a time against all rows, so
    memory holds one block of scores, whatever the catalog size.
    """
    width = projected.shape[0]
    scores = np.empty((block, width), dtype=np.float32)
    found = np.empty((n, count), dtype=np.int64)
    values = np.empty((n, count), dtype=np.float32)
    for start in range(0, n, block):
        rows = projected[start : min(start + block, n)]
        tile = np.matmul(rows, projected.T, out=scores[: len(rows)])
        tile[:, n:] = -np.inf  # padding
        tile[np.arange(len(rows)), np.arange(start, start + len(rows))] = -np.inf  # itself
        best = _best(tile, count)
        found[start : start + len(rows)] = best
        values[start : start + len(rows)] = np.take_along_axis(tile, best, axis=1)
    return found, values


def _ranked(
    slugs: list[str], candidates: np.ndarray, scores: np.ndarray, limit: int, floor: float
) -> dict[str, list[str]]:
    """Each paper's best ``limit`` candidates scoring ``floor`` or more: by score, then slug."""
    n, count = candidates.shape
    slug_rank = np.empty(n, dtype=np.int64)
    slug_rank[sorted(range(n), key=slugs.__getitem__)] = np.arange(n)
    rows = np.repeat(np.arange(n), count)
    others, values = candidates.ravel(), scores.ravel()
    keep = (values >= floor) & (others != rows)
    rows, others, values = rows[keep], others[keep], values[keep]
    order = np.lexsort((slug_rank[others], -values, rows))  # last key sorts first
    rows, others = rows[order], others[order]
    first = np.searchsorted(rows, np.arange(n + 1))
    return {
        slug: [slugs[j] for j in others[first[i] : min(first[i] + limit, first[i + 1])]]
        for i, slug in enumerate(slugs)
    }


def _exact_candidates(
    matrix: sparse.csr_matrix, count: int, block: int = 512
) -> tuple[np.ndarray, np.ndarray]:
    """For a small catalog: each row's ``count`` best rows by exact cosine, and the cosines."""
    n = matrix.shape[0]
    count = min(count, n - 1)
    found = np.empty((n, count), dtype=np.int64)
    scores = np.empty((n, count), dtype=np.float32)
    columns = matrix.T.tocsr()
    for start in range(0, n, block):
        tile = (matrix[start : start + block] @ columns).toarray()
        tile[np.arange(len(tile)), np.arange(start, start + len(tile))] = -np.inf  # itself
        best = np.argpartition(tile, -count, axis=1)[:, -count:]
        found[start : start + len(tile)] = best
        scores[start : start + len(tile)] = np.take_along_axis(tile, best, axis=1)
    return found, scores


def related_papers(
    papers: list[Paper], limit: int = 5, min_similarity: float = MIN_SIMILARITY
) -> dict[str, list[str]]:
    """Each paper's slug -> the slugs of its ``limit`` most similar papers, best first.

    Similarity is the cosine described in the module's docstring, from 0 to 1.
    A paper is never its own relative, and papers below ``min_similarity`` are
    not listed: a paper with nothing alike in the catalog gets ``[]``. Equal
    scores go to the smaller slug. Every paper needs its unique ``slug`` set.
    The same papers give the same lists in any process.
    """
    slugs = [paper.slug for paper in papers]
    if len(set(slugs)) != len(slugs) or not all(slugs):
        raise ValueError("related_papers needs papers with unique, non-empty slugs")
    if len(papers) < 2:
        return {slug: [] for slug in slugs}
    count = min(limit + TIE_MARGIN, len(papers) - 1)
    if len(papers) <= EXACT_UP_TO:
        candidates, scores = _exact_candidates(vectors(papers), count)
    else:
        projected = _sketch(vectors(papers), SKETCH_DIMENSIONS)
        candidates, scores = _candidates(projected, len(papers), count)
    return _ranked(slugs, candidates, scores, limit, min_similarity)
