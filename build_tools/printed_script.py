"""The script a page is printed in, Simplified (zh-Hans) or Traditional (zh-Hant), found from its characters.

OpenCC's character tables say which characters belong to one script only: a
key of STCharacters (Simplified to Traditional) whose candidates do not
include itself is Simplified only (发 -> 發 髮; not 干 -> 幹 乾 干, which a
Traditional page prints too; nor 群, which Taiwan's standard prints for 羣), a key of TSCharacters whose candidates do not
include itself is Traditional only (參 -> 参; not 乾 -> 干 乾). The tables
are read from the installed OpenCC (its `opencc_dict` tool dumps them), so
they are the same tables the conversions use, and the cache key's OpenCC
version covers them.

A page is printed in the script most of its one-script characters belong
to (a Simplified page prints hundreds of 这 说 们 for each stray 經; a page
of two lines with one 國 is Traditional: kept as printed, converted for the
Simplified site, either way nothing lost); a page with none is in the
collection's script. Variant glyphs a Traditional page prints (爲, 卽, 吿)
are Traditional only: they count for the page's script, and are kept.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

import opencc

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
PRINTED_SCRIPTS = (SIMPLIFIED, TRADITIONAL)


def _opencc_dir() -> Path:
    return Path(opencc.__file__).parent / "clib"


@functools.cache
def _table(name: str) -> dict[str, tuple[str, ...]]:
    """An OpenCC character table: each key and its candidates."""
    tool = _opencc_dir() / "bin" / "opencc_dict"
    dictionary = _opencc_dir() / "share" / "opencc" / f"{name}.ocd2"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "table.txt"
        subprocess.run([str(tool), "-i", str(dictionary), "-o", str(out), "-f", "ocd2", "-t", "text"], check=True,
                       capture_output=True)
        lines = out.read_text(encoding="utf-8").splitlines()
    table = {}
    for line in lines:
        key, _, values = line.partition("\t")
        table[key] = tuple(values.split(" "))
    return table


@functools.cache
def simplified_only() -> frozenset[str]:
    """Keys of STCharacters whose candidates exclude them, but for the forms
    Taiwan's and Hong Kong's standards print (群 for 羣, 峰 for 峯: TWVariants, HKVariants)."""
    regional = {value for name in ("TWVariants", "HKVariants") for values in _table(name).values() for value in values}
    return frozenset(key for key, values in _table("STCharacters").items()
                     if len(key) == 1 and key not in values and key not in regional)


@functools.cache
def traditional_only() -> frozenset[str]:
    return frozenset(key for key, values in _table("TSCharacters").items() if len(key) == 1 and key not in values)


def script_counts(text: str) -> tuple[int, int]:
    """(Simplified-only, Traditional-only) characters in the text."""
    return sum(map(simplified_only().__contains__, text)), sum(map(traditional_only().__contains__, text))


def detect_script(text: str) -> str | None:
    """The script most of the text's one-script characters belong to; None
    when they are as many in both (none at all: a price list in numerals)."""
    simple, traditional = script_counts(text)
    if simple == traditional:
        return None
    return SIMPLIFIED if simple > traditional else TRADITIONAL


# Old printed glyph forms (舊字形) a Traditional page sets, with no
# conversion in OpenCC: each to its standard Traditional character, so the
# Simplified site converts them (囘 -> 回) and search folds them (囘 = 回).
# A Traditional site shows them as printed.
OLD_FORMS = {
    "囘": "回", "囬": "回", "淸": "清", "吿": "告", "欵": "款", "値": "值", "汚": "污", "幇": "幫", "靑": "青",
    "槪": "概", "倂": "併", "冩": "寫", "衞": "衛", "鬪": "鬥", "畧": "略", "燄": "焰", "揑": "捏", "搆": "構",
    "筭": "算", "竝": "並", "凟": "瀆", "罸": "罰",
}
_OLD_FORMS_TABLE = str.maketrans(OLD_FORMS)


def standard_forms(text: str) -> str:
    """The text with its old glyph forms written in today's standard (same length)."""
    return text.translate(_OLD_FORMS_TABLE)


@functools.cache
def _fold_table() -> dict[int, str]:
    table = {}
    for name in ("TSCharacters", "TSCharactersExt"):
        for key, values in _table(name).items():
            if len(key) == 1 and key in traditional_only() and len(values[0]) == 1:
                table.setdefault(ord(key), values[0])
    for old, standard in OLD_FORMS.items():
        table[ord(old)] = table.get(ord(standard), standard)
    return table


def fold_to_simplified(text: str) -> str:
    """Each Traditional-only character (and old glyph form) as its Simplified
    form, character for character (same length, so offsets hold): how Simplified
    dictionaries and conventions read a Traditional page. Characters both
    scripts print (乾, 於) stay as they are."""
    return text.translate(_fold_table())
