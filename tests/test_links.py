"""Finding URLs in abstracts and comments, and telling their kinds apart."""

from __future__ import annotations

import pytest

from generator.links import classify, find_urls, trim_url
from tests.conftest import SEED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # From the seed listing: a full stop, and LaTeX "red{...}" braces, are no part of it.
        (
            "tool for 3D content creation. Project page: https://nju-3dv.github.io/projects/matrix3d.",
            ["https://nju-3dv.github.io/projects/matrix3d"],
        ),
        (
            "hair transfer methods. Project page: red{https://xiaojiu-z.github.io/Stable-Hair.github.io/}",
            ["https://xiaojiu-z.github.io/Stable-Hair.github.io/"],
        ),
        (
            "(Code available at: https://github.com/t-maho/transferability_measure_fit).",
            ["https://github.com/t-maho/transferability_measure_fit"],
        ),
        (
            "see https://en.wikipedia.org/wiki/Foo_(bar), too",
            ["https://en.wikipedia.org/wiki/Foo_(bar)"],
        ),
        ("twice: https://x.org/a and https://x.org/a.", ["https://x.org/a"]),
        ("no URL here, nor in http:// alone", []),
    ],
)
def test_urls_with_a_scheme(text: str, expected: list[str]) -> None:
    assert find_urls(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # arXiv comments as written.
        ("Project Website: rdd-neurips.github.io", ["https://rdd-neurips.github.io"]),
        ("Project page: rdd-neurips.github.io.", ["https://rdd-neurips.github.io"]),
        ("Code: github.com/user/repo", ["https://github.com/user/repo"]),
        ("Code: github.com/user/repo.", ["https://github.com/user/repo"]),
        ("(code at github.com/a-b/c_d.e/tree/main)", ["https://github.com/a-b/c_d.e/tree/main"]),
        ("Code:gitlab.com/group/sub/repo#readme", ["https://gitlab.com/group/sub/repo#readme"]),
        ("www.github.com/user/repo", ["https://www.github.com/user/repo"]),
        (
            "site: lab.github.io/project/, code: \\url{github.com/lab/project}",
            [
                "https://lab.github.io/project/",
                "https://github.com/lab/project",
            ],
        ),
        # The scheme URL is found first and kept whole; its bare form adds nothing.
        ("[github.com/a/b](https://github.com/a/b)", ["https://github.com/a/b"]),
    ],
)
def test_bare_github_and_gitlab_addresses_get_a_scheme(text: str, expected: list[str]) -> None:
    assert find_urls(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "write to someone@lab.github.io or lab.github.io@gmail.com",
        "or to a@github.com/user/repo",
        "https://example.org/x/lab.github.io/ is one URL",
        "www.example.com/go?to=github.com/a/b",
        "gist.github.com/a/b and api.github.com/a/b are other hosts",
        "pages on github.io, and github.com/user alone",
        "lab.github.io.example.com",
    ],
)
def test_bare_addresses_inside_other_text_are_not_picked_out(text: str) -> None:
    assert [url for url in find_urls(text) if "github" in url.split("/")[2]] == []


def test_a_bare_address_inside_a_url_with_a_scheme_is_not_found_again() -> None:
    text = "Project page: https://xiaojiu-z.github.io/Stable-Hair.github.io/ (github.com/x/y)"
    assert find_urls(text) == [
        "https://xiaojiu-z.github.io/Stable-Hair.github.io/",
        "https://github.com/x/y",
    ]


def test_seed_links_are_clean() -> None:
    urls = find_urls(SEED.read_text(encoding="utf-8"))
    assert "https://nju-3dv.github.io/projects/matrix3d" in urls
    assert "https://xiaojiu-z.github.io/Stable-Hair.github.io/" in urls
    assert not any(url.endswith((".", ")", "}", ",")) for url in urls)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.org/a.", "https://x.org/a"),
        ("https://x.org/a);", "https://x.org/a"),
        ("https://x.org/(a)", "https://x.org/(a)"),
        ("https://x.org/[a]]", "https://x.org/[a]"),
    ],
)
def test_trim_url(url: str, expected: str) -> None:
    assert trim_url(url) == expected


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://github.com/a/b", "code"),
        ("https://rdd-neurips.github.io", "project"),
        ("https://arxiv.org/abs/2401.01234", "arxiv"),
        ("https://arxiv.org/pdf/2401.01234", "pdf"),
        ("https://doi.org/10.1/x", "doi"),
        ("https://huggingface.co/papers/2401.01234", "hf"),
        ("https://x.org/paper.pdf", "pdf"),
    ],
)
def test_classify(url: str, kind: str) -> None:
    assert classify(url) == kind
