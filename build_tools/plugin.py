"""The archive's MkDocs plugin (`plugins: - archive` in mkdocs.yml):
`mkdocs build` / `mkdocs serve` alone give the whole archive.

- before the build, the pages of both scripts are regenerated from sources/
  (cheap when nothing changed: pages are only written when their bytes differ;
  mkdocs.yml watches sources/, so editing a source rebuilds while serving);
- once the pages are generated, the Traditional twin (mkdocs.zh-Hant.yml)
  builds in a process of its own beside the Simplified site, and is moved into
  <site_dir>/zh-Hant when both are done: its own UI language and search index;
- the language switch of every page points at the same page in the other script;
- the search box (overrides/partials/archive-search.html) gets its words in the
  page's script and the path to the one index both scripts share;
- `offline: true` (or OFFLINE=true) builds the offline bundle: file names
  instead of directory URLs;
- a skipped source (or a sidecar left out, its page published without it) is
  logged, and listed in the build report; `strict: true` (or ARCHIVE_STRICT=1)
  makes it a warning (so `mkdocs build --strict` exits non-zero);
- the build's date is fixed (SOURCE_DATE_EPOCH): the same sources, the same bytes;
- `mkdocs build` is atomic: the site is built aside and replaces the last good
  one only when whole (the pipeline does the same for docs/);
- every page is valid HTML (valid_html mends two faults of Material's base
  template), and the 404 page links from the site's root.

The options (ArchiveConfig) are set in mkdocs.yml; an environment variable,
where one is named, overrides its option for one run. The work is done by
plain functions (pipeline.build_apart, alternate_href, root_href, valid_html):
the plugin only calls them at MkDocs' events and keeps what lives across
`mkdocs serve` rebuilds (it defines on_startup, so MkDocs keeps one instance).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from build_tools import build_record, reuse
from build_tools.cache import cache_folder
from build_tools.ingest import read_collection_manifest
from build_tools.pipeline import ServeState, build_apart, build_version, quick_update, read_inputs
from build_tools.scans import TILE_DIR, publish_tiles
from build_tools.site_map import (INFO_FILE, ROOT_LINK, SCAN_DIR, SCRIPT_PREFIX, SEARCH_DIR, SOURCE_DIR, TILE_INDEX,
                                  alternate_href, image_url, root_href)
from build_tools.settings import ROOT_SCRIPT as ROOT
from build_tools.settings import (AUTO_SCRIPT, CONVERSIONS, DEFAULT_OCR_ENGINE, DEFAULT_OCR_LANGUAGES, OCR_ENGINES,
                                  OPENCC_CONFIG, Collection, environment_overrides)
from build_tools.model import UNKNOWN
from build_tools.words import SEARCH_WORDS, converter_for, labels

log = logging.getLogger("mkdocs.plugins.archive")

ROOT_SCRIPT = ROOT.locale
TWIN_CONFIG = "mkdocs.zh-Hant.yml"
# Where the Traditional twin's site will stand once built (its last build is there): the root build tells its twin.
TWIN_SITE_ENV = "ARCHIVE_TWIN_SITE"
# The twin's page digests, beside the folder it builds into, for the root build to record once the site is swapped in.
_TWIN_RECORD_SUFFIX = ".pages.json"


class ArchiveConfig(base.Config):
    """The plugin's options (mkdocs.yml), each overridden by its environment
    variable when that is set (settings.ENVIRONMENT: ARCHIVE_STRICT, OFFLINE,
    ARCHIVE_JOBS, ARCHIVE_SCHEDULER, ARCHIVE_CACHE)."""

    sources = c.Type(str, default="sources")  # the scans' folder, beside mkdocs.yml
    docs = c.Type(str, default="docs")  # where the pages of both scripts are generated
    strict = c.Type(bool, default=False)  # a skipped source is a warning (fails `mkdocs build --strict`)
    offline = c.Type(bool, default=False)  # file names instead of directory URLs, for the offline bundle
    jobs = c.Optional(c.Type(int))  # processes for the per-page stages (default: every core)
    scheduler = c.Optional(c.Type(str))  # a Dask scheduler's address: the per-page stages run on its cluster
    cache_dir = c.Optional(c.Type(str))  # the per-page cache (default build/cache)
    # The collection (settings.Collection): the script its pages are printed in ("auto": read from each
    # page's characters), how the Traditional site converts pages printed in Simplified, and the paper's name.
    script = c.Choice((AUTO_SCRIPT, "zh-Hans", "zh-Hant"), default=AUTO_SCRIPT)
    conversion = c.Choice(CONVERSIONS, default=OPENCC_CONFIG)
    paper = c.Type(str, default="")
    manifest = c.Type(str, default="")  # a CSV beside mkdocs.yml: file, paper, date, page of each page (optional)
    # What reads the page images of sources/ (ocr.py): RapidOCR, or Tesseract in these languages.
    ocr_engine = c.Choice(OCR_ENGINES, default=DEFAULT_OCR_ENGINE)
    ocr_languages = c.Type(str, default=DEFAULT_OCR_LANGUAGES)
    # Where the page images' tiles are hosted, when an archive outgrows GitHub Pages (a bucket, a IIIF
    # server): each page's under BASE/STEM/. The build then writes them beside the site (SITE-scans/) to
    # upload there. The offline bundle keeps its own tiles whatever this says.
    scan_base_url = c.Type(str, default="")


def _quiet_about_kept_pages(record: logging.LogRecord) -> bool:
    """MkDocs says, for every link to a page left out, that it is excluded from
    the site: it is not (reuse.py puts it back), so that line is not shown."""
    return "which is excluded from the built site" not in record.getMessage()


def settings(options: ArchiveConfig, environ=os.environ) -> dict:
    """The options in force: mkdocs.yml's, each overridden by its environment variable (settings.ENVIRONMENT)."""
    return {**{name: options[name] for name in ("strict", "offline", "jobs", "scheduler", "cache_dir")},
            **environment_overrides(environ)}


def _project_dir(config) -> Path:
    return Path(config.config_file_path).parent


# MkDocs stamps the build's date into the sitemap's gzip header: the same
# sources must give the same bytes on any day, so the date is fixed.
FIXED_BUILD_EPOCH = "946684800"  # 2000-01-01, as the offline zip's entries (build_tools/bundle.py)


def _load_dictionaries() -> None:
    """A page of a headline and a paragraph through the page stage, as a quick
    update runs it, and the cleaner's own tokenizer: every dictionary and
    model loaded on first use (jieba's tokenizers and tags, TF-IDF, the name
    recogniser, pinyin) is loaded before the first edit, not during it (the
    first page a process cleaned took 2.3 s, the next 0.1 s)."""
    import tempfile

    from build_tools.clean.words import cut
    from build_tools.pipeline import process_and_index

    cut("报纸档案")  # the cleaner's own tokenizer: only a doubtful join or quote asks for it
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "warm-up.txt"
        page.write_text("锦州日报记者报道\n\n本报讯 记者王明报道：锦州市昨天召开会议，部署全年工作。\n", encoding="utf-8")
        process_and_index((page,))  # what quick_update runs for an edited page


def _sites(site: Path) -> tuple[Path, Path]:
    """The root script's site and the twin's inside it."""
    return site, site / SCRIPT_PREFIX["zh-Hant"]


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


# Material fetches sitemap.xml next to every <link rel="alternate"> to map
# pages across languages; our switch links are exact already, and those
# fetches would miss (and leave the offline bundle), so the head links go.
_HEAD_ALTERNATE_RE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


_ROOT_LINK_RE = re.compile(f'href="{re.escape(ROOT_LINK)}([^"]*)"')
# A link to a page image's tile source (render.scan_viewer), which the scan_base_url option hosts elsewhere.
_HOSTED_IMAGE_RE = re.compile(f"{SCAN_DIR}/([^/]+)/{re.escape(INFO_FILE)}")


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


# Material's templates indent every line and leave the lines of their
# control blocks empty: a sixth of a story page. A line's leading blanks and an
# empty line are no part of the page's text (HTML collapses a run of white
# space to one, and a newline stays), except inside <pre>, <textarea> and
# <script>, which are kept as they are.
_VERBATIM_RE = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_LINE_PADDING_RE = re.compile(r"\n[ \t]*(?=\n)|(?<=\n)[ \t]+")


def squeeze_whitespace(output: str) -> str:
    parts = _VERBATIM_RE.split(output)
    # split gives text, (element, tag name), text, …: every third piece from the first is outside them
    return "".join(_LINE_PADDING_RE.sub("", part) if index % 3 == 0 else part
                   for index, part in enumerate(parts) if index % 3 != 2)


def _finish(output: str, script_href, root_href_of) -> str:
    """A page as published: valid HTML, the theme's alternate links gone, the
    language switch (/@script/zh-Hant/) pointing at script_href(locale) and the
    links into the root site (/@root/…) at root_href_of(path)."""
    output = valid_html(squeeze_whitespace(_HEAD_ALTERNATE_RE.sub("", output)))
    for there in SCRIPT_PREFIX:
        output = output.replace(f'href="/@script/{there}/"', f'href="{script_href(there)}"')
    return _ROOT_LINK_RE.sub(lambda m: f'href="{root_href_of(m.group(1))}"', output)


def hosted_scans_dir(site: Path) -> Path:
    """Where a build whose tiles are hosted elsewhere (scan_base_url) writes them: beside the site, SITE-scans/."""
    return site.with_name(f"{site.name}-scans")


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory from one serve rebuild to the next
    (jinja keys each by its name and its source's checksum: an edited
    template is compiled again). Compiling Material's templates again took
    about a second of every rebuild."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    """What the archive adds to MkDocs. State lives here, not in module
    globals: whether builds are dirty (`mkdocs serve --dirty`, make serve), the
    Traditional twin's config (dirty builds: kept across rebuilds, so that it
    too renders only the pages whose Markdown changed), the twin's process and
    folder and the site built aside (clean builds)."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        self.twin = None  # the Traditional config, dirty builds
        self.process: subprocess.Popen | None = None  # the Traditional build, clean builds
        self.target: Path | None = None  # where it builds
        self.site: Path | None = None  # the site a clean build replaces when whole
        # Serving: what the last whole build left for a quick update, the whole
        # build behind a quick one, and the file whose change asks MkDocs to show it.
        self.state: ServeState | None = None
        self.behind: threading.Thread | None = None
        self.whole_build_due = False
        self.signal: Path | None = None
        self.templates = _CompiledTemplates()  # serving: each template compiled once, not at every rebuild
        # Serving: for each script, the files of its docs/ written since its last rebuild (reuse.leave_out_shown);
        # a script not in it (before its first rebuild, or after a failure) is rebuilt as MkDocs would.
        self.unshown: dict[str, set[str]] = {}
        # Serving dirty: the search index's files written since the last rebuild published it (None: publish it whole).
        self.unpublished_search: set[str] | None = None
        self.unshown_lock = threading.Lock()  # (the whole build behind a quick update adds to it from its thread)
        # A clean build: the site it replaces (its pages are reused where unchanged: reuse.py),
        # the digests of this build's pages, and the pages left out of rendering.
        self.last_site: Path | None = None
        self.digests: dict[str, str] = {}
        self.kept: list[str] = []
        self.twin_record: Path | None = None

    def on_startup(self, *, command, dirty) -> None:
        self.command, self.dirty = command, dirty
        # the code and templates this process runs: a quick update is made with them only while they stand
        self.loaded_version = build_version() if command == "serve" else ""
        if command == "serve":  # whole builds run apart: load the dictionaries a quick update cleans and tags with, now
            threading.Thread(target=_load_dictionaries, name="archive-dictionaries", daemon=True).start()

    def on_config(self, config):
        os.environ["SOURCE_DATE_EPOCH"] = FIXED_BUILD_EPOCH
        manifest = str(_project_dir(config) / self.config.manifest) if self.config.manifest else ""
        # While serving, the Traditional twin is configured on this very instance (MkDocs keeps one instance of a
        # plugin with on_startup in a process): the options and the collection stay the root build's, whose
        # site_url is the served address (the twin's config has none; a whole build made with the twin's
        # collection was never the served one, and the next rebuild started another, without end).
        if self.command != "serve" or config.extra["script"] == ROOT_SCRIPT:
            self.options = settings(self.config)
            try:
                self.collection = Collection(self.config.script, self.config.conversion, self.config.paper, manifest,
                                             self.config.ocr_engine, self.config.ocr_languages, config.site_url or "",
                                             "" if self.options["offline"] else self.config.scan_base_url)
            except ValueError as error:
                raise PluginError(str(error)) from error
        if manifest:
            try:
                read_collection_manifest(Path(manifest))  # a fault in it stops the build at once, named
            except ValueError as error:
                raise PluginError(str(error)) from error
        script = next(s for s in self.collection.scripts() if s.locale == config.extra["script"])
        convert = converter_for(script)
        config.extra["search_words"] = {key: convert(value) for key, value in SEARCH_WORDS.items()}
        config.extra["words"] = labels(convert)  # the page templates' words (overrides/partials/cite.html)
        config.extra["unknown"] = UNKNOWN
        config.extra["search_root"] = "../" * SCRIPT_PREFIX[script.locale].count("/")  # the index sits in the root site
        if self.options["offline"]:
            config.use_directory_urls = False  # pages open from disk as files
        if self.command == "serve":
            # A served preview needs no sitemap (deploy builds write it); a dirty rebuild need not render
            # again the 404 page its first build wrote (templates edited while serving show on rebuilt pages)
            config.theme.static_templates.difference_update({"sitemap.xml", "sitemap.xml.gz"})
            if self.dirty and (Path(config.site_dir) / "404.html").exists():
                config.theme.static_templates.discard("404.html")
        if self.command == "build" and not self.dirty and script == ROOT:
            # Atomic: MkDocs empties site_dir and writes it page by page; it
            # builds aside instead, and the finished site replaces the last good
            # one in on_post_build. A failed or killed build leaves site_dir as it was.
            site = Path(config.site_dir)
            _recover(site)
            self.site = self.last_site = site
            config.site_dir = str(_aside(site))
        elif self.command == "build" and not self.dirty and os.environ.get(TWIN_SITE_ENV):
            self.last_site = Path(os.environ[TWIN_SITE_ENV])  # the twin, built apart for the root build
        elif self.command == "build" and self.dirty and script == ROOT:
            for site in _sites(Path(config.site_dir)):  # `build --dirty` writes pages in place, past the records
                reuse.record_path(self._cache_dir(), site).unlink(missing_ok=True)
        return config

    def on_files(self, files, *, config):
        """A clean build renders only the pages whose Markdown, or whatever
        renders every page, changed since the last build of this site; a
        served dirty rebuild sees only the pages written since it last
        rendered them (reuse.py)."""
        if self.command == "serve" and self.dirty:
            with self.unshown_lock:
                unshown = self.unshown.get(config.extra["script"])
                self.unshown[config.extra["script"]] = set()
            if unshown is not None and (shown := reuse.leave_out_shown(files, config.docs_dir, unshown)):
                logging.getLogger("mkdocs.structure.pages").addFilter(_quiet_about_kept_pages)
                log.info(f"build_tools: {config.extra['script']}: {len(unshown)} files written since the last rebuild, "
                         f"{shown} as the served site shows them")
            return files
        if self.last_site is None:
            return files
        self.digests = reuse.page_digests(files, reuse.render_digest(config, _project_dir(config)))
        recorded = build_record.read_record(reuse.record_path(self._cache_dir(), self.last_site))
        self.kept = reuse.leave_out_unchanged(files, self.digests, recorded, self.last_site)
        if self.kept:
            logging.getLogger("mkdocs.structure.pages").addFilter(_quiet_about_kept_pages)
            log.info(f"build_tools: {len(self.kept)} pages as the last build wrote them, "
                     f"{len(self.digests) - len(self.kept)} rendered")
        return files

    def _note_written(self, state: ServeState | None) -> None:
        """What a build or quick update wrote, for each script's next rebuild to show."""
        with self.unshown_lock:
            for path in state.written if state is not None else ():
                locale, _, inside = path.partition("/")
                if locale in self.unshown:
                    self.unshown[locale].add(inside)
                elif locale == SEARCH_DIR and self.unpublished_search is not None:
                    self.unpublished_search.add(inside)

    def _forget_shown(self) -> None:
        """After a failure, what the served site shows is not known: each script's next rebuild checks every page."""
        with self.unshown_lock:
            self.unshown.clear()
            self.unpublished_search = None

    def _cache_dir(self) -> Path:
        return cache_folder(Path(self.options["cache_dir"]) if self.options["cache_dir"] else None)

    def _build_options(self) -> dict:
        options = self.options
        return {"jobs": options["jobs"], "scheduler": options["scheduler"],
                "cache_dir": Path(options["cache_dir"]) if options["cache_dir"] else None, "collection": self.collection}

    def on_env(self, env, *, config, files):
        """Material writes its interface words into every page as JSON (`__config`):
        as characters, not as \\u escapes twice their size in UTF-8 (JSON reads
        both alike; Jinja's tojson still escapes <, >, & and ')."""
        env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False}
        if self.command == "serve":
            env.bytecode_cache = self.templates  # MkDocs makes a new environment at every rebuild
        return env

    def on_serve(self, server, *, config, builder):
        """The pipeline writes into docs_dir: MkDocs need not watch it (each
        write would start another rebuild); it watches the sources (mkdocs.yml's
        `watch`) and a signal file, touched when a whole build behind a quick
        update is done."""
        server.unwatch(config.docs_dir)
        self.signal = _project_dir(config) / "build" / "serve-signal" / "whole-build-done"
        self.signal.parent.mkdir(parents=True, exist_ok=True)
        self.signal.touch()
        server.watch(str(self.signal.parent))
        return server

    def on_pre_build(self, *, config) -> None:
        if config.extra.get("script") != ROOT_SCRIPT:
            return  # the root build already generated both scripts
        if self.command == "serve":
            self._serve_pre_build(config)
            return
        project = _project_dir(config)
        self._report(build_apart(project / self.config.sources, project / self.config.docs, **self._build_options()))
        if not self.dirty:
            self._start_twin(config)

    def _report(self, result) -> None:
        """A skipped source or sidecar is named, and listed in the build report (report.md,
        build-report.json); it stops the build only when asked: `strict` makes it
        a warning, which `mkdocs build --strict` (make site STRICT=1) fails on."""
        for problem in result.problems:
            (log.warning if self.options["strict"] else log.info)(f"skipped source {problem}")
        log.info(f"build_tools: {result.story_count} stories; {result.written} pages written, {result.removed} removed; "
                 f"{result.processed} source pages cleaned, {result.cached} from the cache; {result.timing()}")

    def _serve_pre_build(self, config) -> None:
        self._update_served_pages(config)
        if not self.dirty:
            self._start_twin(config)  # (every rebuild of `mkdocs serve` without --dirty renders both scripts anew)

    def _update_served_pages(self, config) -> None:
        """While serving, the plugin keeps the whole build's state for the next
        rebuild. An edit of a page or a few shows its own story pages at
        once (quick_update); the whole build (listings, links, search, export)
        then runs behind, and its pages show in the rebuild it asks for."""
        project = _project_dir(config)
        sources, docs = project / self.config.sources, project / self.config.docs
        if self.state is not None:
            inputs = read_inputs(sources, self.collection, self._cache_dir())  # (a source read again only where changed)
            if inputs.digest == self.state.digest:
                self.whole_build_due = False  # (an edit made while the last one ran was in it)
                return  # the pages are those of the sources, code and templates as they are (the whole build behind is done)
            # An edit while a whole build runs behind the last one is shown at once too (it waited for that
            # build: 8.9 s at 1,000 sources, edits 10 s apart); that build may write this page's stories
            # as they were, and the rebuild its end asks for finds the edit again and writes them anew.
            quick = quick_update(sources, docs, self.state, self.loaded_version, self._build_options()["cache_dir"], inputs,
                                 self.collection)
            if quick is not None:
                self.state, self.whole_build_due = quick, True
                self._note_written(quick)
                log.info("build_tools: the edited pages' stories written; the rest builds behind them")
                return
        if self.behind is not None:
            self.behind.join()  # a whole build is needed now: the one under way finishes first
        # in a process of its own, as for `mkdocs build`: an edited module of build_tools is the one that runs
        result = build_apart(sources, docs, **self._build_options(), keep_state=True)
        self.state = result.state
        self._note_written(result.state)
        self._report(result)

    def _building_behind(self) -> bool:
        return self.behind is not None and self.behind.is_alive()

    def _build_behind(self, config) -> None:
        """The whole build after a quick update, in a thread: when done, the
        signal file asks MkDocs for the rebuild that shows its pages."""
        project = _project_dir(config)
        options = self._build_options()

        def run() -> None:
            try:
                result = build_apart(project / self.config.sources, project / self.config.docs, **options, keep_state=True)
                self.state = result.state
                self._note_written(result.state)
                log.info(f"build_tools: behind the quick update, {result.written} pages written; {result.timing()}")
            except Exception as error:  # noqa: BLE001 (a thread's error would vanish: the next rebuild starts over)
                log.error(f"build_tools: the whole build behind the quick update failed: {error!r}")
                self.state = None
                self._forget_shown()
            if self.signal is not None:
                self.signal.write_text(str(time.time_ns()), encoding="utf-8")

        self.behind = threading.Thread(target=run, name="archive-build-behind", daemon=True)
        self.behind.start()

    def _build_twin_dirty(self, config) -> None:
        if self.twin is None:
            self.twin = load_config(config_file=str(_project_dir(config) / TWIN_CONFIG),
                                    site_dir=str(Path(config.site_dir) / SCRIPT_PREFIX["zh-Hant"]), strict=config.strict)
            self.twin.plugins.on_startup(command="serve", dirty=True)
        mkdocs_build(self.twin, dirty=True)

    # Otherwise the Traditional twin builds in its own process beside the Simplified
    # one (both scripts at once on two cores), into a folder of its own: MkDocs
    # empties site_dir after on_pre_build, so it is moved in after the build.
    def _start_twin(self, config) -> None:
        site = self.site or Path(config.site_dir)
        target = _aside(site, f"{SCRIPT_PREFIX['zh-Hant'].strip('/')}.partial")
        shutil.rmtree(target, ignore_errors=True)
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(_project_dir(config) / TWIN_CONFIG),
                   "--site-dir", str(target), *(["--strict"] if config.strict else [])]
        environ = {**os.environ, TWIN_SITE_ENV: str(site / SCRIPT_PREFIX["zh-Hant"])} if self.site else None
        self.process = subprocess.Popen(command, cwd=_project_dir(config), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True, env=environ)
        self.target = target
        self.twin_record = Path(f"{target}{_TWIN_RECORD_SUFFIX}")
        self.twin_record.unlink(missing_ok=True)

    def on_post_page(self, output: str, *, page, config) -> str:
        here = config.extra["script"]
        scan = page.url.startswith(f"{SOURCE_DIR}/")  # a scan has no script: published once, in the root site
        hosted = self.collection.scan_base_url

        def root_href_of(path: str) -> str:
            image = _HOSTED_IMAGE_RE.fullmatch(path) if hosted else None
            if image:  # the tiles are hosted apart from the site
                return f"{image_url(image.group(1), scan_base_url=hosted)}/{INFO_FILE}"
            return root_href(page.url, here, path, config.use_directory_urls)

        return _finish(output, lambda there: alternate_href(page.url, here, ROOT_SCRIPT if scan else there), root_href_of)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        """404.html, the one theme page: served for any missing address, so its
        links are from the site's root (as MkDocs makes the rest of them)."""
        if template_name != "404.html":
            return output_content
        here = config.extra["script"]
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        base = root[:-len(SCRIPT_PREFIX[here])] if SCRIPT_PREFIX[here] and root.endswith(SCRIPT_PREFIX[here]) else root
        return _finish(output_content, lambda there: f"{base}{SCRIPT_PREFIX[there]}", lambda path: f"{base}{path}")

    def on_post_build(self, *, config) -> None:
        if self.last_site is not None:
            reuse.link_kept(self.kept, self.last_site, Path(config.site_dir))
        if config.extra.get("script") != ROOT_SCRIPT:
            if self.last_site is not None:  # recorded by the root build once the site is swapped in
                build_record.write_record(Path(f"{config.site_dir.rstrip('/')}{_TWIN_RECORD_SUFFIX}"), self.digests)
            return
        self._publish_search(config)
        self._publish_scans(config)
        if self.dirty:
            self._build_twin_dirty(config)
        elif self.process is not None:
            self._take_twin(config)
        if self.whole_build_due and not self._building_behind():  # (one under way: the rebuild its end asks for starts the next)
            self.whole_build_due = False
            self._build_behind(config)
        if self.site is not None:
            records = [reuse.record_path(self._cache_dir(), site) for site in _sites(self.site)]
            for record in records:  # until the new site's records are written, no record vouches for a page
                record.unlink(missing_ok=True)
            _swap_in(Path(config.site_dir), self.site)
            # the new site stands: what its pages were made of, for the next build
            build_record.write_record(records[0], self.digests)
            twin_digests = build_record.read_record(self.twin_record) if self.twin_record is not None else {}
            if twin_digests:
                build_record.write_record(records[1], twin_digests)
            if self.twin_record is not None:
                self.twin_record.unlink(missing_ok=True)
            self.site = None

    def _publish_search(self, config) -> None:
        """The search index, which the pipeline writes beside the scripts' folders of docs/ (outside MkDocs'
        docs_dir: site_map.SEARCH_DIR), into the root site: whole, or while serving dirty the files written
        since the last rebuild."""
        with self.unshown_lock:
            changed = self.unpublished_search
            self.unpublished_search = set() if self.command == "serve" and self.dirty else None
        project = _project_dir(config)
        reuse.publish_index(project / self.config.docs / SEARCH_DIR, Path(config.site_dir) / SEARCH_DIR, changed)

    def _publish_scans(self, config) -> None:
        """Each page image's tiles into the site (scans/STEM/), as the tile index
        MkDocs copied there names them, linked from the tile store. A clean
        build links them into its new site (the last one is left whole: a build
        that fails after this leaves it as it was); a site written in place
        (serve) keeps the tiles it has, as recorded in the cache."""
        site = Path(config.site_dir)
        index = build_record.read_record(site / TILE_INDEX)
        if not index:
            return
        hosted = self.collection.scan_base_url
        # hosted elsewhere: the tiles are written beside the site, whole (they are uploaded, not swapped in)
        folder = hosted_scans_dir(self.site or site) if hosted else site / SCAN_DIR
        store = self._cache_dir() / TILE_DIR
        record = build_record.record_path(self._cache_dir(), "tiles", folder)
        published = build_record.read_record(record) if self.site is None or hosted else {}
        for stem, key in index.items():
            target = folder / stem
            if published.get(stem) == key and (target / INFO_FILE).is_file():
                continue
            if (store / key / INFO_FILE).is_file():
                publish_tiles(store / key, target, image_url(stem, config.site_url or "", hosted))
        if hosted:  # the folder to upload holds this build's pages' tiles, no others
            for gone in sorted(set(p.name for p in folder.iterdir()) - set(index)):
                shutil.rmtree(folder / gone)
        if self.site is None or hosted:
            build_record.write_record(record, index)

    def _take_twin(self, config) -> None:
        """Wait for the Traditional site, and move it into the Simplified one."""
        process, target = self.process, self.target
        self.process = self.target = None
        output, _ = process.communicate()
        for line in output.splitlines():
            if line.startswith(("WARNING", "ERROR")):
                log.warning(f"{TWIN_CONFIG}: {line}")
        if process.returncode != 0:
            raise PluginError(f"the Traditional site ({TWIN_CONFIG}) did not build:\n{output[-2000:]}")
        destination = Path(config.site_dir) / SCRIPT_PREFIX["zh-Hant"]
        shutil.rmtree(destination, ignore_errors=True)
        shutil.move(str(target), str(destination))

    def on_shutdown(self) -> None:
        if self.behind is not None:
            self.behind.join()

    def on_build_error(self, *, error) -> None:
        """A failed Simplified build stops its twin too, and drops what it built
        aside: the last good site stays. (Served, the pages it did not show are checked at the next rebuild.)"""
        self._forget_shown()
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        for folder in (self.target, self.site and _aside(self.site)):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
        if self.twin_record is not None:
            self.twin_record.unlink(missing_ok=True)
        self.process = self.target = self.site = None


