"""`make bench-collate`: two scans of one story, one text better than either.

Real news text (data/news_rmrb199801.jsonl) is set twice by ocr_pages.py (other
layout, other font, other noise; ids aNNNN-s1 and aNNNN-s2) and each page
read by Tesseract (chi_sim, ALTO); with the multi-story pages of the same plan,
every page is a source of one archive, run through the whole pipeline
(ingest, clean, segment, enrich, link, collate). Printed:

- versions found: precision and recall of the pairs of scans of one article;
- CER against the article's printed text (its paragraphs, the dateline at the
  head of the first as the story page shows it; white space removed), pooled
  over the stories of the pairs found, of each cleaned scan; of picking the
  better scan per passage (the archive's method before, kept here as the
  baseline: paragraphs aligned, each taken from the scan that needed the
  fewest corrections there); of the collated text; of an oracle that always
  picks the better whole scan; and, to show where the loss is, of the
  collation aligned on the better scan, and on whichever spine gives the
  lower CER for the story (both known only from the truth), and the
  characters both scans misread;
- story by story: on how many the collated text is worse than the worse scan
  (each listed with its edits and both scans'), and on how many worse than the
  better scan (listed too);
- the same by layout (the stories either of whose pages has a feature), and
  on the stories either of whose scans Tesseract read out of order
  ("misordered": clean_bench.reading_order_ok on the page's plain text);
- each choice judged against the other readings there, by its evidence.

Captions are left out of every text measured: each scan's page has its own
picture (or none), so a caption is one printing's, not the article's. The
title and decks are left out too: collation covers the story's prose.

Target: collated CER <= 0.7 x the oracle's, pooled, and never worse than the worse scan, story by story.

    .venv/bin/python tests/bench/collate_bench.py [--pages 160] [--seed 1998]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from rapidfuzz.distance import Indel, Levenshtein

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from build_tools.clean import LAYOUT_RULES  # noqa: E402
from build_tools.collate import CharModel, collate, prose  # noqa: E402
from build_tools.link import find_links, normalise  # noqa: E402
from build_tools.pipeline import make_stories  # noqa: E402
from clean_bench import reading_order_ok  # noqa: E402
from ocr_pages import ensure_pages  # noqa: E402

OUT = ROOT / "build" / "bench-collate"
_SPACE_RE = re.compile(r"\s+")


def body(texts) -> str:
    return _SPACE_RE.sub("", "".join(texts))


def _measured(story) -> list[tuple[int, str]]:
    return [(index, text) for index, text in prose(story) if story.blocks[index].kind != "caption"]


def article_text(story) -> str:
    """A scan's text as measured: its prose as printed (collate.prose), captions left out."""
    return body(text for _, text in _measured(story))


# ---- the baseline: the archive's collation before this bench (passage by passage)

def _defects(story, paragraph: int) -> tuple[int, int]:
    block = story.blocks[paragraph]
    corrections = sum(1 for change in story.changes
                      if block.source_start <= change.source_start <= block.source_end and change.rule not in LAYOUT_RULES)
    return corrections, -len(block.text)


def passage_pick(versions: list, same_passage: float = 0.5) -> str:
    """Paragraphs aligned greedily on the longest version; of each row, the
    reading whose scan needed the fewest corrections in it."""
    base, *others = sorted(versions, key=lambda s: -len(_measured(s)))
    rows = [[(base, index, text)] for index, text in _measured(base)]
    for other in others:
        keys = [normalise(row[0][2]) for row in rows]
        aligned, cursor, inserted = [list(row) for row in rows], 0, 0
        for index, text in _measured(other):
            key = normalise(text)
            best, best_score = None, same_passage
            for position in range(cursor, len(keys)):
                score = Indel.normalized_similarity(key, keys[position], score_cutoff=same_passage)
                if score > best_score:
                    best, best_score = position, score
            if best is None:
                aligned.insert(cursor + inserted, [(other, index, text)])
                inserted += 1
            else:
                aligned[best + inserted].append((other, index, text))
                cursor = best + 1
        rows = aligned
    chosen = [min(row, key=lambda r: _defects(r[0], r[1])) for row in rows]
    return body(text for _, _, text in chosen)


def reading_text(collation) -> str:
    return body(text for text, kind in zip(collation.paragraphs, collation.kinds) if kind != "caption")


def judged(collation, gold: str):
    """(evidence, verdict, edits) of each choice outside captions: verdict 0 if the
    chosen reading gives the lowest CER of the readings there, 1 if another would have
    given less, 2 if it makes no difference; edits: what the choice saved (< 0: lost)."""
    base = cer(reading_text(collation), gold)
    for variant in collation.variants:
        if collation.kinds[variant.paragraph] == "caption":
            continue
        paragraph = collation.paragraphs[variant.paragraph]
        others = []
        for text, _ in variant.readings:
            if text != variant.chosen:
                paragraphs = list(collation.paragraphs)
                paragraphs[variant.paragraph] = paragraph[:variant.offset] + text + paragraph[variant.offset + variant.length:]
                others.append(cer(body(t for t, kind in zip(paragraphs, collation.kinds) if kind != "caption"), gold))
        best_other = min(others, default=base)
        verdict = 0 if base < best_other else 1 if base > best_other else 2
        yield re.sub(r"（[^）]*）|[-\d.]+", "", variant.evidence), verdict, best_other - base


def read_right(text: str, truth: str) -> list[bool]:
    """Per character of truth: whether text reads it (in a stretch an optimal alignment keeps)."""
    right = [False] * len(truth)
    for op in Levenshtein.opcodes(text, truth):
        if op.tag == "equal":
            right[op.dest_start:op.dest_end] = [True] * (op.dest_end - op.dest_start)
    return right


def cer(text: str, truth: str) -> int:
    return Levenshtein.distance(text, truth)


def print_story_counts(worse: list, worse_than_better: list, measured: int) -> None:
    """Story by story: those worse than the worse scan, and than the better, each with its edits."""
    print(f"story by story: worse than the worse scan on {len(worse)} of {measured} stories, "
          f"worse than the better scan on {len(worse_than_better)}")
    for label, listed in (("worse than the worse scan", worse), ("worse than the better scan", worse_than_better)):
        if listed:
            print(f"  {label}, edits of the collated text (scan 1, scan 2): "
                  + "; ".join(f"{article} {collated} ({one}, {two})" for article, collated, one, two in listed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=160)
    parser.add_argument("--seed", type=int, default=1998)
    parser.add_argument("--heldout-seeds", type=int, nargs=2, default=(37, 41), metavar=("SEED", "SEED"),
                        help="two draws of the held-out plan whose shared articles are the held-out pairs (default 37 41)")
    parser.add_argument("--no-heldout", action="store_true", help="the tuning pairs only")
    args = parser.parse_args()
    pages = ensure_pages(args.pages, args.seed, quiet=True)
    sources = OUT / "sources"
    shutil.rmtree(sources, ignore_errors=True)
    sources.mkdir(parents=True)
    truth: dict[str, str] = {}  # article -> its printed paragraphs (the same on both scans' pages)
    pages_of: dict[str, list[str]] = defaultdict(list)  # article -> the source names of its scans
    layout_of: dict[str, str] = {}  # source name -> its page's layout (ocr_pages.layout_id)
    for folder in pages:
        page = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        shutil.copy(folder / "page.xml", sources / f"{page['page']}.xml")
        layout_of[f"{page['page']}.xml"] = page["layout"]
        if not reading_order_ok(page, (folder / "page.txt").read_text(encoding="utf-8")):
            layout_of[f"{page['page']}.xml"] += "-misordered"
        for story in page["stories"]:
            printed = body(b["text"] for b in story["blocks"] if b["kind"] == "paragraph")
            assert truth.setdefault(story["article"], printed) == printed, story["article"]
            if re.fullmatch(r"a\d+-s\d", page["page"]):
                pages_of[story["article"]].append(f"{page['page']}.xml")
    loaded = make_stories(sources, cache_dir=OUT / "cache")
    links = find_links(loaded.stories)
    by_source: dict[str, list] = defaultdict(list)
    for story in loaded.stories:
        by_source[story.source.name].append(story)

    def main_story(name: str):  # the page's story with the most prose: the article
        return max(by_source[name], key=lambda s: len(article_text(s)), default=None)

    expected = {tuple(sorted(names)) for names in pages_of.values() if len(names) == 2}
    found_pairs = {tuple(sorted((a.split("/")[-1], b))) for group in links.groups
                   for a, b in combinations([next(s.source.name for s in loaded.stories if s.slug == slug)
                                             for slug in group.slugs], 2)}
    found_pairs = {pair for pair in found_pairs if pair[0] != pair[1]}
    hits = expected & found_pairs
    print(f"# Collation bench: {len(pages)} pages read by Tesseract (chi_sim), {len(loaded.stories)} stories, "
          f"{len(expected)} articles scanned twice")
    print(f"versions found: precision {len(hits) / max(1, len(found_pairs)):.3f}, recall {len(hits) / max(1, len(expected)):.3f} "
          f"({len(hits)} of {len(expected)} pairs; {len(found_pairs)} found)")
    group_of = {slug: group for group in links.groups for slug in group.slugs}
    model = CharModel("".join(t for _, t in prose(story)) for story in loaded.stories)
    totals = defaultdict(int)
    by_evidence: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # right, wrong, no matter, edits saved, lost
    by_layout: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # stories, characters, oracle edits, collated
    worse: list[tuple[str, int, int, int]] = []  # (article, collated, scan 1, scan 2): worse than the worse scan
    worse_than_better: list[tuple[str, int, int, int]] = []  # worse than the better scan (the former included)
    stories_measured = 0
    for a_name, b_name in sorted(hits):
        a, b = main_story(a_name), main_story(b_name)
        group = group_of.get(a.slug)
        if group is None or b.slug not in group.slugs or len(group.slugs) != 2:
            continue
        article = a_name.split("-")[0]
        gold = truth[article]
        texts = {"scan 1": article_text(a), "scan 2": article_text(b), "passage pick": passage_pick([a, b]),
                 "collated": reading_text(group.collation)}
        errors = {name: cer(text, gold) for name, text in texts.items()}
        errors["oracle (better scan)"] = min(errors["scan 1"], errors["scan 2"])
        # where the loss is: the same collation aligned on the better scan (which the archive cannot know)
        better = a if errors["scan 1"] <= errors["scan 2"] else b
        on_spine = {story.slug: cer(reading_text(collate(group, {a.slug: a, b.slug: b}, model, spine=story.slug)), gold)
                    for story in (a, b)}
        errors["collated on the better scan"] = on_spine[better.slug]
        errors["collated on the better spine"] = min(on_spine.values())  # for this story, known only from the truth
        for name, value in errors.items():
            totals[name] += value
        totals["both misread"] += sum(not x and not y for x, y in zip(read_right(texts["scan 1"], gold),
                                                                        read_right(texts["scan 2"], gold)))
        for evidence, verdict, edits in judged(group.collation, gold):
            counts = by_evidence[evidence]
            counts[verdict] += 1
            counts[3 + (edits < 0)] += abs(edits)
        totals["chars"] += len(gold)
        for feature in set(layout_of[a_name].split("-")) | set(layout_of[b_name].split("-")):
            row = by_layout[feature]
            row[0] += 1
            row[1] += len(gold)
            row[2] += errors["oracle (better scan)"]
            row[3] += errors["collated"]
        stories_measured += 1
        figures = (article, errors["collated"], errors["scan 1"], errors["scan 2"])
        if errors["collated"] > max(errors["scan 1"], errors["scan 2"]):
            worse.append(figures)
        if errors["collated"] > min(errors["scan 1"], errors["scan 2"]):
            worse_than_better.append(figures)
    print(f"\nCER, pooled over {stories_measured} stories ({totals['chars']:,} characters):")
    for name in ("scan 1", "scan 2", "passage pick", "oracle (better scan)", "collated", "collated on the better scan",
                 "collated on the better spine"):
        print(f"  {name:28s} {totals[name] / max(1, totals['chars']):7.2%}   ({totals[name]} edits)")
    print(f"  characters of the printed text both scans misread (no choice between them mends): {totals['both misread']}")
    oracle = totals["oracle (better scan)"]
    print(f"\ncollated / oracle: {totals['collated'] / max(1, oracle):.2f} (target <= 0.70)")
    print_story_counts(worse, worse_than_better, stories_measured)
    print("\nBy layout: the stories either of whose pages has the feature (ocr_pages.layout_id's parts; misordered:\n"
          "Tesseract's plain text of the page is not read in order, clean_bench.reading_order_ok):")
    print(f"  {'feature':14s} {'stories':>8s} {'oracle':>8s} {'collated':>9s} {'ratio':>6s}")
    for feature, (count, chars, oracle_edits, collated_edits) in sorted(by_layout.items()):
        print(f"  {feature:14s} {count:8d} {oracle_edits / chars:8.2%} {collated_edits / chars:9.2%} "
              f"{collated_edits / max(1, oracle_edits):6.2f}")
    print("\nEach choice against the other reading(s) there (the reading text's CER had another been chosen):")
    print(f"  {'evidence':34s} {'right':>6s} {'wrong':>6s} {'same':>6s} {'edits saved':>12s} {'lost':>6s}")
    for evidence, (right, wrong, same, saved, lost) in sorted(by_evidence.items(), key=lambda item: -sum(item[1][:3])):
        print(f"  {evidence:34s} {right:6d} {wrong:6d} {same:6d} {saved:12d} {lost:6d}")
    if not args.no_heldout:
        heldout(tuple(args.heldout_seeds))


def heldout(seeds: tuple[int, int], model_budget: int = 1_000_000) -> dict:
    """The same measures on pairs no rule of collation was read on: the held-out
    plan's articles (other sources of text, other layout families) that two of
    its draws both set (`clean_bench.py --heldout-seed N` renders and reads them),
    each draw's page a scan of its own (another family, font, noise; a page may
    hold two or three stories). A story's article is the one of its page's truth
    its prose matches best."""
    sources = OUT / "heldout-sources"
    shutil.rmtree(sources, ignore_errors=True)
    sources.mkdir(parents=True)
    truth: dict[str, str] = {}  # article -> its printed paragraphs
    on_page: dict[str, list[str]] = {}  # source name -> the articles its page prints
    scans: dict[str, dict[int, str]] = defaultdict(dict)  # article -> draw -> source name
    for seed in seeds:
        for folder in ensure_pages(70, seed, quiet=True, which="heldout"):
            page = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            name = f"s{seed}-{page['page']}.xml"
            shutil.copy(folder / "page.xml", sources / name)
            on_page[name] = []
            for story in page["stories"]:
                printed = body(b["text"] for b in story["blocks"] if b["kind"] == "paragraph")
                truth.setdefault(story["article"], printed)
                on_page[name].append(story["article"])
                scans[story["article"]][seed] = name
    loaded = make_stories(sources, cache_dir=OUT / "heldout-cache")
    links = find_links(loaded.stories)
    group_of = {slug: group for group in links.groups for slug in group.slugs}
    model = CharModel((t for story in loaded.stories for _, t in prose(story)), model_budget)
    story_of: dict[tuple[str, str], object] = {}  # (source, article) -> the story that prints it best
    best: dict[tuple[str, str], float] = {}
    for story in loaded.stories:
        text = article_text(story)
        for article in on_page.get(story.source.name, []):
            score = Indel.normalized_similarity(text, truth[article])
            if score >= 0.5 and score > best.get((story.source.name, article), 0):
                story_of[(story.source.name, article)], best[(story.source.name, article)] = story, score
    totals: dict[str, int] = defaultdict(int)
    pairs = found = 0
    worse, worse_than_better = [], []
    for article, drawn in sorted(scans.items()):
        if len(drawn) < 2:
            continue
        pairs += 1
        a, b = (story_of.get((drawn[seed], article)) for seed in seeds)
        group = group_of.get(a.slug) if a is not None and b is not None else None
        if group is None or b.slug not in group.slugs:
            continue
        found += 1
        gold = truth[article]
        errors = {"scan 1": cer(article_text(a), gold), "scan 2": cer(article_text(b), gold),
                  "collated": cer(reading_text(group.collation), gold)}
        errors["oracle (better scan)"] = min(errors["scan 1"], errors["scan 2"])
        for name, value in errors.items():
            totals[name] += value
        totals["chars"] += len(gold)
        figures = (article, errors["collated"], errors["scan 1"], errors["scan 2"])
        if errors["collated"] > max(errors["scan 1"], errors["scan 2"]):
            worse.append(figures)
        if errors["collated"] > errors["oracle (better scan)"]:
            worse_than_better.append(figures)
    print(f"\n## Held out: articles of other sources of text in other layout families, set by two draws of the "
          f"held-out plan (--heldout-seed {seeds[0]} and {seeds[1]})")
    print(f"versions found: {found} of {pairs} articles both draws set (each page's stories matched to its truth)")
    print(f"CER, pooled over {found} stories ({totals['chars']:,} characters):")
    for name in ("scan 1", "scan 2", "oracle (better scan)", "collated"):
        print(f"  {name:28s} {totals[name] / max(1, totals['chars']):7.2%}   ({totals[name]} edits)")
    print(f"collated / oracle: {totals['collated'] / max(1, totals['oracle (better scan)']):.2f} (target <= 0.70)")
    print_story_counts(worse, worse_than_better, found)
    return {"pairs": pairs, "found": found, "worse": len(worse), **totals}


if __name__ == "__main__":
    main()
