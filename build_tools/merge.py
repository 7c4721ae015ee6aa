"""The search index's postings, merged from each page's cached part."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .cache import PageCache
from .model import Story
from .search import PageIndex, PagePlan, Segment, index_page, merge, search_order, search_plan

# Merging the index costs about 3 ms a page; a pool's two fresh Pythons cost
# about 2 s to start: below this many pages one process merges sooner (and
# the edit loop of a small archive does not wait for them).
MERGE_POOL_MIN_PAGES = 2000


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
