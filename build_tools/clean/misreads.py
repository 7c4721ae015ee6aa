"""Misreads: marks an OCR engine reads where the page has none, or has a digit.

A thin "1" printed in a date comes out as "]" or "|" ("1998年]月24日",
"1]月21日", "第]版"), a "0" between digits as "O". Only a mark in the shape
of a date or a page number changes (a bar beside 日益 or 万众 is a column
rule, for remove_rule_marks); a "]" that closes a "[" is a bracket and stays.
"""

from __future__ import annotations

import re

from ..lexicon import CJK, HAN, HAN_RE
from .blocks import block_spans
from .edits import Edit
from .words import word_across

# What an engine reads for a digit: a thin 1 as ], | or a Latin I or l, a 0 as O. The cleaner
# changes one only in the shape of a date or a page number (below); collation prefers the digit
# where two scans differ beside one (collate._digit_read).
DIGIT_LOOKALIKES = {"]": "1", "|": "1", "I": "1", "l": "1", "O": "0", "o": "0"}
# A "1" misread as ] or | in a date line or a dateline: 1998年]月24日, 北京1]月21日, 1月]2日, 第]版.
_ONE_RE = re.compile("[\\]|](?=[0-9]?月[0-9〇一二三四五六七八九十]{1,3}日)|(?<=[0-9]月)[\\]|](?=[0-9]?日)|(?<=第)[\\]|](?=[0-9]{0,2}版)")
_ZERO_RE = re.compile("(?<=[0-9])[Oo](?=[0-9])")


def fix_digit_misreads(text: str) -> list[Edit]:
    edits = []
    for match in _ONE_RE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if match.group() == "]" and "[" in text[line_start:match.start()]:
            continue  # it closes a bracket
        edits.append(Edit(match.start(), match.end(), "1", f"紧挨数字的“{match.group()}”是误识的 1"))
    edits += [Edit(m.start(), m.end(), "0", "数字间的“O”是误识的 0") for m in _ZERO_RE.finditer(text)]
    return edits


# A column rule or a gutter's edge read as a vertical bar inside Chinese text.
_RULE_MARK_RE = re.compile(f"[ ]?[|¦│┃｜][ ]?(?=[{CJK}])|(?<=[{CJK}])[ ]?[|¦│┃｜][ ]?")


# ...or alone on its line: a rule between the masthead and the page's first story.
_RULE_LINE_RE = re.compile("^[ \t]*[|¦│┃｜]+[ \t]*$", re.MULTILINE)


def remove_rule_marks(text: str) -> list[Edit]:
    """Chinese prose has no vertical bar: one beside a Chinese character, or
    alone on a line, is a rule the engine read as text, and goes."""
    found = sorted([*_RULE_MARK_RE.finditer(text), *_RULE_LINE_RE.finditer(text)], key=lambda m: m.start())
    return [Edit(m.start(), m.end(), "", "删去被识别为“|”的栏线") for m in found]


_QUOTES = "“”\"'‘’「」"
_INNER_MARK_RE = re.compile(f"(?<=[{HAN}])[{_QUOTES}]+(?=[{HAN}])")


def remove_stray_quotes(text: str) -> list[Edit]:
    """A quotation mark inside a word (新”闻, 参”加) in a paragraph whose quotes
    do not pair up is a speck the engine read in a gutter or a margin: a
    quotation opens or closes a phrase, never splits a word."""
    edits = []
    for start, end in block_spans(text):
        block = text[start:end]
        if block.count("“") == block.count("”") and block.count('"') % 2 == 0:
            continue
        for m in _INNER_MARK_RE.finditer(block):
            word = word_across(block[:m.start()], block[m.end():])
            if word:
                edits.append(Edit(start + m.start(), start + m.end(), "", f"删去词语“{word}”中混入的“{m.group()}”"))
    return edits


# "- 1.美丽的东湖…": an engine that writes Markdown marks a line it takes
# for a list item with "- " (or "* ", "+ "). Chinese print has no such
# bullet (its dashes are full-width: ——), so one before Chinese text or a
# printed item number is the engine's markup. The number (1.) is printed, and stays.
_MARKUP_BULLET_RE = re.compile(f"(?m)^[-*+] (?=[{HAN}0-9（(])")


def remove_markup_bullets(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "", f"删去识别软件加在行首的列表记号“{m.group()[0]}”")
            for m in _MARKUP_BULLET_RE.finditer(text)]


# Marks an engine reads for the round bracket that opens a column tag: 〈在…）, <…）, 《…）.
_BRACKET_LOOKALIKES = "〈<《([［【"
_OPENED_TAG_RE = re.compile(f"[{re.escape(_BRACKET_LOOKALIKES)}](?P<tag>[^（）()〈〉<>《》]{{2,40}})）$")


def mend_tag_brackets(text: str) -> list[Edit]:
    """A head line's bracketed column tag closes on ） but opens on a mark the
    engine read for （ ("…〈改革落实在基层）"): the opening one is mended. Only
    in a line that holds no other bracket to pair with, and only the opening
    mark (a "一" read for "——" inside the tag is left: 下一 is a word too)."""
    edits = []
    for start, end in block_spans(text):
        block = text[start:end]
        match = _OPENED_TAG_RE.search(block)
        if match is None or "（" in block or block.count("）") != 1 or "\n" in block:
            continue
        if HAN_RE.search(block, 0, match.start()) is None:
            continue  # the tag closes a headline, not the whole line
        at = start + match.start()
        edits.append(Edit(at, at + 1, "（", f"栏目标记的“{text[at]}”是误识的“（”，与句末的“）”成对"))
    return edits
