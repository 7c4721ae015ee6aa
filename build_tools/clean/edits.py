"""Edits and their records: the provenance machinery every cleaning rule shares.

A rule looks at the whole text and proposes `Edit`s (non-overlapping spans of
its input). `apply_edits` turns them into the new text and `Change` records;
`revert` undoes one rule's records. Applying every rule's records in reverse
order gives back the source exactly: nothing is removed without a record.
"""

from __future__ import annotations

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


def map_back(position: int, changes: list[Change], side: str = "start") -> int:
    """Map an offset in a rule's output to the rule's input. Where the rule
    deleted text, a start maps past the deletion and an end before it, so a
    span never takes in text that is no longer there."""
    shift = 0
    for change in changes:
        out_start = change.start + shift
        out_end = out_start + len(change.after)
        if position < out_start:
            break
        if position == out_start == out_end:  # a deletion (or an insertion) right here
            return change.end if side == "start" else change.start
        if position < out_end:
            return change.start if position == out_start or side == "start" else change.end
        shift += len(change.after) - len(change.before)
    return position - shift


def source_offset(position: int, earlier: list[list[Change]], side: str = "start") -> int:
    """Map an offset in the text the `earlier` rules produced back to the source."""
    for rule_changes in reversed(earlier):
        position = map_back(position, rule_changes, side)
    return position


def to_source(changes: list[Change], earlier: list[list[Change]]) -> list[Change]:
    """Give each change its span in the source, via the rules that ran before it."""
    return [
        replace(change, source_start=source_offset(change.start, earlier),
                source_end=max(source_offset(change.start, earlier), source_offset(change.end, earlier, "end")))
        for change in changes
    ]
