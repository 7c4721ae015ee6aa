"""Page images of real news text in varied layouts, read by Tesseract.

Reports of `data/news_rmrb199801.jsonl` are set with Pillow and the Noto CJK
fonts the way a Chinese paper sets them (2-5 columns of 8-20 characters, a
masthead and its date line, headlines spanning the columns or set in the
first, decks, pictures with captions, several short reports on a page, scan
noise), then read by `tesseract IMG BASE -l chi_sim --psm 3 txt alto hocr`.
Each page's truth (furniture, stories, blocks in reading order, the expected
cleaned text) is written next to the OCR output. Everything is deterministic
(seeded) and cached under build/bench-ocr/<spec hash>/, keyed on the page spec,
the articles' text and RENDERER_VERSION: a rerun reuses earlier OCR.

    .venv/bin/python tests/bench/ocr_pages.py [--pages 160] [--seed 1998] [--jobs 2]
    .venv/bin/python tests/bench/ocr_pages.py --export a0123-s1=two_col   # copy a page to tests/fixtures/ocr/

Every single-report article is scanned twice (ids aNNNN-s1, aNNNN-s2: other
layout, other font, other noise); pages mNNN hold 2-3 short reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from news_corpus import load  # noqa: E402

RENDERER_VERSION = "5"
CACHE = ROOT / "build" / "bench-ocr"
FIXTURES = ROOT / "tests" / "fixtures" / "ocr"
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FAMILY_FILES = {"serif": "NotoSerifCJK", "sans": "NotoSansCJK"}
PAPERS = ("人民日报", "光明日报", "锦州日报", "新华日报", "南方日报", "经济日报", "解放日报", "大众日报")
SECTIONS = ("要闻", "国内新闻", "国际新闻", "综合新闻", "经济新闻", "社会")
WEEKDAYS = "一二三四五六日"
TESSERACT = ("tesseract", "--dpi", "300", "-l", "chi_sim", "--psm", "3")
# 避头尾: what may not open a line, what may not close one
NO_START = set("，。、；：？！”’）》」』】〕…%％,.;:!?)")
NO_END = set("“‘（《「『【〔(")
WHITE, INK = 255, 20


# ---------------------------------------------------------------- fonts

@functools.cache
def _sc_index(path: str) -> int:
    """The .ttc index of the Simplified Chinese face (found by its name, not assumed)."""
    from PIL import ImageFont
    for index in range(12):
        try:
            face = ImageFont.truetype(path, 16, index=index)
        except OSError:
            break
        name = face.getname()[0]
        if name.endswith("CJK SC") and "Mono" not in name:
            return index
    raise RuntimeError(f"{path}: no Noto CJK SC face; install fonts-noto-cjk")


@functools.cache
def font(family: str, bold: bool, size: int):
    from PIL import ImageFont
    path = str(FONT_DIR / f"{FAMILY_FILES[family]}-{'Bold' if bold else 'Regular'}.ttc")
    return ImageFont.truetype(path, size, index=_sc_index(path))


@functools.cache
def _advance(face, char: str) -> float:
    return face.getlength(char)


def width_of(text: str, face) -> float:
    return sum(_advance(face, c) for c in text)


def wrap(text: str, face, width: float, indent: float = 0.0) -> list[tuple[str, float]]:
    """Lines filled to `width` (first line indented), with 避头尾 and unbroken Latin/number runs.
    Returns (line text, x offset) pairs (drawing justifies them)."""
    lines: list[tuple[str, float]] = []
    current, used, avail, offset = "", 0.0, width - indent, indent
    for char in text:
        step = _advance(face, char)
        if used + step <= avail or not current:
            current, used = current + char, used + step
            continue
        if char in NO_START:  # hang the punctuation at the line end
            lines.append((current + char, offset))
            current, used, avail, offset = "", 0.0, width, 0.0
            continue
        carry = ""
        run = re.search(r"[0-9A-Za-z.,%]+$", current) if re.match(r"[0-9A-Za-z.%]", char) else None
        if run and run.start() > 0:
            carry = current[run.start():]
        elif current[-1] in NO_END and len(current) > 1:
            carry = current[-1]
        lines.append((current[:len(current) - len(carry)], offset))
        current = carry + char
        used, avail, offset = width_of(current, face), width, 0.0
    if current:
        lines.append((current, offset))
    return lines


# ---------------------------------------------------------------- page specs

def weekday(date: str) -> str:
    return WEEKDAYS[dt.date.fromisoformat(date).weekday()]


def date_lines(date: str, page: int, total: int, form: int) -> list[str]:
    """The date line(s) under or beside the masthead, in one of five forms."""
    d = dt.date.fromisoformat(date)
    ymd = f"{d.year}年{d.month}月{d.day}日"
    week = f"星期{weekday(date)}"
    return [
        [f"{ymd} {week} 第{page}版"],
        [f"{ymd} 第{page}版"],
        [f"{ymd} {week} {page}版"],
        [f"{ymd} {week} 今日{total}版"],
        [f"{ymd} {week}", f"第{page}版"],
    ][form]


def body_chars(article: dict) -> int:
    return sum(len(p) for p in article["paragraphs"])


def _layout_dims(rng: random.Random, chars: int, avoid: dict | None = None) -> dict:
    """Columns, characters a line and body size: 8-60 lines a column (short
    reports cannot fill five columns of twenty characters)."""
    choices = [2, 3, 4, 5]
    rng.shuffle(choices)
    for cols in choices:
        low = max(8, int(chars * 1.12 / (60 * cols - 6)) + 1)
        high = min(20, int(chars * 1.12 / (8 * cols - 6)))
        options = [n for n in range(low, high + 1) if not (avoid and cols == avoid["cols"] and abs(n - avoid["chars"]) < 3)]
        if options:
            return {"cols": cols, "chars": rng.choice(options), "body_px": rng.randint(20, 28)}
    return {"cols": 2, "chars": 8, "body_px": rng.randint(20, 28)}


def _noise(rng: random.Random) -> dict:
    if rng.random() < 0.5:
        return {}
    noise = {}
    while not noise:
        if rng.random() < 0.5:
            noise["rotate"] = round(rng.uniform(0.1, 0.5) * rng.choice((-1, 1)), 2)
        if rng.random() < 0.5:
            noise["blur"] = round(rng.uniform(0.4, 1.0), 2)
        if rng.random() < 0.4:
            noise["speckle"] = round(rng.uniform(0.0005, 0.003), 4)
        if rng.random() < 0.5:
            noise["jpeg"] = rng.randint(35, 75)
    return noise


def _furniture(rng: random.Random, issue: str) -> dict:
    total = rng.choice((4, 8, 12, 16))
    form = rng.randrange(5)
    page = 1 if form == 3 else rng.randint(1, total)
    return {
        "paper": rng.choice(PAPERS),
        "date": issue,
        "page": page,
        "date_form": form,
        "total": total,
        "masthead_align": rng.choice(("left", "center")),
        "date_pos": rng.choice(("under", "beside")),
        "header": rng.choice(SECTIONS) if rng.random() < 0.4 else None,
    }


def _story_style(rng: random.Random, article: dict, headline: str) -> dict:
    title = article["title"]
    split = None
    if rng.random() < 0.6 and ("，" in title or len(title) >= 12):
        split = _split_point(title)
    return {
        "article": article["id"],
        "headline": headline,
        "title_scale": round(rng.uniform(1.6, 2.4), 2),
        "title_align": rng.choice(("center", "left")),
        "deck_pos": rng.choice(("above", "below")),
        "deck_bold": rng.random() < 0.5,
        "split_title": split,
    }


def _split_point(title: str) -> int | None:
    """Where a title splits into two printed phrases: at its comma; or, where the
    corpus ran a title and its second line together (我驻南非大使馆开馆钱其琛揭牌并讲话),
    before a name, place, organisation or time word that opens a second clause
    (jieba's tags: a verb on both sides), nearest the middle; None if nowhere."""
    if "，" in title:
        at = title.index("，")
        return at if 3 <= at <= len(title) - 4 else None
    import jieba.posseg
    tokens = jieba.posseg.lcut(title)
    verbs = {"v", "vi", "vd"}
    points, pos = [], 0
    for n, token in enumerate(tokens):
        left, right = tokens[:n], tokens[n:]
        if (5 <= pos <= len(title) - 5 and token.flag in ("nr", "ns", "nt", "t") and len(token.word) >= 2
                and left[-1].flag not in ("p", "m", "c", "u", "f", "q", "r")
                and (left[-1].flag != "v" or token.flag in ("nr", "t"))
                and any(t.flag in verbs for t in left) and any(t.flag in verbs for t in right)
                and title[:pos].count("《") == title[:pos].count("》")
                and title[:pos].count("“") == title[:pos].count("”")):
            points.append(pos)
        pos += len(token.word)
    return min(points, key=lambda b: abs(b - len(title) / 2)) if points else None


def _picture(rng: random.Random, article: dict, cols: int) -> dict | None:
    if rng.random() >= 0.3:
        return None
    # a sentence of a longer paragraph (a caption equal to a whole paragraph would be a repeat)
    sentences = [s for p in article["paragraphs"][1:] for s in re.findall("[^。！？]*[。！？]", p)
                 if 12 <= len(s) <= 40 and len(p) >= 2 * len(s) and not s.startswith(("“", "”"))]
    if not sentences:
        return None
    caption = rng.choice(sentences) + ("（新华社发）" if rng.random() < 0.4 else "")
    mode = "top" if cols >= 2 and rng.random() < 0.5 else "flow"
    return {
        "mode": mode,
        "col": rng.randint(1, cols - 1) if mode == "top" else None,
        "after": rng.randint(1, max(1, len(article["paragraphs"]) - 1)),
        "lines": rng.randint(5, 9),
        "grey": rng.randint(150, 215),
        "caption": caption,
    }


def plan(pages: int = 160, seed: int = 1998) -> list[dict]:
    """Page specs: two scans of each of the single-report articles, plus multi-report pages."""
    articles = load()
    rng = random.Random(seed)
    n_multi = max(1, round(pages / 8)) if pages >= 4 else 0
    n_single = max(1, (pages - n_multi) // 2)
    singles = [a for a in articles if 200 <= body_chars(a) <= 1400]
    rng.shuffle(singles)
    chosen = singles[:n_single]
    used = {a["id"] for a in chosen}
    shorts = [a for a in articles if a["id"] not in used and body_chars(a) <= 650]
    rng.shuffle(shorts)
    specs = []
    for article in sorted(chosen, key=lambda a: a["id"]):
        first = None
        for scan in (1, 2):
            prng = random.Random(f"{seed}:{article['id']}:{scan}")
            dims = _layout_dims(prng, body_chars(article), avoid=first)
            family = prng.choice(("serif", "sans")) if first is None else ("sans" if first["font"] == "serif" else "serif")
            headline = "span" if prng.random() < 0.75 else "col"
            spec = {
                "id": f"{article['id']}-s{scan}",
                "articles": [article["id"]],
                "layout": {
                    **dims, "font": family,
                    "gutter": round(prng.uniform(1.0, 2.0), 2),
                    "leading": round(prng.uniform(1.4, 1.7), 2),
                    "para_gap": prng.choice((0.0, 0.0, 0.3)),
                    "col_rules": prng.random() < 0.4,
                    "multi": None,
                },
                "stories": [_story_style(prng, article, headline)],
                "picture": _picture(prng, article, dims["cols"]),
                "furniture": _furniture(prng, article["issue"]),
                "noise": _noise(prng),
            }
            specs.append(spec)
            first = first or {**dims, "font": family}
    for n in range(n_multi):
        prng = random.Random(f"{seed}:m{n}")
        count = prng.choice((2, 2, 3))
        group, shorts = shorts[:count], shorts[count:]
        if len(group) < 2:
            break
        cols = prng.choice((2, 3, 4, 5))
        arrangement = "bands" if cols < 2 * (count - 1) or prng.random() < 0.5 else "side"
        family = prng.choice(("serif", "sans"))
        specs.append({
            "id": f"m{n:03d}",
            "articles": [a["id"] for a in group],
            "layout": {
                "cols": cols, "chars": prng.randint(8, 16), "body_px": prng.randint(20, 28), "font": family,
                "gutter": round(prng.uniform(1.0, 2.0), 2),
                "leading": round(prng.uniform(1.4, 1.7), 2),
                "para_gap": prng.choice((0.0, 0.0, 0.3)),
                "col_rules": prng.random() < 0.4,
                "multi": arrangement,
            },
            "stories": [_story_style(prng, a, "span") for a in group],
            "picture": None,
            "furniture": _furniture(prng, group[0]["issue"]),
            "noise": _noise(prng),
        })
    return specs


def layout_id(spec: dict) -> str:
    lay = spec["layout"]
    parts = [f"{lay['cols']}col", lay["font"]]
    parts.append("multi-" + lay["multi"] if lay["multi"] else spec["stories"][0]["headline"] + "head")
    if spec["picture"]:
        parts.append("pic")
    if spec["noise"]:
        parts.append("noisy")
    return "-".join(parts)


def spec_hash(spec: dict, articles: dict[str, dict]) -> str:
    payload = json.dumps({"renderer": RENDERER_VERSION, "spec": spec,
                          "articles": [articles[a] for a in spec["articles"]]}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


# ---------------------------------------------------------------- layout

@dataclass
class Item:
    """One thing in a column: a line of text, a gap, or a picture with its caption."""
    kind: str  # "line" | "gap" | "figure"
    height: int
    text: str = ""
    face: object = None
    dx: float = 0.0
    block: int = -1  # index of the story block it belongs to
    first: bool = False  # the first line of its block
    keep: bool = False  # keep with the next item (headings)
    justify: bool = False  # a paragraph's line other than its last: set full width
    figure: dict = field(default_factory=dict)


class Canvas:
    """Drawing operations, collected first so the page height is known before drawing."""

    def __init__(self):
        self.ops: list[tuple] = []
        self.bottom = 0

    def text(self, x, y, text, face, justify_to: float | None = None):
        """A line of text; `justify_to`: spread its characters to fill this width."""
        spacing = 0.0
        if justify_to and len(text) > 1:
            spacing = max(0.0, (justify_to - width_of(text, face)) / (len(text) - 1))
        self.ops.append(("text", x, y, text, face, spacing))
        self.bottom = max(self.bottom, y + face.size * 1.3)

    def rect(self, box, fill, outline=None):
        self.ops.append(("rect", box, fill, outline))
        self.bottom = max(self.bottom, box[3])

    def line(self, xy, width):
        self.ops.append(("line", xy, width))
        self.bottom = max(self.bottom, xy[3])

    def draw(self, width: int, height: int):
        from PIL import Image, ImageDraw
        image = Image.new("L", (width, height), WHITE)
        pen = ImageDraw.Draw(image)
        for op in self.ops:
            if op[0] == "text":
                _, x, y, text, face, spacing = op
                if not spacing:
                    pen.text((round(x), round(y)), text, font=face, fill=INK)
                    continue
                for char in text:
                    pen.text((round(x), round(y)), char, font=face, fill=INK)
                    x += _advance(face, char) + spacing
            elif op[0] == "rect":
                _, box, fill, outline = op
                pen.rectangle([round(v) for v in box], fill=fill, outline=outline, width=2)
            else:
                _, xy, w = op
                pen.line([round(v) for v in xy], fill=INK, width=w)
        return image


def flow(items: list[Item], cols: int, reserved: dict[int, int], step: int) -> tuple[int, list[tuple[int, int]]]:
    """Place items column by column; the smallest column height that holds them all.
    Returns (height, [(column, y) per item])."""
    total = sum(i.height for i in items) + sum(reserved.values())
    height = max(step, total // cols)
    while True:
        places, ok = [], True
        col, y = 0, reserved.get(0, 0)
        for n, item in enumerate(items):
            need = item.height + (items[n + 1].height if item.keep and n + 1 < len(items) else 0)
            if item.kind == "gap" and y == reserved.get(col, 0):
                places.append((col, y))  # no gap at a column head
                continue
            if y + need > height and y > reserved.get(col, 0):
                col += 1
                if col >= cols:
                    ok = False
                    break
                y = reserved.get(col, 0)
                if item.kind == "gap":
                    places.append((col, y))
                    continue
            places.append((col, y))
            y += item.height
        if ok and all(it.kind == "gap" or y_ + it.height <= height for (_, y_), it in zip(places, items)):
            return height, places
        height += step


class Page:
    def __init__(self, spec: dict, articles: dict[str, dict]):
        self.spec, self.articles = spec, articles
        lay = spec["layout"]
        self.s = lay["body_px"]
        self.family = lay["font"]
        self.body = font(self.family, False, self.s)
        self.line_h = round(self.s * lay["leading"])
        self.col_w = lay["chars"] * self.s
        self.gutter = round(self.s * lay["gutter"])
        self.margin = 3 * self.s
        self.width = 2 * self.margin + lay["cols"] * self.col_w + (lay["cols"] - 1) * self.gutter
        self.canvas = Canvas()

    # furniture ---------------------------------------------------------
    def furniture(self) -> tuple[float, list[str]]:
        f, s, c = self.spec["furniture"], self.s, self.canvas
        printed = []
        mast = font(self.family, True, round(s * 3.4))
        small = font(self.family, False, round(s * 0.9))
        y = self.margin
        name_w = width_of(f["paper"], mast)
        x = self.margin if f["masthead_align"] == "left" else (self.width - name_w) / 2
        c.text(x, y, f["paper"], mast)
        printed.append(f["paper"])
        lines = date_lines(f["date"], f["page"], f["total"], f["date_form"])
        if f["date_pos"] == "beside":
            ly = y + mast.size * 0.35
            for line in lines:
                c.text(self.width - self.margin - width_of(line, small), ly, line, small)
                ly += small.size * 1.5
            y += mast.size * 1.4
        else:
            y += mast.size * 1.35
            for line in lines:
                lx = self.margin if f["masthead_align"] == "left" else (self.width - width_of(line, small)) / 2
                c.text(lx, y, line, small)
                y += small.size * 1.5
        printed.extend(lines)
        y += s * 0.4
        c.line((self.margin, y, self.width - self.margin, y), 4)
        y += s * 0.8
        if f["header"]:
            head = font(self.family, True, round(s * 1.1))
            c.text(self.margin, y, f["header"], head)
            printed.append(f["header"])
            y += head.size * 1.5
            c.line((self.margin, y, self.width - self.margin, y), 2)
            y += s * 0.8
        return y, printed

    # a story's parts -----------------------------------------------------
    def _title_text(self, story: dict, article: dict) -> tuple[str, list[str]]:
        """The title as printed (a split title's halves joined by one space) and its printed pieces."""
        title, at = article["title"], story["split_title"]
        if at is None:
            return title, [title]
        left, right = title[:at], title[at:].lstrip("，")
        return f"{left} {right}", [left, right]

    def header_lines(self, story: dict, article: dict, width: float, scale: float | None = None):
        """(kind, text, face, lines) for the title and decks, in printed order."""
        s = self.s
        title, pieces = self._title_text(story, article)
        size = round(s * (scale or story["title_scale"]))
        face = font(self.family, True, size)
        gap = "\u3000" * 2
        if len(pieces) == 2 and width_of(gap.join(pieces), face) <= width:
            title_lines = [(gap.join(pieces), 0.0)]
        elif len(pieces) == 2:  # one half a line, wrapped if need be
            size = max(min(size, int(width / max(len(p) for p in pieces))), round(s * 1.3))
            face = font(self.family, True, size)
            title_lines = [ln for p in pieces for ln in wrap(p, face, width)]
        else:
            while size > round(s * 1.3) and width_of(title, face) > width:
                size -= 1
                face = font(self.family, True, size)
            if width_of(title, face) > width:  # two balanced lines at the larger size
                face = font(self.family, True, round(s * (scale or story["title_scale"])))
                title_lines = wrap(title, face, min(width, width_of(title, face) / 2 + face.size * 1.5))
            else:
                title_lines = [(title, 0.0)]
        deck_face = font(self.family, story["deck_bold"], round(s * 1.2))
        decks = [(d, wrap(d, deck_face, width)) for d in article["decks"]]
        parts = [("title", title, face, title_lines)]
        for text, lines in decks:
            part = ("deck", text, deck_face, lines)
            parts.insert(0, part) if story["deck_pos"] == "above" else parts.append(part)
        return parts

    def body_items(self, article: dict, picture: dict | None, first_block: int) -> tuple[list[Item], list[dict]]:
        """Items for the body and the blocks they belong to (truth, in printed order)."""
        s, items, blocks = self.s, [], []
        bold = font(self.family, True, self.s)
        gap = round(s * self.spec["layout"]["para_gap"])
        paragraphs = article["paragraphs"]
        for n, text in enumerate(paragraphs):
            index = first_block + len(blocks)
            if n > 0 and len(text) <= 16 and not re.search("[。！？：；，]", text) and n + 1 < len(paragraphs):
                blocks.append({"kind": "subhead", "text": text})  # a real short line promoted to a subhead
                items.append(Item("gap", round(s * 0.5)))
                for k, (line, _) in enumerate(wrap(text, bold, self.col_w)):
                    items.append(Item("line", self.line_h, line, bold, (self.col_w - width_of(line, bold)) / 2,
                                      index, k == 0, keep=True))
                continue
            blocks.append({"kind": "paragraph", "text": text})
            if gap and n:
                items.append(Item("gap", gap))
            lines = wrap(text, self.body, self.col_w, indent=2 * s)
            for k, (line, dx) in enumerate(lines):
                items.append(Item("line", self.line_h, line, self.body, dx, index, k == 0,
                                  justify=k + 1 < len(lines)))
            if picture and picture["mode"] == "flow" and n + 1 == picture["after"]:
                blocks.append({"kind": "caption", "text": picture["caption"]})
                items.append(self.figure_item(picture, first_block + len(blocks) - 1))
        return items, blocks

    def figure_item(self, picture: dict, block: int, room: float | None = None) -> Item:
        """The grey picture box and its caption; `room`: at most this tall (a box of 3 lines at least)."""
        s = self.s
        cap_face = font(self.family, False, round(s * 0.85))
        caption = wrap(picture["caption"], cap_face, self.col_w)
        lines = picture["lines"]
        if room is not None:
            caption_h = round(s * 0.4) + len(caption) * round(cap_face.size * 1.45) + round(s * 0.6)
            lines = max(3, min(lines, int((room - caption_h) / self.line_h)))
        box_h = lines * self.line_h
        height = box_h + round(s * 0.4) + len(caption) * round(cap_face.size * 1.45) + round(s * 0.6)
        return Item("figure", height, block=block, first=True,
                    figure={"box_h": box_h, "grey": picture["grey"], "face": cap_face, "lines": caption})

    def draw_item(self, item: Item, x: float, y: float):
        c = self.canvas
        if item.kind == "line":
            c.text(x + item.dx, y + (self.line_h - item.face.size) / 2, item.text, item.face,
                   justify_to=self.col_w - item.dx if item.justify else None)
        elif item.kind == "figure":
            fig = item.figure
            c.rect((x, y + self.s * 0.3, x + self.col_w, y + fig["box_h"]), fig["grey"], outline=90)
            ly = y + fig["box_h"] + self.s * 0.4
            for line, _ in fig["lines"]:
                c.text(x, ly, line, fig["face"])
                ly += round(fig["face"].size * 1.45)

    # a story in a region of columns ------------------------------------------
    def story(self, story: dict, x0: float, y0: float, cols: int) -> tuple[float, dict]:
        article = self.articles[story["article"]]
        s, c = self.s, self.canvas
        region_w = cols * self.col_w + (cols - 1) * self.gutter
        picture = self.spec["picture"] if story is self.spec["stories"][0] else None
        blocks: list[dict] = []
        head_items: list[Item] = []
        y = y0
        if story["headline"] == "span":
            for kind, text, face, lines in self.header_lines(story, article, region_w):
                blocks.append({"kind": kind, "text": text})
                for line, dx in lines:
                    lw = width_of(line, face)
                    lx = x0 + (dx if story["title_align"] == "left" else (region_w - lw) / 2)
                    c.text(lx, y, line, face)
                    y += face.size * 1.35
                y += s * 0.3
            y += s * 0.6
        else:  # the headline set in the first column only
            scale = min(story["title_scale"], 1.7)
            for kind, text, face, lines in self.header_lines(story, article, self.col_w, scale=scale):
                blocks.append({"kind": kind, "text": text})
                for k, (line, dx) in enumerate(lines):
                    head_items.append(Item("line", round(face.size * 1.35), line, face, dx,
                                           len(blocks) - 1, k == 0, keep=True))
                head_items.append(Item("gap", round(s * 0.4), keep=True))
        body, body_blocks = self.body_items(article, picture, len(blocks))
        blocks.extend(body_blocks)
        items = head_items + body
        reserved = {}
        top_fig = None
        if picture and picture["mode"] == "top" and picture["col"] < cols:
            # at most half the height the columns would have without it
            top_fig = self.figure_item(picture, -1, room=0.5 * sum(i.height for i in items) / cols)
            reserved[picture["col"]] = top_fig.height
        height, places = flow(items, cols, reserved, self.line_h)
        col_x = [x0 + k * (self.col_w + self.gutter) for k in range(cols)]
        for item, (col, iy) in zip(items, places):
            self.draw_item(item, col_x[col], y + iy)
        if top_fig:
            self.draw_item(top_fig, col_x[picture["col"]], y)
            blocks = self._place_top_caption(blocks, items, places, picture)
        if self.spec["layout"]["col_rules"]:
            for k in range(1, cols):
                gx = col_x[k] - self.gutter / 2
                c.line((gx, y, gx, y + height), 1)
        title = next(b["text"] for b in blocks if b["kind"] == "title")
        truth = {"article": article["id"], "title": title,
                 "decks": [b["text"] for b in blocks if b["kind"] == "deck"], "blocks": blocks}
        return y + height, truth

    @staticmethod
    def _place_top_caption(blocks, items, places, picture) -> list[dict]:
        """A caption at the head of a column is read after the paragraph the column
        continues (or before the block the column opens with)."""
        caption = {"kind": "caption", "text": picture["caption"]}
        opener = next((item for item, (col, _) in zip(items, places) if col == picture["col"] and item.kind != "gap"), None)
        if opener is None:
            return blocks + [caption]
        at = opener.block + (0 if opener.first else 1)
        return blocks[:at] + [caption] + blocks[at:]

    # the whole page ----------------------------------------------------------
    def render(self):
        lay, s = self.spec["layout"], self.s
        y, furniture = self.furniture()
        stories = self.spec["stories"]
        truths = []
        cols = lay["cols"]
        x0 = self.margin
        if not lay["multi"]:
            bottom, truth = self.story(stories[0], x0, y, cols)
            truths.append(truth)
        elif lay["multi"] == "bands":
            for n, story in enumerate(stories):
                if n:
                    self.canvas.line((x0, y, self.width - self.margin, y), 2)
                    y += s * 1.2
                y, truth = self.story(story, x0, y, cols)
                truths.append(truth)
                y += s * 0.8
            bottom = y
        else:  # side by side (three stories: the first in a band above)
            if len(stories) == 3:
                y, truth = self.story(stories[0], x0, y, cols)
                truths.append(truth)
                self.canvas.line((x0, y + s * 0.8, self.width - self.margin, y + s * 0.8), 2)
                y += s * 1.8
                stories = stories[1:]
            left = cols // 2
            split_x = x0 + left * (self.col_w + self.gutter)
            b1, t1 = self.story(stories[0], x0, y, left)
            b2, t2 = self.story(stories[1], split_x, y, cols - left)
            self.canvas.line((split_x - self.gutter / 2, y, split_x - self.gutter / 2, max(b1, b2)), 2)
            truths.extend([t1, t2])
            bottom = max(b1, b2)
        height = int(max(bottom, self.canvas.bottom) + self.margin)
        image = self.canvas.draw(self.width, height)
        return add_noise(image, self.spec["noise"], self.spec["id"]), furniture, truths


def add_noise(image, noise: dict, seed: str):
    from PIL import Image, ImageFilter
    if not noise:
        return image
    if "rotate" in noise:
        image = image.rotate(noise["rotate"], resample=Image.BICUBIC, fillcolor=WHITE)
    if "blur" in noise:
        image = image.filter(ImageFilter.GaussianBlur(noise["blur"]))
    if "speckle" in noise:
        import numpy as np
        pixels = np.array(image)
        gen = np.random.default_rng(int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16))
        spots = gen.random(pixels.shape)
        pixels[spots < noise["speckle"] / 2] = INK
        pixels[(spots >= noise["speckle"] / 2) & (spots < noise["speckle"])] = WHITE
        image = Image.fromarray(pixels)
    if "jpeg" in noise:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=noise["jpeg"])
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return image


def expected_text(stories: list[dict]) -> str:
    """What `python -m build_tools clean` should print: per story the title, its
    decks, then the other blocks in reading order; one blank line between blocks."""
    out = []
    for story in stories:
        out.append(story["title"])
        out.extend(story["decks"])
        out.extend(b["text"] for b in story["blocks"] if b["kind"] not in ("title", "deck"))
    return "\n\n".join(out)


def truth_for(spec: dict, furniture: list[str], stories: list[dict], digest: str) -> dict:
    lay = spec["layout"]
    return {
        "page": spec["id"],
        "layout": layout_id(spec),
        "dims": {
            "cols": lay["cols"], "chars_per_line": lay["chars"], "body_px": lay["body_px"], "font": lay["font"],
            "headline": "multi" if lay["multi"] else spec["stories"][0]["headline"],
            "multi": lay["multi"], "stories": len(spec["stories"]),
            "picture": (spec["picture"] or {}).get("mode"),
            "split_title": any(s["split_title"] is not None for s in spec["stories"]),
            "noise": spec["noise"], "gutter_chars": lay["gutter"], "col_rules": lay["col_rules"],
        },
        "paper": spec["furniture"]["paper"],
        "date": spec["furniture"]["date"],
        "page_number": spec["furniture"]["page"],
        "furniture": furniture,
        "stories": stories,
        "expected": expected_text(stories),
        "renderer": RENDERER_VERSION,
        "spec_hash": digest,
    }


# ---------------------------------------------------------------- OCR

def have_tesseract() -> bool:
    return shutil.which("tesseract") is not None


def ocr(image_path: Path) -> float:
    """Tesseract's txt, ALTO (.xml) and hOCR next to the image; returns seconds taken."""
    start = time.perf_counter()
    # run in the page's folder: the ALTO and hOCR name the image as given ("page.png", no local path)
    subprocess.run([TESSERACT[0], image_path.name, image_path.stem, *TESSERACT[1:], "txt", "alto", "hocr"],
                   check=True, capture_output=True, cwd=image_path.parent, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return time.perf_counter() - start


def page_dir(spec: dict, articles: dict[str, dict]) -> Path:
    return CACHE / spec_hash(spec, articles)


def is_done(folder: Path) -> bool:
    return all((folder / f"page.{ext}").exists() for ext in ("txt", "xml", "hocr")) and (folder / "truth.json").exists()


def make_page(spec: dict, articles: dict[str, dict]) -> tuple[Path, float | None]:
    """Render (if not cached) and OCR (if not cached); returns (folder, OCR seconds or None if cached)."""
    digest = spec_hash(spec, articles)
    folder = CACHE / digest
    if is_done(folder):
        return folder, None
    folder.mkdir(parents=True, exist_ok=True)
    image, furniture, stories = Page(spec, articles).render()
    image.save(folder / "page.png", dpi=(300, 300))
    (folder / "spec.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    truth = truth_for(spec, furniture, stories, digest)
    seconds = ocr(folder / "page.png")
    truth["ocr_seconds"] = round(seconds, 2)
    truth["image_size"] = list(image.size)
    (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder, seconds


def ensure_pages(pages: int = 160, seed: int = 1998, jobs: int = 2, quiet: bool = False) -> list[Path]:
    """Every page of the plan rendered and read (cached pages reused), in plan order."""
    if not have_tesseract():
        raise SystemExit("tesseract is not installed: `make bench-clean` installs it "
                         "(apt-get install tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk)")
    articles = {a["id"]: a for a in load()}
    specs = plan(pages, seed)
    todo = [s for s in specs if not is_done(page_dir(s, articles))]
    if not quiet:
        print(f"{len(specs)} pages ({len(specs) - len(todo)} cached, {len(todo)} to render and read), {jobs} at a time",
              file=sys.stderr)
    times = []
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for n, (spec, (folder, seconds)) in enumerate(zip(todo, pool.map(lambda s: make_page(s, articles), todo)), 1):
            if seconds is not None:
                times.append(seconds)
            if not quiet:
                size = json.loads((folder / "truth.json").read_text(encoding="utf-8")).get("image_size", ["?", "?"])
                print(f"[{n}/{len(todo)}] {spec['id']:10s} {layout_id(spec):34s} {size[0]}x{size[1]} "
                      f"OCR {seconds or 0:5.1f} s", file=sys.stderr)
    if times and not quiet:
        wall = time.perf_counter() - start
        print(f"OCR: {sum(times) / len(times):.1f} s a page on one core; {len(times)} pages in {wall:.0f} s wall "
              f"({len(times) / wall * 60:.1f} pages a minute with {jobs} jobs)", file=sys.stderr)
    return [page_dir(s, articles) for s in specs]


def export(pairs: list[str], pages: int, seed: int) -> None:
    """Copy pages of the plan into tests/fixtures/ocr/ as NAME.txt/.xml/.hocr/.truth.json."""
    articles = {a["id"]: a for a in load()}
    specs = {s["id"]: s for s in plan(pages, seed)}
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for pair in pairs:
        page_id, _, name = pair.partition("=")
        folder, _ = make_page(specs[page_id], articles)
        for ext, out in (("txt", "txt"), ("xml", "xml"), ("hocr", "hocr")):
            shutil.copyfile(folder / f"page.{ext}", FIXTURES / f"{name}.{out}")
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        (FIXTURES / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
        print(f"{page_id} -> {FIXTURES / name}.*", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=160, help="pages in the plan (default 160)")
    parser.add_argument("--seed", type=int, default=1998)
    parser.add_argument("--jobs", type=int, default=2, help="Tesseract processes at a time (default 2)")
    parser.add_argument("--export", nargs="+", metavar="PAGE=NAME", help="copy pages to tests/fixtures/ocr/")
    args = parser.parse_args()
    if args.export:
        export(args.export, args.pages, args.seed)
        return
    folders = ensure_pages(args.pages, args.seed, args.jobs)
    print(f"{len(folders)} pages under {CACHE}", file=sys.stderr)


if __name__ == "__main__":
    main()
