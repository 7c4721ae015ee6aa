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
    # Tesseract: its languages and page segmentation mode.
    languages: str = DEFAULT_OCR_LANGUAGES
    psm: int = 3

    def describe(self) -> str:
        """The engine, its version and its settings, as recorded with each page it reads."""
        if self.name == "rapidocr":
            return f"{_rapidocr_version()} (max_side_len {self.max_side_len})"
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
def _rapid_engine(max_side_len: int, threads: int):
    from rapidocr import RapidOCR

    # The detector's dilation runs close columns of print together: off.
    params = {"Global.log_level": "warning", "Global.max_side_len": max_side_len, "Det.use_dilation": False}
    if threads:
        params.update({"EngineConfig.onnxruntime.intra_op_num_threads": threads,
                       "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    return RapidOCR(params=params)


def _rapidocr(raw: bytes, engine: Engine, width: int, height: int, described: str) -> bytes:
    """RapidOCR's lines as JSON in its own shape (boxes, txts, scores), with each
    line's characters and their boxes, the image's size and the engine."""
    from PIL import Image

    with Image.open(io.BytesIO(raw)) as image:
        result = _rapid_engine(engine.max_side_len, engine_threads())(image.convert("RGB"), return_word_box=True)
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
