"""OCR: a page image -> an engine's output, which `layout` reads like any engine's.

A scan in sources/ (PNG, JPEG, TIFF) with no text, ALTO, hOCR or JSON file of
its stem is read by an OCR engine during the build: RapidOCR by default (its
models ship inside its wheel: nothing is downloaded), Tesseract as the
alternative. RapidOCR gives lines, boxes, scores and each character's box, in
the shape `layout.read_engine_json` reads (the shape an archivist may also
commit, OCR run once elsewhere); Tesseract gives hOCR. What the engine, its
version and its settings were is kept with the output and shown with the page.

An engine reads a page in seconds, so its output is cached apart from the
page cache: keyed by the image's bytes and the engine's name, version and
settings, not by the pipeline's code. A changed rule cleans every page again;
it reads no image again.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import shutil
import resource
import subprocess
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .settings import DEFAULT_OCR_ENGINE, DEFAULT_OCR_LANGUAGES
from .staging import atomic_write

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass(frozen=True)
class ImageLimits:
    """What is read as a page scan. A broadsheet scanned at 600 dpi is about
    14,000 pixels long; past MAX_SIDE an image is not one page's scan (or a
    decompression bomb), and an engine would take minutes or run out of memory."""

    max_side: int = 16_000
    min_side: int = 32  # smaller holds no legible line of print


IMAGE_LIMITS = ImageLimits()


@dataclass(frozen=True)
class Recognition:
    """An engine's reading of one image: its output file's bytes and suffix
    (".json": an engine's JSON; ".hocr"), the image's size and digest, and who read it."""

    data: bytes
    suffix: str
    width: int
    height: int
    sha256: str  # of the image's bytes
    engine: str  # "RapidOCR 3.10.0 (onnxruntime 1.32.0, max_side_len 2000)": name, version and settings


@dataclass(frozen=True)
class Engine:
    """One OCR engine and its settings (part of the OCR cache's key)."""

    name: str = DEFAULT_OCR_ENGINE  # one of settings.OCR_ENGINES (Collection checks the archivist's choice)
    # RapidOCR: the detector works on the image shrunk to this longest side.
    max_side_len: int = 2000
    # RapidOCR: lines recognised at a time. A batch pads each line to its longest; one at a
    # time pads none (make bench-ocr: 13-16 % less CPU a page).
    rec_batch_num: int = 1
    # Tesseract: its languages and page segmentation mode.
    languages: str = DEFAULT_OCR_LANGUAGES
    psm: int = 3

    def describe(self) -> str:
        """The engine, its version and its settings, as recorded with each page it reads."""
        if self.name == "rapidocr":
            return f"{_rapidocr_version()} (max_side_len {self.max_side_len}, rec_batch_num {self.rec_batch_num})"
        return f"{_tesseract_version()} (-l {self.languages} --psm {self.psm})"


@functools.cache
def _rapidocr_version() -> str:
    return f"RapidOCR {metadata.version('rapidocr')} (onnxruntime {metadata.version('onnxruntime')})"


def cache_entry(image_sha256: str, described: str, cache: Path) -> Path:
    """Where the reading of an image (its bytes' SHA-256) by an engine (Engine.describe()) is kept in the OCR cache."""
    key = hashlib.sha256(f"{described}\0{image_sha256}".encode()).hexdigest()
    return cache / key[:2] / f"{key}.json"


@functools.cache
def _tesseract_version() -> str:
    if not shutil.which("tesseract"):
        raise ValueError("未安装 Tesseract（apt-get install tesseract-ocr tesseract-ocr-chi-sim）")
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=False)
    return (out.stdout or out.stderr).splitlines()[0].strip()


def image_size(raw: bytes) -> tuple[int, int]:
    """The image's width and height, or ValueError saying why it is no page
    scan: not an image, truncated, too small or too large (IMAGE_LIMITS)."""
    from PIL import Image, UnidentifiedImageError

    if not raw:
        raise ValueError("文件是空的")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            width, height = image.size
            if width and height and max(width, height) <= IMAGE_LIMITS.max_side:
                image.load()  # a truncated file fails here, not in the engine
    except UnidentifiedImageError:
        raise ValueError("不是可读的图像（PNG、JPEG、TIFF）") from None
    except Image.DecompressionBombError:
        raise ValueError(f"图像像素过多，超过 {IMAGE_LIMITS.max_side} 像素的上限") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ValueError(f"图像已损坏或被截断（{error}）") from None
    if min(width, height) < IMAGE_LIMITS.min_side:
        raise ValueError(f"图像只有 {width}×{height} 像素，不是一版的扫描")
    if max(width, height) > IMAGE_LIMITS.max_side:
        raise ValueError(f"图像有 {width}×{height} 像素，超过 {IMAGE_LIMITS.max_side} 像素的上限；"
                         "请缩小后再放入，或先用 OCR 引擎识别、放入其 JSON")
    return width, height


def recognise(raw: bytes, engine: Engine = Engine(), cache: Path | None = None) -> Recognition:
    """The engine's reading of an image: from the cache, without decoding the
    image, when this image was read by this engine with these settings before
    (it was checked then); else checked (ValueError for a bad image) and read."""
    digest = hashlib.sha256(raw).hexdigest()
    described = engine.describe()
    entry = cache_entry(digest, described, cache) if cache else None
    if entry and entry.is_file():
        try:
            record = json.loads(entry.read_text(encoding="utf-8"))
            return Recognition(record["data"].encode("utf-8"), record["suffix"], record["width"], record["height"],
                               digest, described)
        except (OSError, ValueError, KeyError):
            pass  # an unreadable entry is a miss
    width, height = image_size(raw)
    started = _cpu_seconds()
    if engine.name == "rapidocr":
        data, suffix = _rapidocr(raw, engine, width, height, described), ".json"
    else:
        data, suffix = _tesseract(raw, engine), ".hocr"
    if entry:  # with the CPU time the reading took (the bench's figure; Tesseract's process counted)
        record = {"engine": described, "suffix": suffix, "width": width, "height": height, "data": data.decode("utf-8"),
                  "cpu_seconds": round(_cpu_seconds() - started, 3)}
        atomic_write(entry, json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return Recognition(data, suffix, width, height, digest, described)


def _cpu_seconds() -> float:
    """CPU time of this process and of the engines it ran and waited for (Tesseract)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


# The threads one engine runs on (0: its own default, every core). A pool of
# page workers keeps every core busy already; an engine that spreads over all
# of them too spins its threads against the other workers' (two workers on two
# cores: 5.65 s of CPU a page with every core each, 3.76 s with one). The pool
# sets it in each worker (workers.map_pages). It does not change what is read.
ENGINE_THREADS_ENV = "ARCHIVE_OCR_THREADS"


def engine_threads() -> int:
    return int(os.environ.get(ENGINE_THREADS_ENV) or 0)


@functools.cache
def _rapid_engine(max_side_len: int, rec_batch_num: int, threads: int):
    from rapidocr import RapidOCR

    # The detector's dilation runs close columns of print together: off.
    params = {"Global.log_level": "warning", "Global.max_side_len": max_side_len, "Det.use_dilation": False,
              "Rec.rec_batch_num": rec_batch_num}
    if threads:
        params.update({"EngineConfig.onnxruntime.intra_op_num_threads": threads,
                       "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    return RapidOCR(params=params)


def _rapidocr(raw: bytes, engine: Engine, width: int, height: int, described: str) -> bytes:
    """RapidOCR's lines as JSON in its own shape (boxes, txts, scores), with each
    line's characters and their boxes, the image's size and the engine."""
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as image:
        result = _rapid_engine(engine.max_side_len, engine.rec_batch_num, engine_threads())(image.convert("RGB"), return_word_box=True)
    boxes = [[[round(float(x), 1), round(float(y), 1)] for x, y in box] for box in (result.boxes if result.txts else [])]
    chars = [[[char, round(float(score), 4), [[round(float(x), 1), round(float(y), 1)] for x, y in box]]
              for char, score, box in line] for line in (result.word_results or [] if result.txts else [])]
    document = {"engine": described, "image": {"width": width, "height": height},
                "boxes": boxes, "txts": list(result.txts or ()), "scores": [round(float(s), 4) for s in result.scores or ()],
                "chars": chars if len(chars) == len(boxes) else []}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _tesseract(raw: bytes, engine: Engine) -> bytes:
    threads = engine_threads()  # Tesseract's OpenMP threads, as RapidOCR's
    environ = {**os.environ, "OMP_THREAD_LIMIT": str(threads)} if threads else None
    out = subprocess.run(["tesseract", "-", "-", "-l", engine.languages, "--psm", str(engine.psm), "hocr"],
                         input=raw, capture_output=True, check=False, env=environ)
    if out.returncode:
        raise ValueError(f"Tesseract 未能读取此图像：{out.stderr.decode('utf-8', 'replace').strip()[-200:]}")
    return out.stdout


# ---------------------------------------------------------------- marks the recogniser dropped
#
# Vertical type sets 。 and 、 small in the top right of their own cell, and
# RapidOCR, reading a column turned on its side, leaves many of them out
# (the vertical tuning pages: 99 full stops and 63 enumeration commas of 436
# characters wrong). Its character boxes show where: a cell left empty
# between two characters (or after a column's last). What ink the image has
# there tells the mark: one small part in the cell's right half, a ring (a
# hole in it) for 。, a stroke from top left to bottom right for 、. Anything
# else (brackets, quotation marks, two parts, a speck) is left out, as the
# engine left it: in doubt, no mark.


@dataclass(frozen=True)
class MarkShapes:
    """Lengths as fractions of the column's width (a cell), areas of a cell's
    area: the same at any scan resolution."""

    min_gap: float = 0.5         # room for a mark between two characters' boxes, or after the last
    margin: float = 0.2          # looked at beyond the gap: a part reaching past it belongs to a character
    max_size: float = 0.5        # a mark's ink fits in half a cell each way
    min_size: float = 0.15       # smaller is a speck
    min_part: float = 0.0025     # ink that counts as a part of a mark at all (less: paper grain)
    min_hole: float = 0.1        # a ring's hole, of its box's area
    tick_square: float = 0.6     # 、: its box about as tall as wide (a dash or a bar is not)
    tick_slope: float = 0.5      # 、: its ink's x and y correlate this much (top left to bottom right)
    min_contrast: int = 64       # grey levels between the paper and the darkest ink: less is no ink


MARK_SHAPES = MarkShapes()


def with_dropped_marks(image: bytes, reading: Recognition, shapes: MarkShapes = MARK_SHAPES) -> Recognition:
    """RapidOCR's reading with the 。 and 、 its vertical lines' character boxes
    leave room for and the image shows, as the document's "marks" (per line,
    [characters before it, mark]; layout.read_engine_json puts them in). A
    reading with no vertical line of character boxes is returned as it is
    (its image is not decoded)."""
    if reading.suffix != ".json":
        return reading
    document = json.loads(reading.data)
    if not isinstance(document, dict) or not document.get("chars") or "marks" in document:
        return reading
    spots = list(_mark_spots(document, shapes))
    if not spots:
        return reading
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(image)) as opened:
        gray = np.asarray(opened.convert("L"))
    marks: list[list] = [[] for _ in document["boxes"]]
    for line, after, left, right, top, bottom in spots:
        if mark := _mark_in(gray, left, right, top, bottom, shapes):
            marks[line].append([after, mark])
    if not any(marks):
        return reading
    document["marks"] = marks
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Recognition(data, reading.suffix, reading.width, reading.height, reading.sha256, reading.engine)


def _mark_spots(document: dict, shapes: MarkShapes):
    """(line, characters before, left, right, top, bottom) of each empty cell in a vertical line."""
    for line, (box, text, chars) in enumerate(zip(document["boxes"], document["txts"], document["chars"])):
        xs, ys = [x for x, _ in box], [y for _, y in box]
        cell = max(xs) - min(xs)
        if len(chars) != len(text) or not chars or max(ys) - min(ys) < 2 * cell:
            continue  # a horizontal line, or one whose characters are not its text's one for one
        tops = [min(y for _, y in char[2]) for char in chars]
        bottoms = [max(y for _, y in char[2]) for char in chars]
        if tops != sorted(tops):
            continue
        ends = list(zip(bottoms, tops[1:] + [max(ys)]))
        for after, (top, bottom) in enumerate(ends, 1):
            if bottom - top >= shapes.min_gap * cell:
                yield line, after, min(xs), max(xs), top, bottom


def _mark_in(gray, left: float, right: float, top: float, bottom: float, shapes: MarkShapes) -> str:
    """。 or 、 when the cell's ink is one of them, else ''."""
    import cv2  # (OpenCV and NumPy come with RapidOCR)
    import numpy as np

    cell = right - left
    y0 = max(0, int(top - shapes.margin * cell))
    crop = gray[y0:int(bottom + shapes.margin * cell) + 1, max(0, int(left)):int(right) + 1]
    if crop.size == 0 or int(np.median(crop)) - int(crop.min()) < shapes.min_contrast:
        return ""
    ink = (crop < (int(crop.min()) + int(np.median(crop))) // 2).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height, width = ink.shape
    parts = []
    for part in range(1, count):
        x, y, w, h = (int(stats[part, k]) for k in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
        inside = y > 0 and y + h < height and top - y0 <= y + h / 2 <= bottom - y0  # not a character's stroke cut off
        if inside and int(stats[part, cv2.CC_STAT_AREA]) >= shapes.min_part * cell * cell:
            parts.append((part, x, y, w, h))
    if len(parts) != 1:  # none, or a mark of two parts (；：), or a mark beside a blot: in doubt
        return ""
    part, x, y, w, h = parts[0]
    if not shapes.min_size * cell <= max(w, h) <= shapes.max_size * cell or x + w / 2 < width / 2:
        return ""
    shape = (labels[y:y + h, x:x + w] == part).astype(np.uint8)
    contours, hierarchy = cv2.findContours(np.pad(shape, 1), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    holes = [cv2.contourArea(contour) for contour, row in zip(contours, hierarchy[0] if hierarchy is not None else [])
             if row[3] >= 0]
    if len(holes) == 1 and holes[0] >= shapes.min_hole * w * h:  # a ring, not a pinhole of grey in a stroke
        return "。"
    if not holes and min(w, h) >= shapes.tick_square * max(w, h):
        rows, columns = np.nonzero(shape)
        if len(rows) > 2 and np.corrcoef(columns, rows)[0, 1] > shapes.tick_slope:
            return "、"
    return ""
