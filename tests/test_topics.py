"""The taxonomy file and the tagger, on the seed listing and on small made-up cases."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.model import Paper
from generator.sources.hf_page import read
from generator.topics import (
    DEFAULT_TOPICS_FILE,
    MAX_TOPICS,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    parse_taxonomy,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "listings" / "000_447f3c323b2f0f28.txt"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(ROOT / "topics.yml")


@pytest.fixture(scope="module")
def seed(taxonomy: Taxonomy) -> dict[str, tuple[Paper, list[str]]]:
    """Seed papers by title, each with the slugs the tagger gives it."""
    papers = read(SEED.read_text(encoding="utf-8"), SEED.name).papers
    assert len(papers) == 53
    return {p.title: (p, [a.topic for a in taxonomy.assign(p)]) for p in papers}


def topics_of(seed: dict[str, tuple[Paper, list[str]]], title_start: str) -> list[str]:
    matches = [slugs for title, (_, slugs) in seed.items() if title.startswith(title_start)]
    assert len(matches) == 1, f"no single seed paper titled {title_start!r}..."
    return matches[0]


def tiny(text: str, origin: str = "tiny.yml") -> Taxonomy:
    return parse_taxonomy(textwrap.dedent(text), origin)


# -- the shipped taxonomy ----------------------------------------------------


def test_shipped_taxonomy_loads_with_a_full_set_of_topics(taxonomy: Taxonomy) -> None:
    assert DEFAULT_TOPICS_FILE == ROOT / "topics.yml"
    assert 30 <= len(taxonomy.topics) <= 60
    for slug, topic in taxonomy.topics.items():
        assert topic.slug == slug
        assert topic.name and topic.description.endswith(".")
    # the areas the brief asks for are all there
    for slug in (
        "transfer-learning",
        "reinforcement-learning",
        "multi-task-learning",
        "large-language-models",
        "diffusion-models",
        "image-generation",
        "computer-vision",
        "robotics",
        "nlp",
        "machine-learning",
        "quantum-computing",
        "mathematics",
        "adversarial-robustness",
        "privacy",
    ):
        assert slug in taxonomy.topics
    # file order is kept: the first topic written is the first one loaded
    assert next(iter(taxonomy.topics)) == "transfer-learning"


# -- the seed listing --------------------------------------------------------


def test_every_seed_paper_gets_one_to_six_topics_each_with_a_reason(
    taxonomy: Taxonomy, seed: dict[str, tuple[Paper, list[str]]]
) -> None:
    for title, (paper, slugs) in seed.items():
        assert 1 <= len(slugs) <= MAX_TOPICS, title
        assert len(set(slugs)) == len(slugs), title
        for assignment in taxonomy.assign(paper):
            assert assignment.topic in taxonomy.topics
            assert assignment.reason.startswith(('phrase "', "arXiv category ", 'keyword "'))


@pytest.mark.parametrize(
    ("title_start", "expected"),
    [
        (
            "Curriculum-based Asymmetric Multi-task",
            {"reinforcement-learning", "multi-task-learning", "curriculum-learning"},
        ),
        (
            "Curriculum reinforcement learning for quantum",
            {"quantum-computing", "reinforcement-learning", "automl"},
        ),
        ("Pair State Transfer", {"quantum-computing", "mathematics"}),
        ("CSTRL", {"transfer-learning", "nlp", "medical"}),
        ("Byzantine Robust", {"reinforcement-learning", "multi-agent-systems"}),
        ("Q-Tuning", {"continual-learning", "fine-tuning", "few-shot-learning"}),
        ("Dion: Distributed", {"ml-systems", "optimization"}),
        ("Out-of-Town Recommendation", {"recommender-systems", "graph-neural-networks"}),
        ("Federated Loss Exploration", {"federated-learning"}),
        ("Transfer Learning for Portfolio", {"transfer-learning", "finance"}),
        ("Matrix approach to generalized ensemble", {"physics"}),
        ("Matrix3D", {"3d-vision", "diffusion-models"}),
        ("How to Train Your HiPPO", {"transformers"}),
        ("Diff-Transfer", {"robotics", "transfer-learning"}),
        ("Multilayer Graph Approach", {"clustering"}),
        ("PHI-S", {"model-compression"}),
        ("Manipulating Transfer Learning", {"transfer-learning", "privacy"}),
        ("Disposable Transfer Learning", {"transfer-learning", "privacy"}),
        ("Enhancing Transfer Learning with Flexible", {"transfer-learning", "bayesian"}),
        ("Structured Denoising Diffusion", {"diffusion-models", "generative-models"}),
        ("Why do Learning Rates Transfer", {"optimization", "learning-theory"}),
        ("How to choose your best allies", {"adversarial-robustness"}),
        ("Going Further: Flatness", {"adversarial-robustness", "optimization"}),
        ("Spectral Architecture Search", {"automl"}),
    ],
)
def test_clearly_identifiable_seed_papers_get_their_topics(
    seed: dict[str, tuple[Paper, list[str]]], title_start: str, expected: set[str]
) -> None:
    assert expected <= set(topics_of(seed, title_start))


@pytest.mark.parametrize(
    ("title_start", "instead"),
    [
        ("StyleDiffusion", {"image-generation", "diffusion-models"}),
        ("Content-Style Decoupling for Unsupervised Makeup", {"image-generation", "fashion"}),
        ("SARA: Controllable Makeup Transfer", {"image-generation", "fashion"}),
        ("Stable-Hair", {"image-generation", "fashion", "diffusion-models"}),
        ("Visual Attribute Transfer", {"image-generation"}),
        ("DiffFashion", {"image-generation", "fashion", "diffusion-models"}),
        ("Controllable Person Image Synthesis", {"image-generation", "fashion"}),
        ("MotionShop", {"video", "diffusion-models"}),
        ("Space-Time Diffusion Features", {"video", "diffusion-models"}),
        ("Pair State Transfer", {"quantum-computing", "mathematics"}),
        ("Leveraging Self-Supervised Vision Transformers", {"3d-vision", "transformers"}),
        ("Why do Learning Rates Transfer", {"optimization"}),
        ("Dion: Distributed", {"optimization"}),
        ("How to choose your best allies", {"adversarial-robustness"}),
        ("Going Further: Flatness", {"adversarial-robustness"}),
        ("Spectral Architecture Search", {"automl"}),
        ("Model Agnostic Hybrid Sharding", {"ml-systems"}),
        ("Curriculum-based Asymmetric Multi-task", {"multi-task-learning"}),
    ],
)
def test_look_alike_transfers_are_not_transfer_learning(
    seed: dict[str, tuple[Paper, list[str]]], title_start: str, instead: set[str]
) -> None:
    """Style, makeup, hair, motion, pair state transfer, transfer functions,
    learning-rate transfer, data transfer and transferable attacks."""
    slugs = topics_of(seed, title_start)
    assert "transfer-learning" not in slugs
    assert instead <= set(slugs)


@pytest.mark.parametrize(
    "title_start",
    [
        "CSTRL",
        "Few-shot Semantic Image Synthesis",
        "Transfer training from smaller language model",
        "On the Cross-lingual Transferability",
        "How Well Do Sparse Imagenet Models Transfer",
        "Transfer Learning for Portfolio",
        "Leveraging the Feature Distribution in Transfer-based",
        "Robust Tickets Can Transfer Better",
        "Geometrically Aligned Transfer Encoder",
        "Do Adversarially Robust ImageNet Models Transfer",
        "Fast and Accurate Transferability Measurement",
        "Project and Probe",
        "Manipulating Transfer Learning",
        "An analysis of the transfer learning",
        "Enhancing Transfer Learning",
        "Disposable Transfer Learning",
        "Transferring Knowledge from Large Foundation Models",
    ],
)
def test_real_transfer_learning_papers_are_transfer_learning(
    seed: dict[str, tuple[Paper, list[str]]], title_start: str
) -> None:
    assert "transfer-learning" in topics_of(seed, title_start)


def test_seed_tagging_is_deterministic(
    taxonomy: Taxonomy, seed: dict[str, tuple[Paper, list[str]]]
) -> None:
    again = load_taxonomy(ROOT / "topics.yml")
    for paper, _ in seed.values():
        assert taxonomy.assign(paper) == again.assign(paper) == taxonomy.assign(paper)


# -- matching rules ----------------------------------------------------------


def test_exclusion_masks_only_the_look_alike_span(taxonomy: Taxonomy) -> None:
    only_style = Paper(
        "Fast style transfer", "We improve neural style transfer and makeup transfer speed."
    )
    both = Paper(
        "Fast style transfer",
        "Neural style transfer is slow. We show that transfer learning from a large "
        "pre-trained network makes it fast.",
    )
    assert "transfer-learning" not in [a.topic for a in taxonomy.assign(only_style)]
    by_topic = {a.topic: a.reason for a in taxonomy.assign(both)}
    assert by_topic["transfer-learning"] == 'phrase "transfer learning" in the abstract'
    # masking is per topic: the span still counts for the topic that wants it
    assert by_topic["image-generation"].startswith('phrase "style transfer" in the title')


def test_phrases_match_whole_words_ignoring_case_plurals_and_hyphens() -> None:
    tax = tiny(
        """
        topics:
          gans:
            name: GANs
            description: Generator against discriminator.
            phrases: [GAN, multi-task, diffusion model]
        """
    )
    assert tax.assign(Paper("Diffusion Models for Multi Task GANs", ""))[0].reason == (
        'phrase "GAN" in the title; phrase "multi-task" in the title; '
        'phrase "diffusion model" in the title'
    )
    # "GAN" is a word, not a substring of "began" or "organ"; no match across "."
    assert tax.assign(Paper("It began in an organ", "A diffusion. Model multi-taskers.")) == []


def test_title_only_and_min_count_options() -> None:
    tax = tiny(
        """
        topics:
          video:
            name: Video
            description: Moving pictures.
            phrases:
              - {phrase: video, min: 2}
              - {phrase: survey, title_only: true}
        """
    )
    assert tax.assign(Paper("Images", "A video game and a survey.")) == []
    (twice,) = tax.assign(Paper("Images", "One video, then another video."))
    assert twice.reason == 'phrase "video" in the abstract (2 times)'
    # a title occurrence is enough whatever the minimum
    (titled,) = tax.assign(Paper("A video survey", ""))
    assert titled.reason == 'phrase "video" in the title; phrase "survey" in the title'


def test_nested_phrases_count_once() -> None:
    tax = tiny(
        """
        topics:
          rl:
            name: RL
            description: Rewards.
            phrases: [reinforcement learning, multi-agent reinforcement learning, agent]
        """
    )
    (rl,) = tax.assign(Paper("Multi-agent reinforcement learning", "One agent learns."))
    assert rl.reason == (
        'phrase "multi-agent reinforcement learning" in the title; phrase "agent" in the abstract'
    )


def test_title_hits_outrank_abstract_mentions(taxonomy: Taxonomy) -> None:
    paper = Paper(
        "Multi-agent reinforcement learning for robots",
        "We train quadrupeds. Our diffusion model plans. Large language models help.",
    )
    slugs = [a.topic for a in taxonomy.assign(paper)]
    # robot in the title + quadruped (4) > one title phrase (3); equal scores keep
    # the file order. The single abstract mentions (diffusion, LLMs) are dropped:
    # two topics have real evidence.
    assert slugs == ["robotics", "reinforcement-learning", "multi-agent-systems"]


def test_a_passing_mention_counts_only_when_little_else_does(taxonomy: Taxonomy) -> None:
    lone = Paper("Quadruped locomotion", "We train robots to walk. A diffusion model plans.")
    assert [a.topic for a in taxonomy.assign(lone)] == ["robotics", "diffusion-models"]


def test_at_most_six_topics_strongest_kept() -> None:
    lines = [
        f"  t{i}:\n    name: T{i}\n    description: d.\n    phrases: [w{i}]\n" for i in range(9)
    ]
    tax = parse_taxonomy("topics:\n" + "".join(lines), "many.yml")
    paper = Paper("w7 w8", " ".join(f"w{i} w{i}" for i in range(9)) + " w5")
    slugs = [a.topic for a in tax.assign(paper)]
    assert len(slugs) == MAX_TOPICS
    # title hits first, then more abstract hits, then file order breaks ties
    assert slugs == ["t7", "t8", "t5", "t0", "t1", "t2"]


def test_categories_map_to_topics_including_subcategories(taxonomy: Taxonomy) -> None:
    paper = Paper(
        "A paper",
        "",
        categories=["cs.RO", "cs.LG", "quant-ph", "cond-mat.stat-mech", "stat.ML", "q-bio.NC"],
    )
    by_topic = {a.topic: a.reason for a in taxonomy.assign(paper)}
    assert by_topic == {
        "robotics": "arXiv category cs.RO",
        "machine-learning": "arXiv category cs.LG; arXiv category stat.ML",
        "quantum-computing": "arXiv category quant-ph",
        "physics": "arXiv category cond-mat.stat-mech",
        "biology": "arXiv category q-bio.NC",
    }
    # a code only covers its own subcategories, not look-alike prefixes
    assert taxonomy.assign(Paper("A paper", "", categories=["cs.ROX", "cs"])) == []


def test_keywords_map_to_topics_whole_or_contained(taxonomy: Taxonomy) -> None:
    paper = Paper(
        "A paper",
        "",
        keywords=[
            "DIFFUSION MODELS",
            "deep reinforcement learning agents",
            "Neural Style Transfer",
        ],
    )
    by_topic = {a.topic: a.reason for a in taxonomy.assign(paper)}
    assert by_topic["diffusion-models"] == 'keyword "DIFFUSION MODELS"'
    assert by_topic["reinforcement-learning"] == 'keyword "deep reinforcement learning agents"'
    assert by_topic["image-generation"] == 'keyword "Neural Style Transfer"'
    # exclusions apply to keywords too: a style-transfer heading is not transfer learning
    odd = Paper("A paper", "", keywords=["Style transfer learning"])
    assert "transfer-learning" not in [a.topic for a in taxonomy.assign(odd)]


def test_summary_stands_in_for_a_missing_abstract(taxonomy: Taxonomy) -> None:
    paper = Paper("A paper", "", summary="Federated learning across hospitals.")
    reasons = {a.topic: a.reason for a in taxonomy.assign(paper)}
    assert reasons["federated-learning"] == 'phrase "federated" in the summary'


def test_tag_sets_topics_on_every_paper(taxonomy: Taxonomy) -> None:
    papers = [Paper("Quantum walks on graphs", ""), Paper("Nothing to see", "")]
    taxonomy.tag(papers)
    assert [a.topic for a in papers[0].topics] == ["quantum-computing"]
    assert papers[1].topics == []


# -- broken taxonomy files ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "topics:\n  rl:\n    description: Agents.\n    phrases: [RL]\n",
            "topic 'rl' (line 2): missing name",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n    phrase: [RL]\n",
            "topic 'rl' (line 2): unknown key 'phrase'",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n    phrases: reinforcement\n",
            "topic 'rl' (line 2): phrases must be a list, not str",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n"
            "    phrases: [{phrase: RL, min: 0}]\n",
            "topic 'rl' (line 2): phrases item 1: 'min' must be a whole number >= 1",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n    phrases: ['--']\n",
            "topic 'rl' (line 2): phrases item 1 has no words",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n    phrases: [GANs, gan]\n",
            "topic 'rl' (line 2): phrase 'gan' repeats 'GANs'",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n    categories: cs.LG\n",
            "topic 'rl' (line 2): categories must be a list",
        ),
        (
            "topics:\n  Bad Slug:\n    name: B\n    description: A.\n    phrases: [b]\n",
            "topic 'Bad Slug' (line 2): topic key must be a slug",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n",
            "topic 'rl' (line 2): needs at least one of phrases, categories, keywords",
        ),
        (
            "topics:\n  rl:\n    name: RL\n    description: A.\n    phrases: [a]\n"
            "  rl:\n    name: R\n    description: B.\n    phrases: [b]\n",
            "line 6: duplicate key 'rl' (first on line 2)",
        ),
        (
            "topics:\n  rl:\n    name: RL: reinforcement\n",
            "line 3, column 13: invalid YAML",
        ),
        ("rl:\n  name: RL\n", "expected a top-level 'topics:' mapping"),
    ],
)
def test_broken_topics_file_names_file_topic_and_problem(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "topics.yml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: ")
    assert message in text


def test_missing_topics_file_is_a_taxonomy_error(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "nope.yml")
