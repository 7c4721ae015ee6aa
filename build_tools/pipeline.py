"""The pipeline: sources/ in, docs/<locale>/ out. The only place stages meet files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .clean import clean_source
from .enrich import assign_slugs, enrich_page
from .ingest import read_sources
from .link import find_links
from .model import Problem, Story
from .render import render_script
from .segment import segment
from .settings import SCRIPTS


@dataclass(frozen=True)
class BuildResult:
    stories: list[Story]
    problems: list[Problem]
    written: int  # pages whose bytes changed on disk
    removed: int  # stale generated pages deleted


def make_stories(sources_dir: Path, progress: bool = False) -> tuple[list[Story], list[Problem]]:
    sources, problems = read_sources(sources_dir)
    stories: list[Story] = []
    for source in tqdm(sources, desc="cleaning", unit="source", disable=not progress):
        try:
            cleaned = clean_source(source)
        except ValueError as error:  # a malformed sidecar: say so, build the rest
            problems.append(Problem(source.name, str(error)))
            continue
        page = segment(cleaned)
        if not page:
            problems.append(Problem(source.name, "no story in it: no title or prose, only page furniture, bylines or labels"))
        stories.extend(enrich_page(page))
    stories = assign_slugs(stories)
    return stories, problems


def render_all(stories: list[Story]) -> dict[str, str]:
    """Every generated page of the archive, keyed by path under docs/."""
    links = find_links(stories)
    pages = {}
    for script in SCRIPTS:
        for path, text in render_script(stories, links, script).items():
            pages[f"{script.locale}/{path}"] = text
    return pages


def write_pages(pages: dict[str, str], docs_dir: Path) -> tuple[int, int]:
    """Write only pages whose bytes differ (so `mkdocs serve` does not loop), and
    delete generated pages that no longer have a source."""
    written = removed = 0
    for path, text in sorted(pages.items()):
        target = docs_dir / path
        data = text.encode("utf-8")
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written += 1
    for script in SCRIPTS:
        root = docs_dir / script.locale
        for existing in sorted(root.rglob("*.md")) if root.exists() else []:
            if existing.relative_to(docs_dir).as_posix() not in pages:
                existing.unlink()
                removed += 1
    return written, removed


def build(sources_dir: Path, docs_dir: Path, progress: bool = False) -> BuildResult:
    stories, problems = make_stories(sources_dir, progress)
    if not stories:  # a wrong or empty folder must not wipe the archive's pages
        return BuildResult(stories=[], problems=problems, written=0, removed=0)
    written, removed = write_pages(render_all(stories), docs_dir)
    return BuildResult(stories=stories, problems=problems, written=written, removed=removed)
