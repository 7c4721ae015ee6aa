"""MkDocs hooks: `mkdocs build` / `mkdocs serve` alone give the whole archive.

- before the build, the pages of both scripts are regenerated from sources/
  (cheap when nothing changed: pages are only written when their bytes differ;
  mkdocs.yml watches sources/, so editing a source rebuilds while serving);
- once the pages are generated, the Traditional twin (mkdocs.zh-Hant.yml)
  builds in a process of its own beside the Simplified site, and is moved into
  <site_dir>/zh-Hant when both are done: its own UI language and search index;
- the language switch of every page points at the same page in the other script;
- the search box (overrides/partials/archive-search.html) gets its words in the
  page's script and the path to the one index both scripts share;
- OFFLINE=true builds the offline bundle: file names instead of directory URLs;
- a skipped source (or a sidecar left out, its page published without it) is
  logged, and listed in the build report; ARCHIVE_STRICT=1 makes it a warning
  (so `mkdocs build --strict` exits non-zero);
- the build's date is fixed (SOURCE_DATE_EPOCH): the same sources, the same bytes;
- `mkdocs build` is atomic: the site is built aside and replaces the last good
  one only when whole (the pipeline does the same for docs/);
- every page is valid HTML (valid_html mends two faults of Material's base
  template), and the 404 page links from the site's root.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from build_tools.pipeline import build_apart
from build_tools.render import ROOT_LINK, SOURCE_DIR
from build_tools.settings import ROOT_SCRIPT as ROOT
from build_tools.settings import SCRIPTS
from build_tools.model import UNKNOWN
from build_tools.words import SEARCH_WORDS, converter_for, labels

log = logging.getLogger("mkdocs.hooks.build_tools")

ROOT_SCRIPT = ROOT.locale
# Where each script's site sits inside the root site.
SCRIPT_PREFIX = {"zh": "", "zh-Hant": "zh-Hant/"}
TWIN_CONFIG = "mkdocs.zh-Hant.yml"


OFFLINE_ENV = "OFFLINE"
STRICT_ENV = "ARCHIVE_STRICT"


def _project_dir(config) -> Path:
    return Path(config.config_file_path).parent


# MkDocs stamps the build's date into the sitemap's gzip header: the same
# sources must give the same bytes on any day, so the date is fixed.
FIXED_BUILD_EPOCH = "946684800"  # 2000-01-01, as the offline zip's entries (build_tools/bundle.py)


def on_config(config):
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_BUILD_EPOCH
    script = next(s for s in SCRIPTS if s.locale == config.extra["script"])
    convert = converter_for(script)
    config.extra["search_words"] = {key: convert(value) for key, value in SEARCH_WORDS.items()}
    config.extra["words"] = labels(convert)  # the page templates' words (overrides/partials/cite.html)
    config.extra["unknown"] = UNKNOWN
    config.extra["search_root"] = "../" * SCRIPT_PREFIX[script.locale].count("/")  # the index sits in the root site
    if os.environ.get(OFFLINE_ENV, "").lower() == "true":
        config.use_directory_urls = False  # pages open from disk as files
    if _session.get("command") == "build" and not _session["dirty"] and script == ROOT:
        # Atomic: MkDocs empties site_dir and writes it page by page; it
        # builds aside instead, and the finished site replaces the last good
        # one in on_post_build. A failed or killed build leaves site_dir as it was.
        site = Path(config.site_dir)
        _recover(site)
        _session["site"] = site
        config.site_dir = str(_aside(site))
    return config


def _aside(site: Path, what: str = "partial") -> Path:
    return site.parent / f".{site.name}.{what}"


def _recover(site: Path) -> None:
    """A build killed between the two renames of _swap_in left its last good site aside: put it back."""
    old = _aside(site, "old")
    if old.exists() and not site.exists():
        os.replace(old, site)
    shutil.rmtree(old, ignore_errors=True)


def _swap_in(built: Path, site: Path) -> None:
    old = _aside(site, "old")
    if site.exists():
        os.replace(site, old)
    os.replace(built, site)
    shutil.rmtree(old, ignore_errors=True)


def on_pre_build(config) -> None:
    if config.extra.get("script") != ROOT_SCRIPT:
        return  # the root build already generated both scripts
    project = _project_dir(config)
    result = build_apart(project / "sources", project / "docs")
    # A skipped source or sidecar is named, and listed in the build report (report.md,
    # build-report.json); it stops the build only when asked: ARCHIVE_STRICT=1
    # makes it a warning, which `mkdocs build --strict` (make site) fails on.
    strict = os.environ.get(STRICT_ENV, "").lower() in ("1", "true", "yes")
    for problem in result.problems:
        (log.warning if strict else log.info)(f"skipped source {problem}")
    log.info(f"build_tools: {result.story_count} stories; {result.written} pages written, {result.removed} removed; "
             f"{result.processed} source pages cleaned, {result.cached} from the cache; {result.timing()}")
    if not _session["dirty"]:
        _start_twin(config)


# What the hooks keep across one `mkdocs build` or `serve`: whether builds are
# dirty, the twin's config (dirty builds), the twin's process and folder (clean builds).
# `mkdocs serve --dirty` (make serve): MkDocs rebuilds only the pages whose
# Markdown changed, and the Traditional twin does the same, in this process,
# with one config kept across rebuilds (Material's search keeps its index).
_session: dict = {"dirty": False}


def on_startup(command, dirty) -> None:
    _session["dirty"] = dirty
    _session["command"] = command


def _build_twin_dirty(config) -> None:
    twin = _session.get("twin")
    if twin is None:
        twin = load_config(config_file=str(_project_dir(config) / TWIN_CONFIG),
                           site_dir=str(Path(config.site_dir) / SCRIPT_PREFIX["zh-Hant"]), strict=config.strict)
        twin.plugins.on_startup(command="serve", dirty=True)
        _session["twin"] = twin
    mkdocs_build(twin, dirty=True)


# Otherwise the Traditional twin builds in its own process beside the Simplified
# one (both scripts at once on two cores), into a folder of its own: MkDocs
# empties site_dir after on_pre_build, so it is moved in after the build.
def _twin_dir(config) -> Path:
    site = _session.get("site") or Path(config.site_dir)
    return _aside(site, f"{SCRIPT_PREFIX['zh-Hant'].strip('/')}.partial")


def _start_twin(config) -> None:
    target = _twin_dir(config)
    shutil.rmtree(target, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(_project_dir(config) / TWIN_CONFIG),
               "--site-dir", str(target), *(["--strict"] if config.strict else [])]
    _session["process"] = subprocess.Popen(command, cwd=_project_dir(config), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
    _session["target"] = target


def alternate_href(page_url: str, here: str, there: str) -> str:
    """Relative link from a page of script `here` to the same page of `there`.

    Works for both URL styles: "stories/x/" (served) and "stories/x.html" (offline).
    """
    depth = page_url.count("/") + SCRIPT_PREFIX[here].count("/")
    return "../" * depth + SCRIPT_PREFIX[there] + page_url or "./"


# Material fetches sitemap.xml next to every <link rel="alternate"> to map
# pages across languages; our switch links are exact already, and those
# fetches would miss (and leave the offline bundle), so the head links go.
_HEAD_ALTERNATE_RE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def root_href(page_url: str, here: str, target: str, directory_urls: bool) -> str:
    """Relative link from a page of script `here` to `target` ("sources/x/") in
    the root script's site, in the build's URL style ("sources/x.html" offline)."""
    depth = page_url.count("/") + SCRIPT_PREFIX[here].count("/")
    if not directory_urls and target.endswith("/"):
        target = target.rstrip("/") + ".html"  # a page; a file ("build-report.json") keeps its name
    return "../" * depth + target


_ROOT_LINK_RE = re.compile(f'href="{re.escape(ROOT_LINK)}([^"]*)"')


# Valid HTML (the Nu Html Checker, tests/test_valid.py), where Material's
# base template is not: autocomplete is not allowed on its checkbox toggles,
# and a page out of the nav (a story) gets the table of contents' label
# without the __toc toggle it names.
_TOGGLE_AUTOCOMPLETE_RE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_html(output: str) -> str:
    output = _TOGGLE_AUTOCOMPLETE_RE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return output


def _finish(output: str, script_href, root_href_of) -> str:
    """A page as published: valid HTML, the theme's alternate links gone, the
    language switch (/@script/zh-Hant/) pointing at script_href(locale) and the
    links into the root site (/@root/…) at root_href_of(path)."""
    output = valid_html(_HEAD_ALTERNATE_RE.sub("", output))
    for there in SCRIPT_PREFIX:
        output = output.replace(f'href="/@script/{there}/"', f'href="{script_href(there)}"')
    return _ROOT_LINK_RE.sub(lambda m: f'href="{root_href_of(m.group(1))}"', output)


def on_post_page(output: str, page, config) -> str:
    here = config.extra["script"]
    scan = page.url.startswith(f"{SOURCE_DIR}/")  # a scan has no script: published once, in the root site
    return _finish(output, lambda there: alternate_href(page.url, here, ROOT_SCRIPT if scan else there),
                   lambda path: root_href(page.url, here, path, config.use_directory_urls))


def on_post_template(output: str, template_name: str, config) -> str:
    """404.html, the one theme page: served for any missing address, so its
    links are from the site's root (as MkDocs makes the rest of them)."""
    if template_name != "404.html":
        return output
    here = config.extra["script"]
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    base = root[:-len(SCRIPT_PREFIX[here])] if SCRIPT_PREFIX[here] and root.endswith(SCRIPT_PREFIX[here]) else root
    return _finish(output, lambda there: f"{base}{SCRIPT_PREFIX[there]}", lambda path: f"{base}{path}")


def on_post_build(config) -> None:
    if config.extra.get("script") != ROOT_SCRIPT:
        return
    if _session["dirty"]:
        _build_twin_dirty(config)
        return
    if "process" in _session:
        _take_twin(config)
    if "site" in _session:
        _swap_in(Path(config.site_dir), _session.pop("site"))


def _take_twin(config) -> None:
    """Wait for the Traditional site, and move it into the Simplified one."""
    process, target = _session.pop("process"), _session.pop("target")
    output, _ = process.communicate()
    for line in output.splitlines():
        if line.startswith(("WARNING", "ERROR")):
            log.warning(f"{TWIN_CONFIG}: {line}")
    if process.returncode != 0:
        raise PluginError(f"the Traditional site ({TWIN_CONFIG}) did not build:\n{output[-2000:]}")
    destination = Path(config.site_dir) / SCRIPT_PREFIX["zh-Hant"]
    shutil.rmtree(destination, ignore_errors=True)
    shutil.move(str(target), str(destination))


def on_build_error(error) -> None:
    """A failed Simplified build stops its twin too, and drops what it built
    aside: the last good site stays."""
    process = _session.pop("process", None)
    if process is not None:
        process.kill()
        process.wait()
    target = _session.pop("target", None)
    site = _session.pop("site", None)
    for folder in (target, site and _aside(site)):
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
