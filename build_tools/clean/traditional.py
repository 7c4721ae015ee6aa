"""Stray Traditional characters in Simplified text ("建設" -> "建设").

A character a name may keep (於, lexicon.NAME_VARIANTS) changes only where
the simplified form makes a word (位於 -> 位于); elsewhere it is flagged.
Only suspect characters change: those OpenCC's t2s turns into another
character. The whole run of Chinese around them is converted, so OpenCC's
phrase dictionary sees the context (乾隆 keeps 乾, 乾燥 becomes 干燥), but
only the suspect characters are replaced: everything else stays as printed.
"""

from __future__ import annotations

import functools
import re

import opencc

from ..lexicon import HAN, NAME_VARIANTS
from .edits import Edit
from .words import is_word

_HAN_RUN_RE = re.compile(f"[{HAN}]+")
CONTEXT = 2


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def is_suspect(char: str) -> bool:
    return _t2s().convert(char) != char


def simplify_traditional(text: str) -> list[Edit]:
    edits = []
    for run in _HAN_RUN_RE.finditer(text):
        word = run.group()
        suspects = [i for i, char in enumerate(word) if is_suspect(char)]
        if not suspects:
            continue
        converted = _t2s().convert(word)
        if len(converted) != len(word):  # OpenCC rewrote a phrase: take it char by char
            converted = "".join(_t2s().convert(char) for char in word)
        for i in suspects:
            if converted[i] == word[i]:
                continue
            at = run.start() + i
            context = word[max(0, i - CONTEXT):i + CONTEXT + 1]
            if word[i] in NAME_VARIANTS and not _in_a_word(converted, i):
                edits.append(Edit(at, at, "", f"“{context}”中的“{word[i]}”可能是人名用字：保留原样", flag=True))
            else:
                edits.append(Edit(at, at + 1, converted[i], f"简体文中的繁体字“{context}”"))
    return edits


def _in_a_word(text: str, i: int) -> bool:
    """The simplified character at i makes a dictionary word with its neighbours (位於 -> 位于)."""
    return any(is_word(text[start:start + size]) for size in (2, 3) for start in range(i - size + 1, i + 1) if start >= 0 and start + size <= len(text))
