"""Link: passages that stand in more than one story.

For now a paragraph is linked to every other story holding the same paragraph
(compared without punctuation and spaces, so a half-width comma in one scan
does not hide the match). The issue on repeated stories replaces exact
matching with MinHash candidates confirmed by alignment.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .clean.chars import HAN
from .model import Links, Parallel, Story

# Shorter paragraphs are set phrases and boilerplate, not shared passages.
MIN_PASSAGE_CHARS = 30
_NOT_WORD_RE = re.compile(f"[^{HAN}0-9A-Za-z]+")


def passage_key(text: str) -> str:
    return _NOT_WORD_RE.sub("", text)


def find_links(stories: list[Story]) -> Links:
    holders: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for story in stories:
        for index, block in enumerate(story.blocks):
            key = passage_key(block.text)
            if block.kind == "paragraph" and len(key) >= MIN_PASSAGE_CHARS:
                holders[key].append((story.slug, index))
    parallels = []
    for places in holders.values():
        for slug, index in places:
            for other_slug, other_index in places:
                if other_slug != slug:
                    parallels.append(Parallel(slug, index, other_slug, other_index, 1.0))
    return Links(parallels=tuple(sorted(parallels, key=lambda p: (p.slug, p.paragraph, p.other_slug))))
