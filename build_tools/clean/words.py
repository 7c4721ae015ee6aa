"""Word evidence from jieba's dictionary, shared by the rules that need it.

A cut between two blocks, a space between two characters, or a doubtful
copy is judged by whether real words stand across it, not by guesswork.
"""

from __future__ import annotations

import functools
import logging

import jieba

from ..lexicon import HAN_RE

jieba.setLogLevel(logging.WARNING)
# How much of each side of a cut jieba sees: enough for a four-character word.
CONTEXT = 4


@functools.cache
def _tokenizer() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def cut(text: str) -> list[str]:
    """Dictionary words only (no HMM guessing of unknown words)."""
    return list(_tokenizer().cut(text, HMM=False))


@functools.cache
def _tagger():
    from jieba import posseg

    return posseg.POSTokenizer(_tokenizer())


def first_word(text: str) -> tuple[str, str]:
    """The first word of text and jieba's part-of-speech tag for it ("ns" place, "v" verb...)."""
    for pair in _tagger().cut(text[:8]):  # HMM on: unknown personal names are found
        return pair.word, pair.flag
    return "", ""


def is_word(text: str) -> bool:
    return _tokenizer().FREQ.get(text, 0) > 0


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


# A word whose inverse document frequency (jieba's idf.txt, from a large
# general corpus) is below this is among the 3.3 % commonest (发展, 工作,
# 记者): it says nothing of what a text is about.
DISTINCTIVE_IDF = 8.0


@functools.cache
def _idf() -> tuple[dict[str, float], float]:
    import jieba.analyse
    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf


def distinctive_words(text: str) -> frozenset[str]:
    """The words that tell what a text is about: two or more Chinese
    characters, not among the commonest (DISTINCTIVE_IDF); names jieba's
    dictionary lacks count (its HMM finds them)."""
    idf, median = _idf()
    return frozenset(word for word in _tokenizer().cut(text) if len(word) >= 2 and HAN_RE.fullmatch(word[0])
                     and len(HAN_RE.findall(word)) == len(word) and idf.get(word, median) >= DISTINCTIVE_IDF)
