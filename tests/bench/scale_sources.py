"""Source pages at collection scale, for `make bench-scale`.

Real sentences of the 400 人民日报 reports of January 1998
(tests/bench/data/news_rmrb199801.jsonl; see its README for the licence),
drawn into new stories so that N pages hold N distinct texts: a real
headline, a dateline, 3-6 paragraphs of 2-4 sentences. Each page has a
masthead and a date line, 1-3 stories, one paragraph a line and
blank lines between blocks, and one of the seeds' defect classes on a third of the pages
(tests/bench/corpus.py). Planted: 5 % of the stories reprinted on a page of
their own under another name (another scan, misread here and there), and 5 %
of them carrying a paragraph of another story.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from tests.bench.corpus import DEFECTS, _misread, inject
from tests.bench.news_corpus import load

REPRINT_SHARE = 0.05
PASSAGE_SHARE = 0.05
DEFECT_SHARE = 1 / 3
_SENTENCE_RE = re.compile(r"[^。！？]+[。！？]”?")
_WEEKDAYS = "一二三四五六日"


def _sentences(articles: list[dict]) -> list[str]:
    found = []
    for article in articles:
        for paragraph in article["paragraphs"][1:]:  # the first opens on its dateline
            found.extend(s for s in _SENTENCE_RE.findall(paragraph) if 8 <= len(s) <= 120)
    return found


def _story(rng: random.Random, articles: list[dict], sentences: list[str], day: int) -> list[str]:
    """Title, then paragraphs (the first after its dateline)."""
    title = rng.choice(articles)["title"]
    paragraphs = ["".join(rng.choice(sentences) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
    paragraphs[0] = f"本报北京1月{day}日讯 " + paragraphs[0]
    return [title, *paragraphs]


def write_sources(folder: Path, pages: int, seed: int) -> int:
    """Write `pages` source files into folder; return how many stories they hold."""
    rng = random.Random(seed)
    articles = load()
    sentences = _sentences(articles)
    folder.mkdir(parents=True, exist_ok=True)
    stories_written = 0
    planted: list[list[str]] = []
    for number in range(pages):
        day = rng.randint(1, 31)
        head = ["人民日报", f"1998年1月{day}日 星期{_WEEKDAYS[(day + 2) % 7]} 第{rng.randint(1, 12)}版"]
        if planted and rng.random() < REPRINT_SHARE:  # another scan of a story already printed
            stories = [[_misread(block, rng) if rng.random() < 0.5 else block for block in rng.choice(planted)]]
        else:
            stories = [_story(rng, articles, sentences, day) for _ in range(rng.choice((1, 1, 2, 3)))]
            for story in stories:
                if planted and rng.random() < PASSAGE_SHARE:  # a passage of another story
                    story.insert(rng.randint(2, len(story)), rng.choice(rng.choice(planted)[1:]))
            planted.extend(stories)
        blocks = [block for story in stories for block in story]
        if rng.random() < DEFECT_SHARE:
            blocks = inject(blocks, rng.choice(DEFECTS), rng).corrupted.split("\n\n")
        text = "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n"
        (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        stories_written += len(stories)
    return stories_written
