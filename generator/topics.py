"""The topic taxonomy (``topics.yml``) and the tagger that gives papers topics.

A topic fires on a paper through any of three kinds of evidence:

* a *phrase* found in the title or abstract. Matching works on words: case is
  ignored, a phrase only matches whole words, spaces, hyphens, slashes and
  apostrophes between words are interchangeable ("multi-task" matches
  "multi task"), other punctuation must match as written, and a plural ``s``
  is ignored ("diffusion model" matches "Diffusion Models"). A phrase may be
  title-only or need a minimum number of occurrences;
* an arXiv *category* of the paper (``quant-ph``; a code without a dot such as
  ``physics`` also covers its subcategories, ``physics.optics``);
* a source *keyword* of the paper (Hugging Face keywords, awesome-list
  headings) that is, or contains, one of the topic's keywords or its name.

Before a topic's phrases are matched, the spans of its ``exclude`` phrases are
masked, so "style transfer" never counts as "transfer" for Transfer Learning
while "transfer learning" elsewhere in the same abstract still does.

Text is split into words once per paper and phrases are looked up in one
index of all topics, so tagging costs the same whatever the number of topics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import SiteError
from generator.model import Paper, TopicAssignment
from generator.paths import RESERVED_SLUGS
from generator.yaml_guard import GuardedLoader

MAX_TOPICS = 6
DEFAULT_TOPICS_FILE = Path(__file__).resolve().parent.parent / "topics.yml"

# Evidence weights: a title hit says more about a paper than an abstract hit.
_TITLE_WEIGHT = 3.0
_ABSTRACT_WEIGHT = 1.0
_MAX_ABSTRACT_REPEATS = 3  # abstract occurrences of one phrase counted at most
_CATEGORY_WEIGHT = 2.0
_KEYWORD_WEIGHT = 2.0
_MAX_REASONS = 3  # pieces of evidence quoted in one reason
_PASSING_MENTION = _ABSTRACT_WEIGHT  # one phrase, once, in the abstract only
_STRONG_SCORE = 2.0  # a title hit, a category or keyword, or two abstract mentions

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOPIC_KEYS = {"name", "description", "phrases", "exclude", "categories", "keywords"}
_PHRASE_KEYS = {"phrase", "title_only", "min"}
# Words are runs of letters and digits; spaces, hyphens, slashes, apostrophes
# and underscores only separate them; any other punctuation is a token of its
# own, so that a phrase never matches across "." or "(".
_TOKEN = re.compile(r"[^\W_]+|[^\w\s\-/'\u2019\u2010-\u2015]")
_INVARIANT = frozenset({"news"})


class TaxonomyError(SiteError, ValueError):
    """A topics file that cannot be used, with a message naming file and topic."""


@dataclass(frozen=True)
class Phrase:
    """A phrase as written in the taxonomy, with its matching options."""

    text: str
    title_only: bool = False
    min: int = 1


@dataclass(frozen=True)
class Topic:
    """One topic of the taxonomy, as written in the topics file."""

    slug: str
    name: str
    description: str
    phrases: tuple[Phrase, ...] = ()
    exclude: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


def _norm(word: str) -> str:
    """Fold a lower-case word's regular plural onto its singular."""
    if word in _INVARIANT:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NORM_CACHE: dict[str, str] = {}
_NORM_CACHE_SIZE = 200_000  # distinct words remembered; bounds memory on odd input


def tokenize(text: str) -> list[str]:
    """The normalised words (and punctuation tokens) of a text."""
    cache = _NORM_CACHE
    out = []
    for tok in _TOKEN.findall(text.lower()):
        norm = cache.get(tok)
        if norm is None:
            norm = _norm(tok)
            if len(cache) < _NORM_CACHE_SIZE:
                cache[tok] = norm
        out.append(norm)
    return out


# -- loading -----------------------------------------------------------------


def _check_duplicates(node: yaml.Node, where: str) -> None:
    """Refuse a repeated key, which YAML loaders silently resolve to the last one."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in seen:
                    raise TaxonomyError(
                        f"{where}: line {line}: duplicate key {key.value!r} "
                        f"(first on line {seen[key.value]})"
                    )
                seen[key.value] = line
            _check_duplicates(value, where)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicates(item, where)


def _topic_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line of each topic's slug under the top-level ``topics`` key."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "topics" and isinstance(value, yaml.MappingNode):
                for slug, _ in value.value:
                    lines[str(slug.value)] = slug.start_mark.line + 1
    return lines


def _has_words(text: str) -> bool:
    return any(tok[0].isalnum() for tok in tokenize(text))


def _str_list(value: Any, where: str, key: str, words: bool = False) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise TaxonomyError(f"{where}: {key} must be a list, not {type(value).__name__}")
    out = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, str) or not item.strip():
            raise TaxonomyError(f"{where}: {key} item {i} must be a non-empty string")
        if words and not _has_words(item):
            raise TaxonomyError(f"{where}: {key} item {i} has no words: {item!r}")
        out.append(item.strip())
    return tuple(out)


def _phrase(item: Any, where: str, i: int) -> Phrase:
    if isinstance(item, str):
        phrase = Phrase(item.strip())
    elif isinstance(item, dict):
        unknown = sorted(str(k) for k in set(item) - _PHRASE_KEYS)
        if unknown:
            raise TaxonomyError(
                f"{where}: phrases item {i}: unknown key {unknown[0]!r} "
                f"(allowed: {', '.join(sorted(_PHRASE_KEYS))})"
            )
        text, title_only, minimum = (
            item.get("phrase"),
            item.get("title_only", False),
            item.get("min", 1),
        )
        if not isinstance(text, str):
            raise TaxonomyError(f"{where}: phrases item {i}: 'phrase' must be a string")
        if not isinstance(title_only, bool):
            raise TaxonomyError(f"{where}: phrases item {i}: 'title_only' must be true or false")
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
            raise TaxonomyError(f"{where}: phrases item {i}: 'min' must be a whole number >= 1")
        phrase = Phrase(text.strip(), title_only, minimum)
    else:
        raise TaxonomyError(
            f"{where}: phrases item {i} must be a string or a mapping with 'phrase', "
            f"not {type(item).__name__}"
        )
    if not _has_words(phrase.text):
        raise TaxonomyError(f"{where}: phrases item {i} has no words: {phrase.text!r}")
    return phrase


def _topic(slug: Any, raw: Any, where: str) -> Topic:
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise TaxonomyError(
            f"{where}: topic key must be a slug of lower-case letters, digits and hyphens"
        )
    if slug in RESERVED_SLUGS:
        raise TaxonomyError(
            f"{where}: topic key {slug!r} is reserved (the topics overview page is "
            "topics/index, and Windows cannot hold files named con, aux, nul, com1...)"
        )
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: must be a mapping of name, description, phrases...")
    unknown = sorted(str(k) for k in set(raw) - _TOPIC_KEYS)
    if unknown:
        raise TaxonomyError(
            f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(_TOPIC_KEYS))})"
        )
    for key in ("name", "description"):
        value = raw.get(key)
        if value is None:
            raise TaxonomyError(f"{where}: missing {key} (a non-empty string)")
        if not isinstance(value, str) or not value.strip():
            raise TaxonomyError(
                f"{where}: {key} must be a non-empty string, not {type(value).__name__}"
            )
    phrases_raw = raw.get("phrases")
    if phrases_raw is not None and not isinstance(phrases_raw, list):
        raise TaxonomyError(f"{where}: phrases must be a list, not {type(phrases_raw).__name__}")
    topic = Topic(
        slug=slug,
        name=raw["name"].strip(),
        description=raw["description"].strip(),
        phrases=tuple(_phrase(p, where, i) for i, p in enumerate(phrases_raw or [], 1)),
        exclude=_str_list(raw.get("exclude"), where, "exclude", words=True),
        categories=_str_list(raw.get("categories"), where, "categories"),
        keywords=_str_list(raw.get("keywords"), where, "keywords"),
    )
    seen: dict[tuple[str, ...], str] = {}
    for phrase in topic.phrases:
        words = tuple(tokenize(phrase.text))
        if words in seen:
            raise TaxonomyError(
                f"{where}: phrase {phrase.text!r} repeats {seen[words]!r} (same words)"
            )
        seen[words] = phrase.text
    if not (topic.phrases or topic.categories or topic.keywords):
        raise TaxonomyError(f"{where}: needs at least one of phrases, categories, keywords")
    return topic


def parse_taxonomy(text: str, origin: str = "<topics>") -> Taxonomy:
    """Build a taxonomy from YAML text; ``origin`` names the file in messages."""
    loader = GuardedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_duplicates(node, origin)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        raise TaxonomyError(f"{origin}: {line}invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{origin}: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict) or not isinstance(data.get("topics"), dict):
        raise TaxonomyError(f"{origin}: expected a top-level 'topics:' mapping of slug to topic")
    extra = sorted(str(k) for k in data if k != "topics")
    if extra:
        raise TaxonomyError(f"{origin}: unknown top-level key {extra[0]!r} (only 'topics')")
    if not data["topics"]:
        raise TaxonomyError(f"{origin}: 'topics' is empty")
    lines = _topic_lines(node)
    topics = []
    for slug, raw in data["topics"].items():
        line = lines.get(str(slug))
        where = f"{origin}: topic {slug!r}" + (f" (line {line})" if line else "")
        topics.append(_topic(slug, raw, where))
    return Taxonomy(topics)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check a topics file; every mistake raises ``TaxonomyError``."""
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{shown}: cannot read: {exc}") from exc
    return parse_taxonomy(text, str(shown))


# -- tagging -----------------------------------------------------------------

# An index entry: (tokens, topic index, phrase index); phrase index -1 = exclusion.
_Entry = tuple[tuple[str, ...], int, int]


@dataclass
class _Evidence:
    weight: float
    text: str


def _find(tokens: Sequence[str], index: dict[str, list[_Entry]]) -> list[tuple[int, int, int, int]]:
    """All (start, end, topic, phrase) occurrences of indexed phrases in ``tokens``."""
    found = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        entries = index.get(tok)
        if entries is None:
            continue
        for words, topic, phrase in entries:
            end = i + len(words)
            if end <= n and (len(words) == 1 or tuple(tokens[i:end]) == words):
                found.append((i, end, topic, phrase))
    return found


def _occurs(seq: Sequence[str], sub: tuple[str, ...], masked: set[int] | None) -> bool:
    """Whether ``sub`` occurs in ``seq`` at positions none of which are masked."""
    k = len(sub)
    return any(
        tuple(seq[i : i + k]) == sub and not (masked and masked.intersection(range(i, i + k)))
        for i in range(len(seq) - k + 1)
    )


class Taxonomy:
    """Topics in file order, with their phrases compiled into one word index."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        self.topics: dict[str, Topic] = {t.slug: t for t in topics}
        self._order = list(self.topics.values())
        self._phrases: dict[str, list[_Entry]] = {}
        self._excludes: dict[str, list[_Entry]] = {}
        self._keywords: list[list[tuple[str, ...]]] = []
        for ti, topic in enumerate(self._order):
            for pi, phrase in enumerate(topic.phrases):
                words = tuple(tokenize(phrase.text))
                self._phrases.setdefault(words[0], []).append((words, ti, pi))
            for text in topic.exclude:
                words = tuple(tokenize(text))
                self._excludes.setdefault(words[0], []).append((words, ti, -1))
            keys = {tuple(tokenize(k)) for k in (*topic.keywords, topic.name)}
            self._keywords.append(sorted(k for k in keys if k))

    def __len__(self) -> int:
        return len(self.topics)

    def _masks(self, tokens: list[str]) -> dict[int, set[int]]:
        """Per topic, the token positions its ``exclude`` phrases cover."""
        masked: dict[int, set[int]] = {}
        for start, end, ti, _ in _find(tokens, self._excludes):
            masked.setdefault(ti, set()).update(range(start, end))
        return masked

    def _phrase_hits(self, tokens: list[str]) -> dict[int, dict[int, int]]:
        """Per topic, per phrase: occurrences outside that topic's excluded spans.

        Where phrases of one topic overlap, only the longest occurrence counts,
        so "multi-agent reinforcement learning" is one hit, not two.
        """
        masked = self._masks(tokens)
        spans: dict[int, list[tuple[int, int, int]]] = {}
        for start, end, ti, pi in _find(tokens, self._phrases):
            mask = masked.get(ti)
            if mask and not mask.isdisjoint(range(start, end)):
                continue
            spans.setdefault(ti, []).append((start, end, pi))
        hits: dict[int, dict[int, int]] = {}
        for ti, found in spans.items():
            found.sort(key=lambda s: (s[0] - s[1], s[0]))  # longest first
            taken: list[tuple[int, int]] = []
            counts = hits.setdefault(ti, {})
            for start, end, pi in found:
                if any(a <= start and end <= b for a, b in taken):
                    continue
                taken.append((start, end))
                counts[pi] = counts.get(pi, 0) + 1
        return hits

    def _evidence(self, paper: Paper) -> dict[int, list[_Evidence]]:
        evidence: dict[int, list[_Evidence]] = {}
        body_name = "abstract" if paper.abstract else "summary"
        title_hits = self._phrase_hits(tokenize(paper.title or ""))
        body_hits = self._phrase_hits(tokenize(paper.abstract or paper.summary or ""))
        for ti in sorted(title_hits.keys() | body_hits.keys()):
            topic = self._order[ti]
            in_title, in_body = title_hits.get(ti, {}), body_hits.get(ti, {})
            for pi in sorted(in_title.keys() | in_body.keys()):
                phrase = topic.phrases[pi]
                t = in_title.get(pi, 0)
                b = 0 if phrase.title_only else in_body.get(pi, 0)
                if t + b == 0 or (t == 0 and b < phrase.min):  # a title hit suffices
                    continue
                weight = (_TITLE_WEIGHT if t else 0.0) + _ABSTRACT_WEIGHT * min(
                    b, _MAX_ABSTRACT_REPEATS
                )
                places = []
                if t:
                    places.append("the title" if t == 1 else f"the title ({t} times)")
                if b:
                    places.append(f"the {body_name}" if b == 1 else f"the {body_name} ({b} times)")
                text = f'phrase "{phrase.text}" in ' + " and ".join(places)
                evidence.setdefault(ti, []).append(_Evidence(weight, text))
        for category in dict.fromkeys(paper.categories):
            code = category.strip().lower()
            for ti, topic in enumerate(self._order):
                for wanted in topic.categories:
                    w = wanted.lower()
                    if code == w or ("." not in w and code.startswith(w + ".")):
                        text = f"arXiv category {category.strip()}"
                        evidence.setdefault(ti, []).append(_Evidence(_CATEGORY_WEIGHT, text))
                        break
        for keyword in dict.fromkeys(paper.keywords):
            words = tokenize(keyword)
            masked = self._masks(words)
            for ti, keys in enumerate(self._keywords):
                if not any(_occurs(words, k, masked.get(ti)) for k in keys):
                    continue
                text = f'keyword "{keyword.strip()}"'
                evidence.setdefault(ti, []).append(_Evidence(_KEYWORD_WEIGHT, text))
        return evidence

    def assign(self, paper: Paper) -> list[TopicAssignment]:
        """At most ``MAX_TOPICS`` topics, strongest evidence first, each with its reason."""
        ranked = []
        for ti, items in self._evidence(paper).items():
            items.sort(key=lambda e: -e.weight)  # stable: equal weights keep their order
            score = sum(e.weight for e in items)
            reason = "; ".join(e.text for e in items[:_MAX_REASONS])
            if len(items) > _MAX_REASONS:
                reason += f"; and {len(items) - _MAX_REASONS} more"
            ranked.append((-score, ti, reason))
        ranked.sort()
        # A single passing mention in the abstract ("... e.g. for style transfer")
        # is not what a paper is about once two topics have real evidence.
        if sum(1 for neg, _, _ in ranked if -neg >= _STRONG_SCORE) >= 2:
            ranked = [r for r in ranked if -r[0] > _PASSING_MENTION]
        return [
            TopicAssignment(self._order[ti].slug, reason) for _, ti, reason in ranked[:MAX_TOPICS]
        ]

    def tag(self, papers: Iterable[Paper]) -> None:
        """Set ``paper.topics`` on every paper."""
        for paper in papers:
            paper.topics = self.assign(paper)
