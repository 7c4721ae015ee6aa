"""Synthetic stories with planted reprints and shared passages, for the link bench and its test.

Each story is a few generated paragraphs (tests/bench/corpus.py). Planted:
- reprints: a copy of a story with a few characters misread, its punctuation
  changed and a paragraph dropped (another scan or edition);
- shared passages: a paragraph of one story copied, lightly edited, into another;
- boilerplate: one stock paragraph printed in many stories, which must link nothing.
"""

from __future__ import annotations

import random

from build_tools.model import Block, Source, Story, StoryMeta
from tests.bench.corpus import HALF, _misread, paragraph

BOILERPLATE = "本报讯 为深入贯彻落实全面振兴新突破三年行动部署，推动高质量发展，全市上下凝心聚力、攻坚克难，各项工作取得新成效。"
BOILERPLATE_SHARE = 0.02


def _story(n: int, paragraphs: list[str]) -> Story:
    source = Source(name=f"{n:06d}.txt", text="", sha256=f"{n:064x}", encoding="utf-8")
    return Story(source, 1, f"s{n:06d}", f"报道{n}", tuple(Block("paragraph", p) for p in paragraphs), (),
                 meta=StoryMeta())


def planted(count: int, seed: int, reprint_share: float = 0.05, passage_share: float = 0.05):
    """(stories, version pairs, parallel story pairs) with `count` original stories."""
    rng = random.Random(seed)
    texts = [[paragraph(rng) for _ in range(rng.randint(3, 6))] for _ in range(count)]
    for paragraphs in texts:
        if rng.random() < BOILERPLATE_SHARE:
            paragraphs.insert(0, BOILERPLATE)
    parallels = set()
    for target in range(count):
        if rng.random() < passage_share:
            donor = rng.randrange(count)
            if donor != target:
                texts[target].insert(rng.randint(0, len(texts[target])), _misread(rng.choice(texts[donor][-2:]), rng))
                parallels.add(tuple(sorted((f"s{donor:06d}", f"s{target:06d}"))))
    stories = [_story(n, paragraphs) for n, paragraphs in enumerate(texts)]
    versions = set()
    for original in range(count):
        if rng.random() < reprint_share:
            copy = [(_misread(p, rng) if rng.random() < 0.5 else p).translate(HALF) for p in texts[original]]
            if len(copy) > 3:
                del copy[rng.randrange(len(copy))]
            number = count + len(versions)
            stories.append(_story(number, copy))
            versions.add((f"s{original:06d}", f"s{number:06d}"))
    # a shared passage reaches the reprints of its stories too
    reprint_of = {b: a for a, b in versions}
    for a, b in list(parallels):
        for x in (a, *[r for r, o in reprint_of.items() if o == a]):
            for y in (b, *[r for r, o in reprint_of.items() if o == b]):
                parallels.add(tuple(sorted((x, y))))
    return stories, versions, parallels


def score(found: set, truth: set) -> tuple[float, float]:
    hits = len(found & truth)
    return (hits / len(found) if found else 1.0), (hits / len(truth) if truth else 1.0)
