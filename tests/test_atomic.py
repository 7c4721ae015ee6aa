"""A build that fails midway (a crash, Ctrl-C, a full disk) leaves the last
good docs/ and site/ as they were: written aside, then swapped in."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_tools.staging import finish_staged, staging_dir, write_pages
from conftest import ROOT, SEED_NAMES, copy_project


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder, by path, with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pages_are_moved_in_only_when_every_page_was_made(tmp_path):
    docs = tmp_path / "docs"
    write_pages([("zh/a.md", "一"), ("zh/b.md", "二"), ("zh-Hant/a.md", "一")], docs)
    good = tree(docs)

    def crashing():
        yield "zh/a.md", "一，改了"
        yield "zh/c.md", "新的"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_pages(crashing(), docs)
    assert tree(docs) == good  # nothing moved in, nothing deleted
    written, removed, _ = write_pages([("zh/a.md", "一，改了"), ("zh-Hant/a.md", "一")], docs)
    assert (written, removed) == (["zh/a.md"], ["zh/b.md"]) and not staging_dir(docs).exists()
    assert (docs / "zh/a.md").read_text(encoding="utf-8") == "一，改了" and not (docs / "zh/b.md").exists()


def test_a_build_killed_while_moving_its_pages_in_is_finished_by_the_next(tmp_path):
    docs = tmp_path / "docs"
    write_pages([("zh/a.md", "一"), ("zh/b.md", "二")], docs)
    staging = staging_dir(docs)
    (staging / "zh").mkdir(parents=True)
    (staging / "zh" / "a.md").write_text("一，改了", encoding="utf-8")
    (staging / "journal.json").write_text('{"move": ["zh/a.md"], "delete": ["zh/b.md"]}', encoding="utf-8")
    finish_staged(docs)  # the journal was written: the build had made every page
    assert tree(docs) == {"zh/a.md": hashlib.sha256("一，改了".encode()).hexdigest()} and not staging.exists()
    (staging / "zh").mkdir(parents=True)
    (staging / "zh" / "a.md").write_text("半成品", encoding="utf-8")
    finish_staged(docs)  # no journal: a build that died making its pages; its half is dropped
    assert (docs / "zh/a.md").read_text(encoding="utf-8") == "一，改了" and not staging.exists()


def _project(folder: Path) -> Path:
    copy_project(folder)
    (folder / "sources").mkdir()
    for name in SEED_NAMES[2:]:
        shutil.copy(ROOT / "sources" / name, folder / "sources" / name)
    return folder


def test_a_site_build_killed_midway_leaves_the_last_good_site(tmp_path):
    project = _project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    good = tree(project / "site")
    assert "index.html" in good and "zh-Hant/index.html" in good
    source = project / "sources" / SEED_NAMES[2]
    source.write_text(source.read_text(encoding="utf-8") + "\n\n编者按：本文有删节。\n", encoding="utf-8")
    build = subprocess.Popen(command, cwd=project, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    aside = project / ".site.partial"
    deadline = time.monotonic() + 300
    while not (aside / "stories").is_dir() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert build.poll() is None, "the build ended before it could be killed midway"
    time.sleep(0.5)  # MkDocs is writing pages
    os.killpg(build.pid, signal.SIGKILL)  # a crash: the build and its workers, at once
    build.wait()
    assert tree(project / "site") == good  # the last good site, byte for byte
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    after = tree(project / "site")
    assert after != good and "zh-Hant/index.html" in after
    assert not any(p.name.startswith(".") and p.name.endswith((".partial", ".old")) for p in project.iterdir())


def test_a_site_built_again_reuses_unchanged_pages_and_is_the_site_a_cold_build_gives(tmp_path):
    project = _project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(tmp_path / "cache")}

    def build(*flags) -> str:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", *flags], cwd=project, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stderr

    build()
    source = project / "sources" / SEED_NAMES[2]
    source.write_text(source.read_text(encoding="utf-8") + "\n\n编者按：本文有删节。\n", encoding="utf-8")
    log = build()
    assert re.search(r"build_tools: [1-9]\d* pages as the last build wrote them", log)
    again = tree(project / "site")
    build("--site-dir", str(tmp_path / "cold"))  # another site: nothing of it to reuse
    assert tree(tmp_path / "cold") == again
    # what renders every page changed (a template): every page is rendered again
    style = project / "overrides" / "assets" / "stylesheets" / "archive.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert "pages as the last build wrote them" not in build()
