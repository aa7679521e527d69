"""A 200 MB listing is refused by its size, before it is read: memory stays bounded.

The file is written at run time into a temporary folder (never committed).
Peak memory is measured in a fresh process whose only child is the command,
so RUSAGE_CHILDREN's maximum is that command's own peak.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.sources import MAX_LISTING_BYTES
from tests.conftest import FIXTURES, REPO, make_project

SIZE = 200_000_000
PEAK_LIMIT_MB = 150  # Python, click and the generator's imports take about 70 MB

MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: kilobytes
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr,
                  "peak_mb": peak_kb / 1024}))
"""


def write_big_atom_listing(path: Path, size: int) -> None:
    """An arXiv API answer whose entries repeat until the file is ``size`` bytes."""
    text = (FIXTURES / "arxiv" / "api_new_cs_RO_3entries.xml").read_text(encoding="utf-8")
    head, rest = text.split("<entry>", 1)
    entries, tail = ("<entry>" + rest).rsplit("</entry>", 1)
    chunk = ((entries + "</entry>\n") * (1_000_000 // len(entries))).encode()
    with path.open("wb") as out:
        out.write(head.encode())
        while out.tell() + len(chunk) < size:
            out.write(chunk)
        out.write(b" " * (size - out.tell() - len(tail.encode())) + tail.encode())


def measure(cwd: Path, *command: str) -> dict:
    probe = [sys.executable, "-c", MEASURE, str(cwd), sys.executable, "-m", *command]
    done = subprocess.run(probe, capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(done.stdout)


def test_a_200_mb_listing_is_refused_by_its_size_with_bounded_memory(tmp_path: Path) -> None:
    big = tmp_path / "2026-01-01-huge.xml"
    write_big_atom_listing(big, SIZE)
    assert big.stat().st_size == SIZE > MAX_LISTING_BYTES

    checked = measure(tmp_path, "generator", "check", str(big))
    assert checked["code"] == 1 and "Traceback" not in checked["err"]
    assert (
        f"{big}: error: the file is 200 MB; a listing may be at most 50 MB "
        "(MAX_LISTING_BYTES): split it into several listings"
    ) in checked["out"]
    assert checked["peak_mb"] < PEAK_LIMIT_MB, checked["peak_mb"]

    root = make_project(tmp_path / "project")
    big.rename(root / "listings" / big.name)
    generated = measure(root, "generator", "generate")
    assert generated["code"] == 1 and "Traceback" not in generated["err"]
    assert f"{big.name}: error: the file is 200 MB" in generated["err"]
    assert generated["peak_mb"] < PEAK_LIMIT_MB, generated["peak_mb"]
    assert not (root / "docs" / "papers").exists()
