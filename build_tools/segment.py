"""Segment: a cleaned page becomes its stories, and each story its parts.

The page's own evidence decides: a column label (县区传真 CHUANZHEN) or a
title followed by a dateline (本报讯 记者…报道), a byline or a signature
opens a story; a run of short label/text pairs is an infographic; the rest of
the headings are the story's sections. Captions, credits, bylines and
datelines are taken out of the prose into their own fields. No text is
changed here: blocks are only assigned (a dateline or a credit printed on
the same line as prose is split off it).
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import Callable, NamedTuple

from .clean.blocks import CAPTION_MAX, HEADING_MAX, ends_sentence, heads_a_report, is_byline, is_credit, is_list_item, one_sentence
from .clean.lines import keeps_printed_lines
from .clean.order import HEADLINE_REACH
from .clean.words import topic_weights
from .lexicon import (BYLINE_LEAD_RE, COLUMN_TAG_RE, COMMENT_COLUMN_RE, DATE_RE, DATELINE_RE, EDITORIAL_SIGNATURE_RE, HAN, ISSUER_RE, PIECE_END_RE,
                      NOTICE_RE, TEXT_LINE_RE, REPORTER, ROUNDUP_RE, SUBTITLE_RE, SURNAMES, WRITTEN_UP_RE, furniture,
                      lightly_punctuated)
from .model import Block, CleanedSource, Source, Story
from .printed_script import TRADITIONAL, fold_to_simplified

UNTITLED = "（无题）"
# "县区传真 CHUANZHEN", "HEXINTISHI 核心提示▶": a column label with its pinyin.
_COLUMN_RE = re.compile(f"^[{HAN}]{{2,10}}\\s*[A-Z]{{4,}}$|^[A-Z]{{4,}}\\s*[{HAN}]{{2,10}}\\s*[▶►>]?$")
# "锦州市民 张旭", "宝钛华神钛业有限公司总经理 王俊博", "澄川县城关镇　一位学生家长　周明": who signs a
# first-person piece (where, then who, then the name).
_SIGNATURE_RE = re.compile(f"^[{HAN}（）()A-Za-z0-9]{{2,30}}(?:\\s[{HAN}（）()A-Za-z0-9]{{2,30}})?\\s[{HAN}]{{2,4}}$")
_SIGNED_ON_RE = re.compile(f"\\s+{DATE_RE.pattern}$")
# A column's label set over a headline as its kicker: a few letters, no mark ("法官说法", "民生来信").
_LABEL_RE = re.compile(f"[{HAN}]{{2,6}}")
# A credit printed at the end of a caption or a photo story's text.
_TRAILING_CREDIT_RE = re.compile(f"(?<=[。！？”])\\s*((?:{REPORTER})?\\s*[{HAN}、 ]{{2,20}}?\\s*(?:文并摄|摄|供图|提供|制图))$")
_SECTION_HEAD_RE = re.compile("——")
# A kicker that reports the event or names the occasion, the headline under it what came of it or
# what was said: "…艺术节开幕", "…会议在京召开", "…在论坛上强调", "全国田径大奖赛第二站" (a document
# issued, "《…方案》印发", is a headline itself, its subtitle what it holds).
_EVENT_RE = re.compile("(?:开幕|闭幕|举行|召开|举办|落幕|强调|指出|批示"
                       "|第[0-9一二三四五六七八九十百]+[轮站场])$")  # (or the round of a competition: 中甲联赛第21轮)
# Quotation marks, ！, ？ and a colon (谁来管：…): the voice of a headline, not of the plain kicker or
# subtitle beside it (but words quoted after 称, 说, 道 report what someone said, as a subtitle does). Of
# the 125 two-line heads without a dash of the tuning and development sets (2026-12-07), a colon, ！ or ？
# stands in the title only on 29, in the deck only on none; quotation marks on 36 and 11; and the title
# is the shorter line on 59, the longer on 62: length alone tells nothing.
_VOICED_RE = re.compile("(?<![称说道])[“‘\"]|[！？!?]|^[^：:]+[：:][^：:]+$")  # (one colon: a form's line has several)
# "【平安县域】反诈宣传进村入户": a column's tag opening a headline, the headline after it.
_OPENING_TAG_RE = re.compile(f"^【[^【】]{{2,12}}】.*[{HAN}].*[{HAN}]")
# A title's length is its letters and digits: marks and spaces are no part of it.
_TITLE_NOISE_RE = re.compile(r"[\W_]")
# A head line in type this much larger than the first head line is the headline under a kicker.
HEADLINE_TYPE_STEP = 1.2


class SegmentConfig(NamedTuple):
    # A section on another subject tells another piece only when its text (its
    # head aside), and the story before it, hold at least this many topic
    # words (a line or two says too little).
    topic_words: int = 5
    # ...and it is on another subject when the cosine of the two texts' topic
    # weights (words by count and idf, clean.words.topic_weights) is below this.
    topic_similarity: float = 0.04


CONFIG = SegmentConfig()
# A note in brackets alone on its line ("（此件主动公开）").
_NOTE_RE = re.compile("[（(][^（）()]{2,20}[）)]")
# Subheads set alike differ in length by at most this many characters.
SIBLING_LENGTH = 2
LABEL_HEAD_MAX = 12
LABEL_TEXT_MAX = 40
MIN_LABEL_PAIRS = 3


def is_column_label(text: str) -> bool:
    return _COLUMN_RE.match(text) is not None


def split_dateline(text: str) -> tuple[str, str]:
    """("本报讯 记者崔治报道", rest of the paragraph), or ("", text)."""
    match = DATELINE_RE.match(text)
    if not match or match.end() == len(text):
        return "", text
    return match.group().strip(), text[match.end():]


def split_trailing_credit(text: str) -> tuple[str, str]:
    """(prose, "本报记者 崔治摄") when a credit closes the block."""
    match = _TRAILING_CREDIT_RE.search(text)
    return (text[:match.start()].rstrip(), match.group(1).strip()) if match else (text, "")


@dataclass
class _Draft:
    """A story being assembled, block by block."""

    title: str = ""
    decks: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    dateline: str = ""
    credits: list[str] = field(default_factory=list)
    column: str = ""
    blocks: list[Block] = field(default_factory=list)
    source_start: int = 0
    signed: bool = False  # closed by its issuer and date: what follows is another piece
    # the topic weights of the story so far (_story_weights), and how many of its blocks they hold
    weights: dict[str, float] | None = None
    weighed: int = 0


def segment(cleaned: CleanedSource) -> list[Story]:
    """The page's stories. The lexicon's conventions are Simplified (本报讯,
    记者, 日报): a Traditional page is segmented through its fold
    (printed_script.fold_to_simplified, character for character), and every
    text of its stories is given back as printed."""
    if cleaned.source.script != TRADITIONAL:
        return _segment(cleaned)
    folded = replace(cleaned, blocks=tuple(replace(b, text=fold_to_simplified(b.text)) for b in cleaned.blocks))
    return [_as_printed(story, _Unfold(cleaned.text)) for story in _segment(folded)]


class _Unfold:
    """A piece of a page's fold, as the page prints it: the same span of the
    page's text (the fold keeps every offset). Pieces come in page order, so
    each is looked for from where the last was found first."""

    def __init__(self, printed: str):
        self.printed, self.folded, self.cursor = printed, fold_to_simplified(printed), 0

    def __call__(self, piece: str) -> str:
        if not piece:
            return piece
        at = self.folded.find(piece, self.cursor)
        if at < 0:
            at = self.folded.find(piece)
        if at < 0:
            return piece  # (not a span of the page: words the segmenter wrote)
        self.cursor = at
        return self.printed[at:at + len(piece)]


def _as_printed(story: Story, unfold: _Unfold) -> Story:
    heads = dict(title=unfold(story.title), decks=tuple(map(unfold, story.decks)), bylines=tuple(map(unfold, story.bylines)),
                 column=unfold(story.column), page_context=tuple(map(unfold, story.page_context)))
    body = dict(dateline=unfold(story.dateline), blocks=tuple(replace(b, text=unfold(b.text)) for b in story.blocks),
                credits=tuple(map(unfold, story.credits)))
    return replace(story, **heads, **body)


def _segment(cleaned: CleanedSource) -> list[Story]:
    blocks = _merge_split_bylines([b for b in cleaned.blocks])
    page_context, content = _page_context(blocks)
    printing = _Printing(_type_sizes(cleaned.source), not keeps_printed_lines(cleaned.source.text),
                         lightly_punctuated(cleaned.text))
    drafts = _split(content, _picture_slots(cleaned.source.text), printing)
    banner = next((b for b in page_context if b not in _furniture_texts(blocks)), "")
    if not banner:
        drafts = _headline_read_late(drafts)
    stories = []
    for position, draft in enumerate(drafts, 1):
        if not draft.title:
            draft.title, banner = (banner, "") if banner else (draft.column or UNTITLED, banner)
        stories.append(_story(cleaned, draft, position, drafts, tuple(page_context)))
    return stories


def _headline_read_late(drafts: list[_Draft]) -> list[_Draft]:
    """A page that opens on text with no headline over it, then a headline:
    the engine read the first column before a headline set over the others
    (the cleaner moves it back only where a cut paragraph shows it). The head
    line is the story's title, and the text before it that story's opening,
    not an untitled story; unless the story under the headline opens on its
    own dateline."""
    if drafts and not drafts[0].title and not drafts[0].column:
        drafts = [_title_from_first_head(drafts[0]), *drafts[1:]]
    if len(drafts) < 2:
        return drafts
    first, second = drafts[:2]
    if first.title or first.column or not second.title or (second.dateline and not first.dateline):
        return drafts
    if other_subjects(_story_weights(first), _story_weights(second)):
        return drafts  # a piece printed without a headline (or under one read as a sentence), then another piece
    merged = replace(second, blocks=first.blocks + second.blocks, dateline=first.dateline or second.dateline,
                     bylines=first.bylines + second.bylines, credits=first.credits + second.credits,
                     source_start=first.source_start, weights=None, weighed=0)
    return [merged, *drafts[2:]]


def _title_from_first_head(draft: _Draft) -> _Draft:
    """An untitled first story whose text a whole head line soon interrupts:
    that head line is its headline, read late."""
    for index, block in enumerate(draft.blocks[:HEADLINE_REACH]):
        if block.kind == "heading" and not _is_section_head(block.text) and _balanced(block.text):
            return replace(draft, title=block.text, blocks=draft.blocks[:index] + draft.blocks[index + 1:])
    return draft


def _balanced(text: str) -> bool:
    """Its quotation marks and brackets pair: a whole head line, not a piece cut from prose ("蒙特利尔和渥太华”")."""
    return all(text.count(opening) == text.count(closing) for opening, closing in ("“”", "（）", "《》"))


def _picture_slots(text: str) -> set[int]:
    """Source offsets just after three or more blank lines: where the scan
    left the space of a picture, the next short sentence is its caption."""
    return {m.end() for m in re.finditer(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*){3,}", text)}


def _furniture_texts(blocks: list[Block]) -> set[str]:
    return {b.text for b in blocks if b.kind == "furniture"}


def _merge_split_bylines(blocks: list[Block]) -> list[Block]:
    """"本报记者" / "白复海" printed on two lines is one byline."""
    merged: list[Block] = []
    for block in blocks:
        if merged and BYLINE_LEAD_RE.match(merged[-1].text) and re.fullmatch(f"[{HAN}]{{2,4}}", block.text):
            last = merged.pop()
            block = Block("heading", f"{last.text} {block.text}", last.source_start, block.source_end)
        merged.append(block)
    return merged


def _page_context(blocks: list[Block]) -> tuple[list[str], list[Block]]:
    """Furniture anywhere, and headings printed above the masthead or the
    page number (the page's banner), are the page's, not a story's."""
    last_top_furniture = -1
    for index, block in enumerate(blocks[:8]):
        printed = furniture(block.text) if block.kind == "furniture" else None
        if printed and (printed.paper or printed.page):  # a masthead or a page number, not a bare date
            last_top_furniture = index
    banner = {i for i, b in enumerate(blocks[:max(0, last_top_furniture)]) if b.kind == "heading"}
    context = [b.text for i, b in enumerate(blocks) if b.kind == "furniture" or i in banner]
    content = [b for i, b in enumerate(blocks) if b.kind != "furniture" and i not in banner]
    return context, content


def _role(block: Block) -> str:
    text = block.text
    if is_column_label(text):
        return "column"
    if is_byline(text):
        return "byline"
    if is_credit(text):
        return "credit"
    if block.kind == "heading" and not PIECE_END_RE.match(text) and not TEXT_LINE_RE.match(text):
        return "head"
    return "text"


def _split(blocks: list[Block], picture_slots: set[int], printing: "_Printing") -> list[_Draft]:
    roles = [_role(b) for b in blocks]
    for index in range(1, len(blocks)):
        # "本报记者　许嘉　整理": who wrote the piece up; under a head, a byline (at a piece's end, a credit)
        if roles[index] == "credit" and roles[index - 1] == "head" and WRITTEN_UP_RE.search(blocks[index].text):
            roles[index] = "byline"
    drafts: list[_Draft] = []
    index = 0
    pending_column = ""
    while index < len(blocks):
        role = roles[index]
        if role == "column":
            pending_column = blocks[index].text
            drafts.append(_Draft(column=_column_name(pending_column), source_start=blocks[index].source_start))
            index += 1
            continue
        labels = _label_run(blocks, roles, index)
        if labels:
            draft = _Draft(source_start=blocks[index].source_start)
            heads = [blocks[i].text for i in range(index, labels) if roles[i] == "head" and (i + 1 >= labels or roles[i + 1] == "head")]
            draft.title = heads[0] if heads else ""
            for i in range(index, labels):
                block = blocks[i]
                if roles[i] in ("credit", "byline"):
                    draft.credits.append(block.text)
                elif block.text != draft.title:
                    draft.blocks.append(Block("label" if roles[i] == "head" else "paragraph", block.text, block.source_start, block.source_end))
            drafts.append(draft)
            index = labels
            continue
        if role in ("head", "byline"):
            end = index
            while end < len(blocks) and roles[end] in ("head", "byline"):
                end += 1
            lead = index
            while lead < end and roles[lead] == "byline":
                lead += 1
            if lead > index and drafts and drafts[-1].title and not drafts[-1].blocks and not drafts[-1].bylines:
                # under a head and its deck, before any text: the story's own bylines (a head after them is its section's)
                drafts[-1].bylines.extend(block.text for block in blocks[index:lead])
                index = lead
                continue
            closing = _closing_lines(blocks[index:end]) if drafts and _has_prose(drafts[-1]) else 0
            if closing:  # a letter's signature, a notice's issuer and signing date close the piece before
                drafts[-1].blocks.extend(Block("paragraph", b.text, b.source_start, b.source_end)
                                         for b in blocks[index:index + closing])
                # signed and dated, it is over; a signature may be answered under it (记者回访)
                drafts[-1].signed = drafts[-1].signed or DATE_RE.fullmatch(blocks[index + closing - 1].text) is not None
                index += closing
                continue
            run = blocks[index:end]
            next_text = blocks[end].text if end < len(blocks) else ""
            has_head = any(roles[i] == "head" for i in range(index, end))
            # a roundup's item, a head and one paragraph, is its section, dateline or not ("本报讯　…")
            item = bool(drafts) and _has_prose(drafts[-1]) and ROUNDUP_RE.fullmatch(drafts[-1].title) is not None \
                and not drafts[-1].signed and _one_paragraph_under(blocks, roles, end)
            later = _next_head(blocks, roles, end)
            series = _names_a_series(run, later) and _one_paragraph_under(blocks, roles, end)
            opens = has_head and not item and (not drafts or _awaits_title(drafts[-1]) or split_dateline(next_text)[0]
                                  or any(roles[i] == "byline" for i in range(index, end)) or _has_signature(run)
                                  or printing.old_style and bool(drafts[-1].blocks) and not all(_numbered(b.text) for b in run)
                                  or _another_piece(drafts[-1], blocks, roles, index, end, printing, later, series))
            if opens:
                draft = drafts[-1] if drafts and _awaits_title(drafts[-1]) else None
                if draft is None:
                    draft = _Draft(source_start=run[0].source_start)
                    drafts.append(draft)
                _fill_head(draft, run, roles[index:end], printing, series)
                index = end
                continue
        notice = _RUN_IN_NOTICE_RE.match(blocks[index].text) if printing.old_style and role == "text" else None
        if notice and drafts and drafts[-1].blocks and notice.end() < len(blocks[index].text):
            # an old paper's notice, its head run into its text (◘誌謝 本社承…): a piece of its own
            block = blocks[index]
            drafts.append(_Draft(title=notice.group(), source_start=block.source_start))
            drafts[-1].blocks.append(Block("paragraph", block.text[notice.end():], block.source_start, block.source_end))
            index += 1
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        following_role = roles[index + 1] if following is not None else ""
        after_prose = bool(drafts) and _has_prose(drafts[-1])
        if printing.whole_lines and role == "text" and (not drafts or after_prose) and (
                _sentence_headline(blocks[index], following_role) or after_prose and _heads_a_report(blocks[index].text, following)):
            drafts.append(_Draft(title=blocks[index].text, source_start=blocks[index].source_start))
            index += 1
            continue
        if not drafts:
            drafts.append(_Draft(source_start=blocks[index].source_start))
        _add_body_block(drafts[-1], blocks[index], roles[index], following, following_role,
                        blocks[index].source_start in picture_slots)
        index += 1
    return [d for d in drafts if d.title or d.blocks]


def _another_piece(draft: _Draft, blocks: list[Block], roles: list[str], start: int, end: int,
                   printing: "_Printing", later: Block | None, series: bool) -> bool:
    """The head lines blocks[start:end], printed after prose, head another
    piece rather than a section of this one. For: the piece before closed
    ("（作者为…）"); they carry a column tag or a subtitle, or are three
    lines (引题, 主题, 副题), as only headlines do; the text they head is on another subject: it shares almost none of
    its topic words with the story so far (SegmentConfig.topic_similarity).
    Against, and first: a numbered or bulleted head (七、…, ► …), a piece
    that announced its parts ("一起来看："), a head set like the story's
    other subheads, no text under them. `later`: the next head line on the
    page; `series`: the run names a series of items (_names_a_series)."""
    run = blocks[start:end]
    if not _has_prose(draft):
        return False
    following = []
    for index in range(end, len(blocks)):
        if roles[index] == "head":
            break
        following.append(blocks[index].text)
    if not following:
        return False  # no text under them: a notice's closing lines (its issuer, 附件：…), not a story
    if draft.signed or PIECE_END_RE.match(blocks[start - 1].text):
        return True
    if any(_has_column_tag(b.text) or SUBTITLE_RE.match(b.text) for b in run):
        return True
    if len(run) > 1 and ROUNDUP_RE.fullmatch(run[0].text) and not ROUNDUP_RE.fullmatch(draft.title):
        return True  # a roundup's name over its first item's head ("县域快讯" / "■ …"): a column of its own
    if series and not any(_set_alike(run[-1].text, b.text) for b in draft.blocks if b.kind in ("heading", "subheading")):
        return True  # a name over a series of items set alike (国际体坛 / ◆ …), none of them the story's: a column
    # (a numbered or bulleted head in the run starts the parts: "重点做好以下工作" / "► 坚持党的全面领导…"; but
    # a line of several bullets under a headline, "●中方对…　●对克林…", is its deck of points)
    if any(_numbered(b.text) and not _points(b.text) or _QUANTITY_RE.match(b.text) for b in run) \
            or len(following) == 1 and (ROUNDUP_RE.fullmatch(draft.title) or _items(draft)):
        return False  # (a roundup's items, a head and a paragraph each, are its sections)
    if draft.blocks and draft.blocks[-1].text.endswith(("：", ":", "——")):
        return False
    if any(_siblings(b.text, other.text) for b in run for other in draft.blocks if other.kind == "heading"):
        return False  # a head set like the story's own subheads
    if later is not None and not series and any(_siblings(b.text, later.text) for b in run):
        return False  # its first of a series of subheads (a name over the series' first head starts a column: 新书架 / 《…》)
    # (two suffice in a paper's own text; an engine's lines, a cut line over a misread scrap, may pair as well)
    if len(run) >= (2 if printing.whole_lines and not any(map(printing.type_size, run)) else 3):
        return True  # a kicker, a title or a subtitle beside it: a headline's head, which no section has
    return other_subjects(_story_weights(draft), _weights_of(following))


def other_subjects(before: dict[str, float], after: dict[str, float]) -> bool:
    """Two texts, each of enough topic words, that share almost none of them (SegmentConfig)."""
    if len(before) < CONFIG.topic_words or len(after) < CONFIG.topic_words:
        return False
    return _cosine(after, before) < CONFIG.topic_similarity


def _items(draft: _Draft) -> bool:
    """The story so far is a column of items (a police blotter, briefs): from
    its first section head on, at least two heads, each over one paragraph."""
    first = next((i for i, b in enumerate(draft.blocks) if b.kind == "heading"), None)
    if first is None:
        return False
    kinds = [b.kind for b in draft.blocks[first:]]
    return len(kinds) >= 4 and kinds == ["heading", "paragraph"] * (len(kinds) // 2)


def _one_paragraph_under(blocks: list[Block], roles: list[str], end: int) -> bool:
    """One block of text under the head lines that end at `end`, then a head or the page's end."""
    return end < len(blocks) and roles[end] == "text" and (end + 1 == len(blocks) or roles[end + 1] == "head")


def _weights_of(texts: list[str], total: dict[str, float] | None = None) -> dict[str, float]:
    """The topic weights of some blocks, summed (into `total`, if given)."""
    total = {} if total is None else total
    for text in texts:
        for word, weight in _block_weights(text).items():
            total[word] = total.get(word, 0.0) + weight
    return total


def _story_weights(draft: _Draft) -> dict[str, float]:
    """The topic weights of the story so far, its head lines and blocks: kept
    on the draft and added to as blocks come (a page's story is asked at every
    head line of it; summing it again each time grows with the square of its
    length). A draft's head is filled before its first block."""
    if draft.weights is None:
        draft.weights = _weights_of([draft.title, *draft.decks])
    _weights_of([b.text for b in draft.blocks[draft.weighed:]], draft.weights)
    draft.weighed = len(draft.blocks)
    return draft.weights


@functools.lru_cache(maxsize=4096)
def _block_weights(text: str) -> dict[str, float]:
    return topic_weights(text)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(word, 0.0) for word, weight in a.items())
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


def _next_head(blocks: list[Block], roles: list[str], end: int) -> Block | None:
    """The next head line on the page from `end` on."""
    return next((blocks[i] for i in range(end, len(blocks)) if roles[i] == "head"), None)


def _siblings(a: str, b: str) -> bool:
    """Two heads set alike: the same marks in the same order (at least one) and about one length."""
    marks_a, marks_b = _TITLE_NOISE_RE.findall(a), _TITLE_NOISE_RE.findall(b)
    return bool(marks_a) and marks_a == marks_b and abs(len(a) - len(b)) <= SIBLING_LENGTH


def _closing_lines(run: list[Block]) -> int:
    """How many head lines of the run close the piece before it: a letter's
    signature first ("读者　马建国　2025年4月2日"); or up to a date alone (the
    date a notice was signed, under its issuer), and the bracketed notes after
    it ("（此件主动公开）"), when another headline follows them (the first such
    date: the next piece may print its own under its title); 0 if neither."""
    if _signs_off(run[0].text) and not is_byline(run[0].text):
        return 1
    for index, block in enumerate(run):
        if not DATE_RE.fullmatch(block.text):
            continue
        end = index + 1
        while end < len(run) and _NOTE_RE.fullmatch(run[end].text):
            end += 1
        if end < len(run) and not _is_section_head(run[end].text):
            return end
    return 0  # the date heads the text below (a bulletin's title, issuer and date), it closes nothing


def _has_column_tag(text: str) -> bool:
    """"托养一人 帮扶一家（改革落实在基层）", "【聚焦进博会】展台“变身”签约台": a bracketed column tag
    closing or opening a headline (a bracketed line alone, "（此件主动公开）", "【案情回放】", is a note or a
    section's head)."""
    match = COLUMN_TAG_RE.search(text)
    return match is not None and match.start() >= 2 or _OPENING_TAG_RE.match(text) is not None


def _awaits_title(draft: _Draft) -> bool:
    """A column label was just printed: the next head is its story's title."""
    return bool(draft.column) and not draft.title and not draft.blocks


def _column_name(label: str) -> str:
    return re.sub(r"[A-Z]{4,}|[▶►>]", "", label).strip()


def _signature_parts(text: str) -> tuple[str, str, bool] | None:
    """(who, name, dated) of a line shaped as a signature: a description, a
    space, a personal name of two or three characters, a surname first, and
    perhaps the day it was written ("读者　马建国　2025年4月2日"); else None."""
    undated = _SIGNED_ON_RE.sub("", text)
    if _SIGNATURE_RE.match(undated) is None:
        return None
    who, name = undated.rsplit(maxsplit=1)
    if name[0] not in SURNAMES or len(name) > 3:
        return None
    return who.strip(), name, undated != text


def is_signature(text: str) -> bool:
    """"锦州市民 张旭": a signature, its description longer than the name (the
    two halves of a headline, "追光逐日 戈壁织锦", are as long as each other),
    or dated."""
    parts = _signature_parts(text)
    return parts is not None and (len(parts[0]) > len(parts[1]) or parts[2])


def _signs_off(text: str) -> bool:
    """A signature under a letter's last paragraph, where who signs may be said
    in two characters ("读者　刘秀英", "市民　王大伟"): closing a piece, before
    the next head line, such a line is read as a signature, not as a headline."""
    return _signature_parts(text) is not None


def _has_signature(run: list[Block]) -> bool:
    return len(run) >= 2 and any(is_signature(b.text) for b in run[1:])


@dataclass(frozen=True)
class _Printing:
    """What the page tells of its head lines' type: each block's size (a
    layout source), and whether its head lines are whole printed lines (text
    a paper's site gives), not an engine's line-by-line pieces of them."""

    type_size: Callable[[Block], float]
    whole_lines: bool
    # The page sets 句讀 or nothing (lexicon.lightly_punctuated), as papers did
    # until the 1930s, and heads its pieces as they did: the title first, its
    # author's name (a pen name: 寒雲, 鵷雛) alone under it, then the text; a
    # head printed after prose opens another piece, unless it numbers a part (（一）…).
    old_style: bool = False


def _type_sizes(source: Source) -> Callable[[Block], float]:
    """A block's type size against the body's, from a layout source's lines
    (the largest among the lines it came from); 0.0 where the source is
    plain text and says nothing of type."""
    if not source.type_sizes:
        return lambda block: 0.0
    starts = [0] + [m.end() for m in re.finditer("\n", source.text)]

    def size(block: Block) -> float:
        first = bisect_right(starts, block.source_start) - 1
        last = bisect_right(starts, max(block.source_start, block.source_end - 1)) - 1
        return max(source.type_sizes[first:last + 1], default=0.0)

    return size


def _title_index(heads: list[Block], printing: "_Printing") -> int:
    """The headline among a story's head lines: the line the layout sets in
    clearly larger type, where it tells; else the shortest, since the main
    title is the terse line that a kicker (引题, over it) and a subtitle (副题,
    under it) explain (so in 26 of the 31 two-line heads of the 1998 reports;
    the other five are kickers the corpus lists first); but a line with
    quotation marks, ！ or ？ beside plain ones is the title, and a subtitle
    opening on a dash (——访…) stands right under the title, whatever the
    lengths; under a kicker that reports an event (…开幕, …强调), the line
    under it; of three whole lines, the middle one (引题, 主题, 副题). Never a
    subtitle, a section head or a date, while another is there."""
    candidates = [i for i, block in enumerate(heads) if not _is_section_head(block.text) and not SUBTITLE_RE.match(block.text)
                  and not DATE_RE.fullmatch(block.text)]
    candidates = candidates or list(range(len(heads)))
    sizes = [printing.type_size(block) for block in heads]
    largest = max(candidates, key=lambda i: (sizes[i], -i))
    if sizes[largest] and sizes[largest] >= HEADLINE_TYPE_STEP * min(sizes[i] for i in candidates):
        return largest
    subtitle = next((i for i, block in enumerate(heads) if i and SUBTITLE_RE.match(block.text)), None)
    if subtitle is not None and subtitle - 1 in candidates:
        return subtitle - 1  # a subtitle opening on a dash (——) stands right under the title
    if not printing.whole_lines or printing.old_style:
        # an engine's line-by-line text cuts head lines into pieces: the first is the title's; an old paper sets the title first
        return candidates[0]
    if len(candidates) == 3 and candidates == list(range(candidates[0], candidates[0] + 3)):
        return candidates[1]  # 引题, 主题, 副题: three whole head lines, the title between its kicker and its subtitle
    if len(candidates) > 1 and candidates[0] == 0 and _LABEL_RE.fullmatch(heads[0].text) \
            and not ROUNDUP_RE.fullmatch(heads[0].text):  # (a roundup's name is its title)
        candidates = candidates[1:]  # "法官说法" over a headline: the column's label, a kicker
    if len(candidates) == 2 and _EVENT_RE.search(heads[candidates[0]].text) and not _EVENT_RE.search(heads[candidates[1]].text):
        return candidates[1]  # "第八届渤海湾国际杂技艺术节开幕" over what came of it: the event's report is its kicker
    voiced = [i for i in candidates if _VOICED_RE.search(heads[i].text)]
    if voiced and len(voiced) < len(candidates):
        candidates = voiced  # a line in the headline's voice ("…"、！、？) over or under a plain one, its deck
    return min(candidates, key=lambda i: (len(_TITLE_NOISE_RE.sub("", COLUMN_TAG_RE.sub("", heads[i].text))), i))


# A notice's head run into its first line: a mark, the kind (lexicon.NOTICE_RE), its number (◘誌謝二).
_RUN_IN_NOTICE_RE = re.compile(f"^[◘□■◆◇●○◎※]?\\s*(?:{NOTICE_RE.pattern})[一二三四五六七八九十]?")


def _numbered(text: str) -> bool:
    """"（一）他認…", "一、…", "第三章…", "第一步：…", "► …": a head that numbers or bullets a part of a piece."""
    return is_list_item(text) or _PART_RE.match(text) is not None


def _bullet(text: str) -> str:
    """The mark a bulleted line opens on ("◆", "●", "►"), or ""."""
    return text[0] if is_list_item(text) and not text[0].isalnum() and text[0] not in "（(" else ""


def _points(text: str) -> bool:
    """A line of several bulleted points ("●中方对…　●对克林…"): under a headline, its deck, no part's head."""
    return bool(_bullet(text)) and text.count(_bullet(text)) > 1


# "第三章", "第七囘", "（三）", "第一步": the number of a chapter, an installment, a part, a step.
_PART_RE = re.compile("^(?:第[〇一二三四五六七八九十百零廿卅0-9]+(?:[章回囘節节篇則则步站天幕课招]|阶段|部分)|[（(][〇一二三四五六七八九十0-9]+[)）])")
# A head that is a bare quantity ("83亿", "约1.2亿人", "1.5℃", "超过2万亿美元"): an item of a data
# column, which no headline is (a headline says what happened).
_QUANTITY_RE = re.compile("^(?:约|超过|超|近|逾|达|仅)?[0-9][0-9.,]*[万亿千百]*(?:[%％℃‰]|(?:人次|人|美元|元|吨|公里|千米|米|"
                          "平方米|公顷|亩|个|项|家|件|台|辆|户|次|倍|年|天|小时|岁))?$")
# An author's name alone under an old paper's title: a pen name of two to four characters, or "李涵秋著".
_PEN_NAME_RE = re.compile(f"^[{HAN}]{{2,4}}著?$")


def _is_pen_name(text: str) -> bool:
    return _PEN_NAME_RE.match(text) is not None and _PART_RE.match(text) is None


def _issuer_over_date(run: list[Block], index: int) -> bool:
    """"云州市统计局　国家统计局云州调查队" over "2024年3月20日": who issues the communiqué."""
    return ISSUER_RE.match(run[index].text) is not None and index + 1 < len(run) \
        and DATE_RE.fullmatch(run[index + 1].text) is not None


def _is_author_name(text: str) -> bool:
    """"刘青禾" alone under a headline: the author of an essay or a letter (two or three characters, a surname first)."""
    return re.fullmatch(f"[{HAN}]{{2,3}}", text) is not None and text[0] in SURNAMES


def _title_over_byline(heads: list[Block]) -> int:
    """Over a signature the title is the last head line, a subtitle (——…)
    under it aside: what stands above it is the column's banner (写给下一个五年)."""
    return next((i for i in range(len(heads) - 1, -1, -1) if not SUBTITLE_RE.match(heads[i].text)), len(heads) - 1)


def _is_section_head(text: str) -> bool:
    """"…——…" (a feature's part and its theme), "一、…", "第一步：…": heads of the body's sections."""
    return (_SECTION_HEAD_RE.search(text) is not None and not SUBTITLE_RE.match(text)) or _numbered(text)


def _names_a_series(run: list[Block], later: Block | None) -> bool:
    """Head lines over a series of items: the run's last line is set like the
    next head on the page, `later` ("《半山听雨录》" … "《戏台春秋》", "◆ …" …
    "◆ …"), and its first is a column's name, a label ("新书架", "国际体坛": not
    "为实现上述目标，重点做好以下工作", a report's own lead into its parts).
    (The caller asks, too, that one paragraph stands under it.)"""
    return len(run) > 1 and later is not None and _set_alike(run[-1].text, later.text) \
        and _LABEL_RE.fullmatch(run[0].text) is not None


def _set_alike(a: str, b: str) -> bool:
    """Two heads of one series: siblings, or items under the same bullet ("◆ 世预赛…", "◆ 欧洲篮球联赛…")."""
    return _siblings(a, b) or bool(_bullet(a)) and _bullet(a) == _bullet(b)


def _fill_head(draft: _Draft, run: list[Block], run_roles: list[str], printing: "_Printing", series: bool = False) -> None:
    """Title, decks and bylines from a run of head lines: the title among the
    head lines before the first byline (_title_index) or signature
    (_title_over_byline), or among them all; the others are decks in printed
    order (引题 over it, 副题 under it), but a section head ("…——…", "一、…")
    goes to the body."""
    heads: list[Block] = []
    for index, block in enumerate(run):
        if (heads or draft.title) and DATE_RE.fullmatch(block.text):
            draft.blocks.append(Block("paragraph", block.text, block.source_start, block.source_end))
            continue  # the day a communiqué was issued, under its title: its first line, not a deck
        byline = run_roles[index] == "byline" and not (index == 0 and len(run) > 1 and EDITORIAL_SIGNATURE_RE.fullmatch(block.text)) \
            or (bool(heads) and _issuer_over_date(run, index))  # ("本报评论员" over the headline: its label)
        signature = bool(heads) and not byline and is_signature(block.text)
        pen_name = printing.old_style and bool(heads) and _is_pen_name(block.text)
        if byline or signature or pen_name or (heads and _is_author_name(block.text)):
            draft.bylines.append(block.text)
            if not draft.title and heads:
                draft.title = heads.pop(_title_over_byline(heads) if signature else _title_index(heads, printing)).text
                draft.decks.extend(h.text for h in heads)
                heads = []
        else:
            heads.append(block)
    if not draft.title and heads:
        roundup = (series or ROUNDUP_RE.fullmatch(heads[0].text) is not None) and len(heads) > 1
        draft.title = heads.pop(0 if roundup else _title_index(heads, printing)).text
        if roundup:  # the lines under a roundup's name head its first item
            draft.blocks.extend(Block("heading", h.text, h.source_start, h.source_end) for h in heads)
            heads = []
    for block in heads:
        if _is_section_head(block.text) or ROUNDUP_RE.fullmatch(draft.title) or draft.bylines:
            # (under the byline, a head heads the first section or item: decks stand over the byline)
            draft.blocks.append(Block("heading", block.text, block.source_start, block.source_end))
        else:
            draft.decks.append(block.text)


def _add_body_block(draft: _Draft, block: Block, role: str, following: Block | None, following_role: str,
                    after_picture: bool) -> None:
    text = block.text
    if role == "byline":
        draft.bylines.append(text)
        return
    if role == "credit":
        draft.credits.append(text)
        draft.signed = draft.signed or PIECE_END_RE.match(text) is not None  # "（本报记者　林晚　整理）": it is over
        return
    if role == "head":
        kind = "subheading" if is_list_item(text) else "heading"
        draft.blocks.append(Block(kind, text, block.source_start, block.source_end))
        return
    if draft.title and not draft.blocks and not draft.bylines and len(text) <= CAPTION_MAX \
            and following_role == "byline" and not split_dateline(text)[0]:
        if not draft.decks and COMMENT_COLUMN_RE.fullmatch(draft.title) and len(text) <= HEADING_MAX \
                and ends_sentence(text) and one_sentence(text):
            # "文化观察" over "古城不是布景，生活才是它的底色。" over the byline: the column's label is
            # the kicker, the commentary's headline a sentence
            draft.decks.append(draft.title)
            draft.title = text
            return
        draft.decks.append(text)  # between a headline and its byline: a deck, sentence or not ("“只要…不会走。”")
        return
    if not draft.title and not draft.blocks and _headline_over_dateline(text, following):
        draft.title = text  # a headline too long for a heading (its kicker run into it), over the report's dateline
        return
    dateline, text = split_dateline(text) if not draft.dateline and not _has_prose(draft) else ("", text)
    if dateline:
        draft.dateline = dateline
    prose, credit = split_trailing_credit(text)
    if credit:
        draft.credits.append(credit)
    credited = credit or following_role == "credit" and not PIECE_END_RE.match(following.text)  # (a piece's closing credit)
    if len(prose) <= CAPTION_MAX and (credited or (after_picture and ends_sentence(prose))):
        kind = "caption"
    elif is_list_item(prose) and len(prose) <= CAPTION_MAX and draft.blocks and draft.blocks[-1].kind == "caption":
        kind = "caption"  # numbered captions of the pictures just captioned
    elif is_list_item(prose):
        kind = "list"
    else:
        kind = "paragraph"
    draft.blocks.append(Block(kind, prose, block.source_start, block.source_end))


def _heads_a_report(text: str, following: Block | None) -> bool:
    """After prose, a line with no sentence end over a report's dateline
    ("首条跨省纯氢长输管道开工建设——全长约400公里，设计年输氢能力10万吨"):
    the next report's headline, whatever its marks (a brief's last sentence,
    over the next brief's 本报讯, ends on its stop)."""
    return not text.endswith(("。", "！", "？", "”", "）")) and _headline_over_dateline(text, following)


def _sentence_headline(block: Block, following_role: str) -> bool:
    """In a paper's own text, at the page's head or after prose, one short
    sentence alone on its line, its byline under it ("降低全社会物流成本，要在
    “通”字上多下功夫。" / "□ 阮清"): a headline set as a sentence. (Over
    prose, it may as well be the first paragraph of a piece printed without a
    head: left in the text.)"""
    text = block.text
    return len(text) <= HEADING_MAX and text.endswith(("。", "！", "？")) and one_sentence(text) \
        and not split_dateline(text)[0] and following_role == "byline"


def _headline_over_dateline(text: str, following: Block | None) -> bool:
    """At most one sentence, closing it ("这个冬天，村里的老人不再挨冻。"), and the next block opens on a
    dateline: what stands over a report's dateline, heading the page, is its headline."""
    return following is not None and heads_a_report(text, following.text) and bool(split_dateline(following.text)[0])


def _has_prose(draft: _Draft) -> bool:
    return any(b.kind == "paragraph" for b in draft.blocks)


def _label_run(blocks: list[Block], roles: list[str], start: int) -> int:
    """End of an infographic's labels starting at `start` (short head/text
    pairs, at least three), with the credits that follow them; 0 if none."""
    index, pairs = start, 0
    while index < len(blocks):
        if roles[index] == "head" and index + 1 < len(blocks) and roles[index + 1] == "text" \
                and len(blocks[index].text) <= LABEL_HEAD_MAX and len(blocks[index + 1].text) <= LABEL_TEXT_MAX \
                and not split_dateline(blocks[index + 1].text)[0]:
            pairs += 1
            index += 2
        elif roles[index] == "head" and len(blocks[index].text) <= HEADING_MAX and pairs:
            index += 1  # the graphic's own title among its labels
        else:
            break
    if pairs < MIN_LABEL_PAIRS:
        return 0
    while index < len(blocks) and roles[index] in ("credit", "byline"):
        index += 1
    return index


def _story(cleaned: CleanedSource, draft: _Draft, position: int, drafts: list[_Draft], page_context: tuple[str, ...]) -> Story:
    start = draft.source_start if position > 1 else 0
    end = drafts[position].source_start if position < len(drafts) else len(cleaned.source.text) + 1
    changes = tuple(c for c in cleaned.changes if start <= c.source_start < end)
    return Story(
        source=cleaned.source,
        position=position,
        slug=f"{cleaned.source.stem.lower()}-{position}",
        title=draft.title,
        blocks=tuple(draft.blocks),
        changes=changes,
        decks=tuple(draft.decks),
        bylines=tuple(draft.bylines),
        dateline=draft.dateline,
        credits=tuple(draft.credits),
        column=draft.column,
        page_context=page_context,
        span=(draft.source_start, min(end, len(cleaned.source.text))),
    )
