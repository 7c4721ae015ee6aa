"""Scans: each page image as static IIIF tiles, and a IIIF manifest of its page.

A page's image (the one OCR read, or the one beside its text) is cut into
IIIF Image API 3 level-0 tiles by libvips (`dzsave --layout iiif3`): a deep-zoom
viewer on the scan page (OpenSeadragon) loads them as plain images, served,
under a sub-path or from disk. The tiles are made once per image and tile
settings, into the build cache (TILE_DIR), and copied into the site by the
plugin after each build (plugin.on_post_build): MkDocs never lists them. An
archive that hosts them elsewhere (Collection.scan_base_url) gets them beside
the site instead, to upload.

Each page also gets a IIIF Presentation 3 manifest (`scans/STEM/manifest.json`,
in docs/: small), its recognised lines as annotations, so that Mirador or
Universal Viewer open it; and `scans/tiles.json` tells the plugin which
tiles belong under which page. A story finds its lines on the scan (story_lines:
its span of the page's text, its paragraphs') and its region of the page.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .site_map import INFO_FILE
from .model import PROSE_KINDS, Scan, ScanLine, Source, Story, paragraph_anchor

TILE_DIR = "tiles"  # in the build cache


@dataclass(frozen=True)
class TileSettings:
    size: int = 512  # a tile's side in pixels
    quality: int = 80  # JPEG quality of the tiles

    def key(self, scan: Scan) -> str:
        """The tiles' folder in the store: the image's bytes, these settings and libvips' version."""
        made_by = f"{self.size}\0{self.quality}\0{_libvips_version()}"
        return hashlib.sha256(f"{scan.sha256}\0{made_by}".encode()).hexdigest()[:32]


@functools.cache
def _libvips_version() -> str:
    import pyvips

    return f"libvips {pyvips.version(0)}.{pyvips.version(1)}"


TILES = TileSettings()


def scale_factors(scan: Scan, settings: TileSettings = TILES) -> list[int]:
    """The zoom levels dzsave writes: halving until the image fits in one tile."""
    levels = max(0, math.ceil(math.log2(max(scan.width, scan.height) / settings.size))) + 1
    return [2 ** level for level in range(levels)]


def tile_source(scan: Scan, settings: TileSettings = TILES) -> dict:
    """The image's IIIF info.json (its `id` set by the page where it is shown)."""
    return {"@context": "http://iiif.io/api/image/3/context.json", "id": "", "type": "ImageService3",
            "protocol": "http://iiif.io/api/image", "profile": "level0", "width": scan.width, "height": scan.height,
            "tiles": [{"width": settings.size, "scaleFactors": scale_factors(scan, settings)}]}


def make_tiles(image: Path, scan: Scan, store: Path, settings: TileSettings = TILES) -> Path:
    """The image's tiles in the store (made now when missing): the folder's
    path; ValueError when libvips cannot cut the image."""
    folder = store / settings.key(scan)
    if (folder / INFO_FILE).is_file():
        return folder
    import pyvips

    store.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=store) as work:
        made = Path(work) / "tiles"
        try:
            pyvips.Image.new_from_file(str(image), access="sequential").dzsave(
                str(made), layout="iiif3", tile_size=settings.size, suffix=f".jpg[Q={settings.quality},strip]", id="")
        except (pyvips.Error, OSError) as error:
            raise ValueError(f"无法切分扫描图像（{str(error).splitlines()[0]}）；此版发布时不附扫描") from None
        shutil.rmtree(folder, ignore_errors=True)
        made.rename(folder)
    return folder


def publish_tiles(tiles: Path, target: Path, image_id: str) -> None:
    """A page's tiles into the site (hard links where the file system allows),
    its info.json's id the image's URL there."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(tiles, target, copy_function=_link_or_copy)
    info = json.loads((tiles / INFO_FILE).read_text(encoding="utf-8"))
    info["id"] = image_id
    (target / INFO_FILE).unlink()
    (target / INFO_FILE).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")


def _link_or_copy(source: str, target: str) -> None:
    try:
        Path(target).hardlink_to(source)
    except OSError:
        shutil.copy2(source, target)


def overview(tiles: Path) -> str:
    """The path, in a page's tiles, of the whole image at the smallest size dzsave wrote (full/W,H/0/default.jpg)."""
    sizes = sorted((tiles / "full").iterdir(), key=lambda folder: [int(n) for n in folder.name.split(",")])
    return f"full/{sizes[0].name}/0/default.jpg"


def manifest(source: Source, base_url: str, label: str, whole: str, image: str = "") -> dict:
    """The page's IIIF Presentation 3 manifest: one canvas, the scan painted on
    it from its tiles, the recognised lines as supplementing text annotations.
    `base_url`: the page's scans/STEM/ folder as published (absolute where the
    site's URL is known); `image`: its tiles' folder (site_map.image_url; by
    default the same folder); `whole`: the whole image's path under it (overview)."""
    scan = source.scan
    canvas = f"{base_url}canvas/1"
    image = image or base_url.rstrip("/")
    service = [{"id": image, "type": "ImageService3", "profile": "level0"}]
    image = {"id": f"{image}/{whole}", "type": "Image", "format": "image/jpeg",
             "width": scan.width, "height": scan.height, "service": service}
    lines = [{"id": f"{canvas}/line/{number}", "type": "Annotation", "motivation": "supplementing",
              "body": {"type": "TextualBody", "value": line.text, "format": "text/plain", "language": source.script},
              "target": f"{canvas}#xywh={_xywh(line, scan)}"}
             for number, line in enumerate(source.lines, 1)]
    document = {
        "@context": "http://iiif.io/api/presentation/3/context.json",
        "id": f"{base_url}manifest.json", "type": "Manifest", "label": {source.script: [label]},
        "metadata": [{"label": {"en": ["sha256"]}, "value": {"none": [scan.sha256]}}]
        + ([{"label": {"en": ["OCR"]}, "value": {"none": [scan.engine]}}] if scan.engine else [])
        + ([{"label": {"en": ["source"]}, "value": {"none": [scan.origin]}}] if scan.origin else []),
        "items": [{"id": canvas, "type": "Canvas", "width": scan.width, "height": scan.height,
                   "items": [{"id": f"{canvas}/page", "type": "AnnotationPage",
                              "items": [{"id": f"{canvas}/image", "type": "Annotation", "motivation": "painting",
                                         "body": image, "target": canvas}]}]}],
    }
    if lines:
        document["items"][0]["annotations"] = [{"id": f"{canvas}/text", "type": "AnnotationPage", "items": lines}]
    return document


def story_lines(story: Story) -> list[tuple[ScanLine, str]]:
    """The lines of the page's scan a story is printed in, in its text's
    order, each with the anchor of the paragraph it holds ("" for a headline
    or another line of the story outside its paragraphs): a line belongs to
    the story where it begins inside the story's span, or holds part of one
    of its blocks."""
    lines = story.source.lines
    if not lines:
        return []
    ends = [line.start for line in lines[1:]] + [len(story.source.text) + 1]
    out = []
    for line, end in zip(lines, ends):
        anchor = next((paragraph_anchor(index) for index, block in enumerate(story.blocks)
                       if block.kind in PROSE_KINDS and line.start < block.source_end and end > block.source_start), "")
        if anchor or story.span[0] <= line.start < story.span[1]:
            out.append((line, anchor))
    return out


def region(lines) -> tuple[float, float, float, float] | None:
    """The rectangle the lines stand in, as fractions of the page (left, top, right, bottom)."""
    if not lines:
        return None
    return (min(line.left for line in lines), min(line.top for line in lines),
            max(line.right for line in lines), max(line.bottom for line in lines))


def pixel_region(story: Story) -> list[int] | None:
    """The story's region of its page's scan in the image's pixels (x, y, width, height), or None."""
    scan = story.source.scan
    box = region([line for line, _ in story_lines(story)]) if scan else None
    if box is None:
        return None
    x, y = round(box[0] * scan.width), round(box[1] * scan.height)
    return [x, y, round(box[2] * scan.width) - x, round(box[3] * scan.height) - y]


def _xywh(line: ScanLine, scan: Scan) -> str:
    x, y = round(line.left * scan.width), round(line.top * scan.height)
    return f"{x},{y},{round(line.right * scan.width) - x},{round(line.bottom * scan.height) - y}"
