"""`make bench-clean`: the cleaner on real text read by a real OCR engine, and
on real text with injected defect classes.

Part 1, OCR pages (tests/bench/ocr_pages.py): reports of 人民日报 1998 set in
varied layouts (the tuning plan: 160 pages, seed 1998), and, held out (issue
19), features, official texts and desk pieces of tests/bench/articles.py set
in layout families the tuning plan never draws (a headline over some of the
columns, a side headline, a boxed story, kicker/subtitle/byline, a picture
inside the body, several stories with and without datelines: 70 pages, seed
19), read by Tesseract (chi_sim). Both sets are measured alike and printed
side by side (tuning | held out), by layout family too. For each page, Tesseract's text
is compared with the page's truth (the blocks in reading order, one blank
line between, furniture left out: what `python -m build_tools clean` should
print), three ways:

- raw: Tesseract's .txt as it is;
- baseline: one regex, the lines of each block joined (a single newline
  between two non-blank lines removed) and spaces between Han dropped;
- cleaned: the project's cleaner, exactly as the CLI runs it.

CER = Levenshtein distance / reference length, pooled (sums over pages);
"CER-ns" ignores whitespace. A page was read "in order" when every reference
block of 6 or more characters is found in the raw text (whitespace removed;
rapidfuzz partial_ratio_alignment >= 80), each after the one before. A
paragraph (10+ characters) is intact when one output block matches it with
normalised Indel similarity >= 0.9; "headline first": the first output block
is a line of the first story's headline (>= 0.8): its title, one part of a
two-part title, or a deck (plain text cannot tell a kicker printed above the
title from the title; "title first", reported too, asks for the title); "date found": enrich's date of the first
story is the page's date. Targets are judged on the in-order pages; the
misordered pages are reported apart (and every page's figures are shown,
as no target). The same rows are made from Tesseract's ALTO, read as
`build_tools.ingest` reads an .xml source. The held-out pages whose cleaned
text does not open on the headline are listed with its first three blocks.

Part 2, injected defects (tests/bench/corpus.py): the same reports, each
corrupted with one defect class at a time (then all at once), cleaned, and
compared with the clean reference; clean reports are cleaned too (at most
0.05 % may change). Lost text can only be marked: marks are left out of that
CER and counted.

    .venv/bin/python tests/bench/clean_bench.py [--pages 160] [--seed 1998] [--jobs 2]
        [--heldout-pages 70] [--heldout-seed 19] [--no-heldout]
        [--synthetic-pages 150] [--no-ocr] [--no-synthetic] [--no-articles] [--json build/bench-clean.json]

Part 3, clean articles (tests/bench/article_bench.py): the articles of every
corpus set as papers print them online, alone and several to a page; the
tuning, development and held-out sets side by side with naive baselines.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_tools.clean import clean_source  # noqa: E402
from build_tools.clean.blocks import LOST_MARK  # noqa: E402
from build_tools.model import Source  # noqa: E402
from tests.bench.corpus import DEFECTS, corpus, inject  # noqa: E402

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
WS_RE = re.compile(r"\s+")
BLANK_RE = re.compile(r"\n[ \t\u3000]*\n\s*")
MIN_BLOCK = 6  # reference blocks this long must be found for "in order"
MIN_PARAGRAPH = 10  # reference paragraphs this long are counted for "intact"
FOUND_SCORE = 80
INTACT = 0.9
HEADLINE = 0.8
TARGETS = {"cer_vs_baseline": 0.9, "intact": 0.95, "headline": 0.95, "alto_misordered_intact": 0.90}
VARIANTS = ("raw", "baseline", "cleaned")
OUT = ROOT / "build" / "bench-clean.json"


# ---------------------------------------------------------------- part 2: injected defects

def clean(text: str):
    return clean_source(Source(name="bench.txt", text=text, sha256="", encoding="utf-8"))


def cleaned_text(text: str) -> str:
    return clean(text).text


def measure(pages: list[list[str]], defect: str, seed: int) -> dict:
    rng = random.Random(seed)
    before = after = chars = lost = marks = joins = 0
    for blocks in pages:
        sample = inject(blocks, defect, rng)
        cleaned = clean(sample.corrupted)
        joins += sum(change.rule == "join_column_breaks" for change in cleaned.changes)
        result = cleaned.text
        marks += result.count(LOST_MARK)
        lost += sample.lost
        before += Levenshtein.distance(sample.corrupted, sample.reference)
        after += Levenshtein.distance(result.replace(LOST_MARK, ""), sample.reference)
        chars += len(sample.reference)
    return {"defect": defect, "chars": chars, "before": before, "after": after, "lost": lost, "marks": marks, "joins": joins}


def clean_input_change(pages: list[list[str]]) -> tuple[int, int]:
    changed = chars = 0
    for blocks in pages:
        reference = "\n\n".join(blocks)
        changed += Levenshtein.distance(cleaned_text(reference), reference)
        chars += len(reference)
    return changed, chars


def synthetic(pages: int, seed: int) -> dict:
    texts = corpus(pages, seed)
    print(f"\n## Injected defects: {len(texts)} reports of news_rmrb199801.jsonl, seed {seed}")
    print(f"{'defect class':18s} {'chars':>8s} {'CER before':>11s} {'CER after':>10s} {'removed':>8s}  {'joins':>5s}  lost text marked")
    rows, totals = [], [0, 0]
    for defect in (*DEFECTS, "all"):
        row = measure(texts, defect, seed)
        rows.append(row)
        cer_before, cer_after = row["before"] / row["chars"], row["after"] / row["chars"]
        removed = 1 - row["after"] / row["before"] if row["before"] else float("nan")
        marked = f"{row['marks']}/{row['lost']}" if row["lost"] or row["marks"] else ""
        print(f"{defect:18s} {row['chars']:8d} {cer_before:11.4%} {cer_after:10.4%} {removed:8.1%}  {row['joins']:5d}  {marked}")
        totals = [t + row[k] for t, k in zip(totals, ("before", "after"))]
    removed = 1 - totals[1] / totals[0]
    print(f"{'sum of the classes':18s} {'':8s} {'':11s} {'':10s} {removed:8.1%}   (bar 97%)")
    changed, chars = clean_input_change(texts)
    print(f"clean input: {changed} of {chars} characters changed ({changed / chars:.4%}; bar 0.05%)")
    return {"rows": rows, "removed": removed, "clean_changed": changed, "clean_chars": chars}


# ---------------------------------------------------------------- part 1: OCR pages

def source_of(data: bytes, name: str) -> Source:
    """A Source exactly as `build_tools.ingest` makes one from a file's bytes (the suffix says how)."""
    from build_tools.ingest import source_from_bytes
    return source_from_bytes(data, name)


def cleaner_output(source: Source) -> tuple[str, list, str | None]:
    """(text as `python -m build_tools clean` prints it, the stories, error if the cleaner failed)."""
    from build_tools.cli import printed_blocks
    from build_tools.segment import segment
    try:
        stories = segment(clean_source(source))
    except ValueError as error:
        return "", [], str(error)
    return "\n\n".join(block for story in stories for block in printed_blocks(story)), stories, None


def baseline(text: str) -> str:
    """The one-regex baseline: lines of a block joined, spaces between Han dropped."""
    text = re.sub(r"(?<=[^\n])\n(?=[^\n])", "", text.replace("\r\n", "\n"))
    text = re.sub(f"(?<=[{HAN}])[ \t\u3000]+(?=[{HAN}])", "", text)
    return "\n\n".join(b.strip() for b in BLANK_RE.split(text) if b.strip())


def squeeze(text: str) -> str:
    return WS_RE.sub("", text)


def output_blocks(text: str) -> list[str]:
    return [squeeze(b) for b in BLANK_RE.split(text) if squeeze(b)]


def reading_order_ok(truth: dict, raw: str) -> bool:
    """Every reference block of MIN_BLOCK+ characters found in the raw text, each after the one before.
    A block is looked for first just after the one before (a title's words recur in the lead
    paragraph; a caption's sentence in its paragraph), then anywhere after it."""
    haystack, start = squeeze(raw), 0
    for story in truth["stories"]:
        for block in story["blocks"]:
            needle = squeeze(block["text"])
            if len(needle) < MIN_BLOCK:
                continue
            found = fuzz.partial_ratio_alignment(needle, haystack[start:start + 2 * len(needle) + 40])
            if found is None or found.score < FOUND_SCORE:
                found = fuzz.partial_ratio_alignment(needle, haystack[start:])
            if found is None or found.score < FOUND_SCORE:
                return False
            start += found.dest_start + 1
    return True


def intact(truth: dict, text: str) -> tuple[int, int]:
    blocks = output_blocks(text)
    paragraphs = [squeeze(b["text"]) for s in truth["stories"] for b in s["blocks"] if b["kind"] == "paragraph"]
    paragraphs = [p for p in paragraphs if len(p) >= MIN_PARAGRAPH]
    whole = sum(any(Indel.normalized_similarity(p, b, score_cutoff=INTACT) for b in blocks) for p in paragraphs)
    return whole, len(paragraphs)


def headline_lines(story: dict) -> list[str]:
    """What the first block of a story may be when its headline leads: the
    title, a part of a two-part title (printed on two lines), or a deck (a
    kicker printed above the title: plain text keeps no type size to tell it
    from the title)."""
    title = story["title"]
    parts = title.split() if len(title.split()) == 2 else []
    return [squeeze(line) for line in (title, *parts, *story["decks"])]


def headline_first(truth: dict, text: str) -> bool:
    """The first output block is a line of the first story's headline."""
    blocks = output_blocks(text)
    return bool(blocks) and any(Indel.normalized_similarity(line, blocks[0]) >= HEADLINE for line in headline_lines(truth["stories"][0]))


def title_first(truth: dict, text: str) -> bool:
    """Stricter: the first output block is the first story's title itself."""
    blocks = output_blocks(text)
    return bool(blocks) and Indel.normalized_similarity(squeeze(truth["stories"][0]["title"]), blocks[0]) >= HEADLINE


def first_kind(truth: dict, text: str) -> str:
    """What the output opens on, when not the headline: （无题）, furniture, a byline, a deck or
    title cut or misread, another story's headline, body text, or other."""
    from build_tools.segment import UNTITLED
    blocks = output_blocks(text)
    if not blocks:
        return "nothing"
    first = blocks[0]
    story = truth["stories"][0]
    if headline_first(truth, text):
        return "headline"
    if first == squeeze(UNTITLED):
        return "untitled"

    def like(lines) -> bool:
        return any(Indel.normalized_similarity(squeeze(line), first) >= 0.6 for line in lines if squeeze(line))

    def inside(lines) -> bool:
        return len(first) >= 2 and any(fuzz.partial_ratio(first, squeeze(line)) >= 80 for line in lines if squeeze(line))

    if like(truth["furniture"]) or inside(truth["furniture"]):
        return "furniture"
    if like(story.get("bylines", ())):
        return "byline"
    if inside(headline_lines(story)) or any(Indel.normalized_similarity(line, first) >= 0.5
                                            for line in headline_lines(story)):
        return "headline cut or misread"
    if like(s["title"] for s in truth["stories"][1:]):
        return "another story's headline"
    if inside(b["text"] for s in truth["stories"] for b in s["blocks"] if b["kind"] not in ("title", "deck")):
        return "body text"
    return "other"


def found_date(stories) -> str | None:
    from build_tools.enrich import enrich_page
    if not stories:
        return None
    return enrich_page(stories)[0].meta.date  # "unknown" when not found: never the truth's date


def score_text(truth: dict, reference: str, text: str) -> dict:
    ref_ns = squeeze(reference)
    whole, paragraphs = intact(truth, text)
    return {
        "dist": Levenshtein.distance(text, reference),
        "dist_ns": Levenshtein.distance(squeeze(text), ref_ns),
        "intact": whole,
        "paragraphs": paragraphs,
        "headline_first": headline_first(truth, text),
        "title_first": title_first(truth, text),
        "lost_marks": text.count(LOST_MARK),
    }


def measure_page(folder: Path) -> dict:
    from build_tools.segment import UNTITLED
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    reference = truth["expected"]
    row = {"page": truth["page"], "layout": truth["layout"], "dims": truth["dims"], "dir": folder.name,
           "ref_chars": len(reference), "ref_chars_ns": len(squeeze(reference)), "date": truth["date"],
           "set": truth.get("set", "tuning"), "title": truth["stories"][0]["title"]}
    if "corpora" in truth:
        row["corpora"] = truth["corpora"]
    inputs = {"txt": source_of((folder / "page.txt").read_bytes(), f"{truth['page']}.txt")}
    try:
        inputs["alto"] = source_of((folder / "page.xml").read_bytes(), f"{truth['page']}.xml")
    except ValueError as error:  # a page the layout reader refuses is counted, not fatal
        row["alto_error"] = str(error)
    for kind, source in inputs.items():
        raw = source.text
        out, stories, error = cleaner_output(source)
        result = {"in_order": reading_order_ok(truth, raw), "cleaner_error": error,
                  "first_blocks": [b.strip() for b in BLANK_RE.split(out) if b.strip()][:3],
                  "first_kind": first_kind(truth, out)}
        for variant, text in (("raw", raw), ("baseline", baseline(raw)), ("cleaned", out)):
            result[variant] = score_text(truth, reference, text)
        result["untitled"] = sum(story.title == UNTITLED for story in stories)
        date = found_date(stories) if stories else None
        result["date_found"] = date
        result["date_ok"] = date == truth["date"]
        row[kind] = result
    return row


def pooled(rows: list[dict], kind: str) -> dict:
    """Pooled figures of a set of page rows (one input kind: "txt" or "alto")."""
    rows = [r for r in rows if kind in r]
    if not rows:
        return {}
    chars = sum(r["ref_chars"] for r in rows)
    chars_ns = sum(r["ref_chars_ns"] for r in rows)
    out = {"pages": len(rows), "in_order": sum(r[kind]["in_order"] for r in rows)}
    for variant in VARIANTS:
        vs = [r[kind][variant] for r in rows]
        paragraphs = sum(v["paragraphs"] for v in vs)
        out[variant] = {
            "cer": sum(v["dist"] for v in vs) / chars,
            "cer_ns": sum(v["dist_ns"] for v in vs) / chars_ns,
            "intact": sum(v["intact"] for v in vs) / paragraphs if paragraphs else float("nan"),
            "headline": sum(v["headline_first"] for v in vs) / len(vs),
            "title": sum(v["title_first"] for v in vs) / len(vs),
        }
    out["ns_worse_pages"] = sum(r[kind]["cleaned"]["dist_ns"] > r[kind]["raw"]["dist_ns"] for r in rows)
    out["date"] = sum(r[kind]["date_ok"] for r in rows) / len(rows)
    out["lost_marks"] = sum(r[kind]["cleaned"]["lost_marks"] for r in rows)
    out["untitled"] = sum(r[kind]["untitled"] for r in rows)
    out["errors"] = sum(bool(r[kind]["cleaner_error"]) for r in rows)
    return out


def family_of(row: dict) -> str:
    """The page's layout family: the held-out truth names it; a tuning page's is its headline or arrangement."""
    dims = row["dims"]
    if dims.get("family"):
        return dims["family"]
    if dims["multi"]:
        return f"tuning: multi-{dims['multi']}"
    return {"span": "tuning: spanning head", "col": "tuning: first-column head"}.get(dims["headline"], "tuning")


def head_parts(row: dict) -> str | None:
    """The head lines the page prints besides titles (held-out pages; None on a tuning page)."""
    dims = row["dims"]
    if "kicker" not in dims:
        return None
    return "+".join(p for p in ("kicker", "subtitle", "byline") if dims[p]) or "title alone"


HEADLINES = {"span": "spanning headline", "col": "first-column headline", "partial": "headline over some columns",
             "side": "side headline"}
GROUPS = (
    ("layout family", family_of),
    ("columns", lambda r: f"{r['dims']['cols']} columns"),
    ("font", lambda r: r["dims"]["font"]),
    ("headline", lambda r: HEADLINES.get(r["dims"]["headline"], "multi-report")),
    ("multi-report", lambda r: f"multi, {r['dims']['multi']}" if r["dims"]["multi"] else "single report"),
    ("noise", lambda r: "noisy" if r["dims"]["noise"] else "clean scan"),
    ("source of the first story's text", lambda r: (r.get("corpora") or ["rmrb1998"])[0]),
    ("head lines printed (held out)", head_parts),
    ("dateline printed (held out)", lambda r: None if "datelines" not in r["dims"]
     else "dateline" if r["dims"]["datelines"] else "no dateline"),
)
SETS = (("tuning", "tuning"), ("heldout", "held out"))


def _pct(x: float) -> str:
    return "   -  " if x != x else f"{x:6.1%}"


def _cer(x: float) -> str:
    return f"{x:6.2%}"


CELLS = 94  # the width of one set's figures


def _cells(p: dict) -> str:
    """One set's figures on a row of the side-by-side tables."""
    if not p:
        return " " * CELLS
    r, b, c = p["raw"], p["baseline"], p["cleaned"]
    return (f"{p['pages']:5d} {p['in_order']:4d} | {_cer(b['cer'])} {_cer(c['cer'])} | {_cer(r['cer_ns'])} {_cer(c['cer_ns'])} | "
            f"{_pct(b['intact'])} {_pct(c['intact'])} | {_pct(b['headline'])} {_pct(c['headline'])} {_pct(c['title'])} | "
            f"{_pct(p['date'])} {p['lost_marks']:3d} {p['untitled']:3d}")


def table(sets: dict[str, list[dict]], kind: str, title: str) -> None:
    """The figures of each set side by side (tuning | held out), by layout class and pooled."""
    names = [(key, label) for key, label in SETS if key in sets]
    head = (f"{'pages':>5s} {'ord':>4s} | {'CER re':>6s} {'clean':>6s} | {'-ns raw':>6s} {'clean':>6s} | "
            f"{'int re':>6s} {'clean':>6s} | {'head re':>6s} {'clean':>6s} {'title':>6s} | {'date':>6s} {'下缺':>2s} {'无题':>2s}")
    print(f"\n## {title}\n")
    print((f"{'':30s} " + " ‖ ".join(f"{f'{label} ({len(sets[key])} pages)':^{CELLS}s}" for key, label in names)).rstrip())
    print(f"{'':30s} " + " ‖ ".join(head for _ in names))

    def line(label: str, subsets: list[list[dict]]) -> None:
        cells = [pooled(subset, kind) for subset in subsets]
        if any(cells):
            print((f"{label[:30]:30s} " + " ‖ ".join(_cells(p) for p in cells)).rstrip())

    in_order = {key: [r for r in sets[key] if kind in r and r[kind]["in_order"]] for key, _ in names}
    everything = {key: [r for r in sets[key] if kind in r] for key, _ in names}

    def by(title: str, key_of, pick: dict[str, list[dict]]) -> None:
        groups = {key: defaultdict(list) for key, _ in names}
        for key, _ in names:
            for row in pick[key]:
                label = key_of(row)
                if label is not None:
                    groups[key][label].append(row)
        labels = sorted({label for g in groups.values() for label in g})
        if labels:
            print(title)
        for label in labels:
            line(label, [groups[key].get(label, []) for key, _ in names])

    for name, key_of in GROUPS:  # the targets are judged on pages read in order, so are the layouts
        by(f"-- by {name}, pages read in order", key_of, in_order)
    by("-- by layout family, all pages (those read out of order too)", family_of, everything)
    print("-- pooled")
    line("all pages", [everything[key] for key, _ in names])
    line("read in order", [in_order[key] for key, _ in names])
    line("misordered", [[r for r in everything[key] if not r[kind]["in_order"]] for key, _ in names])


def verdicts(rows: list[dict]) -> list[tuple[str, bool, str]]:
    """The issue's targets, on the pages Tesseract read in order."""
    txt_in = pooled([r for r in rows if r["txt"]["in_order"]], "txt")
    out = []
    if txt_in:
        c, b = txt_in["cleaned"], txt_in["baseline"]
        out.append(("cleaned CER <= 0.9 x baseline CER", c["cer"] <= TARGETS["cer_vs_baseline"] * b["cer"],
                    f"{c['cer']:.2%} vs 0.9 x {b['cer']:.2%} = {0.9 * b['cer']:.2%}"))
        out.append(("CER-ns never above raw (pages)", txt_in["ns_worse_pages"] == 0,
                    f"{txt_in['ns_worse_pages']} of {txt_in['pages']} pages worse; pooled {c['cer_ns']:.2%} vs raw {txt_in['raw']['cer_ns']:.2%}"))
        out.append((">= 95 % of paragraphs intact", c["intact"] >= TARGETS["intact"], f"{c['intact']:.1%}"))
        out.append(("headline first >= 95 %", c["headline"] >= TARGETS["headline"],
                    f"{c['headline']:.1%} (the title itself first: {c['title']:.1%})"))
    alto_mis = pooled([r for r in rows if "alto" in r and not r["txt"]["in_order"]], "alto")
    if alto_mis:
        ok = alto_mis["cleaned"]["intact"] >= TARGETS["alto_misordered_intact"]
        out.append(("ALTO, txt-misordered pages: >= 90 % intact", ok,
                    f"{alto_mis['cleaned']['intact']:.1%} of the paragraphs of {alto_mis['pages']} pages"))
    return out


def all_pages(rows: list[dict]) -> list[tuple[str, str]]:
    """The same measures over every page, those Tesseract read out of order too (no target: shown)."""
    out = []
    for kind, name in (("txt", "plain text"), ("alto", "ALTO")):
        p = pooled(rows, kind)
        if p:
            c, b = p["cleaned"], p["baseline"]
            out.append((f"{name}, all pages: CER clean / regex", f"{c['cer']:.2%} / {b['cer']:.2%}"))
            out.append((f"{name}, all pages: paragraphs intact", f"{c['intact']:.1%} (regex {b['intact']:.1%})"))
            out.append((f"{name}, all pages: headline first", f"{c['headline']:.1%} (title itself {c['title']:.1%})"))
            out.append((f"{name}, all pages: date found", f"{p['date']:.1%}"))
    return out


def print_verdicts(sets: dict[str, list[dict]]) -> None:
    names = [(key, label) for key, label in SETS if key in sets]
    print("\n## Targets (pages read in order)\n")
    print((f"{'':44s} " + " ‖ ".join(f"{label:66s}" for _, label in names)).rstrip())
    results = {key: verdicts(sets[key]) for key, _ in names}
    for n, (target, _, _) in enumerate(results[names[0][0]]):
        cells = []
        for key, _ in names:
            found = results[key][n] if n < len(results[key]) else None
            cells.append(f"{'PASS' if found[1] else 'FAIL'}  {found[2]:60s}" if found else " " * 66)
        print((f"{target:44s} " + " ‖ ".join(cells)).rstrip())
    print("-- not targets: every page, read in order or not")
    infos = {key: dict(all_pages(sets[key])) for key, _ in names}
    for label in infos[names[0][0]]:
        print((f"{label:44s} " + " ‖ ".join(f"      {infos[key].get(label, ''):60s}" for key, _ in names)).rstrip())


def headline_misses(rows: list[dict], kind: str = "txt") -> list[dict]:
    """Pages whose cleaned output does not open on the first story's headline."""
    return [r for r in rows if kind in r and not r[kind]["cleaned"]["headline_first"]]


def print_misses(rows: list[dict], label: str) -> None:
    """The pages whose cleaned text does not open on the headline: what it opens on, by family, and each page."""
    for kind, name in (("txt", "plain text"), ("alto", "ALTO")):
        misses = headline_misses(rows, kind)
        print(f"\n## {label}: pages whose headline did not come first ({name}, cleaned): {len(misses)} of "
              f"{sum(kind in r for r in rows)}")
        kinds = sorted({r[kind]["first_kind"] for r in misses})
        families = sorted({family_of(r) for r in rows})
        print(f"{'opens on':26s}" + "".join(f"{f[:14]:>15s}" for f in families) + f"{'all':>6s}")
        for what in kinds:
            counts = [sum(r[kind]["first_kind"] == what and family_of(r) == f for r in misses) for f in families]
            print(f"{what:26s}" + "".join(f"{c or '':>15}" for c in counts) + f"{sum(counts):>6d}")
        for row in misses:
            order = "in order" if row[kind]["in_order"] else "misordered"
            first = " ¶ ".join(b if len(b) <= 40 else b[:39] + "…" for b in row[kind]["first_blocks"])
            print(f"{row['page']:9s} {family_of(row):15s} {order:10s} {row[kind]['first_kind']:24s} title {row['title'][:24]}")
            print(f"{'':9s} first: {first}")


def ocr_set(which: str, pages: int, seed: int, jobs: int) -> list[dict]:
    from tests.bench.ocr_pages import ensure_pages
    folders = ensure_pages(pages, seed, jobs, which=which)
    start = time.perf_counter()
    rows = [measure_page(folder) for folder in folders]
    print(f"{which}: {len(folders)} pages read by Tesseract (chi_sim), seed {seed}; measured in "
          f"{time.perf_counter() - start:.0f} s")
    return rows


def ocr_bench(pages: int, seed: int, jobs: int, heldout_pages: int = 70, heldout_seed: int = 19) -> dict[str, list[dict]]:
    """The tuning plan (人民日报 1998 in the tuning layouts) and the held-out plan (other texts in
    other layout families), measured alike and printed side by side."""
    print("\n# Cleaning bench: pages read by Tesseract (chi_sim)")
    sets = {"tuning": ocr_set("tuning", pages, seed, jobs)}
    if heldout_pages:
        sets["heldout"] = ocr_set("heldout", heldout_pages, heldout_seed, jobs)
    print("tuning: reports of 人民日报 1998 in the tuning layouts; held out: features, official texts and desk pieces "
          "(tests/bench/articles.py) in layout families the tuning plan never draws (ocr_pages.FAMILIES)")
    print("CER: Levenshtein / reference length, pooled (re: the one-regex baseline); -ns: whitespace removed; "
          "int: paragraphs of 10+ characters matched by one output block (>= 0.9); head: first block is a line of the "
          "headline (title, one part of a two-part title, or a deck); title: the title itself first; "
          "date: enrich's date is the page's; 下缺: marks put; 无题: untitled stories; ord: pages Tesseract read in order")
    table(sets, "txt", "Tesseract plain text (.txt)")
    errors = ", ".join(f"{label} {sum('alto_error' in r for r in sets[key])}" for key, label in SETS if key in sets)
    table(sets, "alto", f"Tesseract ALTO (.xml), read as the CLI reads an .xml source (pages it could not read: {errors})")
    for key, label in SETS:
        failed = [r["page"] for r in sets.get(key, []) for k in ("txt", "alto") if k in r and r[k]["cleaner_error"]]
        if failed:
            print(f"\n{label}: cleaner refused {len(failed)} inputs: {', '.join(failed[:10])}")
    print_verdicts(sets)
    if "heldout" in sets:
        print_misses(sets["heldout"], "held out")
    return sets


def ocr_report(rows: list[dict], pages: int, seed: int) -> dict:
    """A set's part of the JSON report."""
    out = {"pages": pages, "seed": seed, "rows": rows,
           "pooled_txt": {k: pooled(v, "txt") for k, v in (
               ("all", rows), ("in_order", [r for r in rows if r["txt"]["in_order"]]),
               ("misordered", [r for r in rows if not r["txt"]["in_order"]]))},
           "targets": [{"target": n, "pass": ok, "detail": d} for n, ok, d in verdicts(rows)]}
    if any("alto" in r for r in rows):
        out["pooled_alto"] = pooled(rows, "alto")
    families = defaultdict(list)
    for row in rows:
        families[family_of(row)].append(row)
    out["families_txt"] = {name: pooled(subset, "txt") for name, subset in sorted(families.items())}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=160, help="OCR pages (default 160; rendered and read once, then cached)")
    parser.add_argument("--seed", type=int, default=1998, help="seed of the OCR pages (default 1998)")
    parser.add_argument("--heldout-pages", type=int, default=70,
                        help="held-out OCR pages: other texts in other layout families (default 70; 0: none)")
    parser.add_argument("--heldout-seed", type=int, default=19, help="seed of the held-out pages (default 19)")
    parser.add_argument("--no-heldout", action="store_true", help="only the tuning plan's OCR pages")
    parser.add_argument("--jobs", type=int, default=2, help="Tesseract processes at a time (default 2)")
    parser.add_argument("--synthetic-pages", type=int, default=150, help="reports for the injected defects (default 150)")
    parser.add_argument("--synthetic-seed", type=int, default=2026)
    parser.add_argument("--no-ocr", action="store_true", help="only the injected defects")
    parser.add_argument("--no-synthetic", action="store_true", help="no injected defects")
    parser.add_argument("--no-articles", action="store_true",
                        help="no clean articles of the held-out corpora (tests/bench/article_bench.py)")
    parser.add_argument("--json", type=Path, default=OUT, help=f"per-page figures (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args()
    report: dict = {"ocr": {"pages": args.pages, "seed": args.seed}}
    if not args.no_ocr:
        heldout_pages = 0 if args.no_heldout else args.heldout_pages
        sets = ocr_bench(args.pages, args.seed, args.jobs, heldout_pages, args.heldout_seed)
        report["ocr"] = ocr_report(sets["tuning"], args.pages, args.seed)
        if "heldout" in sets:
            report["ocr_heldout"] = ocr_report(sets["heldout"], heldout_pages, args.heldout_seed)
    if not args.no_synthetic:
        report["synthetic"] = synthetic(args.synthetic_pages, args.synthetic_seed)
    if not args.no_articles:
        from tests.bench.article_bench import report as article_report
        articles = article_report()
        report["articles"] = {corpus: {part: {k: v for k, v in row.items() if k != "misses"} if isinstance(row, dict) else row
                                       for part, row in parts.items()} for corpus, parts in articles.items()}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nper-page figures: {args.json}")


if __name__ == "__main__":
    main()
