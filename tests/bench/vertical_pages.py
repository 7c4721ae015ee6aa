"""Pages of Traditional print set vertically, drawn from text we may commit, for `make bench-ocr`.

Most Chinese newspapers ever printed are Traditional and set in columns
(every paper before the 1950s; Taiwan's and Hong Kong's to this day). These
pages are drawn with Pillow and Noto CJK TC the way such a paper sets a page:
columns read top to bottom, right to left; a story's headline a column of
larger bold type at its right; a paragraph opens a new column, indented two
characters; punctuation in its vertical forms (︐︒「」 turned: the Unicode
presentation forms, which is what the type shows); a story too long for its
band goes on in the band below, under a rule.

Two sets, different in their source of text and in their layout family:

- **tuning**: reports of 人民日报 1998 (the corpus the rules were written on),
  converted with OpenCC s2t; one story a page, one band, Serif;
- **held out**: the held-out corpora (official texts, the other desks, a local
  paper: tests/bench/articles.py), converted with s2twp (Taiwan's forms and
  words) or s2hk; two stories a page side by side, bands, a date line across
  the top (民國 years), Sans or Serif.

Each page's truth is what `python -m build_tools clean` should print of it
(title, decks, then the paragraphs; horizontal punctuation, as the text
holds it), as ocr_pages.py writes it for the horizontal pages.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
from pathlib import Path

from articles import HELD_OUT, TUNING, load
from ocr_pages import expected_text

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / "build" / "bench-ocr-vertical"
RENDERER_VERSION = "1"
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
# Punctuation as vertical type sets it (Unicode's vertical presentation forms).
VERTICAL_FORMS = str.maketrans({
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖", "「": "﹁", "」": "﹂",
    "『": "﹃", "』": "﹄", "（": "︵", "）": "︶", "《": "︽", "》": "︾", "〈": "︿", "〉": "﹀", "—": "︱", "…": "︙",
    "“": "﹁", "”": "﹂", "‘": "﹃", "’": "﹄", "【": "︻", "】": "︼",
})
WEEKDAYS = "一二三四五六日"


@functools.cache
def _face_index(family: str, bold: bool) -> tuple[str, int]:
    from PIL import ImageFont

    path = FONT_DIR / f"Noto{family}CJK-{'Bold' if bold else 'Regular'}.ttc"
    for index in range(12):
        name = ImageFont.truetype(str(path), 16, index=index).getname()[0]
        if name.endswith("CJK TC") and "Mono" not in name:
            return str(path), index
    raise RuntimeError(f"{path}: no Noto CJK TC face; install fonts-noto-cjk")


def font(family: str, bold: bool, size: int):
    from PIL import ImageFont

    path, index = _face_index(family, bold)
    return ImageFont.truetype(path, size, index=index)


@functools.cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(f"{config}.json")


def convert(text: str, config: str) -> str:
    return _converter(config).convert(text)


def columns_of(text: str, height: int, indent: bool) -> list[str]:
    """A paragraph's columns of `height` characters, the first indented two."""
    text = ("\u3000\u3000" if indent else "") + text
    return [text[i:i + height] for i in range(0, len(text), height)] or [""]


def plan(which: str, pages: int, seed: int) -> list[dict]:
    """The pages of a set: each its stories (title, decks, paragraphs, in its script) and its layout."""
    rng = random.Random(f"{which}:{seed}")
    corpora = TUNING if which == "tuning" else HELD_OUT
    pool = [article for corpus in corpora for article in load(corpus)
            if 2 <= len(article.paragraphs) and 200 <= sum(map(len, article.paragraphs)) <= 1400]
    rng.shuffle(pool)
    specs = []
    for number in range(pages):
        count = 1 if which == "tuning" else 2
        chosen, pool = pool[:count], pool[count:]
        if len(chosen) < count:
            break
        config = "s2t" if which == "tuning" else rng.choice(("s2twp", "s2hk"))
        stories = [{"title": convert(a.title, config), "decks": [convert(d, config) for d in a.decks],
                    "paragraphs": [convert(p, config) for p in a.paragraphs][:6]} for a in chosen]
        year = rng.randint(60, 114)
        specs.append({
            "id": f"v{which[0]}{number:03d}", "stories": stories, "config": config,
            "family": "Serif" if which == "tuning" else rng.choice(("Serif", "Sans")),
            "size": rng.randint(26, 34), "height": rng.randint(18, 28) if which == "tuning" else rng.randint(14, 22),
            "band_columns": 40 if which == "tuning" else rng.randint(14, 22),
            "dateline": "" if which == "tuning" else
            f"中華民國{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日　星期{rng.choice(WEEKDAYS)}　第{rng.randint(2, 16)}版",
        })
    return specs


def render(spec: dict, path: Path) -> None:
    """Draw the page: bands of columns, right to left; stories side by side, a rule between them."""
    from PIL import Image, ImageDraw

    size, height = spec["size"], spec["height"]
    body, head, deck = font(spec["family"], False, size), font(spec["family"], True, int(size * 1.5)), \
        font(spec["family"], False, int(size * 1.15))
    gap = int(size * 2.5)  # between two stories, a rule in it

    def pitch(glyph: int) -> int:  # a column's width: its type and a gutter of most of a character
        return glyph + int(size * 0.9)
    # every column of the page, right to left: (face, its size, text); None: the rule between two stories
    columns: list[tuple | None] = []
    for index, story in enumerate(spec["stories"]):
        if index:
            columns.append(None)
        for face, scale, text in ((head, 1.5, story["title"]), *((deck, 1.15, d) for d in story["decks"])):
            fits = int(height / scale)  # characters of this type a column holds
            columns += [(face, int(size * scale), text[i:i + fits]) for i in range(0, len(text), fits)]
        for paragraph in story["paragraphs"]:
            columns += [(body, size, text) for text in columns_of(paragraph, height, True)]
    bands = [columns[i:i + spec["band_columns"]] for i in range(0, len(columns), spec["band_columns"])]
    margin = size * 2
    top = margin + (int(size * 2.2) if spec["dateline"] else 0)
    band_height = size * height + size * 2
    width = margin * 2 + max(sum(gap if column is None else pitch(column[1]) for column in band) for band in bands)
    image = Image.new("L", (width, top + band_height * len(bands) + margin), 250)
    draw = ImageDraw.Draw(image)
    if spec["dateline"]:
        draw.text((margin, margin), spec["dateline"], font=body, fill=20)
        draw.line((margin, top - size // 2, width - margin, top - size // 2), fill=40, width=2)
    for band_index, band in enumerate(bands):
        y0 = top + band_index * band_height
        if band_index:
            draw.line((margin, y0 - size // 2, width - margin, y0 - size // 2), fill=40, width=2)
        x = width - margin
        for column in band:
            if column is None:
                x -= gap
                draw.line((x + gap // 2, y0, x + gap // 2, y0 + band_height - size), fill=60, width=1)
                continue
            face, glyph, text = column
            x -= pitch(glyph)
            for row, char in enumerate(text.translate(VERTICAL_FORMS)):
                draw.text((x + (pitch(glyph) - glyph) // 2, y0 + row * glyph), char, font=face, fill=20)
    grain = random.Random(spec["id"])
    for _ in range(width * image.height // 2000):
        draw.point((grain.randrange(width), grain.randrange(image.height)), fill=grain.randrange(120, 220))
    image.save(path)


def truth(spec: dict) -> dict:
    stories = [{"title": s["title"], "decks": s["decks"], "bylines": [],
                "blocks": [{"kind": "paragraph", "text": p} for p in s["paragraphs"]]} for s in spec["stories"]]
    return {"page": spec["id"], "layout": f"vertical-{spec['family'].lower()}-{len(spec['stories'])}story"
            + ("-dateline" if spec["dateline"] else "") + f"-{spec['config']}",
            "stories": stories, "expected": expected_text(stories), "renderer": RENDERER_VERSION}


def ensure_pages(which: str, pages: int, seed: int = 2026) -> list[Path]:
    """Each page of the set drawn (cached by its spec and the renderer), with its truth.json."""
    folders = []
    for spec in plan(which, pages, seed):
        digest = hashlib.sha256(json.dumps([RENDERER_VERSION, spec], ensure_ascii=False).encode()).hexdigest()[:16]
        folder = CACHE / which / f"{spec['id']}-{digest}"
        if not (folder / "truth.json").is_file():
            folder.mkdir(parents=True, exist_ok=True)
            render(spec, folder / "page.png")
            (folder / "truth.json").write_text(json.dumps(truth(spec), ensure_ascii=False, indent=1), encoding="utf-8")
        folders.append(folder)
    return folders
