"""Characters of the other script, strayed into a page: Traditional in
Simplified text ("建設" -> "建设"), Simplified in Traditional text ("參考" for "参考").

A page printed in Traditional keeps everything it prints (variant glyphs
爲 卽 吿 included). A character of Simplified alone (printed_script: 发, 参,
never 干 or 余, which Traditional prints too) is a stray there only where the
page itself prints its Traditional form more often: old papers set many
forms that Simplified later adopted (麽 却 脚 烟 决 况, 143 麽 in April 1920's
晶報 alone), while an engine that reads 參 twenty times and 参 once misread
one. Converted in context as below, and recorded the same way.

On a Simplified page:

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
from ..printed_script import simplified_only
from .edits import Edit
from .words import is_word

_HAN_RUN_RE = re.compile(f"[{HAN}]+")
CONTEXT = 2


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


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


def traditionalise_simplified(text: str) -> list[Edit]:
    """On a Traditional page: each Simplified-only character, as OpenCC's s2t reads it in its run."""
    strays = simplified_only()
    edits = []
    for run in _HAN_RUN_RE.finditer(text):
        word = run.group()
        suspects = [i for i, char in enumerate(word) if char in strays]
        if not suspects:
            continue
        converted = _s2t().convert(word)
        if len(converted) != len(word):
            converted = "".join(_s2t().convert(char) for char in word)
        for i in suspects:
            if converted[i] != word[i] and text.count(converted[i]) > text.count(word[i]):
                at = run.start() + i
                context = word[max(0, i - CONTEXT):i + CONTEXT + 1]
                edits.append(Edit(at, at + 1, converted[i], f"繁体文中的简体字“{context}”"))
    return edits
