"""Layout from OCR: ALTO and hOCR read into a page, and its text in reading order.

The pages here are built by hand: every character is a word with its box (as
Tesseract writes Chinese), body type 20 px on a 30 px pitch, columns 15
characters wide. The files list their blocks in a deliberately wrong order.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from rapidfuzz.distance import Indel

from build_tools.ingest import read_source, read_sources
from build_tools.layout import join_words, read_alto, read_hocr, recognised_text
from build_tools.model import Page

FIXTURES = Path(__file__).parent / "fixtures" / "ocr"
ALTO_V3 = "http://www.loc.gov/standards/alto/ns-v3#"
BODY, PITCH, TOP = 20, 30, 130
COLUMNS = (100, 440)  # left edges; each column 15 characters (300 px), a 40 px gutter
INDENT = "\u3000\u3000"

HEADLINE = "港口建设全面提速通道畅通"
# Paragraph A fills three lines of column 1; B runs from column 1 into column 2; C ends column 2.
A = ("本报讯今年以来锦州港加快建设", "港区码头泊位改造工程进展顺利全", "部工程预计年底前完工。")
B = ("锦州港现有主航道为十五万吨", "级航道通航宽度三百二十米底标高", "为负十七点九米项目为利用既有航", "道改建轴线不变进行双侧加宽加深", "满足大型油船乘潮进出。")
C = ("项目建成后将进一步提升港口", "综合通过能力为东北陆海新通道", "建设提供有力支撑。")


def body_lines() -> list[tuple[int, int, str]]:
    """(x, y, text) of every body line: A, B in column 1 (B runs on into column 2), C."""
    out = []
    column, row = 0, 0
    for paragraph in (A, B, C):
        for n, text in enumerate(paragraph):
            if row == 6:
                column, row = 1, 0
            x = COLUMNS[column] + (2 * BODY if n == 0 else 0)
            out.append((x, TOP + row * PITCH, text))
            row += 1
    return out


EXPECTED = "\n\n".join([
    HEADLINE,
    "\n".join([INDENT + A[0], *A[1:]]),
    "\n".join([INDENT + B[0], *B[1:]]),
    "\n".join([INDENT + C[0], *C[1:]]),
]) + "\n"


def chars(x: float, y: float, text: str, size: float) -> list[tuple[float, float, float, float, str]]:
    """One word per character, as Tesseract reads Chinese: (x, y, width, height, text)."""
    return [(x + i * size, y, size, size, char) for i, char in enumerate(text)]


def alto_line(words, namespace_prefix: str = "", style: str = "") -> str:
    x0 = min(w[0] for w in words)
    y0 = min(w[1] for w in words)
    x1 = max(w[0] + w[2] for w in words)
    y1 = max(w[1] + w[3] for w in words)
    strings = "<SP/>".join(
        f'<String HPOS="{x:g}" VPOS="{y:g}" WIDTH="{w:g}" HEIGHT="{h:g}" CONTENT="{t}"/>' for x, y, w, h, t in words
    )
    styled = f' STYLEREFS="{style}"' if style else ""
    return f'<TextLine HPOS="{x0:g}" VPOS="{y0:g}" WIDTH="{x1 - x0:g}" HEIGHT="{y1 - y0:g}"{styled}>{strings}</TextLine>'


def alto(blocks: list[list[str]], namespace: str | None = ALTO_V3, styles: str = "") -> bytes:
    """An ALTO document of text blocks (each a list of TextLine elements)."""
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    body = "".join(f"<TextBlock>{''.join(lines)}</TextBlock>" for lines in blocks)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><alto{xmlns}><Description><MeasurementUnit>pixel</MeasurementUnit>'
        f"</Description><Styles>{styles}</Styles><Layout><Page WIDTH=\"900\" HEIGHT=\"400\">"
        f"<PrintSpace>{body}</PrintSpace></Page></Layout></alto>"
    ).encode("utf-8")


def two_column_page(namespace: str | None = ALTO_V3) -> bytes:
    """The page, its blocks in the wrong order: column 2, the headline, column 1 bottom up."""
    lines = body_lines()
    column_1 = [alto_line(chars(x, y, t, BODY)) for x, y, t in lines if x < COLUMNS[1]]
    column_2 = [alto_line(chars(x, y, t, BODY)) for x, y, t in lines if x >= COLUMNS[1]]
    headline = alto_line(chars(180, 50, HEADLINE, 40))
    return alto([column_2, [headline], list(reversed(column_1))], namespace)


def hocr_page(rows: list[list[tuple[float, float, float, float, str]]]) -> bytes:
    """An hOCR document: one ocr_carea per row (in the order given), words as ocrx_word."""
    areas = []
    for n, words in enumerate(rows):
        x0, y0 = min(w[0] for w in words), min(w[1] for w in words)
        x1, y1 = max(w[0] + w[2] for w in words), max(w[1] + w[3] for w in words)
        spans = "".join(
            f"<span class='ocrx_word' title='bbox {x:g} {y:g} {x + w:g} {y + h:g}; x_wconf 90'>{t}</span>"
            for x, y, w, h, t in words
        )
        areas.append(
            f"<div class='ocr_carea' title='bbox {x0:g} {y0:g} {x1:g} {y1:g}'><p class='ocr_par'>"
            f"<span class='ocr_line' id='line_{n}' title='bbox {x0:g} {y0:g} {x1:g} {y1:g}; x_size {y1 - y0:g}'>"
            f"{spans}</span></p></div>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n'
        '    "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title></title>'
        "<meta name='ocr-system' content='tesseract 5.3.0' /></head><body>"
        f"<div class='ocr_page' title='image \"p.png\"; bbox 0 0 900 400'>{''.join(areas)}</div></body></html>"
    ).encode("utf-8")


# --- reading order and paragraphs ------------------------------------------


def test_two_columns_read_in_order_whatever_the_file_order():
    assert recognised_text(read_alto(two_column_page())) == EXPECTED


@pytest.mark.parametrize("namespace", [
    None,
    "http://www.loc.gov/standards/alto/ns-v2#",
    ALTO_V3,
    "http://www.loc.gov/standards/alto/ns-v4#",
])
def test_alto_versions_read_alike(namespace):
    assert recognised_text(read_alto(two_column_page(namespace))) == EXPECTED


def test_hocr_reads_like_alto():
    rows = [chars(x, y, t, BODY) for x, y, t in reversed(body_lines())] + [chars(180, 50, HEADLINE, 40)]
    assert recognised_text(read_hocr(hocr_page(rows))) == EXPECTED


def test_lines_run_across_the_gutter_are_cut_into_their_columns():
    """Tesseract, missing a gutter, reads a row of both columns as one line."""
    lines = body_lines()
    left = {y: (x, t) for x, y, t in lines if x < COLUMNS[1]}
    right = {y: (x, t) for x, y, t in lines if x >= COLUMNS[1]}
    merged = []
    for y in sorted(left):
        words = chars(*left[y][:1], y, left[y][1], BODY)
        if y in right:
            # a stray quotation mark in the gutter, as Tesseract reads there
            words += [(COLUMNS[0] + 305, y, 8, 10, "”")] + chars(right[y][0], y, right[y][1], BODY)
        merged.append(alto_line(words))
    page = alto([[alto_line(chars(180, 50, HEADLINE, 40))], merged])
    text = recognised_text(read_alto(page))
    assert text.replace("”", "") == EXPECTED
    assert text.count("”") == 5  # the stray marks are kept (the cleaner's to judge), each on a line of column 1
    assert all(line.endswith("”") for line in text.splitlines() if "”" in line)


def test_a_headline_in_the_first_column_stays_first_in_that_column():
    title = "港口提速"  # set in column 1 only, 30 px
    lines = [(x, y + 60, t) for x, y, t in body_lines()]
    blocks = [[alto_line(chars(x, y, t, BODY)) for x, y, t in lines if x >= COLUMNS[1]],
              [alto_line(chars(x, y, t, BODY)) for x, y, t in lines if x < COLUMNS[1]],
              [alto_line(chars(COLUMNS[0] + 90, TOP, title, 30))]]
    text = recognised_text(read_alto(alto(blocks)))
    assert text.split("\n\n")[0] == title
    assert text.split("\n\n")[1].startswith(INDENT + A[0])


def test_side_by_side_stories_each_read_under_their_own_headline():
    """A headline over columns 1-2 cuts only those columns: column 3 (another
    story, its headline level with the first) is read after them."""
    first, second = "锦州港开通新航线", "社区新变化"
    lines = [(x, y + 40, t) for x, y, t in body_lines()]
    third = [(780, TOP + 40 + n * PITCH, t) for n, t in enumerate(("　" * 2 + "老旧小区改造完成", "居民住上了新房。"))]
    blocks = [
        [alto_line(chars(x, y, t.strip("　"), BODY)) for x, y, t in third],
        [alto_line(chars(780, 110, second, 24))],
        [alto_line(chars(x, y, t, BODY)) for x, y, t in lines],
        [alto_line(chars(260, 100, first, 40))],
    ]
    text = recognised_text(read_alto(alto(blocks)))
    blocks_out = text.split("\n\n")
    assert blocks_out[0] == first
    assert blocks_out[4] == second
    assert blocks_out[5].replace(INDENT, "").strip() == "老旧小区改造完成\n居民住上了新房。"


def test_a_gap_and_smaller_type_start_blocks():
    """A caption in smaller type under column 1, after a gap, is a block of its own."""
    lines = body_lines()
    caption_y = TOP + 6 * PITCH + 40
    blocks = [[alto_line(chars(x, y, t, BODY)) for x, y, t in lines],
              [alto_line(chars(COLUMNS[0], caption_y, "锦州港新建的集装箱码头", 15))]]
    text = recognised_text(read_alto(alto(blocks)))
    assert "\n\n锦州港新建的集装箱码头\n\n" in text
    assert text.index("锦州港新建的集装箱码头") < text.index(B[3])  # column 1 (and under it) first


def test_font_sizes_from_alto_styles():
    styles = '<TextStyle ID="body" FONTSIZE="10.5"/><TextStyle ID="head" FONTSIZE="22"/>'
    lines = [alto_line(chars(x, y, t, BODY), style="body") for x, y, t in body_lines()]
    head = alto_line(chars(180, 50, HEADLINE, 40), style="head")
    page = read_alto(alto([lines, [head]], styles=styles))
    sizes = {line.text: line.font_size for block in page.blocks for line in block.lines}
    assert sizes[HEADLINE] == 22 and sizes[A[0]] == 10.5
    assert recognised_text(page) == EXPECTED


def test_words_joined_chinese_tight_latin_spaced_hyphen_kept():
    words = ('<String HPOS="0" VPOS="0" WIDTH="30" HEIGHT="20" CONTENT="GDP"/><SP/>'
             '<String HPOS="35" VPOS="0" WIDTH="40" HEIGHT="20" CONTENT="增长"/><SP/>'
             '<String HPOS="80" VPOS="0" WIDTH="40" HEIGHT="20" CONTENT="New"/><SP/>'
             '<String HPOS="125" VPOS="0" WIDTH="40" HEIGHT="20" CONTENT="York"/><SP/>'
             '<String HPOS="170" VPOS="0" WIDTH="40" HEIGHT="20" CONTENT="exam" SUBS_TYPE="HypPart1" SUBS_CONTENT="example"/>'
             '<HYP CONTENT="-"/>')
    page = read_alto(alto([[f'<TextLine HPOS="0" VPOS="0" WIDTH="215" HEIGHT="20">{words}</TextLine>']]))
    assert page.blocks[0].lines[0].text == "GDP增长New York exam-"
    assert join_words(["锦州", "港", "5G", "网络", "said", "“hello”"]) == "锦州港5G网络said “hello”"


def test_page_is_typed_and_frozen():
    page = read_alto(two_column_page())
    assert isinstance(page, Page) and (page.width, page.height) == (900, 400)
    assert len(page.blocks) == 3 and page.blocks[1].lines[0].text == HEADLINE
    with pytest.raises(AttributeError):
        page.width = 1  # frozen


def test_output_is_deterministic():
    data = two_column_page()
    assert len({recognised_text(read_alto(data)) for _ in range(3)}) == 1


# --- bad input: a clear reason, never a traceback --------------------------


@pytest.mark.parametrize("data, reason", [
    (b"<alto><Layout><Page>", "不是格式正确的 XML"),
    (b"\xff\xfe not xml at all", "不是格式正确的 XML"),
    (b"<PcGts xmlns='http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15'/>", "不是 ALTO"),
    (b"<alto><Layout><Page><PrintSpace><TextBlock><TextLine/></TextBlock></PrintSpace></Page></Layout></alto>",
     "没有识别出的文字"),
    (b'<alto><Layout><Page/><Page/></Layout></alto>', "没有识别出的文字"),
])
def test_bad_alto_is_refused_with_a_reason(data, reason):
    with pytest.raises(ValueError, match=reason):
        read_alto(data)


def test_two_pages_with_text_are_refused():
    one = f'<Page>{"".join(f"<TextBlock>{alto_line(chars(0, 0, t, BODY))}</TextBlock>" for t in ("一页",))}</Page>'
    data = f"<alto><Layout>{one}{one}</Layout></alto>".encode()
    with pytest.raises(ValueError, match="有 2 页文字"):
        read_alto(data)


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol%d;" % (n - 1)) * 10}">' for n in range(1, 10)
    ]
    return f'<?xml version="1.0"?>\n<!DOCTYPE alto [{"".join(entities)}]>\n<alto>&lol9;</alto>'.encode()


BILLION_LAUGHS = _billion_laughs()


def test_entity_declarations_are_refused_before_expansion():
    started = time.perf_counter()
    with pytest.raises(ValueError, match="XML 实体"):
        read_alto(BILLION_LAUGHS)
    with pytest.raises(ValueError, match="XML 实体"):
        read_alto(b'<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY x SYSTEM "file:///etc/passwd">]><alto>&x;</alto>')
    with pytest.raises(ValueError, match="XML 实体"):
        read_hocr(BILLION_LAUGHS.replace(b"alto", b"html"))
    assert time.perf_counter() - started < 1.0


def test_bad_hocr_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="不是 hOCR"):
        read_hocr(b"<html><body><p>just a page</p></body></html>")
    with pytest.raises(ValueError, match="没有识别出的文字"):
        read_hocr(b"<html><body><div class='ocr_page' title='bbox 0 0 10 10'></div></body></html>")


def test_hocr_tolerates_html_that_is_not_xhtml():
    page = read_hocr(
        b"<html><head><meta charset=utf-8><meta name=ocr-system content=x></head><body>"
        b"<div class=ocr_page title='bbox 0 0 500 100'><p class=ocr_par>"
        b"<span class=ocr_line title='bbox 10 10 90 30'><span class=ocrx_word title='bbox 10 10 50 30'>\xe9\x94\xa6\xe5\xb7\x9e</span>"
        b"<span class=ocrx_word title='bbox 50 10 90 30'>\xe6\xb8\xaf</span><br>"
        b"<span class=ocr_line title='bbox 10 40 90 60'>\xe6\x96\xb0\xe8\x88\xaa\xe7\xba\xbf</span></body></html>"
    )
    assert [line.text for line in page.blocks[0].lines] == ["锦州港", "新航线"]


# --- ingest ----------------------------------------------------------------


def test_layout_file_wins_over_the_plain_text_of_its_page(tmp_path):
    (tmp_path / "p.txt").write_text("纯文本。", encoding="utf-8")
    (tmp_path / "p.xml").write_bytes(two_column_page())
    (tmp_path / "p.yml").write_text("paper: 锦州日报\n", encoding="utf-8")
    (tmp_path / "q.hocr").write_bytes(hocr_page([chars(x, y, t, BODY) for x, y, t in body_lines()]))
    sources, problems = read_sources(tmp_path)
    assert [(s.name, s.encoding) for s in sources] == [("p.xml", "alto"), ("q.hocr", "hocr")]
    assert sources[0].text == EXPECTED and sources[0].sidecar.page.given() == {"paper": "锦州日报"}
    assert [(p.source_name, "p.xml" in p.reason) for p in problems] == [("p.txt", True)]


def test_plain_text_is_read_when_its_layout_file_is_broken(tmp_path):
    (tmp_path / "p.txt").write_text("纯文本。", encoding="utf-8")
    (tmp_path / "p.xml").write_bytes(b"<alto><Layout>")
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["p.txt"]
    assert [str(p) for p in problems] == ["p.xml: 不是格式正确的 XML（no element found: line 1, column 14）"]


def test_bad_layout_sources_are_problems_naming_the_file(tmp_path):
    (tmp_path / "bad.xml").write_bytes(b"<alto><Page>")
    (tmp_path / "lol.xml").write_bytes(BILLION_LAUGHS)
    (tmp_path / "page.html").write_bytes(b"<html><body><p>not OCR</p></body></html>")
    (tmp_path / "scan.html").write_bytes(hocr_page([chars(0, 0, "锦州港", BODY)]))
    (tmp_path / "empty.hocr").write_bytes(b"")
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["scan.html"]
    reasons = {p.source_name: p.reason for p in problems}
    assert set(reasons) == {"bad.xml", "lol.xml", "page.html", "empty.hocr"}
    assert "不是格式正确的 XML" in reasons["bad.xml"] and "XML 实体" in reasons["lol.xml"]
    assert "不是 hOCR" in reasons["page.html"] and "空的" in reasons["empty.hocr"]


def test_a_layout_source_is_read_and_hashed_as_on_disk(tmp_path):
    path = tmp_path / "p.xml"
    data = two_column_page()
    path.write_bytes(data)
    source = read_source(path)
    assert source.stem == "p" and source.text == EXPECTED
    assert path.read_bytes() == data  # never modified


# --- fixtures read by Tesseract from rendered pages ------------------------


def _paragraphs(truth: dict) -> list[str]:
    return [block["text"] for story in truth["stories"] for block in story["blocks"] if block["kind"] == "paragraph"]


FIXTURE_PAGES = sorted(p for p in FIXTURES.glob("*.xml") if p.with_name(p.stem + ".truth.json").exists())


@pytest.mark.parametrize("alto_path", FIXTURE_PAGES, ids=[p.stem for p in FIXTURE_PAGES])
@pytest.mark.parametrize("reader", ["alto", "hocr"])
def test_fixture_paragraphs_come_out_whole(alto_path, reader):
    """Every paragraph of the truth (10+ characters) is one block of the text."""
    truth = json.loads(alto_path.with_name(alto_path.stem + ".truth.json").read_text(encoding="utf-8"))
    if reader == "alto":
        text = recognised_text(read_alto(alto_path.read_bytes()))
    else:
        text = recognised_text(read_hocr(alto_path.with_suffix(".hocr").read_bytes()))
    blocks = [re.sub(r"\s", "", block) for block in text.split("\n\n")]
    for paragraph in _paragraphs(truth):
        paragraph = re.sub(r"\s", "", paragraph)
        if len(paragraph) < 10:
            continue
        best = max(Indel.normalized_similarity(paragraph, block) for block in blocks)
        assert best >= 0.9, (paragraph[:20], best)


def test_the_headline_is_the_larger_type_under_a_kicker(tmp_path):
    """A kicker (引题) printed over the headline in smaller type is a deck: the
    layout's type sizes say which head line is the headline, as plain text cannot."""
    from build_tools.clean import clean_source
    from build_tools.ingest import read_source
    from build_tools.segment import segment

    kicker = "全力推进东北陆海新通道建设重点项目"  # 16 px, over the headline
    lines = [(x, y + 110, t) for x, y, t in body_lines()]
    blocks = [[alto_line(chars(COLUMNS[0], TOP - 10, kicker, 16))],
              [alto_line(chars(COLUMNS[0], TOP + 20, HEADLINE, 40))],
              [alto_line(chars(x, y, t, BODY)) for x, y, t in lines if x < COLUMNS[1]],
              [alto_line(chars(x, y, t, BODY)) for x, y, t in lines if x >= COLUMNS[1]]]
    path = tmp_path / "page.xml"
    path.write_bytes(alto(blocks))
    source = read_source(path)
    assert source.text.startswith(kicker + "\n\n" + HEADLINE)  # read in printed order
    story = segment(clean_source(source))[0]
    assert (story.title, story.decks) == (HEADLINE, (kicker,))


@pytest.mark.parametrize("caption_size", [16, BODY])  # smaller type, or the body's (the picture's blank says it)
@pytest.mark.parametrize("caption", ["老周在试验田里查看小麦长势，他家的小麦亩产比周边高出一两百斤。",
                                     "老周在试验田里查看小麦长势，亩产高出一两百斤。"])  # (shorter: set from the left, into column 2)
def test_columns_run_on_under_a_picture_and_its_caption(caption_size, caption):
    """A picture over both columns, inside the story, its caption under it:
    each column runs on under the picture (column 1 whole, then column 2),
    and the caption is read after the column under it on the left, not as a
    rule that cuts the page in two; so too a caption shorter than the
    picture, set from its left edge, that reaches into column 2 only a little."""
    left, right = COLUMNS
    top_1 = ("在河南省周口市的乡下，提起老周", "种地的人差不多都知道。老周名叫", "周保田，今年五十七岁，是一名地")
    bottom_1 = ("道的农民。他初中毕业就跟着父亲", "下地，种了四十年的小麦和玉米。", "与别人不同的是他家的地里总是插")
    top_2 = ("着各种各样的小牌子，上面写着品", "种名称、播种日期和施肥量。名气", "大了，来找老周请教的人越来越多")
    bottom_2 = ("他牵头成立了一个农业技术服务合", "作社，组成了一支土专家团队，每", "年为周边十几个村提供技术指导。")
    picture_bottom = TOP + 3 * PITCH + 120  # a picture four pitches tall over both columns
    below = picture_bottom + 40
    rows = [(x, TOP + n * PITCH, t) for x, lines in ((left, top_1), (right, top_2)) for n, t in enumerate(lines)]
    rows += [(x, below + n * PITCH, t) for x, lines in ((left, bottom_1), (right, bottom_2)) for n, t in enumerate(lines)]
    blocks = [[alto_line(chars(x, y, t, BODY)) for x, y, t in reversed(rows)],
              [alto_line(chars(left, picture_bottom + 8, caption, caption_size))],
              [alto_line(chars(180, 50, HEADLINE, 40))]]
    text = recognised_text(read_alto(alto(blocks))).replace("\n", "").replace(INDENT, "")
    order = [text.index(part) for part in (top_1[0], bottom_1[0], bottom_1[2], caption, top_2[0], bottom_2[0])]
    assert order == sorted(order)


def test_a_gutter_is_told_from_pieces_of_one_column():
    from build_tools.layout import _has_gutter
    from build_tools.model import Box
    column_1 = [Box(100, 100 + 30 * n, 400, 120 + 30 * n) for n in range(6)]
    column_2 = [Box(440, 100 + 30 * n, 740, 120 + 30 * n) for n in range(6)]
    across = [Box(100, 300, 740, 320)]  # a line the engine ran over the gutter
    assert _has_gutter(column_1 + column_2, em=20)
    assert _has_gutter(column_1 + column_2 + across, em=20)
    # one column whose lines the engine read in pieces side by side: a sliver between them, no gutter
    pieces = [Box(100, 100 + 30 * n, 245, 120 + 30 * n) for n in range(4)] + [Box(250, 100 + 30 * n, 400, 120 + 30 * n) for n in range(4)]
    assert not _has_gutter(pieces + [Box(100, 250, 400, 270)], em=20)


def test_a_date_line_under_the_masthead_is_read_before_the_columns():
    """The date line centred under the masthead stands over column 2, not
    beside anything: it is read with the masthead, before column 1's text."""
    date_line = "2025年1月29日 星期三 第12版"
    blocks = [[alto_line(chars(x, y + 40, t, BODY)) for x, y, t in body_lines()],
              [alto_line(chars(COLUMNS[1], 110, date_line, 12))],
              [alto_line(chars(300, 30, "南方日报", 60))]]
    text = recognised_text(read_alto(alto(blocks))).replace(" ", "")
    assert text.index("2025年1月29日") < text.index(A[0]) < text.index(C[0])


def test_a_headline_over_two_columns_is_its_own_block_right_over_the_text():
    """In type not far above the body's (1.4 x) and set tight over column 1's
    first full line, a headline over both columns is still no line of that
    column's running text: the measures differ."""
    head = "二〇二三年全省农民工监测调查报告节选"  # 18 characters of 28 px: over both columns
    full = [*B[1:4], *C[:2], *A[:2]]  # full lines of 15, none indented: a report running on from a page before
    rows = [(COLUMNS[n // 4], TOP + (n % 4) * PITCH, t) for n, t in enumerate(full)]
    blocks = [[alto_line(chars(x, y, t, BODY)) for x, y, t in rows],
              [alto_line(chars(COLUMNS[0], TOP - 32, head, 28))]]
    text = recognised_text(read_alto(alto(blocks)))
    assert text.split("\n\n")[0] == head


def test_what_stands_over_a_row_of_heads_is_read_before_what_stands_under_it():
    """A story over three columns, its headline over two, then under it a
    headline the engine read in two pieces, one over each of columns 1 and 2
    (A股三大指数集体收涨 | 两市成交额超九千亿元): the pieces do not reach across
    the page, yet nothing under them is read before what stands over them.
    The story above runs on in columns 2 and 3 before the story below begins."""
    third = 780  # a third column's left edge
    upper = {COLUMNS[0]: (INDENT + "本报讯平川至西塘高速公路", "正式建成通车全长八十六公里"),
             COLUMNS[1]: ("采用双向四车道标准建设设计", "速度每小时一百公里总投资约"),
             third: ("一百一十二亿元全线设特大桥", "三座。")}
    lower = {COLUMNS[0]: (INDENT + "今日A股三大指数集体收涨", "截至收盘上证指数上涨零点九"),
             COLUMNS[1]: ("沪深两市成交额合计九千亿元", "较上一交易日放量。")}
    blocks = [[alto_line(chars(COLUMNS[0], 30, "平川至西塘高速公路建成通车", 40))]]
    for column in (upper, lower):
        for x, lines in column.items():
            top = 90 if column is upper else 220
            blocks.append([alto_line(chars(x + (2 * BODY if t.startswith(INDENT) else 0), top + n * PITCH, t.strip("　"), BODY))
                           for n, t in enumerate(lines)])
    blocks += [[alto_line(chars(COLUMNS[0], 170, "A股三大指数集体收涨", 28))],
               [alto_line(chars(COLUMNS[1], 170, "两市成交额超九千亿元", 28))]]
    text = recognised_text(read_alto(alto(list(reversed(blocks))))).replace(INDENT, "")
    order = [text.index(line.strip("　")) for lines in upper.values() for line in lines]
    assert order == sorted(order) and order[-1] < text.index("A股三大指数集体收涨") < text.index("今日A股")

