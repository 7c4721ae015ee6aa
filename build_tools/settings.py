"""The archive's settings: the one place to change them (see handbook/sources.md, "Settings"), and the
environment variables that override them for one run."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

# OpenCC configuration for the Traditional site. "s2t" gives OpenCC's standard
# Traditional characters; "s2tw" / "s2hk" give Taiwan / Hong Kong variants and
# "s2twp" also converts Taiwan phrasing. A collection chooses (Collection.conversion).
OPENCC_CONFIG = "s2t"
CONVERSIONS = ("s2t", "s2tw", "s2hk", "s2twp")
AUTO_SCRIPT = "auto"
# What may read the page images of sources/ (build_tools/ocr.py), and the default.
OCR_ENGINES = ("rapidocr", "tesseract")
DEFAULT_OCR_ENGINE = "rapidocr"
DEFAULT_OCR_LANGUAGES = "chi_sim"  # Tesseract's (chi_tra; chi_tra_vert for vertical print)


@dataclass(frozen=True)
class Script:
    locale: str  # the folder under docs/ and the site, as mkdocs-static-i18n names it
    language: str  # BCP 47 tag written into front matter
    opencc_config: str | None  # None: the text is already in this script


SCRIPTS = (
    Script(locale="zh", language="zh-Hans", opencc_config=None),
    Script(locale="zh-Hant", language="zh-Hant", opencc_config=OPENCC_CONFIG),
)
# The script served at the site's root; the other is built under its locale (zh-Hant/).
ROOT_SCRIPT = SCRIPTS[0]


@dataclass(frozen=True)
class Collection:
    """What an archivist declares once for the whole collection (the plugin's
    options in mkdocs.yml; `python -m build_tools build --script …`)."""

    script: str = AUTO_SCRIPT  # the printed script: "auto" (read from each page's characters), "zh-Hans", "zh-Hant"
    conversion: str = OPENCC_CONFIG  # how the Traditional site converts pages printed in Simplified
    paper: str = ""  # the paper's name, for pages whose masthead does not print it
    manifest: str = ""  # a CSV (file, paper, date, page) declaring pages' facts, beside mkdocs.yml (ingest.MANIFEST_COLUMNS)
    ocr_engine: str = DEFAULT_OCR_ENGINE  # what reads the page images of sources/ (OCR_ENGINES)
    ocr_languages: str = DEFAULT_OCR_LANGUAGES  # Tesseract's languages
    # Where the site is published (mkdocs.yml site_url): the IIIF manifests' absolute ids. Not in key():
    # no page's stories depend on it (the build's inputs digest holds it, pipeline.read_inputs).
    site_url: str = ""
    # Where the page images' tiles are hosted when not in the site (a bucket, a library's IIIF server: each
    # page's tiles under BASE/STEM/); "" publishes them in site/scans/. Not in key(), as site_url.
    scan_base_url: str = ""

    def __post_init__(self):
        if self.script not in (AUTO_SCRIPT, "zh-Hans", "zh-Hant"):
            raise ValueError(f"script 应是 auto、zh-Hans 或 zh-Hant，而不是“{self.script}”")
        if self.conversion not in CONVERSIONS:
            raise ValueError(f"conversion 应是 {'、'.join(CONVERSIONS)} 之一，而不是“{self.conversion}”")
        if self.scan_base_url and not re.match(r"https?://[^/]+", self.scan_base_url):
            raise ValueError(f"scan_base_url 应是 http:// 或 https:// 开头的网址，而不是“{self.scan_base_url}”")
        if self.ocr_engine not in OCR_ENGINES:
            raise ValueError(f"ocr_engine 应是 {'、'.join(OCR_ENGINES)} 之一，而不是“{self.ocr_engine}”")

    def key(self) -> str:
        """What the pages are made of besides their files: a part of every page's cache key."""
        return f"{self.script}\0{self.conversion}\0{self.paper}\0{self.ocr_engine}\0{self.ocr_languages}"  # (a manifest's rows go into their pages' keys)

    def scripts(self) -> tuple[Script, ...]:
        """Both sites' scripts, the Traditional one converting as the collection chooses."""
        return tuple(script if script.opencc_config is None else replace(script, opencc_config=self.conversion)
                     for script in SCRIPTS)


DEFAULT_COLLECTION = Collection()


# Environment variables: each overrides one option of the plugin (mkdocs.yml,
# build_tools/plugin.py) or one flag of `python -m build_tools build`, for one run.
ENVIRONMENT = {
    "strict": "ARCHIVE_STRICT",  # a skipped source fails the build
    "offline": "OFFLINE",  # the offline bundle: file names instead of directory URLs
    "jobs": "ARCHIVE_JOBS",  # processes for the per-page stages
    "scheduler": "ARCHIVE_SCHEDULER",  # a Dask scheduler's address (tcp://10.0.0.5:8786)
    "cache_dir": "ARCHIVE_CACHE",  # the per-page cache's folder
}


def environment_overrides(environ=os.environ) -> dict:
    """The settings the environment gives, by option name; those it does not give are left out."""
    parse = {"strict": _flag, "offline": _flag, "jobs": lambda v: max(1, int(v)), "scheduler": str, "cache_dir": Path}
    return {option: parse[option](environ[name]) for option, name in ENVIRONMENT.items() if environ.get(name)}


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")
