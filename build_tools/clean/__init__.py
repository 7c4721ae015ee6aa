"""Clean: one small named rule per OCR defect class, each change recorded.

`clean_source` runs RULES in order over the whole text. A rule is a pure
function from text to a list of `Edit`s; the edits of one rule never overlap.
Every edit becomes a `Change` with its span in the rule's input and in the
source, so `restore_source` can undo them all (tests prove it on every seed).
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import Callable

from ..words import rule_name
from ..model import NO_SIDECAR, Block, Change, CleanedSource, Sidecar, Source
from ..printed_script import TRADITIONAL, fold_to_simplified, simplified_only
from . import breaks, columns, invisible, latin, lines, misreads, order, punctuation, repeats, traditional
from .blocks import block_spans, classify_blocks
from .edits import Edit, apply_edits, index_changes, revert, source_offset, to_source
from .overrides import check_rule_names, correction_edits, pinned_spans, set_aside

Rule = Callable[[str], list[Edit]]
# Rules whose changes are only layout (spaces, blank lines), not words.
LAYOUT_RULES = frozenset({"join_wrapped_lines", "strip_line_space", "normalise_paragraph_breaks"})
OVERRIDE_RULE = "editor_override"
CORRECTION_RULE = "editor_correction"

# Order matters: printed lines first (their indentation is evidence), then
# characters and misreads, then words, then punctuation, then blocks (joins
# need normalised ends; repeats are compared once both copies are clean and
# whole; lost text is what no join could mend).
RULES: tuple[tuple[str, Rule], ...] = (
    ("remove_invisible", invisible.remove_invisible),
    ("flag_undecodable", invisible.flag_undecodable),
    ("join_wrapped_lines", lines.join_wrapped_lines),
    ("normalise_spaces", invisible.normalise_spaces),
    ("normalise_compat_forms", invisible.normalise_compat_forms),
    ("fix_digit_misreads", misreads.fix_digit_misreads),
    ("remove_rule_marks", misreads.remove_rule_marks),
    ("remove_markup_bullets", misreads.remove_markup_bullets),
    ("strip_line_space", breaks.strip_line_space),
    ("normalise_paragraph_breaks", breaks.normalise_paragraph_breaks),
    ("join_spaced_chinese", invisible.join_spaced_chinese),
    ("simplify_traditional", traditional.simplify_traditional),
    ("widen_punctuation", punctuation.widen_punctuation),
    ("widen_stops", punctuation.widen_stops),
    ("restore_latin", latin.restore_latin),
    ("pair_straight_quotes", punctuation.pair_straight_quotes),
    ("remove_stray_quotes", misreads.remove_stray_quotes),
    ("mend_tag_brackets", misreads.mend_tag_brackets),
    ("remove_repeated_blocks", repeats.remove_repeated_blocks),
    ("restore_displaced_headline", order.restore_displaced_headline),
    ("move_displaced_captions", order.move_displaced_captions),
    ("restore_swapped_blocks", order.restore_swapped_blocks),
    ("join_column_breaks", columns.join_column_breaks),
    ("remove_stutters", repeats.remove_stutters),
    ("mark_lost_text", columns.mark_lost_text),
    ("flag_unbalanced", punctuation.flag_unbalanced),
)


# Line-wrapped text showed where its paragraphs end (a short last line), so
# only strong evidence joins a block that stops mid-sentence to the next, and
# such a block lost its closing mark, not its words.
_WRAPPED_VARIANTS = {
    "join_column_breaks": functools.partial(columns.join_column_breaks, weak=False),
    "mark_lost_text": functools.partial(columns.mark_lost_text, mark=False),
}
WRAPPED_RULES = tuple((name, _WRAPPED_VARIANTS.get(name, rule)) for name, rule in RULES)


# A page printed in Traditional: a stray is a Simplified character, not a Traditional one.
_TRADITIONAL_SWAP = {"simplify_traditional": ("traditionalise_simplified", traditional.traditionalise_simplified)}
# A page its layout file shows set vertically: its punctuation is read as vertical type prints it.
_VERTICAL_RULES = (("read_vertical_commas", punctuation.read_vertical_commas),)
_VERTICAL_AFTER = "widen_stops"
RULE_NAMES = frozenset({name for name, _ in RULES} | {name for name, _ in _TRADITIONAL_SWAP.values()}
                       | {name for name, _ in _VERTICAL_RULES})


def rules_for(text: str, script: str = "", vertical: bool = False) -> tuple[tuple[str, Rule], ...]:
    """The rules for a page: its printed lines kept or not, the script it is
    printed in, and whether it is set vertically. The lexicon's conventions are
    Simplified: on a Traditional page each rule reads the text's fold
    (printed_script.fold_to_simplified), and what it writes is given back as
    printed (_through_fold)."""
    rules = WRAPPED_RULES if lines.keeps_printed_lines(text) else RULES
    if vertical:
        at = [name for name, _ in rules].index(_VERTICAL_AFTER) + 1
        rules = (*rules[:at], *_VERTICAL_RULES, *rules[at:])
    if script == TRADITIONAL:
        rules = tuple(_TRADITIONAL_SWAP.get(name) or (name, functools.partial(_through_fold, rule)) for name, rule in rules)
    return rules


def _through_fold(rule: Rule, text: str) -> list[Edit]:
    """A rule's edits of a Traditional text, made on its fold (the same
    offsets). Text an edit writes that is a span of the fold (a block moved,
    a copy's better reading) is written as printed; an edit that writes
    Simplified-only characters the page does not print is left out: in doubt,
    the text stays. (A mark, or 〔下缺〕, is the same in both scripts.)"""
    folded = fold_to_simplified(text)
    if folded == text:
        return rule(text)
    kept, strays = [], simplified_only()
    for edit in rule(folded):
        if any(char in strays for char in edit.after):
            at = folded.find(edit.after)
            if at < 0:
                continue
            edit = replace(edit, after=text[at:at + len(edit.after)])
        kept.append(edit)
    return kept


def run_rules(text: str, rules=RULES, sidecar: Sidecar = NO_SIDECAR) -> tuple[str, list[list[Change]]]:
    """Run rules in order, then the editor's corrections; return the text and
    the changes of each step (spans in that step's input)."""
    per_rule: list[list[Change]] = []
    for name, rule in rules:
        edits = rule(text)
        if sidecar.pins or sidecar.rejections:
            edits, stopped = _apply_overrides(name, text, edits, sidecar, [index_changes(c) for c in per_rule])
            per_rule.append(apply_edits(text, OVERRIDE_RULE, stopped)[1])
        text, changes = apply_edits(text, name, edits)
        per_rule.append(changes)
    text, changes = apply_edits(text, CORRECTION_RULE, correction_edits(sidecar, text))
    per_rule.append(changes)
    return text, per_rule


def _apply_overrides(name, text, edits, sidecar: Sidecar, earlier):
    """Split a rule's edits into those kept and flags for those an editor stopped."""
    pinned = pinned_spans(sidecar, text)
    reasons = [set_aside(sidecar, name, text, edit, source_offset(edit.start, earlier), pinned) for edit in edits]
    stopped = {edit.group: why for edit, why in zip(edits, reasons) if why and edit.group}
    kept, stopped_edits = [], []
    for edit, why in zip(edits, reasons):
        if why is None and edit.group:
            why = stopped.get(edit.group)  # the other half of a move was stopped
        if why is None:
            kept.append(edit)
        else:
            change = f"“{text[edit.start:edit.end]}”→“{edit.after}”"
            stopped_edits.append(Edit(edit.start, edit.start, "", f"“{rule_name(name)}”的改动 {change} 未执行：{why}",
                                      flag=True))
    return kept, stopped_edits


def restore_source(text: str, per_rule: list[list[Change]]) -> str:
    """Apply every rule's records in reverse: gives back the source text."""
    for changes in reversed(per_rule):
        text = revert(text, changes)
    return text


def clean_source(source: Source) -> CleanedSource:
    """Raises ValueError when the source's sidecar rejects the changes of a rule that does not exist."""
    check_rule_names(source.sidecar, RULE_NAMES)
    text, per_rule = run_rules(source.text, rules_for(source.text, source.script, source.vertical), source.sidecar)
    indexes = [index_changes(changes) for changes in per_rule]
    located: list[Change] = []
    for position, changes in enumerate(per_rule):
        located.extend(to_source(changes, indexes[:position]))
    spans = block_spans(text) if text else []
    read = fold_to_simplified if source.script == TRADITIONAL else str  # (the lexicon's conventions are Simplified)
    blocks = classify_blocks(
        [read(text[start:end]) for start, end in spans],
        [(source_offset(start, indexes), source_offset(end, indexes, "end")) for start, end in spans],
    )
    blocks = [replace(block, text=text[start:end]) for block, (start, end) in zip(blocks, spans)]
    return CleanedSource(source=source, blocks=tuple(blocks), changes=tuple(located))


__all__ = ["RULES", "Block", "clean_source", "restore_source", "run_rules"]
