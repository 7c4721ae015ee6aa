"""`make bench`: speed and size of the archive build, on the seeds.

Figures, not assertions: tests stay fast and exact, and this reports what
they cannot. Run from the project root: `python tests/bench/run.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_tools.bundle import write_bundle  # noqa: E402
from build_tools.pipeline import make_stories, render_all  # noqa: E402


def best_of(runs: int, work):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def mkdocs_build(site: Path, offline: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true" if offline else "false"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    sources = ROOT / "sources"
    chars = sum(len(p.read_text(encoding="utf-8")) for p in sources.glob("*.txt"))
    seconds, (stories, *_) = best_of(3, lambda: make_stories(sources, jobs=1, cache_dir=Path(tempfile.mkdtemp())))
    print(f"clean+segment+enrich  {seconds * 1000:8.1f} ms   {len(stories)} stories, {chars} source chars")
    seconds, pages = best_of(3, lambda: dict(render_all(stories)))
    print(f"link+render           {seconds * 1000:8.1f} ms   {len(pages)} pages")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"mkdocs build (both)   {mkdocs_build(tmp / 'site', False) * 1000:8.1f} ms")
        files, size = folder_size(tmp / "site")
        print(f"site                  {size / 1024:8.1f} KiB  {files} files")
        for index in ("search/search_index.json", "zh-Hant/search/search_index.json"):
            print(f"  {index:34s} {(tmp / 'site' / index).stat().st_size / 1024:8.1f} KiB")
        print(f"mkdocs build offline  {mkdocs_build(tmp / 'offline', True) * 1000:8.1f} ms")
        count = write_bundle(tmp / "offline", tmp / "bundle.zip")
        print(f"offline bundle        {(tmp / 'bundle.zip').stat().st_size / 1024:8.1f} KiB  {count} files")


if __name__ == "__main__":
    main()
