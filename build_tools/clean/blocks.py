"""What each cleaned block is: prose, a heading, or page furniture.

Furniture (page number, date line, masthead, editor credit, a bare pinyin
column label) is printing apparatus, not the story's words: it is kept in the
data (later stages read dates and columns from it) but not printed as text.
"""

from __future__ import annotations

import re

from ..model import Block
from .chars import HAN, SENTENCE_END

_NUM = "〇零一二三四五六七八九十百\\d"
PAGE_NUMBER_RE = re.compile(r"^(第\s*\d{1,3}\s*版|[A-Z]{0,2}\d{1,3}版?|\d{1,3}\s*/\s*\d{1,3})$")
DATE_LINE_RE = re.compile(f"^[{_NUM}]{{2,4}}年[{_NUM}]{{1,2}}月[{_NUM}]{{1,3}}日(\\s*(星期|周)[一二三四五六日天])?$")
MASTHEAD_RE = re.compile(f"^[{HAN}]{{2,6}}(日报|晚报|时报|早报|商报|晨报|报)$")
_FURNITURE_RES = (
    PAGE_NUMBER_RE,
    DATE_LINE_RE,
    MASTHEAD_RE,
    re.compile(r"^(责任编辑|本版编辑|美术编辑|美编|校对|版式设计|本版责编|责编|编辑)\s*[:：]?\s*\S{2,12}(\s+\S{2,12})*$"),
    re.compile(r"^[A-Z]{4,}$"),  # a pinyin column label on its own line
)
HEADING_MAX = 40
# A photo, graphics or text credit closing a block: "本报记者 崔治 摄", "锦州港提供".
CREDIT_END_RE = re.compile(r"(摄|供图|提供|制图|整理|采写|绘)$")
CAPTION_MAX = 80
LOST_MARK = "〔下缺〕"  # the mark columns.mark_lost_text puts on an unfinished paragraph
# "一、" "（二）" "3." "►" "●": the head of a list item or numbered section.
_LIST_ITEM_RE = re.compile(r"^(- |[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:[.．](?!\d)|、)|第[一二三四五六七八九十]+[，、是]|[►▶●■◆★☆○•·▲△])")
BLOCK_SEPARATOR = "\n\n"


def block_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every block of a text whose blocks are one blank line apart."""
    spans, start = [], 0
    while True:
        end = text.find(BLOCK_SEPARATOR, start)
        if end == -1:
            spans.append((start, len(text)))
            return spans
        spans.append((start, end))
        start = end + len(BLOCK_SEPARATOR)


def is_list_item(text: str) -> bool:
    return _LIST_ITEM_RE.match(text) is not None


def ends_sentence(text: str) -> bool:
    """Ends on a sentence mark ("559." and "8:" are numbers cut short, not sentence ends)."""
    return text[-1:] in SENTENCE_END and not (text[-1:] in ".:：" and text[-2:-1].isdigit())


def is_furniture(text: str) -> bool:
    return any(pattern.match(text) for pattern in _FURNITURE_RES)


def is_heading(text: str) -> bool:
    """Short, no sentence inside, and no sentence end: a title or sub-head."""
    return len(text) <= HEADING_MAX and "。" not in text and not ends_sentence(text)


def classify_blocks(texts: list[str], source_spans: list[tuple[int, int]]) -> list[Block]:
    blocks = []
    for text, (source_start, source_end) in zip(texts, source_spans):
        if is_furniture(text):
            kind = "furniture"
        elif is_heading(text) and not text.endswith(LOST_MARK):
            kind = "heading"
        else:
            kind = "paragraph"
        blocks.append(Block(kind, text, source_start, source_end))
    return blocks
