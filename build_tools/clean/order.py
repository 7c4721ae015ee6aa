"""Reading order: blocks the scan put in the wrong place, moved back on evidence.

- a caption (and its credit), or a furniture line (a date line the layout
  read after a column's first lines), printed between the two halves of a
  paragraph that a column break cut is moved after that paragraph;
- a block that opens mid-sentence, printed just before the unfinished block
  it continues, is moved after it (the two were swapped);
- a headline the OCR read after the first column (the page opens on a
  report's text, its dateline or a sentence, with no headline over it, and a
  heading further down cuts a paragraph in two: set over some columns, not
  all, the engine reads it after the first) is moved back over it.
The joins themselves are left to join_column_breaks, which runs next.
"""

from __future__ import annotations

from ..lexicon import CREDIT_END_RE, DATELINE_RE
from .blocks import (BLOCK_SEPARATOR, CAPTION_MAX, HEADING_MAX, block_spans, ends_sentence, is_byline, is_furniture, is_heading,
                     is_list_item)
from .columns import continues, is_prose, marks_sentence_ends, starts_mid_sentence
from .edits import Edit



def is_caption_or_credit(block: str) -> bool:
    """A credit line, or a caption that ends on its credit."""
    return len(block) <= CAPTION_MAX and CREDIT_END_RE.search(block) is not None


def move_displaced_captions(text: str) -> list[Edit]:
    spans = block_spans(text)
    blocks = [text[s:e] for s, e in spans]
    edits = []
    index = 1
    while index < len(blocks) - 1:
        last = index
        # a caption paragraph followed by its credit line travels with it
        if not is_caption_or_credit(blocks[index]) and index + 1 < len(blocks) - 1 and _is_short_caption(blocks[index]) \
                and is_caption_or_credit(blocks[index + 1]):
            last = index + 1
        elif not is_caption_or_credit(blocks[index]) and not is_furniture(blocks[index]):
            index += 1
            continue
        left, right = blocks[index - 1], blocks[last + 1]
        if is_prose(left) and not ends_sentence(left) and continues(left, right):
            caption = text[spans[index][0]:spans[last][1]]
            move = len(edits) + 1
            what = "版面附属文字" if is_furniture(caption) else "图片说明"
            edits.append(Edit(spans[index - 1][1], spans[last][1], "", f"印在被断开段落中间的{what}移到段后", group=move))
            edits.append(Edit(spans[last + 1][1], spans[last + 1][1], BLOCK_SEPARATOR + caption, f"{what}移到此处", group=move))
            index = last + 2
        else:
            index = last + 1
    return edits


def _is_short_caption(block: str) -> bool:
    return len(block) <= HEADING_MAX and ends_sentence(block)


def restore_swapped_blocks(text: str) -> list[Edit]:
    spans = block_spans(text)
    blocks = [text[s:e] for s, e in spans]
    edits = []
    if not marks_sentence_ends(blocks):
        return edits  # where paragraphs end on 、 or nothing, "opens mid-sentence" says nothing
    index = 2
    while index < len(blocks):
        early, late = blocks[index - 1], blocks[index]
        before = blocks[index - 2]
        # a heading (a subhead, a deck) is never the stray half of a paragraph
        after = blocks[index + 1] if index + 1 < len(blocks) else ""
        if (starts_mid_sentence(early) and not is_heading(early) and is_prose(late) and not ends_sentence(late)
                and ends_sentence(before) and not continues(before, early)
                and continues(late, early, weak=False)
                and not (after and continues(late, after, weak=False))  # (where it stands, its own end goes on)
                and not DATELINE_RE.match(after)):  # (over a report's dateline: that report's headline)
            move = len(edits) + 1
            edits.append(Edit(spans[index - 2][1], spans[index - 1][1], "", "印在其所接段落之前的文字块移到段后", group=move))
            edits.append(Edit(spans[index][1], spans[index][1], BLOCK_SEPARATOR + early, "文字块移到此处", group=move))
            index += 2
        else:
            index += 1
    return edits


# How far down a headline the OCR displaced may stand: a column's blocks.
HEADLINE_REACH = 12


def _opens_on_prose(block: str) -> bool:
    """A page's first block is a report's text, not its headline: a dateline, a sentence, or more than a head line holds."""
    return DATELINE_RE.match(block) is not None or "。" in block or len(block) > HEADING_MAX


def restore_displaced_headline(text: str) -> list[Edit]:
    spans = block_spans(text)
    blocks = [text[s:e] for s, e in spans]
    first = next((i for i, block in enumerate(blocks) if not is_furniture(block)), None)
    if first is None or is_heading(blocks[first]) or not _opens_on_prose(blocks[first]):
        return []
    for index in range(first + 1, min(len(blocks), first + 1 + HEADLINE_REACH)):
        block = blocks[index]
        if is_furniture(block) or is_caption_or_credit(block) or is_list_item(block) or not is_heading(block) or is_prose(block):
            continue  # (a headline has no clauses: a short block with a comma is a cut paragraph's half)
        if is_byline(block):
            continue  # a byline under a headline printed as a sentence ("□ 林舒"): where it was printed
        if is_heading(blocks[index - 1]):
            continue  # under another head line: a deck or byline of a head standing where it was printed, not one cutting a paragraph
        end = index
        while end + 1 < len(blocks) and is_heading(blocks[end + 1]) and not is_caption_or_credit(blocks[end + 1]):
            end += 1  # its decks travel with it
        if end + 1 < len(blocks) and DATELINE_RE.match(blocks[end + 1]):
            return []  # the next report's headline, over its own dateline
        following = blocks[end + 1] if end + 1 < len(blocks) else ""
        if ends_sentence(blocks[index - 1]) and not starts_mid_sentence(following):
            return []  # it stands between whole paragraphs: a subhead, not a headline cut into a column
        head = text[spans[index][0]:spans[end][1]]
        return [
            Edit(spans[index - 1][1], spans[end][1], "", "识别时落到第一栏之后的标题移回", group=1),
            Edit(spans[first][0], spans[first][0], head + BLOCK_SEPARATOR, "标题移到此处，正文之上", group=1),
        ]
    return []
