"""Stray Latin: English words where Chinese belongs ("实力 and 竞争力").

A lower-case English word standing between Chinese text is restored from the
glossary (data/latin_glossary.yml) when its Chinese is unambiguous, and
flagged otherwise. Legitimate Latin is left alone: acronyms and pinyin column
labels (GDP, CHUANZHEN), letters bound to numbers or Chinese (5G, B型, 4K),
capitalised names (Huawei, Jinzhou), and runs of English words (a title, a
quotation) longer than a stray slip.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from ..lexicon import CJK, is_cjk
from .edits import Edit

GLOSSARY_PATH = Path(__file__).with_name("data") / "latin_glossary.yml"
# One or two lower-case words (hyphens allowed) with the spaces around them,
# Chinese on at least one side and Chinese, a number or a Latin token on the
# other ("同比 growth 12%", "PM2.5 policy，").
_STRAY_RE = re.compile(
    f"(?:(?<=[{CJK}]) ?|(?<=[0-9A-Za-z%]) )([a-z][a-z-]*(?: [a-z][a-z-]*)?) ?(?=[{CJK}0-9])"
)


@functools.cache
def glossary() -> dict[str, str]:
    return yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))



def restore_latin(text: str) -> list[Edit]:
    edits = []
    for match in _STRAY_RE.finditer(text):
        words = match.group(1)
        if not (is_cjk(text[match.start() - 1:match.start()]) or is_cjk(text[match.end():match.end() + 1])):
            continue
        chinese = [glossary().get(word) for word in words.split(" ")]
        if all(chinese):
            edits.append(Edit(match.start(), match.end(), "".join(chinese), f"误识为英文的“{words}”按词表还原为中文"))
        else:
            edits.append(Edit(match.start(1), match.start(1), "", f"中文里夹有英文“{words}”：无法确定对应的中文", flag=True))
    return edits
