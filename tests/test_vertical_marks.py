"""Marks RapidOCR drops from vertical print (ocr.with_dropped_marks): a cell
its character boxes leave empty is read from the image, 。 (a ring) and 、 (a
tick) put in, anything else left out.

The cells are drawn here with Pillow and Noto CJK TC (fonts-noto-cjk, which
`make test` installs) in Unicode's vertical forms (︒ ︑ ︵ ﹁), as vertical type
sets them; the pages' end to end test runs the real engine.
"""

from __future__ import annotations

import io
import json
import random
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
from vertical_pages import VERTICAL_FORMS, font  # noqa: E402

from build_tools.ingest import source_from_image  # noqa: E402
from build_tools.layout import read_engine_json  # noqa: E402
from build_tools.ocr import Recognition, with_dropped_marks  # noqa: E402

pytestmark = pytest.mark.skipif(not Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc").exists(),
                                reason="fonts-noto-cjk: `make test` installs it")

CELL = 40
WORDS = "報紙檔案館藏民國九年上海晶報社會新聞商業消息文藝副刊"


def _column(glyphs: str, seed: int):
    """One column: each glyph in its own cell; a document as RapidOCR writes it
    whose characters are the column's Han characters (the marks left out, as
    the engine leaves them) with their cells' boxes; the PNG's bytes."""
    from PIL import Image, ImageDraw

    face = font("Serif", False, CELL)
    left, top = 60, 40
    image = Image.new("L", (left * 2 + CELL, top * 2 + CELL * len(glyphs)), 250)
    draw = ImageDraw.Draw(image)
    chars = []
    ink = draw.textbbox((left, top), "國", font=face)  # where a cell's ink stands: Pillow sets type below its y
    shift = (ink[1] + ink[3]) / 2 - (top + CELL / 2)
    for row, glyph in enumerate(glyphs):
        draw.text((left, top + row * CELL - shift), glyph.translate(VERTICAL_FORMS), font=face, fill=20)
        if re.match(r"\w", glyph):
            y0, y1 = top + row * CELL + 1, top + (row + 1) * CELL - 1
            chars.append([glyph, 0.99, [[left, y0], [left + CELL, y0], [left + CELL, y1], [left, y1]]])
    grain = random.Random(seed)  # a little paper grain, as scans have
    for _ in range(image.width * image.height // 400):
        draw.point((grain.randrange(image.width), grain.randrange(image.height)), fill=grain.randrange(170, 235))
    bottom = top + CELL * len(glyphs)
    text = "".join(char for char, _, _ in chars)
    document = {"boxes": [[[left, top], [left + CELL, top], [left + CELL, bottom], [left, bottom]]],
                "txts": [text], "scores": [0.99], "chars": [chars], "image": {"width": image.width, "height": image.height}}
    out = io.BytesIO()
    image.save(out, "PNG")
    return document, out.getvalue()


def _read(glyphs: str, seed: int = 0) -> str:
    document, png = _column(glyphs, seed)
    reading = Recognition(json.dumps(document, ensure_ascii=False).encode("utf-8"), ".json", 1, 1, "0" * 64, "test")
    page = read_engine_json(with_dropped_marks(png, reading).data)
    return "".join(line.text for block in page.blocks for line in block.lines)


@pytest.mark.parametrize("seed", range(12))
def test_property_a_full_stop_or_enumeration_comma_in_an_empty_cell_is_put_back(seed):
    chooser = random.Random(seed)
    words = [WORDS[i:i + chooser.randint(2, 4)] for i in chooser.sample(range(len(WORDS) - 4), 4)]
    marks = [chooser.choice("。、") for _ in words]
    printed = "".join(word + mark for word, mark in zip(words, marks))
    assert _read(printed, seed) == printed


@pytest.mark.parametrize("glyph", ["（", "『", "—", "　", "；"])
def test_any_other_cell_is_left_as_the_engine_left_it(glyph):
    """A bracket, a quotation mark, a dash, a blank cell, a semicolon: no mark put in (in doubt, none)."""
    printed = f"上海晶報{glyph}社會新聞"
    assert _read(printed) == "上海晶報社會新聞"


def test_a_horizontal_reading_is_not_looked_at():
    reading = Recognition(json.dumps({"boxes": [[[0, 0], [400, 0], [400, 40], [0, 40]]], "txts": ["上海晶報"],
                                      "scores": [1.0], "chars": [[]]}).encode(), ".json", 400, 40, "0" * 64, "test")
    assert with_dropped_marks(b"not an image: never decoded", reading) is reading


def test_a_vertical_page_read_by_rapidocr_keeps_its_full_stops_and_enumeration_commas(tmp_path):
    """The real engine on a drawn page of three columns: every 。 and 、 printed is in the text, no other."""
    from PIL import Image, ImageDraw

    columns = ["民國九年四月三日上海電。商會", "決議、各業公所、一律照辦。", "晶報記者探得消息如左、以供"]
    face = font("Serif", False, 36)
    image = Image.new("L", (60 + 80 * len(columns), 80 + 36 * max(map(len, columns))), 250)
    draw = ImageDraw.Draw(image)
    for index, column in enumerate(columns):  # right to left
        x = image.width - 60 - 80 * index
        for row, glyph in enumerate(column.translate(VERTICAL_FORMS)):
            draw.text((x, 40 + row * 36), glyph, font=face, fill=20)
    out = io.BytesIO()
    image.save(out, "PNG")
    source = source_from_image(out.getvalue(), "page.png")
    printed = "".join(columns)
    assert [m for m in source.text if m in "。、"] == [m for m in printed if m in "。、"], source.text
