"""Paragraph breaks: one block per heading or paragraph, one blank line between."""

from __future__ import annotations

import re

from ..lexicon import DATELINE_RE, SENTENCE_END, is_credit_line
from .blocks import is_heading, is_list_item
from .columns import continues, marks_sentence_ends
from .edits import Edit

_LINE_SPACE_RE = re.compile(r"[ \t]+$|^[ \t]+", re.MULTILINE)
_GAP_RE = re.compile(r"\n+")
# A line this long that stops without a sentence end was wrapped by the scanner.
WRAPPED_LINE_MIN = 20
# A wrapped line is as long as its column; the next line, no longer than this share of it.
WRAP_SLACK = 1.25


def _wrapped(line: str, following: str, marked: bool) -> bool:
    """A line that stops mid-sentence was wrapped when the next line goes on
    its clause (a word or a number across the break, a mark that opens no
    sentence), or when it is long and the page ends its lines on sentence
    marks (`marked`: a 1920s page ends them on 、 or nothing), and the next
    line is no longer than a column's width allows. Head lines
    printed one under the other (kicker, title, subtitle), a head line over
    a dateline, an item's head, bylines and credits stay lines."""
    if not line or not following or line[-1] in SENTENCE_END or is_credit_line(line) or is_credit_line(following):
        return False
    if continues(line, following, weak=False) is not None:
        return True
    # (an item's head, "■ 首届农民丰收节农产品展销会成交额逾千万元", stands over its text as a head line does)
    head_lines = is_heading(line) and (is_heading(following) or DATELINE_RE.match(following) is not None
                                       or is_list_item(line))
    # (and a line the next one outruns was not cut at its column's width: a head line over a paragraph given whole)
    return marked and len(line) >= WRAPPED_LINE_MIN and not head_lines and len(following) <= WRAP_SLACK * len(line)


def strip_line_space(text: str) -> list[Edit]:
    """Spaces and tabs at the start or end of a line carry nothing."""
    return [Edit(m.start(), m.end(), "", "删去行首行尾的空格") for m in _LINE_SPACE_RE.finditer(text)]


def normalise_paragraph_breaks(text: str) -> list[Edit]:
    """Blocks are separated by exactly one blank line; blank lines at the start
    and end go. A single line break inside a long unfinished line is a wrap
    of the scan, and the two lines are one paragraph."""
    edits = []
    marked = marks_sentence_ends(text.split("\n"))
    for m in _GAP_RE.finditer(text):
        if m.start() == 0 or m.end() == len(text):
            edits.append(Edit(m.start(), m.end(), "", "删去页首页尾的空行"))
            continue
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        line_end = text.find("\n", m.end())
        following = text[m.end():line_end if line_end != -1 else len(text)]
        if len(m.group()) == 1 and _wrapped(line, following, marked):
            latin = line[-1].isascii() and line[-1].isalnum() and text[m.end():m.end() + 1].isascii()
            edits.append(Edit(m.start(), m.end(), " " if latin else "", "接上段内的换行"))
        elif m.group() != "\n\n":
            edits.append(Edit(m.start(), m.end(), "\n\n", "统一段落分隔"))
    return edits
