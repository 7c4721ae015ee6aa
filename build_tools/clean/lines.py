"""Line-wrapped text: the printed lines of a column joined back into paragraphs.

OCR engines (Tesseract, ABBYY) and PDF text layers give one line per printed
line. A newspaper column prints 8 to 20 characters a line, so the seeds' rule
(a line of 20 or more characters that stops mid-sentence was wrapped) cuts
such text into a block per line. Here the evidence is the page's own: a line
as wide as the column around it was wrapped by the printer; a line indented
like a paragraph's first line opens a paragraph; a shorter line that ends a
sentence closes one; a short line that ends no sentence (a headline, a
subhead, a credit) stands alone. A text is only treated so when most of its
lines share their column's width: text set one paragraph per line is left
to the paragraph rules.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from ..lexicon import DATE_RE, DATELINE_RE, SUBTITLE_RE, display_width, is_credit_line
from .blocks import ends_sentence, is_furniture, is_list_item
from .edits import Edit
from .words import word_across


class WrapConfig(NamedTuple):
    """Thresholds of the line-wrap rule (widths in printed em)."""

    # Lines on each side whose widths tell the column's width at a line,
    # and the quantile of their widths taken for it.
    neighbours: int = 6
    column_quantile: float = 0.75
    # A line this much narrower than its column still fills it: digits and
    # Latin are half-width, and a closing mark may hang past the margin.
    slack_em: float = 1.5
    slack_share: float = 0.1
    # Shorter lines (a page number, a one-word label) say nothing of the column;
    # no printed column is wider than this (a book page holds about 40 em):
    # longer lines are paragraphs set one a line.
    min_width: float = 4
    max_column_em: float = 48
    # No paper sets running text narrower than this: a stack of shorter lines is a
    # heading set a few characters a line (a side headline's column), not a column to fill.
    min_column_em: float = 6
    # The text is line-wrapped when at least this share of its lines fill their column.
    wrapped_share: float = 0.5
    # Leading white space of this many em marks a paragraph's first line.
    indent_em: float = 1
    # Chinese paragraphs open with an indent of two characters...
    paragraph_indent_em: float = 2
    # ...which a line's width shows within this much (digits and Latin vary).
    indent_tolerance_em: float = 0.75
    # Text with this many indented lines, and this share of its lines, marks its paragraph starts itself.
    marked_indents: int = 2
    marked_share: float = 0.05
    # A line of a heading set in a narrow measure is at most this much shorter than the run's widest.
    even_em: float = 1
    # On such a page, a line this close to its column's width is no paragraph's first line.
    full_em: float = 0.5
    # A picture's caption runs at most this many lines before its credit.
    caption_lines: int = 6
    # Prose has a clause or sentence mark within this many characters (a headline has none).
    prose_chars: int = 32
    # Text whose lines end a sentence more often than this is set a paragraph a
    # line, whatever their widths (a column's wrapped lines end one only at a
    # paragraph's end, or where a stop happens to fall at the margin).
    paragraph_lines_share: float = 0.5
    # A heading set a few characters a line is at most this share of the body's column.
    narrow_heading_share: float = 0.6
    # ...which an OCR engine cuts into blocks of a few lines (three: 青少年 / 足球该 / 不该);
    # blocks of more are headings it told apart (a kicker over its title, 4 lines each).
    cut_heading_lines: int = 3
    # A word of the dictionary this long across a break between two head lines
    # is no chance meeting of a kicker and its title: one headline.
    heading_word_across: int = 3


CONFIG = WrapConfig()
# Characters that cannot open a line of a new paragraph: the line goes on the clause before it.
_CANNOT_OPEN = set("，、；：。！？）》」』”’%‰")
# ...and marks that cannot end a line (行尾禁则): a printer carries an opening mark
# over, and the line before it stops one character short of its measure.
_CANNOT_END = set("《“‘（(「『【〈")
_INDENT_WIDTH = {" ": 0.5, "\t": 2}
_HANGING_MARKS = set("，。、；：！？,.;:!?")
_CLAUSE_MARK_RE = re.compile("[，、；：,;:]")
_SENTENCE_MARK_RE = re.compile("[。！？]")
_PUNCTUATION_RE = re.compile("[，。、；：！？,.;:!?（）()《》]")
_HEADING_END_RE = re.compile(r"\s*[！？!?]$")
# A sentence's or clause's stop at a line's end; a closing quotation mark or bracket alone
# ends a quoted word in a headline (关于开展 / “专精特新” / 中小企业…), no sentence.
_STOP_RE = re.compile("[。！？!?…；;：:—][”’」』）)]*$")
_MARK_RE = re.compile("[，。、；：！？“”‘’《》（）]")
_TITLE_MARKS = str.maketrans("", "", "《》")  # a headline names a document or a work (关于印发《…》的通知)
# What a printer keeps on one line: a number or Latin word, or a short bracketed
# note ("（个）", "(1997)"), with the marks that cannot open a line after it.
_LEADING_WORD_RE = re.compile(r"(?:[0-9A-Za-z][0-9A-Za-z.%]*|[（(][^（()）]{1,6}[）)])\s*[，、；：。！？）》」』”’%‰]*")
# Three or more fields apart: a row of a table ("一等奖 张三 北京市第一中学", "08:00 新闻 重播").
_TABLE_ROW_RE = re.compile(r"^[^，。；、,;\s]+(?:\s+[^，。；、,;\s]+){2,}$")  # (no clause marks: prose is no table)


class _Line(NamedTuple):
    start: int  # offset of the line's first character in the text
    content_start: int  # offset after its leading white space
    content_end: int  # offset before its trailing white space
    text: str  # the content, without the white space around it
    width: float
    indent: float


def _lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.lstrip()
        lead = raw[:len(raw) - len(stripped)]
        content = stripped.rstrip()
        content_start = offset + len(lead)
        lines.append(_Line(offset, content_start, content_start + len(content), content, display_width(content),
                           sum(_INDENT_WIDTH.get(char, 1) for char in lead)))
        offset += len(raw) + 1
    return lines


def _column_widths(lines: list[_Line], config: WrapConfig) -> list[float]:
    """For each line, the width of its column: an upper quantile of its
    neighbours' widths (itself left out, so a short line is seen as short;
    the column's full lines outnumber its headlines, first and last lines)."""
    widths = [line.width if line.width >= config.min_width else None for line in lines]
    present = [i for i, width in enumerate(widths) if width is not None]
    rank = {index: position for position, index in enumerate(present)}
    next_rank, following = [0] * len(lines), len(present)  # the measured line at or after each line
    for i in range(len(lines) - 1, -1, -1):
        following = rank.get(i, following)
        next_rank[i] = following
    columns = []
    for i, line in enumerate(lines):
        position = rank.get(i)
        if position is None:  # a blank or tiny line: look around where it stands
            position = next_rank[i]
            around = present[max(0, position - config.neighbours):position + config.neighbours]
        else:
            around = present[max(0, position - config.neighbours):position] + present[position + 1:position + 1 + config.neighbours]
        near = sorted(widths[j] for j in around)
        columns.append(near[int(config.column_quantile * (len(near) - 1))] if near else 0.0)
    return columns


def _fills(line: _Line, column: float, config: WrapConfig) -> bool:
    slack = _slack(column, config)
    hanging = 1 if line.text[-1:] in _HANGING_MARKS else 0  # 避头尾: a comma or stop may hang past the margin
    return config.min_column_em <= column <= config.max_column_em and column - slack <= line.width <= column + slack + hanging


def is_line_wrapped(text: str, config: WrapConfig = CONFIG) -> bool:
    """Most lines fill their column (a paragraph's first line, its column
    less the indent): the text keeps the printed lines."""
    lines = _lines(text)
    return _wrapped(lines, _column_widths(lines, config), config)


def _wrapped(lines: list[_Line], columns: list[float], config: WrapConfig) -> bool:
    measured = [(line, column) for line, column in zip(lines, columns) if line.width >= config.min_width]
    if len(measured) < 4:
        return False
    if sum(ends_sentence(line.text) for line, _ in measured) > config.paragraph_lines_share * len(measured):
        return False  # most lines end a sentence: each is a paragraph set on a line of its own
    shaped = sum(_fills(line, column, config) or _fills(line, column - config.paragraph_indent_em, config) for line, column in measured)
    return shaped >= config.wrapped_share * len(measured)


def _marked(lines: list[_Line], config: WrapConfig) -> bool:
    """Paragraph starts keep their indent (a layout reader's text, ABBYY, a PDF text layer)."""
    written = [line for line in lines if line.text]
    marked = sum(line.indent >= config.indent_em for line in written)
    if marked < config.marked_indents or marked < config.marked_share * len(written):
        return False
    # ...and its lines are printed lines: paragraphs run on past their first
    # line mid-sentence (text set one indented paragraph a line has none)
    runs_on = sum(line.indent >= config.indent_em and bool(following.text) and following.indent < config.indent_em
                  and not ends_sentence(line.text) for line, following in zip(lines, lines[1:]))
    return runs_on >= config.marked_indents


def keeps_printed_lines(text: str, config: WrapConfig = CONFIG) -> bool:
    """One line per printed line: the paragraphs' ends were seen, in indents or in short last lines."""
    lines = _lines(text)
    return _marked(lines, config) or _wrapped(lines, _column_widths(lines, config), config)


def join_wrapped_lines(text: str, config: WrapConfig = CONFIG) -> list[Edit]:
    """In line-wrapped text, each line break becomes a join (the printer
    wrapped the line) or a block break (a paragraph, heading or credit ends)."""
    lines = _lines(text)
    if _marked(lines, config):
        return _join_marked_blocks(lines, config)
    columns = _column_widths(lines, config)
    if not _wrapped(lines, columns, config):
        return []
    narrow_runs = _narrow_wraps(lines, columns, config)
    heading_gaps = _narrow_heading_across_breaks(lines, columns, config)
    indents = _indents_paragraphs(lines, columns, config)
    edits = []
    opens = True  # the line opens a block: its first character may stand after a lost indent
    continued: set[int] = set()  # lines joined to the paragraph before a blank line
    for i, (line, following) in enumerate(zip(lines, lines[1:])):
        if not line.text:
            opens = True
            continue
        if i in continued:
            opens = False
        if following.text:
            joined = _continues(line, following, columns[i], opens, config) or narrow_runs.get(i)
            if not joined and indents and _goes_on_flush(lines, i, i + 1, columns, config):
                joined = "下一行与栏同宽，而本页段首缩进"
            if joined and _indent_lost(line, following, columns[i + 1], config):
                joined = None
            if joined:
                edits.append(Edit(line.content_end, following.content_start, _glue(line, following), f"接上印刷换行：{joined}"))
            else:
                edits.append(Edit(following.start - 1, following.start, "\n\n", "段落、标题或署名在此结束"))
            opens = not joined
            continue
        if i in heading_gaps:
            j = heading_gaps[i]
            edits.append(Edit(line.content_end, lines[j].content_start, "",
                              "每行只排几个字的标题，被识别软件切成了一行一块"))
            continued.add(j)
            continue
        # a blank line after a full, unfinished line: the OCR engine cut a paragraph into two blocks
        j = next((k for k in range(i + 1, len(lines)) if lines[k].text), None)
        if j is None:
            continue
        after = lines[j]
        # A line alone between blank lines may be a headline as wide as a column: it
        # needs more evidence, of prose (a clause mark, a dateline) or of a paragraph's
        # first line (narrower by the indent).
        alone = (i == 0 or not lines[i - 1].text) and i not in continued
        first_line = (alone or opens) and (_indented(line, columns[i], config)
                                           or DATELINE_RE.match(line.text) is not None)
        prose = _CLAUSE_MARK_RE.search(line.text) or DATELINE_RE.match(line.text) or after.text[0] in _CANNOT_OPEN
        if after.text[0] in _CANNOT_OPEN and not is_furniture(line.text):
            edits.append(Edit(line.content_end, after.content_start, "",
                              f"接上被识别软件断开的印刷换行：下一行以“{after.text[0]}”开头"))
            continued.add(j)
        elif alone and (word := _heading_word_across(line, after, columns[i], columns[j], config)):
            edits.append(Edit(line.content_end, after.content_start, _glue(line, after),
                              f"接上被识别软件断开的标题换行：词语“{word}”跨越换行"))
            continued.add(j)
        elif (_fills(line, columns[i], config) or first_line or _next_word_did_not_fit(line, after, columns[i], config)) \
                and not ends_sentence(line.text) and not after.indent >= config.indent_em \
                and not is_furniture(line.text) and not is_furniture(after.text) and not DATELINE_RE.match(after.text) \
                and (_body_like(lines, j, columns, config) or _CLAUSE_MARK_RE.fullmatch(line.text[-1]) and after.width >= columns[j]) \
                and (not alone or first_line or prose) \
                and not _captioned(lines, j) and not _date_alone(lines, j) and not _set_wider(lines, i, columns, config):
            edits.append(Edit(line.content_end, after.content_start, _glue(line, after),
                              "接上被识别软件断开的印刷换行：本行排满一栏，且句子未完"))
            continued.add(j)
        elif indents and (_fills(line, columns[i], config) or first_line) and _goes_on_flush(lines, i, j, columns, config) \
                and not _captioned(lines, j) and not _captioned(lines, i):
            edits.append(Edit(line.content_end, after.content_start, _glue(line, after),
                              "接上被识别软件断开的印刷换行：本页段首缩进，而下一行排满一栏"))
            continued.add(j)
    return edits


def _goes_on_flush(lines: list[_Line], i: int, j: int, columns: list[float], config: WrapConfig) -> bool:
    """On a page that indents its paragraphs, the line at j goes on the
    paragraph that a sentence ends at i: it is as wide as its column (no first
    line), opens no furniture, dateline, list item or credit, and prose follows."""
    line, after = lines[i], lines[j]
    return ends_sentence(line.text) and not is_furniture(line.text) and _full(after, columns[j], config) \
        and after.indent < config.indent_em and not is_furniture(after.text) and not DATELINE_RE.match(after.text) \
        and not is_list_item(after.text) and not is_credit_line(after.text) and _prose_block(lines, j, config)


def _prose_block(lines: list[_Line], j: int, config: WrapConfig) -> bool:
    """The text opening at j is prose: its first characters hold a clause or sentence
    mark (the next story's headline has none), and it is no caption: a photographer's credit
    ("（新华社发）", "张三摄") follows within a caption's length."""
    written = [line for line in lines[j:] if line.text][:config.caption_lines + 1]
    opening = ""  # its first characters, across the breaks the OCR engine made, up to a dateline
    for line in written:
        if DATELINE_RE.match(line.text) or len(opening) >= config.prose_chars:
            break
        opening += line.text
    if not (_CLAUSE_MARK_RE.search(opening[:config.prose_chars]) or _SENTENCE_MARK_RE.search(opening[:config.prose_chars])):
        return False
    return not any(is_credit_line(line.text) for line in written)


def _half_width_gap(line: _Line) -> float:
    """How much short of its column a full line with half-width characters
    (digits, Latin) may end: up to half an em more, where the next full-width
    character did not fit."""
    return 0.5 if any(char.isascii() and char.isalnum() for char in line.text) else 0.0


def _indents_paragraphs(lines: list[_Line], columns: list[float], config: WrapConfig) -> bool:
    """The page indents its paragraphs' first lines, as Chinese type is set:
    after a paragraph's short last line, the next line (past a blank line) is
    narrower by the indent, once at least, and at least as often as it is as
    wide as the column."""
    indented = flush = 0
    for i, line in enumerate(lines):
        if not line.text or not ends_sentence(line.text) or _fills(line, columns[i], config) or line.width < config.min_width:
            continue
        j = next((k for k in range(i + 1, len(lines)) if lines[k].text), None)
        if j is None or lines[j].width < config.min_width or is_furniture(lines[j].text):
            continue
        indented += _indented(lines[j], columns[j], config)
        flush += _full(lines[j], columns[j], config)
    return indented >= max(1, flush)


def _join_marked_blocks(lines: list[_Line], config: WrapConfig) -> list[Edit]:
    """Text whose paragraph starts keep their indent (as a layout reader such
    as build_tools.layout, ABBYY or a PDF text layer gives it) already shows
    its paragraphs: a blank line or an indent opens one, every other line
    break inside a block is a wrap."""
    edits = []
    for line, following in zip(lines, lines[1:]):
        if not line.text or not following.text:
            continue
        if following.indent >= config.indent_em or is_furniture(line.text) or is_furniture(following.text):
            edits.append(Edit(following.start - 1, following.start, "\n\n", "缩进的行开始新段落"))
        else:
            edits.append(Edit(line.content_end, following.content_start, _glue(line, following),
                              "接上印刷换行：下一行没有缩进"))
    return edits


def _continues(line: _Line, following: _Line, column: float, opens: bool, config: WrapConfig) -> str | None:
    """Why `following` goes on the paragraph of `line`, or None. A paragraph's
    first line is indented (OCR engines drop the indent from their text), so
    it fills its column when it is that much narrower."""
    if following.indent >= config.indent_em or is_furniture(line.text) or is_furniture(following.text) \
            or DATELINE_RE.match(following.text):
        return None
    if following.text[0] in _CANNOT_OPEN:
        return f"下一行以“{following.text[0]}”开头"
    if is_credit_line(line.text):
        return None  # a credit closes its caption or story
    if is_list_item(following.text) and not (_fills(line, column, config) and word_across(line.text, following.text)) \
            or _TABLE_ROW_RE.match(line.text) and _TABLE_ROW_RE.match(following.text):
        return None  # a list's items and a table's rows are lines of their own ("中国第 / 一、第二…" is a word cut)
    if is_credit_line(following.text) and ends_sentence(line.text):
        return "上方图片说明的署名"
    if _wider(line, column, config) and not _SENTENCE_MARK_RE.search(line.text) and following.width <= line.width \
            and (word := word_across(line.text, following.text)):
        return f"标题以宽于正文栏的尺寸排，词语“{word}”跨越换行"
    if _wider(following, column, config) and not _SENTENCE_MARK_RE.search(following.text):
        return None  # set wider than the column: a headline or a deck, another measure (a sentence's stop says prose)
    if _fills(line, column, config):
        return "本行排满一栏"
    if _next_word_did_not_fit(line, following, column, config):
        return f"下一行开头的“{following.text[0]}”不能排在行尾" if following.text[0] in _CANNOT_END \
            else "下一行开头的数字或外文词排不进本行"
    if opens and DATELINE_RE.match(line.text) and not ends_sentence(line.text):
        return "段首是电头，本行没有句子结束"
    if opens and not ends_sentence(line.text) and _fills(line, column - config.paragraph_indent_em, config) \
            and line.width <= column - config.paragraph_indent_em + config.indent_tolerance_em:
        return "段首缩进之后本行排满一栏"
    return None


def _next_word_did_not_fit(line: _Line, following: _Line, column: float, config: WrapConfig) -> bool:
    """A printer never splits a number or a Latin word, and never ends a line
    on an opening mark: a line ends early when the next one opens with a word
    too wide for the room left, or with a mark carried over."""
    word = _LEADING_WORD_RE.match(following.text)
    carried = 1 if following.text[:1] in _CANNOT_END else 0
    return bool(word or carried) and not ends_sentence(line.text) \
        and line.width + (display_width(word.group()) if word else carried) > column - _slack(column, config) \
        and line.width >= column / 2


def _slack(column: float, config: WrapConfig) -> float:
    return max(config.slack_em, config.slack_share * column)


def _indent_lost(line: _Line, following: _Line, column: float, config: WrapConfig) -> bool:
    """A sentence ends the line, and the next line is narrower than its column
    by a paragraph's indent: it opens a paragraph whose indent the OCR lost."""
    if not line.text[-1:] in "。！？”" or following.indent >= config.indent_em:
        return False
    return abs(column - config.paragraph_indent_em - following.width) <= config.indent_tolerance_em


def _full(line: _Line, column: float, config: WrapConfig) -> bool:
    """As wide as its column, a mark hanging past the margin aside: no paragraph's first line."""
    width = line.width - (line.width > column and line.text[-1:] in _HANGING_MARKS)
    return abs(column - width) <= config.full_em + _half_width_gap(line)


def _indented(line: _Line, column: float, config: WrapConfig) -> bool:
    """As wide as a paragraph's first line: its column less the indent."""
    return abs(column - config.paragraph_indent_em - line.width) <= config.indent_tolerance_em + _half_width_gap(line)


def _narrow_wraps(lines: list[_Line], columns: list[float], config: WrapConfig) -> dict[int, str]:
    """Joins inside a run of short lines that opens a block and ends no
    sentence: a headline or a caption set narrower than the column, in larger
    type. A line as wide as the widest of its run was wrapped at the run's
    measure; a shorter one ends a heading, unless a dictionary word runs
    across the break. A run followed by a full line of the same block ends
    with that paragraph's first line, which is no part of it."""
    joins: dict[int, str] = {}
    for start in (i for i, line in enumerate(lines) if line.text and (i == 0 or not lines[i - 1].text)):
        run = []
        for k in range(start, len(lines)):
            line = lines[k]
            if not line.text or _fills(line, columns[k], config) or is_furniture(line.text) or line.indent >= config.indent_em \
                    or (run and (_STOP_RE.search(lines[run[-1]].text) or SUBTITLE_RE.match(line.text))):
                break
            run.append(k)
        after = run[-1] + 1 if run else start
        if run and after < len(lines) and lines[after].text and _fills(lines[after], columns[after], config):
            run.pop()
        if len(run) < 2:
            continue
        measure = max(_set_width(lines[k]) for k in run)  # a line of quotation marks is no wider than its measure
        for k, k_next in zip(run, run[1:]):
            word = word_across(lines[k].text, lines[k_next].text)
            carried = lines[k_next].text[:1] in _CANNOT_END  # the mark could not end line k: one short
            if lines[k].width >= measure - config.even_em - carried and not DATELINE_RE.match(lines[k_next].text):
                joins[k] = "短行排满所在的窄栏且句子未完：窄栏中的标题" if not carried \
                    else f"下一行开头的“{lines[k_next].text[0]}”不能排在行尾，本行因此短一字：窄栏中的标题"
            elif word:
                joins[k] = f"词语“{word}”跨越换行"
    return joins


def _narrow_heading_across_breaks(lines: list[_Line], columns: list[float], config: WrapConfig) -> dict[int, int]:
    """A headline set a few characters a line in a narrow side column ("针对前国 /
    王欲恢复 / 帝制罗总 / …"), which the OCR engine cut into blocks of a few
    lines (WrapConfig.cut_heading_lines): three or more short lines over two or more blocks, all but the last
    of one width, no punctuation, a dictionary word running across one of
    their line ends (a list of names a line each has none), before a body set much wider (a
    speck such as ">" between them is dropped). Joins across the breaks:
    line -> next line."""
    joins: dict[int, int] = {}
    i = 0
    while i < len(lines):
        if not lines[i].text or _speck(lines[i].text) or (i and lines[i - 1].text):
            i += 1
            continue
        chain, k, ended = [], i, False
        while k < len(lines):
            line = lines[k]
            if line.text and not _speck(line.text):
                if ended or line.width > lines[i].width + config.even_em \
                        or _PUNCTUATION_RE.search(_HEADING_END_RE.sub("", line.text).translate(_TITLE_MARKS)) \
                        or is_furniture(line.text) or DATELINE_RE.match(line.text):
                    break
                chain.append(k)
                ended = bool(_HEADING_END_RE.search(line.text))  # a headline may end in ？ or ！, and there it ends
            k += 1
        if chain and k < len(lines) and k == chain[-1] + 1:
            chain.pop()  # the body's first line, narrowed by its indent
        widths = [lines[c].width for c in chain]
        gaps = [(a, b) for a, b in zip(chain, chain[1:]) if b > a + 1]
        starts, ends = [*chain[:1], *(b for _, b in gaps)], [*(a for a, _ in gaps), *chain[-1:]]
        cut_up = all(end - start + 1 <= config.cut_heading_lines for start, end in zip(starts, ends))
        if len(chain) >= 3 and gaps and cut_up and max(widths[:-1]) - min(widths[:-1]) <= config.even_em \
                and k < len(lines) and max(widths) <= config.narrow_heading_share * columns[k] \
                and any(word_across(lines[a].text, lines[b].text) for a, b in zip(chain, chain[1:])):
            joins.update(gaps)
        i = max(i + 1, chain[-1] + 1 if chain else i + 1)
    return joins


def _heading_word_across(line: _Line, after: _Line, column: float, after_column: float, config: WrapConfig) -> str | None:
    """A head line as wide as its column, alone in its block, and the next
    block's first line short of its column, neither with a mark of prose, a
    long word of the dictionary across the break between them (华岳精密机械股份有限 /
    公司拟募资12亿元): one headline the engine cut at its wrap. A short word
    across may be chance (a kicker's last character and its title's first)."""
    if not _fills(line, column, config) or _fills(after, after_column, config) or _PUNCTUATION_RE.search(line.text) \
            or _SENTENCE_MARK_RE.search(after.text) or is_furniture(line.text) or is_furniture(after.text) \
            or DATELINE_RE.match(after.text):
        return None
    word = word_across(line.text, after.text)
    return word if word and len(word) >= config.heading_word_across else None


def _set_wider(lines: list[_Line], i: int, columns: list[float], config: WrapConfig) -> bool:
    """The block ending at i holds a line wider than the column with no sentence
    in it: a headline wrapped at its own, wider measure, which ends at the
    blank line and does not run on into the body below."""
    k = i
    while k > 0 and lines[k - 1].text:
        k -= 1
    return any(_wider(line, column, config) and not _SENTENCE_MARK_RE.search(line.text)
               for line, column in zip(lines[k:i + 1], columns[k:i + 1]))


def _wider(line: _Line, column: float, config: WrapConfig) -> bool:
    """Set wider than the column, a mark hanging past the margin allowed."""
    return _set_width(line) > column + _slack(column, config) + (line.text[-1:] in _HANGING_MARKS)


def _set_width(line: _Line) -> float:
    """The narrowest the line may be printed: each mark at half width
    (标点挤压: a printer sets a line's marks at half width to fit it; many
    fonts' quotation marks are half width)."""
    return line.width - len(_MARK_RE.findall(line.text)) / 2


def _date_alone(lines: list[_Line], j: int) -> bool:
    """The block opening at j is a date and nothing more: a notice's signature
    date under its issuer (落款), never the rest of a sentence (that goes on
    after the date: "…于 / 2024年5月24日起施行。")."""
    block = "".join(line.text for line in itertools.takewhile(lambda line: line.text, lines[j:]))
    return DATE_RE.fullmatch(block.strip()) is not None


def _speck(text: str) -> bool:
    """A line of one or two marks, no letter or digit: dirt on the scan."""
    return len(text) <= 2 and not any(char.isalnum() for char in text)


def _captioned(lines: list[_Line], j: int) -> bool:
    """The line at j is a caption: a credit line ends its block within two lines
    (a picture's caption printed inside a cut paragraph is no part of it)."""
    for k in range(j, min(j + 3, len(lines))):
        if not lines[k].text:
            return False
        if is_credit_line(lines[k].text):
            return True
    return False


def _body_like(lines: list[_Line], j: int, columns: list[float], config: WrapConfig) -> bool:
    """The line at j is prose of the column: it fills it, or ends a sentence."""
    line = lines[j]
    return _fills(line, columns[j], config) or ends_sentence(line.text) and line.width >= config.min_width


def _glue(line: _Line, following: _Line) -> str:
    """A space between two Latin words, nothing between Chinese ones."""
    latin = line.text[-1:].isascii() and line.text[-1:].isalnum() and following.text[:1].isascii() and following.text[:1].isalnum()
    return " " if latin else ""
