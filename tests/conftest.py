"""Shared fixtures: the real site and the real offline bundle, built once per run."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from build_tools.bundle import write_bundle
from build_tools.pipeline import make_stories

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEED_NAMES = sorted(p.name for p in SOURCES.glob("*.txt"))


def copy_project(folder: Path) -> Path:
    """The project's code and configuration in folder, its generated pages
    left out (docs/ as a clone has it), without sources/: a project to build."""
    for name in ("mkdocs.yml", "mkdocs.zh-Hant.yml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("overrides", "build_tools"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    for locale in ("zh", "zh-Hant"):
        (folder / "docs" / locale).mkdir(parents=True, exist_ok=True)
    return folder


def run_mkdocs(site_dir: Path, offline: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true" if offline else "false"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )


@pytest.fixture(scope="session")
def seed_stories():
    stories, problems, *_ = make_stories(SOURCES)
    assert problems == []
    return stories


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs(site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def offline_dir(tmp_path_factory) -> Path:
    """The offline bundle, zipped by the shipped code and unzipped elsewhere."""
    work = tmp_path_factory.mktemp("bundle")
    result = run_mkdocs(work / "site", offline=True)
    assert result.returncode == 0, result.stderr
    zip_path = work / "archive.zip"
    write_bundle(work / "site", zip_path)
    unzipped = work / "unzipped"
    with zipfile.ZipFile(zip_path) as bundle:
        bundle.extractall(unzipped)
    return unzipped


# --- a real browser over the built site (Debian's chromium, driven by Playwright) ---

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags chromium keeps dialling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def server(built_site):
    httpd = serve(built_site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()

@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()
