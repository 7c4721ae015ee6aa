"""Character classes the cleaning rules share."""

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")
# Chinese text: Han plus full-width punctuation and quotes, the context that
# makes a neighbouring half-width mark Chinese punctuation.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
CJK = HAN + CJK_PUNCT
CJK_RE = re.compile(f"[{CJK}]")


def is_cjk(char: str) -> bool:
    """A Chinese character or Chinese punctuation mark."""
    return bool(char) and CJK_RE.match(char) is not None


# A block ending in one of these ends a sentence (closing quotes and brackets too).
SENTENCE_END = "。！？…”’」』）)!?.；;：:—"

