"""`make bench-clean`, part 0: clean articles of other sources of text, alone and several to a page.

For each corpus of tests/bench/articles.py (the tuning set: 人民日报 1998; held
out: features, official texts, the other desks, 晶報 1920), each article is set
as a paper prints it online (articles.printed) and built (clean, then
segment), and three things are measured:

- identity: the article is one story whose title is its headline, whose decks
  are its kicker and subtitle, whose byline is its byline, and whose body is
  its paragraphs unchanged; characters changed (Levenshtein over the body);
- pages: 2-3 consecutive articles set one after another (articles.page_of):
  pages split right (each article exactly one story, its headline the title;
  and told apart: each article one story, titled by one of its head lines),
  and headlines that are a story's title; also with every dateline taken
  out of the text (features and commentary print none), the harder case;
- injected defects: the seeds' defect classes injected into the articles
  (tests/bench/corpus.inject), share of the error removed.

Naive baselines are printed beside: for identity, the page's first line as
the title and its text untouched; for pages, a new story at every head line
after prose (what a reader who splits on every short line gets).

    .venv/bin/python tests/bench/article_bench.py [--seed 19]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import sys
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_tools.clean import clean_source  # noqa: E402
from build_tools.clean.blocks import LOST_MARK, is_heading  # noqa: E402
from build_tools.model import Source  # noqa: E402
from build_tools.segment import UNTITLED, segment, split_dateline  # noqa: E402
from tests.bench.articles import DEVELOPMENT, FORMS, HELD_OUT, TUNING, Article, expected, load, page_of, printed, story_body  # noqa: E402
from tests.bench.corpus import DEFECTS, inject  # noqa: E402

TARGETS = {"changed": 0.0005, "pages": 0.80, "page_titles": 0.95, "removed": 0.97}


def build(text: str):
    return segment(clean_source(Source(name="bench.txt", text=text, sha256="", encoding="utf-8")))


def identity(articles: tuple[Article, ...]) -> dict:
    row = {"articles": len(articles), "one_story": 0, "title": 0, "decks": 0, "bylines": 0, "body": 0, "untitled": 0,
           "chars": 0, "changed": 0, "text_chars": 0, "text_changed": 0, "misses": []}
    for article in articles:
        want = expected(article)
        stories = build(printed(article))
        story = stories[0]
        body = story_body(story, article.printed_first)
        expected_body, got_body = "\n".join(want.body), "\n".join(body)
        if len(stories) > 1:  # what the first story lost went to the others
            got_body += "\n" + "\n".join("\n".join(story_body(s)) for s in stories[1:])
        row["chars"] += len(expected_body)
        row["changed"] += Levenshtein.distance(expected_body, got_body)
        # the cleaner alone: characters added or dropped anywhere in the stories' text, whichever
        # story and field (title, deck, byline, body) the segmenter gave them
        printed_chars = Counter("".join([*want.decks, want.title, *want.bylines, *want.body]))
        built_chars = Counter("".join(text for s in stories for text in (
            s.title, *s.decks, *s.bylines, *story_body(s, article.printed_first if s is story else ""))))
        for ignorable in " \u3000\n":
            printed_chars.pop(ignorable, None), built_chars.pop(ignorable, None)
        row["text_chars"] += sum(printed_chars.values())
        row["text_changed"] += sum(((printed_chars - built_chars) + (built_chars - printed_chars)).values())
        checks = {"one_story": len(stories) == 1, "title": story.title == want.title, "decks": story.decks == want.decks,
                  "bylines": story.bylines == want.bylines, "body": body == want.body}
        for name, ok in checks.items():
            row[name] += ok
        row["untitled"] += any(s.title == UNTITLED for s in stories)
        if not all(checks.values()):
            row["misses"].append((article.id, [name for name, ok in checks.items() if not ok]))
    return row


def without_dateline(article: Article) -> Article:
    """The article as features print it: no dateline at the head of its first paragraph."""
    if not article.blocks:
        return article
    (kind, first), *rest = article.blocks
    dateline, text = split_dateline(first)
    if not dateline:
        return article
    return dataclasses.replace(article, dateline="", blocks=((kind, text.lstrip("：: ")), *rest))


def pages(articles: tuple[Article, ...], seed: int, datelines: bool = True) -> dict:
    rng = random.Random(seed)
    pool = list(articles) if datelines else [without_dateline(a) for a in articles]
    groups, at = [], 0
    while at + 1 < len(pool):
        size = rng.choice((2, 3))
        groups.append(pool[at:at + size])
        at += size
    row = {"pages": 0, "right": 0, "split": 0, "headlines": 0, "titles": 0, "naive_right": 0, "naive_titles": 0,
           "merged": 0, "oversplit": 0}
    for group in (g for g in groups if len(g) > 1):
        text = page_of(group, rng.choice(FORMS))
        titles = [s.title for s in build(text)]
        naive = naive_titles(text)
        want = [a.title for a in group]
        row["pages"] += 1
        row["headlines"] += len(want)
        row["right"] += titles == want
        row["merged"] += len(titles) < len(want)  # (the rest not split right: as many stories, a wrong title)
        row["oversplit"] += len(titles) > len(want)
        # told apart, whichever head line became the title (a kicker for the title is a miss of identity's)
        row["split"] += len(titles) == len(group) and all(t in (a.title, *a.decks) for t, a in zip(titles, group))
        row["titles"] += sum(t in titles for t in want)
        row["naive_right"] += naive == want
        row["naive_titles"] += sum(t in naive for t in want)
    return row


def naive_titles(text: str) -> list[str]:
    """The naive reader: a new story at the page's first block and at every head line after prose."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n|\n", text) if b.strip()]
    titles, after_prose = [], True
    for block in blocks:
        head = is_heading(block)
        if head and after_prose:
            titles.append(block)
        after_prose = not head
    return titles


def injected(articles: tuple[Article, ...], seed: int) -> dict:
    """The share of the injected error the cleaner removes, summed over the classes, and with all at once."""
    rng = random.Random(seed)
    texts = [[a.title, *(text for _, text in a.blocks)] for a in articles]
    out = {}
    for defect in (*DEFECTS, "all"):
        before = after = 0
        for blocks in texts:
            sample = inject(blocks, defect, rng)
            result = clean_source(Source(name="bench.txt", text=sample.corrupted, sha256="", encoding="utf-8"))
            text = "\n\n".join(b.text for b in result.blocks)
            before += Levenshtein.distance(sample.corrupted, sample.reference)
            after += Levenshtein.distance(text.replace(LOST_MARK, ""), sample.reference)
        out[defect] = (before, after)
    summed = [sum(out[d][k] for d in DEFECTS) for k in (0, 1)]
    return {"classes": out, "removed": 1 - summed[1] / summed[0] if summed[0] else float("nan"),
            "removed_all": 1 - out["all"][1] / out["all"][0] if out["all"][0] else float("nan")}


def _pct(part: float, whole: float) -> str:
    return f"{part / whole:7.1%}" if whole else "     - "


def report(seed: int = 19, only: tuple[str, ...] = ()) -> dict:
    corpora = [c for c in (*TUNING, *DEVELOPMENT, *HELD_OUT) if load(c) and (not only or c in only)]
    results = {}
    for corpus in corpora:
        articles = load(corpus)
        results[corpus] = {"identity": identity(articles), "pages": pages(articles, seed),
                           "pages_no_dateline": pages(articles, seed, datelines=False), "injected": injected(articles, seed)}
    held = [c for c in corpora if c in HELD_OUT]
    names = [*corpora, "held out"]

    def pooled(part: str, key: str) -> int:
        return sum(results[c][part][key] for c in held)

    print("\n## Clean articles of other sources of text (tests/bench/article_bench.py)\n")
    print("tuning: " + ", ".join(c for c in corpora if c in TUNING) + "; development (failures read): "
          + ", ".join(c for c in corpora if c in DEVELOPMENT) + "; held out (never read): " + ", ".join(held))
    print(f"{'':40s}" + "".join(f"{n:>14s}" for n in names))

    def line(label: str, values: list[str]) -> None:
        print(f"{label:40s}" + "".join(f"{v:>14s}" for v in values))

    def shares(part: str, key: str, whole: str) -> list[str]:
        cells = [_pct(results[c][part][key], results[c][part][whole]) for c in corpora]
        return cells + [_pct(pooled(part, key), pooled(part, whole))]

    line("articles", [str(results[c]["identity"]["articles"]) for c in corpora] + [str(pooled("identity", "articles"))])
    line("one article, one story", shares("identity", "one_story", "articles"))
    line("headline is the title (naive: 100 %)", shares("identity", "title", "articles"))
    line("kicker and subtitle are the decks", shares("identity", "decks", "articles"))
    line("byline is the byline", shares("identity", "bylines", "articles"))
    line("body unchanged, block for block", shares("identity", "body", "articles"))
    line("（无题） stories", [str(results[c]["identity"]["untitled"]) for c in corpora] + [str(pooled("identity", "untitled"))])
    line("body characters changed (bar 0.05 %)",
         [f"{results[c]['identity']['changed'] / results[c]['identity']['chars']:7.3%}" for c in corpora]
         + [f"{pooled('identity', 'changed') / pooled('identity', 'chars'):7.3%}" if held else "-"])
    line("  by the cleaner: added or dropped",
         [f"{results[c]['identity']['text_changed'] / results[c]['identity']['text_chars']:7.3%}" for c in corpora]
         + [f"{pooled('identity', 'text_changed') / pooled('identity', 'text_chars'):7.3%}" if held else "-"])
    for part, title in (("pages", "pages of 2-3 articles"), ("pages_no_dateline", "the same, datelines taken out")):
        line(f"{title}: pages", [str(results[c][part]["pages"]) for c in corpora] + [str(pooled(part, "pages"))])
        line("  split right (bar 80 %)", shares(part, "right", "pages"))
        line("  told apart (a kicker may be the title)", shares(part, "split", "pages"))
        line("  not split right: too few stories", shares(part, "merged", "pages"))
        line("  not split right: too many stories", shares(part, "oversplit", "pages"))
        line("  naive: a story at every head line", shares(part, "naive_right", "pages"))
        line("  headlines that are titles (bar 95 %)", shares(part, "titles", "headlines"))
        line("  naive", shares(part, "naive_titles", "headlines"))
    line("injected defects: error removed, summed", [f"{results[c]['injected']['removed']:7.1%}" for c in corpora] + [""])
    line("  all classes at once", [f"{results[c]['injected']['removed_all']:7.1%}" for c in corpora] + [""])
    for corpus in (c for c in corpora if c not in HELD_OUT):  # the held-out failures are not read
        misses = results[corpus]["identity"]["misses"]
        if misses:
            shown = ", ".join(f"{aid} ({'/'.join(what)})" for aid, what in misses[:12])
            print(f"  {corpus}: {len(misses)} articles not as printed: {shown}{' …' if len(misses) > 12 else ''}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--corpora", nargs="*", default=(), help="only these corpora (default: every one)")
    arguments = parser.parse_args()
    report(arguments.seed, tuple(arguments.corpora))


if __name__ == "__main__":
    main()
