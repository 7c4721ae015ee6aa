"""Ingest: read a source file (and its optional sidecar) into a `Source`.

The only stage that reads `sources/`. A plain-text source is decoded and its
line ends normalised, nothing else: every change to the words belongs to
`clean`, where it is recorded. An OCR layout source (ALTO `.xml`, hOCR
`.hocr` or `.html`) is read by `layout`: its text is the recognised text in
reading order, which the source page shows and provenance offsets refer to.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import replace
from pathlib import Path

import yaml

from .layout import is_hocr, read_alto, read_hocr, recognised_lines
from .model import Problem, Source

SOURCE_SUFFIX = ".txt"
# OCR layout files and what they hold. When several files of one page (one
# stem) are in sources/, the first readable in this order is the source: the
# layout files know the columns, plain text does not.
LAYOUT_SUFFIXES = {".xml": "alto", ".hocr": "hocr", ".html": "hocr"}
SOURCE_SUFFIXES = (*LAYOUT_SUFFIXES, SOURCE_SUFFIX)
SIDECAR_SUFFIX = ".yml"

# Bytes that never occur in text: a file with many of them is binary, not a bad scan.
_BINARY_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32)) - {27}


def decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding) or raise ValueError with a reason a person can act on."""
    if not raw.strip():
        raise ValueError("the file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise ValueError(f"starts with a {encoding} mark but is not {encoding} ({error.reason})")
    sample = raw[:4096]
    if b"\x00" in sample or sum(byte in _BINARY_BYTES for byte in sample) > len(sample) // 100:
        raise ValueError("looks binary, not text (control bytes found)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError("cannot be decoded as UTF-8, UTF-16 or GB18030")


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_sidecar(path: Path) -> dict:
    """An editor's overrides for a source; see README, 'Editor overrides'."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} must hold a mapping, not {type(data).__name__}")
    return data


def read_layout(raw: bytes, suffix: str) -> tuple[str, str, tuple[float, ...]]:
    """The recognised text of an ALTO or hOCR file, which it was, and its lines' type sizes."""
    if not raw.strip():
        raise ValueError("the file is empty")
    if LAYOUT_SUFFIXES[suffix] == "alto":
        text, sizes = recognised_lines(read_alto(raw))
        return text, "alto", sizes
    if suffix == ".html" and not is_hocr(raw):
        raise ValueError("is HTML but not hOCR (no ocr_page element, no ocr-system meta)")
    text, sizes = recognised_lines(read_hocr(raw))
    return text, "hocr", sizes


def source_from_bytes(raw: bytes, name: str, overrides: dict | None = None) -> Source:
    """A source from a file's bytes and name (its suffix says how to read it);
    raise ValueError (reason only) when it cannot be used."""
    suffix = Path(name).suffix
    sizes: tuple[float, ...] = ()
    if suffix in LAYOUT_SUFFIXES:
        text, encoding, sizes = read_layout(raw, suffix)
    else:
        text, encoding = decode(raw)
        text = normalise_line_ends(text)
    if not text.strip():
        raise ValueError("holds only white space")
    return Source(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest(), encoding=encoding,
                  overrides=overrides or {}, type_sizes=sizes)


def read_source(path: Path) -> Source:
    """Read one source; raise ValueError (reason only) when it cannot be used."""
    source = source_from_bytes(path.read_bytes(), path.name)
    try:
        overrides = read_sidecar(path.with_suffix(SIDECAR_SUFFIX))
    except (yaml.YAMLError, ValueError) as error:
        raise ValueError(f"its sidecar is not valid YAML: {error}".splitlines()[0])
    return replace(source, overrides=overrides)


def source_paths(sources_dir: Path) -> list[Path]:
    """Source files in a stable order (by name), so builds are reproducible."""
    return sorted(p for p in sources_dir.iterdir() if p.is_file() and p.suffix in SOURCE_SUFFIXES)


def _precedence(path: Path) -> int:
    return SOURCE_SUFFIXES.index(path.suffix)


def page_files(sources_dir: Path) -> tuple[list[tuple[Path, ...]], list[Problem]]:
    """The files of each page of the folder (one stem: NAME.xml, NAME.hocr,
    NAME.txt), in the order they are tried (SOURCE_SUFFIXES), pages by stem; a
    missing or empty folder is a problem."""
    if not sources_dir.is_dir():
        return [], [Problem(str(sources_dir), "no such folder of sources")]
    paths = source_paths(sources_dir)
    if not paths:
        kinds = ", ".join(sorted(set(SOURCE_SUFFIXES)))
        return [], [Problem(str(sources_dir), f"no sources in this folder (none of {kinds})")]
    pages: dict[str, list[Path]] = {}
    for path in paths:
        pages.setdefault(path.stem, []).append(path)
    return [tuple(sorted(pages[stem], key=_precedence)) for stem in sorted(pages)], []


def read_page(files: tuple[Path, ...]) -> tuple[Source | None, list[Problem]]:
    """The page's source: the first of its files that can be read; each other
    file is a problem that names the file read instead, or why it failed."""
    chosen, source, problems = None, None, []
    for path in files:
        if chosen is not None:
            problems.append(Problem(path.name, f"not read: {chosen.name} is the same page with its layout, read instead"))
            continue
        try:
            source, chosen = read_source(path), path
        except ValueError as error:
            problems.append(Problem(path.name, str(error)))
    return source, problems


def read_sources(sources_dir: Path) -> tuple[list[Source], list[Problem]]:
    """Every source of the folder, and every file that gave none (see read_page)."""
    pages, problems = page_files(sources_dir)
    sources = []
    for files in pages:
        source, page_problems = read_page(files)
        sources.extend([source] if source else [])
        problems.extend(page_problems)
    return sorted(sources, key=lambda source: source.name), sorted(problems, key=lambda problem: problem.source_name)
