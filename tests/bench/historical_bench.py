"""`make bench-historical`: Traditional and historical papers (issue 21), tuning set against held out.

Tuning: 晶報 (Shanghai), April 1920, the 40 pages ECPO transcribed (every rule
of issue 21 was written looking at them). Each page becomes the text an
archivist holds: its blocks in the transcription's order, one line per
printed line (in vertical print a column), a blank line between blocks; a
glyph Unicode lacks is 〓. Truth: its date (the file name), its paper (晶報,
printed on 30 of the 40: the third pages name none), its articles.

Held out: another source of text in other layout families, never looked at
while the rules were written: reports of 人民日报, January 1998
(data/news_rmrb199801.jsonl) printed as a Taiwan paper prints them (OpenCC
s2twp), five or six to a page, under a date line in 民國 years, in two
families: modern (punctuated, a dateline, a line a paragraph) and old style
(句讀: 、 and 。 only, no dateline, the title over a pen name in brackets,
columns of 18 characters). Truth: each report's title and text, the date, the
paper.

Figures, each set beside naive baselines (one story a page; one story a blank-line block):
characters changed (words, not layout) and script-conversion records;
variant glyphs kept; date and paper right per page; articles found as one
story, stories that are one article; and real OCR: pages rendered vertically
(Pillow, Noto Serif CJK TC, columns right to left) and read by Tesseract
(chi_tra_vert, --psm 5) and RapidOCR (its models in its wheel): CER of the
engine's text raw and cleaned, and of the engine's JSON read in its own
order, a naive order (top, then left), ours (ingest), and the floor (its
lines in the true order).

Ground truth of 晶報 from Jing bao 晶報, Early Chinese Periodicals Online
(ECPO), Heidelberg Centre for Asian and Transcultural Studies, CC BY 4.0 —
repository hcts-hra/ecpo-data, folder `jingbao-textGT/1920/04`, commit
a99e24ebe5c52d90031c0b8d4c806efe7aa41ec6.

    .venv/bin/python tests/bench/historical_bench.py [--shared ../shared/ecpo-jingbao-1920] [--ocr-pages 6]
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import json
import random
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_SHARED = ROOT.parent / "shared" / "ecpo-jingbao-1920"
CACHE = ROOT / "build" / "bench-historical"
GAIJI, GETA = "\ue111", "〓"
SCRIPT_RULES = {"simplify_traditional", "traditionalise_simplified"}
MIN_ARTICLE = 40  # characters: shorter items (a price, a label) are no article
SHARE = 0.85  # an article is found when one story holds this share of it and is this much that article
FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
RENDER_VERSION = "4"


@dataclass
class TruthPage:
    name: str
    text: str
    date: str
    paper: str  # "" where the page prints no paper's name
    articles: list[str] = field(default_factory=list)  # each article's text, whitespace out
    variants: str = ""  # the variant glyphs to count


# ------------------------------------------------------------------ the sets

def _parse(path: Path) -> ET.Element:
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<!DOCTYPE[^\]]*\]>", "", raw, flags=re.S).replace("&gaiji;", GAIJI)
    return ET.fromstring(raw)


def _lines(div: ET.Element) -> list[str]:
    """The printed lines of a block (the text before each <lb/>), comments (unchecked text) left out."""
    lines, current = [], ""
    for p in div.iter("p"):
        for piece in _pieces(p):
            if piece is None:
                lines.append(current)
                current = ""
            else:
                current += piece
        if current.strip():
            lines.append(current)
        current = ""
    cleaned = [re.sub(r"[ \t\r\n]+", "", line).replace(GAIJI, GETA) for line in lines]
    return [line for line in cleaned if line]


def _pieces(element: ET.Element):
    """Text and line ends (None) of an element, in order."""
    if element.text:
        yield element.text
    for child in element:
        if child.tag == "lb":
            yield None
        elif isinstance(child.tag, str):
            yield from _pieces(child)
        if child.tail:
            yield child.tail


def jingbao_pages(folder: Path, variants: str) -> list[TruthPage]:
    pages = []
    for path in sorted(folder.glob("jb_*.xml")):
        date = re.search(r"_(\d{4}-\d{2}-\d{2})_", path.name).group(1)
        for page in _parse(path).iter("div"):
            if page.get("type") != "page":
                continue
            blocks, articles, furniture = [], {}, ""
            for div in page:
                if div.tag != "div":
                    continue
                lines = _lines(div)
                if lines:
                    blocks.append("\n".join(lines))
                if div.get("type") in ("margin", "head"):
                    furniture += "".join(lines)
                if div.get("type") == "article" and lines:
                    articles[div.get("itemid")] = articles.get(div.get("itemid"), "") + "".join(lines)
            text = "\n\n".join(blocks) + "\n"
            paper = "晶報" if "晶報" in re.sub("\u3000", "", furniture) else ""  # (the third pages print none)
            pages.append(TruthPage(f"{path.stem}_{page.get('n')}.txt", text, date, paper,
                                   [a for a in articles.values() if len(a) >= MIN_ARTICLE], variants))
    return pages


def _to_judou(text: str) -> str:
    """Modern punctuation as 句讀 prints it: 、 between clauses, 。 at sentence ends, no quotes."""
    text = re.sub("[，；：]", "、", text)
    text = re.sub("[！？]", "。", text)
    return re.sub("[“”「」『』]", "", text)


def _roc_date(day: datetime.date, arabic: bool) -> str:
    year = day.year - 1911
    if arabic:
        return f"中華民國{year}年{day.month}月{day.day}日"
    digits = "〇一二三四五六七八九"

    def count(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")
    return f"民國{count(year)}年{count(day.month)}月{count(day.day)}日"


def heldout_pages(count: int = 24, seed: int = 87) -> list[TruthPage]:
    import opencc
    convert = opencc.OpenCC("s2twp").convert
    reports = [json.loads(line) for line in (HERE / "data" / "news_rmrb199801.jsonl").read_text(encoding="utf-8").splitlines()]
    chooser = random.Random(seed)
    chooser.shuffle(reports)
    pages, cursor = [], 0
    weekdays = "一二三四五六日"
    for number in range(count):
        old_style = number % 2 == 1
        day = datetime.date(1998, 1, 1) + datetime.timedelta(days=number)
        paper = "臺灣新報" if not old_style else "東南報"
        if old_style:
            head = f"第{'一二三四'[number % 4]}版　{_roc_date(day, False)}　{paper}　星期{weekdays[day.weekday()]}"
        else:
            head = f"{paper}　{_roc_date(day, True)}　星期{weekdays[day.weekday()]}　第{number % 4 + 1}版"
        blocks, articles = [head], []
        for report in reports[cursor:cursor + chooser.randint(4, 6)]:
            title = convert(report["title"])
            paragraphs = [convert(p) for p in report["paragraphs"]]
            if old_style:
                paragraphs[0] = re.sub(r"^\S*?(?:電|訊)\s*(?:（[^）]*）)?\s*", "", paragraphs[0])  # no dateline then
                paragraphs = [_to_judou(p) for p in paragraphs if p]
                lines = ["\n".join(p[i:i + 18] for i in range(0, len(p), 18)) for p in paragraphs]
                author = f"（{chooser.choice(['寒雲', '丹翁', '老匏', '馬二先生', '小隱'])}）"
                blocks += [title, author, *lines]
                articles.append(re.sub(r"\s+", "", title + author + "".join(paragraphs)))
            else:
                blocks += [title, *paragraphs]
                articles.append(re.sub(r"\s+", "", title + "".join(paragraphs)))
        cursor += len(articles)
        text = "\n\n".join(blocks) + "\n"
        pages.append(TruthPage(f"heldout_{number:02d}_{'old' if old_style else 'modern'}.txt", text, day.isoformat(),
                               paper, articles, ""))
    return pages


# ------------------------------------------------------------------ scoring

def _shingles(text: str, k: int = 6) -> set[str]:
    return {text[i:i + k] for i in range(max(1, len(text) - k + 1))}


def article_scores(articles: list[str], stories: list[str]) -> tuple[int, int, int, int]:
    """(articles found as one story, articles, stories that are one article, stories)."""
    shingled = [_shingles(a) for a in articles]
    stories = [s for s in stories if len(s) >= MIN_ARTICLE]
    story_shingles = [_shingles(s) for s in stories]
    found = 0
    for article in shingled:
        best = max(story_shingles, key=lambda s: len(article & s), default=set())
        common = len(article & best)
        found += common >= SHARE * len(article) and common >= SHARE * len(best)
    one = sum(any(len(s & a) >= SHARE * len(s) for a in shingled) for s in story_shingles)
    return found, len(articles), one, len(stories)


def story_text(story) -> str:
    return re.sub(r"\s+", "", "".join([story.title, *story.decks, *story.bylines, story.dateline,
                                       *(b.text for b in story.blocks), *story.credits]))


@dataclass
class Tally:
    printed: int = 0
    changed: int = 0
    conversions: int = 0
    variants_printed: int = 0
    variants_kept: int = 0
    pages: int = 0
    empty: int = 0  # pages that gave no story
    dated: int = 0
    paper_pages: int = 0
    papered: int = 0
    found: int = 0
    articles: int = 0
    one: int = 0
    stories: int = 0
    naive_page: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    naive_block: list[int] = field(default_factory=lambda: [0, 0, 0, 0])


def _add(into: list[int], scores) -> None:
    for index, value in enumerate(scores):
        into[index] += value


def run_transcriptions(pages: list[TruthPage]) -> Tally:
    from build_tools.clean import LAYOUT_RULES
    from build_tools.pipeline import process_page
    tally = Tally()
    with tempfile.TemporaryDirectory() as folder:
        for page in pages:
            path = Path(folder) / page.name
            path.write_text(page.text, encoding="utf-8")
            result = process_page((path,))
            stories = list(result.stories)
            tally.pages += 1
            tally.printed += len(re.sub(r"\s+", "", page.text))
            changes = [c for story in stories for c in story.changes]
            words = [c for c in changes if c.rule not in LAYOUT_RULES and not c.flag]
            tally.changed += sum(len(re.sub(r"\s+", "", c.before)) + len(re.sub(r"\s+", "", c.after)) for c in words)
            tally.conversions += sum(c.rule in SCRIPT_RULES for c in changes)
            shown = "".join(story_text(s) for s in stories)
            for glyph in page.variants:
                tally.variants_printed += page.text.count(glyph)
                tally.variants_kept += min(page.text.count(glyph), shown.count(glyph))
            if not stories:  # a page of furniture alone (its adverts are only in comments): nothing to date
                tally.empty += 1
                continue
            tally.dated += all(s.meta.date == page.date for s in stories)
            if page.paper:
                tally.paper_pages += 1
                tally.papered += bool(stories) and all(s.meta.paper == page.paper for s in stories)
            found, total, one, count = article_scores(page.articles, [story_text(s) for s in stories])
            tally.found, tally.articles, tally.one, tally.stories = (tally.found + found, tally.articles + total,
                                                                    tally.one + one, tally.stories + count)
            _add(tally.naive_page, article_scores(page.articles, [re.sub(r"\s+", "", page.text)]))
            _add(tally.naive_block, article_scores(page.articles, [re.sub(r"\s+", "", b) for b in page.text.split("\n\n")]))
    return tally


# ------------------------------------------------------------------ real OCR

def render_vertical(text: str, path: Path, size: int = 30, column_chars: int = 24, columns: int = 20) -> None:
    """The page's printed lines as columns, right to left, in bands of `columns`; a block's lines
    one column each, a column-sized gap between blocks; long lines wrap to the next column."""
    from PIL import Image, ImageDraw, ImageFont
    face = ImageFont.truetype(str(FONT), size, index=_tc_index())
    cols: list[str] = []
    for block in text.strip().split("\n\n"):
        for line in block.splitlines():
            cols += [line[i:i + column_chars] for i in range(0, len(line), column_chars)]
        cols.append("")
    cols = cols[:-1]
    pitch, margin = int(size * 2.2), size * 2  # a gutter of more than a character: engines keep columns apart
    bands = [cols[i:i + columns] for i in range(0, len(cols), columns)]
    width = margin * 2 + pitch * columns
    band_height = size * column_chars + size * 3  # bands three characters apart, a rule between them
    rules = [margin + band_height * i - size * 3 // 2 for i in range(1, len(bands))]
    image = Image.new("L", (width, margin * 2 + band_height * len(bands)), 255)
    draw = ImageDraw.Draw(image)
    for y in rules:
        draw.line((margin, y, width - margin, y), fill=20, width=2)
    for band_index, band in enumerate(bands):
        for col_index, column in enumerate(band):
            x = width - margin - (col_index + 1) * pitch + (pitch - size) // 2
            for char_index, char in enumerate(column):
                draw.text((x, margin + band_index * band_height + char_index * size), char, font=face, fill=20)
    image.save(path)


@functools.cache
def _tc_index() -> int:
    from PIL import ImageFont
    for index in range(12):
        face = ImageFont.truetype(str(FONT), 16, index=index)
        name = face.getname()[0]
        if name.endswith("CJK TC") and "Mono" not in name:
            return index
    raise RuntimeError(f"{FONT}: no Noto CJK TC face; install fonts-noto-cjk")


def cer(truth: str, text: str) -> float:
    from rapidfuzz.distance import Levenshtein
    truth, text = re.sub(r"\s+", "", truth), re.sub(r"\s+", "", text)
    return Levenshtein.distance(truth, text) / max(1, len(truth))


@functools.cache
def _rapid():
    from rapidocr import RapidOCR
    # its detector dilates what it finds, which runs close columns together: off
    return RapidOCR(params={"Det.use_dilation": False, "Global.log_level": "warning"})


def read_page_image(image: Path, folder: Path) -> dict[str, object]:
    """Tesseract's text and RapidOCR's lines of one image, cached beside it."""
    out = folder / "engines.json"
    if out.exists():
        return json.loads(out.read_text(encoding="utf-8"))
    tesseract = subprocess.run(["tesseract", str(image), "-", "-l", "chi_tra_vert", "--psm", "5"],
                               capture_output=True, text=True, check=True).stdout
    hocr = subprocess.run(["tesseract", str(image), "-", "-l", "chi_tra_vert", "--psm", "5", "hocr"],
                          capture_output=True, text=True, check=True).stdout
    result = _rapid()(str(image))
    lines = [[[[float(x), float(y)] for x, y in box], text, float(score)]
             for box, text, score in zip(result.boxes, result.txts, result.scores)]
    found = {"tesseract": tesseract, "tesseract_hocr": hocr, "rapidocr": lines}
    out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return found


def _cleaned(text: str, name: str) -> str:
    """The cleaned text, its 〔下缺〕 marks left out (a flag for the reader, no reading: as the other benches count)."""
    from build_tools.clean import clean_source
    from build_tools.clean.blocks import LOST_MARK
    from build_tools.ingest import printed_script, source_from_bytes
    source = source_from_bytes(text.encode("utf-8"), name)
    return clean_source(replace(source, script=printed_script(source))).text.replace(LOST_MARK, "")


def _true_order(lines: list, truth: str) -> list:
    """The engine's lines in the order their text stands in the truth (the floor of any reading order)."""
    from rapidfuzz import fuzz
    placed = []
    for line in lines:
        text = line[1]
        at = truth.find(text)
        if at < 0:
            alignment = fuzz.partial_ratio_alignment(text, truth)
            at = alignment.dest_start if alignment else len(truth)
        placed.append((at, line))
    return [line for _, line in sorted(placed, key=lambda pair: pair[0])]


def run_ocr(pages: list[TruthPage], label: str, limit: int, progress) -> dict[str, list[float]]:
    from build_tools.ingest import source_from_bytes
    figures: dict[str, list[float]] = {key: [] for key in (
        "tesseract text, raw", "tesseract text, cleaned", "tesseract hOCR read by us", "tesseract hOCR read by us, cleaned",
        "rapidocr JSON, engine's order", "rapidocr JSON, naive order (top, then left)", "rapidocr JSON read by us",
        "rapidocr JSON read by us, cleaned", "rapidocr JSON, floor (its lines in the true order)")}
    chosen = [p for p in pages if len(p.articles) >= 2][:limit]
    for index, page in enumerate(chosen, 1):
        text = page.text[:1500].rsplit("\n", 1)[0] + "\n"  # the page's first 1,500 characters: an image a minute at most
        digest = hashlib.sha256(f"{RENDER_VERSION}\0{text}".encode()).hexdigest()[:16]
        folder = CACHE / "ocr" / digest
        folder.mkdir(parents=True, exist_ok=True)
        image = folder / "page.png"
        if not image.exists():
            render_vertical(text, image)
        progress(f"{label}: OCR page {index}/{len(chosen)} ({page.name})")
        read = read_page_image(image, folder)
        truth = text
        raw = read["tesseract"]
        figures["tesseract text, raw"].append(cer(truth, raw))
        figures["tesseract text, cleaned"].append(cer(truth, _cleaned(raw, "tesseract.txt")))
        hocr = source_from_bytes(read["tesseract_hocr"].encode("utf-8"), "page.hocr").text
        figures["tesseract hOCR read by us"].append(cer(truth, hocr))
        figures["tesseract hOCR read by us, cleaned"].append(cer(truth, _cleaned(hocr, "page.txt")))
        lines = read["rapidocr"]
        figures["rapidocr JSON, engine's order"].append(cer(truth, "".join(l[1] for l in lines)))
        naive = sorted(lines, key=lambda l: (min(p[1] for p in l[0]), min(p[0] for p in l[0])))
        figures["rapidocr JSON, naive order (top, then left)"].append(cer(truth, "".join(l[1] for l in naive)))
        ours = source_from_bytes(json.dumps(lines, ensure_ascii=False).encode("utf-8"), "page.json").text
        figures["rapidocr JSON read by us"].append(cer(truth, ours))
        figures["rapidocr JSON read by us, cleaned"].append(cer(truth, _cleaned(ours, "page.txt")))
        figures["rapidocr JSON, floor (its lines in the true order)"].append(
            cer(truth, "".join(l[1] for l in _true_order(lines, re.sub(r"\s+", "", truth)))))
    return figures


# ------------------------------------------------------------------ report

def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def report(tallies: dict[str, Tally], ocr: dict[str, dict[str, list[float]]]) -> str:
    names = list(tallies)
    rows = ["| | " + " | ".join(names) + " |", "| --- |" + " --- |" * len(names)]

    def row(label: str, cells) -> None:
        rows.append(f"| {label} | " + " | ".join(cells) + " |")

    row("pages", [str(t.pages) for t in tallies.values()])
    row("printed characters changed (words, not layout)", [f"{100 * t.changed / max(1, t.printed):.3f} %" for t in tallies.values()])
    row("script-conversion records", [str(t.conversions) for t in tallies.values()])
    row("variant glyphs kept", [f"{t.variants_kept} of {t.variants_printed}" if t.variants_printed else "–" for t in tallies.values()])
    row("pages of furniture alone (no story)", [str(t.empty) for t in tallies.values()])
    row("date right (pages with stories)", [f"{t.dated} of {t.pages - t.empty}" for t in tallies.values()])
    row("paper right (pages that print it)", [f"{t.papered} of {t.paper_pages}" for t in tallies.values()])
    row("articles found as one story", [_pct(t.found, t.articles) + f" ({t.found}/{t.articles})" for t in tallies.values()])
    row("… naive: one story a page", [_pct(t.naive_page[0], t.naive_page[1]) for t in tallies.values()])
    row("… naive: a story a blank-line block", [_pct(t.naive_block[0], t.naive_block[1]) for t in tallies.values()])
    row("stories that are one article", [_pct(t.one, t.stories) + f" ({t.one}/{t.stories})" for t in tallies.values()])
    row("… naive: a story a blank-line block", [_pct(t.naive_block[2], t.naive_block[3]) for t in tallies.values()])
    lines = ["## Transcriptions", "", *rows, ""]
    if ocr:
        keys = list(next(iter(ocr.values())))
        lines += ["## Real OCR of vertical page images (CER against the page's text; pages: each set's first with two articles or more)",
                  "", "| | " + " | ".join(ocr) + " |", "| --- |" + " --- |" * len(ocr)]
        for key in keys:
            cells = []
            for figures in ocr.values():
                values = figures[key]
                cells.append(f"{100 * sum(values) / len(values):.1f} %" if values else "–")
            lines.append(f"| {key} | " + " | ".join(cells) + " |")
        for name, figures in ocr.items():
            for raw in ("tesseract text, raw", "tesseract hOCR read by us", "rapidocr JSON read by us"):
                cleaned = raw.replace(", raw", ", cleaned") if raw.endswith(", raw") else f"{raw}, cleaned"
                worse = sum(c > r + 1e-9 for r, c in zip(figures[raw], figures[cleaned]))
                lines.append(f"- {name}: {raw}: cleaned worse on {worse} of {len(figures[raw])} pages")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--ocr-pages", type=int, default=6, help="pages of each set to render and read (0: none)")
    args = parser.parse_args()
    progress = functools.partial(print, file=sys.stderr, flush=True)
    variants = "".join(json.loads((args.shared / "variants.json").read_text(encoding="utf-8")).values())
    sets = {"tuning: 晶報 1920 transcriptions": jingbao_pages(args.shared, variants),
            "held out: 人民日报 1998 as a Taiwan paper (s2twp), two layout families": heldout_pages()}
    tallies, ocr = {}, {}
    for name, pages in sets.items():
        progress(f"{name}: {len(pages)} pages")
        tallies[name] = run_transcriptions(pages)
        if args.ocr_pages:
            ocr[name.split(":")[0]] = run_ocr(pages, name.split(":")[0], args.ocr_pages, progress)
    text = "# make bench-historical\n\n" + report(tallies, ocr)
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "report.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
