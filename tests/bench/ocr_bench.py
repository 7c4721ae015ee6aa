"""`make bench-ocr`: the archive built from page images (issue 22), tuning set against held out.

Pages: the cleaning bench's rendered pages (tests/bench/ocr_pages.py), which
Tesseract has read already: **tuning**, reports of 人民日报 1998 in the tuning
layouts; **held out**, other sources of text (features, official texts, the
other desks: tests/bench/articles.py) in layout families the tuning plan never
draws (a headline over some columns, a side headline, a boxed story, a picture
inside the body, several stories to a page). Modern Simplified, horizontal.
And Traditional print set vertically (tests/bench/vertical_pages.py): a
**vertical tuning** set (人民日报 1998 in s2t, one story a page, one band) and a
**vertical held out** set (the held-out corpora in s2twp or s2hk, two stories
a page, bands, a date line across the top); Tesseract is not run on these.

Each set's images are put in a sources folder and built by the pipeline
(`build_tools.pipeline.build`, two workers, a fresh page cache; the OCR cache
is kept between runs unless `--fresh`) with RapidOCR,
the default engine: the whole build from images. Measured on the stories the
build makes of each page (their blocks as `python -m build_tools clean`
prints them), against the page's truth, with the cleaning bench's measures:
CER (white space out, pooled over the pages), headline first (the page's first
story opens with a line of its headline), paragraphs intact. Beside it, the
same pages from Tesseract's hOCR (`chi_sim`, read and cleaned by the same
pipeline), and a naive reading: RapidOCR's lines in its own order, one line
after another. Seconds: the engine's CPU time a page (from the OCR cache's
records) and the build's wall time a page with two workers.

    .venv/bin/python tests/bench/ocr_bench.py [--pages 30] [--heldout-pages 30]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from clean_bench import cleaner_output, score_text, source_of, squeeze  # noqa: E402
from ocr_pages import ensure_pages  # noqa: E402
import vertical_pages  # noqa: E402

from build_tools.cli import printed_blocks  # noqa: E402
from build_tools.ocr import Engine, cache_entry  # noqa: E402
from build_tools.pipeline import build  # noqa: E402

WORK = ROOT / "build" / "bench-ocr-images"
TARGETS = {"cer": 0.02, "headline": 0.90, "cpu_seconds": 5.0, "vertical_cer": 0.07}


def built_text(stories) -> str:
    return "\n\n".join(block for story in sorted(stories, key=lambda s: s.position) for block in printed_blocks(story))


def measure_set(which: str, pages: int, seed: int | None, jobs: int, fresh: bool) -> dict:
    if which.startswith("vertical-"):
        folders = vertical_pages.ensure_pages(which.removeprefix("vertical-"), pages)
    else:
        folders = ensure_pages(pages, seed, jobs, which=which)
    work = WORK / which
    readings = WORK / "ocr-cache" / which  # kept between runs unless --fresh: the engine's CPU time is in its records
    if fresh:
        shutil.rmtree(readings, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    sources = work / "sources"
    sources.mkdir(parents=True)
    readings.mkdir(parents=True, exist_ok=True)
    (work / "cache").mkdir()
    (work / "cache" / "ocr").symlink_to(readings)
    before = len(list(readings.rglob("*.json")))
    truths = {}
    for folder in folders:
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        name = f"{truth['page']}.png"
        (sources / name).symlink_to(folder / "page.png")
        truths[name] = (truth, folder)
    started = time.perf_counter()
    result = build(sources, work / "docs", jobs=jobs, cache_dir=work / "cache")
    wall = time.perf_counter() - started
    by_page: dict[str, list] = {}
    for story in result.stories:
        by_page.setdefault(story.source.name, []).append(story)
    engine = Engine()
    read_now = len(list(readings.rglob("*.json"))) - before
    rows, cpu = [], []
    for name, (truth, folder) in sorted(truths.items()):
        reference = truth["expected"]
        ours = built_text(by_page.get(name, []))
        hocr = folder / "page.hocr"  # Tesseract's reading, where the set has one
        hocr_text = cleaner_output(source_of(hocr.read_bytes(), f"{truth['page']}.hocr"))[0] if hocr.is_file() else None
        image_sha256 = hashlib.sha256((folder / "page.png").read_bytes()).hexdigest()
        record = json.loads(cache_entry(image_sha256, engine.describe(), readings).read_text(encoding="utf-8"))
        cpu.append(record["cpu_seconds"])
        lines = "\n".join(json.loads(record["data"])["txts"])  # the engine's lines in its own order
        row = {"page": truth["page"], "layout": truth["layout"], "chars": len(squeeze(reference))}
        for label, text in (("rapidocr, built", ours), ("tesseract hOCR, built", hocr_text),
                            ("rapidocr lines in its order (naive)", lines)):
            if text is not None:
                row[label] = score_text(truth, reference, text)
        rows.append(row)
    return {"rows": rows, "wall_per_page": wall / max(1, len(folders)), "cpu_per_page": sum(cpu) / max(1, len(cpu)),
            "pages": len(folders), "read_now": read_now, "problems": [str(problem) for problem in result.problems]}


def pooled(rows: list[dict], label: str) -> dict | None:
    rows = [row for row in rows if label in row]
    if not rows:
        return None
    chars = sum(row["chars"] for row in rows)
    paragraphs = sum(row[label]["paragraphs"] for row in rows)
    return {"cer": sum(row[label]["dist_ns"] for row in rows) / chars,
            "headline": sum(row[label]["headline_first"] for row in rows) / len(rows),
            "intact": sum(row[label]["intact"] for row in rows) / paragraphs if paragraphs else float("nan")}


def report(sets: dict[str, dict]) -> None:
    labels = ("rapidocr, built", "tesseract hOCR, built", "rapidocr lines in its order (naive)")
    print("\n# make bench-ocr: the archive built from page images (modern Simplified, horizontal; Traditional, vertical)")
    print("| | " + " | ".join(f"{name} ({data['pages']} pages)" for name, data in sets.items()) + " | target |")
    print("| --- |" + " --- |" * (len(sets) + 1))
    for label in labels:
        for measure, target in (("cer", "≤ 2 %; vertical ≤ 7 %"), ("headline", "≥ 90 %"), ("intact", "")):
            cells = [f"{pooled(data['rows'], label)[measure]:.1%}" if pooled(data["rows"], label) else "–"
                     for data in sets.values()]
            print(f"| {label}: {measure} | " + " | ".join(cells) + f" | {target if label == labels[0] else ''} |")
    print("| RapidOCR CPU seconds a page | " + " | ".join(f"{d['cpu_per_page']:.2f}" for d in sets.values()) + " | ≤ 5 |")
    print("| build wall seconds a page, two workers (pages read by the engine in this run) | "
          + " | ".join(f"{d['wall_per_page']:.2f} ({d['read_now']})" for d in sets.values()) + " | |")
    for name, data in sets.items():
        if data["problems"]:
            print(f"{name}: problems: {data['problems'][:5]}")
    print("\nCER: Levenshtein distance / truth length, white space out, pooled; headline: the page's first story opens "
          "with a line of its headline; intact: paragraphs of 10+ characters matched by one block (≥ 0.9)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--heldout-pages", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--heldout-seed", type=int, default=None,
                        help="another draw of the held-out plan (default: its seed, 19), to measure a rule on pages never read")
    parser.add_argument("--fresh", action="store_true", help="read every image again (the wall time then includes OCR)")
    parser.add_argument("--vertical-pages", type=int, default=12, help="pages of each vertical set (0: none)")
    args = parser.parse_args()
    sets = {"tuning": measure_set("tuning", args.pages, None, args.jobs, args.fresh),
            "held out": measure_set("heldout", args.heldout_pages, args.heldout_seed, args.jobs, args.fresh)}
    if args.vertical_pages:
        sets["vertical tuning"] = measure_set("vertical-tuning", args.vertical_pages, None, args.jobs, args.fresh)
        sets["vertical held out"] = measure_set("vertical-heldout", args.vertical_pages, None, args.jobs, args.fresh)
    report(sets)
    out = ROOT / "build" / "bench-ocr.json"
    out.write_text(json.dumps(sets, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nrows: {out}")


if __name__ == "__main__":
    main()
