"""`mkdocs serve` alone regenerates the pages when a source changes."""

import contextlib
import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, SEED_NAMES, copy_project

from build_tools.settings import SCRIPTS
from build_tools.words import converter_for



def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return True
        time.sleep(0.3)
    return False


def received(url: str, seconds: float = 60):
    """The data of one of the search index's files (archiveSearch.receive(name, data)),
    once served: a rebuild under way (the pages it wrote start another) may miss it a moment."""
    deadline = time.monotonic() + seconds
    while (body := fetch(url)) is None and time.monotonic() < deadline:
        time.sleep(0.3)
    assert body is not None, f"{url} was never served"
    return json.loads(body[body.index(",") + 1:body.rindex(")")])


def wait_for_export(base: str, marks: list[str], seconds: float) -> bool:
    """Whether the served export holds every mark within `seconds` (it is
    written by the whole build behind a quick update)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(base + "export/archive.jsonl.gz", timeout=5) as response:
                text = gzip.decompress(response.read()).decode("utf-8")
        except (OSError, EOFError):
            text = ""
        if all(mark in text for mark in marks):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)


def searchable(base: str) -> dict[str, set[str]]:
    """The story pages the search index knows, for each script."""
    count = received(base + "search/meta.js")["stories"]
    return {script: {received(f"{base}search/{script}/{n}.js")["url"] for n in range(count)} for script in ("zh", "zh-Hant")}


@contextlib.contextmanager
def served(tmp_path, names: list[str], flags: list[str]):
    """`mkdocs serve` (with `flags`) on a copy of the project holding these
    seed sources: the base URL and the server's log, the server stopped after."""
    copy_project(tmp_path)
    (tmp_path / "sources").mkdir()
    for name in names:
        shutil.copy(ROOT / "sources" / name, tmp_path / "sources")
    port = free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *flags, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.mark.parametrize("flags", [[], ["--dirty"]], ids=["full rebuilds", "dirty rebuilds (make serve)"])
def test_editing_a_source_rebuilds_the_served_site(tmp_path, flags):
    with served(tmp_path, [SEED_NAMES[2]], flags) as (base, _):
        assert wait_for(base + "browse/2023-03/", "锦州全力推进14个重点项目建设")
        before = searchable(base)
        (tmp_path / "sources" / "900_new.txt").write_text("新增一篇报道的标题\n\n这是新来源的正文。", encoding="utf-8")
        assert wait_for(base + "browse/undated/", "新增一篇报道的标题")
        story = re.search(r'href="\.\./\.\./(stories/[^"]+/)">新增一篇报道的标题', fetch(base + "browse/undated/")).group(1)
        assert "这是新来源的正文。" in fetch(base + story)
        assert wait_for(base + "zh-Hant/" + story, "這是新來源的正文。")
        after = searchable(base)  # a rebuild of a few pages keeps every story in the search index, and adds the new one
        for script, urls in before.items():
            assert after[script] == urls | {story}


@pytest.mark.parametrize("flags", [[], ["--dirty"]], ids=["full rebuilds", "dirty rebuilds (make serve)"])
def test_an_edit_shows_on_its_story_page_first_and_then_everywhere(tmp_path, flags):
    """make serve: an edited page's own story pages (both scripts) are written
    before the rest is linked and rendered again; the whole build follows, and
    its pages (the export here) show in the rebuild it asks for."""
    with served(tmp_path, SEED_NAMES[:2], flags) as (base, log):
        assert wait_for(base, "</html>")
        page = next((tmp_path / "docs" / "zh" / "stories").glob("*.md"))
        source = tmp_path / "sources" / re.search(r"(?m)^source_file: (.+)$", page.read_text(encoding="utf-8")).group(1)
        mark = "编者再按：此文经读者指正。"
        source.write_text(source.read_text(encoding="utf-8") + f"\n{mark}\n", encoding="utf-8")
        assert wait_for(f"{base}stories/{page.stem}/", mark)
        assert wait_for(f"{base}zh-Hant/stories/{page.stem}/", "編者再按：此文經讀者指正。")
        if flags:  # a dirty rebuild renders only what the pipeline wrote; the rest stands, its links resolve
            assert re.search(r"zh-Hant: \d+ files written since the last rebuild, [1-9]\d* as the served site shows them",
                             log.read_text(encoding="utf-8"))
            shown = fetch(f"{base}stories/{page.stem}/")
            linked = set(re.findall(r'href="\.\./\.\./((?:stories|browse|sources)/[^"#]+)"', shown))
            assert linked and all(fetch(base + path) for path in linked), linked

        assert wait_for_export(base, [mark], 120), log.read_text(encoding="utf-8")[-3000:]
        # then the server rests: one quick update, one whole build behind it, one rebuild that shows it (a
        # whole build made with the Traditional twin's settings once asked for another, and so on without end)
        time.sleep(15)
        text = log.read_text(encoding="utf-8")
        assert text.count("the edited pages' stories written") == 1, text[-3000:]
        assert text.count("behind the quick update") == 1, text[-3000:]
        assert wait_for(f"{base}zh-Hant/stories/{page.stem}/", "編者再按：此文經讀者指正。")  # after the rebuild that shows it


def test_an_edit_while_the_last_one_builds_behind_shows_and_neither_is_lost(tmp_path):
    """make serve: a second source saved while the whole build behind the
    first edit's quick update still runs is shown at once too (it does not
    wait for that build); the build under way may write its page as it was,
    and the rebuild at its end writes it anew: in the end both edits stand in
    their story pages and in the export, and the server rests."""
    with served(tmp_path, SEED_NAMES[:3], ["--dirty"]) as (base, log):
        assert wait_for(base, "</html>")
        by_source: dict[str, list] = {}
        for page in sorted((tmp_path / "docs" / "zh" / "stories").glob("*.md")):
            name = re.search(r"(?m)^source_file: (.+)$", page.read_text(encoding="utf-8")).group(1)
            by_source.setdefault(name, []).append(page)
        edits = []
        for number, (name, pages) in enumerate(sorted(by_source.items())[:2], 1):
            mark = f"编者再按（{number}）：此文经读者指正。"
            source = tmp_path / "sources" / name
            source.write_text(source.read_text(encoding="utf-8") + f"\n{mark}\n", encoding="utf-8")
            assert wait_for(f"{base}stories/{pages[-1].stem}/", mark), log.read_text(encoding="utf-8")[-3000:]
            edits.append((mark, pages[-1].stem))
        assert wait_for_export(base, [mark for mark, _ in edits], 180), log.read_text(encoding="utf-8")[-3000:]
        time.sleep(15)  # the server rests: no build starts once both edits are in
        text = log.read_text(encoding="utf-8")
        time.sleep(10)
        assert log.read_text(encoding="utf-8").count("behind the quick update") == text.count("behind the quick update")
        for mark, stem in edits:
            assert mark in fetch(f"{base}stories/{stem}/")
            assert wait_for(f"{base}zh-Hant/stories/{stem}/", converter_for(SCRIPTS[1])(mark))
