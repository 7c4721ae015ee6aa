"""`make bench` (link part): finding versions and parallels at archive scale.

10,000 synthetic stories with planted reprints and shared passages, then
20,000: time, peak memory, precision and recall, and the time ratio.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_tools.link import find_parallels, find_versions  # noqa: E402
from tests.bench.link_corpus import planted, score  # noqa: E402


def run(count: int, seed: int = 11) -> float:
    stories, versions, parallels = planted(count, seed)
    start = time.perf_counter()
    groups = find_versions(stories)
    found_parallels = find_parallels(stories, groups)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the process's peak so far
    found_versions = {tuple(sorted((a, b))) for g in groups for a in g.slugs for b in g.slugs if a < b}
    story_pairs = {tuple(sorted((p.slug, p.other_slug))) for p in found_parallels}
    vp, vr = score(found_versions, {tuple(sorted(v)) for v in versions})
    pp, pr = score(story_pairs, parallels)
    print(f"{len(stories):6d} stories: {seconds:6.1f} s, peak RSS {peak / 2**20:6.0f} MiB; "
          f"versions P {vp:.3f} R {vr:.3f} ({len(versions)} planted); passages P {pp:.3f} R {pr:.3f} ({len(parallels)} planted)")
    return seconds


def run_apart(count: int) -> float:
    """One size in a fresh process, so neither run inherits the other's heap."""
    output = subprocess.run([sys.executable, __file__, "--one", str(count)], capture_output=True, text=True, check=True).stdout
    print(output, end="")
    return float(output.rsplit("seconds=", 1)[1])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(f"seconds={run(int(sys.argv[2]))}")
        sys.exit(0)
    base = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    one = run_apart(base)
    two = run_apart(base * 2)
    print(f"doubling the stories cost {two / one:.2f}x the time (bar: 2.5x)")
