"""PDFs in sources/: each page of a PDF is a page of the archive.

Archives often hold a day's paper as one PDF of page scans. Each of its pages
is rendered once (PDFium, through pypdfium2: its binary ships in the wheel)
into a PNG in the build cache, keyed by the PDF's bytes and the renderer, and
that image is then the page's scan like any image in sources/: read by OCR,
or shown beside a text of the same name (`ISSUE-p001.txt` beside `ISSUE.pdf`).
A page is named by its file and number (`ISSUE.pdf#page=1`, RFC 8118), and
its stem `ISSUE-p001` names its stories and its scan page. The source file
is never written to.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

PDF_SUFFIX = ".pdf"
PDF_DIR = "pdf"  # in the build cache: the rendered pages, one folder a PDF
_PAGES_FILE = "pages.json"  # in a PDF's folder: each page image's name and where it comes from


@dataclass(frozen=True)
class PdfRendering:
    dpi: int = 300  # as page scans are made; a page's longest side is held to max_side
    max_side: int = 8000  # pixels: a broadsheet at 300 dpi is about 7,000 long
    max_pages: int = 2000  # more is not an issue of a paper (or a malformed file)

    def key(self, sha256: str) -> str:
        """A PDF's folder in the cache: its bytes, these settings and the renderer's version."""
        return hashlib.sha256(f"{sha256}\0{self.dpi}\0{self.max_side}\0{_pdfium_version()}".encode()).hexdigest()[:32]


RENDERING = PdfRendering()


@functools.cache
def _pdfium_version() -> str:
    from importlib import metadata

    return f"pypdfium2 {metadata.version('pypdfium2')}"


def page_stem(stem: str, number: int) -> str:
    """The stem of a PDF's page (1-based): ISSUE-p001."""
    return f"{stem}-p{number:03d}"


def page_name(pdf_name: str, number: int) -> str:
    """How a page of a PDF is cited (RFC 8118's fragment): ISSUE.pdf#page=1."""
    return f"{pdf_name}#page={number}"


def render_pages(pdf: Path, sha256: str, store: Path, rendering: PdfRendering = RENDERING) -> list[Path]:
    """The PDF's pages as PNG images in the store (rendered now when missing),
    in page order. ValueError (the reason, in the archive's words) when the
    file cannot be read as a PDF of pages."""
    folder = store / rendering.key(sha256)
    record = folder / _PAGES_FILE
    if record.is_file():
        return [folder / name for name in json.loads(record.read_text(encoding="utf-8"))]
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        raise ValueError(f"无法作为 PDF 读取（{error}）") from None
    try:
        count = len(document)
        if count == 0:
            raise ValueError("PDF 里没有页面")
        if count > rendering.max_pages:
            raise ValueError(f"PDF 有 {count} 页，超过 {rendering.max_pages} 页的上限，不是一期报纸")
        store.mkdir(parents=True, exist_ok=True)
        names = {}
        with tempfile.TemporaryDirectory(dir=store) as work:
            for index in range(count):
                page = document[index]
                width, height = page.get_size()  # in points, 72 an inch
                scale = min(rendering.dpi / 72, rendering.max_side / max(width, height, 1))
                image = page.render(scale=scale, grayscale=True).to_pil()
                name = f"{page_stem(pdf.stem, index + 1)}.png"
                image.save(Path(work) / name, optimize=False)
                names[name] = page_name(pdf.name, index + 1)
                page.close()
            (Path(work) / _PAGES_FILE).write_text(json.dumps(names, ensure_ascii=False, indent=1), encoding="utf-8")
            shutil.rmtree(folder, ignore_errors=True)
            Path(work).rename(folder)
            Path(work).mkdir()  # for TemporaryDirectory to remove
    except pypdfium2.PdfiumError as error:
        raise ValueError(f"PDF 的页面无法渲染（{error}）") from None
    finally:
        document.close()
    return [folder / name for name in names]


def origin(image: Path) -> str:
    """Where a rendered page comes from (ISSUE.pdf#page=1), or "" for an image that is not one."""
    record = image.parent / _PAGES_FILE
    if image.parent.parent.name != PDF_DIR or not record.is_file():
        return ""
    return json.loads(record.read_text(encoding="utf-8")).get(image.name, "")
