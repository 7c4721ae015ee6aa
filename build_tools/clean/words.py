"""Word evidence from jieba's dictionary, shared by the rules that need it.

A cut between two blocks, a space between two characters, or a doubtful
copy is judged by whether real words stand across it, not by guesswork.
jieba's dictionary is Simplified: a Traditional page is read through its
character-for-character fold (printed_script.fold_to_simplified), and the
words given back are the page's own characters.
"""

from __future__ import annotations

import functools
import logging

import jieba

from ..lexicon import HAN_RE
from ..printed_script import fold_to_simplified

jieba.setLogLevel(logging.WARNING)
# How much of each side of a cut jieba sees: enough for a four-character word.
CONTEXT = 4


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def cut(text: str) -> list[str]:
    """Dictionary words only (no HMM guessing of unknown words), as the text prints them."""
    return _as_printed(text, _tokenizer().cut(fold_to_simplified(text), HMM=False))


def _as_printed(text: str, words) -> list[str]:
    """The text's own characters for each word of its fold (the same lengths)."""
    printed, position = [], 0
    for word in words:
        printed.append(text[position:position + len(word)])
        position += len(word)
    return printed


@functools.cache
def _tagger():
    """jieba's tagger over our own tokenizer. Its word-tag table is the one jieba's module tagger read on
    import, from the same dictionary: copied, not read again (a second read was a second a process)."""
    from jieba import posseg

    tagger = object.__new__(posseg.POSTokenizer)
    tagger.tokenizer = _tokenizer()
    tagger.word_tag_tab = dict(posseg.dt.word_tag_tab)
    return tagger


def first_word(text: str) -> tuple[str, str]:
    """The first word of text and jieba's part-of-speech tag for it ("ns" place, "v" verb...)."""
    for pair in _tagger().cut(fold_to_simplified(text[:8])):  # HMM on: unknown personal names are found
        return text[:len(pair.word)], pair.flag
    return "", ""


def is_word(text: str) -> bool:
    return _tokenizer().FREQ.get(fold_to_simplified(text), 0) > 0


def word_across(left: str, right: str) -> str | None:
    """The dictionary word (2+ characters) that stands across the join of
    left and right, if segmenting their meeting point puts one there."""
    left_part, right_part = left[-CONTEXT:], right[:CONTEXT]
    position = 0
    for word in cut(left_part + right_part):
        end = position + len(word)
        if position < len(left_part) < end and len(word) >= 2 and is_word(word):
            return word
        position = end
    return None


def loose_characters(text: str) -> int:
    """Chinese characters jieba leaves standing alone: a misread character
    usually breaks the words around it into such pieces."""
    return sum(1 for word in cut(text) if len(word) == 1 and HAN_RE.match(word))


@functools.cache
def _idf() -> tuple[dict[str, float], float]:
    import jieba.analyse
    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


# Words at least this rare weigh in a text's topic (topic_weights): below it
# are the commonest 0.16 % of jieba's dictionary (的, 发展, 记者, 工作), which every text
# shares; above it, a subject's everyday words count too (居民 5.8, 改造 6.6, 小区 7.5).
TOPIC_IDF = 5.0


def topic_weights(text: str) -> dict[str, float]:
    """Each word of two or more Chinese characters, not among the commonest
    (TOPIC_IDF), weighted by its count times its idf: what the text is about,
    as a vector to compare with another's (segment's topic similarity)."""
    idf, median = _idf()
    weights: dict[str, float] = {}
    for word in _tokenizer().cut(fold_to_simplified(text)):  # (Simplified words: pages of either script compare)
        if len(word) >= 2 and len(HAN_RE.findall(word)) == len(word):
            weight = idf.get(word, median)
            if weight >= TOPIC_IDF:
                weights[word] = weights.get(word, 0.0) + weight
    return weights
