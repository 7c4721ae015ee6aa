"""Chinese words for the search index, cut the same way the browser cuts queries.

jieba cuts a phrase differently in different contexts (招商引资 here,
招商/引资 there), so an index of its words finds a phrase in some stories and
misses it in others. Each word is therefore tiled into the most dictionary
words of two or more characters that cover it exactly (招商引资 -> 招商 引资,
重点项目 -> 重点 项目); words that cannot be tiled stay whole (锦州港). The
browser tiles a query the same way over the index's own words
(overrides/assets/javascripts/search-query.js), so a query finds every story
holding the phrase, whatever jieba did around it.
"""

from __future__ import annotations

import functools

import jieba


@functools.cache
def tile(word: str) -> tuple[str, ...]:
    """The most dictionary words (2+ characters) that cover `word` exactly, or (word,)."""
    if len(word) < 4:
        return (word,)
    jieba.dt.check_initialized()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(2, len(word) + 1):
        for start in range(0, end - 1):
            piece = word[start:end]
            if best[start] is not None and jieba.dt.FREQ.get(piece, 0) > 0:
                candidate = best[start] + (piece,)
                if best[end] is None or len(candidate) > len(best[end]):
                    best[end] = candidate
    return best[-1] if best[-1] else (word,)


def search_words(text: str) -> list[str]:
    """jieba's words of a run of Chinese, each tiled into its parts."""
    jieba.dt.check_initialized()
    return [piece for word in jieba.cut(text) for piece in tile(word)]
