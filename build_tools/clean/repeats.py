"""Repeats: blocks printed twice, and clauses stuttered in a row.

Copies are compared with rapidfuzz, so a copy in which the scanner misread a
few characters still counts. The first copy is the one kept, in the reading
of a later one only when that one is better at every place the two differ
(fewer characters jieba cannot fit into words: a misread breaks words).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from .blocks import block_spans
from ..lexicon import HAN_RE
from .edits import Edit
from .words import CONTEXT, loose_characters

# Two blocks this similar (1 - normalised Indel distance) are copies of one block.
SAME_BLOCK = 0.9
# Short blocks are compared more leniently when they border a repeated run.
SHORT_SAME = 0.8
# A block found inside earlier blocks this many times its length is a part
# of them quoted again (a pull quote, a caption, cut short as the OCR read
# it), not a copy of them.
QUOTED_PART = 1.5
# Shorter blocks (a credit, a slogan) may rightly stand twice on a page.
MIN_REPEATED_CHARS = 20
# A clause repeated in a row: the repeated unit starts or ends on a clause mark, as a
# scanner's stutter does; reduplication is Chinese grammar and ends on none
# ("研究研究", "一块石头一块石头地"), and a name called twice is shorter than
# STUTTER_MIN_HAN ("小明，小明，").
_STUTTER_RE = re.compile("([，；、。！？][^\\n]{3,60}?|[^\\n]{3,60}?[，；、。！？])\\1+")
STUTTER_MIN_HAN = 4
# Clause marks: a clause runs up to one. Two clauses in a row this similar are one clause twice.
_CLAUSE_MARK_RE = re.compile("[，。、；：！？\\n]")
NEAR_CLAUSE = 0.85


def _reads_better(copy: str, first: str) -> bool:
    """The copy reads better than the first print: the two differ only in
    characters misread one for one, and at every place they differ the copy
    breaks fewer words. A copy as good somewhere, or worse (a misread can
    make a word by chance, a name is no word), or of another length (a piece
    of the block, not a reading of it), leaves the first print as it is."""
    if len(copy) != len(first) or copy == first:
        return False
    for tag, start, end, _, _ in Levenshtein.opcodes(first, copy):
        if tag == "equal":
            continue
        low, high = max(0, start - CONTEXT), end + CONTEXT
        if tag != "replace" or loose_characters(copy[low:high]) >= loose_characters(first[low:high]):
            return False
    return True


def remove_repeated_blocks(text: str) -> list[Edit]:
    """A block printed again later on the page (a whole block, or the pieces of
    one that column breaks split differently) keeps one copy: at the place of
    the first, with the reading of the better copy."""
    spans = block_spans(text)
    blocks = [text[s:e] for s, e in spans]
    kept: list[tuple[int, int, int]] = []  # (block index, start, end) in `earlier`
    earlier = ""  # the kept blocks so far, without separators
    reading: dict[int, str] = {}
    dropped: list[int] = []
    for index, block in enumerate(blocks):
        match = _earlier_match(block, earlier) if len(block) >= MIN_REPEATED_CHARS else None
        if match is not None and _inside_a_longer_block(match, len(block), kept):
            match = None  # a sentence quoted again (a pull quote, a caption), not a block printed twice
        if match is None:
            kept.append((index, len(earlier), len(earlier) + len(block)))
            earlier += block
            continue
        dropped.append(index)
        same = [k for k, start, end in kept if abs(start - match[0]) <= 2 and abs(end - match[1]) <= 2]
        if same and _reads_better(block, reading.get(same[0], blocks[same[0]])):
            reading[same[0]] = block
    starts = {k: start for k, start, _ in kept}
    dropped = _with_short_neighbours(blocks, dropped, {k: earlier[:start] for k, start in starts.items()})
    edits = [Edit(spans[first - 1][1], spans[last][1], "", f"{last - first + 1} 块文字重复印了一次")
             for first, last in _runs(dropped)]
    edits += [Edit(*spans[index], best, "此块的重复印本识别得更好") for index, best in reading.items()]
    return edits


def _inside_a_longer_block(match: tuple[int, int], size: int, kept: list[tuple[int, int, int]]) -> bool:
    """The earlier blocks the match touches are much longer than the block:
    it is a part of them, not a copy of them (a copy split differently by
    column breaks touches blocks about its own length)."""
    touched = sum(end - start for _, start, end in kept if start < match[1] and match[0] < end)
    return touched > QUOTED_PART * size


def _earlier_match(block: str, earlier: str) -> tuple[int, int] | None:
    """Where a near-copy of block stands in the earlier text, if anywhere."""
    # cheap filter first: some short pieces of the block must stand in the earlier text
    probes = [block[i:i + 6] for i in range(0, len(block) - 6, max(1, len(block) // 12))]
    if sum(probe in earlier for probe in probes) < min(2, len(probes)):
        return None
    found = fuzz.partial_ratio_alignment(block, earlier, score_cutoff=SAME_BLOCK * 100)
    return (found.dest_start, found.dest_end) if found else None


def _with_short_neighbours(blocks: list[str], dropped: list[int], before: dict[int, str]) -> list[int]:
    """Short blocks (sub-heads, list items) next to a repeated run, and
    printed before it too, go with the run. `before[k]`: the kept text before block k.
    Longer blocks were compared whole already; and partial_ratio would find
    a shorter earlier text (a title) inside a longer block, not the block in it."""
    result = set(dropped)
    grew = True
    while grew:
        grew = False
        for index in sorted(result):
            for neighbour in (index - 1, index + 1):
                if neighbour in result or neighbour not in before or neighbour == 0:
                    continue
                block, earlier = blocks[neighbour], before[neighbour]
                if len(block) >= MIN_REPEATED_CHARS or len(block) > len(earlier):
                    continue
                if block in earlier or (len(block) >= 6 and fuzz.partial_ratio(block, earlier, score_cutoff=SHORT_SAME * 100)):
                    result.add(neighbour)
                    grew = True
    return sorted(result)


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for index in indices:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def _clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause that ends on a clause mark (found in one
    pass: a regex for "text then mark" rescans unpunctuated lines quadratically)."""
    spans, start = [], 0
    for mark in _CLAUSE_MARK_RE.finditer(text):
        if mark.group() != "\n" and mark.start() > start:
            spans.append((start, mark.end()))
        start = mark.end()
    return spans


def remove_stutters(text: str) -> list[Edit]:
    """A clause printed two or more times in a row keeps one copy; a copy
    with a few characters misread counts too (the first is kept, unless the
    other reads better)."""
    edits = []
    for match in _STUTTER_RE.finditer(text):
        unit = match.group(1)
        if len(HAN_RE.findall(unit)) >= STUTTER_MIN_HAN:
            edits.append(Edit(match.start() + len(unit), match.end(), "", f"“{unit}”连续重复 {len(match.group()) // len(unit)} 次"))
    taken = [(e.start, e.end) for e in edits]
    clauses = _clauses(text)
    for (first_start, first_end), (second_start, second_end) in zip(clauses, clauses[1:]):
        a, b = text[first_start:first_end], text[second_start:second_end]
        if first_end != second_start or len(a) < 6 or a == b or Indel.normalized_similarity(a, b) < NEAR_CLAUSE:
            continue
        if any(start < second_end and first_start < end for start, end in taken):
            continue
        if loose_characters(a) == loose_characters(b) or abs(len(a) - len(b)) > 1:
            continue  # parallel clauses (城镇…，农村…; 骏业公司、强业机械公司、): a misread keeps the length and breaks words
        keep_first = not _reads_better(b, a)
        span = (second_start, second_end) if keep_first else (first_start, first_end)
        edits.append(Edit(*span, "", f"分句“{a if keep_first else b}”连印两次，其中一次误识"))
        taken.append((first_start, second_end))
    return edits
