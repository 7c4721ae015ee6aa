"""`make bench-clean`: how much injected OCR error the cleaner removes.

For each defect class, pages of the synthetic corpus are corrupted with that
class alone (and, last, with all classes at once), cleaned, and compared with
the clean reference by character error rate (Levenshtein distance / length).
"removed" = 1 - CER after / CER before. Lost text cannot be restored, only
marked: its row reports the marks, and the marks are left out of the CER.
Clean pages are cleaned too: the cleaner must change at most 0.05 % of them.
"joins": column-break joins made; in the lost_text row every join glued a
truncated paragraph to the next one (no column break was injected there).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from build_tools.clean import clean_source  # noqa: E402
from build_tools.clean.columns import LOST_MARK  # noqa: E402
from build_tools.model import Source  # noqa: E402
from tests.bench.corpus import DEFECTS, corpus, inject  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    pages = corpus(args.pages, args.seed)
    print(f"{args.pages} synthetic pages, seed {args.seed}")
    print(f"{'defect class':18s} {'chars':>8s} {'CER before':>11s} {'CER after':>10s} {'removed':>8s}  {'joins':>5s}  lost text marked")
    totals = [0, 0]
    for defect in (*DEFECTS, "all"):
        row = measure(pages, defect, args.seed)
        cer_before, cer_after = row["before"] / row["chars"], row["after"] / row["chars"]
        removed = 1 - row["after"] / row["before"] if row["before"] else float("nan")
        marked = f"{row['marks']}/{row['lost']}" if row["lost"] or row["marks"] else ""
        print(f"{defect:18s} {row['chars']:8d} {cer_before:11.4%} {cer_after:10.4%} {removed:8.1%}  {row['joins']:5d}  {marked}")
        totals = [t + row[k] for t, k in zip(totals, ("before", "after"))]
    print(f"{'sum of the classes':18s} {'':8s} {'':11s} {'':10s} {1 - totals[1] / totals[0]:8.1%}")
    changed, chars = clean_input_change(pages)
    print(f"clean input: {changed} of {chars} characters changed ({changed / chars:.4%}; bar 0.05%)")


if __name__ == "__main__":
    main()
