"""Small helpers for tests: run one rule the way the pipeline does; good pages of any
length, and real binary files."""

import gzip
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

from build_tools.clean.edits import apply_edits

SEED = (Path(__file__).resolve().parent.parent / "sources" / "002_b72c39747ee464c6.txt").read_text(encoding="utf-8")
# Pages from a caption's 20 bytes to many KB, around the 4 KB ingest samples
# and the 141 and 142 bytes of issue 19's pages.
LENGTHS = (20, 21, 33, 64, 100, 141, 142, 300, 1000, 4095, 4096, 4097, 12000)


def run_rule(rule, text: str) -> str:
    return apply_edits(text, rule.__name__, rule(text))[0]


def page(*blocks: str) -> str:
    """Blocks of cleaned text, one blank line apart."""
    return "\n\n".join(blocks)


def flags(rule, text: str) -> list[str]:
    return [edit.reason for edit in rule(text) if edit.flag]


def real_binaries(text: str) -> dict[str, tuple[bytes, str]]:
    """Binary files an archive is sent by mistake, made by their own rules
    (no blobs in the repository), each with the kind ingest must name. The
    ZIP stores `text` as it is and the PDF is written in ASCII: only their
    signatures show they are not text."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + b"\xc8\x1e\x1e" * 4 for _ in range(4))  # four rows of four red pixels
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as stored:
        stored.writestr("page.txt", text)
    content = b"BT /F1 12 Tf 20 100 Td (Jinzhou Daily) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    pdf = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n%s\nendobj\n" % (number, body) for number, body in enumerate(objects, 1))
    pdf += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return {
        "png": (png, "PNG 图像"),
        "zip": (archive.getvalue(), "ZIP 压缩包"),
        "pdf": (pdf, "PDF 文件"),
        "gzip": (gzip.compress(text.encode("utf-8"), mtime=0), "gzip 压缩文件"),
        "deflate": (zlib.compress(text.encode("utf-8")), "含控制字节"),  # no signature: its bytes show it
    }


def good_page(length: int) -> str:
    """Good text of at most `length` UTF-8 bytes from a seed page, ending with a Chinese character."""
    text = (SEED * 3)[random.Random(length).randrange(len(SEED)):]
    end = len(text.encode("utf-8")[:length].decode("utf-8", errors="ignore"))
    while not "\u4e00" <= text[end - 1] <= "\u9fff":
        end -= 1
    return text[:end]
