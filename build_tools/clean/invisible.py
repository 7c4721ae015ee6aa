"""Invisible and odd characters: the scanner's noise that no reader can see or type."""

from __future__ import annotations

import re
import unicodedata

from ..lexicon import BYLINE_MARKS, CREDIT_END_RE, DATELINE_RE, HAN, REPORTER, WORK_BY, is_personal_name
from .blocks import HEADING_MAX
from .edits import Edit

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Spaces that are not the plain ASCII space: no-break, ideographic, thin, em...
_ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLE_RE = re.compile(f"[{_ZERO_WIDTH}{_CONTROL}]+")
_ODD_SPACE_RE = re.compile(f"[{_ODD_SPACES}]+")
# Full-width ASCII letters and digits, CJK compatibility ideographs, and other
# compatibility forms a scanner emits for ordinary characters. Full-width
# punctuation is NOT here: in Chinese it is the correct form.
_COMPAT_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff\u2f00-\u2fd5\u2e80-\u2ef3]")
# One space (plain or ideographic) between two Han characters.
IDEOGRAPHIC_SPACE = "\u3000"
_SPACED_RE = re.compile(f"(?<=[{HAN}])[ {IDEOGRAPHIC_SPACE}](?=[{HAN}])")
# A word's characters, as far as a space's neighbours go: a Han character after a figure is
# no character standing alone ("新签约项目17个　总投资42.6亿元").
_TOKEN_RE = re.compile(f"[{HAN}0-9A-Za-z.%“”‘’《》]+")  # (a word in quotation marks is one: “智”造)
# "本报讯 记者…", "新华社北京3月1日电 …", "（记者　陈立群　通讯员　王琳）": the
# space after a dateline, and around a reporter's title (lexicon.REPORTER), is typography.
_AFTER_REPORTER_RE = re.compile(f"(?:讯|电|报道|{REPORTER})$")
_BEFORE_REPORTER_RE = re.compile(f"^{REPORTER}")
# What a byline's last word says its writer did: "文/图", "文", "图".
_WORK_BY_END_RE = re.compile(WORK_BY)
# ...and what opens a byline before the writer's name: "□　文/图　秦晓帆", "文　孟冬".
_WORK_BY_OPENS_RE = re.compile(f"[{BYLINE_MARKS}]?[\\s\u3000]*{WORK_BY}")


def remove_invisible(text: str) -> list[Edit]:
    """Zero-width characters, soft hyphens and control characters are deleted."""
    return [
        Edit(m.start(), m.end(), "", f"删去不可见字符 {_names(m.group())}")
        for m in _INVISIBLE_RE.finditer(text)
    ]


def flag_undecodable(text: str) -> list[Edit]:
    """Bytes the scan's file could not decode (ingest shows them as U+FFFD):
    kept where they stand and flagged, for a person to read from the paper."""
    return [
        Edit(m.start(), m.end(), m.group(), f"扫描文件中有 {len(m.group())} 处无法解码的字节",
             flag=True)
        for m in re.finditer("\ufffd+", text)
    ]


def normalise_spaces(text: str) -> list[Edit]:
    """No-break, ideographic and other odd spaces become one plain space, or
    nothing between Chinese characters (Chinese does not separate words); one
    ideographic space between two printed characters is the typesetter's and
    stays: between Chinese characters, the two halves of a head line whatever
    they end and start on (“神药”　法院判决…, 增长5.8%　社会消费品…), a
    publisher and a date ("出版社　2025年6月")."""
    edits = []
    for m in _ODD_SPACE_RE.finditer(text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if m.group() == IDEOGRAPHIC_SPACE and before.strip() and after.strip():
            continue  # typography ("本报记者　王明", "启新征程　勇争先", "（青檀出版社　2025年6月）"): join_spaced_chinese judges it
        joined = _is_cjk(before) and _is_cjk(after) or not before.strip() or not after.strip()
        edits.append(Edit(m.start(), m.end(), "" if joined else " ", f"特殊空格 {_names(m.group())} 改为普通空格"))
    return edits


def normalise_compat_forms(text: str) -> list[Edit]:
    """Compatibility forms (full-width letters and digits, compatibility
    ideographs, radicals) become the ordinary character (Unicode NFKC)."""
    return [
        Edit(m.start(), m.end(), unicodedata.normalize("NFKC", m.group()), "兼容字形改为标准字形")
        for m in _COMPAT_RE.finditer(text)
        if unicodedata.normalize("NFKC", m.group()) != m.group()
    ]


def join_spaced_chinese(text: str) -> list[Edit]:
    """A space between two Han characters is a scan artefact when it splits
    single characters ("崔 治") or when a plain one stands inside running
    prose; a space between multi-character words in a short line ("启新征程
    勇争先"), after a dateline ("本报讯 记者"), or an ideographic one between
    words in prose ("周六19:35　中甲联赛第24轮　枫港海鸥对云汀港湾", set
    by the typesetter: engines write plain spaces) is typography and stays."""
    edits = []
    for line_start, line in _lines(text):
        prose = len(line) >= HEADING_MAX
        dateline = DATELINE_RE.match(line.lstrip("\u3000 "))
        dateline_end = dateline.end() + len(line) - len(line.lstrip("\u3000 ")) if dateline else 0
        for m in _SPACED_RE.finditer(line):
            left = _token_before(line, m.start())
            right = _token_after(line, m.end())
            # (within a dateline, "（记者王博　李响）", "晚报讯 记者 孙浩 ", every space is typography)
            typography = _AFTER_REPORTER_RE.search(left) is not None or _BEFORE_REPORTER_RE.match(right) is not None \
                or m.end() <= dateline_end
            if m.group() == IDEOGRAPHIC_SPACE and (CREDIT_END_RE.fullmatch(line[m.end():].rstrip())
                                                   or _WORK_BY_END_RE.fullmatch(line[m.end():].rstrip())):
                continue  # the typesetter's space before the word that closes a credit, "本报记者　李明　摄", "…　文/图"
            if _WORK_BY_OPENS_RE.fullmatch(line[:m.start()].lstrip()) and is_personal_name(line[m.end():].strip()):
                continue  # the typesetter's space between who did what and the name, "□　文/图　秦晓帆"
            lone = len(right) == 1 or len(left) == 1 and not _BEFORE_REPORTER_RE.match(right)  # (not "文/图　本报记者")
            if lone or (prose and not typography and m.group() != IDEOGRAPHIC_SPACE):  # (one the typesetter set)
                edits.append(Edit(line_start + m.start(), line_start + m.end(), "", "删去中文字间的空格"))
    return edits


def _token_before(line: str, end: int) -> str:
    start = end
    while start > 0 and _TOKEN_RE.fullmatch(line[start - 1]):
        start -= 1
    return line[start:end]


def _token_after(line: str, start: int) -> str:
    end = start
    while end < len(line) and _TOKEN_RE.fullmatch(line[end]):
        end += 1
    return line[start:end]


def _lines(text: str):
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _is_cjk(char: str) -> bool:
    return bool(char) and (unicodedata.east_asian_width(char) in "WF")


def _names(chars: str) -> str:
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in chars}))
