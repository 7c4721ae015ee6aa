"""Where the per-page work runs: in this process, on a pool of processes (one
per core), or on a Dask cluster. One map, whatever runs it: the results come
back in the pages' order, so the output is the same bytes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .ocr import ENGINE_THREADS_ENV

# Below this many pages to process, a pool costs more than it saves: each
# worker starts a Python and loads jieba's dictionary (about a second).
POOL_MIN_PAGES = 8


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_pages(work: Callable, pages: list[tuple[Path, ...]], jobs: int, scheduler: str | None = None) -> Iterator:
    """work (a top-level function: pickled for the workers) over pages, in
    their order: on a Dask cluster when a scheduler is named, else on a pool
    of processes when there are enough."""
    if scheduler and pages:
        yield from _on_cluster(work, pages, scheduler)
        return
    if jobs <= 1 or len(pages) < POOL_MIN_PAGES:
        yield from map(work, pages)
        return
    # spawn, not fork: the caller may be `mkdocs serve`, whose threads a fork would copy mid-step
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_share_cores, initargs=(max(1, default_jobs() // jobs),)) as pool:
        yield from pool.map(work, pages, chunksize=max(1, len(pages) // (jobs * 16)))


def _share_cores(threads: int) -> None:
    """In a pool's worker: the cores an OCR engine may spread over, its share of them (ocr.engine_threads)."""
    os.environ[ENGINE_THREADS_ENV] = str(threads)


def _on_cluster(work: Callable, pages: list[tuple[Path, ...]], scheduler: str) -> Iterator:
    """The same pure map on a Dask distributed cluster (the optional extra
    `.[dask]`). Its workers must have this project installed and see the
    sources at the same paths (a shared file system)."""
    try:
        from dask.distributed import Client
    except ImportError as error:
        raise RuntimeError(f"a Dask scheduler is named ({scheduler}), but Dask is not installed: "
                           "pip install -e '.[dask]'") from error
    with Client(scheduler) as client:
        futures = client.map(work, pages, pure=False)
        yield from client.gather(futures)  # in the pages' order
