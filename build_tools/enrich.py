"""Enrich: metadata a reader browses by, computed from the story itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .clean.chars import HAN_RE
from .model import Story

# Adult readers of Chinese prose read about 300-500 characters a minute.
CHARS_PER_MINUTE = 400


def count_chars(text: str) -> int:
    """Chinese characters only: the unit Chinese editors count length in."""
    return len(HAN_RE.findall(text))


def cleaning_summary(story: Story) -> dict:
    """Number of changes per rule, and how many are doubts left for a person."""
    by_rule = Counter(change.rule for change in story.changes if not change.flag)
    flags = sum(1 for change in story.changes if change.flag)
    return {"changes": sum(by_rule.values()), "flags": flags, "by_rule": dict(sorted(by_rule.items()))}


def enrich(story: Story) -> Story:
    chars = count_chars(story.title + story.body_text)
    meta = {
        "characters": chars,
        "reading_minutes": max(1, round(chars / CHARS_PER_MINUTE)),
        "cleaning": cleaning_summary(story),
    }
    return replace(story, meta={**meta, **story.meta})
