"""The project's benchmark: build, size, rebuild and browser figures per catalog size.

    make bench SIZES="1000 20000 50000"
    python -m tests.bench 1000 20000 [--naive 1000] [--no-browser] [--screenshots DIR]

For each size, realistic synthetic arXiv listings (tests/synthetic.py, one file
a day as the scheduled fetch writes them; cached under .cache/bench/) are
built with `python -m generator build --timings` in a fresh project, and the
benchmark prints:

- each stage's seconds and the build process's peak memory at its end, the
  whole build's time per paper, and the peak memory of all the build's
  processes together (sampled from /proc every 0.2 s);
- the site: size, files, median paper page, biggest page, biggest topic page,
  search index;
- rebuilds: with no change (pages written), and after adding a 100-paper
  listing (pages written by kind, and the time);
- in Chromium, served like GitHub Pages (gzip): bytes a first view of the
  home, a paper and a topic page transfers; time from the last key press to
  the first results of a first and of later searches; bytes of the session.

`--naive N` also builds the same pages at N papers with a naive Material
setup (nav inferred from the files, Material's own search) and prints the
ratios. Figures are printed, never asserted: the tests check behaviour.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, REPO, make_project, serve_directory
from tests.synthetic import write_daily_listings

CACHE = REPO / ".cache" / "bench"
NEW_LISTING = 100  # papers in the listing added for the rebuild figure
QUERIES = ("diffusion models", "graph neural network", "reinforcement learning agents")


# ------------------------------------------------------------------ memory


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, from /proc, in MB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            pid, ppid = int(entry.name), int(fields[1])
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            children.setdefault(ppid, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total / 1e6


@dataclass
class Run:
    seconds: float
    peak_tree_mb: float
    output: str


def run_sampled(command: list[str], cwd: Path) -> Run:
    """Run ``command``; its time and the peak memory of its whole process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_mb(process.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{output}")
    return Run(time.perf_counter() - started, peak, output)


# ------------------------------------------------------------------- sizes


def listings_for(count: int) -> Path:
    folder = CACHE / f"listings-{count}"
    if not folder.is_dir():
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        write_daily_listings(tmp, count)
        tmp.rename(folder)
    return folder


def site_figures(site: Path) -> dict[str, object]:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    papers = sorted(p.stat().st_size for p in site.glob("papers/*/index.html"))
    topics = [p for p in html if p.relative_to(site).parts[0] == "topics"]
    biggest = max(html, key=lambda p: p.stat().st_size)
    biggest_topic = max(topics, key=lambda p: p.stat().st_size)
    index = [p for p in files if p.relative_to(site).parts[0] == "search"]
    by_folder: dict[str, int] = {}
    for path in files:
        parts = path.relative_to(site).parts
        folder = parts[0] if len(parts) > 1 else "(top files)"
        by_folder[folder] = by_folder.get(folder, 0) + path.stat().st_size
    return {
        "site MB": sum(p.stat().st_size for p in files) / 1e6,
        "site MB by folder": ", ".join(
            f"{name} {size / 1e6:.1f}"
            for name, size in sorted(by_folder.items(), key=lambda item: -item[1])[:8]
        ),
        "files": len(files),
        "median paper page KB": statistics.median(papers) / 1e3,
        "biggest page KB": biggest.stat().st_size / 1e3,
        "biggest page": str(biggest.relative_to(site).parent),
        "biggest topic page KB": biggest_topic.stat().st_size / 1e3,
        "search index MB": sum(p.stat().st_size for p in index) / 1e6,
        "search index files": len(index),
    }


def _written(output: str) -> int:
    line = next(x for x in output.splitlines() if "pages:" in x and "written" in x)
    return int(line.split("pages:")[1].split("written")[0])


def rebuild_figures(root: Path) -> dict[str, object]:
    generator = [sys.executable, "-m", "generator"]
    same = run_sampled([*generator, "generate"], root)
    write_daily_listings(root / "listings", NEW_LISTING, start=-NEW_LISTING, seed=11)
    before = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*.md")}
    again = run_sampled([*generator, "build"], root)
    after = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*.md")}
    changed = [p for p, t in after.items() if before.get(p) != t]
    kinds: dict[str, int] = {}
    for path in changed:
        part = path.relative_to(root / "docs").parts
        kind = part[0] if len(part) > 1 else part[0].removesuffix(".md")
        kinds[kind] = kinds.get(kind, 0) + 1
    # An existing paper's page may change only because a new paper is now
    # among its related papers (generator/related.py): count those.
    new = {p.stem for p in changed if p not in before and p.parent.name == "papers"}
    old_pages = [p for p in changed if p in before and p.parent.name == "papers"]
    with_new_related = sum(
        1 for p in old_pages if any(f'href="../{slug}/"' in p.read_text() for slug in new)
    )
    return {
        "no change: pages written": _written(same.output),
        "no change: generate s": same.seconds,
        "+100 papers: pages rewritten": len(changed),
        "+100 papers: by kind": kinds,
        "+100 papers: old paper pages, of which a new paper is now related": (
            f"{len(old_pages)}, {with_new_related}"
        ),
        "+100 papers: rebuild s": again.seconds,
    }


# ----------------------------------------------------------------- browser


_RECORDER = """
window.__keys = []; window.__results = [];
document.addEventListener('keydown', () => window.__keys.push(performance.now()), true);
document.addEventListener('paper-search:results',
  e => window.__results.push({t: performance.now(), query: e.detail.query, count: e.detail.count}));
"""


def _first_view(browser, url: str, site: Path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(bytes transferred, bytes decoded) for a first view of ``url`` in a fresh browser."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[tuple[int, int]] = []

    def finished(request) -> None:  # type: ignore[no-untyped-def]
        path = request.url.split("://", 1)[1].split("/", 1)[1].split("#")[0].split("?")[0]
        local = site / path
        local = local / "index.html" if local.is_dir() else local
        decoded = local.stat().st_size if local.is_file() else 0
        sizes.append((request.sizes()["responseBodySize"], decoded))

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(s[0] for s in sizes), sum(s[1] for s in sizes)


def _search_session(browser, url: str, shots: Path | None, label: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(_RECORDER)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    transferred: list[int] = []
    page.on("requestfinished", lambda r: transferred.append(r.sizes()["responseBodySize"]))
    latencies = []
    for number, query in enumerate(QUERIES):
        if number == 0:
            page.keyboard.press("/")
        else:
            page.locator(".md-search__input").fill("")
        page.keyboard.type(query, delay=60)
        page.wait_for_function(
            "q => window.__results.some(r => r.query === q)", arg=query, timeout=30_000
        )
        latency = page.evaluate(
            "q => window.__results.filter(r => r.query === q).pop().t - window.__keys.at(-1)",
            query,
        )
        latencies.append(latency)
    page.wait_for_load_state("networkidle")
    count = page.evaluate("window.__results.at(-1).count")
    if shots:
        for scheme, width in (("light", 1280), ("dark", 1280), ("light", 390)):
            # The theme picks its palette as a page loads; switch it as its
            # toggle would, so the search stays open.
            page.evaluate(
                "s => document.body.setAttribute('data-md-color-scheme', s)",
                "slate" if scheme == "dark" else "default",
            )
            page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
            page.wait_for_timeout(300)
            page.screenshot(path=str(shots / f"search-{label}-{scheme}-{width}.png"))
    context.close()
    return {
        "first search ms": latencies[0],
        "later searches ms": max(latencies[1:]),
        "search session KB": sum(transferred) / 1e3,
        "last query results": count,
    }


def browser_figures(site: Path, shots: Path | None, label: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    paper = next(site.glob("papers/*/index.html")).parent.name
    topic = max(site.glob("topics/*/index.html"), key=lambda p: p.stat().st_size).parent.name
    with serve_directory(site, compress=True) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        views = {
            "home": _first_view(browser, url, site),
            "paper": _first_view(browser, f"{url}papers/{paper}/", site),
            "topic": _first_view(browser, f"{url}topics/{topic}/", site),
        }
        figures: dict[str, object] = {
            "first view KB (gzip)": max(v[0] for v in views.values()) / 1e3,
            "first view KB (decoded)": max(v[1] for v in views.values()) / 1e3,
        }
        figures |= _search_session(browser, url, shots, label)
        browser.close()
    return figures


# -------------------------------------------------------------------- naive

NAIVE_CONFIG = """site_name: naive
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - tables
  - admonition
  - pymdownx.details
  - fenced_code
  - pymdownx.arithmatex:
      generic: true
"""


def naive_figures(root: Path) -> dict[str, object]:
    """The same generated pages built the naive way: inferred nav, Material's search."""
    naive = root.parent / "naive"
    shutil.copytree(root / "docs", naive / "docs")
    (naive / "mkdocs.yml").write_text(NAIVE_CONFIG)
    run = run_sampled([sys.executable, "-m", "mkdocs", "build", "-q"], naive)
    site = naive / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    papers = sorted(p.stat().st_size for p in site.glob("papers/*/index.html"))
    return {
        "seconds": run.seconds,
        "peak MB": run.peak_tree_mb,
        "site MB": sum(p.stat().st_size for p in files) / 1e6,
        "median paper page KB": statistics.median(papers) / 1e3,
        "search index MB": (site / "search" / "search_index.json").stat().st_size / 1e6,
    }


# --------------------------------------------------------------------- main


@dataclass
class Result:
    papers: int
    build: Run
    stages: list[dict[str, float]]
    figures: dict[str, object] = field(default_factory=dict)
    naive: dict[str, object] | None = None


def measure(count: int, work: Path, browser: bool, shots: Path | None, naive: bool) -> Result:
    listings = sorted(listings_for(count).iterdir())
    root = make_project(work / f"project-{count}", listings)
    timings = work / f"timings-{count}.json"
    build = run_sampled(
        [sys.executable, "-m", "generator", "build", "--timings", str(timings)], root
    )
    stages = json.loads(timings.read_text())["stages"]
    result = Result(count, build, stages)
    result.figures |= site_figures(root / "site")
    if browser:
        result.figures |= browser_figures(root / "site", shots, str(count))
    if naive:  # before the rebuild adds papers: the same pages
        result.naive = naive_figures(root)
    result.figures |= rebuild_figures(root)
    return result


def _show(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def report(results: list[Result], naive: dict[str, object] | None, naive_size: int) -> str:
    lines = [f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}", ""]
    head = "| | " + " | ".join(f"{r.papers:,} papers" for r in results) + " |"
    lines += [head, "|---" * (len(results) + 1) + "|"]

    def row(name: str, values: list[object]) -> None:
        lines.append(f"| {name} | " + " | ".join(_show(v) for v in values) + " |")

    row("whole build, s", [r.build.seconds for r in results])
    row("ms per paper", [r.build.seconds * 1000 / r.papers for r in results])
    row("peak memory, all processes, MB", [r.build.peak_tree_mb for r in results])
    names = [s["name"] for s in results[0].stages]
    for name in names:
        row(
            f"stage: {name}, s (peak MB)",
            [
                next(
                    f"{s['seconds']:.1f} ({s['peak_mb']:.0f})"
                    for s in r.stages
                    if s["name"] == name
                )
                for r in results
            ],
        )
    for key in results[0].figures:
        row(key, [r.figures.get(key, "") for r in results])
    if naive:
        ours = next((r for r in results if r.papers == naive_size), None)
        lines += [
            "",
            f"Naive Material setup at {naive_size:,} papers (inferred nav, built-in search):",
        ]
        lines += ["", "| | naive | this site | ratio |", "|---|---|---|---|"]
        if ours:
            pairs = [
                ("build s", naive["seconds"], ours.build.seconds),
                ("site MB", naive["site MB"], ours.figures["site MB"]),
                (
                    "median paper page KB",
                    naive["median paper page KB"],
                    ours.figures["median paper page KB"],
                ),
                ("search index MB", naive["search index MB"], ours.figures["search index MB"]),
            ]
            for name, theirs, mine in pairs:
                lines.append(
                    f"| {name} | {_show(theirs)} | {_show(mine)} | {theirs / mine:.1f} x |"
                )
        else:
            lines += [f"| {k} | {_show(v)} | | |" for k, v in naive.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 20000])
    parser.add_argument(
        "--naive", type=int, default=1000, help="size for the naive build (0: none)"
    )
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--screenshots", type=Path, help="save search screenshots here")
    args = parser.parse_args()
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="paper-site-bench-") as tmp:
        work = Path(tmp)
        for count in args.sizes:
            print(f"building {count:,} papers ...", file=sys.stderr, flush=True)
            results.append(
                measure(count, work, not args.no_browser, args.screenshots, count == args.naive)
            )
        naive = next((r.naive for r in results if r.naive), None)
        if args.naive and naive is None:
            print(f"building {args.naive:,} papers the naive way ...", file=sys.stderr, flush=True)
            root = make_project(work / "naive-source", sorted(listings_for(args.naive).iterdir()))
            run_sampled([sys.executable, "-m", "generator", "generate"], root)
            naive = naive_figures(root)
    print(report(results, naive, args.naive))


if __name__ == "__main__":
    main()
