"""The site map: every path the archive publishes, defined once.

Two sites, one per script: the root script's at the site's root, the other's
under its locale (zh-Hant/). In each: the home page and the listings, the
stories, the groups of versions, the build report. Published once, in the
root site: the verbatim scans and the page images, the search index (both scripts share it), the
export and its schema, the build report's JSON. Paths here are Markdown paths
under a script's docs/ folder ("stories/SLUG.md"), URLs as MkDocs serves them
("stories/SLUG/"), or published files ("export/archive.jsonl.gz").

A page of the other script links into the root site through ROOT_LINK
(in_root_site); the plugin resolves it for the page's depth and URL style
(root_href), as it points the language switch at the same page in the other
script (alternate_href). Which files under docs/ the build makes, and may
delete when their source is gone: is_generated.
"""

from __future__ import annotations

from .settings import ROOT_SCRIPT, SCRIPTS, Script

STORY_DIR = "stories"
VERSION_DIR = "versions"
SOURCE_DIR = "sources"  # the verbatim scans, root site only
# The search index, root site only. Written beside the scripts' folders of docs/ (docs/search/), not in the
# root script's: MkDocs walks its docs_dir on every served rebuild, and at 10,000 sources the index is 38,000
# files; the plugin publishes it into the site (plugin._publish_search).
SEARCH_DIR = "search"
SCAN_DIR = "scans"  # each page image's tiles and IIIF manifest (scans/STEM/), root site only
MANIFEST_FILE = "manifest.json"  # a page's IIIF Presentation manifest, in scans/STEM/
INFO_FILE = "info.json"  # a page image's IIIF Image API tile source, in its tiles' folder
TILE_INDEX = f"{SCAN_DIR}/tiles.json"  # which tiles of the build cache's tile store are whose: the plugin copies them
EXPORT_DIR = "export"  # the archive as data, root site only
EXPORT_FILE = "archive.jsonl.gz"
SCHEMA_FILE = "export.schema.json"
REPORT_PAGE = "report.md"
REPORT_JSON = "build-report.json"  # root site only
# Where each script's site sits inside the root site.
SCRIPT_PREFIX = {script.locale: "" if script == ROOT_SCRIPT else f"{script.locale}/" for script in SCRIPTS}
# A link to a file published once, in the root site, from a page of the other script.
ROOT_LINK = "/@root/"


def story_path(slug: str) -> str:
    return f"{STORY_DIR}/{slug}.md"


def story_url(slug: str) -> str:
    return f"{STORY_DIR}/{slug}/"


def source_path(stem: str) -> str:
    return f"{SOURCE_DIR}/{stem}.md"


def source_url(stem: str) -> str:
    return f"{SOURCE_DIR}/{stem}/"


def scan_url(stem: str, site_url: str = "") -> str:
    """The folder of a page image's tiles and manifest ("scans/STEM/"): absolute
    under the site's URL where it is known (IIIF ids are), else relative to the site's root."""
    return f"{site_url.rstrip('/')}/{SCAN_DIR}/{stem}/" if site_url else f"{SCAN_DIR}/{stem}/"


def image_url(stem: str, site_url: str = "", scan_base_url: str = "") -> str:
    """The IIIF image of a page's scan (its tiles' folder, no trailing slash): under
    scan_base_url where the tiles are hosted apart from the site, else in the site's scans/STEM/."""
    if scan_base_url:
        return f"{scan_base_url.rstrip('/')}/{stem}"
    return scan_url(stem, site_url).rstrip("/")


def version_path(key: str) -> str:
    return f"{VERSION_DIR}/{key}.md"


def in_root_site(path: str, script: Script) -> str:
    """A link from a top-level page of `script` to a file published once, in the root site (a scan, the export)."""
    return path if script == ROOT_SCRIPT else f"{ROOT_LINK}{path}"


def alternate_href(page_url: str, here: str, there: str) -> str:
    """Relative link from a page of script `here` to the same page of `there`.

    Works for both URL styles: "stories/x/" (served) and "stories/x.html" (offline).
    """
    depth = page_url.count("/") + SCRIPT_PREFIX[here].count("/")
    return "../" * depth + SCRIPT_PREFIX[there] + page_url or "./"


def root_href(page_url: str, here: str, target: str, directory_urls: bool) -> str:
    """Relative link from a page of script `here` to `target` ("sources/x/") in
    the root script's site, in the build's URL style ("sources/x.html" offline)."""
    depth = page_url.count("/") + SCRIPT_PREFIX[here].count("/")
    if not directory_urls and target.endswith("/"):
        target = target.rstrip("/") + ".html"  # a page; a file ("build-report.json") keeps its name
    return "../" * depth + target


def is_search_file(path: str) -> bool:
    """A file of the search index ("search/…", a path under docs/; its .gitignore is none)."""
    return path.startswith(f"{SEARCH_DIR}/") and not path.rsplit("/", 1)[-1].startswith(".")


def is_generated(path: str) -> bool:
    """A file under docs/ ("zh/stories/x.md") the build makes: every page, the
    search index, the build report's JSON, the export's schema, the scans' manifests and tile index; and
    the index where builds before 2026-12-07 wrote it ("zh/search/…"), which the next build removes."""
    return (path.endswith(".md") or is_search_file(path) or path.rsplit("/", 1)[-1] in (REPORT_JSON, SCHEMA_FILE)
            or path.startswith(f"{ROOT_SCRIPT.locale}/{SEARCH_DIR}/")
            or path.startswith(f"{ROOT_SCRIPT.locale}/{SCAN_DIR}/") and path.endswith(".json"))
