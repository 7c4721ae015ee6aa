"""`make bench-scale N=…`: the whole archive build at collection scale.

Generates N source pages (tests/bench/scale_sources.py: real 人民日报 1998
sentences in new stories, 1-3 a page, 5 % reprints under another name, 5 %
shared passages, the seeds' defect classes), then in one run:

1. builds the site cold (empty cache, empty docs/);
2. builds it again with nothing changed;
3. edits one source and builds again;
4. serves the archive as `make serve` does (`mkdocs serve --dirty`), edits
   three other sources in turn (--edits), and times each until its story
   page shows the edit in both scripts;
5. builds the same Simplified story pages with plain MkDocs + Material (no
   hooks, the stories out of the nav, Material's own search);
6. serves the built site and searches it in Chromium as a reader does (a
   fresh browser for each query): bytes received between typing and results
   shown, and the time until they show;
7. puts a page image (A4 at 300 dpi, its text drawn in four columns, JPEG)
   beside --scans of the sources and builds again: the time that build takes,
   the megabytes of tiles a page, and the site with and without them.

Each build is `mkdocs build` in a fresh process. Printed: wall time, the
pipeline's time per stage (from the hook's log line), peak RSS of the build
and its workers, pages written, site size, median story page, HTML pages.
Absolute times on a shared machine are noise; the ratios in one run are not.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_tools.settings import SCRIPTS  # noqa: E402
from build_tools.words import converter_for  # noqa: E402
from tests.bench.scale_sources import write_sources  # noqa: E402

OUT = ROOT / "build" / "bench-scale"
_HOOK_LINE_RE = re.compile(r"build_tools: (\d+) stories; (\d+) pages written, (\d+) removed; "
                           r"(\d+) source pages cleaned, (\d+) from the cache; (.*)")
# The plain build: Material, its own search, the story pages out of the nav.
PLAIN_CONFIG = """site_name: plain
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
plugins:
  - search
nav:
  - index.md
validation:
  nav:
    omitted_files: ignore
"""


def run_measured(command: list[str], cwd: Path, env: dict) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes, the largest process of the build), and stderr."""
    wrapper = ("import resource, subprocess, sys\n"
               "done = subprocess.run(sys.argv[1:], stderr=subprocess.PIPE, text=True)\n"
               "sys.stderr.write(done.stderr)\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.exit(done.returncode)\n")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build failed ({' '.join(command)}):\n{done.stderr[-3000:]}")
    return seconds, int(done.stdout.strip().splitlines()[-1]) * 1024, done.stderr


def project(folder: Path, sources: Path) -> Path:
    """A copy of the project (its code too: editing the working tree during a
    long run must not change what is measured) over the generated sources."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "mkdocs.zh-Hant.yml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("build_tools", "overrides"):
        if not (folder / name).exists():
            shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    if not (folder / "sources").exists():
        (folder / "sources").symlink_to(sources)
    for locale in ("zh", "zh-Hant"):
        (folder / "docs" / locale).mkdir(parents=True, exist_ok=True)
    return folder


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    stories = [p.stat().st_size for p in (site / "stories").glob("*/index.html")]
    return {
        "site_mb": sum(p.stat().st_size for p in files) / 2**20,
        "html_pages": sum(p.suffix == ".html" for p in files),
        "story_median_kb": statistics.median(stories) / 1024 if stories else 0.0,
        "stories": len(stories),
    }


def draw_scan(text: str, path: Path) -> None:
    """A page image of `text`: A4 at 300 dpi (2480 x 3508), four columns of
    Noto Serif CJK, a little paper grain, JPEG quality 85 (as archives keep scans)."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    face = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 38, index=2)
    image = Image.new("L", (2480, 3508), 246)
    draw = ImageDraw.Draw(image)
    chars = [char for char in text if not char.isspace()]
    per_line, lines_per_column = 14, 70
    for column in range(4):
        for row in range(lines_per_column):
            start = (column * lines_per_column + row) * per_line
            line = "".join(chars[start:start + per_line]) if start < len(chars) else ""
            draw.text((120 + column * 580, 150 + row * 46), line, font=face, fill=20)
    grain = random.Random(len(text))
    for _ in range(4000):
        x, y = grain.randrange(2480), grain.randrange(3508)
        draw.point((x, y), fill=grain.randrange(150, 230))
    image.save(path, quality=85)


def scan_figures(site: Path, hosted: Path | None = None) -> tuple[float, float, int]:
    """(MB of tiles, MB of the site without them, pages with tiles) of a built site."""
    folder = hosted or site / "scans"
    tiles = [p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"]
    pages = sum(1 for p in folder.glob("*/info.json"))
    rest = [p for p in site.rglob("*") if p.is_file() and (hosted or not p.is_relative_to(folder) or p.name == "manifest.json")]
    return sum(p.stat().st_size for p in tiles) / 2**20, sum(p.stat().st_size for p in rest) / 2**20, pages


def hook_line(stderr: str) -> str:
    match = _HOOK_LINE_RE.search(stderr)
    return match.group(0) if match else "(no build_tools line in the log)"


def edit_loop(ours: Path, sources: Path, env: dict, edits: int = 3, pause: float = 10.0) -> list[float | None]:
    """`mkdocs serve --dirty` (make serve) over the archive: for each of `edits`
    sources in turn, seconds from saving an edit until its story page, served,
    shows it in both scripts (None: it never did); `pause` seconds between
    edits, as an editor reads the page before the next change."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ours, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def fetch(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait(url: str, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in fetch(url):
                return True
            time.sleep(0.2)
        return False

    try:
        base = f"http://127.0.0.1:{port}/"
        if not wait(base, "</html>", 3600):
            return [None] * edits
        by_source: dict[str, list[Path]] = {}  # a source of one story: the edit lands in it
        for story in sorted((ours / "docs" / "zh" / "stories").glob("*.md")):
            name = re.search(r"^source_file: (.+)$", story.read_text(encoding="utf-8")[:600], re.M).group(1)
            by_source.setdefault(name, []).append(story)
        chosen = [(name, pages[0]) for name, pages in sorted(by_source.items())[1:] if len(pages) == 1][:edits]
        to_traditional = converter_for(SCRIPTS[1])
        seconds: list[float | None] = []
        for number, (name, page) in enumerate(chosen, 1):
            if number > 1:
                time.sleep(pause)
            source = sources / name
            mark = f"编者再按（{number}）：此文经读者指正。"
            start = time.perf_counter()
            source.write_text(source.read_text(encoding="utf-8") + f"\n{mark}\n", encoding="utf-8")
            shown = wait(f"{base}stories/{page.stem}/", mark, 3600) \
                and wait(f"{base}zh-Hant/stories/{page.stem}/", to_traditional(mark), 3600)
            seconds.append(time.perf_counter() - start if shown else None)
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=60)


# Queries of every kind the search must serve: the commonest words of news
# text, a name, a non-word (the end of one word and the start of the next), a
# Traditional query, a long phrase, digits, Latin; the bench's text is 1998's
# 人民日报, so these occur at every size.
SEARCH_QUERIES = ("中国", "经济发展", "发展", "江泽民", "济发", "經濟發展", "进一步加强", "我们要坚持以经济建设为中心", "1998", "WTO")


def search_figures(site: Path) -> list[tuple[str, int, float, int]] | None:
    """(query, bytes received between typing and results shown, seconds from
    the last key to results shown, results found), a fresh browser for each."""
    import functools
    import http.server
    import threading

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    figures = []
    done = ("q => { const b = document.querySelector('[data-archive-search]');"
            " return b.dataset.searchQuery === q && b.dataset.searchState === 'done' }")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            for query in SEARCH_QUERIES:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base)
                page.wait_for_load_state("networkidle")
                received: list[int] = []
                page.on("requestfinished", lambda request: received.append(
                    request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
                page.keyboard.press("/")
                page.keyboard.type(query)
                start = time.perf_counter()
                page.wait_for_function(done, arg=query, timeout=60_000)
                seconds = time.perf_counter() - start
                count = page.locator("[data-search-result]").count()
                figures.append((query, sum(received), seconds, count))
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, nargs="?", default=1000, help="source pages (default 1000)")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--no-edit-loop", action="store_true", help="skip step 4 (at 10,000 sources it takes 15 minutes)")
    parser.add_argument("--edits", type=int, default=3, help="sources edited in turn in step 4 (default 3)")
    parser.add_argument("--scans", type=int, default=20, help="sources given a page image in step 7 (default 20)")
    args = parser.parse_args()
    base = OUT / str(args.n)
    shutil.rmtree(base, ignore_errors=True)
    sources = base / "sources"
    count = write_sources(sources, args.n, args.seed)
    print(f"# Scale bench: {args.n} source pages ({count} stories planted), seed {args.seed}; {os.cpu_count()} cores")
    ours = project(base / "project", sources)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(base / "cache"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ours), os.environ.get("PYTHONPATH")]))}
    build = [sys.executable, "-m", "mkdocs", "build", "-f", str(ours / "mkdocs.yml"), "-d", str(ours / "site")]
    rows = []
    for label in ("cold", "nothing changed", "one source edited"):
        if label == "one source edited":
            first = sorted(sources.glob("*.txt"))[0]
            first.write_text(first.read_text(encoding="utf-8") + "\n编者按：本文有删节。\n", encoding="utf-8")
        seconds, peak, stderr = run_measured(build, ours, env)
        rows.append((label, seconds, peak, hook_line(stderr)))
        print(f"{label:18s} {seconds:8.1f} s   peak RSS {peak / 2**20:7.0f} MiB   {hook_line(stderr)}", flush=True)
    ours_site = site_figures(ours / "site")
    plain = base / "plain"
    (plain / "docs" / "stories").mkdir(parents=True)
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (plain / "docs" / "index.md").write_text("# plain\n", encoding="utf-8")
    for page in (ours / "docs" / "zh" / "stories").glob("*.md"):  # the same pages, less our template's name
        text = page.read_text(encoding="utf-8")
        (plain / "docs" / "stories" / page.name).write_text(re.sub(r"(?m)^template: .*\n", "", text, count=1),
                                                           encoding="utf-8")
    plain_seconds, plain_peak, _ = run_measured([sys.executable, "-m", "mkdocs", "build", "-q"], plain, env)
    plain_site = site_figures(plain / "site")
    print(f"{'plain Material':18s} {plain_seconds:8.1f} s   peak RSS {plain_peak / 2**20:7.0f} MiB   "
          f"(the {plain_site['stories']} Simplified story pages, Material's own search)")
    if not args.no_edit_loop:
        loops = edit_loop(ours, sources, env, args.edits)
        shown = " / ".join(f"{seconds:.1f}" if seconds is not None else "never" for seconds in loops)
        print(f"{'edit loop':18s} {shown} s   (make serve, --dirty: a source saved until its story page shows "
              f"the edit, both scripts; {len(loops)} sources edited in turn)")
    searched = search_figures(ours / "site")
    if searched is None:
        print("search: no Playwright or chromium here (make test installs them)")
    else:
        print("\nsearch, a fresh Chromium each query, served locally (targets: <= 300 KB, results within 1 s):")
        for query, received, seconds, shown in searched:
            print(f"  {query:14s} {received / 1024:7.1f} KB   {seconds:5.2f} s   {shown:3d} results shown")
        largest = max(searched, key=lambda row: row[1])
        print(f"  largest {largest[1] / 1024:.1f} KB ({largest[0]}), median "
              f"{statistics.median(row[1] for row in searched) / 1024:.1f} KB; slowest "
              f"{max(row[2] for row in searched):.2f} s")
    if args.scans:
        for text_file in sorted(sources.glob("*.txt"))[:args.scans]:
            draw_scan(text_file.read_text(encoding="utf-8"), text_file.with_suffix(".jpg"))
        images = sum(p.stat().st_size for p in sources.glob("*.jpg")) / 2**20
        seconds, peak, stderr = run_measured(build, ours, env)
        tiles, rest, pages = scan_figures(ours / "site")
        print(f"\n{'page images added':18s} {seconds:8.1f} s   peak RSS {peak / 2**20:7.0f} MiB   {hook_line(stderr)}")
        print(f"  {pages} page images ({images / max(1, pages):.2f} MB each as JPEG): tiles {tiles:.1f} MB, "
              f"{tiles / max(1, pages):.2f} MB a page; the site without them {rest:.1f} MB "
              f"(hosted apart with scan_base_url, they leave the site)")
    cold = rows[0][1]
    print(f"\ncold build / plain Material: {cold / plain_seconds:.1f}x (target <= 1.5x at 10,000 sources)")
    for name, figures in (("ours", ours_site), ("plain", plain_site)):
        print(f"site ({name:5s}) {figures['site_mb']:8.1f} MB, {figures['html_pages']} HTML pages, "
              f"median story page {figures['story_median_kb']:.1f} KB, {figures['site_mb'] * 2**20 / max(1, count) / 1024:.1f} KB per story")


if __name__ == "__main__":
    main()
