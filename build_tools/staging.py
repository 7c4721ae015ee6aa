"""Writing the generated pages into docs/: only the pages whose bytes differ,
atomically (staged aside, moved in by a journal a later build finishes if
this one dies while moving), and a single page at once (write_if_changed)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from .settings import SCRIPTS
from .site_map import SEARCH_DIR, is_generated

def staging_dir(docs_dir: Path) -> Path:
    """Where a build writes its changed pages before they replace the old ones
    (beside docs_dir, on its file system: a move is a rename)."""
    return docs_dir.parent / f".{docs_dir.name}.partial"


_JOURNAL = "journal.json"


def write_pages(pages: Iterable[tuple[str, str | None]], docs_dir: Path) -> tuple[list[str], list[str], dict[str, int]]:
    """Write only pages whose bytes differ (so `mkdocs serve` does not loop), and
    delete generated pages that no longer have a source. Returns the pages
    written and removed (paths in docs_dir), and each page's size.

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
        if text is None:  # the page on disk stands (render.render_script: its digest is unchanged)
            sizes[path] = target.stat().st_size
            continue
        data = text.encode("utf-8")
        sizes[path] = len(data)
        if not target.exists() or target.stat().st_size != len(data) or target.read_bytes() != data:
            aside = staging / path
            aside.parent.mkdir(parents=True, exist_ok=True)
            aside.write_bytes(data)
            staged.append(path)
    stale = []
    for root in [docs_dir / script.locale for script in SCRIPTS] + [docs_dir / SEARCH_DIR]:
        for existing in sorted(root.rglob("*")) if root.exists() else []:
            path = existing.relative_to(docs_dir).as_posix()
            if is_generated(path) and existing.is_file() and path not in sizes:
                stale.append(path)
    if staged or stale:
        staging.mkdir(parents=True, exist_ok=True)
        journal = staging / _JOURNAL
        journal.with_suffix(".partial").write_text(json.dumps({"move": staged, "delete": stale}), encoding="utf-8")
        os.replace(journal.with_suffix(".partial"), journal)  # from here on the build is done: finish_staged completes it
    finish_staged(docs_dir)
    return staged, stale, sizes


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


def write_if_changed(path: Path, text: str) -> bool:
    """Whether the file was written (its bytes differed)."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    atomic_write(path, data)
    return True


def atomic_write(path: Path, data: bytes) -> None:
    """A reader (MkDocs, another build, a pool's worker) sees the old file or the new one, never part of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")  # (a dot: MkDocs never takes it for a page)
    partial.write_bytes(data)
    os.replace(partial, path)
