"""Punctuation: half-width marks in Chinese text become full-width; marks in
numbers, times, URLs and Latin text stay; unbalanced pairs are flagged."""

from __future__ import annotations

import re

from .blocks import block_spans
from ..lexicon import CJK, HAN_RE, is_cjk
from .edits import Edit

_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("「", "」"), ("『", "』"), ("【", "】"))
_URL_RE = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+|[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]+\.[A-Za-z0-9.]+")


def widen_punctuation(text: str) -> list[Edit]:
    """`, : ; ! ?` next to Chinese become full-width, and `( )` around or next
    to Chinese. Kept: 1,000  10:30  1:2  http://x  "a, b"  (see p. 5)."""
    protected = _protected_spans(text)
    edits = []
    for i, char in enumerate(text):
        if char not in _FULL or _inside(i, protected):
            continue
        prev, nxt = text[i - 1:i], text[i + 1:i + 2]
        if char in "()":
            if _paren_is_chinese(text, i):
                edits.append(Edit(i, i + 1, _FULL[char], f"中文里的半角“{char}”改为全角"))
        elif prev.isdigit() and nxt.isdigit():
            continue  # 1,000  10:30  3:1
        elif is_cjk(prev) or (is_cjk(nxt) and _han_before(text, i)):
            # "锦州,昂扬" and also "5G,锦州" / "90%,同比": a Latin token inside a Chinese sentence
            edits.append(Edit(i, i + 1, _FULL[char], f"中文里的半角“{char}”改为全角"))
    return edits


def widen_stops(text: str) -> list[Edit]:
    """A full stop or ellipsis typed as `.` / `...` after Chinese becomes 。/……;
    decimals (559.6) and abbreviations in Latin text stay."""
    edits = []
    for m in re.finditer(r"(?<=[" + CJK + r"])(\.{3,}|\.)(?![0-9A-Za-z.])", text):
        after = "……" if len(m.group()) >= 3 else "。"
        edits.append(Edit(m.start(), m.end(), after, "中文后的半角句点改为全角"))
    return edits


# Vertical print sets a comma (︐) in the top right of its cell; an engine
# reading the column turned takes it for a closing single quote (bench-ocr's
# vertical tuning pages: 188 commas so read). Vertical print quotes with 「」,
# so on a vertical page a ’ between two words (Chinese, or a figure: 26%’創) is that comma.
_VERTICAL_COMMA_RE = re.compile(r"(?<=[" + CJK + r"0-9%％])’(?=\n?[" + CJK + r"0-9])")


def read_vertical_commas(text: str) -> list[Edit]:
    """On a page set vertically (clean.rules_for): ’ between Chinese characters or figures becomes ，."""
    return [Edit(m.start(), m.end(), "，", "竖排逗号（︐）被识别成了“’”，改为逗号") for m in _VERTICAL_COMMA_RE.finditer(text)]


def pair_straight_quotes(text: str) -> list[Edit]:
    """Straight double quotes in a Chinese block become “ ” when they pair up."""
    edits = []
    for start, end in block_spans(text):
        block = text[start:end]
        if not HAN_RE.search(block):
            continue
        positions = [start + m.start() for m in re.finditer('"', block)]
        if not positions or len(positions) % 2:
            continue
        for n, pos in enumerate(positions):
            edits.append(Edit(pos, pos + 1, "“" if n % 2 == 0 else "”", "中文里的直引号改为弯引号"))
    return edits


def flag_unbalanced(text: str) -> list[Edit]:
    """Quotes and brackets that do not pair up within a paragraph are flagged:
    the scan lost or misread one, and only a person can tell which."""
    edits = []
    for start, end in block_spans(text):
        block = text[start:end]
        for opening, closing in _PAIRS:
            depth, balanced = 0, True
            for char in block:
                if char == opening:
                    depth += 1
                elif char == closing:
                    depth -= 1
                    balanced = balanced and depth >= 0
            if depth or not balanced:
                edits.append(Edit(start, start, "", f"本段的{opening}{closing}不成对", flag=True))
                break
    return edits


def _paren_is_chinese(text: str, i: int) -> bool:
    """A parenthesis is Chinese when the bracketed text or its outside neighbour is."""
    if text[i] == "(":
        close = text.find(")", i, i + 80)
        inner = text[i + 1:close] if close != -1 else text[i + 1:i + 2]
        outside = text[i - 1:i]
    else:
        open_ = text.rfind("(", max(0, i - 80), i)
        inner = text[open_ + 1:i] if open_ != -1 else text[i - 1:i]
        outside = text[i + 1:i + 2]
    return bool(HAN_RE.search(inner)) or is_cjk(outside)


def _han_before(text: str, i: int) -> bool:
    """A Chinese character in the same Latin-free stretch before position i."""
    j = i - 1
    while j >= 0 and text[j].isascii() and text[j] != "\n" and i - j < 24:
        j -= 1
    return j >= 0 and is_cjk(text[j])


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _URL_RE.finditer(text)]


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= i < end for start, end in spans)

