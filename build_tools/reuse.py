"""Pages a clean `mkdocs build`, or a served rebuild, need not render again.

A page's HTML depends on its Markdown and on what every page shares: the
configuration, the templates and overrides, the plugin's code and the
versions of MkDocs and its theme (render_digest). Where none of these
changed since the last build of the same site, the page as that build wrote
it is the page this one would write: MkDocs is told to leave it out
(InclusionLevel.EXCLUDED: it is neither read nor rendered, and links to it
resolve as before), and its file is linked from the last site into the new
one. The navigation's pages, at the top of docs/, are always rendered. The
digests are recorded per site (build/cache/sites/) only once the new site
has replaced the old: a build that fails records nothing.

While serving (`mkdocs serve --dirty`), the served folder already shows
every page but those the pipeline wrote since the last rebuild, which it
names (ServeState.written): the rest are left out the same way (leave_out_shown).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path

from mkdocs.structure.files import Files, InclusionLevel

from . import build_record
from .cache import pipeline_version

RECORD_DIR = "sites"
# What renders every page besides its own Markdown.
_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "MarkupSafe")


def render_digest(config, project: Path) -> str:
    """A digest of what every page's HTML depends on besides its Markdown."""
    digest = hashlib.sha256(pipeline_version().encode())
    for name in _PACKAGES:
        digest.update(f"{name} {metadata.version(name)}\0".encode())
    for path in sorted((project / "overrides").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in sorted(p.name for p in project.glob("mkdocs*.yml")):
        digest.update((project / name).read_bytes() + b"\0")
    digest.update(json.dumps([config.use_directory_urls, config.site_url, config.extra.get("script")]).encode())
    return digest.hexdigest()


def page_digests(files: Files, context: str) -> dict[str, str]:
    """Each documentation page's digest, by its output path."""
    out = {}
    for file in files.documentation_pages():
        digest = hashlib.sha256(context.encode() + b"\0" + file.src_uri.encode() + b"\0")
        digest.update(Path(file.abs_src_path).read_bytes())
        out[file.dest_uri] = digest.hexdigest()
    return out


def record_path(cache_dir: Path, site: Path) -> Path:
    return build_record.record_path(cache_dir, RECORD_DIR, site)


def leave_out_unchanged(files: Files, digests: dict[str, str], recorded: dict[str, str], last_site: Path) -> list[str]:
    """Mark the pages below the top of docs/ whose digest the last build of the
    site recorded, and whose file it left, as excluded; their output paths."""
    kept: list[str] = []
    for file in files.documentation_pages():
        if "/" in file.src_uri and recorded.get(file.dest_uri) == digests[file.dest_uri] \
                and (last_site / file.dest_uri).is_file():
            file.inclusion = InclusionLevel.EXCLUDED
            kept.append(file.dest_uri)
    return kept


def leave_out_shown(files: Files, docs_dir: str, unshown: set[str]) -> int:
    """While serving (`mkdocs serve --dirty`), a rebuild after the first: mark
    every file of docs/ the served site already shows as excluded, so that
    MkDocs neither makes, checks and skips a page object for it nor tests
    whether to copy it again (at 10,000 sources, 48,000 pages in two
    scripts: two thirds of a rebuild; the search index is not in docs_dir:
    publish_index). `unshown`: the
    files the pipeline wrote since this script's last rebuild (paths in
    docs_dir, ServeState.written); the pages at the top of docs/ (the
    navigation) are always rendered. The served folder keeps the files left
    out, and links to them resolve through `files` as before. The number left out."""
    count = 0
    for file in files:
        if file.src_dir != docs_dir or file.src_uri in unshown:
            continue  # (the theme's files: MkDocs copies them only when changed, as ever)
        if file.is_documentation_page() and "/" not in file.src_uri:
            continue
        file.inclusion = InclusionLevel.EXCLUDED
        count += 1
    return count


def publish_index(source: Path, target: Path, changed: set[str] | None) -> int:
    """The search index (docs/search/) into the site (site/search/): each
    file a hard link (a copy across file systems), as MkDocs would copy it.
    Whole when `changed` is None or the site has none yet; else only the
    files changed (paths in source), a file gone from source gone from the
    site. The number of files published."""
    if changed is None or not target.is_dir():
        shutil.rmtree(target, ignore_errors=True)
        changed = {path.relative_to(source).as_posix() for path in source.rglob("*")
                   if path.is_file() and not path.name.startswith(".")} if source.is_dir() else set()
    for path in sorted(changed):
        (target / path).unlink(missing_ok=True)
        if (source / path).is_file():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source / path, target / path)
            except OSError:
                shutil.copyfile(source / path, target / path)
    return len(changed)


def link_kept(paths: list[str], last_site: Path, site: Path) -> None:
    """The pages left out, from the last site into the new one: hard links (the
    last site is removed once the new one replaces it), or copies across file systems."""
    for path in paths:
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(last_site / path, target)
        except OSError:
            target.write_bytes((last_site / path).read_bytes())
