"""What the last build into a docs folder read and wrote (build/cache/builds/):
when no page's inputs changed and its pages are all there, at their size,
nothing is loaded, linked or rendered again."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .model import Problem

def manifest_path(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the last build into docs_dir recorded its inputs and pages."""
    return cache_dir / "builds" / f"{hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:16]}.json"


def unchanged(manifest: Path, inputs: str, docs_dir: Path) -> dict | None:
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


def intact_pages(manifest: Path, docs_dir: Path) -> dict[str, str]:
    """The digests the last build into docs_dir recorded for its story and scan
    pages (render.story_page_digest), of those still on disk at their size."""
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
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
    manifest.parent.mkdir(parents=True, exist_ok=True)
    record = {"inputs": inputs, "stories": stories, "problems": [[p.source_name, p.reason] for p in problems],
              "pages": dict(sorted(sizes.items())), "digests": dict(sorted((digests or {}).items()))}
    partial = manifest.with_name(f"{manifest.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, manifest)
