"""The search index's postings, merged from each page's cached part.

The pages are merged in runs, and each run's postings are kept in the cache
by what they were merged from (its pages' plans, numbered from the run's
first story and page, and their cache keys): after an edit only the run of
the edited page is merged again, the others are read back whole. A run ends
after a page whose name hashes to 0 modulo MergeConfig.run_pages, and is
numbered from 0 (search.join_runs moves it to where it stands), so a page
added or removed changes no other run: pages added at the front of the
index (the newest) leave every run behind them as it was.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from .cache import PageCache
from .model import Story
from .search import PageIndex, PagePlan, Segment, index_page, merge, search_order, search_plan
from .staging import atomic_write


class MergeConfig(NamedTuple):
    # Merging the index costs about 3 ms a page; a pool's two fresh Pythons cost
    # about 2 s to start: below this many pages to merge one process merges sooner
    # (and the edit loop of a small archive does not wait for them).
    pool_min_pages: int = 2000
    # Pages a run holds on average: few enough that an edit merges little again
    # (64 pages: 0.2 s), many enough that the runs are a few files to read back
    # and join (every run's pairs are joined again on every build).
    run_pages: int = 64


DEFAULT_CONFIG = MergeConfig()
RUNS_DIR = "index-runs"  # in the cache folder: each run's merged postings, by what it was merged from

Work = list[tuple[PagePlan, str]]  # pages in index order, each with its cache key


def _merge_run(folder: Path, run: Work) -> Segment:
    cache = PageCache(folder)

    def pages() -> Iterator[tuple[PagePlan, PageIndex]]:
        for page, key in run:
            index = cache.get_index(key)
            if index is None or not index.covers(page.positions):
                raise LookupError(page.name)  # a broken or stale part: merge_index makes it again
            yield page, index

    return merge(pages())


def _ends_run(page: PagePlan, run_pages: int) -> bool:
    return int.from_bytes(hashlib.blake2b(page.name.encode(), digest_size=4).digest(), "big") % run_pages == 0


def _runs(work: Work, run_pages: int) -> list[Work]:
    runs: list[Work] = [[]]
    for item in work:
        runs[-1].append(item)
        if _ends_run(item[0], run_pages):
            runs.append([])
    return [run for run in runs if run]


def _from_zero(run: Work) -> Work:
    """The run's pages numbered from its first story and its first page."""
    first = run[0][0]
    return [(page._replace(number=page.number - first.number, start=page.start - first.start), key) for page, key in run]


def _run_path(folder: Path, run: Work) -> Path:
    """Where a run's postings are kept: named by its pages' plans (numbers, positions) and keys."""
    name = hashlib.blake2b(repr(run).encode(), digest_size=16).hexdigest()
    return folder / RUNS_DIR / f"{name}.pickle"


def _read(path: Path) -> Segment | None:
    try:
        segment = pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
        return None
    return segment if isinstance(segment, Segment) else None


def merge_index(stories: list[Story], keys: dict[str, str], folder: Path, jobs: int,
                config: MergeConfig = DEFAULT_CONFIG) -> list[Segment]:
    """The search index's postings, in runs of consecutive pages, in order:
    each run read back from the cache, or merged from its pages' cached parts
    (on all cores when there are many) and kept. A page's part missing from
    the cache, or broken, is made again here first."""
    cache = PageCache(folder)
    plan = search_plan(search_order(stories))
    by_page: dict[str, list[Story]] = {}
    for story in stories:
        by_page.setdefault(story.source.name, []).append(story)
    work = [(page, keys[page.name]) for page in plan]
    placed = _runs(work, config.run_pages)
    runs = [_from_zero(run) for run in placed]
    paths = [_run_path(folder, run) for run in runs]

    def mend(check) -> None:
        for page, key in work:
            if check(page, key):
                cache.put(key, index_page(by_page[page.name]))

    def merged() -> list[Segment]:
        segments = [_read(path) for path in paths]
        missing = [number for number, segment in enumerate(segments) if segment is None]
        todo = [runs[number] for number in missing]
        if jobs <= 1 or len(todo) < 2 or sum(map(len, todo)) < config.pool_min_pages:
            made = [_merge_run(folder, run) for run in todo]
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
                made = list(pool.map(_merge_run, [folder] * len(todo), todo))
        for number, segment in zip(missing, made):
            segments[number] = segment
            atomic_write(paths[number], pickle.dumps(segment, protocol=pickle.HIGHEST_PROTOCOL))
        return [segment._replace(stories_from=run[0][0].start, pages_from=run[0][0].number)
                for segment, run in zip(segments, placed)]

    mend(lambda page, key: not cache.has(key, "index"))
    try:
        segments = merged()
    except LookupError:  # a part on disk but unreadable: read them all, mend, merge again
        mend(lambda page, key: (index := cache.get_index(key)) is None or not index.covers(page.positions))
        segments = merged()
    kept = set(paths)  # the runs of this build; the others are of texts no longer there
    for path in (folder / RUNS_DIR).glob("*.pickle"):
        if path not in kept:
            path.unlink(missing_ok=True)
    return segments
