"""Page images as sources (issue 22): read by a real OCR engine during the
build, cached apart from the pages, shown on the scan page in a deep-zoom
viewer over static IIIF tiles, with a IIIF manifest; bad images named.

The pages are drawn here with Pillow and the Noto CJK fonts (fonts-noto-cjk,
installed by `make test`) from text of the seeds, so their truth is known."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SOURCES, copy_project
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from build_tools.ingest import read_page
from build_tools.ocr import IMAGE_LIMITS, Engine, recognise
from build_tools.pipeline import build, process_page
from build_tools.model import PROSE_KINDS, paragraph_anchor
from build_tools.scans import pixel_region, region, story_lines, tile_source
from build_tools.settings import Collection

FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
BOLD = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
SC = 2  # the face of the collection for Simplified Chinese
HEADLINE = "锦州港开通至东南亚集装箱新航线"
PARAGRAPHS = ("　　本报讯　日前，锦州港至东南亚的集装箱新航线正式开通，这是今年开通的第三条外贸航线。",
              "　　港口负责人说，新航线每周一班，将带动腹地企业出口，降低企业的物流成本。")


def draw_page(path: Path, headline: str = HEADLINE, paragraphs=PARAGRAPHS, width: int = 1000) -> str:
    """A one-column page: the headline in large bold type, then the paragraphs
    wrapped at 24 characters; returns its text (white space left out)."""
    return draw_stories(path, [(headline, paragraphs)], width)


def draw_stories(path: Path, stories, width: int = 1000) -> str:
    """A one-column page of stories one under another, each (headline, paragraphs)."""
    from PIL import Image, ImageDraw, ImageFont

    body, big = ImageFont.truetype(str(FONT), 30, index=SC), ImageFont.truetype(str(BOLD), 48, index=SC)
    rows = []  # (font, text, gap before)
    for headline, paragraphs in stories:
        rows.append((big, headline, 40 if not rows else 90))
        rows += [(body, line[i:i + 24], 52 if i == 0 and n == 0 else 0)
                 for n, line in enumerate(paragraphs) for i in range(0, len(line), 24)]
    image = Image.new("L", (width, 100 + sum(gap + 48 for _, _, gap in rows)), 255)
    draw, y = ImageDraw.Draw(image), 0
    for font, text, gap in rows:
        y += gap
        draw.text((60, y), text, font=font, fill=0)
        y += 48
    image.save(path)
    return "".join(headline + "".join(paragraphs) for headline, paragraphs in stories).replace("　", "")


def cer(truth: str, text: str) -> float:
    text = "".join(text.split())
    return Levenshtein.distance(truth, text) / len(truth)


pytestmark = pytest.mark.skipif(not FONT.exists(), reason="fonts-noto-cjk: `make test` installs it")


def test_a_page_image_alone_is_read_by_rapidocr_its_headline_the_title(tmp_path):
    truth = draw_page(tmp_path / "2024-03-05_p1.png")
    result = process_page((tmp_path / "2024-03-05_p1.png",), cache=tmp_path / "cache")
    assert result.problems == ()
    [story] = result.stories
    assert story.title == HEADLINE
    assert story.meta.date == "2024-03-05"
    text = story.title + "".join(block.text for block in story.blocks)
    assert cer(truth, text) <= 0.05, text
    scan = story.source.scan
    assert scan.name == "2024-03-05_p1.png" and scan.engine.startswith("RapidOCR ")
    assert story.source.encoding == "ocr:engine-json" and story.source.lines
    assert all(0 <= line.left < line.right <= 1 and 0 <= line.top < line.bottom <= 1 for line in story.source.lines)


def test_an_image_is_read_once_whatever_else_changes(tmp_path):
    """The OCR cache is keyed by the image and the engine, not by the pipeline:
    a page made again for another reason (here the collection's paper) reads
    its engine's output back; another engine setting reads the image again."""
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    sources.mkdir()
    draw_page(sources / "p1.png")
    build(sources, tmp_path / "docs", cache_dir=cache, jobs=1)
    [entry] = (cache / "ocr").rglob("*.json")
    stamp = entry.stat().st_mtime_ns
    again = build(sources, tmp_path / "docs", cache_dir=cache, jobs=1, collection=Collection(paper="锦州日报"))
    assert again.processed == 1 and again.stories[0].meta.paper == "锦州日报"
    assert list((cache / "ocr").rglob("*.json")) == [entry] and entry.stat().st_mtime_ns == stamp
    raw = (sources / "p1.png").read_bytes()
    wider = recognise(raw, Engine(max_side_len=2400), cache / "ocr")
    assert len(list((cache / "ocr").rglob("*.json"))) == 2 and "max_side_len 2400" in wider.engine


def test_an_image_beside_a_text_is_its_scan_not_read_again(tmp_path):
    draw_page(tmp_path / "page.png")
    text = SOURCES / "001_a9ca2c32f9eea51e.txt"
    (tmp_path / "page.txt").write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    source, problems = read_page((tmp_path / "page.txt", tmp_path / "page.png"), ocr_cache=tmp_path / "ocr")
    assert problems == [] and source.name == "page.txt"
    assert source.text == text.read_text(encoding="utf-8")
    assert source.scan.name == "page.png" and source.scan.engine == "" and source.scan.width == 1000
    assert not (tmp_path / "ocr").exists()  # nothing was recognised


def test_tesseract_is_the_alternative_engine(tmp_path):
    truth = draw_page(tmp_path / "p.png")
    result = process_page((tmp_path / "p.png",), Collection(ocr_engine="tesseract"), cache=tmp_path / "cache")
    [story] = result.stories
    assert story.source.scan.engine.startswith("tesseract ") and story.source.encoding == "ocr:hocr"
    assert cer(truth, story.title + "".join(block.text for block in story.blocks)) <= 0.15


def _png_header(width: int, height: int) -> bytes:
    """The first bytes of a PNG that says it is width × height (and holds no pixels)."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))


def test_bad_images_are_named_and_the_build_goes_on(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    draw_page(sources / "good.png")
    whole = (sources / "good.png").read_bytes()
    (sources / "truncated.png").write_bytes(whole[: len(whole) // 2])
    (sources / "not-an-image.jpg").write_bytes("这不是图像".encode())
    (sources / "empty.tif").write_bytes(b"")
    (sources / "zero.png").write_bytes(_png_header(0, 0))
    from PIL import Image
    Image.new("L", (IMAGE_LIMITS.max_side + 4000, 40), 255).save(sources / "huge.png")  # a 20,000-pixel scan
    result = build(sources, tmp_path / "docs", cache_dir=tmp_path / "cache", jobs=1)
    named = {problem.source_name: problem.reason for problem in result.problems}
    assert set(named) == {"truncated.png", "not-an-image.jpg", "empty.tif", "zero.png", "huge.png"}, named
    assert "截断" in named["truncated.png"] and "不是可读的图像" in named["not-an-image.jpg"]
    assert str(IMAGE_LIMITS.max_side) in named["huge.png"]
    assert [story.title for story in result.stories] == [HEADLINE]
    report = json.loads((tmp_path / "docs" / "zh" / "build-report.json").read_text(encoding="utf-8"))
    assert "huge.png" in json.dumps(report, ensure_ascii=False)


def test_each_scan_has_tiles_and_a_iiif_manifest_of_its_lines(tmp_path):
    sources, docs, cache = tmp_path / "sources", tmp_path / "docs", tmp_path / "cache"
    sources.mkdir()
    draw_page(sources / "p1.png")
    result = build(sources, docs, cache_dir=cache, jobs=1, collection=Collection(site_url="https://example.org/archive/"))
    [story] = result.stories
    manifest = json.loads((docs / "zh" / "scans" / "p1" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["type"] == "Manifest" and manifest["id"] == "https://example.org/archive/scans/p1/manifest.json"
    [canvas] = manifest["items"]
    assert (canvas["width"], canvas["height"]) == (story.source.scan.width, story.source.scan.height)
    image = canvas["items"][0]["items"][0]["body"]
    assert image["service"][0]["id"] == "https://example.org/archive/scans/p1"
    lines = canvas["annotations"][0]["items"]
    assert [line["body"]["value"] for line in lines] == [line.text for line in story.source.lines]
    for line in lines:
        x, y, w, h = (int(v) for v in line["target"].split("#xywh=")[1].split(","))
        assert x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= canvas["width"] and y + h <= canvas["height"]
    [key] = json.loads((docs / "zh" / "scans" / "tiles.json").read_text(encoding="utf-8")).values()
    tiles = cache / "tiles" / key
    info = json.loads((tiles / "info.json").read_text(encoding="utf-8"))
    assert (info["width"], info["height"]) == (canvas["width"], canvas["height"]) and info["profile"] == "level0"
    whole = image["id"].removeprefix("https://example.org/archive/scans/p1/")
    assert (tiles / whole).is_file()
    # the tile source the scan page is given (render.scan_viewer) is the one libvips wrote
    assert tile_source(story.source.scan)["tiles"] == info["tiles"]


def test_a_file_is_read_again_only_when_it_changed(tmp_path):
    """An unchanged page image (megabytes) is not read at every build: its
    digest is taken from the last build's record while its size, time and
    inode stand; a changed file is read again."""
    from build_tools.cache import FileDigests

    image = tmp_path / "p1.png"
    draw_page(image)
    first = FileDigests(tmp_path)
    digest = first.of(image)
    first.save()
    record = json.loads((tmp_path / "file-digests.json").read_text(encoding="utf-8"))
    record[str(image)][3] = "recorded"
    (tmp_path / "file-digests.json").write_text(json.dumps(record), encoding="utf-8")
    assert FileDigests(tmp_path).of(image) == "recorded"  # taken from the record, not read
    draw_page(image, headline="锦州港开通至日本集装箱新航线")
    assert FileDigests(tmp_path).of(image) not in ("recorded", digest)


@pytest.mark.browser
@pytest.mark.parametrize("offline", [False, True])
def test_the_scan_page_shows_the_image_with_its_lines_served_and_from_disk(tmp_path, offline):
    from playwright.sync_api import sync_playwright

    project = copy_project(tmp_path)
    (project / "sources").mkdir()
    draw_page(project / "sources" / "2024-03-05_p1.png")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(project / "cache"),
           "OFFLINE": "true" if offline else "false"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    site = project / "site"
    page = site / "sources" / ("2024-03-05_p1.html" if offline else "2024-03-05_p1/index.html")
    lines = json.loads((project / "docs" / "zh" / "scans" / "2024-03-05_p1" / "manifest.json").read_text(
        encoding="utf-8"))["items"][0]["annotations"][0]["items"]
    assert (site / "scans" / "2024-03-05_p1" / "info.json").is_file()
    server = None
    if offline:
        url = page.as_uri()
    else:
        server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(site)],
                                  stdout=subprocess.PIPE, text=True)
        port = _port(server)
        url = f"http://127.0.0.1:{port}/sources/2024-03-05_p1/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            tab = browser.new_page()
            failed = []
            tab.on("requestfailed", lambda request: failed.append(request.url))
            tab.goto(url)
            tab.wait_for_selector("#scan-viewer[data-ready]", timeout=20000)
            tab.wait_for_function("window.scanViewer.world.getItemAt(0).getFullyLoaded()", timeout=20000)
            assert tab.locator(".scan-line").count() == len(lines)
            titles = tab.eval_on_selector_all(".scan-line", "boxes => boxes.map(box => box.title)")
            assert HEADLINE in titles
            drawn = tab.evaluate("document.querySelectorAll('#scan-viewer img, #scan-viewer canvas').length")
            assert drawn and failed == []
            browser.close()
    finally:
        if server:
            server.kill()


def _port(server: subprocess.Popen) -> int:
    import re

    line = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port 40123 (http://…) ..."
    return int(re.search(r"port (\d+)", line).group(1))


SECOND = ("锦州市图书馆新馆下月开放", ("　　本报讯　锦州市图书馆新馆建设完成，下月起向市民开放，藏书六十万册。",
                                     "　　新馆设有少儿阅览区和古籍修复室，每天开放十二个小时。"))


def test_each_story_knows_its_lines_and_its_region_of_the_page(tmp_path):
    """A page of two stories: each story's lines are its own (headline included), every paragraph
    of it has lines anchored to it, and its region of the page holds them and not the other's."""
    draw_stories(tmp_path / "p1.png", [(HEADLINE, PARAGRAPHS), SECOND])
    result = process_page((tmp_path / "p1.png",), cache=tmp_path / "cache")
    first, second = result.stories
    assert (first.title, second.title) == (HEADLINE, SECOND[0])
    regions = []
    for story in (first, second):
        lines = story_lines(story)
        anchors = {anchor for _, anchor in lines}
        prose = {paragraph_anchor(i) for i, block in enumerate(story.blocks) if block.kind in PROSE_KINDS}
        assert prose and prose <= anchors, (prose, anchors)
        assert any(line.text == story.title for line, _ in lines)
        for line, anchor in lines:
            if anchor:
                block = story.blocks[int(anchor[1:]) - 1]
                assert fuzz.partial_ratio(line.text, block.text) >= 80, (line.text, block.text)
        regions.append(region([line for line, _ in lines]))
        x, y, w, h = pixel_region(story)
        assert 0 <= x and 0 <= y and x + w <= story.source.scan.width and y + h <= story.source.scan.height
    assert regions[0][3] <= regions[1][1]  # the first story stands wholly above the second


@pytest.mark.browser
def test_a_story_page_shows_its_region_lights_a_paragraphs_lines_and_marks_search_words(tmp_path):
    """Served under a sub-path (as GitHub Pages serves a project), in both scripts: the story's page
    opens the scan on the story's region,
    boxes only its lines, pointing at a paragraph lights that paragraph's lines, and the words a
    search passed (?h=) mark the lines that hold them."""
    from playwright.sync_api import sync_playwright

    project = copy_project(tmp_path)
    (project / "sources").mkdir()
    draw_stories(project / "sources" / "p1.png", [(HEADLINE, PARAGRAPHS), SECOND])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(project / "cache")}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    site = project / "site"
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "newspaper-archive").symlink_to(site)
    server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "-d",
                               str(tmp_path / "pages")], stdout=subprocess.PIPE, text=True)
    port = _port(server)
    [slug] = [page.parent.name for page in (site / "stories").glob("*/index.html")
              if f">{SECOND[0]}</h1>" in page.read_text(encoding="utf-8")]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            failed = []
            tab.on("requestfailed", lambda request: failed.append(request.url))
            tab.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
            for prefix in ("", "zh-Hant/"):
                tab.goto(f"http://127.0.0.1:{port}/newspaper-archive/{prefix}stories/{slug}/?h=图书馆")
                tab.wait_for_selector("#scan-viewer[data-ready]", timeout=20000)
                tab.wait_for_function("window.scanViewer.world.getItemAt(0).getFullyLoaded()", timeout=20000)
                assert failed == []
                data = json.loads(tab.text_content("#scan-data"))
                assert tab.locator(".scan-line").count() == len(data["lines"]) > 0
                assert {line[4] for line in data["lines"]} >= {SECOND[0]}
                assert HEADLINE not in {line[4] for line in data["lines"]}  # the other story's lines are not boxed
                hits = [line for line in data["lines"] if "图书馆" in line[4]]
                assert tab.get_attribute("#scan-viewer", "data-hits") == str(len(hits)) and hits
                # RapidOCR gave each character's box: the word's characters are marked, not their whole line
                assert all(len(line[6]) == len(line[4]) + 1 for line in hits)
                assert tab.locator(".scan-hit").count() == len(hits) and tab.locator(".scan-line.is-hit").count() == 0
                mark = tab.locator(".scan-hit").first.bounding_box()
                line = tab.locator(f".scan-line[data-line='{data['lines'].index(hits[0])}']").bounding_box()
                share = len("图书馆") / len(hits[0][4])
                assert 0.5 * share < mark["width"] / line["width"] < 1.6 * share
                assert tab.locator(".scan-hit").first.get_attribute("title") == "图书馆"
                # the viewer opened on the story's region: the view holds it, zoomed in to fit it
                view = tab.evaluate("(() => { const v = window.scanViewer, s = v.world.getItemAt(0).source;"
                                    " const b = v.viewport.getBounds(true), a = s.height / s.width;"
                                    " return [b.x, b.y / a, b.x + b.width, (b.y + b.height) / a]; })()")
                left, top, right, bottom = data["region"]
                assert view[0] <= left and view[1] <= top and view[2] >= right and view[3] >= bottom, (view, data["region"])
                assert view[2] - view[0] <= right - left + 0.05 or view[3] - view[1] <= bottom - top + 0.05
                anchor = data["lines"][-1][5]
                mine = sum(1 for line in data["lines"] if line[5] == anchor)
                assert tab.locator(".scan-line.is-lit").count() == 0
                tab.hover(f"#{anchor}")
                assert tab.locator(f".scan-line.is-lit[data-anchor={anchor}]").count() == mine
                assert tab.locator(".scan-line.is-lit").count() == mine
            browser.close()
    finally:
        server.kill()


def test_the_export_gives_each_story_its_region_of_the_page(tmp_path):
    import gzip

    import jsonschema

    from build_tools.export import SCHEMA_PATH

    sources = tmp_path / "sources"
    sources.mkdir()
    draw_stories(sources / "p1.png", [(HEADLINE, PARAGRAPHS), SECOND])
    (sources / "p2.txt").write_text(f"{SECOND[0]}\n\n" + "\n".join(SECOND[1]) + "\n", encoding="utf-8")
    result = build(sources, tmp_path / "docs", cache_dir=tmp_path / "cache", jobs=1)
    path = tmp_path / "docs" / "zh" / "export" / "archive.jsonl.gz"
    records = [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert not [error.message for record in records for error in validator.iter_errors(record)]
    by_slug = {story.slug: story for story in result.stories}
    scanned = [record for record in records if record["kind"] == "story" and record["scan"]]
    assert len(scanned) == 2 and all(by_slug[r["slug"]].source.name == "p1.png" for r in scanned)
    for record in scanned:
        assert record["scan"]["region"] == pixel_region(by_slug[record["slug"]])
        assert record["scan"]["manifest"] == "scans/p1/manifest.json" and record["scan"]["file"] == "p1.png"
    first, second = sorted(scanned, key=lambda r: r["position"])
    assert first["scan"]["region"][1] + first["scan"]["region"][3] <= second["scan"]["region"][1]
    assert [r["scan"] for r in records if r["kind"] == "story" and r["source_file"] == "p2.txt"] == [None]


@pytest.mark.browser
def test_tiles_hosted_elsewhere_are_written_beside_the_site_and_shown_from_there(tmp_path):
    """scan_base_url (issue 22: an archive past GitHub Pages' 1 GB): no tiles in the site; they are
    written to site-scans/ to upload, the manifest and the pages point at the host, and the viewer
    loads them from it (another origin here: a second server)."""
    import socket

    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:  # a free port for the host, known before the build names it
        probe.bind(("127.0.0.1", 0))
        host_port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{host_port}/archive-scans/"
    project = copy_project(tmp_path)
    (project / "sources").mkdir()
    draw_page(project / "sources" / "p1.png")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      sources: sources\n", f"      sources: sources\n      scan_base_url: {base}\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(project / "cache")}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    site, hosted = project / "site", project / "site-scans"
    assert not (site / "scans" / "p1" / "info.json").exists() and (site / "scans" / "p1" / "manifest.json").is_file()
    info = json.loads((hosted / "p1" / "info.json").read_text(encoding="utf-8"))
    assert info["id"] == f"{base}p1"
    manifest = json.loads((site / "scans" / "p1" / "manifest.json").read_text(encoding="utf-8"))
    image = manifest["items"][0]["items"][0]["items"][0]["body"]
    assert image["service"][0]["id"] == f"{base}p1" and image["id"].startswith(f"{base}p1/full/")
    (tmp_path / "bucket").mkdir()
    (tmp_path / "bucket" / "archive-scans").symlink_to(hosted)
    servers = [subprocess.Popen([sys.executable, "-u", "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(root)],
                                stdout=subprocess.PIPE, text=True)
               for port, root in ((0, site), (host_port, tmp_path / "bucket"))]
    try:
        port = _port(servers[0])
        _port(servers[1])
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            tab = browser.new_page()
            tiles = []
            tab.on("requestfinished", lambda request: tiles.append(request.url) if request.url.endswith(".jpg") else None)
            for page in ("sources/p1/", "zh-Hant/stories/" + story_slug(site / "zh-Hant")):
                tab.goto(f"http://127.0.0.1:{port}/{page}")
                assert tab.get_attribute("a.scan-info", "href") == f"{base}p1/info.json"
                tab.wait_for_selector("#scan-viewer[data-ready]", timeout=20000)
                tab.wait_for_function("window.scanViewer.world.getItemAt(0).getFullyLoaded()", timeout=20000)
            assert tiles and all(url.startswith(f"{base}p1/") for url in tiles)
            browser.close()
    finally:
        for server in servers:
            server.kill()


def story_slug(site: Path) -> str:
    [page] = (site / "stories").glob("*/index.html")
    return f"{page.parent.name}/"


@pytest.mark.parametrize("url", ["scans.example.org/archive/", "ftp://scans.example.org/", "/scans/", "https://"])
def test_a_scan_base_url_that_is_not_a_web_address_is_refused_by_name(url):
    with pytest.raises(ValueError, match="scan_base_url"):
        Collection(scan_base_url=url)


def test_each_page_of_a_pdf_is_a_page_read_once_and_the_pdf_left_as_it_is(tmp_path):
    """A PDF of two page scans: each page is rendered once into the cache and read by OCR as a page of
    its own (ISSUE-p001, ISSUE-p002), cited as ISSUE.pdf#page=N; an editor's sidecar of a page sits
    beside the PDF; a build with nothing changed renders and reads nothing; a PDF that is no PDF is
    named and the build goes on."""
    from PIL import Image

    sources, cache = tmp_path / "sources", tmp_path / "cache"
    sources.mkdir()
    draw_page(tmp_path / "one.png")
    draw_stories(tmp_path / "two.png", [SECOND])
    first, second = Image.open(tmp_path / "one.png"), Image.open(tmp_path / "two.png")
    first.save(sources / "2024-03-05.pdf", save_all=True, append_images=[second], resolution=150)
    (sources / "2024-03-05-p002.yml").write_text("paper: 锦州日报\n", encoding="utf-8")
    (sources / "broken.pdf").write_bytes(b"%PDF-1.7\n% not really\n")
    before = (sources / "2024-03-05.pdf").read_bytes()
    result = build(sources, tmp_path / "docs", cache_dir=cache, jobs=1)
    assert [(p.source_name, "无法作为 PDF 读取" in p.reason) for p in result.problems] == [("broken.pdf", True)]
    by_title = {story.title: story for story in result.stories}
    assert set(by_title) == {HEADLINE, SECOND[0]}
    one, two = by_title[HEADLINE], by_title[SECOND[0]]
    assert (one.source.stem, two.source.stem) == ("2024-03-05-p001", "2024-03-05-p002")
    assert (one.source.scan.origin, two.source.scan.origin) == ("2024-03-05.pdf#page=1", "2024-03-05.pdf#page=2")
    assert one.meta.date == two.meta.date == "2024-03-05"  # the PDF's name dates its pages
    assert two.meta.paper == "锦州日报" and one.meta.paper != "锦州日报"  # the sidecar beside the PDF, of page 2 only
    assert (sources / "2024-03-05.pdf").read_bytes() == before
    scan_page = (tmp_path / "docs" / "zh" / "sources" / "2024-03-05-p002.md").read_text(encoding="utf-8")
    assert "2024-03-05.pdf#page=2" in scan_page
    rendered = sorted((cache / "pdf").rglob("*.png"))
    assert [p.name for p in rendered] == ["2024-03-05-p001.png", "2024-03-05-p002.png"]
    stamps = [p.stat().st_mtime_ns for p in rendered]
    again = build(sources, tmp_path / "docs", cache_dir=cache, jobs=1)
    assert again.processed == 0 and [p.stat().st_mtime_ns for p in rendered] == stamps


def _engine_threads_here(page) -> int:
    from build_tools.ocr import engine_threads

    return engine_threads()


def test_an_engine_in_a_pool_worker_runs_on_its_share_of_the_cores():
    """Two workers on two cores each get one core for their engine (not every core each, which spins
    the engines' threads against each other); in this process the engine keeps its own default."""
    from build_tools.workers import POOL_MIN_PAGES, default_jobs, map_pages

    pages = [(Path(f"p{n}.png"),) for n in range(POOL_MIN_PAGES)]
    assert set(map_pages(_engine_threads_here, pages, jobs=2)) == {max(1, default_jobs() // 2)}
    assert set(map_pages(_engine_threads_here, pages, jobs=1)) == {0}
