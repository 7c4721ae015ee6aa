"""Ingest: read a source file (and its optional sidecar) into a `Source`.

The only stage that reads `sources/`. A plain-text source is decoded and its
line ends normalised, nothing else: every change to the words belongs to
`clean`, where it is recorded. An OCR layout source (ALTO `.xml`, hOCR
`.hocr` or `.html`, an engine's `.json`: PaddleOCR, RapidOCR) is read by
`layout`: its text is the recognised text in
reading order, which the source page shows and provenance offsets refer to.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

from .layout import Reading, is_hocr, read_alto, read_engine_json, read_hocr, recognised_lines
from .ocr import IMAGE_SUFFIXES, Engine, image_size, recognise, with_dropped_marks
from .pdf import PDF_SUFFIX, origin, render_pages
from .printed_script import PRINTED_SCRIPTS, SIMPLIFIED, detect_script
from .settings import AUTO_SCRIPT, DEFAULT_COLLECTION, Collection
from .model import (LIST_FIELDS, NO_SIDECAR, PAGE_FIELDS, TEXT_FIELDS, Correction, Fields, Page, Problem, Rejection,
                    Scan, ScanLine, Sidecar, Source)

SOURCE_SUFFIX = ".txt"
# OCR layout files and what they hold. When several files of one page (one
# stem) are in sources/, the first readable in this order is the source: the
# layout files know the columns, plain text does not.
LAYOUT_SUFFIXES = {".xml": "alto", ".hocr": "hocr", ".html": "hocr", ".json": "engine"}
# A page image (ocr.IMAGE_SUFFIXES, any case: scanners write .JPG and .TIF) is
# the page's scan; it is read by OCR only when its stem has no other source.
SOURCE_SUFFIXES = (*LAYOUT_SUFFIXES, SOURCE_SUFFIX, *IMAGE_SUFFIXES)
SIDECAR_SUFFIX = ".yml"

# The first bytes of the binary files an archive is sent by mistake: images
# (scans), PDF, archives, office files. No page of text opens with them.
BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图像"),
    (b"\xff\xd8\xff", "JPEG 图像"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000 图像"),
    (b"\xffO\xffQ", "JPEG 2000 图像"),
    (b"GIF87a", "GIF 图像"),
    (b"GIF89a", "GIF 图像"),
    (b"II*\x00", "TIFF 图像"),
    (b"MM\x00*", "TIFF 图像"),
    (b"%PDF-", "PDF 文件"),
    (b"PK\x03\x04", "ZIP 压缩包或 Office 文档"),
    (b"PK\x05\x06", "ZIP 压缩包"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文档"),
    (b"\x1f\x8b", "gzip 压缩文件"),
    (b"\xfd7zXZ\x00", "xz 压缩文件"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"\x7fELF", "可执行文件"),
    (b"SQLite format 3\x00", "SQLite 数据库"),
)
# Bytes that never occur in text (tab, line ends and ESC aside).
_CONTROL_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32)) - {27}
# A binary without a known signature (an executable, raw pixels, compressed
# data) has control bytes all through it: random bytes are 11 % control bytes
# (28 of 256 values). A text damaged in a few places has a few, however short
# it is; they are the cleaner's to remove. So a file is binary when its first
# BINARY_SAMPLE bytes hold more than STRAY_CONTROL_BYTES control bytes and
# they are more than BINARY_SHARE of those bytes.
BINARY_SAMPLE = 4096
STRAY_CONTROL_BYTES = 8
BINARY_SHARE = 0.05
# UTF-8 damaged in a few places (a flipped bit, a character cut in two) has
# whole characters all around each damaged place. GB18030 read as UTF-8 is
# damaged at most of its bytes, and the pairs that happen to be UTF-8 are
# Latin, Greek or Cyrillic letters, seldom a character from U+0800 up: windows
# of 2 to 40 characters of the seeds in GB18030 never have 3 per damaged place.
# So damaged UTF-8 is kept when it has CJK_PER_DAMAGE characters from U+0800 up
# per damaged place; or, when GB18030 cannot read it either (a text in Latin
# letters), LETTERS_PER_DAMAGE letters (about two words). A character cut off
# at the end of the file is not damage: the file was truncated.
CJK_PER_DAMAGE = 4
LETTERS_PER_DAMAGE = 12
REPLACEMENT = "\ufffd"


_WORD_CHAR_RE = re.compile(r"[^\W_]")
_WIDE_CHAR_RE = re.compile("[\u0800-\ud7ff\ue000-\U0010ffff]")  # three or four bytes in UTF-8: CJK and beyond
_BAD_BYTE_RE = re.compile("[\udc80-\udcff]")  # an undecodable byte, as the surrogateescape handler gives it
_DAMAGE_RE = re.compile(f"{_BAD_BYTE_RE.pattern}+")


def binary_kind(raw: bytes) -> str | None:
    """What binary file raw is (its signature, or its control bytes), or None for text."""
    for signature, kind in BINARY_SIGNATURES:
        if raw.startswith(signature):
            return kind
    sample = raw[:BINARY_SAMPLE]
    controls = sum(byte in _CONTROL_BYTES for byte in sample)
    return "含控制字节" if controls > max(STRAY_CONTROL_BYTES, len(sample) * BINARY_SHARE) else None


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding) or raise ValueError with a reason a person can act on."""
    if not raw.strip():
        raise ValueError("文件是空的")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ValueError(f"以 {encoding} 标记开头，内容却不是 {encoding}（{error.reason}）")
    kind = binary_kind(raw)
    if kind:
        raise ValueError(f"像是二进制文件，不是文本（{kind}）")
    try:
        return raw.decode("utf-8"), "utf-8"  # the usual case: whole, valid UTF-8
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    text = decoder.decode(raw)  # not final: a character cut off at the end is held back
    cut = len(decoder.getstate()[0])
    damaged = len(_DAMAGE_RE.findall(text))  # places: a run of bad bytes is one
    if damaged * CJK_PER_DAMAGE <= len(_WIDE_CHAR_RE.findall(text)):
        return _utf8(text, damaged, cut)
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    if damaged * LETTERS_PER_DAMAGE <= len(_WORD_CHAR_RE.findall(text)):
        return _utf8(text, damaged, cut)
    raise ValueError("无法按 UTF-8、UTF-16 或 GB18030 解码")


def _utf8(text: str, damaged: int, cut: int) -> tuple[str, str]:
    """UTF-8 text with each bad byte (and each byte of a character cut off at the end) as U+FFFD."""
    places = damaged + (cut > 0)
    if not places:
        return text, "utf-8"
    text = _BAD_BYTE_RE.sub(REPLACEMENT, text) + REPLACEMENT * cut
    return text, f"utf-8, {places} undecodable byte sequence(s) shown as U+FFFD"


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_TOP_KEYS = (*PAGE_FIELDS, "stories", "pin", "reject", "corrections", "script")
_REJECT_KEYS = ("rule", "at", "before")
_CORRECTION_KEYS = ("find", "replace", "reason")


def read_sidecar(path: Path) -> Sidecar:
    """An editor's file for a source (handbook/editors.md); raise
    ValueError naming the file and what is wrong."""
    if not path.exists():
        return NO_SIDECAR
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ValueError(f"附注文件 {path.name} 不是有效的 YAML：{error}".splitlines()[0])
    return parse_sidecar(data, path.name)


def parse_sidecar(data: object, file_name: str = "") -> Sidecar:
    """The typed record of a sidecar's YAML; an unknown or malformed key is a
    ValueError naming the file and the key (a typo must not pass silently)."""
    def fail(message: str):
        raise ValueError(f"附注文件 {file_name}：{message}" if file_name else f"附注文件：{message}")

    if data is None:
        return NO_SIDECAR
    if not isinstance(data, dict):
        fail(f"应是键值映射，而不是 {type(data).__name__}")
    _known(data, _TOP_KEYS, "", fail)
    page = _fields({key: data[key] for key in PAGE_FIELDS if key in data}, "", fail)
    stories = data.get("stories") or {}
    if not isinstance(stories, dict) or not all(isinstance(k, int) and not isinstance(k, bool) and k >= 1 for k in stories):
        fail("'stories' must map a story's position on the page (1, 2, …) to its fields")
    per_story = []
    for position in sorted(stories):
        if not isinstance(stories[position], dict):
            fail(f"“stories: {position}”应把字段名映射到值")
        per_story.append((position, _fields(stories[position], f"stories: {position}: ", fail)))
    pins = data.get("pin") or []
    if not isinstance(pins, list) or not all(isinstance(p, str) and p for p in pins):
        fail("pin 应是非空文本的列表")
    rejections = []
    for item in data.get("reject") or []:
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
            fail("每个 reject 条目须有 rule，可有 at 和 before")
        _known(item, _REJECT_KEYS, "reject: ", fail)
        if "at" in item and (not isinstance(item["at"], int) or isinstance(item["at"], bool)):
            fail("“reject: at”应是原文中的字符位置（整数）")
        if "before" in item and not isinstance(item["before"], str):
            fail("“reject: before”应是被改动的原文")
        rejections.append(Rejection(item["rule"], item.get("at"), item.get("before")))
    corrections = []
    for item in data.get("corrections") or []:
        if not isinstance(item, dict) or not isinstance(item.get("find"), str) or not item["find"] \
                or not isinstance(item.get("replace"), str):
            fail("每个 corrections 条目须有 find 和 replace，可有 reason")
        _known(item, _CORRECTION_KEYS, "corrections: ", fail)
        corrections.append(Correction(item["find"], item["replace"], str(item.get("reason", "编辑更正"))))
    script = data.get("script")
    if script is not None and script not in PRINTED_SCRIPTS:
        fail(f"“script”应是 {' 或 '.join(PRINTED_SCRIPTS)}（此版印的字体），而不是“{script}”")
    return Sidecar(page, tuple(per_story), tuple(pins), tuple(rejections), tuple(corrections), script)


def _known(mapping: dict, keys: tuple[str, ...], where: str, fail) -> None:
    for key in mapping:
        if key not in keys:
            fail(f"未知的键“{where}{key}”（可用的键：{'、'.join(keys)}）")


def _fields(mapping: dict, where: str, fail) -> Fields:
    _known(mapping, (*TEXT_FIELDS, *LIST_FIELDS), where, fail)
    values: dict = {}
    for key, value in mapping.items():
        if key in TEXT_FIELDS:
            if isinstance(value, datetime.date):  # YAML reads 2023-03-09 as a date
                value = value.isoformat()
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                fail(f"“{where}{key}”应是文本")
            value = str(value)
            if key == "date" and not _is_iso_date(value):
                fail(f"“{where}date”应是写作 2023-03-09 的日期，而不是“{value}”")
        else:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                fail(f"“{where}{key}”应是文本列表")
            value = tuple(value)
        values[key] = value
    return Fields(**values)


def _is_iso_date(text: str) -> bool:
    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def read_layout(raw: bytes, suffix: str) -> tuple[Reading, str, Page]:
    """The recognised text of an ALTO, hOCR or engine JSON file (its Reading), which it was, and its page."""
    if not raw.strip():
        raise ValueError("文件是空的")
    if LAYOUT_SUFFIXES[suffix] == "alto":
        page, kind = read_alto(raw), "alto"
    elif LAYOUT_SUFFIXES[suffix] == "engine":
        page, kind = read_engine_json(raw), "engine-json"
    elif suffix == ".html" and not is_hocr(raw):
        raise ValueError("是 HTML 但不是 hOCR（没有 ocr_page 元素，也没有 ocr-system 元信息）")
    else:
        page, kind = read_hocr(raw), "hocr"
    return recognised_lines(page), kind, page


def scan_lines(reading: Reading, page: Page) -> tuple[ScanLine, ...]:
    """The reading's lines where they stand on the page, as fractions of its
    size, in the text's order, each with its offset in the text."""
    width = page.width or max((box.right for box in reading.boxes if box), default=1.0)
    height = page.height or max((box.bottom for box in reading.boxes if box), default=1.0)
    out, start = [], 0
    for text, box, edges in zip(reading.text.split("\n"), reading.boxes, reading.edges or [None] * len(reading.boxes)):
        shown = text.strip()
        if box is not None and shown:
            across = box.width >= box.height or len(shown) < 2
            length = width if across else height
            if edges:  # they are the row's: the line less its paragraph indent (layout.PARAGRAPH_INDENT)
                row = text[len(text) - (len(edges) - 1):]
                lead = len(row) - len(row.lstrip())
                edges = edges[lead:lead + len(shown) + 1]
            edges = tuple(round(edge / length, 5) for edge in edges) if len(edges) == len(shown) + 1 else ()
            out.append(ScanLine(round(box.left / width, 5), round(box.top / height, 5), round(box.right / width, 5),
                                round(box.bottom / height, 5), shown, start, edges))
        start += len(text) + 1
    return tuple(out)


def source_from_bytes(raw: bytes, name: str, sidecar: Sidecar = NO_SIDECAR, with_lines: bool = False) -> Source:
    """A source from a file's bytes and name (its suffix says how to read it);
    raise ValueError (reason only) when it cannot be used. `with_lines`: keep
    a layout file's lines where they stand (its page has an image to draw them on)."""
    suffix = Path(name).suffix
    sizes: tuple[float, ...] = ()
    lines: tuple[ScanLine, ...] = ()
    vertical = False
    if suffix in LAYOUT_SUFFIXES:
        reading, encoding, page = read_layout(raw, suffix)
        text, sizes, vertical = reading.text, reading.sizes, reading.vertical
        lines = scan_lines(reading, page) if with_lines else ()
    else:
        text, encoding = decode(raw)
        text = normalise_line_ends(text)
    if not text.strip():
        raise ValueError("只有空白字符")
    if not _WORD_CHAR_RE.search(text):
        raise ValueError("没有文字或数字，只有标点和符号")
    return Source(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest(), encoding=encoding,
                  sidecar=sidecar, type_sizes=sizes, lines=lines, vertical=vertical)


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def source_from_image(raw: bytes, name: str, engine: Engine = Engine(), ocr_cache: Path | None = None,
                      rendered_from: str = "") -> Source:
    """A page scan read by the OCR engine (ocr.recognise): its text read from
    the engine's output like any layout file, its image the page's scan
    (`rendered_from`: the page of a PDF it was rendered from)."""
    reading = with_dropped_marks(raw, recognise(raw, engine, ocr_cache))
    layout, encoding, page = read_layout(reading.data, reading.suffix)
    scan = Scan(name, reading.sha256, reading.width, reading.height, reading.engine, rendered_from)
    return Source(name=name, text=layout.text, sha256=scan.sha256, encoding=f"ocr:{encoding}", type_sizes=layout.sizes,
                  lines=scan_lines(layout, page), scan=scan, vertical=layout.vertical)


def read_source(path: Path) -> Source:
    """Read one source and its sidecar; raise ValueError (reason only) when
    either cannot be used (`clean FILE`: an editor checking a sidecar sees
    its fault; a build publishes the page without it, see read_page)."""
    raw = path.read_bytes()  # the file's own faults are named first
    source = source_from_image(raw, path.name) if is_image(path) else source_from_bytes(raw, path.name)
    source = replace(source, sidecar=read_sidecar(path.with_suffix(SIDECAR_SUFFIX)))
    return replace(source, script=printed_script(source))


def ignored_sidecar(source_name: str, reason: str) -> Problem:
    """The problem of a sidecar that cannot be used: it names the sidecar and
    why, and says its page is published without it (nothing of the scan is
    lost for an editor's typo)."""
    return Problem(Path(source_name).with_suffix(SIDECAR_SUFFIX).name, f"{reason}；已忽略，此版照常发布")


def _suffix(path: Path) -> str:
    return path.suffix.lower() if is_image(path) else path.suffix


def source_paths(sources_dir: Path) -> list[Path]:
    """Source files in a stable order (by name), so builds are reproducible."""
    return sorted(p for p in sources_dir.iterdir() if p.is_file() and _suffix(p) in SOURCE_SUFFIXES)


def _precedence(path: Path) -> tuple[int, str]:
    return SOURCE_SUFFIXES.index(_suffix(path)) if _suffix(path) in SOURCE_SUFFIXES else len(SOURCE_SUFFIXES), path.name


def is_pdf(path: Path) -> bool:
    return path.suffix.lower() == PDF_SUFFIX


def sidecar_path(path: Path, files: tuple[Path, ...]) -> Path:
    """Where an editor's sidecar of a page's file is: NAME.yml beside it; for
    the image of a PDF's page (rendered into the cache), STEM.yml beside the PDF."""
    pdf = next((other for other in files if is_pdf(other)), None)
    if pdf is not None and not is_pdf(path):
        return pdf.with_name(f"{path.stem}{SIDECAR_SUFFIX}")
    return path.with_suffix(SIDECAR_SUFFIX)


def page_files(sources_dir: Path, pdf_store: Path | None = None,
               digest_of: Callable[[Path], str] | None = None) -> tuple[list[tuple[Path, ...]], list[Problem]]:
    """The files of each page of the folder (one stem: NAME.xml, NAME.hocr,
    NAME.txt, NAME.png), in the order they are tried (SOURCE_SUFFIXES), pages
    by stem; each page of a PDF is a page, its image rendered into `pdf_store`
    (pdf.render_pages; `digest_of` gives the PDF's SHA-256). A missing or
    empty folder is a problem, and so is a PDF that cannot be rendered."""
    if not sources_dir.is_dir():
        return [], [Problem(str(sources_dir), "没有这个来源文件夹")]
    paths = source_paths(sources_dir)
    pdfs = sorted(p for p in sources_dir.iterdir() if p.is_file() and is_pdf(p))
    if not paths and not pdfs:
        kinds = ", ".join(sorted({*SOURCE_SUFFIXES, PDF_SUFFIX}))
        return [], [Problem(str(sources_dir), f"文件夹里没有来源文件（{kinds} 都没有）")]
    pages: dict[str, list[Path]] = {}
    problems = []
    for pdf in pdfs:
        if pdf_store is None:
            problems.append(Problem(pdf.name, "PDF 的页面只在构建中读取（python -m build_tools build、mkdocs build）"))
            continue
        try:
            rendered = render_pages(pdf, digest_of(pdf) if digest_of else hashlib.sha256(pdf.read_bytes()).hexdigest(),
                                    pdf_store)
        except ValueError as error:
            problems.append(Problem(pdf.name, str(error)))
            continue
        for image in rendered:  # the page's files: its image, and the PDF it was rendered from
            pages.setdefault(image.stem, []).extend((image, pdf))
    for path in paths:
        pages.setdefault(path.stem, []).append(path)
    return [tuple(sorted(pages[stem], key=_precedence)) for stem in sorted(pages)], problems


# A collection manifest: a CSV, one row a page of sources/, with a header naming these columns.
MANIFEST_COLUMNS = ("file", "paper", "date", "page")


def read_collection_manifest(path: Path) -> dict[str, Fields]:
    """What a collection manifest declares of each page (paper, date, page), by
    the page's stem (`file` may be written with or without its suffix). Raise
    ValueError naming the file, the row and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"馆藏清单 {path}：无法读取（{error}）") from error
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    if "file" not in header or not set(header) <= set(MANIFEST_COLUMNS):
        raise ValueError(f"馆藏清单 {path.name}：首行应是列名，含 file，可有 {'、'.join(MANIFEST_COLUMNS[1:])}，"
                         f"而不是“{','.join(header)}”")
    rows: dict[str, Fields] = {}
    for number, row in enumerate(reader, 2):
        name = (row.get("file") or "").strip()
        if not name:
            raise ValueError(f"馆藏清单 {path.name} 第 {number} 行：没有 file")
        values = {key: row[key].strip() for key in MANIFEST_COLUMNS[1:] if (row.get(key) or "").strip()}
        if "date" in values and not _is_iso_date(values["date"]):
            raise ValueError(f"馆藏清单 {path.name} 第 {number} 行：date 应写作 2023-03-09，而不是“{values['date']}”")
        stem = Path(name).stem if Path(name).suffix in SOURCE_SUFFIXES else name
        rows[stem] = Fields(**values)
    return rows


def printed_script(source: Source, collection: Collection = DEFAULT_COLLECTION) -> str:
    """The script the page is printed in: as its sidecar declares, or the
    collection, or as its characters show (printed_script.detect_script);
    Simplified when nothing tells."""
    if source.sidecar.script:
        return source.sidecar.script
    if collection.script != AUTO_SCRIPT:
        return collection.script
    return detect_script(source.text) or SIMPLIFIED


def ocr_engine(collection: Collection) -> Engine:
    """The OCR engine the collection chooses, with its settings."""
    return Engine(collection.ocr_engine, languages=collection.ocr_languages)


def read_page(files: tuple[Path, ...], collection: Collection = DEFAULT_COLLECTION,
              declared: Fields = Fields(), ocr_cache: Path | None = None) -> tuple[Source | None, list[Problem]]:
    """The page's source: the first of its files that can be read, with its
    sidecar; each other file is a problem that names the file read instead,
    or why it failed. Its image (the first, when there are several) is its
    scan: read by OCR when no other file is (ocr_cache: where engines'
    readings are kept), else shown beside the text. A sidecar that cannot be
    used is left out: the page is read without it, and the problem names the
    sidecar (ignored_sidecar). `declared`: the page's row of the collection
    manifest, under its sidecar."""
    chosen, source, problems = None, None, []
    images = [path for path in files if is_image(path)]
    for path in files:
        if is_image(path) or is_pdf(path):  # a PDF's page is read from its image
            continue
        if chosen is not None:
            problems.append(Problem(path.name, f"未读取：{chosen.name} 是带版面信息的同一版，已改读它"))
            continue
        try:
            source, chosen = source_from_bytes(path.read_bytes(), path.name, with_lines=bool(images)), path
        except ValueError as error:
            problems.append(Problem(path.name, str(error)))
    problems += [Problem(path.name, f"未使用：{images[0].name} 是同一版的扫描") for path in images[1:]]
    if images:
        image = images[0]
        raw = image.read_bytes()
        try:
            if source is None:
                source = source_from_image(raw, image.name, ocr_engine(collection), ocr_cache, origin(image))
                chosen = image
            else:
                width, height = image_size(raw)
                source = replace(source, scan=Scan(image.name, hashlib.sha256(raw).hexdigest(), width, height,
                                                   origin=origin(image)))
        except ValueError as error:
            problems.append(Problem(image.name, str(error) if source is None else f"{error}；此版发布时不附扫描"))
    if source is not None:
        try:
            source = replace(source, sidecar=read_sidecar(sidecar_path(chosen, files)))
        except ValueError as error:
            problems.append(ignored_sidecar(source.name, str(error)))
        if declared.given():  # the collection manifest's row: what the page's own sidecar does not say
            page = Fields(**{**declared.given(), **source.sidecar.page.given()})
            source = replace(source, sidecar=replace(source.sidecar, page=page))
        source = replace(source, script=printed_script(source, collection), collection_paper=collection.paper)
    return source, problems


def read_sources(sources_dir: Path) -> tuple[list[Source], list[Problem]]:
    """Every source of the folder, every file that gave none and every sidecar left out (see read_page)."""
    pages, problems = page_files(sources_dir)
    sources = []
    for files in pages:
        source, page_problems = read_page(files)
        sources.extend([source] if source else [])
        problems.extend(page_problems)
    return sorted(sources, key=lambda source: source.name), sorted(problems, key=lambda problem: problem.source_name)
