"""Layout: an OCR layout file (ALTO, hOCR) -> the recognised text, in reading order.

`read_alto` and `read_hocr` turn a file into a typed `Page` (blocks, lines,
words, boxes, font sizes); `recognised_text` reads the page as a reader
would, from geometry alone (the file's own order is not trusted):

1. Rows. Each line is placed by its letters: a column rule read as a bar and
   marks standing apart at its ends are kept in its text but not used to
   place it. Its type is measured twice, by its advance (Chinese characters
   are square) and by its glyphs' height; the measure nearer the body's wins.
2. Lines the OCR broke up (big type in fragments) are joined; lines it ran
   across a column gutter are cut there. A gutter is a blank between letters
   where the lines around have (almost) no letters either.
3. Reading order is Breuel's partial order over the rows ("High performance
   document layout analysis", 2003), each row widened to its column's edges:
   a row comes before the rows below it in its column, and before the rows
   to its right unless a row spanning both lies between them. A row over
   several columns or in big type with no column of text beside it (a
   masthead, a headline over the story) is a band: all below it comes after.
   A headline over two columns cuts only those; a headline set in the first
   column stays first in that column. Columns read left to right. A
   caption under a picture inside the story, over some columns (a picture's
   blank over it, or smaller type), cuts nothing: the columns run on under
   the picture, and the caption is read after the column under its left end.
4. Blocks. A row starts a new block when it is indented (a paragraph), its
   type differs from the block's (a headline, a caption), after a tall gap,
   after a short line, and at the top of a column unless the column before
   ended on a full line and the row is not indented and of the same type
   (then the paragraph runs on).

The text has one line per printed line and a blank line between blocks;
indented paragraph starts keep their indent as two ideographic spaces (U+3000),
as Chinese typesetting prints it. This is the text the rest of the pipeline
reads, the source page shows and provenance offsets refer to.

XML is read with the standard library, never resolving entities: a file that
declares any is refused before it is parsed.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser
from statistics import median
from xml.parsers import expat

from .model import Box, Line, Page, TextBlock, Word
from .lexicon import furniture

# --- thresholds (in units of the body's character size, "em", unless said) ---

# Thresholds were set on Tesseract's reading of 160 rendered pages
# (tests/bench/ocr_pages.py): "measured" below refers to them.
#
# A row is of another type than the block it follows (a headline, a deck, a
# subhead) when its type differs by more than this. Measured: body rows
# 0.95-1.10 of the body (1st-99th percentile), titles 1.3-2.3, decks 1.05-1.23.
SIZE_STEP = 1.2
# Types this near the body's (both ways) may be misread sizes of body text.
NEAR_BODY = 1.5
# A row's type is compared with the median of the block's last rows (this
# many): one row's measure wobbles, a block's does not.
TYPE_RUN = 3
# Where the column changes, a smaller difference is enough (a caption under a
# picture at a column's head): captions set at 0.85 of the body measure 0.79-0.83.
SIZE_HINT = 1.1
# A blank between a row's letters is a gutter when at most this share of the
# rows around that reach it have letters there (punctuation does not count:
# Tesseract reads stray quotes and stops into gutters it does not see).
# Measured on a page Tesseract ran across its gutters: gutters 0.00-0.31,
# blanks between characters inside a column 0.53 and more.
GUTTER_MAX_INK = 1 / 3
# ... the share averaged over this width around each point (a gap between two
# characters is narrow, a gutter is a column of white),
GUTTER_SPREAD = 0.6
# ... counting the lines that reach within this of the point (a line of the
# column on the left that ends at the gutter is evidence of white there),
GUTTER_REACH = 1.0
# ... judged from at least this many lines (fewer prove nothing),
GUTTER_MIN_LINES = 3
# ... taken from the lines whose centres lie this near (about ten lines of text),
GUTTER_WINDOW = 16.0
# ... and only blanks at least this wide between letters are tried: inside a
# column, Tesseract's boxes of neighbouring characters leave at most 0.5
# (a justified line of a narrow column spreads its characters); gutters are
# a character or more, once the stray marks Tesseract reads there are left out.
GUTTER_MIN_GAP = 0.6
# A word this much wider than its characters need holds a blank: maybe a gutter.
WIDE_WORD = 0.6
# A narrower blank (down to this) is a gutter only where the lines around
# are clear of letters (at most GUTTER_CLEAR_INK of them): Tesseract's boxes
# of the letters on either side of a gutter can take up half of it.
GUTTER_NARROW_GAP = 0.3
GUTTER_CLEAR_INK = 0.15
# ... unless a side would keep a single letter: then a whole character.
GUTTER_LONE_GAP = 1.0
# Two lines side by side with a blank narrower than this (in their type's
# size) are one printed line the OCR broke up (Tesseract does, after an
# enumeration comma whose ink is a quarter of its cell); a gutter is wider.
JOIN_GAP = 0.8
# Two lines share a column when their x-ranges overlap by more than this (or
# by half the narrower one): Tesseract's boxes of a line's first and last
# characters stray a fraction of a character into the gutter.
OVERLAP = 1.0
# A paragraph's first line is indented: Chinese paragraphs by two characters.
# Measured: first lines start 1.9-2.6 characters in, other lines under 0.35,
# but a first character the OCR dropped or an opening mark puts some at
# 1.0-1.3 (the brief's "one character" splits those paragraphs): halfway is the line.
INDENT_MIN = 1.5
# An opening quotation mark or bracket starts its ink this far into its cell.
OPENING_MARK_INSET = 0.5
# Heads set level with each other are a band across the page when they cover
# its width but for this many characters of gutter between two of them.
LEVEL_HEADS_SLACK = 3.0
# A row with lines of text this close (em) over and under it is a line of running text,
# whatever its measured type (spaced Latin, "5 G - A", measures large): no head.
RUNNING_GAP = 0.8
# More than this is not a paragraph indent but a centred or right-set line
# (a subhead, a byline): a block of its own, kept without the indent mark.
INDENT_MAX = 4.0
# A line ends full when it reaches the column's right edge within this:
# closing punctuation's ink stops half a character short of its box.
FULL_SLACK = 1.2
# A line ending this much short of the column's edge ends its paragraph
# (Chinese lines are justified; only a paragraph's last line stops short).
SHORT_LINE = 3.0
# A gap wider than this many line pitches between two lines of a column ends
# the block (a paragraph space, a picture, the end of a story).
GAP_PITCHES = 1.5
# A blank this many line pitches tall over a row that spans columns is a
# picture, the row its caption (a paragraph space is under GAP_PITCHES).
PICTURE_PITCHES = 3.0
# ... over the columns it spans: somewhere between them at most this share of
# their lines has ink (a line read across the gutter; pieces of one column's
# lines side by side leave no such gap).
CAPTION_GUTTER_SHARE = 0.25
# A caption's next line stands under it closer than this share of its height.
CAPTION_LEADING = 0.5
# A line more than this many times as wide as the usual line of its column
# runs over several columns (a headline, a line the OCR ran across a gutter).
SPANNING = 1.5
# The column's edges are read from the lines whose centres lie this near.
EDGE_WINDOW = 20.0
# x values this close count as the same edge when finding a column's edges.
EDGE_TOLERANCE = 0.6
# A line's character size is its width over its characters when it has at
# least this many (Chinese characters are square: the advance is the size);
# shorter lines use the height of their characters' boxes.
SIZE_FROM_ADVANCE = 3.0
# A blank wider than this many glyph heights inside a line is not spacing
# between its characters (measuring the line's type leaves it out).
WIDE_BLANK = 1.5
# Half-width characters (Latin letters, digits) advance about half a Chinese one.
NARROW_ADVANCE = 0.55

# Column rules that OCR reads as bars: kept in the text, never used to place a line.
RULE_MARKS = set("|¦│┃丨｜")
# A mark standing this far (in glyph heights) from a line's letters is a stray.
STRAY_GAP = 0.5

# Guards against degenerate geometry: the least character size (page units),
# the most points probed across one blank.
MIN_EM = 1.0
MAX_PROBES = 64

ENTITIES_REFUSED = "在 DOCTYPE 中声明了 XML 实体（拒绝读取：实体可能无限展开或读取其他文件）"

PARAGRAPH_INDENT = "\u3000\u3000"

HOCR_LINE_CLASSES = {"ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat"}
HOCR_BLOCK_CLASSES = ("ocr_carea", "ocrx_block", "ocr_par")
HOCR_WORD_CLASSES = {"ocrx_word", "ocr_word"}


# --- reading the files -----------------------------------------------------


class _Refused(Exception):
    pass


class _PrologDone(Exception):
    pass


def _refuse_entities(data: bytes) -> None:
    """Refuse a document that declares entities (billion laughs, external
    entities) before anything expands them; raise ValueError for bad XML."""

    def entity_declared(*_args) -> None:
        raise _Refused(ENTITIES_REFUSED)

    def root_reached(*_args) -> None:
        raise _PrologDone

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = entity_declared
    parser.UnparsedEntityDeclHandler = entity_declared
    parser.StartElementHandler = root_reached
    try:
        parser.Parse(data, True)
    except _PrologDone:
        return
    except _Refused as refused:
        raise ValueError(str(refused)) from None
    except expat.ExpatError as error:
        where = f"第 {error.lineno} 行第 {error.offset + 1} 列"
        raise ValueError(f"不是格式正确的 XML（{expat.ErrorString(error.code)}，{where}）") from None
    except (LookupError, ValueError) as error:  # an encoding the parser cannot read
        raise ValueError(f"无法作为 XML 读取：{error}（请存为 UTF-8）") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _number(element: ET.Element, name: str) -> float | None:
    value = element.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _alto_box(element: ET.Element) -> Box | None:
    left, top, width, height = (_number(element, name) for name in ("HPOS", "VPOS", "WIDTH", "HEIGHT"))
    if None in (left, top, width, height):
        return None
    return Box(left, top, left + width, top + height)


def _union(boxes) -> Box | None:
    boxes = [box for box in boxes if box is not None]
    if not boxes:
        return None
    return Box(min(b.left for b in boxes), min(b.top for b in boxes),
               max(b.right for b in boxes), max(b.bottom for b in boxes))


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def join_words(texts) -> str:
    """Words of one line as printed: Chinese runs without spaces, one space
    between two words that are not Chinese (Latin, digits)."""
    out = ""
    for text in texts:
        if not text:
            continue
        if out and not _is_wide(out[-1]) and not _is_wide(text[0]):
            out += " "
        out += text
    return out


def _styles(root: ET.Element) -> dict[str, float]:
    sizes = {}
    for element in root.iter():
        if _local(element.tag) == "TextStyle" and element.get("ID"):
            size = _number(element, "FONTSIZE") or _number(element, "SIZE")
            if size:
                sizes[element.get("ID")] = size
    return sizes


def _style_size(element: ET.Element, sizes: dict[str, float], inherited: float) -> float:
    for ref in (element.get("STYLEREFS") or "").split():
        if ref in sizes:
            return sizes[ref]
    return inherited


def read_alto(data: bytes) -> Page:
    """An ALTO file (v2-v4, or no namespace; Tesseract's too) as a typed page."""
    _refuse_entities(data)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ValueError(f"不是格式正确的 XML（{error}）") from None
    except (LookupError, ValueError) as error:
        raise ValueError(f"无法作为 XML 读取：{error}（请存为 UTF-8）") from None
    if _local(root.tag).lower() != "alto":
        raise ValueError(f"是 XML 但不是 ALTO（根元素是 <{_local(root.tag)}>，不是 <alto>）")
    sizes = _styles(root)
    pages = []
    for page in root.iter():
        if _local(page.tag) != "Page":
            continue
        blocks = []
        for block in page.iter():
            if _local(block.tag) != "TextBlock":
                continue
            block_size = _style_size(block, sizes, 0.0)
            lines = tuple(line for line in (_alto_line(element, sizes, block_size) for element in block
                                            if _local(element.tag) == "TextLine") if line is not None)
            if lines:
                blocks.append(TextBlock(bbox=_alto_box(block) or _union(line.bbox for line in lines), lines=lines))
        pages.append((page, blocks))
    with_text = [(page, blocks) for page, blocks in pages if blocks]
    if not with_text:
        raise ValueError("没有识别出的文字（没有带 CONTENT 和位置的 ALTO String）")
    if len(with_text) > 1:
        raise ValueError(f"有 {len(with_text)} 页文字；一个来源文件应是一版扫描")
    page, blocks = with_text[0]
    extent = _union(block.bbox for block in blocks)
    return Page(
        width=_number(page, "WIDTH") or extent.right,
        height=_number(page, "HEIGHT") or extent.bottom,
        blocks=tuple(blocks),
    )


def _alto_line(element: ET.Element, sizes: dict[str, float], block_size: float) -> Line | None:
    line_size = _style_size(element, sizes, block_size)
    line_box = _alto_box(element)
    words: list[Word] = []
    word_sizes: list[float] = []
    for child in element:
        name = _local(child.tag)
        if name == "String":
            text = (child.get("CONTENT") or "").strip()
            box = _alto_box(child) or line_box
            if text and box is not None:
                words.append(Word(bbox=box, text=text))
                word_sizes.append(_style_size(child, sizes, line_size))
        elif name == "HYP" and words:  # the hyphen printed at the line's end
            words[-1] = Word(bbox=words[-1].bbox, text=words[-1].text + (child.get("CONTENT") or "-"))
    if not words:
        return None
    font_size = median(word_sizes) if all(word_sizes) else 0.0
    return Line(
        bbox=line_box or _union(word.bbox for word in words),
        text=join_words(word.text for word in words),
        words=tuple(words),
        font_size=font_size,
    )


# An OCR engine's JSON: PaddleOCR (3.x save_to_json; 2.x lists) and RapidOCR.
# Each gives a line's text, its box (a four-point polygon, or x1 y1 x2 y2) and
# a score; one reader a shape, one page model for all.

ENGINE_JSON_UNKNOWN = ("是 JSON 但不是已知的 OCR 引擎输出（可读：PaddleOCR 3.x 的 rec_texts 与 rec_polys/rec_boxes，"
                       "PaddleOCR 2.x 的 [框, [文字, 置信度]] 列表，RapidOCR 的 boxes/txts 或 [框, 文字, 置信度]）")


def read_engine_json(data: bytes) -> Page:
    """An engine's JSON as a typed page, or ValueError naming what it is not."""
    import json

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"不是格式正确的 JSON（{str(error).splitlines()[0]}）") from None
    found = _engine_lines(document)
    if found is None:
        raise ValueError(ENGINE_JSON_UNKNOWN)
    chars = document.get("chars") if isinstance(document, dict) else None
    if not isinstance(chars, list) or len(chars) != len(found):
        chars = [None] * len(found)
    marks = document.get("marks") if isinstance(document, dict) else None
    if isinstance(marks, list) and len(marks) == len(found):  # marks the recogniser dropped (ocr.with_dropped_marks)
        found = [(box, _with_marks(text, line_marks)) for (box, text), line_marks in zip(found, marks)]
    found, chars = _without_twice_read(found, chars)  # (a line given marks no longer spells its characters: left)
    lines = tuple(Line(bbox=box, text=text, words=_char_words(line_chars, box) or (Word(box, text),))
                  for (box, text), line_chars in zip(found, chars) if text.strip())
    if not lines:
        raise ValueError("没有识别出的文字（引擎输出里没有文字行）")
    extent = _union(line.bbox for line in lines)
    width, height = extent.right, extent.bottom
    image = document.get("image") if isinstance(document, dict) else None  # the size of the image read (ocr.py)
    if isinstance(image, dict) and all(isinstance(image.get(side), (int, float)) for side in ("width", "height")):
        width, height = float(image["width"]), float(image["height"])
    return Page(width=width, height=height, blocks=(TextBlock(bbox=extent, lines=lines),))


def _char_box(item) -> Box | None:
    return _engine_box(item[2]) if isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) else None


def _without_twice_read(found: list[tuple[Box, str]], chars: list) -> tuple[list[tuple[Box, str]], list]:
    """Where the detector's boxes of two lines of one row overlap, the engine may
    read the character under the overlap twice, once at the end of one line and
    once at the start of the next (站 | 占课”。: the next line then runs across
    the column gutter). A line's end character whose box covers
    TWICE_READ_SHARE of an end character of another line in the row is one
    reading of that ink: the less sure of the two is dropped, from the text
    and from the characters. Lines whose characters do not spell their text
    are left as they are."""
    ends = []  # (box, line, position, score) of each line's first and last character
    for number, ((box, text), line_chars) in enumerate(zip(found, chars)):
        if not isinstance(line_chars, list) or len(line_chars) < 2 or box.height > box.width \
                or "".join(str(item[0]) for item in line_chars if isinstance(item, list) and item) != text:
            continue
        for position in (0, len(line_chars) - 1):
            item = line_chars[position]
            char_box = _char_box(item)
            if char_box is not None and isinstance(item[1], (int, float)) and len(item[0]) == 1 \
                    and not unicodedata.category(item[0]).startswith("P"):
                ends.append((char_box, number, position, float(item[1])))
    drop: set[tuple[int, int]] = set()
    ends.sort(key=lambda end: end[0].left)
    for index, (a, line_a, at_a, score_a) in enumerate(ends):
        for b, line_b, at_b, score_b in ends[index + 1:]:
            if b.left >= a.right:
                break
            shared = min(a.right, b.right) - b.left
            same_row = min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.height, b.height)
            if line_a != line_b and same_row and shared >= TWICE_READ_SHARE * min(a.width, b.width):
                drop.add((line_b, at_b) if score_b < score_a else (line_a, at_a))
    if not drop:
        return found, chars
    found, chars = list(found), list(chars)
    for line, position in sorted(drop, reverse=True):
        text = found[line][1]
        kept = [item for n, item in enumerate(chars[line]) if n != position]
        found[line] = (_union(b for b in (_char_box(item) for item in kept) if b is not None), text[:position] + text[position + 1:])
        chars[line] = kept
    return found, chars


def _with_marks(text: str, marks) -> str:
    """A line's text with marks put in after so many of its characters ([count, mark] each)."""
    if not isinstance(marks, list):
        return text
    for after, mark in sorted((m for m in marks if isinstance(m, list) and len(m) == 2 and isinstance(m[0], int)
                               and isinstance(m[1], str) and 0 <= m[0] <= len(text)), reverse=True):
        text = text[:after] + mark + text[after:]
    return text


# Characters of an engine's line (RapidOCR's character boxes) farther apart
# than this many of the line's heights are in two words: a space between Latin
# words, an ideographic space, or a column gutter the engine's line ran across
# (the reading order cuts lines at gutters by their words, _cut_at_gutters).
CHAR_WORD_GAP = 0.25
# An ellipsis (……) as engines read it: not wide, but a mark that may hang into the gutter.
_DOTS = frozenset("…⋯·・")
# A character box covering this share of another line's end character in the same
# row reads the same ink twice (the detector's boxes of the two lines overlap there).
TWICE_READ_SHARE = 0.25


def _char_words(chars, line: Box) -> tuple[Word, ...] | None:
    """A horizontal line's words from its characters' boxes ([char, score, box]
    each), or None when it has none (or is set vertically: read whole)."""
    if not isinstance(chars, list) or not chars or line.height > line.width:
        return None
    placed = []
    for item in chars:
        box = _char_box(item)
        if box is None:
            return None
        placed.append((box, item[0]))
    words, run = [], [placed[0]]
    for box, char in placed[1:]:
        # A full-width mark closes its word: set hanging past a column's edge,
        # it may touch the next column's first character, and only the gap
        # between letters shows the gutter (_cut_at_gutters judges it). So does
        # an ellipsis, which engines read as narrow dots (……, ··).
        # (an engine's "character" may be several, "99", or none: its last one counts)
        last, following = run[-1][1][-1:], char[:1]  # (a set's membership: "" is no dot)
        closed = bool(last) and unicodedata.category(last)[0] == "P" and (
            _is_wide(last) or last in _DOTS and following not in _DOTS)
        if closed or box.left - run[-1][0].right > CHAR_WORD_GAP * line.height:
            words.append(run)
            run = []
        run.append((box, char))
    words.append(run)
    return tuple(Word(_union(box for box, _ in run), "".join(char for _, char in run), from_chars=True) for run in words)


def _engine_lines(document) -> list[tuple[Box, str]] | None:
    """(box, text) of each line in the shapes engines write, or None for any other JSON."""
    if isinstance(document, dict):
        inner = document.get("res")
        if isinstance(inner, dict):
            return _engine_lines(inner)
        texts = document.get("rec_texts", document.get("txts"))
        boxes = document.get("rec_polys", document.get("rec_boxes", document.get("boxes")))
        if isinstance(texts, list) and isinstance(boxes, list) and len(texts) == len(boxes):
            pairs = [(_engine_box(box), text) for box, text in zip(boxes, texts)]
            return pairs if all(box is not None and isinstance(text, str) for box, text in pairs) else None
        return None
    if not isinstance(document, list):
        return None
    if document and all(isinstance(page, list) and page and all(_engine_item(item) is not None for item in page)
                        for page in document):
        document = [item for page in document for item in page]  # PaddleOCR 2.x: a list of pages
    items = [_engine_item(item) for item in document]
    return items if items and all(item is not None for item in items) else None


def _engine_item(item) -> tuple[Box, str] | None:
    """[box, [text, score]] (PaddleOCR 2.x), [box, text, score] or {"box", "txt"|"text", "score"} (RapidOCR)."""
    if isinstance(item, dict):
        box, text = item.get("box", item.get("bbox")), item.get("txt", item.get("text"))
    elif isinstance(item, list) and len(item) == 2 and isinstance(item[1], list) and len(item[1]) == 2:
        box, text = item[0], item[1][0]
    elif isinstance(item, list) and len(item) == 3 and isinstance(item[1], str):
        box, text = item[0], item[1]
    else:
        return None
    box = _engine_box(box)
    return (box, text) if box is not None and isinstance(text, str) else None


def _engine_box(value) -> Box | None:
    """A four-point polygon [[x, y] × 4] (any rotation) or [x1, y1, x2, y2], as a box."""
    try:
        if len(value) == 4 and all(isinstance(v, (int, float)) for v in value):
            x1, y1, x2, y2 = (float(v) for v in value)
            return Box(min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        points = [(float(x), float(y)) for x, y in value]
    except (TypeError, ValueError):
        return None
    if len(points) < 3 or not all(math.isfinite(c) for point in points for c in point):
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


# hOCR


_TITLE_FIELD_RE = re.compile(r"\s*([a-z_]+)\s+([^;]*)")
_VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr"}
_HOCR_MARK_RE = re.compile(rb"""class\s*=\s*["'][^"']*\bocr_page\b|name\s*=\s*["']ocr-(system|capabilities)["']""")


def _title_fields(title: str) -> dict[str, list[str]]:
    fields = {}
    for part in title.split(";"):
        match = _TITLE_FIELD_RE.match(part)
        if match:
            fields[match.group(1)] = match.group(2).split()
    return fields


def _hocr_box(fields: dict[str, list[str]]) -> Box | None:
    try:
        left, top, right, bottom = (float(value) for value in fields["bbox"][:4])
    except (KeyError, ValueError):
        return None
    if not all(math.isfinite(value) for value in (left, top, right, bottom)):
        return None
    return Box(left, top, right, bottom)


def _hocr_float(fields: dict[str, list[str]], name: str) -> float:
    try:
        return float(fields[name][0])
    except (KeyError, IndexError, ValueError):
        return 0.0


@dataclass
class _Node:
    tag: str
    classes: frozenset
    fields: dict
    text: list  # loose text of a line without words; a word's text
    words: list  # a line's (box, text, size)
    lines: list  # a block's or page's lines, in file order


class _HocrReader(HTMLParser):
    """Collects pages, blocks, lines and words by their hOCR classes; tolerant
    of HTML that is not XHTML (unclosed elements, void elements)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Node] = []
        self.pages: list[_Node] = []
        self.blocks: list[tuple[_Node, _Node]] = []  # (page, block), in order of first line
        self.is_hocr = False

    def _nearest(self, classes) -> _Node | None:
        for node in reversed(self.stack):
            if node.classes & classes:
                return node
        return None

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "meta" and (attributes.get("name") or "").lower() in ("ocr-system", "ocr-capabilities"):
            self.is_hocr = True
        if tag in _VOID_ELEMENTS:
            return
        classes = frozenset((attributes.get("class") or "").split())
        node = _Node(tag, classes, _title_fields(attributes.get("title") or ""), [], [], [])
        if "ocr_page" in classes:
            self.is_hocr = True
            self.pages.append(node)
        if classes & HOCR_LINE_CLASSES:  # lines in the order they open (an unclosed one may hold the next)
            page = self._nearest({"ocr_page"})
            if page is not None:
                block = next((found for found in (self._nearest({name}) for name in HOCR_BLOCK_CLASSES) if found), page)
                if not any(known is block for _, known in self.blocks):
                    self.blocks.append((page, block))
                block.lines.append(node)
        self.stack.append(node)

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag) -> None:
        if not any(node.tag == tag for node in self.stack):
            return  # a stray end tag
        while self.stack:
            node = self.stack.pop()
            self._close(node)
            if node.tag == tag:
                return

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop())

    def _close(self, node: _Node) -> None:
        if node.classes & HOCR_WORD_CLASSES:
            line = self._nearest(HOCR_LINE_CLASSES)
            text = "".join(node.text).strip()
            if line is not None and text:
                line.words.append((_hocr_box(node.fields), text, _hocr_float(node.fields, "x_fsize")))

    def handle_data(self, data) -> None:
        for node in reversed(self.stack):
            if node.classes & (HOCR_WORD_CLASSES | HOCR_LINE_CLASSES):
                node.text.append(data)
                return


def _decode_html(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", data[:2048])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise ValueError("无法解码：不是 UTF-8，声明的字符集也不符")


def is_hocr(data: bytes) -> bool:
    """Whether an HTML file is hOCR: an ocr_page element or an ocr-system meta."""
    return _HOCR_MARK_RE.search(data) is not None


def read_hocr(data: bytes) -> Page:
    """An hOCR file (Tesseract's, or any with ocr_page, ocr_line and ocrx_word) as a typed page."""
    if re.search(rb"<!ENTITY", data, re.IGNORECASE):
        raise ValueError(ENTITIES_REFUSED)
    reader = _HocrReader()
    reader.feed(_decode_html(data))
    reader.close()
    if not reader.pages:
        raise ValueError("不是 hOCR（没有 class 为 ocr_page 的元素）")
    pages = []
    for page in reader.pages:
        blocks = []
        for owner, block in reader.blocks:
            if owner is not page:
                continue
            lines = tuple(line for line in (_hocr_line(node) for node in block.lines) if line is not None)
            if lines:
                box = _hocr_box(block.fields) if block is not page else None
                blocks.append(TextBlock(bbox=box or _union(line.bbox for line in lines), lines=lines))
        if blocks:
            pages.append((page, blocks))
    if not pages:
        raise ValueError("没有识别出的文字（没有带词和 bbox 的 ocr_line）")
    if len(pages) > 1:
        raise ValueError(f"有 {len(pages)} 页文字；一个来源文件应是一版扫描")
    page, blocks = pages[0]
    box = _hocr_box(page.fields) or _union(block.bbox for block in blocks)
    return Page(width=box.right, height=box.bottom, blocks=tuple(blocks))


def _hocr_line(node: _Node) -> Line | None:
    box = _hocr_box(node.fields)
    words = [Word(bbox=word_box or box, text=text) for word_box, text, _ in node.words if word_box or box]
    sizes = [size for _, _, size in node.words]
    if not node.words:  # a line without word elements: its text is one word
        text = " ".join("".join(node.text).split())
        words = [Word(bbox=box, text=text)] if text and box else []
        sizes = [_hocr_float(node.fields, "x_fsize")]
    if not words:
        return None
    font_size = median(sizes) if sizes and all(sizes) else _hocr_float(node.fields, "x_fsize")
    return Line(
        bbox=box or _union(word.bbox for word in words),
        text=join_words(word.text for word in words),
        words=tuple(words),
        font_size=font_size,
    )


# --- reading the page ------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One printed line of one column: a Line, or the piece of one on one side of a gutter."""

    bbox: Box
    words: tuple[Word, ...]
    text: str
    size: float  # character size in page units (its advance, or its height)
    measured: bool  # size from the advance of at least SIZE_FROM_ADVANCE characters
    font_size: float  # from the file, 0.0 when not given
    glyph: float = 0.0  # median height of its Chinese words' boxes; 0.0: none


def _advance(text: str) -> float:
    """The text's width in Chinese characters. A stop or comma ending the
    line, or a quotation mark opening it, inks half its cell: half counts."""
    advances = [1.0 if _is_wide(char) else NARROW_ADVANCE for char in text if not char.isspace()]
    chars = [char for char in text if not char.isspace()]
    if len(chars) > 1:
        for end in (0, -1):
            if unicodedata.category(chars[end])[0] == "P" and _is_wide(chars[end]):
                advances[end] = 0.5
    return sum(advances)


def _has_letters(text: str) -> bool:
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def _letter_span(word: Word) -> tuple[float, float]:
    """Where a word's letters stand: its box less the marks at either end,
    each taking its share of the box by its advance."""
    advances = [1.0 if _is_wide(char) else NARROW_ADVANCE for char in word.text]
    unit = word.bbox.width / (sum(advances) or 1.0)
    letters = [unicodedata.category(char)[0] in "LN" for char in word.text]
    if not any(letters):
        return word.bbox.left, word.bbox.right
    first = letters.index(True)
    last = len(letters) - 1 - letters[::-1].index(True)
    return (word.bbox.left + sum(advances[:first]) * unit, word.bbox.right - sum(advances[last + 1:]) * unit)


def _letter_count(text: str) -> int:
    return sum(unicodedata.category(char)[0] in "LN" for char in text)


def _core(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The words that place a row: not a column rule read as a bar, nor marks
    standing apart at either end (a stray quote or stop in the gutter)."""
    core = [word for word in words if not set(word.text) <= RULE_MARKS] or list(words)
    glyph = median(word.bbox.height for word in core) or 1.0
    for end in (0, -1):
        while len(core) > 1 and not _has_letters(core[end].text):
            neighbour = core[1] if end == 0 else core[-2]
            gap = neighbour.bbox.left - core[0].bbox.right if end == 0 else core[-1].bbox.left - neighbour.bbox.right
            if gap < STRAY_GAP * glyph:
                break
            core.pop(end)
    return tuple(core)


def _row(words, font_size: float) -> _Row:
    words = tuple(words)
    core = _core(words)
    box = _union(word.bbox for word in core)
    text = join_words(word.text for word in words)
    advance = _advance(join_words(word.text for word in core))
    glyph = median(word.bbox.height for word in core) or box.height
    measured = advance >= SIZE_FROM_ADVANCE
    if measured:  # the advance, leaving out wide blanks (a gutter the OCR ran across)
        blank, reach = 0.0, None
        for left, right in sorted((word.bbox.left, word.bbox.right) for word in core):
            if reach is not None and left - reach > WIDE_BLANK * glyph:
                blank += left - reach
            reach = right if reach is None else max(reach, right)
        size = (box.width - blank) / advance
    else:
        size = glyph
    chinese = [word.bbox.height for word in core if any(_is_wide(char) and char.isalpha() for char in word.text)]
    return _Row(bbox=box, words=words, text=text, size=max(size, 1e-6), measured=measured, font_size=font_size,
                glyph=median(chinese) if chinese else 0.0)


def _weighted_median(pairs) -> float:
    pairs = sorted(pairs)
    total = sum(weight for _, weight in pairs)
    running = 0.0
    for value, weight in pairs:
        running += weight
        if running >= total / 2:
            return value
    return pairs[-1][0] if pairs else 1.0


class _Geometry:
    """The page's measures: body type, line pitch, and relations between rows.

    A row's type is measured twice: by its advance (width over characters)
    and by the height of its Chinese glyphs' boxes, each against the page's
    body text. A justified line spreads its characters, digits and Latin
    vary in width, the OCR drops characters; a line of 一 and 二 is low. A row
    is of another type only when both measures say so."""

    def __init__(self, rows: list[_Row], use_font_sizes: bool) -> None:
        self.use_font_sizes = use_font_sizes
        measured = [(row.size, _advance(row.text)) for row in rows if row.measured] or [(row.size, 1.0) for row in rows]
        self.em = max(_weighted_median(measured), MIN_EM)
        if use_font_sizes:
            self.body_font = _weighted_median([(row.font_size, _advance(row.text)) for row in rows])
        glyphs = [(row.glyph, _advance(row.text)) for row in rows if row.measured and row.glyph]
        self.body_glyph = _weighted_median(glyphs) if glyphs else 0.0

    def _measures(self, row: _Row) -> tuple[float, ...]:
        if self.use_font_sizes:
            return (row.font_size / self.body_font,)
        if row.glyph and self.body_glyph:
            return (row.size / self.em, row.glyph / self.body_glyph)
        return (row.size / self.em,)

    def kind_of_type(self, row: _Row) -> float:
        """The row's type relative to the body's (1.0: body text): of its
        measures, the one nearer the body's."""
        return min(self._measures(row), key=lambda ratio: abs(math.log(ratio)) if ratio > 0 else math.inf)

    def is_body(self, row: _Row) -> bool:
        ratio = self.kind_of_type(row)
        return 1 / SIZE_STEP < ratio < SIZE_STEP

    def same_type(self, a: _Row, b: _Row, step: float = SIZE_STEP) -> bool:
        if not self.use_font_sizes and not (a.measured and b.measured):
            return True  # one or two characters: too few to tell
        return 1 / step < self.kind_of_type(a) / self.kind_of_type(b) < step

    def overlap(self, a: Box, b: Box) -> bool:
        shared = min(a.right, b.right) - max(a.left, b.left)
        return shared > min(OVERLAP * self.em, 0.5 * min(a.width, b.width))


def _ink_intervals(row: _Row) -> tuple[list[float], list[float]]:
    """Where the row's letters and ideographs stand, as sorted, merged x-intervals.

    A word's box is shared among its characters by their advance; punctuation
    counts as no ink (Tesseract reads stray quotes and stops into gutters)."""
    spans = []
    for word in row.words:
        advances = [1.0 if _is_wide(char) else NARROW_ADVANCE for char in word.text]
        unit = word.bbox.width / (sum(advances) or 1.0)
        x = word.bbox.left
        for char, advance in zip(word.text, advances):
            if unicodedata.category(char)[0] in "LN":
                spans.append((x, x + advance * unit))
            x += advance * unit
    starts: list[float] = []
    ends: list[float] = []
    for left, right in sorted(spans):
        if ends and left <= ends[-1]:
            ends[-1] = max(ends[-1], right)
        else:
            starts.append(left)
            ends.append(right)
    return starts, ends


def _has_ink(intervals: tuple[list[float], list[float]], x: float) -> bool:
    starts, ends = intervals
    index = bisect_right(starts, x) - 1
    return index >= 0 and ends[index] >= x


def _split_wide_words(row: _Row, em: float) -> tuple[tuple[Word, int], ...]:
    """The row's words; a word wider than its characters need is split into its
    characters (Tesseract reads across a gutter into one word). Each with the
    index of the word it was split from, -1 when it was not. A word of an
    engine's character boxes is never split: a gutter would have left a gap
    between two of them, and a wide one is larger type (a kicker over columns)."""
    out = []
    for index, word in enumerate(row.words):
        advances = [1.0 if _is_wide(char) else NARROW_ADVANCE for char in word.text]
        if len(word.text) < 2 or word.from_chars or word.bbox.width < (sum(advances) + WIDE_WORD) * em:
            out.append((word, -1))
            continue
        unit = word.bbox.width / sum(advances)
        x = word.bbox.left
        for char, advance in zip(word.text, advances):
            out.append((Word(bbox=Box(x, word.bbox.top, x + advance * unit, word.bbox.bottom), text=char), index))
            x += advance * unit
    return tuple(out)


def _join_split_rows(rows: list[_Row], geometry: _Geometry) -> list[_Row]:
    """Join the pieces of one printed line the OCR took for several lines
    (Tesseract breaks big type into fragments, and lines after a wide blank):
    rows on the same line, of the same type, with no more than a small
    blank between them. A gutter the join bridges is cut again afterwards."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].bbox.left, rows[i].bbox.top, i))
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reach = JOIN_GAP * max(max((row.size for row in rows), default=1.0), geometry.em)
    for position, i in enumerate(order):
        a = rows[i]
        for j in order[position + 1:]:
            b = rows[j]
            if b.bbox.left > a.bbox.right + reach:
                break  # sorted by left edge: nothing further can be near
            if b.bbox.left - a.bbox.right > JOIN_GAP * max(a.size, b.size, geometry.em):
                continue
            if (_same_line(a.bbox, b.bbox)
                    and min(a.bbox.right, b.bbox.right) - b.bbox.left < 0.5 * min(a.bbox.width, b.bbox.width)
                    and geometry.same_type(a, b)):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(rows[members[0]])
            continue
        words = sorted((word for i in members for word in rows[i].words), key=lambda word: word.bbox.left)
        out.append(_row(words, rows[members[0]].font_size))
    return out


def _cut_at_gutters(rows: list[_Row], geometry: _Geometry) -> list[_Row]:
    """Cut every body row the OCR ran across a column gutter into its columns' rows."""
    em = geometry.em
    body = sorted((row for row in rows if geometry.is_body(row)), key=lambda row: row.bbox.centre_y)
    centres = [row.bbox.centre_y for row in body]
    ink = {id(row): _ink_intervals(row) for row in body}
    out = []
    for row in rows:
        if len(row.text) < 2 or furniture(row.text) is not None:  # a date line is letter-spaced, not two columns
            out.append(row)
            continue
        low = bisect_left(centres, row.bbox.centre_y - GUTTER_WINDOW * em)
        high = bisect_right(centres, row.bbox.centre_y + GUTTER_WINDOW * em)
        around = [other for other in body[low:high] if other is not row]
        units = _split_wide_words(row, em)
        # Gaps between the row's letters and ideographs (punctuation between
        # them may be a stray mark in the gutter), tried where they are wide
        # or where a word had to be split.
        cuts = []  # (ink share, -gap width, x of the cut)
        reach, previous_source = None, -1
        letters = [_letter_count(word.text) for word, _ in units]
        before, total = 0, sum(letters)
        for (word, source), count in zip(units, letters):
            if not count:
                continue
            start, end = _letter_span(word)
            gap = start - (reach or 0.0)
            lone = min(before, total - before) < 2
            inside = source >= 0 and source == previous_source  # between characters of a split word
            wide = gap >= (GUTTER_LONE_GAP if lone else GUTTER_MIN_GAP) * em
            narrow = not lone and (gap >= GUTTER_NARROW_GAP * em or (inside and abs(gap) < 1.0))
            if reach is not None and (wide or narrow):
                found = _gutter_ink(min(reach, start), max(reach, start), around, ink, em)
                if found is not None and found[0] <= (GUTTER_MAX_INK if wide else GUTTER_CLEAR_INK):
                    cuts.append((found[0], -gap, found[1]))
            reach = end if reach is None else max(reach, end)
            previous_source = source
            before += count
        chosen = []  # one cut per gutter: the clearest among cuts close together
        for cut in sorted(cuts):
            if all(abs(cut[2] - other) > 2 * em for other in chosen):
                chosen.append(cut[2])
        if not chosen:
            out.append(row)
            continue
        pieces: list[list[tuple[Word, int]]] = [[] for _ in range(len(chosen) + 1)]
        for unit in units:
            pieces[bisect_left(sorted(chosen), unit[0].bbox.centre_x)].append(unit)
        cut = [_row(_rejoin(piece), row.font_size) for piece in pieces if piece]
        # A headline over several columns may have a blank above a gutter: it
        # is cut only when it proves to be big type run into body text.
        kinds = {geometry.is_body(piece) for piece in cut if piece.measured}
        if geometry.is_body(row) or kinds == {True, False}:
            out.extend(cut)
        else:
            out.append(row)
    return out


def _gutter_ink(left: float, right: float, around: list[_Row], ink: dict, em: float) -> tuple[float, float] | None:
    """The least ink the rows around have in a gap, and where: the share of
    the rows reaching the point (within GUTTER_REACH) with letters there,
    averaged over GUTTER_SPREAD around it."""
    best = None
    steps = min(max(1, int((right - left) / (0.25 * em))), MAX_PROBES)
    for step in range(steps + 1):
        x = left + (right - left) * (step + 0.5) / (steps + 1) if right > left else left
        shares = []
        for offset in (-0.5, -0.25, 0.0, 0.25, 0.5):
            at = x + offset * GUTTER_SPREAD * em
            reach = GUTTER_REACH * em
            spanning = [other for other in around if other.bbox.left - reach < at < other.bbox.right + reach]
            if len(spanning) >= GUTTER_MIN_LINES:
                shares.append(sum(_has_ink(ink[id(other)], at) for other in spanning) / len(spanning))
        if shares and (best is None or sum(shares) / len(shares) < best[0]):
            best = (sum(shares) / len(shares), x)
    return best


def _rejoin(units) -> list[Word]:
    """Characters split from one word, back into one word per side of a cut."""
    words: list[Word] = []
    previous = -1
    for word, source in units:
        if source >= 0 and source == previous and words:
            last = words[-1]
            words[-1] = Word(bbox=_union([last.bbox, word.bbox]), text=last.text + word.text)
        else:
            words.append(word)
        previous = source
    return words


class _Columns:
    """Each row's column edges, from the body rows of its column around it."""

    def __init__(self, rows: list[_Row], geometry: _Geometry) -> None:
        self.geometry = geometry
        em = geometry.em
        body = sorted((row for row in rows if geometry.is_body(row)), key=lambda row: row.bbox.centre_y)
        centres = [row.bbox.centre_y for row in body]
        self.edges = {}
        for row in rows:
            low = bisect_left(centres, row.bbox.centre_y - EDGE_WINDOW * em)
            high = bisect_right(centres, row.bbox.centre_y + EDGE_WINDOW * em)
            mates = [other for other in body[low:high] if geometry.overlap(other.bbox, row.bbox)]
            width = median(m.bbox.width for m in mates) if mates else row.bbox.width
            # Rows running over more than one column are no evidence of this one's edges.
            mates = [m for m in mates if m.bbox.width <= SPANNING * width]
            if row.bbox.width > SPANNING * width or not mates:
                mates = [row]
            self.edges[id(row)] = (
                _edge([m.bbox.left for m in mates], EDGE_TOLERANCE * em, lowest=True),
                _edge([m.bbox.right for m in mates], EDGE_TOLERANCE * em, lowest=False),
            )

    def widened(self, row: _Row) -> Box:
        left, right = self.edges[id(row)]
        return Box(min(left, row.bbox.left), row.bbox.top, max(right, row.bbox.right), row.bbox.bottom)

    def indent(self, row: _Row) -> float:
        """How far the row starts inside its column's left edge, in characters.
        An opening quotation mark or bracket inks only the right of its cell."""
        left = row.bbox.left
        first = row.words[0].text[:1] if row.words else ""
        if first and unicodedata.category(first) in ("Ps", "Pi") and row.words[0].bbox.left <= left:
            left -= OPENING_MARK_INSET * self.geometry.em
        return (left - self.edges[id(row)][0]) / self.geometry.em

    def short_by(self, row: _Row) -> float:
        return (self.edges[id(row)][1] - row.bbox.right) / self.geometry.em


def _reading_order(rows: list[_Row], geometry: _Geometry, columns: _Columns, pitch: float) -> list[_Row]:
    """Rows in reading order: a topological sort of Breuel's partial order over
    the rows widened to their columns' edges (a short line at a column's right
    edge is still in that column, not a column of its own).

    A row over several columns, or in big type, with no column of text
    beside it (a masthead, a headline over the whole story) is a band across
    the page: everything below it comes after it, even the columns it does
    not reach."""
    count = len(rows)
    boxes = [columns.widened(row) for row in rows]
    near = _overlapping(boxes, geometry)
    # Rows that span a gutter (they overlap two rows side by side).
    spanning = set()
    for c in range(count):
        if near[c] and min(boxes[j].right for j in near[c]) < max(boxes[j].left for j in near[c]):
            spanning.add(c)
    headlines = {c for c in range(count) if rows[c].measured and geometry.kind_of_type(rows[c]) >= SIZE_STEP}
    # A caption under a picture set inside the body, over some columns: the columns run on under it,
    # so it separates nothing; it is read after the column under it on its left.
    captions: dict[int, list[int]] = {}  # a caption's first row: its rows, in reading order
    held: set[int] = set()  # read after the column under them, not placed by the graph
    for c in sorted(spanning, key=lambda c: (boxes[c].top, boxes[c].left)):
        if c not in held and _inset_caption(c, rows, boxes, near, geometry, pitch):
            captions[c] = [j for j in _caption_pieces(c, rows, boxes, near, spanning, geometry, columns) if j not in held]
            held.update(captions[c])
    spanning -= held
    bands = [c for c in sorted(spanning | headlines)
             if not any(_beside(boxes[c], boxes[j])
                        and _holds_band_back(j, rows, boxes, near, geometry, pitch, spanning)
                        for j in range(count) if j != c)]
    # What stands level with a band (a date line beside the masthead) is read with it, and so is a
    # date line or page number over all the text (under the masthead, centred over a column of text).
    bands += [j for j in range(count) if j not in bands and any(_beside(boxes[c], boxes[j]) for c in bands)]
    text_top = min((boxes[j].top for j in range(count) if geometry.is_body(rows[j]) and furniture(rows[j].text) is None),
                   default=math.inf)
    bands += [j for j in range(count) if j not in bands and boxes[j].bottom <= text_top and furniture(rows[j].text) is not None]
    left, right = min(box.left for box in boxes), max(box.right for box in boxes)
    # where heads set side by side cut the page across: what stands wholly above comes first
    cuts, tiers = _level_heads(sorted((spanning | headlines) - set(bands)), boxes, near, left, right, geometry, headlines)
    if bands:
        for c in bands:
            boxes[c] = Box(left, boxes[c].top, right, boxes[c].bottom)
        near = _overlapping(boxes, geometry)
    separators = [(c, boxes[c].centre_y, near[c]) for c in sorted(spanning | set(bands))]
    # heads level with each other that do not reach across (a headline the engine read in two
    # pieces, stories side by side under a third) still part what is above them from what is
    # below: no row below comes before a row above for being on its left. Over their span, and
    # on across the columns beside them that no row runs through at their level (the story
    # above runs on there); at the tier's top (the heads themselves are below it).
    for tier in tiers:
        through = [boxes[j] for j in range(count) if boxes[j].top < tier.top < boxes[j].bottom
                   and not tier.left <= boxes[j].centre_x <= tier.right]
        span = Box(max((box.right for box in through if box.right <= tier.left), default=left), tier.top,
                   min((box.left for box in through if box.left >= tier.right), default=right), tier.bottom)
        separators.append((-1, tier.top, {j for j in range(count) if geometry.overlap(boxes[j], span)}))
    centre_x = [box.centre_x for box in boxes]
    centre_y = [box.centre_y for box in boxes]
    after: list[set[int]] = [set() for _ in range(count)]
    for a in range(count):
        xa, ya, near_a, after_a = centre_x[a], centre_y[a], near[a], after[a]
        if a in held:
            continue
        for b in range(count):
            if b == a or b in held:
                continue
            yb = centre_y[b]
            if cuts and _cut_between(boxes[a], boxes[b], cuts):
                after_a.add(b)  # above a cut, before what is below it
                continue
            if cuts and _cut_between(boxes[b], boxes[a], cuts):
                continue
            if b in near_a:
                if _same_line(rows[a].bbox, rows[b].bbox):
                    first = (rows[a].bbox.left, a) < (rows[b].bbox.left, b)
                else:
                    first = (ya, a) < (yb, b)
                if first:
                    after_a.add(b)
            elif xa < centre_x[b]:
                low, high = (ya, yb) if ya < yb else (yb, ya)
                if not any(low < yc < high and a in near_c and b in near_c for c, yc, near_c in separators):
                    after_a.add(b)
    order = [i for i in _topological(after, boxes) if i not in held]
    for c in sorted(captions, key=lambda c: (boxes[c].top, boxes[c].left)):
        at = _after_column_under(c, order, boxes, near)
        order[at:at] = captions[c]
    return [rows[i] for i in order]


def _inset_caption(c: int, rows: list[_Row], boxes: list[Box], near: list[set[int]], geometry: _Geometry,
                   pitch: float) -> bool:
    """A row over a gutter, not in headline type, with body text of the
    columns it spans both above and below it, and under a picture (a blank
    several lines tall over it) or in smaller type than the body: a picture's
    caption inside the story. The columns run on under it; it is no rule
    between stories."""
    kind = geometry.kind_of_type(rows[c]) if rows[c].measured else 1.0
    if kind >= SIZE_STEP:
        return False
    column_rows = _column_rows(c, rows, boxes, near, geometry)
    if not _has_gutter([boxes[j] for j in column_rows], geometry.em):
        return False  # the lines around stand in one column (pieces of its lines side by side, maybe)
    if not (any(boxes[j].bottom <= boxes[c].top for j in column_rows) and any(boxes[j].top >= boxes[c].bottom for j in column_rows)):
        return False
    # what stands right over it is a line of those columns, with a picture's blank between or not
    over = max((j for j in near[c] if boxes[j].bottom <= boxes[c].top), key=lambda j: boxes[j].bottom)
    if furniture(rows[over].text) is not None or (rows[over].measured and not geometry.is_body(rows[over])) \
            or not _under_or_over(boxes[over], boxes[c]):
        return False  # a date line, a headline or deck (a short last line, too short to measure, is text)
    return boxes[c].top - boxes[over].bottom > PICTURE_PITCHES * pitch or kind < 1 / SIZE_HINT


def _has_gutter(boxes: list[Box], em: float) -> bool:
    """A stretch half an em wide or more between the boxes' leftmost and
    rightmost edges that almost none of them covers (a line the engine ran
    across the gutter aside; pieces of one column's lines leave a sliver)."""
    events = sorted([(box.left, 1) for box in boxes] + [(box.right, -1) for box in boxes])
    covering, clear = 0, 0.0
    for (x, step), (following, _) in zip(events, events[1:]):
        covering += step
        clear = clear + (following - x) if covering <= CAPTION_GUTTER_SHARE * len(boxes) else 0.0
        if clear >= 0.5 * em:
            return True
    return False


def _column_rows(c: int, rows: list[_Row], boxes: list[Box], near: list[set[int]], geometry: _Geometry) -> list[int]:
    """The body rows of the columns a row spans: narrower than it, centred under or over it, or
    starting under it (a caption shorter than its picture, set from the left, reaches into the
    next column), within EDGE_WINDOW of it (a byline under the headline far above is no
    column's), no date line."""
    window = EDGE_WINDOW * geometry.em
    return [j for j in near[c] if geometry.is_body(rows[j]) and boxes[j].width < boxes[c].width
            and _under_or_over(boxes[j], boxes[c])
            and abs(boxes[j].centre_y - boxes[c].centre_y) <= window and furniture(rows[j].text) is None]


def _under_or_over(row: Box, caption: Box) -> bool:
    """A column's row under or over a caption: centred within its span, or starting within it."""
    return caption.left <= row.centre_x <= caption.right or caption.left <= row.left < caption.right


def _caption_pieces(c: int, rows: list[_Row], boxes: list[Box], near: list[set[int]], spanning: set[int],
                    geometry: _Geometry, columns: _Columns) -> list[int]:
    """The caption's row and the pieces of its line the engine read apart
    (a credit after it, 新华社发), left to right: on its line, close after
    it, within the columns it spans (a row of the next column is that column's)."""
    line = rows[c].bbox
    right = max(boxes[j].right for j in _column_rows(c, rows, boxes, near, geometry))
    pieces = [c, *sorted((j for j in range(len(rows)) if j != c and j not in spanning and _same_line(rows[j].bbox, line)
                          and 0 <= rows[j].bbox.left - line.right < 2 * line.height and rows[j].bbox.centre_x <= right),
                         key=lambda j: rows[j].bbox.left)]
    # its next lines: set right under it from its left edge, over the gutter as it is, or its
    # last line, short of the column (a full line of one column under it is that column's)
    last = c
    while (following := next((j for j in sorted(near[last]) if j not in pieces
                              and 0 <= rows[j].bbox.top - rows[last].bbox.bottom < CAPTION_LEADING * rows[last].bbox.height
                              and abs(rows[j].bbox.left - line.left) < geometry.em
                              and (j in spanning or columns.short_by(rows[j]) > SHORT_LINE)), None)) is not None:
        pieces.append(following)
        if following not in spanning:
            break  # a short line ends it
        last = following
    return pieces


def _after_column_under(c: int, order: list[int], boxes: list[Box], near: list[set[int]]) -> int:
    """Where a caption inside the body goes in the order: after the run of
    rows of the leftmost column under it (the paragraph its picture
    interrupted ends there), else where its top puts it."""
    placed = set(order)  # (another caption's lines are not, yet)
    under = [j for j in near[c] if j in placed and boxes[j].top >= boxes[c].bottom and boxes[j].width < boxes[c].width]
    if under:
        first = min(under, key=lambda j: (boxes[j].left, boxes[j].top))
        at = order.index(first)
        while at + 1 < len(order) and boxes[order[at + 1]].top >= boxes[order[at]].top \
                and min(boxes[order[at + 1]].right, boxes[first].right) > max(boxes[order[at + 1]].left, boxes[first].left):
            at += 1
        return at + 1
    return next((k for k, i in enumerate(order) if (boxes[i].top, boxes[i].left) > (boxes[c].top, boxes[c].left)), len(order))


def _overlapping(boxes: list[Box], geometry: _Geometry) -> list[set[int]]:
    """For each box, the others that share its x-range (found through bins
    of a few characters, so rows of distant columns are never compared)."""
    extent = max((box.right for box in boxes), default=0.0) - min((box.left for box in boxes), default=0.0)
    width = max(4 * geometry.em, extent / 1000)
    bins: dict[int, list[int]] = {}
    for i, box in enumerate(boxes):
        for key in range(int(box.left // width), int(box.right // width) + 1):
            bins.setdefault(key, []).append(i)
    near: list[set[int]] = [set() for _ in boxes]
    for members in bins.values():
        for position, i in enumerate(members):
            for j in members[position + 1:]:
                if j not in near[i] and geometry.overlap(boxes[i], boxes[j]):
                    near[i].add(j)
                    near[j].add(i)
    return near


def _level_heads(heads: list[int], boxes: list[Box], near: list[set[int]], left: float, right: float,
                 geometry: _Geometry, headlines: set[int]) -> tuple[list[float], list[Box]]:
    """Where heads standing level with each other (the headlines of stories
    set side by side) together reach across the page: a cut across it, at
    their top. What is printed wholly above it, in every column, comes before
    what is below it (the story above runs on in its columns on the right
    before the stories under the heads begin); each head is read with its own
    story. Only the first lines of heads cut: a headline's second line level
    with another story's head is still under its first. Level heads in
    headline type that do not reach across: the box around them (a tier, a
    separator over its span; not rows of body text an engine ran over a gutter)."""
    out: list[int] = []
    cuts: list[float] = []
    tiers: list[Box] = []

    def continues(c: int) -> bool:  # a second line of a headline: another head line right above it
        return any(j != c and min(boxes[c].right, boxes[j].right) > max(boxes[c].left, boxes[j].left)
                   and 0 <= boxes[c].top - boxes[j].bottom < 2 * geometry.em for j in heads)

    def under_head(c: int) -> bool:  # a headline's next line, its box touching the line above
        return any(j != c and boxes[j].top < boxes[c].top and geometry.overlap(boxes[c], boxes[j])
                   and boxes[c].top - boxes[j].bottom < geometry.em for j in heads)

    def in_running_text(c: int) -> bool:  # a line of a column measured large (spaced Latin), lines close over and under it
        mates = [j for j in near[c] if j not in headlines]
        return any(0 <= boxes[c].top - boxes[j].bottom < RUNNING_GAP * geometry.em for j in mates) \
            and any(0 <= boxes[j].top - boxes[c].bottom < RUNNING_GAP * geometry.em for j in mates)

    firsts = [c for c in heads if not continues(c)]
    for index, c in enumerate(firsts):
        level = [c, *(j for j in firsts[index + 1:] if _beside(boxes[c], boxes[j]))]
        if len(level) < 2 or c in out:
            continue
        reach = sorted((boxes[j].left, boxes[j].right) for j in level)
        covered, end = 0.0, left
        for start, stop in reach:
            covered += max(0.0, stop - max(start, end))
            end = max(end, stop)
        if covered >= (right - left) - LEVEL_HEADS_SLACK * geometry.em * (len(level) - 1) - 2 * geometry.em:
            out += [j for j in level if j not in out]
            cuts.append(min(boxes[j].top for j in level))
        elif len(typed := [j for j in level if j in headlines and not under_head(j) and not in_running_text(j)]) >= 2:
            tiers.append(Box(min(boxes[j].left for j in typed), min(boxes[j].top for j in typed),
                             max(boxes[j].right for j in typed), max(boxes[j].bottom for j in typed)))
    return cuts, tiers


def _cut_between(above: Box, below: Box, cuts: list[float]) -> bool:
    return any(above.bottom <= cut <= below.top for cut in cuts)


def _beside(a: Box, b: Box) -> bool:
    """Side by side: at some height in common, apart across."""
    level = min(a.bottom, b.bottom) - max(a.top, b.top) > 0
    return level and (b.left >= a.right or a.left >= b.right)


def _same_line(a: Box, b: Box) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.height, b.height)


def _holds_band_back(j: int, rows: list[_Row], boxes: list[Box], near: list[set[int]], geometry: _Geometry,
                     pitch: float, spanning: set[int]) -> bool:
    """Whether a row beside a wide one keeps it from being a band: another wide
    row or a headline (side-by-side stories), or a line of a column of text."""
    if j in spanning or not geometry.is_body(rows[j]):
        return True
    return any(0 < abs(boxes[k].centre_y - boxes[j].centre_y) <= GAP_PITCHES * pitch and geometry.is_body(rows[k])
               for k in near[j])


def _topological(after: list[set[int]], boxes: list[Box]) -> list[int]:
    """Kahn's algorithm; ties (and cycles, which noisy boxes can make) go top-left first."""
    pending = [0] * len(after)
    for successors in after:
        for b in successors:
            pending[b] += 1
    key = [(box.top, box.left, i) for i, box in enumerate(boxes)]
    ready = [key[i] for i in range(len(after)) if pending[i] == 0]
    heapq.heapify(ready)
    done = [False] * len(after)
    order: list[int] = []
    while len(order) < len(after):
        if not ready:  # a cycle: take the least-waiting row, top-left first
            fewest = min(pending[i] for i in range(len(after)) if not done[i])
            heapq.heappush(ready, min(key[i] for i in range(len(after)) if not done[i] and pending[i] == fewest))
        chosen = heapq.heappop(ready)[2]
        if done[chosen]:
            continue
        done[chosen] = True
        order.append(chosen)
        for b in after[chosen]:
            pending[b] -= 1
            if pending[b] == 0 and not done[b]:
                heapq.heappush(ready, key[b])
    return order


def _edge(values: list[float], tolerance: float, lowest: bool) -> float:
    """The x most rows share (a column's left or right edge), from noisy values."""
    values = sorted(values)
    best, best_count = values[0] if lowest else values[-1], 0
    candidates = values if lowest else list(reversed(values))
    for candidate in candidates:
        near = [v for v in values if abs(v - candidate) <= tolerance]
        if len(near) > best_count:
            best, best_count = median(near), len(near)
    return best


def _pitch(rows: list[_Row], geometry: _Geometry) -> float:
    """The usual distance from one body line to the next in a column."""
    body = sorted((row for row in rows if geometry.is_body(row)), key=lambda row: row.bbox.centre_y)
    steps = []
    for index, row in enumerate(body):
        for below in body[index + 1:]:
            distance = below.bbox.centre_y - row.bbox.centre_y
            if distance > 4 * geometry.em:
                break
            if distance > 0.5 * geometry.em and geometry.overlap(row.bbox, below.bbox):
                steps.append(distance)
                break
    return median(steps) if steps else 1.5 * geometry.em


def _blocks(order: list[_Row], geometry: _Geometry, columns: _Columns, pitch: float) -> list[list[tuple[_Row, bool]]]:
    """Rows grouped into blocks; each row with whether it carries the paragraph indent.

    A row of one or two characters (a stray mark, a lone character the OCR
    split off) is too short to show an indent or a type: it stays in the
    block whose column it falls in, and the next row is judged against the
    row before it."""
    blocks: list[list[tuple[_Row, bool]]] = []
    previous = last = None  # the last row long enough to judge by; the last row
    kinds: list[float] = []  # the types of the block's rows long enough to judge by
    for row in order:
        indent = columns.indent(row)
        measured = row.measured or geometry.use_font_sizes
        indented = INDENT_MIN <= indent and measured
        marked = indented and indent <= INDENT_MAX and geometry.is_body(row)
        if last is None:
            starts = True
        elif not measured:
            starts = not _stacked(last, row, geometry, columns, pitch)
        else:
            reference = median(kinds[-TYPE_RUN:]) if kinds else geometry.kind_of_type(previous or last)
            starts = bool(_break(previous or last, row, indented, geometry, columns, pitch, reference))
        if starts:
            blocks.append([])
            kinds = []
        blocks[-1].append((row, marked))
        last = row
        if measured:
            previous = row
            if row.measured:
                kinds.append(geometry.kind_of_type(row))
    return blocks


def _stacked(above: _Row, row: _Row, geometry: _Geometry, columns: _Columns, pitch: float) -> bool:
    """Whether a row follows the one above in its column, without a gap."""
    distance = row.bbox.centre_y - above.bbox.centre_y
    return (geometry.overlap(columns.widened(above), columns.widened(row))
            and 0 < distance <= GAP_PITCHES * pitch * max(geometry.kind_of_type(above), 1.0))


def _break(previous: _Row, row: _Row, indented: bool, geometry: _Geometry, columns: _Columns, pitch: float,
           reference: float) -> str:
    """Why a new block starts at `row` after `previous` ("" when it does not);
    `reference`: the type of the block so far (of its last few rows)."""
    stacked = (geometry.overlap(columns.widened(previous), columns.widened(row))
               and row.bbox.centre_y > previous.bbox.centre_y)
    if indented and not _wrapped_head(previous, row, geometry, pitch, stacked):
        return "indent"
    if not _same_kind(geometry, row, reference, SIZE_STEP):
        # Near body size, a measure can mislead (Tesseract's boxes may take in
        # the line below): running text, full line after full line, goes on.
        near = all(1 / NEAR_BODY < kind < NEAR_BODY for kind in (reference, geometry.kind_of_type(row)))
        running = stacked and columns.short_by(previous) <= FULL_SLACK and columns.short_by(row) <= FULL_SLACK \
            and _same_measure(columns.widened(previous), columns.widened(row), geometry)
        if not (near and running):
            return "type"
    if stacked:
        scale = max(geometry.kind_of_type(previous), geometry.kind_of_type(row), 1.0)
        if row.bbox.centre_y - previous.bbox.centre_y > GAP_PITCHES * pitch * scale:
            return "gap"
        if geometry.is_body(previous) and columns.short_by(previous) > SHORT_LINE:
            return "short line"
        return ""
    # A jump to another column: a paragraph runs on only from a full line,
    # into a line of its very type (not a caption under a picture there).
    if not _same_kind(geometry, row, reference, SIZE_HINT):
        return "column, type"
    if geometry.is_body(previous) and columns.short_by(previous) <= FULL_SLACK:
        return ""
    return "column"


def _same_measure(a: Box, b: Box, geometry: _Geometry) -> bool:
    """Set to the same width: both edges within FULL_SLACK (a headline over two
    columns and the first line of one of them are not running text)."""
    return abs(a.left - b.left) <= FULL_SLACK * geometry.em and abs(a.right - b.right) <= FULL_SLACK * geometry.em


def _wrapped_head(previous: _Row, row: _Row, geometry: _Geometry, pitch: float, stacked: bool) -> bool:
    """A headline wrapped onto a second line: both rows of the same type, larger
    than the body's, the second right under the first. It is set centred, so it
    starts further in than the first, which is no paragraph indent."""
    if not stacked or geometry.is_body(previous) or geometry.is_body(row):
        return False
    scale = max(geometry.kind_of_type(previous), geometry.kind_of_type(row))
    return (_same_kind(geometry, row, geometry.kind_of_type(previous), SIZE_STEP)
            and row.bbox.centre_y - previous.bbox.centre_y <= GAP_PITCHES * pitch * scale)


def _same_kind(geometry: _Geometry, row: _Row, reference: float, step: float) -> bool:
    if not (row.measured or geometry.use_font_sizes) or reference <= 0:
        return True
    return 1 / step < geometry.kind_of_type(row) / reference < step


def recognised_text(page: Page) -> str:
    """The page's text in reading order: one line per printed line, a blank line
    between blocks, indented paragraph starts marked with two ideographic spaces."""
    return recognised_lines(page).text


@dataclass(frozen=True)
class Reading:
    """A page's recognised text and, for each of its lines (split at "\n"),
    its type size against the body's (1.0 body type, 0.0 a blank line) and
    where it stands on the page (None for a blank line): the evidence of which
    head line is the headline, which plain text loses, and of where each
    paragraph of a story is printed."""

    text: str
    sizes: tuple[float, ...]
    boxes: tuple[Box | None, ...]
    # per line, where each of its characters begins along it and where the last ends (page units:
    # x for a line set across, y for a column); None for a blank line
    edges: tuple[tuple[float, ...] | None, ...] = ()
    vertical: bool = False  # most of its characters stand in columns (is_vertical)


def recognised_lines(page: Page) -> Reading:
    """The page's Reading. A page set vertically is read turned (_turned): its
    columns, right to left, become rows, top to bottom; their boxes are given
    back on the page as printed."""
    lines = [line for block in page.blocks for line in block.lines if line.text.strip()]
    if not lines:
        raise ValueError("没有识别出的文字")
    if is_vertical(lines):
        return _vertical_lines(page, lines)
    return _horizontal_lines(lines)


# A line is set vertically when its box is this many times taller than wide
# (and it holds two characters or more: one character's box is square).
VERTICAL_SHAPE = 1.5


def _is_vertical_line(line: Line) -> bool:
    return len(line.text.strip()) >= 2 and line.bbox.height >= VERTICAL_SHAPE * line.bbox.width


def is_vertical(lines: list[Line]) -> bool:
    """Most of the page's characters stand in vertical lines (old papers, and
    Taiwan's and Hong Kong's to this day, set their text in columns)."""
    vertical = sum(len(line.text) for line in lines if _is_vertical_line(line))
    horizontal = sum(len(line.text) for line in lines if len(line.text.strip()) >= 2 and not _is_vertical_line(line))
    return vertical > horizontal


def _turn(box: Box, width: float) -> Box:
    """A box on the page turned a quarter left: a column read top to bottom
    becomes a row read left to right, and columns further right come higher."""
    return Box(box.top, width - box.right, box.bottom, width - box.left)


def _vertical_lines(page: Page, lines: list[Line]) -> Reading:
    """A vertical page: its horizontal lines over the columns (a masthead, the
    date line of a margin) first, then the columns read turned (the horizontal
    reader's order, bands and type sizes: a column's width is its type), then
    horizontal lines under them."""
    width = page.width or max(line.bbox.right for line in lines)
    columns = [line for line in lines if _is_vertical_line(line) or len(line.text.strip()) < 2]
    across = [line for line in lines if line not in columns]
    top = min(line.bbox.top for line in columns)
    over = [line for line in across if line.bbox.centre_y < top]
    under = [line for line in across if line.bbox.centre_y >= top]
    turned = [Line(bbox=_turn(line.bbox, width), text=line.text, font_size=line.font_size,
                   words=tuple(Word(_turn(word.bbox, width), word.text) for word in line.words)) for line in columns]
    parts = [(_horizontal_lines(group), group is turned) for group in (over, turned, under) if group]
    texts: list[str] = []
    sizes: list[float] = []
    boxes: list[Box | None] = []
    edges: list[tuple[float, ...] | None] = []
    for index, (part, was_turned) in enumerate(parts):
        if index:
            sizes.append(0.0)  # the blank line between the parts
            boxes.append(None)
            edges.append(None)
        texts.append(part.text.rstrip("\n"))
        sizes.extend(part.sizes)
        boxes.extend(_turn_back(box, width) if was_turned and box is not None else box for box in part.boxes)
        edges.extend(part.edges)  # a turned row's x is the column's y on the page
    return Reading("\n\n".join(texts) + "\n", tuple(sizes), tuple(boxes), tuple(edges), vertical=True)


def _turn_back(box: Box, width: float) -> Box:
    """A turned box (_turn) where it stands on the page as printed."""
    return Box(width - box.bottom, box.left, width - box.top, box.right)


def _horizontal_lines(lines: list[Line]) -> Reading:
    use_font_sizes = all(line.font_size > 0 for line in lines)
    rows = [_row(line.words, line.font_size) for line in lines]
    geometry = _Geometry(rows, use_font_sizes)
    rows = _cut_at_gutters(_join_split_rows(rows, geometry), geometry)
    geometry = _Geometry(rows, use_font_sizes)
    columns = _Columns(rows, geometry)
    pitch = _pitch(rows, geometry)
    order = _reading_order(rows, geometry, columns, pitch)
    blocks = _blocks(order, geometry, columns, pitch)
    lines: list[str] = []
    sizes: list[float] = []
    boxes: list[Box | None] = []
    edges: list[tuple[float, ...] | None] = []
    for index, block in enumerate(blocks):
        if index:
            lines.append("")
            sizes.append(0.0)
            boxes.append(None)
            edges.append(None)
        for row, marked in block:
            lines.append((PARAGRAPH_INDENT if marked else "") + row.text)
            sizes.append(round(geometry.kind_of_type(row), 2))
            boxes.append(_union(word.bbox for word in row.words) or row.bbox)
            edges.append(_char_edges(row))
    return Reading("\n".join(lines) + "\n", tuple(sizes), tuple(boxes), tuple(edges))


def _char_edges(row: _Row) -> tuple[float, ...]:
    """Where each character of the row's text begins along it, and where the
    last ends: a word's characters share its box evenly (an engine's
    character boxes are its words where it gives them: _char_words), and a
    space between two words begins where the next word does."""
    spans = []
    for word in row.words:
        chars = [char for char in word.text if not char.isspace()]
        step = word.bbox.width / max(1, len(chars))
        spans += [word.bbox.left + k * step for k in range(len(chars))]
    end = max((word.bbox.right for word in row.words), default=row.bbox.right)
    edges, k = [], 0
    for char in row.text:
        edges.append(spans[k] if k < len(spans) else end)
        k += not char.isspace()
    return (*edges, end)
