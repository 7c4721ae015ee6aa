"""The per-page cache: what ingest, clean, segment, enrich and index made of
each page of sources/, one pickle per key, keyed by the page's files and
their sidecars, byte for byte, and by the pipeline's own code and the versions
of the libraries whose output lands in it (pipeline_version). An unreadable
entry is a miss; the cache is safe to delete at any time."""

from __future__ import annotations

import hashlib
import json
import pickle
import sys
from importlib import metadata
from pathlib import Path

from .ingest import sidecar_path
from .model import PageResult
from .search import PageIndex
from .staging import atomic_write

PACKAGE = Path(__file__).resolve().parent
DEFAULT_CACHE = PACKAGE.parent / "build" / "cache"
# What a page's result depends on besides its files: the pipeline's code and
# data, and the libraries whose output lands in it.
_CODE_SUFFIXES = {".py", ".yml", ".yaml", ".json", ".txt"}
_LIBRARIES = ("jieba", "OpenCC", "pypinyin", "PyYAML")
OCR_DIR = "ocr"  # in the cache folder: engines' readings, kept by image and engine (ocr_folder)


def pipeline_version() -> str:
    """A digest of everything besides a page's files that its result depends on."""
    digest = hashlib.sha256(f"python {sys.version_info[:2]}".encode())
    for name in _LIBRARIES:
        digest.update(f"{name} {metadata.version(name)}".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class FileDigests:
    """The SHA-256 of source files, read again only where a file's size,
    modification time or inode changed since the last build recorded it: a
    build of an unchanged folder of page images (megabytes each) reads none of
    them. Kept in the cache folder, one record for all sources (`save`)."""

    def __init__(self, cache: Path):
        self.path = cache / "file-digests.json"
        try:
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.now: dict[str, list] = {}

    def of(self, path: Path) -> str:
        """The file's digest, or "" when there is no such file."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            return ""
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self.known.get(str(path))
        digest = known[3] if isinstance(known, list) and known[:3] == stamp else hashlib.sha256(path.read_bytes()).hexdigest()
        self.now[str(path)] = [*stamp, digest]
        return digest

    def save(self) -> None:
        if self.now != self.known:
            atomic_write(self.path, json.dumps(self.now, sort_keys=True).encode("utf-8"))


def page_key(files: tuple[Path, ...], version: str, digests: FileDigests) -> str:
    """The cache key of a page: its files and their sidecars (names and
    contents, by FileDigests) and the pipeline's version."""
    parts = [version]
    for path in files:
        parts += [path.name, digests.of(path), digests.of(sidecar_path(path, files)) or "no sidecar"]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class PageCache:
    """Page results on disk, one pickle per key. An unreadable entry is a miss."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str, kind: str = "pages") -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def get(self, key: str, kind: str = "pages", expected: type = PageResult):
        """The entry of `kind` (pages: PageResult; index: PageIndex), or None."""
        try:
            with self._path(key, kind).open("rb") as file:
                result = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return result if isinstance(result, expected) else None

    def get_index(self, key: str) -> PageIndex | None:
        return self.get(key, "index", PageIndex)

    def has(self, key: str, kind: str = "pages") -> bool:
        return self._path(key, kind).is_file()

    def put(self, key: str, result: PageResult | PageIndex) -> None:
        path = self._path(key, "index" if isinstance(result, PageIndex) else "pages")
        atomic_write(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))  # readers see the whole entry or none


def cache_folder(cache_dir: Path | None = None) -> Path:
    return cache_dir or DEFAULT_CACHE


def ocr_folder(folder: Path) -> Path:
    """Where OCR engines' readings of page images are kept (ocr.recognise): keyed
    by the image and the engine, not the pipeline's code, so a new rule reads no image again."""
    return folder / OCR_DIR
