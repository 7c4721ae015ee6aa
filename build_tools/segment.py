"""Segment: a cleaned page becomes its stories.

For now every source is one story: its first heading is the title and the
other blocks, page furniture aside, are the body. The issue on stories splits
pages; this is the seam where that happens.
"""

from __future__ import annotations

from .model import CleanedSource, Story

UNTITLED = "（无题）"


def story_slug(source_stem: str, position: int) -> str:
    return f"{source_stem.lower()}-{position}"


def segment(cleaned: CleanedSource) -> list[Story]:
    content = [block for block in cleaned.blocks if block.kind != "furniture"]
    if content and content[0].kind == "heading":
        title, body = content[0].text, content[1:]
    else:
        title, body = UNTITLED, content
    return [
        Story(
            source=cleaned.source,
            position=1,
            slug=story_slug(cleaned.source.stem, 1),
            title=title,
            blocks=tuple(body),
            changes=cleaned.changes,
        )
    ]
