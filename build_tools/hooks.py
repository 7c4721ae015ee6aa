"""MkDocs hooks: `mkdocs build` / `mkdocs serve` alone give the whole archive.

- before the build, the pages of both scripts are regenerated from sources/
  (cheap when nothing changed: pages are only written when their bytes differ;
  mkdocs.yml watches sources/, so editing a source rebuilds while serving);
- after the Simplified site is built, its Traditional twin (mkdocs.zh-Hant.yml)
  is built into <site_dir>/zh-Hant: its own UI language and search index;
- the language switch of every page points at the same page in the other script;
- the search index is cut into words with build_tools/search_words.py.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from material.plugins.search import plugin as material_search
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from build_tools.lexicon import HAN
from build_tools.pipeline import build
from build_tools.search_words import search_words

log = logging.getLogger("mkdocs.hooks.build_tools")

ROOT_SCRIPT = "zh"
# Where each script's site sits inside the root site.
SCRIPT_PREFIX = {"zh": "", "zh-Hant": "zh-Hant/"}
TWIN_CONFIG = "mkdocs.zh-Hant.yml"


_HAN_RUN_RE = re.compile(f"[{HAN}]+")


def _segment_chinese(self, data: str) -> str:
    """Material's search index, cut into words the browser can find again
    (build_tools/search_words.py), separated by zero-width spaces as Material does."""
    return _HAN_RUN_RE.sub(lambda run: "\u200b" + "\u200b".join(search_words(run.group())) + "\u200b", data).strip("\u200b")


# Material cuts with plain jieba, inconsistently across contexts: use ours.
material_search.SearchIndex._segment_chinese = _segment_chinese


def _project_dir(config) -> Path:
    return Path(config.config_file_path).parent


def on_pre_build(config) -> None:
    if config.extra.get("script") != ROOT_SCRIPT:
        return  # the root build already generated both scripts
    project = _project_dir(config)
    result = build(project / "sources", project / "docs")
    for problem in result.problems:
        log.warning(f"skipped source {problem}")
    log.info(f"build_tools: {len(result.stories)} stories; {result.written} pages written, {result.removed} removed; "
             f"{result.processed} source pages cleaned, {result.cached} from the cache; {result.timing()}")


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


def on_post_page(output: str, page, config) -> str:
    here = config.extra["script"]
    output = _HEAD_ALTERNATE_RE.sub("", output)
    for there in SCRIPT_PREFIX:
        output = output.replace(f'href="/@script/{there}/"', f'href="{alternate_href(page.url, here, there)}"')
    return output


def on_post_build(config) -> None:
    if config.extra.get("script") != ROOT_SCRIPT:
        return
    twin = load_config(
        config_file=str(_project_dir(config) / TWIN_CONFIG),
        site_dir=str(Path(config.site_dir) / SCRIPT_PREFIX["zh-Hant"]),
        strict=config.strict,
    )
    mkdocs_build(twin)
