"""Column breaks and lost text: paragraphs the page layout cut apart.

A block that stops mid-sentence is joined to the next block only on
evidence: a dictionary word or a number stands across the cut, or the next
block opens with what cannot open a sentence. Headings, list items and page
furniture are never glued on. A block that stops mid-sentence and that no
block continues is marked 〔下缺〕 (text lost in the scan), never glued to an
unrelated paragraph.
"""

from __future__ import annotations

import re

from .blocks import (HEADING_MAX, LONG_HEADLINE_MAX, LOST_MARK, block_spans, ends_sentence, heads_a_report, is_furniture,
                     is_heading, is_list_item)
from ..lexicon import BYLINE_RE, CREDIT_END_RE, DATELINE_RE, HAN, HAN_RE, SUBTITLE_RE, lightly_punctuated
from .edits import Edit
from .words import cut, first_word, word_across

# Characters that never open a sentence: clause punctuation and closing
# marks; and particles that hang on the word before them when they stand
# alone (not 地质, 于是, 过去; and 于 may be a surname after a byline).
_CANNOT_OPEN_MARKS = set("，、；：。！？）》」』”’%‰")
_CANNOT_OPEN_WORDS = set("的地得了着过们吗呢吧啊之于")
# Marks a clause cannot stop on, and words it cannot stop on when they stand
# alone (not 应对, 认为, 目的: the word's last character is no word of its own).
_CANNOT_CLOSE_MARKS = set("，、（《「『“‘")
_CANNOT_CLOSE_WORDS = set("的和与及或在对把被将从向为于而并且但让使给跟同以由按经")


def _stops_open(text: str) -> bool:
    """A clause that must go on: it stops on an opening mark, a comma, or a word such as 的, 对, 和."""
    if text[-1:] in _CANNOT_CLOSE_MARKS:
        return True
    return text[-1:] in _CANNOT_CLOSE_WORDS and cut(text[-6:])[-1:] == [text[-1]]
# A block opening with these may well be a new paragraph (a quotation, a list).
_OPENS_PARAGRAPH = set("“「『【")
# "记者从…获悉", "新华社记者…": a report's lead names its reporter first.
_REPORTER_OPENERS = ("记者", "新华社", "本报记者")
# jieba part-of-speech tags of words that open a sentence as its subject:
# place, organisation, person, pronoun, time.
_SUBJECT_TAGS = {"ns", "nt", "nr", "nrt", "nrfg", "r", "t"}
# A personal pronoun opens a sentence as its subject ("他说，…", "我们…").
_PERSONAL_PRONOUNS = set("他她我你您咱")
# Time words, occasions (会上，) and discourse markers that open paragraphs.
_TIME_RE = re.compile("[年月日时节来前后今初底间期季晨晚上]$|[年月日]起$|^(当前|目前|如今|近日|日前|近期|眼下|此前|今年|去年|明年)")
# "据测算，", "据统计，", "据此，": where what follows comes from, opening a sentence.
_SOURCE_RE = re.compile(f"据[{HAN}]{{1,3}}")
# (time words, 目前, 此后, are _TIME_RE's; 据…, _SOURCE_RE's)
_DISCOURSE = {"此外", "同时", "另外", "其中", "因此", "所以", "但是", "然而", "总之", "记者了解到", "记者获悉", "与此同时", "一方面", "另一方面", "首先", "其次", "最后",
              "不过", "可是", "当然", "对此", "为此", "事实上", "实际上", "比如", "例如", "换言之", "也就是说",
              "值得注意的是", "值得一提的是", "不仅如此", "除此之外", "相比之下", "与此相比", "总体来看", "总的来看"}
_DATE_END_RE = re.compile(r"\d{1,4}[年月]$")
_DATE_OPEN_RE = re.compile(r"^\d{1,2}[月日号]")
_UNIT_OPEN_RE = re.compile(r"^[万亿千百]?[元吨米个家人项批次年月日号亩户名座条倍]")
# How far ahead a block that continues a cut may stand (a caption or a credit
# dropped between the two halves is a reading-order problem, not lost text).
LOOKAHEAD = 3
# A text marks its sentence ends when at least this share of its marks are stops...
SENTENCE_STOP_SHARE = 0.05
# ...judged on this many marks at least.
MIN_MARKS_TO_TELL = 8
_STOP_RE = re.compile("[。！？]")
_PAUSE_RE = re.compile("[，、；]")


# A space between a byline's words ("本报记者　詹宇辰"), as a typesetter sets it.
_SPACED_BYLINE_RE = re.compile("[ \u3000]")


def is_prose(text: str) -> bool:
    """A paragraph, not a heading-like line: it has clauses, or is too long for a heading."""
    return len(text) > HEADING_MAX or re.search("[，、；]", text) is not None


def continues(left: str, right: str, weak: bool = True, sentences: bool = True) -> str | None:
    """Why `right` continues the clause `left` was cut in, or None.

    Strong evidence (a word, a number or a quotation across the cut, a
    character that cannot open or close a clause) joins any unfinished block;
    the weak evidence (the next block does not open like a paragraph; used
    only when `weak`) joins a prose block, by its length only one too long
    to be a heading or a deck. On a page that does not mark its sentence ends
    (`sentences` False: marks_sentence_ends), a block's open end and the
    next one's short first clause say nothing: only words, numbers and
    quotations across the cut count."""
    if not left or not right or ends_sentence(left) or is_furniture(left):
        return None
    if is_list_item(right) or is_furniture(right) or (is_list_item(left) and len(left) <= HEADING_MAX):
        return None
    if _SPACED_BYLINE_RE.search(left) and BYLINE_RE.match(left):
        return None  # "本报记者　詹宇辰" over "光伏产业链…": a byline ends where it ends (no word 辰光 across)
    if right[0] in _CANNOT_OPEN_MARKS or (sentences and right[0] in _CANNOT_OPEN_WORDS and is_prose(left) and len(first_word(right)[0]) == 1):
        return f"下一块以“{right[0]}”开头，不能作句首"
    if _in_words(left) and (left[-1].isdigit() or left[-1] in ":：" and left[-2:-1].isdigit()) \
            and (right[0].isdigit() or _UNIT_OPEN_RE.match(right)):
        return f"数字跨越断处（{left[-3:]}|{right[:3]}）"
    if _in_words(left) and left[-1] in ".．" and left[-2:-1].isdigit() and right[0].isdigit():
        return f"小数跨越断处（{left[-3:]}|{right[:3]}）"
    if _in_words(left) and _DATE_END_RE.search(left) and _DATE_OPEN_RE.match(right):
        return f"日期跨越断处（{left[-5:]}|{right[:3]}）"
    if _quote_open(left) and _closes_first(right):
        return "引语在断处前开始、断处后结束"
    if is_heading(left) and (SUBTITLE_RE.match(left) or opens_paragraph(right)):
        return None  # a head line (a subtitle, "谋新篇：项目为王") over a paragraph's opening, not its first half
    word = word_across(left, right)
    if word and (is_prose(left) or not is_heading(right)):
        return f"词语“{word}”跨越断处"
    if is_heading(right) or not is_prose(left) or opens_paragraph(right) or not sentences:
        return None
    if starts_with_stub(right) and not (is_heading(left) and _first_clause(right).endswith("、")):
        # (a headline over a paragraph that opens on a list, "糖画、剪纸、…", is no cut)
        return f"下一块以残句“{_first_clause(right)}”开头，是上一分句的结尾"
    if not weak or is_heading(left) and not _stops_open(left):
        return None
    if _stops_open(left):
        return f"分句不能止于“{left[-1]}”"
    if len(left) > HEADING_MAX:
        return "句子未完，下一块也不是新段落的开头"
    return None


def _in_words(text: str) -> bool:
    """A number ends a run of Chinese, not a block of bare figures (a chart's labels)."""
    return len(HAN_RE.findall(text)) >= 2


def _quote_open(text: str) -> bool:
    return text.count("“") > text.count("”")


def _closes_first(text: str) -> bool:
    close, open_ = text.find("”"), text.find("“")
    return close != -1 and (open_ == -1 or close < open_)


def starts_with_stub(block: str) -> bool:
    """Opens with a clause of at most four characters that is no paragraph
    opener ("支持，提高…", "疲惫。餐桌上…"): the end of a clause cut off."""
    head = _first_clause(block)
    return len(head) <= 4 and head[-1:] in "。！？；，、" and not opens_paragraph(block)


def starts_mid_sentence(block: str) -> bool:
    return bool(block) and (block[0] in _CANNOT_OPEN_MARKS or starts_with_stub(block))


def _first_clause(block: str) -> str:
    """The block up to and with its first clause mark."""
    return re.match(r"[^，、；：。！？]*[，、；：。！？]?", block).group()


def opens_paragraph(block: str) -> bool:
    """The block opens like a new paragraph: with a quotation, a dateline, a
    short time or discourse adverbial and a comma ("今年，" "此外，"), or a
    subject: a place, organisation, person, pronoun or time word."""
    if block[:1] in _OPENS_PARAGRAPH or DATELINE_RE.match(block) or block.startswith(_REPORTER_OPENERS):
        return True
    if _opens_with_adverbial(block):
        return True
    word, tag = first_word(block)
    return len(word) >= 2 and tag in _SUBJECT_TAGS or block[:1] in _PERSONAL_PRONOUNS


def _opens_with_adverbial(block: str, any_four: bool = True) -> bool:
    """"今年，" "会上，" "此外，": a short time or discourse adverbial and a
    comma open the block, as prose opens; with `any_four`, any phrase of four
    characters too ("招商引资，"), which a headline's first half may also be."""
    first_clause = _first_clause(block)
    if not first_clause.endswith("，"):
        return False
    opener = first_clause[:-1]
    if any(char.isdigit() for char in opener):
        return len(opener) <= 10 and _TIME_RE.search(opener) is not None
    return len(opener) <= 6 and (_TIME_RE.search(opener) is not None or opener in _DISCOURSE or _SOURCE_RE.fullmatch(opener) is not None
                                 or any_four and len(opener) == 4)


def join_column_breaks(text: str, weak: bool = True) -> list[Edit]:
    edits = []
    spans = block_spans(text)
    sentences = marks_sentence_ends([text[s:e] for s, e in spans])
    for (start, end), (next_start, next_end) in zip(spans, spans[1:]):
        reason = continues(text[start:end], text[next_start:next_end], weak, sentences)
        if reason:
            edits.append(Edit(end, next_start, "", f"接上被分栏断开的段落：{reason}"))
    return edits


def is_lost(block: str, following: str = "") -> bool:
    """A prose block that plainly stops mid-sentence (a caption that ends on
    its photo credit has stopped where it should)."""
    if not block or ends_sentence(block) or not is_prose(block) or is_list_item(block) or CREDIT_END_RE.search(block):
        return False
    if is_heading(block):  # the shape of a headline ("让群众少跑腿，数据多跑路", "托管之后，账怎么算"): a
        # broken end tells, or a prose opening ("今年，") with no text under it as a head would have
        return _stops_open(block) or _opens_with_adverbial(block, any_four=False) and not is_prose(following)
    return len(block) > HEADING_MAX or _stops_open(block) or _ends_on_a_loose_character(block)


def _ends_on_a_loose_character(block: str) -> bool:
    """A line with clauses whose last word is a lone character: cut in a word."""
    *before, last = cut(block[-6:])
    after_number = bool(before) and before[-1][-1:].isdigit()  # "2382个": a count, complete
    return len(last) == 1 and HAN_RE.match(last) is not None and "，" in block and not after_number


def marks_sentence_ends(blocks: list[str]) -> bool:
    """The text ends its sentences on 。！？, as modern Chinese is punctuated
    (at least 6.5 % of the marks of every 1998 report are such stops, a
    quarter in the median one). Papers of the 1920s often run a whole
    article on 、 alone (晶報), and there an open end, or a short first
    clause, says nothing of a cut; nor where it sets 句讀, 。 at some ends and
    no comma (lexicon.lightly_punctuated). A text with too few marks to tell
    is taken as modern."""
    text = "".join(blocks)
    stops, pauses = len(_STOP_RE.findall(text)), len(_PAUSE_RE.findall(text))
    if stops + pauses < MIN_MARKS_TO_TELL:
        return True
    return not lightly_punctuated(text) and stops >= SENTENCE_STOP_SHARE * (stops + pauses)


def mark_lost_text(text: str, mark: bool = True) -> list[Edit]:
    """Runs after the joins: what still stops mid-sentence lost its end.
    `mark=False` for line-wrapped text, whose short last lines showed where
    each paragraph ended: what stops mid-sentence there lost its closing
    mark, not its words, and is flagged for a person without the mark."""
    edits = []
    spans = block_spans(text)
    if not marks_sentence_ends([text[s:e] for s, e in spans]) or lightly_punctuated(text):
        return []  # unpunctuated or 句讀: a block without an end mark ends all the same
    for index, (start, end) in enumerate(spans):
        block = text[start:end]
        following = text[spans[index + 1][0]:spans[index + 1][1]] if index + 1 < len(spans) else ""
        if not is_lost(block, following):
            continue
        if heads_a_report(block, following) and (index == 0 or ends_sentence(text[spans[index - 1][0]:spans[index - 1][1]])):
            continue  # heading the page, or after a finished paragraph, over a report's dateline: its headline
        if len(block) <= LONG_HEADLINE_MAX and BYLINE_RE.match(following):
            continue  # over a byline: a head line (a subtitle as long as a paragraph), not a cut one
        later = [text[s:e] for s, e in spans[index + 2:index + 2 + LOOKAHEAD]]
        if any(continues(block, other, weak=False) for other in later):
            continue  # continued further down: reading order, not lost text
        if mark:
            edits.append(Edit(end, end, LOST_MARK, "段落在句中中断，后文无接续", flag=True))
        else:
            edits.append(Edit(end, end, "", "段落止于短行且无句末标点：扫描可能漏了文字", flag=True))
    return edits
