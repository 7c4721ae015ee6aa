"""What the last build into a folder read and wrote, kept under the cache
folder: for docs/ (builds/), when no page's inputs changed and its pages are
all there, at their size, nothing is loaded, linked or rendered again; for a
built site (sites/, reuse.py), which pages need not be rendered again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .model import Problem
from .staging import atomic_write


def record_path(cache_dir: Path, kind: str, folder: Path) -> Path:
    """Where the last build into `folder` recorded what it did (kind: builds, sites)."""
    return cache_dir / kind / f"{hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]}.json"


def manifest_path(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the last build into docs_dir recorded its inputs and pages."""
    return record_path(cache_dir, "builds", docs_dir)


def read_record(path: Path) -> dict:
    """A record as written, or {} if there is none or it cannot be read."""
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def write_record(path: Path, record: dict) -> None:
    atomic_write(path, json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def unchanged(recorded: dict, inputs: str, docs_dir: Path) -> bool:
    """The last build into docs_dir (its record) had these inputs, and its
    pages are all still there, at their size."""
    if not recorded or recorded.get("inputs") != inputs:
        return False
    for path, size in recorded.get("pages", {}).items():
        try:
            if (docs_dir / path).stat().st_size != size:
                return False
        except OSError:
            return False
    return True


def intact_pages(recorded: dict, docs_dir: Path) -> dict[str, str]:
    """The digests the last build into docs_dir (its record) gave its story,
    scan and listing pages (render.story_page_digest, render_listing_pages),
    of those still on disk at their size."""
    sizes, digests = recorded.get("pages", {}), recorded.get("digests", {})
    intact = {}
    for path, digest in digests.items():
        try:
            if (docs_dir / path).stat().st_size == sizes.get(path):
                intact[path] = digest
        except OSError:
            continue
    return intact


def record(manifest: Path, inputs: str, sizes: dict[str, int], stories: int, problems: list[Problem],
           digests: dict[str, str] | None = None) -> None:
    write_record(manifest, {"inputs": inputs, "stories": stories, "problems": [[p.source_name, p.reason] for p in problems],
                            "pages": sizes, "digests": digests or {}})
