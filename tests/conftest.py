"""Shared fixtures: the real site and the real offline bundle, built once per run."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from build_tools.bundle import write_bundle
from build_tools.pipeline import make_stories

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEED_NAMES = sorted(p.name for p in SOURCES.glob("*.txt"))


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
