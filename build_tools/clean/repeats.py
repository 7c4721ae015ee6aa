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
from ..lexicon import HAN_RE, lightly_punctuated
from .edits import Edit
from .words import CONTEXT, loose_characters

# Two blocks this similar (1 - normalised Indel distance) are copies of one block.
SAME_BLOCK = 0.9
# Short blocks are compared more leniently when they border a repeated run:
# shorter than MIN_REPEATED_CHARS, printed anywhere before; shorter than
# IN_LINE_SHORT, where they carry the run's earlier text on (being in line is
# evidence too; three misreads take a block that short below SAME_BLOCK).
SHORT_SAME = 0.8
IN_LINE_SHORT = 30
# A block found inside earlier blocks this many times its length is a part
# of them quoted again (a pull quote, a caption, cut short as the OCR read
# it), not a copy of them.
QUOTED_PART = 1.5
# Shorter blocks (a credit, a slogan) may rightly stand twice on a page.
MIN_REPEATED_CHARS = 20
# A piece shorter than this (a few characters a column break cut off) is too
# short to compare: one misread in it is a third of it. It goes with a copy
# when the pieces on both sides of it stand where it leaves room for it.
MIN_PIECE_CHARS = 6
# A copy's alignment with the earlier text may be off by a character or two at
# either end (a misread there shifts it), so edges this close are one edge.
EDGE_SLACK = 2
# A clause repeated in a row: the repeated unit starts or ends on a clause mark, as a
# scanner's stutter does; reduplication is Chinese grammar and ends on none
# ("研究研究", "一块石头一块石头地"), and a name called twice is shorter than
# STUTTER_MIN_HAN ("小明，小明，").
# A stuttered unit is a clause or a few (the scanner re-reads a stretch of a
# line): at most this many clauses, this many characters.
STUTTER_MAX_CLAUSES = 4
STUTTER_MAX_CHARS = 60
_STUTTER_RE = re.compile(f"([，；、。！？][^\\n]{{3,{STUTTER_MAX_CHARS}}}?|[^\\n]{{3,{STUTTER_MAX_CHARS}}}?[，；、。！？])\\1+")
STUTTER_MIN_HAN = 4
# Clause marks: a clause runs up to one. Two units in a row this similar (and
# as long, with words broken) are one unit twice, a character or two misread.
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
    dropped: dict[int, tuple[int, int]] = {}  # block index: where its copy stands in `earlier`
    index = 0
    while index < len(blocks):
        block = blocks[index]
        match = _earlier_match(block, earlier) if len(block) >= MIN_REPEATED_CHARS else None
        copies = _copied_run(blocks, index, match, earlier, kept, dropped) if match is not None else []
        if not copies:
            kept.append((index, len(earlier), len(earlier) + len(block)))
            earlier += block
            index += 1
            continue
        while kept and kept[-1][0] >= copies[0][0]:  # the run took in blocks just kept: take them back
            taken_back, start, _ = kept.pop()
            earlier = earlier[:start]
            reading.pop(taken_back, None)
        for copy, (start, end) in copies:
            if copy in dropped:
                continue
            dropped[copy] = (start, end)
            same = [k for k, first, last in kept if abs(first - start) <= EDGE_SLACK and abs(last - end) <= EDGE_SLACK]
            if same and _reads_better(blocks[copy], reading.get(same[0], blocks[same[0]])):
                reading[same[0]] = blocks[copy]
        index = copies[-1][0] + 1
    removed = _with_short_neighbours(blocks, sorted(dropped), earlier, {k: start for k, start, _ in kept})
    edits = [Edit(spans[first - 1][1], spans[last][1], "", f"{last - first + 1} 块文字重复印了一次")
             for first, last in _runs(removed)]
    edits += [Edit(*spans[index], best, "此块的重复印本识别得更好") for index, best in reading.items()]
    return edits


def _inside_a_longer_block(match: tuple[int, int], size: int, kept: list[tuple[int, int, int]]) -> bool:
    """The earlier blocks the match touches are much longer than the block:
    it is a part of them, not a copy of them (a copy split differently by
    column breaks touches blocks about its own length). A block the match
    only grazes (an alignment off by a misread character at its end) is not
    touched."""
    touched = sum(end - start for _, start, end in kept if min(end, match[1]) - max(start, match[0]) > EDGE_SLACK)
    return touched > QUOTED_PART * size


def _copied_run(blocks: list[str], index: int, match: tuple[int, int], earlier: str,
                kept: list[tuple[int, int, int]], dropped: dict[int, tuple[int, int]]) -> list[tuple[int, tuple[int, int]]]:
    """Block `index`, found at `match` in the earlier text, and the blocks
    around it that print the earlier text on from where it stops (or up to
    where it starts): each block with its place in `earlier`, or none.

    A block found inside much longer earlier text is a sentence of it quoted
    again (a pull quote, a caption), unless the blocks around it carry the
    earlier text on with it: a copy that column breaks cut elsewhere than the
    first print ("P2 first half", "P2 second half + P3"). The run grows a
    block at a time while it is a part of longer earlier text; if it cannot,
    none. Then short blocks in line with it that are only SHORT_SAME alike
    (a few misreads) join it, while the run, read as one, stays SAME_BLOCK
    alike the stretch it copies (rows of a table can be alike one by one,
    not a whole stretch of them)."""
    run = [(index, match)]
    size = len(blocks[index])
    while _inside_a_longer_block((run[0][1][0], run[-1][1][1]), size, kept):
        grown = _grown_after(blocks, run, earlier, SAME_BLOCK) or _grown_before(blocks, run, earlier, kept, dropped, SAME_BLOCK)
        if not grown:
            return []
        run = sorted(run + grown)
        size += sum(len(blocks[k]) for k, _ in grown)
    if not _reads_as_copy(blocks, run, earlier):
        return []
    while grown := _grown_after(blocks, run, earlier, SHORT_SAME) or _grown_before(blocks, run, earlier, kept, {}, SHORT_SAME):
        longer, longer_size = sorted(run + grown), size + sum(len(blocks[k]) for k, _ in grown)
        if any(len(blocks[k]) >= IN_LINE_SHORT for k, _ in grown) or not _reads_as_copy(blocks, longer, earlier) \
                or _inside_a_longer_block((longer[0][1][0], longer[-1][1][1]), longer_size, kept):
            break  # a longer block in line is judged on its own turn
        run, size = longer, longer_size
    return run


def _reads_as_copy(blocks: list[str], run: list[tuple[int, tuple[int, int]]], earlier: str) -> bool:
    copied = earlier[run[0][1][0]:run[-1][1][1]]
    return Indel.normalized_similarity("".join(blocks[k] for k, _ in run), copied) >= SAME_BLOCK


def _grown_after(blocks: list[str], run: list[tuple[int, tuple[int, int]]], earlier: str,
                 same: float) -> list[tuple[int, tuple[int, int]]]:
    """The block after the run, if it carries on the earlier text from where
    the run's copy of it stops; a piece too short to tell (a misread in it)
    goes too when the block after it does carry on from beyond it."""
    after, at = run[-1][0] + 1, run[-1][1][1]
    if after >= len(blocks):
        return []
    found = _continues(blocks[after], earlier, at, True, same)
    if found is not None:
        return [(after, found)]
    if len(blocks[after]) < MIN_PIECE_CHARS and after + 1 < len(blocks):
        beyond = _continues(blocks[after + 1], earlier, at + len(blocks[after]), True, same)
        if beyond is not None:
            return [(after, (at, beyond[0])), (after + 1, beyond)]
    return []


def _grown_before(blocks: list[str], run: list[tuple[int, tuple[int, int]]], earlier: str,
                  kept: list[tuple[int, int, int]], dropped: dict[int, tuple[int, int]],
                  same: float) -> list[tuple[int, tuple[int, int]]]:
    """The block before the run, if the earlier text it reads ends where the
    run's copy of it begins: a copy already (in `dropped`), or a block kept just
    now (the last of `earlier`, so it can be taken back); a piece too short to
    tell goes too when the block before it is such a copy and ends beyond it."""
    before, at = run[0][0] - 1, run[0][1][0]
    if before in dropped and abs(dropped[before][1] - at) <= EDGE_SLACK:
        return [(before, dropped[before])]
    taken_back = sum(1 for k, _, _ in kept if k > before)
    if before < 1 or len(kept) <= taken_back or kept[-1 - taken_back][0] != before:
        return []
    found = _continues(blocks[before], earlier[:kept[-1 - taken_back][1]], at, False, same)
    if found is not None:
        return [(before, found)]
    if len(blocks[before]) < MIN_PIECE_CHARS and before - 1 in dropped:
        end = dropped[before - 1][1]
        if abs(end + len(blocks[before]) - at) <= EDGE_SLACK:
            return [(before - 1, dropped[before - 1]), (before, (end, at))]
    return []


def _continues(block: str, earlier: str, at: int, forward: bool, same: float) -> tuple[int, int] | None:
    """Where a copy of block (`same` alike) stands in the earlier text starting
    (forward) or ending (backward) at offset `at`, give or take EDGE_SLACK."""
    low = at - EDGE_SLACK if forward else at - len(block) - EDGE_SLACK
    low = max(0, low)
    window = earlier[low:low + len(block) + 2 * EDGE_SLACK]
    if not block or len(window) < len(block):
        return None
    found = fuzz.partial_ratio_alignment(block, window, score_cutoff=same * 100)
    if found is None:
        return None
    start, end = low + found.dest_start, low + found.dest_end
    if Indel.normalized_similarity(block, earlier[start:end]) < same:
        return None
    return (start, end) if abs((start if forward else end) - at) <= EDGE_SLACK else None


def _earlier_match(block: str, earlier: str) -> tuple[int, int] | None:
    """Where a near-copy of block stands in the earlier text, if anywhere."""
    # cheap filter first: some short pieces of the block must stand in the earlier text
    probes = [block[i:i + 6] for i in range(0, len(block) - 5, max(1, len(block) // 12))]
    if sum(probe in earlier for probe in probes) < min(2, len(probes)):
        return None
    found = fuzz.partial_ratio_alignment(block, earlier, score_cutoff=SAME_BLOCK * 100)
    return (found.dest_start, found.dest_end) if found else None


def _with_short_neighbours(blocks: list[str], dropped: list[int], earlier: str, starts: dict[int, int]) -> list[int]:
    """Short blocks (sub-heads, list items) next to a repeated run, and
    printed before it too, go with the run. `earlier[:starts[k]]`: the kept
    text before block k (cut only for the neighbours looked at).
    Longer blocks were compared whole already; and partial_ratio would find
    a shorter earlier text (a title) inside a longer block, not the block in it."""
    result = set(dropped)
    grew = True
    while grew:
        grew = False
        for index in sorted(result):
            for neighbour in (index - 1, index + 1):
                if neighbour in result or neighbour not in starts or neighbour == 0:
                    continue
                block = blocks[neighbour]
                if len(block) >= MIN_REPEATED_CHARS or len(block) > starts[neighbour]:
                    continue
                before = earlier[:starts[neighbour]]
                if block in before or (len(block) >= MIN_PIECE_CHARS and fuzz.partial_ratio(block, before, score_cutoff=SHORT_SAME * 100)):
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
    """A clause (or a few in a row) printed two or more times in a row keeps
    one copy; copies with a character or two misread count too (the first
    is kept, unless a later one reads better at every place they differ).

    Runs of clauses come first: a run is a unit of clauses, then each unit
    after it that is the one before it again (the same, or misread), so
    "A，A'，A，" is one run of three wherever the misread stands. The regex
    then takes exact repeats whose unit does not end where a clause does."""
    # In 句讀 a clause printed again is rhetoric (外國如是、外國如是), not a misread.
    judou = lightly_punctuated(text)
    edits, taken = ([], []) if judou else _clause_runs(text)
    for match in _STUTTER_RE.finditer(text):
        unit = match.group(1)
        if judou and _CLAUSE_MARK_RE.search(unit):
            continue
        if len(HAN_RE.findall(unit)) < STUTTER_MIN_HAN or any(start < match.end() and match.start() < end for start, end in taken):
            continue
        edits.append(Edit(match.start() + len(unit), match.end(), "", f"“{unit}”连续重复 {len(match.group()) // len(unit)} 次"))
    return edits


def _clause_runs(text: str) -> tuple[list[Edit], list[tuple[int, int]]]:
    """Edits for every run of one unit printed again in a row, and the spans
    the runs take. A unit is 1 to STUTTER_MAX_CLAUSES clauses; the longest run
    from a clause wins (ties: the shorter unit)."""
    edits, taken = [], []
    clauses = _clauses(text)
    position = 0
    while position < len(clauses):
        runs = [_run_from(text, clauses, position, size) for size in range(1, STUTTER_MAX_CLAUSES + 1)]
        copies, size = max(((run, size) for size, run in enumerate(runs, 1) if run),
                           key=lambda pair: (pair[0][-1][1] - pair[0][0][0], -pair[1]), default=([], 1))
        if not copies:
            position += 1
            continue
        position += len(copies) * size
        best = 0  # the first copy, unless a later one reads better (as a block's copy does)
        for k in range(1, len(copies)):
            if _reads_better(text[slice(*copies[k])], text[slice(*copies[best])]):
                best = k
        reason = f"“{text[slice(*copies[best])]}”连印 {len(copies)} 次"
        if best > 0:  # the copies before the best, each with its mark
            edits.append(Edit(copies[0][0], copies[best][0], "", reason))
        if best < len(copies) - 1:  # the best one's mark and the copies after it, but for the last mark
            edits.append(Edit(copies[best][1], copies[-1][1], "", reason))
        taken.append((copies[0][0], copies[-1][1] + 1))
    return edits, taken


def _run_from(text: str, clauses: list[tuple[int, int]], position: int, size: int) -> list[tuple[int, int]]:
    """The copies (each without its last mark) of a unit of `size` clauses
    printed again and again from clause `position` on, if two at least.
    Units are compared without their last marks (the last copy may end the
    sentence: "X，X，X。" keeps "X。"); the first copy may be the end of a longer
    clause ("推动X，X，X，"): the copy after it is compared with as much of
    its end as it is long."""
    def unit(at: int) -> tuple[int, int] | None:
        group = clauses[at:at + size]
        if len(group) < size or any(a[1] != b[0] for a, b in zip(group, group[1:])):
            return None
        return group[0][0], group[-1][1] - 1

    first = unit(position)
    if first is None:
        return []
    copies, links, at = [first], [], position + size
    while (copy := unit(at)) is not None:
        last_start, last_end = copies[-1]
        length = copy[1] - copy[0]
        if copy[0] != last_end + 1 or length > last_end - last_start or length > STUTTER_MAX_CHARS:
            break
        link = _link(text[last_end - length:last_end], text[slice(*copy)])
        if link is None:
            break
        copies[-1] = (last_end - length, last_end)
        copies.append(copy)
        links.append(link)
        at += size
    if not links:
        return []
    # a copy that differs in one character only is a misread copy when the run
    # holds the unit twice the same: "A，A'，A，", not "片雪无存，片瓦无存，"
    readings = [text[slice(*copy)] for copy in copies]
    if "one" in links and len(set(readings)) == len(readings):
        return []
    return copies


def _link(a: str, b: str) -> str | None:
    """How b is unit a printed again (both without their last marks):
    "same", with STUTTER_MIN_HAN Han characters at least ("小明，小明，" is a
    name called twice); "near", misread: as long (a misread keeps the
    length), NEAR_CLAUSE alike (so 7 characters long at least for one
    misread) and with words broken (two parallel clauses that differ in a
    word, 城镇…，农村…, have theirs whole); "one", misread in one character
    and words broken, but too short to be NEAR_CLAUSE alike; or None."""
    if len(a) != len(b) or len(HAN_RE.findall(a)) < STUTTER_MIN_HAN:
        return None
    if a == b:
        return "same"
    link = "near" if Indel.normalized_similarity(a, b) >= NEAR_CLAUSE else "one" if Levenshtein.distance(a, b) == 1 else None
    return link if link and loose_characters(a) != loose_characters(b) else None
