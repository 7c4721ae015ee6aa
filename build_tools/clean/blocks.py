"""What each cleaned block is: prose, a heading, or page furniture.

Furniture (page number, date line, masthead, editor credit, a bare pinyin
column label) is printing apparatus, not the story's words: it is kept in the
data (later stages read dates and columns from it) but not printed as text.
"""

from __future__ import annotations

import re

from ..model import Block
from ..lexicon import (BYLINE_MARKS, BYLINE_RE, CREDIT_END_RE, DATELINE_RE, HAN, ISSUER_RE, MARKED_NAMES_RE, REPORTER, SECTION_RE,
                       SENTENCE_END, SHORT_MASTHEAD_RE, SURNAMES, furniture)

HEADING_MAX = 40
CAPTION_MAX = 80
# A headline and its kicker run into one line by the OCR may reach this length.
LONG_HEADLINE_MAX = 2 * HEADING_MAX
LOST_MARK = "〔下缺〕"  # the mark columns.mark_lost_text puts on an unfinished paragraph
# "一、" "（二）" "3." "►" "●": the head of a list item or numbered section.
_LIST_ITEM_RE = re.compile(r"^(- |[一二三四五六七八九十]+、|[（(](?:[一二三四五六七八九十]+|\d{1,2})[）)]|\d+(?:[.．](?!\d)|、)|第[一二三四五六七八九十]+[，、是]|[►▶●■◆★☆○•·▲△])")
BLOCK_SEPARATOR = "\n\n"


# A reporter's title and what follows it with no space: a name ("记者崔治") or a column's word ("记者帮忙").
_REPORTER_RUN_ON_RE = re.compile(f"^(?:[{BYLINE_MARKS}]\\s*)?{REPORTER}([{HAN}])")
# "本版制图 许科", "本栏目内容由…整理": credits of the page or the column.
_CREDIT_LINE_RE = re.compile(f"^本(栏目|版)[{HAN}]*(由|制图|编辑|摄影)")


def is_credit(text: str) -> bool:
    """A credit line on its own ("锦州港提供", "本报记者 崔治 摄"): no sentence in it."""
    return len(text) <= CAPTION_MAX and CREDIT_END_RE.search(text) is not None and not re.search("[，。]", text) \
        or _CREDIT_LINE_RE.match(text) is not None


def is_byline(text: str) -> bool:
    """"本报记者 崔治", "文/张三", "（丹翁）", "□ 郑文博": but not a column named
    for the reporter ("记者帮忙": a reporter's title run into a word that is no name).
    (Here, not in segment: the cleaner asks it too, and runs first.)"""
    if is_credit(text):
        return False
    if BYLINE_RE.match(text) is not None:
        run_on = _REPORTER_RUN_ON_RE.match(text)
        return run_on is None or run_on.group(1) in SURNAMES
    marked = MARKED_NAMES_RE.match(text)
    return marked is not None and marked.group(1)[0] in SURNAMES


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
    return furniture(text) is not None


# A head line holds no sentence: no full stop or semicolon anywhere, and it
# stops on no clause mark (a line cut mid-clause does).
_SENTENCE_INSIDE_RE = re.compile("[。；;]|[！？!?…][”’」』]$|(?<![0-9])\\.$")  # (a quoted sentence: “……全对了！”; an English one)
_CLAUSE_END = set("，、：,:")


def is_heading(text: str) -> bool:
    """Short and holding no sentence: a title, kicker, subtitle or subhead.
    Headlines hold quotation marks, commas, colons, a bracketed column tag or a
    space between two parts, and may end on a closing mark, ！ or ？
    (绿水青山撬动“美丽经济”, 工业用水，就该“抠门”, 托养一人 帮扶一家（改革落实在基层）); one
    in parts an ideographic space apart, no clause in them, may be as long as
    a kicker and its headline (沈国栋调研重大项目建设时强调　抢抓时间节点　全力冲刺“双过半”)."""
    return 0 < len(text) <= HEADING_MAX and _SENTENCE_INSIDE_RE.search(text) is None and text[-1] not in _CLAUSE_END \
        or is_parted_head(text)


def is_parted_head(text: str) -> bool:
    """Parts of four characters or more, an ideographic space apart, no clause mark: a head line, not prose."""
    parts = text.split("\u3000")
    return len(text) <= LONG_HEADLINE_MAX and len(parts) >= 2 and all(len(part) >= 4 for part in parts) \
        and _CLAUSE_RE.search(text) is None


_CLAUSE_RE = re.compile("[，。！？；、：,;]")
_STOP_RE = re.compile("[。！？；]")


def one_sentence(text: str) -> bool:
    """No sentence stop before its last character: at most one sentence, closing it or open."""
    return _STOP_RE.search(text, 0, len(text) - 1) is None


def heads_a_report(text: str, following: str) -> bool:
    """At most one sentence, as long as a kicker and a headline run into one
    line may be, over a block that opens on a report's dateline: that report's
    headline ("这个冬天，村里的老人不再挨冻。", "首条跨省纯氢长输管道开工建设——…")."""
    return len(text) <= LONG_HEADLINE_MAX and one_sentence(text) and DATELINE_RE.match(following) is not None


def _signing_date(printed, after_prose: bool, beside: list, under_issuer: bool) -> bool:
    """A date alone, after the page's prose or right under an issuing body,
    with no furniture beside it: the date a notice or a letter was signed
    ("2024年4月8日" under the issuer), or a communiqué issued, not the page's
    date line."""
    return bool(printed.date) and not printed.paper and not printed.page and (after_prose or under_issuer) \
        and all(neighbour is None for neighbour in beside)


def classify_blocks(texts: list[str], source_spans: list[tuple[int, int]]) -> list[Block]:
    printed = [furniture(text) for text in texts]  # each block's furniture, read once
    prose = next((i for i, text in enumerate(texts) if len(text) > HEADING_MAX or "。" in text), len(texts))
    blocks = []
    for index, (text, (source_start, source_end)) in enumerate(zip(texts, source_spans)):
        after_furniture = bool(blocks) and blocks[-1].kind == "furniture"
        beside = [printed[k] for k in (index - 1, index + 1) if 0 <= k < len(texts)]
        under_issuer = index > 0 and ISSUER_RE.match(texts[index - 1]) is not None
        if printed[index] is not None and not _signing_date(printed[index], index > prose, beside, under_issuer) \
                or after_furniture and SECTION_RE.fullmatch(text) \
                or SHORT_MASTHEAD_RE.fullmatch(text) and any(f is not None for f in beside):
            # (a bare section name, 社会, is the page's header only under its date line; 晶报 beside it, its masthead)
            kind = "furniture"
        elif is_heading(text) and not text.endswith(LOST_MARK):
            kind = "heading"
        else:
            kind = "paragraph"
        blocks.append(Block(kind, text, source_start, source_end))
    return blocks
