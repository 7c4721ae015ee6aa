"""Ingest: read a source file (and its optional sidecar) into a `Source`.

The only stage that reads `sources/`. It decodes, normalises line ends and
nothing else: every change to the words belongs to `clean`, where it is recorded.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import yaml

from .model import Problem, Source

SOURCE_SUFFIX = ".txt"
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


def read_source(path: Path) -> Source:
    """Read one source; raise ValueError (reason only) when it cannot be used."""
    raw = path.read_bytes()
    text, encoding = decode(raw)
    text = normalise_line_ends(text)
    if not text.strip():
        raise ValueError("holds only white space")
    try:
        overrides = read_sidecar(path.with_suffix(SIDECAR_SUFFIX))
    except (yaml.YAMLError, ValueError) as error:
        raise ValueError(f"its sidecar is not valid YAML: {error}".splitlines()[0])
    return Source(
        name=path.name,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=encoding,
        overrides=overrides,
    )


def source_paths(sources_dir: Path) -> list[Path]:
    """Source files in a stable order (by name), so builds are reproducible."""
    return sorted(p for p in sources_dir.iterdir() if p.is_file() and p.suffix == SOURCE_SUFFIX)


def read_sources(sources_dir: Path) -> tuple[list[Source], list[Problem]]:
    """Every source of the folder; a missing or empty folder is a problem too."""
    if not sources_dir.is_dir():
        return [], [Problem(str(sources_dir), "no such folder of sources")]
    if not source_paths(sources_dir):
        return [], [Problem(str(sources_dir), f"no {SOURCE_SUFFIX} sources in this folder")]
    sources, problems = [], []
    for path in source_paths(sources_dir):
        try:
            sources.append(read_source(path))
        except ValueError as error:
            problems.append(Problem(path.name, str(error)))
    return sources, problems
