import subprocess
import sys
from pathlib import Path

import yaml

from build_tools.cache import OCR_DIR, pipeline_version
from build_tools.scans import TILE_DIR
from conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/pages.yml"


def test_pages_workflow_is_valid_against_the_github_schema():
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_builds_what_make_site_builds_and_deploys_it():
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    build_steps = jobs["build"]["steps"]
    assert any(step.get("run") == "make site" for step in build_steps)
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert jobs["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


def _steps():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def test_pages_workflow_version_step_prints_the_pipeline_version(tmp_path):
    """The deploy keys its saved page results by what `python -m build_tools version` prints: the
    digest the page cache itself is keyed by, so a cache made by other code is never restored."""
    step = next(s for s in _steps() if s.get("id") == "pipeline")
    output = tmp_path / "github-output"
    subprocess.run(["bash", "-c", step["run"]], cwd=ROOT, check=True, env={"GITHUB_OUTPUT": str(output), "PATH": "/usr/bin:/bin"})
    assert output.read_text().strip() == f"version={pipeline_version()}"


def test_pages_workflow_restores_the_build_cache_before_it_builds():
    """A push that adds one page reads one page: OCR readings and tiles (keyed by the image, whatever the
    code) are always restored; page results only under this pipeline version's key."""
    steps = _steps()
    caches = [s for s in steps if s.get("uses", "").startswith("actions/cache")]
    build_at = next(i for i, s in enumerate(steps) if s.get("run") == "make site")
    assert all(steps.index(c) < build_at for c in caches) and len(caches) == 2
    scans, pages = caches
    folder = Path("build/cache")
    kept_by_image = {folder / OCR_DIR, folder / TILE_DIR}
    assert {Path(p) for p in scans["with"]["path"].split()} == kept_by_image
    assert scans["with"]["restore-keys"] == "scans-"
    assert pages["with"]["path"].split() == [str(folder), *(f"!{p}" for p in sorted(map(str, kept_by_image)))]
    assert pages["with"]["restore-keys"] == "pages-${{ steps.pipeline.outputs.version }}-"
    assert pages["with"]["key"].startswith(pages["with"]["restore-keys"])
