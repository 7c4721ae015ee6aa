"""Paragraph breaks: one block per heading or paragraph, one blank line between."""

from __future__ import annotations

import re

from ..lexicon import SENTENCE_END
from .edits import Edit

_LINE_SPACE_RE = re.compile(r"[ \t]+$|^[ \t]+", re.MULTILINE)
_GAP_RE = re.compile(r"\n+")
# A line this long that stops without a sentence end was wrapped by the scanner.
WRAPPED_LINE_MIN = 20


def strip_line_space(text: str) -> list[Edit]:
    """Spaces and tabs at the start or end of a line carry nothing."""
    return [Edit(m.start(), m.end(), "", "删去行首行尾的空格") for m in _LINE_SPACE_RE.finditer(text)]


def normalise_paragraph_breaks(text: str) -> list[Edit]:
    """Blocks are separated by exactly one blank line; blank lines at the start
    and end go. A single line break inside a long unfinished line is a wrap
    of the scan, and the two lines are one paragraph."""
    edits = []
    for m in _GAP_RE.finditer(text):
        if m.start() == 0 or m.end() == len(text):
            edits.append(Edit(m.start(), m.end(), "", "删去页首页尾的空行"))
            continue
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        if len(m.group()) == 1 and len(line) >= WRAPPED_LINE_MIN and line[-1] not in SENTENCE_END:
            latin = line[-1].isascii() and line[-1].isalnum() and text[m.end():m.end() + 1].isascii()
            edits.append(Edit(m.start(), m.end(), " " if latin else "", "接上段内的换行"))
        elif m.group() != "\n\n":
            edits.append(Edit(m.start(), m.end(), "\n\n", "统一段落分隔"))
    return edits
