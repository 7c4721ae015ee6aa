"""The pipeline: sources/ in, docs/<locale>/ out. The only place stages meet files.

Each page of sources/ (one stem: NAME.txt, or its ALTO or hOCR file) goes
through ingest -> clean -> segment -> enrich on its own, a pure map over
pages. What a page gives is cached on disk, keyed by its files' bytes, their
sidecars' bytes and the pipeline's own code and libraries (a changed rule
misses every entry); pages not in the cache are processed on all cores.
Linking and rendering need every story, and run after.

The machinery lives apart: the cache (cache.py), where the per-page work
runs (workers.py: this process, a pool, a Dask cluster), writing into docs/
(staging.py), the search index's merge (merge.py) and the record of the last
build (build_record.py). Here: the order of the stages.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from tqdm import tqdm

from .build_record import intact_pages, manifest_path, read_record, record, unchanged
from .cache import FileDigests, PageCache, cache_folder, ocr_folder, page_key, pipeline_version
from .clean import clean_source
from .enrich import assign_slugs, enrich_page
from .export import SCHEMA_PATH, write_export
from .ingest import ignored_sidecar, is_image, page_files, read_collection_manifest, read_page
from .link import LinkMemo, find_links
from .merge import merge_index
from .model import NO_SIDECAR, Fields, Links, PageResult, Problem, Story
from .render import (Titles, build_report, render_report, render_script, render_source, render_story, stands,
                     templates_digest, titles_of)
from .search import PageIndex, index_page, render_search
from .pdf import PDF_DIR
from .scans import TILE_DIR, make_tiles, overview
from .scans import manifest as scan_manifest
from .segment import segment
from .settings import DEFAULT_COLLECTION, ROOT_SCRIPT, Collection
from .site_map import (EXPORT_DIR, EXPORT_FILE, MANIFEST_FILE, REPORT_JSON, REPORT_PAGE, SCAN_DIR, TILE_INDEX,
                       image_url, scan_url, source_path, story_path)
from .staging import finish_staged, write_if_changed, write_pages
from .words import converter_for
from .workers import default_jobs, map_pages


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
    titles: Titles
    digest: str  # Inputs.digest: the sources, the code and the templates the pages are made of
    # The files of docs/ (paths in it) that the build or quick update which made this state wrote or
    # removed: what the served site has yet to show (every other page it shows as it stands).
    written: frozenset[str] = frozenset()


# More pages than this changed at once (a folder copied in, a rule edited): no
# quick update, the whole build.
QUICK_MAX_PAGES = 8
# What the last build's linking worked out, in the cache folder (link.LinkMemo).
LINK_MEMO = "link-memo.pickle"


def process_page(files: tuple[Path, ...], collection: Collection = DEFAULT_COLLECTION,
                 declared: Fields = Fields(), cache: Path | None = None) -> PageResult:
    """ingest -> clean -> segment -> enrich, for the files of one page (and its
    row of the collection manifest). `cache`: the build cache, where an image's
    OCR reading and its tiles are kept: both are made here, on the worker,
    for a page whose files changed."""
    source, problems = read_page(files, collection, declared, ocr_folder(cache) if cache else None)
    if source is None:
        return PageResult(files[0].name, (), tuple(problems))
    if source.scan is not None and cache is not None:
        try:
            make_tiles(next(path for path in files if path.name == source.scan.name), source.scan, cache / TILE_DIR)
        except ValueError as error:
            problems.append(Problem(source.scan.name, str(error)))
    try:
        cleaned = clean_source(source)
    except ValueError as error:  # the sidecar rejects a rule that does not exist: the page without it
        problems.append(ignored_sidecar(source.name, str(error)))
        cleaned = clean_source(replace(source, sidecar=NO_SIDECAR))
    page = segment(cleaned)
    if not page:
        problems.append(Problem(source.name, "没有报道：没有标题或正文，只有版面附属文字、署名或标签"))
    # (a slug is the story's own: made here, with the page, and cached with it)
    return PageResult(source.name, tuple(assign_slugs(enrich_page(page))), tuple(problems))


def process_and_index(files: tuple[Path, ...], collection: Collection = DEFAULT_COLLECTION,
                      declared: Fields = Fields(), cache: Path | None = None) -> tuple[PageResult, PageIndex]:
    """process_page, and the page's part of the search index, on the same core."""
    result = process_page(files, collection, declared, cache)
    return result, index_page(result.stories)


class Loaded(NamedTuple):
    """What the per-page stages made of a folder of sources."""

    stories: list[Story]  # with slugs, in source order
    problems: list[Problem]
    processed: int  # pages cleaned now
    cached: int  # pages read back from the cache
    inputs: str  # a digest of every page's cache key: equal inputs give equal pages
    keys: dict[str, str]  # each page's cache key, by its source's name


def _process_item(item: tuple[tuple[Path, ...], Fields], collection: Collection,
                  cache: Path | None) -> tuple[PageResult, PageIndex]:
    """process_and_index of one (files, declared) item: what the workers map over."""
    return process_and_index(item[0], collection, item[1], cache)


class Inputs(NamedTuple):
    """What a build reads before any page is processed: cheap to compute."""

    pages: list[tuple[Path, ...]]  # the files of each page of sources/
    declared: list[Fields]  # each page's row of the collection manifest (Fields() where it has none)
    problems: list[Problem]  # a missing or empty folder
    keys: list[str]  # each page's cache key
    digest: str  # of every key and the version: equal inputs give equal pages
    version: str  # of the pipeline's code and data and the page templates


def read_inputs(sources_dir: Path, collection: Collection = DEFAULT_COLLECTION, cache_dir: Path | None = None) -> Inputs:
    """Raise ValueError when the collection's manifest cannot be used. The
    files' digests are read back from the cache's record where unchanged (FileDigests)."""
    digests = FileDigests(cache_folder(cache_dir))
    pages, problems = page_files(sources_dir, cache_folder(cache_dir) / PDF_DIR, digests.of)
    rows = read_collection_manifest(Path(collection.manifest)) if collection.manifest else {}
    stems = {files[0].stem for files in pages}
    problems += [Problem(Path(collection.manifest).name, f"清单中的 {stem} 在来源文件夹里没有对应的文件")
                 for stem in sorted(set(rows) - stems)]
    declared = [rows.get(files[0].stem, Fields()) for files in pages]
    code = pipeline_version()
    keys = [page_key(files, f"{code}\0{collection.key()}\0{row}", digests) for files, row in zip(pages, declared)]
    digests.save()
    version = build_version(code)
    # the site's URL is in no page's key (no story depends on it) but in the scans' manifests
    digest = hashlib.sha256("\n".join([version, collection.site_url, collection.scan_base_url, *keys]).encode()).hexdigest()
    return Inputs(pages, declared, problems, keys, digest, version)


def build_version(code: str | None = None) -> str:
    """What the pages are made of besides the pages of sources/: the pipeline's
    code and data (pipeline_version) and the page templates, as they are now."""
    return hashlib.sha256(f"{code or pipeline_version()}\n{templates_digest()}".encode()).hexdigest()


def make_stories(sources_dir: Path, progress: bool = False, jobs: int | None = None,
                 cache_dir: Path | None = None, scheduler: str | None = None, inputs: Inputs | None = None,
                 collection: Collection = DEFAULT_COLLECTION) -> Loaded:
    """Every story of the folder, and what could not be used (see Loaded)."""
    inputs = inputs or read_inputs(sources_dir, collection, cache_dir)
    pages, keys = list(zip(inputs.pages, inputs.declared)), inputs.keys
    cache = PageCache(cache_folder(cache_dir))
    results: dict[int, PageResult] = {}
    for index, key in enumerate(keys):
        hit = cache.get(key)
        if hit is not None:
            results[index] = hit
    missing = [index for index in range(len(pages)) if index not in results]
    done = map_pages(functools.partial(_process_item, collection=collection, cache=cache.folder),
                     [pages[index] for index in missing],
                     jobs or default_jobs(), scheduler)
    for index, (result, page_index) in tqdm(zip(missing, done), total=len(missing), desc="cleaning", unit="page",
                                            disable=not progress or not missing):
        cache.put(keys[index], result)
        cache.put(keys[index], page_index)  # read back one page at a time when the index is written
        results[index] = result
    ordered = sorted(results.items(), key=lambda item: item[1].name)
    stories = [story for _, result in ordered for story in result.stories]
    problems = sorted([*inputs.problems, *(problem for _, result in ordered for problem in result.problems)],
                      key=lambda p: p.source_name)
    return Loaded(stories, problems, len(missing), len(pages) - len(missing), inputs.digest,
                  {result.name: keys[index] for index, result in ordered})


def render_pages(stories: list[Story], links: Links, page_keys: dict[str, str] | None = None,
                 kept: dict[str, str] | None = None, digests: dict[str, str] | None = None,
                 collection: Collection = DEFAULT_COLLECTION) -> Iterator[tuple[str, str | None]]:
    """Every page of both scripts, (path under docs/, text), one at a time:
    nothing holds the pages of the archive at once. With the sources' page
    keys, a story or scan page whose digest is in `kept` (the last build's,
    its file intact) is not made again: (path, None); `digests` gets each
    such page's digest, by its path under docs/."""
    for script in collection.scripts():
        prefix = f"{script.locale}/"
        mine = None if kept is None else {path[len(prefix):]: d for path, d in kept.items() if path.startswith(prefix)}
        made: dict[str, str] = {}
        for path, text in render_script(stories, links, script, page_keys, mine, made):
            yield prefix + path, text
        if digests is not None:
            digests.update({prefix + path: digest for path, digest in made.items()})


def report_files(stories: list[Story], problems: list[Problem],
                 collection: Collection = DEFAULT_COLLECTION) -> Iterator[tuple[str, str]]:
    """The build report: a page in each script, and the JSON in the root site;
    and the export's JSON Schema beside the export (written after the pages)."""
    report = build_report(stories, problems)
    for script in collection.scripts():
        yield f"{script.locale}/{REPORT_PAGE}", render_report(report, script)
    yield f"{ROOT_SCRIPT.locale}/{REPORT_JSON}", json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    yield f"{ROOT_SCRIPT.locale}/{EXPORT_DIR}/{SCHEMA_PATH.name}", SCHEMA_PATH.read_text(encoding="utf-8")


def scan_files(stories: list[Story], images: dict[str, Path], cache: Path, collection: Collection = DEFAULT_COLLECTION,
               page_keys: dict[str, str] | None = None, kept: dict[str, str] | None = None,
               digests: dict[str, str] | None = None) -> Iterator[tuple[str, str | None]]:
    """Each page image's IIIF manifest, and the index of which tiles of the
    tile store are whose (scans/tiles.json: the plugin links them into the
    site); `images`: each page image's path, by its name. The tiles were made with the page (process_page; made here only
    where the store lost them); an image libvips cannot cut was named then,
    and its page is published without the viewer. A manifest whose digest
    (its page's key, its tiles, the site's URL) is in `kept` is not made
    again, as render_pages does for the pages."""
    sources = {story.source.stem: story.source for story in stories if story.source.scan}
    index: dict[str, str] = {}
    for stem, source in sorted(sources.items()):
        try:
            tiles = make_tiles(images[source.scan.name], source.scan, cache / TILE_DIR)
        except ValueError:
            continue
        index[stem] = tiles.name
        path = f"{ROOT_SCRIPT.locale}/{SCAN_DIR}/{stem}/{MANIFEST_FILE}"
        made_of = (f"{page_keys[source.name]}\0{tiles.name}\0{collection.site_url}\0{collection.scan_base_url}"
                   if page_keys is not None else "")
        if page_keys is not None and stands(path, hashlib.sha256(made_of.encode()).hexdigest(), kept, digests):
            yield path, None
            continue
        document = scan_manifest(source, scan_url(stem, collection.site_url), source.name, overview(tiles),
                                 image_url(stem, collection.site_url, collection.scan_base_url))
        yield path, json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if index:
        yield f"{ROOT_SCRIPT.locale}/{TILE_INDEX}", json.dumps(index, indent=1, sort_keys=True) + "\n"


def render_all(stories: list[Story], links: Links | None = None,
               collection: Collection = DEFAULT_COLLECTION) -> Iterator[tuple[str, str]]:
    """Every generated file of the archive but the build report, made in this
    process: the pages, then the search index."""
    yield from render_pages(stories, links if links is not None else find_links(stories), collection=collection)
    yield from render_search(stories, scripts=collection.scripts())


def build(sources_dir: Path, docs_dir: Path, progress: bool = False, jobs: int | None = None,
          cache_dir: Path | None = None, scheduler: str | None = None, keep_state: bool = False,
          collection: Collection = DEFAULT_COLLECTION) -> BuildResult:
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
    inputs = read_inputs(sources_dir, collection, cache_dir)
    manifest = manifest_path(cache_folder(cache_dir), docs_dir)
    last = read_record(manifest)
    recorded = last if inputs.pages and unchanged(last, inputs.digest, docs_dir) else None
    lap("inputs")
    if recorded is not None and not keep_state:
        problems = [Problem(name, reason) for name, reason in recorded["problems"]]
        return BuildResult([], problems, 0, 0, 0, 0, seconds, story_count=recorded["stories"])
    loaded = make_stories(sources_dir, progress, jobs, cache_dir, scheduler, inputs, collection)
    stories, problems = loaded.stories, loaded.problems
    lap("pages")
    if not stories:  # a wrong or empty folder must not wipe the archive's pages
        return BuildResult([], problems, 0, 0, loaded.processed, loaded.cached, seconds)
    links = find_links(stories, memo=LinkMemo(cache_folder(cache_dir) / LINK_MEMO))
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
        yield from render_search(stories, segments=segments, scripts=collection.scripts())

    digests: dict[str, str] = {}
    intact = intact_pages(last, docs_dir)
    pages = render_pages(stories, links, loaded.keys, intact, digests, collection)
    images = {path.name: path for files in inputs.pages for path in files if is_image(path)}
    scans = scan_files(stories, images, cache_folder(cache_dir), collection, loaded.keys, intact, digests)
    written, removed, sizes = write_pages(
        chain(timed(chain(pages, report_files(stories, problems, collection)), "render and write"),
              timed(scans, "scans"), timed(search_files(), "search index")), docs_dir)
    export = f"{ROOT_SCRIPT.locale}/{EXPORT_DIR}/{EXPORT_FILE}"
    sizes[export], replaced = write_export(stories, links, docs_dir / export)
    if replaced:
        written.append(export)
    lap("export")
    record(manifest, loaded.inputs, sizes, len(stories), problems, digests)
    if state is not None:
        state = replace(state, written=frozenset(written + removed))
    return BuildResult(stories, problems, len(written), len(removed), loaded.processed, loaded.cached, seconds,
                       state=state)


def _serve_state(inputs: Inputs, stories: list[Story], links: Links) -> ServeState:
    slugs: dict[str, list[str]] = {}
    for story in stories:
        slugs.setdefault(story.source.stem, []).append(story.slug)
    keys = keys_by_stem(inputs)
    return ServeState(keys, {stem: tuple(slugs.get(stem, ())) for stem in keys}, links, titles_of(stories), inputs.digest)


def keys_by_stem(inputs: Inputs) -> dict[str, str]:
    """Each page's cache key, by its stem (ServeState.keys)."""
    return {files[0].stem: key for files, key in zip(inputs.pages, inputs.keys)}


def quick_update(sources_dir: Path, docs_dir: Path, state: ServeState, loaded: str, cache_dir: Path | None = None,
                 inputs: Inputs | None = None, collection: Collection = DEFAULT_COLLECTION) -> ServeState | None:
    """While serving: the story pages (both scripts) and the scan of each page
    whose files changed, written at once, with the links and the other
    stories' titles of the last whole build; the caller then runs the whole
    build (listings, links, search, export) behind them. None, with nothing
    written, where that would not do: a page added or taken away, more than
    QUICK_MAX_PAGES changed, or a story added, lost or given another address
    (another title or date: other pages link to it); or the code or the
    templates changed since this process loaded them (`loaded`: build_version()
    then), for the update runs here. `inputs`: read_inputs(sources_dir), if read already."""
    inputs = inputs or read_inputs(sources_dir, collection, cache_dir)
    if inputs.version != loaded:
        return None
    now = {files[0].stem: (files, key, row) for files, key, row in zip(inputs.pages, inputs.keys, inputs.declared)}
    if set(now) != set(state.keys):
        return None
    changed = [stem for stem, (_, key, _) in now.items() if key != state.keys[stem]]
    if not changed or len(changed) > QUICK_MAX_PAGES:
        return None if changed else state
    cache = PageCache(cache_folder(cache_dir))
    # docs/ will no longer be what the last build recorded: the whole build behind must not take it for that
    manifest_path(cache_folder(cache_dir), docs_dir).unlink(missing_ok=True)
    pages: dict[str, list[Story]] = {}
    for stem in changed:
        files, key, row = now[stem]
        result = cache.get(key)
        if result is None:
            result, page_index = process_and_index(files, collection, row, cache.folder)
            cache.put(key, result)
            cache.put(key, page_index)
        stories = list(result.stories)
        if tuple(story.slug for story in stories) != state.slugs[stem]:
            return None
        pages[stem] = stories
    titles = {**state.titles, **{slug: title for stories in pages.values() for slug, title in titles_of(stories).items()}}
    written: list[str] = []

    def write(path: str, text: str) -> None:
        if write_if_changed(docs_dir / path, text):
            written.append(path)

    for stories in pages.values():
        mates = sorted(stories, key=lambda s: s.position)
        for script in collection.scripts():
            convert = converter_for(script)
            for story in stories:
                write(f"{script.locale}/{story_path(story.slug)}",
                      render_story(story, state.links, script, convert, mates, titles))
            if stories and script == ROOT_SCRIPT:
                write(f"{script.locale}/{source_path(stories[0].source.stem)}",
                      render_source(stories[0].source, script, convert))
    return replace(state, keys={**state.keys, **{stem: now[stem][1] for stem in changed}}, titles=titles,
                   digest=inputs.digest, written=frozenset(written))


def build_apart(sources_dir: Path, docs_dir: Path, **options) -> BuildResult:
    """build() in a process of its own, returning what it did without the
    stories: its memory (every story, the links, a script's pages) is given
    back before the caller (MkDocs, which then holds every page and the
    search index) goes on, so the two peaks do not add up."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(_build_summary, sources_dir, docs_dir, options).result()


def _build_summary(sources_dir: Path, docs_dir: Path, options: dict) -> BuildResult:
    result = build(sources_dir, docs_dir, **options)
    return replace(result, stories=[], story_count=result.story_count)  # (the state, asked for, is small)
