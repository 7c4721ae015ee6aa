"""Export: the archive as data, one JSON object a line, for researchers.

`archive.jsonl.gz` holds a line per story (kind "story") in the sources'
order, then a line per group of versions (kind "group"). Its JSON Schema is
build_tools/data/export.schema.json (draft 2020-12); tests validate every
line. The same sources give the same bytes: keys in a fixed order, gzip
without a time or a file name in its header.
"""

from __future__ import annotations

import filecmp
import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import PROSE_KINDS, Links, Story, VersionGroup, paragraph_anchor
from .scans import pixel_region
from .site_map import MANIFEST_FILE, SCHEMA_FILE, scan_url

SCHEMA_PATH = Path(__file__).parent / "data" / SCHEMA_FILE


def story_record(story: Story, links: Links) -> dict:
    meta = story.meta
    group = links.group_of(story.slug)
    return {
        "kind": "story",
        "slug": story.slug,
        "story_kind": meta.kind,
        "script": story.source.script,
        "title": story.title,
        "deck": list(story.decks),
        "date": meta.date,
        "date_source": meta.date_source,
        "paper": meta.paper,
        "page": meta.page,
        "column": story.column,
        "authors": list(meta.authors),
        "photographers": list(meta.photographers),
        "photo_providers": list(meta.photo_providers),
        "places": list(meta.places),
        "people": list(meta.people),
        "organisations": list(meta.organisations),
        "keywords": list(meta.keywords),
        "source_file": story.source.name,
        "source_sha256": story.source.sha256,
        "scan": _scan_record(story),
        "position": story.position,
        "dateline": story.dateline,
        "bylines": list(story.bylines),
        "credits": list(story.credits),
        "paragraphs": [{"kind": block.kind, "text": block.text,
                        "anchor": paragraph_anchor(index) if block.kind in PROSE_KINDS else None}
                       for index, block in enumerate(story.blocks)],
        "changes": [change.as_dict() for change in story.changes],
        "versions": [] if group is None else [
            {"slug": slug, "similarity": group.similarity_of(story.slug, slug)}
            for slug in group.slugs if slug != story.slug],
        "parallels": [{"paragraph": p.paragraph, "slug": p.other_slug, "other_paragraph": p.other_paragraph,
                       "similarity": p.similarity} for p in links.for_story(story.slug)],
    }


def _scan_record(story: Story) -> dict | None:
    """The page image the story is printed on, and its region there in pixels (None: no image, or no lines)."""
    scan = story.source.scan
    region = pixel_region(story) if scan else None
    if region is None:
        return None
    return {"file": scan.origin or scan.name, "sha256": scan.sha256, "width": scan.width, "height": scan.height, "region": region,
            "manifest": f"{scan_url(story.source.stem)}{MANIFEST_FILE}"}


def group_record(group: VersionGroup) -> dict:
    """A group's collated reading, paragraph by paragraph, and its apparatus:
    each place the versions read differently, every reading and who gives it,
    the reading chosen and the evidence."""
    collation = group.collation
    return {
        "kind": "group",
        "key": group.key,
        "slugs": list(group.slugs),
        "spine": collation.spine,
        "reading": [{"text": text, "kind": kind, "only": list(only)}
                    for text, kind, only in zip(collation.paragraphs, collation.kinds, collation.only)],
        "apparatus": [{"paragraph": v.paragraph, "offset": v.offset, "chosen": v.chosen, "evidence": v.evidence,
                       "tie": v.tie, "readings": [{"text": text, "slugs": list(slugs)} for text, slugs in v.readings]}
                      for v in collation.variants],
    }


def export_lines(stories: Iterable[Story], links: Links) -> Iterator[str]:
    for story in stories:
        yield json.dumps(story_record(story, links), ensure_ascii=False, separators=(",", ":")) + "\n"
    for group in links.groups:
        yield json.dumps(group_record(group), ensure_ascii=False, separators=(",", ":")) + "\n"


def write_export(stories: Iterable[Story], links: Links, target: Path) -> tuple[int, bool]:
    """Write the gzipped JSON lines aside, then move them in; return the file's bytes, and whether
    it was replaced (its bytes differed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    with open(partial, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        for line in export_lines(stories, links):
            out.write(line.encode("utf-8"))
    replaced = not (target.exists() and filecmp.cmp(target, partial, shallow=False))  # compared in chunks, sizes first
    if replaced:
        os.replace(partial, target)
    else:
        partial.unlink()  # unchanged: the file (and its time) stays, `mkdocs serve` does not loop
    return target.stat().st_size, replaced
