"""An OCR engine's JSON is a layout source (issue 21): PaddleOCR 3.x and 2.x,
RapidOCR; boxes order the lines, horizontal and vertical, bands first; any
other JSON or XML is refused by name, never published as text."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from build_tools.ingest import page_files, read_page, source_from_bytes

# Printed columns of a vertical page (right to left), and a horizontal page's lines (top to bottom).
COLUMNS = ["擇善而從古訓也旣不能自立又不", "能師人之長人何以人國何以國自", "民治主義東漸以後效外國之自治",
           "而不顧何者爲公益效外國之舉債", "而不計何者爲用途效外國之政爭", "而不知何者爲黨綱效外國之代議"]
ROWS = ["锦州港新航线开通", "本报讯 锦州港今天开通一条新航线，", "连接东北亚多个港口，货运能力提升。",
        "港口负责人说，新航线将带动当地经济。"]
EM = 20  # a character's size in pixels


def vertical_lines(columns, right=1000, top=100, em=EM, gap=10):
    """(polygon, text) of each column: the first at the right, each next one further left."""
    lines = []
    for index, text in enumerate(columns):
        x2 = right - index * (em + gap)
        x1, y2 = x2 - em, top + em * len(text)
        lines.append(([[x1, top], [x2, top], [x2, y2], [x1, y2]], text))
    return lines


def horizontal_lines(rows, left=50, top=100, em=EM, headline=2.0):
    lines, y = [], top
    for index, text in enumerate(rows):
        size = em * (headline if index == 0 else 1)
        lines.append(([[left, y], [left + size * len(text), y], [left + size * len(text), y + size], [left, y + size]], text))
        y += size + em // 2
    return lines


def paddle3(lines, scores=True):
    document = {"input_path": "page.png", "page_index": None, "model_settings": {"use_doc_preprocessor": False},
                "dt_polys": [box for box, _ in lines], "rec_texts": [text for _, text in lines],
                "rec_polys": [box for box, _ in lines], "rec_scores": [0.98] * len(lines) if scores else []}
    return {"res": document}


def paddle3_boxes(lines):
    return {"rec_texts": [t for _, t in lines], "rec_scores": [0.9] * len(lines),
            "rec_boxes": [[min(x for x, _ in b), min(y for _, y in b), max(x for x, _ in b), max(y for _, y in b)]
                          for b, _ in lines]}


def paddle2(lines):
    return [[[box, [text, 0.97]] for box, text in lines]]  # one page


def rapid(lines):
    return [[box, text, 0.95] for box, text in lines]


def rapid_dicts(lines):
    return [{"box": box, "txt": text, "score": 0.95} for box, text in lines]


def rapid_output(lines):
    return {"boxes": [box for box, _ in lines], "txts": [text for _, text in lines], "scores": [0.95] * len(lines)}


SHAPES = [paddle3, paddle3_boxes, paddle2, rapid, rapid_dicts, rapid_output]


def read(document) -> str:
    return source_from_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"), "page.json").text


def printed_lines(text: str) -> list[str]:
    return [line.strip("\u3000") for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_engine_shape_gives_the_same_text(shape):
    assert printed_lines(read(shape(horizontal_lines(ROWS)))) == ROWS
    assert printed_lines(read(shape(vertical_lines(COLUMNS)))) == COLUMNS


@pytest.mark.parametrize("seed", range(20))
def test_property_vertical_columns_are_read_right_to_left_whatever_the_engines_order(seed):
    chooser = random.Random(seed)
    columns = chooser.sample(COLUMNS, chooser.randint(2, len(COLUMNS)))
    lines = vertical_lines(columns, right=chooser.randint(600, 2000), top=chooser.randint(0, 300),
                           em=chooser.randint(12, 40))
    chooser.shuffle(lines)
    assert printed_lines(read(rapid(lines))) == columns


@pytest.mark.parametrize("seed", range(10))
def test_property_a_horizontal_band_over_columns_reads_first_and_bands_top_to_bottom(seed):
    chooser = random.Random(seed)
    masthead = horizontal_lines(["晶報　民國九年四月三日　第二版"], left=300, top=20, headline=1.0)
    upper = vertical_lines(COLUMNS[:3], right=1000, top=100)
    lower = vertical_lines(COLUMNS[3:], right=1000, top=100 + EM * 16)  # a second band of columns under the first
    lines = masthead + upper + lower
    chooser.shuffle(lines)
    assert printed_lines(read(paddle3(lines))) == ["晶報　民國九年四月三日　第二版", *COLUMNS]


def test_a_headline_in_larger_type_reads_as_larger():
    source = source_from_bytes(json.dumps(paddle3(horizontal_lines(ROWS))).encode("utf-8"), "page.json")
    sizes = [size for size in source.type_sizes if size]
    assert sizes[0] > 1.5 and all(0.8 <= size <= 1.2 for size in sizes[1:])


@pytest.mark.parametrize("name, data, reason", [
    ("other.json", b'{"title": "not an engine", "items": [1, 2, 3]}', "不是已知的 OCR 引擎输出"),
    ("labels.json", b'[["a", "b"], ["c", "d"]]', "不是已知的 OCR 引擎输出"),
    ("broken.json", b'{"rec_texts": ["a"', "不是格式正确的 JSON"),
    ("empty.json", b'{"rec_texts": [], "rec_polys": []}', "没有识别出的文字"),
    ("tei.xml", b'<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>\xe6\x96\x87</p></body></text></TEI>',
     "不是 ALTO"),
])
def test_json_or_xml_of_no_known_format_is_refused_by_name(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    [files], problems = page_files(tmp_path)
    source, problems = read_page(files)
    assert source is None and len(problems) == 1
    assert problems[0].source_name == name and reason in problems[0].reason


def _alto(lines) -> bytes:
    """An ALTO page of vertical TextLines, one String a character (top to bottom), in the given order."""
    out = ['<?xml version="1.0" encoding="UTF-8"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout>'
           '<Page WIDTH="1200" HEIGHT="1600"><PrintSpace><TextBlock ID="b1">']
    for number, (box, text) in enumerate(lines):
        (x1, y1), (x2, y2) = box[0], box[2]
        out.append(f'<TextLine ID="l{number}" BASEDIRECTION="ttb" HPOS="{x1}" VPOS="{y1}" WIDTH="{x2 - x1}" HEIGHT="{y2 - y1}">')
        for index, char in enumerate(text):
            out.append(f'<String CONTENT="{char}" HPOS="{x1}" VPOS="{y1 + index * EM}" WIDTH="{x2 - x1}" HEIGHT="{EM}"/>')
        out.append("</TextLine>")
    out.append("</TextBlock></PrintSpace></Page></Layout></alto>")
    return "".join(out).encode("utf-8")


@pytest.mark.parametrize("seed", range(5))
def test_property_alto_of_vertical_print_reads_columns_right_to_left(seed):
    chooser = random.Random(seed)
    lines = vertical_lines(COLUMNS)
    chooser.shuffle(lines)
    assert printed_lines(source_from_bytes(_alto(lines), "page.xml").text) == COLUMNS


def read_character_boxes(rows, width: int = 700, height: int = 400) -> list[str]:
    """The text lines read from RapidOCR's JSON of printed rows, each row a list of
    the engine's lines, each line its characters as (text, left, right[, score])."""
    boxes, texts, chars = [], [], []
    for row, lines in enumerate(rows):
        top, bottom = 100 + 40 * row, 130 + 40 * row
        for line in lines:
            boxes.append([[line[0][1], top], [line[-1][2], top], [line[-1][2], bottom], [line[0][1], bottom]])
            texts.append("".join(char[0] for char in line))
            chars.append([[char[0], char[3] if len(char) > 3 else 0.99, [[char[1], top], [char[2], top], [char[2], bottom],
                                                                         [char[1], bottom]]] for char in line])
    document = {"boxes": boxes, "txts": texts, "scores": [0.99] * len(boxes), "chars": chars,
                "image": {"width": width, "height": height}}
    source = source_from_bytes(json.dumps(document, ensure_ascii=False).encode(), "page.json")
    return [line for line in source.text.split("\n") if line.strip()]


def set_at(text: str, left: float, advance: float = 32, size: float = 30) -> list[list]:
    """Characters of text set from `left`, each `size` wide, one every `advance`."""
    return [[char, left + advance * i, left + advance * i + size] for i, char in enumerate(text)]


def test_an_engine_line_run_across_a_column_gutter_is_cut_there_by_its_characters():
    """RapidOCR joins lines of two columns when the gutter is narrow; its
    character boxes show the gutter, and the columns are read one after the other."""
    left = ["第一栏第一行文字", "第一栏第二行文字", "第一栏第三行文字", "第一栏第四行文字"]
    right = ["第二栏第一行文字", "第二栏第二行文字", "第二栏第三行文字", "第二栏第四行文字"]
    rows = [[set_at(a, 10) + set_at(b, 10 + 32 * 8 + 40)] for a, b in zip(left, right)]
    assert read_character_boxes(rows) == left + right


@pytest.mark.parametrize("hung", [1, 2])
def test_a_mark_hung_past_a_column_into_its_gutter_does_not_join_the_columns(hung):
    """Chinese type may hang a line's closing mark past the column's edge, into
    the gutter, where its box can touch the next column's first character: no
    gap between the two lines' characters. The letters' gap is the gutter,
    and the columns are read one after the other."""
    left = ["第一栏第一行文字", "第一栏第二行文字，", "第一栏第三行文字", "第一栏第四行文字" + "，" * (hung - 1)]
    right = ["第二栏第一行文字", "第二栏第二行文字", "第二栏第三行文字", "第二栏第四行文字"]
    rows = []
    for a, b in zip(left, right):
        line = set_at(a, 10) + set_at(b, 306)  # a gutter of 12 + 32 px
        if a.endswith("，"):
            line[8][2] = 305  # the hung mark's box runs up to the next column's first character
        rows.append([line])
    assert read_character_boxes(rows) == left + right


@pytest.mark.parametrize("dots", ["··", "…", "……"])
def test_an_ellipsis_hung_into_the_gutter_does_not_join_the_columns(dots):
    """An ellipsis ending a column's line may hang into the gutter up to the next
    column's first character; engines read it as narrow dots (··). Like a
    full-width mark it closes its word: the columns are read one after the other."""
    left = ["第一栏第一行文字", "第一栏第二行文字" + dots, "第一栏第三行文字", "第一栏第四行文字"]
    right = ["第二栏第一行文字", "第二栏第二行文字", "第二栏第三行文字", "第二栏第四行文字"]
    rows = []
    for a, b in zip(left, right):
        line = set_at(a[:8], 10) + set_at(a[8:], 266, advance=20, size=19)  # narrow, up to the next column
        line[-1][2] = 305 if len(a) > 8 else line[-1][2]
        rows.append([line + set_at(b, 306)])
    assert read_character_boxes(rows) == left + right


def test_an_engines_character_of_several_letters_or_none_is_read():
    """RapidOCR's character results may hold several letters ("99", '",') or
    none: the line is read, not refused, and its text kept as the engine gave it."""
    texts = ["今年99个村通车", "他说\",好", "第三行文字"]
    pieces = [["今", "年", "99", "个", "村", "通", "车"], ["他", "说", "\",", "", "好"], list("第三行文字")]
    rows = [[[[item, 10 + 32 * i, 40 + 32 * i] for i, item in enumerate(items)]] for items in pieces]
    assert read_character_boxes(rows, width=400, height=300) == texts


def test_a_character_read_twice_where_two_lines_boxes_overlap_is_read_once():
    """The detector's boxes of a column's last line and of the next column's
    line beside it overlap over the first one's last character; the engine reads
    it twice, less surely the second time (站 | 占课”。). Read once, the second
    line is the next column's alone, and the columns are read one after the other."""
    left = ["第一栏第一行文字", "第一栏第二行文字", "第一栏第三行文字", "第一栏第四行站"]
    right = ["第二栏第一行文字", "第二栏第二行文字", "第二栏第三行文字", "课。"]
    rows = [[[[*char, 0.999] for char in set_at(a, 10)], [[*char, 0.999] for char in set_at(b, 306)]]
            for a, b in zip(left, right)]
    rows[3][1].insert(0, ["占", 224, 254, 0.95])  # the last line of column 1 ends at 232; a box over 224-… reads its 站 again
    assert read_character_boxes(rows) == left + right


@pytest.mark.parametrize("seed", range(12))
def test_property_each_line_of_the_text_stands_where_the_engine_saw_it(seed):
    """Source.lines follow the text, not the file: each line begins at its `start` in the text,
    and its box is the engine's, as a fraction of the page, vertical columns turned back."""
    chooser = random.Random(seed)
    width, height = 1400, 1200
    if seed % 2:
        lines = horizontal_lines(ROWS, left=chooser.randint(0, 300), top=chooser.randint(0, 300))
    else:
        lines = vertical_lines(chooser.sample(COLUMNS, chooser.randint(2, len(COLUMNS))),
                               right=chooser.randint(900, 1300), top=chooser.randint(0, 300))
    chooser.shuffle(lines)
    document = {**rapid_output(lines), "image": {"width": width, "height": height}}
    source = source_from_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"), "page.json", with_lines=True)
    boxes = {text: box for box, text in lines}
    assert sorted(line.text for line in source.lines) == sorted(boxes)
    assert [line.start for line in source.lines] == sorted(line.start for line in source.lines)
    for line in source.lines:
        assert source.text[line.start:].lstrip("\u3000").startswith(line.text)
        xs, ys = [x for x, _ in boxes[line.text]], [y for _, y in boxes[line.text]]
        expected = (min(xs) / width, min(ys) / height, max(xs) / width, max(ys) / height)
        assert (line.left, line.top, line.right, line.bottom) == pytest.approx(expected, abs=1e-4)


def _cleaned(document) -> tuple[str, list]:
    from build_tools.clean import clean_source

    source = source_from_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"), "page.json")
    cleaned = clean_source(replace(source, script="zh-Hant"))
    return cleaned.text, [change for change in cleaned.changes if change.rule == "read_vertical_commas"]


@pytest.mark.parametrize("seed", range(8))
def test_property_on_a_vertical_page_a_quote_between_words_is_the_comma_the_engine_misread(seed):
    """Vertical type sets its comma in the top right of the cell, which an engine reads as ’: on a page
    whose lines stand in columns that ’ is a comma, recorded; the same line printed across is left alone."""
    chooser = random.Random(seed)
    column = chooser.choice(COLUMNS)
    at = chooser.randint(2, len(column) - 3)
    misread = column[:at] + "’" + column[at:]
    text, changes = _cleaned(rapid(vertical_lines([COLUMNS[0], misread])))
    assert column[:at] + "，" + column[at:] in text and "’" not in text
    assert [(c.before, c.after) for c in changes] == [("’", "，")]
    across, changes = _cleaned(rapid(horizontal_lines(["锦州港新航线开通", "他说：‘新航线’开通了。"])))
    assert "‘新航线’" in across and changes == []


def test_property_a_vertical_page_without_misreads_is_left_as_printed():
    for seed in range(6):
        columns = random.Random(seed).sample(COLUMNS, 4)
        text, changes = _cleaned(rapid(vertical_lines(columns)))
        assert changes == [] and "".join(text.split()) == "".join(columns)


@pytest.mark.parametrize("seed", range(8))
def test_property_each_character_of_a_line_has_its_place_along_it(seed):
    """ScanLine.edges: a character's place along its line (x across, y down a column), from the engine's
    character boxes where it gives them, else the line shared evenly; the first edge the line's start,
    the last its end, never going back."""
    chooser = random.Random(seed)
    width, height = 1400, 1200
    vertical = seed % 2 == 0
    lines = vertical_lines(chooser.sample(COLUMNS, 3), right=1200) if vertical else horizontal_lines(ROWS)
    document = {**rapid_output(lines), "image": {"width": width, "height": height}}
    if not vertical:  # RapidOCR's own shape: each character's box
        document["chars"] = [[[char, 0.9, [[x0 + k * (x1 - x0) / len(text), y0], [x0 + (k + 1) * (x1 - x0) / len(text), y0],
                                            [x0 + (k + 1) * (x1 - x0) / len(text), y1], [x0 + k * (x1 - x0) / len(text), y1]]]
                              for k, char in enumerate(text)]
                             for ([[x0, y0], _, [x1, y1], _], text) in lines]
    source = source_from_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"), "page.json", with_lines=True)
    for line in source.lines:
        assert len(line.edges) == len(line.text) + 1, line
        assert list(line.edges) == sorted(line.edges)
        start, end = (line.top, line.bottom) if vertical else (line.left, line.right)
        assert line.edges[0] == pytest.approx(start, abs=1e-4) and line.edges[-1] == pytest.approx(end, abs=1e-4)
        if not vertical and " " not in line.text:  # evenly spaced characters: each edge where the engine put it
            step = (end - start) / len(line.text)
            assert all(edge == pytest.approx(start + k * step, abs=1e-3) for k, edge in enumerate(line.edges))


def _with_chars(lines):
    """RapidOCR's own shape: each line with its characters' boxes, set evenly along it."""
    document = rapid_output(lines)
    document["chars"] = [[[char, 0.9, [[x0 + k * (x1 - x0) / len(text), y0], [x0 + (k + 1) * (x1 - x0) / len(text), y0],
                                       [x0 + (k + 1) * (x1 - x0) / len(text), y1], [x0 + k * (x1 - x0) / len(text), y1]]]
                          for k, char in enumerate(text)] for ([[x0, y0], _, [x1, y1], _], text) in lines]
    return document


@pytest.mark.parametrize("scale", [1.0, 1.1, 1.2, 1.4])
def test_a_line_of_character_boxes_over_two_columns_is_cut_only_where_its_characters_leave_a_gap(scale):
    """A kicker set a little larger than the body over a story's two columns, under a band whose
    gutter it crosses: its characters stand shoulder to shoulder, so it is one line, whatever
    its size; the body lines beside each other in the band are two columns."""
    em, gutter = 20, 30
    left = ["甲乙丙丁戊己庚辛", "壬癸子丑寅卯辰巳", "午未申酉戌亥天地"]
    right = ["玄黄宇宙洪荒日月", "盈昃辰宿列张寒来", "暑往秋收冬藏闰余"]
    width = em * 8
    band = [([[50, 100 + n * 30], [50 + width, 100 + n * 30], [50 + width, 120 + n * 30], [50, 120 + n * 30]], text)
            for n, text in enumerate(left)]
    band += [([[50 + width + gutter, 100 + n * 30], [50 + 2 * width + gutter, 100 + n * 30],
               [50 + 2 * width + gutter, 120 + n * 30], [50 + width + gutter, 120 + n * 30]], text)
             for n, text in enumerate(right)]
    kicker = "李鹏主持讨论并原则通过中华人民共和国"
    size = em * scale
    x0 = 50 + (2 * width + gutter - size * len(kicker)) / 2
    head = [([[x0, 200], [x0 + size * len(kicker), 200], [x0 + size * len(kicker), 200 + size], [x0, 200 + size]], kicker)]
    text = source_from_bytes(json.dumps(_with_chars(band + head), ensure_ascii=False).encode("utf-8"), "page.json").text
    assert kicker in text.replace("\u3000", "")
    printed = printed_lines(text)
    assert printed.index(left[-1]) < printed.index(right[0])  # the band read column by column


@pytest.mark.parametrize("seed", range(8))
def test_property_a_headline_wrapped_onto_a_centred_second_line_is_one_title(seed):
    """A headline in large type, too long for its measure, goes on in a second line set centred under
    the first: that line is no indented paragraph, and the story's title is the whole headline."""
    from build_tools.clean import clean_source
    from build_tools.segment import segment

    chooser = random.Random(seed)
    em, measure = 20, 24
    headline = chooser.choice(["配套设施老掉牙纽约地铁蜗牛爬", "锦州港至东南亚集装箱新航线正式开通", "全省粮食入库达七十七亿公斤创新高"])
    split = chooser.randint(len(headline) // 2, len(headline) - 3)
    big = em * chooser.choice([1.8, 2.2, 2.6])
    first, second = headline[:split], headline[split:]
    left = 50
    rows = [([[left, 40], [left + big * len(first), 40], [left + big * len(first), 40 + big], [left, 40 + big]], first)]
    x = left + (big * len(first) - big * len(second)) / 2  # centred under the first
    y = 40 + big * 1.15
    rows.append(([[x, y], [x + big * len(second), y], [x + big * len(second), y + big], [x, y + big]], second))
    y += big * 1.6
    body = ["　　本报讯　锦州港今天开通一条新航线，连接东北亚多个港口，货运能", "力提升，港口负责人说，新航线将带动当地经济发展和对外开放。",
            "　　新航线每周一班，降低企业的物流成本，带动腹地企业出口增长。"]
    for text in body:
        width = em * len(text)
        rows.append(([[left, y], [left + width, y], [left + width, y + em], [left, y + em]], text))
        y += em * 1.5
    document = {**_with_chars(rows), "image": {"width": 1200, "height": int(y) + 50}}
    source = source_from_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"), "page.json")
    [story] = segment(clean_source(source))
    assert story.title == headline


def test_the_story_above_two_side_by_side_headlines_is_read_whole_before_them():
    """A story over four columns, then two stories side by side under it, each headline over two of
    the columns: the first story runs on from its second column to its third before the stories under
    it begin (no vertical gutter splits the page into halves read top to bottom)."""
    em, gap, top = 20, 30, 100
    width = em * 8  # a column of eight characters
    xs = [50 + k * (width + gap) for k in range(4)]
    full = xs[3] + width - xs[0]
    rows = [([[xs[0], 40], [xs[0] + full, 40], [xs[0] + full, 40 + 2 * em], [xs[0], 40 + 2 * em]], "四国女足赛又战一轮中国队逼和美国队")]
    upper = ["甲乙丙丁戊己庚辛", "壬癸子丑寅卯辰巳", "午未申酉戌亥天地", "玄黄宇宙洪荒日月"]
    for k, text in enumerate(upper):  # one line a column, then a second line under each
        for n in range(2):
            y = top + n * 30
            rows.append(([[xs[k], y], [xs[k] + width, y], [xs[k] + width, y + em], [xs[k], y + em]], f"{text[:4]}{n}{text[5:]}"))
    y0 = top + 2 * 30 + 2 * em
    heads = [(xs[0], xs[1] + width, "上海十五万志愿者进社区"), (xs[2], xs[3] + width, "国务院召开常务会议")]
    for x1, x2, text in heads:
        rows.append(([[x1, y0], [x2, y0], [x2, y0 + 2 * em], [x1, y0 + 2 * em]], text))
    lower = ["盈昃辰宿列张寒来", "暑往秋收冬藏闰余", "成岁律吕调阳云腾", "致雨露结为霜金生"]
    for k, text in enumerate(lower):
        y = y0 + 3 * em
        rows.append(([[xs[k], y], [xs[k] + width, y], [xs[k] + width, y + em], [xs[k], y + em]], text))
    document = {**_with_chars(rows), "image": {"width": int(xs[3] + width + 60), "height": int(y0 + 6 * em)}}
    printed = [line.replace("\u3000", "") for line in printed_lines(
        source_from_bytes(json.dumps(document, ensure_ascii=False).encode("utf-8"), "page.json").text)]
    upper_rows = [line for line in printed if line[4] in "01" and len(line) == 8]
    assert len(upper_rows) == 8
    last_upper = max(printed.index(line) for line in upper_rows)
    assert last_upper < printed.index("上海十五万志愿者进社区") < printed.index(lower[0]) < printed.index("国务院召开常务会议")
