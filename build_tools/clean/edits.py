"""Edits and their records: the provenance machinery every cleaning rule shares.

A rule looks at the whole text and proposes `Edit`s (non-overlapping spans of
its input). `apply_edits` turns them into the new text and `Change` records;
`revert` undoes one rule's records. Applying every rule's records in reverse
order gives back the source exactly: nothing is removed without a record.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from ..model import Change


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    after: str
    reason: str
    flag: bool = False
    group: int = 0  # edits with one nonzero group (a move: delete here, insert there) stand or fall together


def apply_edits(text: str, rule: str, edits: list[Edit]) -> tuple[str, list[Change]]:
    """Apply non-overlapping edits (any order); return new text and records."""
    pieces, changes, cursor = [], [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor:
            continue  # overlaps an edit already taken: the first one wins
        before = text[edit.start:edit.end]
        if before == edit.after and not edit.flag:
            continue
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.after)
        changes.append(Change(rule, edit.start, edit.end, before, edit.after, edit.reason, flag=edit.flag))
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), changes


def revert(text: str, changes: list[Change]) -> str:
    """Undo one rule's changes: the inverse of `apply_edits`."""
    pieces, cursor, shift = [], 0, 0
    for change in changes:
        out_start = change.start + shift
        out_end = out_start + len(change.after)
        pieces.append(text[cursor:out_start])
        pieces.append(change.before)
        cursor = out_end
        shift += len(change.after) - len(change.before)
    pieces.append(text[cursor:])
    return "".join(pieces)


@dataclass(frozen=True)
class ChangeIndex:
    """One rule's changes with where each stands in the rule's output, so an
    output offset is mapped back by bisection, not by walking every change."""

    changes: tuple[Change, ...]
    out_starts: tuple[int, ...]
    out_ends: tuple[int, ...]
    shifts: tuple[int, ...]  # output length minus input length, up to and with each change


def index_changes(changes: list[Change]) -> ChangeIndex:
    out_starts, out_ends, shifts, shift = [], [], [], 0
    for change in changes:
        out_starts.append(change.start + shift)
        out_ends.append(change.start + shift + len(change.after))
        shift += len(change.after) - len(change.before)
        shifts.append(shift)
    return ChangeIndex(tuple(changes), tuple(out_starts), tuple(out_ends), tuple(shifts))


def map_back(position: int, index: ChangeIndex, side: str = "start") -> int:
    """Map an offset in a rule's output to the rule's input. Where the rule
    deleted text, a start maps past the deletion and an end before it, so a
    span never takes in text that is no longer there. (The rule's output
    spans are sorted and disjoint: the first that holds the offset, or an
    empty one right at it, decides.)"""
    before = bisect_right(index.out_starts, position)  # changes that start at or before the offset
    k = bisect_left(index.out_ends, position)
    while k < before:
        change = index.changes[k]
        out_start, out_end = index.out_starts[k], index.out_ends[k]
        if position == out_start == out_end:  # a deletion (or an insertion) right here
            return change.end if side == "start" else change.start
        if position < out_end:
            return change.start if position == out_start or side == "start" else change.end
        k += 1
    return position - (index.shifts[before - 1] if before else 0)


def source_offset(position: int, earlier: list[ChangeIndex], side: str = "start") -> int:
    """Map an offset in the text the `earlier` rules produced back to the source."""
    for index in reversed(earlier):
        position = map_back(position, index, side)
    return position


def to_source(changes: list[Change], earlier: list[ChangeIndex]) -> list[Change]:
    """Give each change its span in the source, via the rules that ran before it."""
    return [
        replace(change, source_start=source_offset(change.start, earlier),
                source_end=max(source_offset(change.start, earlier), source_offset(change.end, earlier, "end")))
        for change in changes
    ]
