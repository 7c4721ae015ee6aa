"""The archive's interface words (data/words.yml), in the reader's script.

Written once, in Simplified Chinese; the Traditional site gets them through
the same OpenCC conversion as the text.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import opencc
import yaml

from .printed_script import standard_forms
from .settings import Script

Convert = Callable[[str], str]

_WORDS = yaml.safe_load((Path(__file__).parent / "data" / "words.yml").read_text(encoding="utf-8"))
LABELS: dict[str, str] = _WORDS["labels"]  # the pages
SEARCH_WORDS: dict[str, str] = {**_WORDS["search"], "undated": LABELS["undated"]}  # the search box
RULE_NAMES: dict[str, str] = _WORDS["rules"]  # each cleaning rule, as the 校勘记 names it


@functools.cache
def converter_for(script: Script) -> Convert:
    """One converter per script (labels and the page templates are cached by it)."""
    if script.opencc_config is None:
        return _identity
    return opencc.OpenCC(script.opencc_config).convert


@functools.cache
def _to_simplified() -> Convert:
    t2s = opencc.OpenCC("t2s").convert
    return lambda text: t2s(standard_forms(text))  # OpenCC has no 囘 or 淸


def text_converter(script: Script, printed: str) -> Convert:
    """A page's text, printed in `printed` (zh-Hans, zh-Hant), as the site of
    `script` shows it: as printed on its own script's site, variant glyphs
    and all; converted on the other (t2s; or the collection's s2t, s2tw …)."""
    if printed == script.language:
        return _identity
    if script.opencc_config is None:  # the Simplified site
        return _to_simplified()
    return converter_for(script)


def _identity(text: str) -> str:
    return text


@functools.lru_cache(maxsize=8)
def labels(convert: Convert) -> dict[str, str]:
    """The interface words in one script: converted once per converter, not once per page."""
    return {key: convert(value) for key, value in LABELS.items()}


def rule_name(rule: str) -> str:
    """A rule's name for the reader (its code name if the words file lacks it)."""
    return RULE_NAMES.get(rule, rule)
