"""The pipeline: sources/ in, docs/<locale>/ out. The only place stages meet files.

Each page of sources/ (one stem: NAME.txt, or its ALTO or hOCR file) goes
through ingest -> clean -> segment -> enrich on its own, a pure map over
pages. What a page gives is cached on disk, keyed by its files' bytes, their
sidecars' bytes and the pipeline's own code and libraries (a changed rule
misses every entry); pages not in the cache are processed on all cores.
Linking and rendering need every story, and run after.

The cache is build/cache/ under the project (ARCHIVE_CACHE names another
folder). It is safe to delete at any time, and never committed (build/ is
ignored).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from tqdm import tqdm

from .clean import clean_source
from .enrich import assign_slugs, enrich_page
from .export import EXPORT_DIR, EXPORT_FILE, SCHEMA_PATH, write_export
from .ingest import SIDECAR_SUFFIX, ignored_sidecar, page_files, read_page
from .link import find_links
from .model import NO_SIDECAR, Links, Problem, Story
from .render import (REPORT_JSON, REPORT_PAGE, build_report, render_report, render_script, render_source, render_story,
                     source_path, story_path)
from .search import (PageIndex, PagePlan, Segment, index_page, is_search_file, merge, render_search, search_order,
                     search_plan)
from .segment import segment
from .settings import ROOT_SCRIPT, SCRIPTS
from .words import converter_for

PACKAGE = Path(__file__).resolve().parent
DEFAULT_CACHE = PACKAGE.parent / "build" / "cache"
# Below this many pages to process, a pool costs more than it saves: each
# worker starts a Python and loads jieba's dictionary (about a second).
POOL_MIN_PAGES = 8
# Merging the index costs about 3 ms a page; a pool's two fresh Pythons cost
# about 2 s to start: below this many pages one process merges sooner (and
# the edit loop of a small archive does not wait for them).
MERGE_POOL_MIN_PAGES = 2000
# What a page's result depends on besides its files: the pipeline's code and
# data, and the libraries whose output lands in it.
_CODE_SUFFIXES = {".py", ".yml", ".yaml", ".json", ".txt"}
_LIBRARIES = ("jieba", "OpenCC", "pypinyin", "PyYAML")


@dataclass(frozen=True)
class BuildResult:
    stories: list[Story]
    problems: list[Problem]
    written: int  # pages whose bytes changed on disk
    removed: int  # stale generated pages deleted
    processed: int = 0  # pages cleaned in this build
    cached: int = 0  # pages read back from the cache
    seconds: dict = field(default_factory=dict)  # wall time of each stage: inputs, pages, link, render and write, search index, export
    story_count: int = -1  # the stories of the archive; given when `stories` is left empty (nothing changed)
    state: ServeState | None = None  # asked for by `mkdocs serve` (build(keep_state=True)): what quick_update needs

    def __post_init__(self):
        if self.story_count < 0:
            object.__setattr__(self, "story_count", len(self.stories))

    def timing(self) -> str:
        return ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in self.seconds.items())


@dataclass(frozen=True)
class ServeState:
    """What a served archive keeps between rebuilds, so that an edited page's
    own story pages can be shown before the rest is linked and rendered again
    (quick_update): each page's cache key and its stories' slugs, by the
    page's stem, the links, and every story's title. Small: no story is kept."""

    keys: dict[str, str]
    slugs: dict[str, tuple[str, ...]]
    links: Links
    titles: dict[str, str]


# More pages than this changed at once (a folder copied in, a rule edited): no
# quick update, the whole build.
QUICK_MAX_PAGES = 8


@dataclass(frozen=True)
class PageResult:
    """What one page of sources/ gives: its stories, and what could not be used."""

    name: str  # the file read (or the first tried): pages are ordered by it
    stories: tuple[Story, ...]
    problems: tuple[Problem, ...]


def process_page(files: tuple[Path, ...]) -> PageResult:
    """ingest -> clean -> segment -> enrich, for the files of one page."""
    source, problems = read_page(files)
    if source is None:
        return PageResult(files[0].name, (), tuple(problems))
    try:
        cleaned = clean_source(source)
    except ValueError as error:  # the sidecar rejects a rule that does not exist: the page without it
        problems.append(ignored_sidecar(source.name, str(error)))
        cleaned = clean_source(replace(source, sidecar=NO_SIDECAR))
    page = segment(cleaned)
    if not page:
        problems.append(Problem(source.name, "没有报道：没有标题或正文，只有版面附属文字、署名或标签"))
    return PageResult(source.name, tuple(enrich_page(page)), tuple(problems))


def process_and_index(files: tuple[Path, ...]) -> tuple[PageResult, PageIndex]:
    """process_page, and the page's part of the search index, on the same core."""
    result = process_page(files)
    return result, index_page(result.stories)


def pipeline_version() -> str:
    """A digest of everything besides a page's files that its result depends on."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    for name in _LIBRARIES:
        digest.update(f"{name} {metadata.version(name)}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def page_key(files: tuple[Path, ...], version: str) -> str:
    """The cache key of a page: its files and their sidecars, byte for byte, and the pipeline's version."""
    digest = hashlib.sha256(version.encode())
    for path in files:
        sidecar = path.with_suffix(SIDECAR_SUFFIX)
        for part in (path.name.encode(), path.read_bytes(), sidecar.read_bytes() if sidecar.exists() else b"\0no sidecar"):
            digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class PageCache:
    """Page results on disk, one pickle per key. An unreadable entry is a miss."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str, kind: str = "pages") -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def get(self, key: str, kind: str = "pages", expected: type = PageResult):
        """The entry of `kind` (pages: PageResult; index: PageIndex), or None."""
        try:
            with self._path(key, kind).open("rb") as file:
                result = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return result if isinstance(result, expected) else None

    def get_index(self, key: str) -> PageIndex | None:
        return self.get(key, "index", PageIndex)

    def has(self, key: str, kind: str = "pages") -> bool:
        return self._path(key, kind).is_file()

    def put(self, key: str, result: PageResult | PageIndex) -> None:
        path = self._path(key, "index" if isinstance(result, PageIndex) else "pages")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)  # readers see the whole entry or none


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _process_pages(pages: list[tuple[Path, ...]], jobs: int,
                   scheduler: str | None = None) -> Iterator[tuple[PageResult, PageIndex]]:
    """process_and_index over pages, in their order: on a Dask cluster when a
    scheduler is named, else on a pool of processes when there are enough."""
    if scheduler and pages:
        yield from _on_cluster(pages, scheduler)
        return
    if jobs <= 1 or len(pages) < POOL_MIN_PAGES:
        yield from map(process_and_index, pages)
        return
    # spawn, not fork: the caller may be `mkdocs serve`, whose threads a fork would copy mid-step
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(process_and_index, pages, chunksize=max(1, len(pages) // (jobs * 16)))


class Loaded(NamedTuple):
    """What the per-page stages made of a folder of sources."""

    stories: list[Story]  # with slugs, in source order
    problems: list[Problem]
    processed: int  # pages cleaned now
    cached: int  # pages read back from the cache
    inputs: str  # a digest of every page's cache key: equal inputs give equal pages
    keys: dict[str, str]  # each page's cache key, by its source's name


def cache_folder(cache_dir: Path | None = None) -> Path:
    return cache_dir or DEFAULT_CACHE


def _on_cluster(pages: list[tuple[Path, ...]], scheduler: str) -> Iterator[tuple[PageResult, PageIndex]]:
    """The same pure map on a Dask distributed cluster (the optional extra
    `.[dask]`). Its workers must have this project installed and see the
    sources at the same paths (a shared file system)."""
    try:
        from dask.distributed import Client
    except ImportError as error:
        raise RuntimeError(f"a Dask scheduler is named ({scheduler}), but Dask is not installed: "
                           "pip install -e '.[dask]'") from error
    with Client(scheduler) as client:
        futures = client.map(process_and_index, pages, pure=False)
        yield from client.gather(futures)  # in the pages' order


class Inputs(NamedTuple):
    """What a build reads before any page is processed: cheap to compute."""

    pages: list[tuple[Path, ...]]  # the files of each page of sources/
    problems: list[Problem]  # a missing or empty folder
    keys: list[str]  # each page's cache key
    digest: str  # of every key: equal inputs give equal pages


def read_inputs(sources_dir: Path) -> Inputs:
    pages, problems = page_files(sources_dir)
    version = pipeline_version()
    keys = [page_key(files, version) for files in pages]
    return Inputs(pages, problems, keys, hashlib.sha256("\n".join([version, *keys]).encode()).hexdigest())


def make_stories(sources_dir: Path, progress: bool = False, jobs: int | None = None,
                 cache_dir: Path | None = None, scheduler: str | None = None, inputs: Inputs | None = None) -> Loaded:
    """Every story of the folder, and what could not be used (see Loaded)."""
    inputs = inputs or read_inputs(sources_dir)
    pages, keys = inputs.pages, inputs.keys
    cache = PageCache(cache_folder(cache_dir))
    results: dict[int, PageResult] = {}
    for index, key in enumerate(keys):
        hit = cache.get(key)
        if hit is not None:
            results[index] = hit
    missing = [index for index in range(len(pages)) if index not in results]
    done = _process_pages([pages[index] for index in missing], jobs or default_jobs(),
                          scheduler)
    for index, (result, page_index) in tqdm(zip(missing, done), total=len(missing), desc="cleaning", unit="page",
                                            disable=not progress or not missing):
        cache.put(keys[index], result)
        cache.put(keys[index], page_index)  # read back one page at a time when the index is written
        results[index] = result
    ordered = sorted(results.items(), key=lambda item: item[1].name)
    stories = assign_slugs([story for _, result in ordered for story in result.stories])
    problems = sorted([*inputs.problems, *(problem for _, result in ordered for problem in result.problems)],
                      key=lambda p: p.source_name)
    return Loaded(stories, problems, len(missing), len(pages) - len(missing), inputs.digest,
                  {result.name: keys[index] for index, result in ordered})


def render_pages(stories: list[Story], links: Links) -> Iterator[tuple[str, str]]:
    """Every page of both scripts, (path under docs/, text), one at a time:
    nothing holds the pages of the archive at once."""
    for script in SCRIPTS:
        for path, text in render_script(stories, links, script):
            yield f"{script.locale}/{path}", text


def report_files(stories: list[Story], problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """The build report: a page in each script, and the JSON in the root site;
    and the export's JSON Schema beside the export (written after the pages)."""
    report = build_report(stories, problems)
    for script in SCRIPTS:
        yield f"{script.locale}/{REPORT_PAGE}", render_report(report, script)
    yield f"{ROOT_SCRIPT.locale}/{REPORT_JSON}", json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    yield f"{ROOT_SCRIPT.locale}/{EXPORT_DIR}/{SCHEMA_PATH.name}", SCHEMA_PATH.read_text(encoding="utf-8")


def render_all(stories: list[Story], links: Links | None = None) -> Iterator[tuple[str, str]]:
    """Every generated file of the archive but the build report, made in this
    process: the pages, then the search index."""
    yield from render_pages(stories, links if links is not None else find_links(stories))
    yield from render_search(stories)


def staging_dir(docs_dir: Path) -> Path:
    """Where a build writes its changed pages before they replace the old ones
    (beside docs_dir, on its file system: a move is a rename)."""
    return docs_dir.parent / f".{docs_dir.name}.partial"


_JOURNAL = "journal.json"


def write_pages(pages: Iterable[tuple[str, str]], docs_dir: Path) -> tuple[int, int, dict[str, int]]:
    """Write only pages whose bytes differ (so `mkdocs serve` does not loop), and
    delete generated pages that no longer have a source. Returns how many were
    written and removed, and each page's size.

    Atomic: changed pages are written aside (staging_dir) while the pages are
    made; only when every page is made are they moved in, by a journal a
    later build finishes if this one dies while moving. A build that fails
    or is killed before leaves docs_dir as the last good build left it."""
    staging = staging_dir(docs_dir)
    finish_staged(docs_dir)
    staged: list[str] = []
    sizes: dict[str, int] = {}
    for path, text in pages:
        target = docs_dir / path
        data = text.encode("utf-8")
        sizes[path] = len(data)
        if not target.exists() or target.stat().st_size != len(data) or target.read_bytes() != data:
            aside = staging / path
            aside.parent.mkdir(parents=True, exist_ok=True)
            aside.write_bytes(data)
            staged.append(path)
    stale = []
    for script in SCRIPTS:
        root = docs_dir / script.locale
        for existing in sorted(root.rglob("*")) if root.exists() else []:
            path = existing.relative_to(docs_dir).as_posix()
            generated = existing.suffix == ".md" or is_search_file(path) or existing.name in (REPORT_JSON, SCHEMA_PATH.name)
            if generated and existing.is_file() and path not in sizes:
                stale.append(path)
    if staged or stale:
        staging.mkdir(parents=True, exist_ok=True)
        journal = staging / _JOURNAL
        journal.with_suffix(".partial").write_text(json.dumps({"move": staged, "delete": stale}), encoding="utf-8")
        os.replace(journal.with_suffix(".partial"), journal)  # from here on the build is done: finish_staged completes it
    finish_staged(docs_dir)
    return len(staged), len(stale), sizes


def finish_staged(docs_dir: Path) -> None:
    """Move in what a finished build staged (its journal says what), or drop
    what an unfinished one left (no journal): docs_dir is then whole."""
    staging = staging_dir(docs_dir)
    journal = staging / _JOURNAL
    if journal.is_file():
        plan = json.loads(journal.read_text(encoding="utf-8"))
        for path in plan["move"]:
            aside = staging / path
            if aside.is_file():  # not moved yet
                (docs_dir / path).parent.mkdir(parents=True, exist_ok=True)
                os.replace(aside, docs_dir / path)
        for path in plan["delete"]:
            (docs_dir / path).unlink(missing_ok=True)
    if staging.exists():
        shutil.rmtree(staging)


def _merge_run(folder: Path, run: list[tuple[PagePlan, str]]) -> Segment:
    cache = PageCache(folder)

    def pages() -> Iterator[tuple[PagePlan, PageIndex]]:
        for page, key in run:
            index = cache.get_index(key)
            if index is None or not index.covers(page.positions):
                raise LookupError(page.name)  # a broken or stale part: merge_index makes it again
            yield page, index

    return merge(pages())


def merge_index(stories: list[Story], keys: dict[str, str], folder: Path, jobs: int,
                pool_min: int = MERGE_POOL_MIN_PAGES) -> list[Segment]:
    """The search index's postings, from each page's cached part, merged in
    runs of consecutive pages on all cores, in order. A part missing from the
    cache, or broken, is made again here first."""
    cache = PageCache(folder)
    plan = search_plan(search_order(stories))
    by_page: dict[str, list[Story]] = {}
    for story in stories:
        by_page.setdefault(story.source.name, []).append(story)
    work = [(page, keys[page.name]) for page in plan]

    def mend(check) -> None:
        for page, key in work:
            if check(page, key):
                cache.put(key, index_page(by_page[page.name]))

    def merged() -> list[Segment]:
        if jobs <= 1 or len(work) < pool_min:
            return [_merge_run(folder, work)]
        size = -(-len(work) // jobs)
        runs = [work[start:start + size] for start in range(0, len(work), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(_merge_run, [folder] * len(runs), runs))

    mend(lambda page, key: not cache.has(key, "index"))
    try:
        return merged()
    except LookupError:  # a part on disk but unreadable: read them all, mend, merge again
        mend(lambda page, key: (index := cache.get_index(key)) is None or not index.covers(page.positions))
        return merged()


def _manifest_path(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the last build into docs_dir recorded its inputs and pages."""
    return cache_dir / "builds" / f"{hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:16]}.json"


def _unchanged(manifest: Path, inputs: str, docs_dir: Path) -> dict | None:
    """The record of the last build into docs_dir, if it had these inputs and
    its pages are all still there, at their size; else None."""
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if recorded.get("inputs") != inputs:
        return None
    for path, size in recorded.get("pages", {}).items():
        try:
            if (docs_dir / path).stat().st_size != size:
                return None
        except OSError:
            return None
    return recorded


def _record(manifest: Path, inputs: str, sizes: dict[str, int], stories: int, problems: list[Problem]) -> None:
    manifest.parent.mkdir(parents=True, exist_ok=True)
    record = {"inputs": inputs, "stories": stories, "problems": [[p.source_name, p.reason] for p in problems],
              "pages": dict(sorted(sizes.items()))}
    partial = manifest.with_name(f"{manifest.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, manifest)


def build(sources_dir: Path, docs_dir: Path, progress: bool = False, jobs: int | None = None,
          cache_dir: Path | None = None, scheduler: str | None = None, keep_state: bool = False) -> BuildResult:
    """Sources in, pages of both scripts out. When no page's inputs changed
    since the last build into docs_dir and its pages are intact, nothing is
    loaded, linked or rendered: nothing is recomputed that did not change
    (but for `keep_state`: the stories are loaded and linked, for ServeState)."""
    clock = time.perf_counter()
    seconds = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        clock = now

    finish_staged(docs_dir)  # a build killed while moving its pages in is completed first
    inputs = read_inputs(sources_dir)
    manifest = _manifest_path(cache_folder(cache_dir), docs_dir)
    recorded = _unchanged(manifest, inputs.digest, docs_dir) if inputs.pages else None
    lap("inputs")
    if recorded is not None and not keep_state:
        problems = [Problem(name, reason) for name, reason in recorded["problems"]]
        return BuildResult([], problems, 0, 0, 0, 0, seconds, story_count=recorded["stories"])
    loaded = make_stories(sources_dir, progress, jobs, cache_dir, scheduler, inputs)
    stories, problems = loaded.stories, loaded.problems
    lap("pages")
    if not stories:  # a wrong or empty folder must not wipe the archive's pages
        return BuildResult([], problems, 0, 0, loaded.processed, loaded.cached, seconds)
    links = find_links(stories)
    lap("link")
    state = _serve_state(inputs, stories, links) if keep_state else None
    if recorded is not None:  # nothing changed: the state was all that was asked
        return BuildResult([], problems, 0, 0, loaded.processed, loaded.cached, seconds,
                           story_count=recorded["stories"], state=state)

    def timed(files: Iterator[tuple[str, str]], stage: str) -> Iterator[tuple[str, str]]:
        yield from files
        lap(stage)

    def search_files() -> Iterator[tuple[str, str]]:
        segments = merge_index(stories, loaded.keys, cache_folder(cache_dir), jobs or default_jobs())
        yield from render_search(stories, segments=segments)

    written, removed, sizes = write_pages(
        chain(timed(chain(render_pages(stories, links), report_files(stories, problems)), "render and write"),
              timed(search_files(), "search index")), docs_dir)
    export = f"{ROOT_SCRIPT.locale}/{EXPORT_DIR}/{EXPORT_FILE}"
    sizes[export] = write_export(stories, links, docs_dir / export)
    lap("export")
    _record(manifest, loaded.inputs, sizes, len(stories), problems)
    return BuildResult(stories, problems, written, removed, loaded.processed, loaded.cached, seconds, state=state)


def _serve_state(inputs: Inputs, stories: list[Story], links: Links) -> ServeState:
    slugs: dict[str, list[str]] = {}
    for story in stories:
        slugs.setdefault(story.source.stem, []).append(story.slug)
    keys = {files[0].stem: key for files, key in zip(inputs.pages, inputs.keys)}
    return ServeState(keys, {stem: tuple(slugs.get(stem, ())) for stem in keys}, links,
                      {story.slug: story.title for story in stories})


def current_keys(sources_dir: Path) -> dict[str, str]:
    """Each page's cache key now, by its stem (ServeState.keys)."""
    inputs = read_inputs(sources_dir)
    return {files[0].stem: key for files, key in zip(inputs.pages, inputs.keys)}


def quick_update(sources_dir: Path, docs_dir: Path, state: ServeState, cache_dir: Path | None = None) -> ServeState | None:
    """While serving: the story pages (both scripts) and the scan of each page
    whose files changed, written at once, with the links and the other
    stories' titles of the last whole build; the caller then runs the whole
    build (listings, links, search, export) behind them. None, with nothing
    written, where that would not do: a page added or taken away, more than
    QUICK_MAX_PAGES changed, or a story added, lost or given another address
    (another title or date: other pages link to it)."""
    inputs = read_inputs(sources_dir)
    now = {files[0].stem: (files, key) for files, key in zip(inputs.pages, inputs.keys)}
    if set(now) != set(state.keys):
        return None
    changed = [stem for stem, (_, key) in now.items() if key != state.keys[stem]]
    if not changed or len(changed) > QUICK_MAX_PAGES:
        return None if changed else state
    cache = PageCache(cache_folder(cache_dir))
    pages: dict[str, list[Story]] = {}
    for stem in changed:
        files, key = now[stem]
        result = cache.get(key)
        if result is None:
            result, page_index = process_and_index(files)
            cache.put(key, result)
            cache.put(key, page_index)
        stories = assign_slugs(list(result.stories))
        if tuple(story.slug for story in stories) != state.slugs[stem]:
            return None
        pages[stem] = stories
    titles = {**state.titles, **{story.slug: story.title for stories in pages.values() for story in stories}}
    for stories in pages.values():
        mates = sorted(stories, key=lambda s: s.position)
        for script in SCRIPTS:
            convert = converter_for(script)
            for story in stories:
                _write_if_changed(docs_dir / script.locale / story_path(story.slug),
                                  render_story(story, state.links, script, convert, mates, titles))
            if stories and script == ROOT_SCRIPT:
                _write_if_changed(docs_dir / script.locale / source_path(stories[0].source.stem),
                                  render_source(stories[0].source, script, convert))
    return replace(state, keys={**state.keys, **{stem: now[stem][1] for stem in changed}}, titles=titles)


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)  # a reader (MkDocs) sees the old page or the new one


def build_apart(sources_dir: Path, docs_dir: Path, **options) -> BuildResult:
    """build() in a process of its own, returning what it did without the
    stories: its memory (every story, the links, a script's pages) is given
    back before the caller (MkDocs, which then holds every page and the
    search index) goes on, so the two peaks do not add up."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(_build_summary, sources_dir, docs_dir, options).result()


def _build_summary(sources_dir: Path, docs_dir: Path, options: dict) -> BuildResult:
    result = build(sources_dir, docs_dir, **options)
    return replace(result, stories=[], story_count=result.story_count)
