"""Collate: one reading text of a group of versions, character by character.

Each version of a story was read wrong in different places by its scan. The
versions are aligned on the spine (the scan that needed the fewest corrections,
unless its reading order broke where another's holds: choose_spine), each
paragraph of another version where it matches best in the spine's whole text,
so different paragraph splits and a different column order align too. Where
the versions agree the text stands; at each place where they differ (a
variant) one reading is chosen on evidence, in this order:

1. majority: the reading most versions give, when more than one gives it;
2. a run of CollateConfig.sole_min Han characters or more that one version
   lacks is kept, unless it is printed elsewhere: the spine's own text printed
   twice (a caption's sentence read into a paragraph), or what the version
   lacking it prints as its title, a byline or a credit;
3. a rule's doubt: a reading holding a mark the cleaner set (〔下缺〕) loses;
4. marks: readings that differ in punctuation only are weighed by how the
   engine errs (PAUSE_MARKS);
5. language: the reading whose window (a few characters either side) forms
   more words of jieba's dictionary, weighed with jieba's word model and a
   character trigram model of the archive's own cleaned text;
6. a tie keeps the reading of the better scan (fewer corrections), flagged.

A version whose reading order broke where the spine's holds (order_breaks:
Tesseract read its columns out of order, or two as one line) is aligned piece by
piece, cut where its order leaves the spine's. Where it alone reads more or fewer
characters than the spine, or has a paragraph the spine lacks, that is its own
text out of place or the noise of a page read wrong, not a variant: the spine's
reading stands.

A version's prose is read as printed: the dateline at the head of its first
paragraph. Every choice is recorded (paragraph, offset, readings and who gives
each, the evidence). Text only one version has is kept, marked as such, unless
it is a scrap, printed twice or another version's furniture (recorded too);
every passage stands once in the reading.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple

import jieba
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .clean import LAYOUT_RULES
from .clean.blocks import LOST_MARK, ends_sentence
from .clean.misreads import DIGIT_LOOKALIKES
from .clean.words import topic_weights, word_across
from .lexicon import CJK_PUNCT, count_chars
from .model import PROSE_KINDS, Collation, Story, Variant, VersionGroup
from .segment import other_subjects

BREAK = "\n"  # between the spine's paragraphs in its whole text
# Marks where the versions differ in nothing else are weighed by how the engine errs, not by
# words (a mark forms none). Counted on the bench's multi-report pages, which no scanned pair
# shares (make bench-collate): Tesseract missed the small pause marks 13 times and made 2;
# it made 27 full stops out of specks and missed 5, most at a paragraph's end; it made 32
# quotation marks and missed none. So a pause mark is kept, a full stop only at a paragraph's
# end, and a quotation mark only where it closes or opens the paragraph's quotes.
PAUSE_MARKS = "，、；："
STOP_MARKS = "。！？"
QUOTE_PAIRS = ("“”", "‘’")
# Brackets, like quotation marks, are printed in pairs: one that pairs with its partner in the
# paragraph is printed, one that does not (〈 for （, 〔 before a ）) is the engine's.
BRACKET_PAIRS = ("（）", "()", "《》", "〈〉", "〔〕", "【】", "「」", "『』", "［］")
# What an engine reads for a digit (clean.misreads.DIGIT_LOOKALIKES): beside another digit, the digit is printed.
_DIGIT_LOOKALIKES = str.maketrans(DIGIT_LOOKALIKES)
_MARK_RE = re.compile(f"[{CJK_PUNCT}\\s!-/:-@\\[-`{{-~]")
_SENTENCE_RE = re.compile("[^。！？]+[。！？”」）)]*|[。！？]+")


class CollateConfig(NamedTuple):
    """The numbers collation goes by."""

    context: int = 3  # characters either side of a variant its evidence is weighed in
    min_match: float = 0.5  # Indel similarity a paragraph needs with its place in the spine to be aligned there
    slack: float = 0.25  # the spine window searched around a paragraph's anchor, as a share of its length
    shingle: int = 4  # characters a shingle anchoring a paragraph in the spine
    # Evidence weights, against the share of the window in dictionary words (1.0): jieba's
    # word model (its best route's log probability per character) and the archive's
    # trigram model (log score of the reading and what follows). Measured: make bench-collate.
    route_weight: float = 0.2
    model_weight: float = 0.05
    margin: float = 0.05  # a score difference below this is a tie
    sole_min: int = 6  # Han characters one version has and another lacks that are kept whatever the evidence
    moved: float = 0.5  # share of a text's shingles the spine prints elsewhere: moved text, not a variant
    repeat: float = 90  # rapidfuzz partial_ratio of a run with the spine's best match elsewhere: printed twice
    repeat_min: int = 10  # Han characters a run needs to count as printed twice (a name or a phrase recurs in news)
    # Reading order (order_breaks). Where two versions read their text in different orders
    # (Tesseract read one page's columns out of order, or two columns as one line), each join
    # one version makes and the other does not is weighed: a paragraph that breaks off where
    # the other reads the sentence on, or a word of jieba's dictionary the other's order keeps
    # whole, is a break. A version out of order is not the spine (the reading would keep its
    # order), and as another version it is aligned piece by piece. Counts of breaks, not shares
    # of the text: a break is an event, and a longer story has none more when its order holds.
    # shingles, each held once by both versions, in a row: a stretch both read in one order (fewer: a phrase that recurs)
    order_piece: int = 3
    order_drift: int = 3  # characters a misread may shift a stretch by in one version (a character lost, or read as two)
    # log probability a join must lose by to be broken. At random places of the bench's news text, where a
    # word of jieba's dictionary runs across the place (46 %), joining the two sides gains 2 or more 9 times
    # in 10 (median 8); where none does, nothing.
    order_margin: float = 2.0
    order_min: int = 2  # breaks that make a version out of order (one may be a misread next to a join)
    order_ratio: float = 3.0  # times the breaks of the version chosen instead, at least (both broken: no evidence which to keep)
    # share of the joins with another version that must break for any to count. A version that
    # prints whole paragraphs in another order (another edition's layout) parts from the other at
    # sentence ends: none of its joins break but for a misread or a lost line beside one (the
    # seeds: 1 of 10). A column read out of order parts mid-sentence, and a word of the text runs
    # across about every other such place: half its joins break. Halfway between.
    order_share: float = 0.25


DEFAULT_CONFIG = CollateConfig()


class CharModel:
    """A character trigram model with stupid backoff (Brants et al. 2007) over
    the archive's own cleaned text: log scores per character, averaged."""

    def __init__(self, texts: Iterable[str], budget: int = 1_000_000):
        """Counted over texts in order until `budget` characters: a bounded
        sample of the archive, whatever its size (memory and time stay flat)."""
        trigrams: Counter = Counter()
        for text in self.sample(texts, budget):
            padded = f"\x02\x02{text}"
            trigrams.update(padded[i:i + 3] for i in range(len(padded) - 2))
        # every character ends one trigram, and so does every bigram (the text is padded with two marks):
        # their counts are the trigrams' summed by their last one and two characters
        self.counts: Counter = Counter(trigrams)
        for gram, count in trigrams.items():
            self.counts[gram[1:]] += count
            self.counts[gram[2:]] += count
        self.total = sum(c for gram, c in self.counts.items() if len(gram) == 1) or 1

    @staticmethod
    def sample(texts: Iterable[str], budget: int = 1_000_000) -> list[str]:
        """The texts a model counts: in order, until `budget` characters."""
        taken = []
        for text in texts:
            if budget <= 0:
                break
            budget -= len(text)
            taken.append(text)
        return taken

    def score(self, text: str, history: str = "") -> float:
        """The mean log score of text's characters after history."""
        if not text:
            return 0.0
        padded = f"\x02\x02{history}{text}"
        start = len(padded) - len(text)
        total = 0.0
        for i in range(start, len(padded)):
            total += self._char(padded[i - 2:i], padded[i])
        return total / len(text)

    def _char(self, history: str, char: str) -> float:
        penalty = 0.0
        for context in (history, history[1:]):
            seen = self.counts.get(context + char, 0)
            if seen and self.counts.get(context, 0):
                return penalty + math.log(seen / self.counts[context])
            penalty += math.log(0.4)
        return penalty + math.log((self.counts.get(char, 0) + 1) / (self.total + 1))


def word_share(text: str) -> float:
    """The share of text's characters inside words of jieba's dictionary (two characters or more)."""
    if not text:
        return 0.0
    jieba.dt.check_initialized()
    covered = sum(len(word) for word in jieba.cut(text, HMM=False) if len(word) > 1 and word in jieba.dt.FREQ)
    return covered / len(text)


def word_route(text: str) -> float:
    """The log probability per character of text's likeliest cut into words of
    jieba's dictionary (jieba's own unigram model, as jieba.cut computes it)."""
    if not text:
        return 0.0
    jieba.dt.check_initialized()
    route: dict = {}
    jieba.dt.calc(text, jieba.dt.get_DAG(text), route)
    return route[0][0] / len(text)


def _join_gain(left: str, right: str) -> float:
    """How much likelier jieba's word model reads left and right as one text than
    apart: > 0 when a word of its dictionary runs across the join."""
    def logp(text: str) -> float:
        return word_route(text) * len(text) if text else 0.0
    return logp(left + right) - logp(left) - logp(right)


class _Compact(NamedTuple):
    """A version's prose as one text, without breaks or spaces (versions break their
    lines and paragraphs apart): where its paragraphs begin, and where each character came from."""

    text: str
    starts: frozenset[int]  # offsets in text where a paragraph begins (the first excepted)
    origin: tuple[tuple[int, int], ...]  # per character: (paragraph number, offset in that paragraph)


def _compact(paragraphs: list[str]) -> _Compact:
    chars, starts, origin = [], set(), []
    for number, paragraph in enumerate(paragraphs):
        starts.add(len(chars))
        for offset, char in enumerate(paragraph):
            if not char.isspace():
                chars.append(char)
                origin.append((number, offset))
    return _Compact("".join(chars), frozenset(starts - {0}), tuple(origin))


def _stretches(text: str, other: str, config: CollateConfig) -> list[tuple[int, int, int, int]]:
    """The stretches text and other read in the same order, in text's order: (start,
    end in text, start, end in other). Anchored on the shingles each holds once."""
    size = config.shingle
    mine, theirs = _shingles(text, size), _shingles(other, size)
    anchors = sorted((at[0], theirs[shingle][0]) for shingle, at in mine.items()
                     if len(at) == 1 and len(theirs.get(shingle, ())) == 1)
    runs: list[list[tuple[int, int]]] = []
    for i, j in anchors:
        if runs:
            last_i, last_j = runs[-1][-1]
            # the next anchor of the same stretch: further on in both, on (nearly) one diagonal, and
            # close by (a misread costs the shingles it stands in, a few; more is a stretch one lacks)
            if i - last_i <= 3 * size and j > last_j and abs((j - i) - (last_j - last_i)) <= config.order_drift:
                runs[-1].append((i, j))
                continue
        runs.append([(i, j)])
    return [(run[0][0], run[-1][0] + size, run[0][1], run[-1][1] + size) for run in runs if len(run) >= config.order_piece]


class _Join(NamedTuple):
    """A place where one version reads on into other text than another version does."""

    at: int  # where this version's text ends before the join (an offset in its _Compact text)
    left: str  # what this version reads before the join, and after it
    right: str
    theirs: tuple[str, str]  # what the other reads after `left`, and before `right`
    gain: float  # _join_gain of this version's join, and the best of the other's
    their_gain: float
    cut: bool  # this version ends a paragraph here mid-sentence, and the other reads the sentence on
    breaks: int  # 2 for a sentence cut (two signs: the paragraph breaks off, the other reads on), 1 for a word cut, 0


def _joins(mine: _Compact, theirs: _Compact, config: CollateConfig) -> list[_Join]:
    """The places where this version reads on into other text than the other does:
    between two stretches both read (_stretches) that the other reads apart."""
    (text, starts, _), (other, other_starts, _) = mine, theirs
    context, joins = config.context, []
    stretches = _stretches(text, other, config)
    in_other = sorted(range(len(stretches)), key=lambda n: stretches[n][2])
    following = dict(zip(in_other, in_other[1:]))
    for n in range(len(stretches) - 1):
        if following.get(n) == n + 1:
            continue
        # the join: each stretch run on as far as both versions read alike
        end, other_end = stretches[n][1], stretches[n][3]
        while end < stretches[n + 1][0] and other_end < len(other) and text[end] == other[other_end]:
            end, other_end = end + 1, other_end + 1
        start, other_start = stretches[n + 1][0], stretches[n + 1][2]
        while start > end and other_start > 0 and text[start - 1] == other[other_start - 1]:
            start, other_start = start - 1, other_start - 1
        left, right = text[max(0, end - context):end], text[start:start + context]
        after, before = other[other_end:other_end + context], other[max(0, other_start - context):other_start]
        # text between the two stretches (a misread, or text only this version has) may belong to
        # either side: this version's join is weighed where it reads best
        gain = max(_join_gain(left, text[end:end + context]), _join_gain(text[max(0, start - context):start], right))
        their_gain = max(_join_gain(left, after), _join_gain(before, right))
        # a paragraph of this version ends at the join mid-sentence; the other reads on in one paragraph
        cut = any(at in starts and not ends_sentence(text[:at]) for at in range(end, start + 1)) \
            and not any(other_end - context <= at <= other_end + context for at in other_starts)
        joins.append(_Join(end, left, right, (after, before), gain, their_gain, cut,
                           2 if cut else int(their_gain - gain >= config.order_margin)))
    return joins


def _breaks(joins: list[_Join], config: CollateConfig) -> int:
    """The breaks at a version's joins with another, if enough of its joins break (order_share)."""
    broken = [join.breaks for join in joins if join.breaks]
    return sum(broken) if len(broken) >= config.order_share * len(joins) else 0


def _prose_text(story: Story) -> list[str]:
    return [text for _, text in prose(story)]


def order_breaks(story: Story, others: Iterable[Story], config: CollateConfig = DEFAULT_CONFIG) -> int:
    """How many times this version's reading order breaks where another version's
    holds. At a join (_joins): this version ends a paragraph mid-sentence and the
    other reads the sentence on (a sentence cut, counted twice: the paragraph breaks
    off, and the other reads on), or what this version reads next (or before) cuts
    a word of jieba's dictionary that the other's order keeps whole (a word cut,
    CollateConfig.order_margin). Counted only where enough of its joins with the
    other break (order_share). Evidence without the truth, from the versions themselves."""
    mine = _compact(_prose_text(story))
    return sum(_breaks(_joins(mine, _compact(_prose_text(other)), config), config) for other in others)


def prose(story: Story) -> list[tuple[int, str]]:
    """(block index, text) of the story's prose as printed: the dateline back at
    the head of the first paragraph (as the story page shows it), since scans
    misread it too and the reading text must not lose it."""
    headed = story.dateline_block
    return [(index, f"{story.dateline} {block.text}" if index == headed else block.text)
            for index, block in enumerate(story.blocks) if block.kind in PROSE_KINDS]


def corrections(story: Story) -> int:
    return sum(change.rule not in LAYOUT_RULES for change in story.changes)


class _Aligned(NamedTuple):
    """Where another version's paragraph stands in the spine, and how it reads there."""

    start: int  # its span in the spine's whole text
    end: int
    edits: tuple[tuple[int, int, str], ...]  # (spine start, spine end, this version's text)


def _anchor(text: str, index: dict[str, list[int]], size: int) -> int | None:
    """The spine offset where text most likely starts: the offset most of its shingles vote for."""
    votes: Counter = Counter()
    for i in range(0, max(1, len(text) - size + 1)):
        for j in index.get(text[i:i + size], ())[:8]:  # a shingle found everywhere votes for nothing
            votes[j - i] += 1
    if not votes:
        return None
    # an offset before the spine's start: text whose head the spine lacks (the first lines one scan lost)
    return max(0, max(votes.items(), key=lambda item: (item[1], -item[0]))[0])


def in_spine(text: str, index: dict[str, list[int]], size: int, outside: tuple[int, int] = (0, 0)) -> float:
    """The share of text's shingles that stand somewhere in the spine (outside the span `outside`)."""
    low, high = outside
    shingles = [text[i:i + size] for i in range(len(text) - size + 1)]
    found = sum(any(not low <= at < high for at in index.get(shingle, ())) for shingle in shingles)
    return found / len(shingles) if shingles else 0.0


def _align(text: str, anchor: int, spine: str, index: dict[str, list[int]], config: CollateConfig) -> _Aligned | None:
    """text's place in the spine near its anchor, and its edits against it.
    text may hold this version's own paragraph breaks: a break one version
    makes and the other does not is layout, not a variant."""
    slack = int(len(text) * config.slack) + config.shingle
    low, high = max(0, anchor - slack), min(len(spine), anchor + len(text) + slack)
    while True:
        window = spine[low:high]
        equal = [op for op in Indel.opcodes(window, text) if op.tag == "equal"]
        if not equal:
            return None
        # text runs on to the window's end: the spine printed more in between (a caption read
        # into the paragraph); widen the window rather than cut the text's end off
        if equal[-1].src_end < len(window) or equal[-1].dest_end == len(text) or high == len(spine):
            break
        high = min(len(spine), high + slack)
    start, end = low + equal[0].src_start, low + equal[-1].src_end
    matched = spine[start:end]
    if Indel.normalized_similarity(matched.replace(BREAK, ""), text.replace(BREAK, "")) < config.min_match:
        return None
    edits = []
    for op in Indel.opcodes(matched, text):  # all of text: its unmatched ends are insertions at the span's edges
        if op.tag == "equal":
            continue
        before, after = matched[op.src_start:op.src_end], text[op.dest_start:op.dest_end].replace(BREAK, "")
        if before.replace(BREAK, "") == after:
            continue
        if len(after) >= config.sole_min:  # a sentence the spine prints elsewhere (another column order) is a move
            place = (start + op.src_start - config.shingle, start + op.src_end + config.shingle)
            after = "".join(sentence for sentence in _SENTENCE_RE.findall(after)
                            if len(sentence) < config.sole_min
                            or in_spine(sentence, index, config.shingle, place) < config.moved)
            if before.replace(BREAK, "") == after:
                continue
        # an edit across the spine's paragraph breaks is cut at them (a variant stays in one paragraph)
        at = start + op.src_start
        for number, part in enumerate(before.split(BREAK)):
            if part or (number == 0 and after):
                edits.append((at, at + len(part), after if number == 0 else ""))
            at += len(part) + 1
    return _Aligned(start, end, tuple(edits))


class _Witness(NamedTuple):
    slug: str
    spans: list[_Aligned]  # its paragraphs aligned in the spine, in spine order
    sole: list[tuple[int, str, str]]  # (spine offset it follows, text, block kind) of paragraphs the spine lacks


def _runs(paragraphs: list[str], anchors: list[int | None], config: CollateConfig) -> list[tuple[list[int], int]]:
    """This version's paragraphs in runs that follow each other in the spine
    too (one paragraph cut in two by one scan and not the other), each with
    its anchor: a run is aligned as one text, so its breaks fall where they may."""
    runs: list[tuple[list[int], int]] = []
    for number, (text, anchor) in enumerate(zip(paragraphs, anchors)):
        if anchor is None:
            runs.append(([number], -1))
            continue
        if runs and runs[-1][1] >= 0:
            members, first = runs[-1]
            expected = first + sum(len(paragraphs[m]) + 1 for m in members)
            if abs(anchor - expected) <= int(len(text) * config.slack) + config.shingle:
                members.append(number)
                continue
        runs.append(([number], anchor))
    return runs


def _pieces(paragraphs: list[str], joins: list[_Join]) -> tuple[list[str], list[int]]:
    """A version's paragraphs cut at its joins with the spine (_joins): a paragraph
    holding two columns read out of order, or read line by line across both, is
    aligned piece by piece, each where the spine reads it. With the pieces, the
    number of the paragraph each came from."""
    mine = _compact(paragraphs)
    cuts: dict[int, set[int]] = {}
    for join in joins:
        if join.at < len(mine.text):
            number, offset = mine.origin[join.at]
            cuts.setdefault(number, set()).add(offset)
    pieces, numbers = [], []
    for number, paragraph in enumerate(paragraphs):
        edges = sorted({0, *cuts.get(number, ()), len(paragraph)})
        for start, end in zip(edges, edges[1:]):
            if paragraph[start:end].strip():
                pieces.append(paragraph[start:end])
                numbers.append(number)
    return pieces, numbers


def _witness(story: Story, spine: str, index: dict[str, list[int]], furniture: dict[str, list[int]],
             config: CollateConfig, joins: list[_Join] | None = None, elsewhere: frozenset[int] = frozenset()) -> _Witness:
    """Another version's paragraphs aligned on the spine, and what the spine lacks kept
    aside. A version out of order (`joins`: where its order breaks from the spine's)
    is aligned piece by piece (_pieces), and what only it has is not kept: more likely
    its own text out of place, or the noise of a page read wrong, than a line the spine lost.
    Nor is a stretch of it (between two aligned paragraphs) of which another story of the
    archive prints a paragraph (`elsewhere`: its blocks' numbers, link.find_parallels):
    the segmenter ran that story into this one on this scan's page."""
    numbered = prose(story)
    disordered = joins is not None
    paragraphs = [text for _, text in numbered]
    paragraphs, blocks = _pieces(paragraphs, joins) if disordered else (paragraphs, range(len(paragraphs)))
    anchors = [_anchor(text, index, config.shingle) for text in paragraphs]
    spans, sole, claimed, last_end = [], [], [], 0
    # what the spine lacks between two aligned stretches, and whether another story prints any of it:
    # text run in from another story comes as a stretch, and none of the stretch is kept
    lacking: list[tuple[int, str, str]] = []
    foreign = False
    for members, anchor in _runs(paragraphs, anchors, config):
        text = BREAK.join(paragraphs[m] for m in members)
        aligned = _align(text, anchor, spine, index, config) if anchor >= 0 else None
        # one place, one reading: a span that takes half of one already claimed, or half its own length in them
        overlaps = aligned is not None and any(
            min(aligned.end, e) - max(aligned.start, s) > min(aligned.end - aligned.start, e - s) / 2 for s, e in claimed)
        if aligned is None or overlaps:
            # what the spine lacks follows what came before it; a sentence it prints elsewhere (in its
            # prose, or as its title, a byline, a credit) is no new text, nor is a scrap of noise
            for m in members:
                foreign = foreign or numbered[blocks[m]][0] in elsewhere
                kept = "".join(sentence for sentence in _SENTENCE_RE.findall(paragraphs[m])
                               if in_spine(sentence, index, config.shingle) < config.moved
                               and in_spine(sentence, furniture, config.shingle) < config.moved)
                if count_chars(kept) >= config.sole_min and not disordered:
                    lacking.append((last_end, kept, story.blocks[numbered[blocks[m]][0]].kind))
            continue
        if not foreign:
            sole += lacking
        lacking, foreign = [], False
        claimed.append((aligned.start, aligned.end))
        spans.append(aligned)
        last_end = aligned.end
    if not foreign:
        sole += lacking
    spans.sort(key=lambda span: span.start)
    return _Witness(story.slug, spans, sole)


def _another_subject(text: str, shared: dict[str, float]) -> bool:
    """Text of enough topic words (segment's measure), none of them the shared text's:
    another story's. (A paragraph of the story on a subject of its own, a long report's
    next point, still shares a word or two with the rest: the seeds' 坚持一心为民.)"""
    weights = topic_weights(text)
    return shared.keys().isdisjoint(weights) and other_subjects(shared, weights)  # (disjoint: the cosine is 0)


def _same_subject(sole: list[tuple[int, str, str]], shared: dict[str, float]) -> list[tuple[int, str, str]]:
    """A version's text the spine lacks, less another story's: a paragraph of its own subject
    (_another_subject), or a stretch of several paragraphs at one place whose words,
    together, are another subject than the shared text's (segment's measure). One
    paragraph alone is too few words for the measure (the seeds' 坚持一心为民, a point
    one scan lost, shares little with the rest and is the story's)."""
    stretches: dict[int, list[tuple[int, str, str]]] = {}
    for entry in sole:
        stretches.setdefault(entry[0], []).append(entry)
    return [entry for stretch in stretches.values()
            if len(stretch) == 1 or not other_subjects(shared, topic_weights("".join(text for _, text, _ in stretch)))
            for entry in stretch if not _another_subject(entry[1], shared)]


def _extra(text: str, other: str) -> str:
    """What text has that other lacks (in order)."""
    return "".join(text[op.src_start:op.src_end] for op in Indel.opcodes(text, other) if op.tag in ("delete", "replace"))


def _printed_twice(text: str, spine: str, here: tuple[int, int], config: CollateConfig,
                   within: list[tuple[int, int]] | None = None) -> bool:
    """Whether the spine prints most of text (sentence by sentence, near enough word for
    word) outside `here` as well (inside one of the spans `within`, if given): the same
    engine read both copies. A caption printed twice may carry its credit once."""
    low, high = here
    # the spine as it reads without this place (a caption read into the middle of the very
    # sentence it repeats leaves that sentence whole once it is out)
    rest = "".join(part for start, end in (within if within is not None else [(0, len(spine))])
                   for part in (spine[start:min(end, low)], spine[max(start, high):end])).replace(BREAK, "")
    twice = sum(count_chars(sentence) for sentence in _SENTENCE_RE.findall(text) if count_chars(sentence) >= config.repeat_min
                and len(rest) >= len(sentence) and fuzz.partial_ratio(sentence, rest) >= config.repeat)
    return twice > 0 and twice * 2 >= count_chars(text)


def _furniture(story: Story) -> str:
    """What the story prints around its prose: title, bylines, credits. (Not its decks
    and headings: a scan may take the opening lines or a short paragraph for them.)"""
    return BREAK.join([story.title, *story.bylines, *story.credits])


def _shingles(text: str, size: int) -> dict[str, list[int]]:
    """Where each run of `size` characters of text starts."""
    index: dict[str, list[int]] = {}
    for i in range(len(text) - size + 1):
        index.setdefault(text[i:i + size], []).append(i)
    return index


def _reading_at(witness: _Witness, spine: str, start: int, end: int) -> str | None:
    """What this version reads over spine[start:end] (a site: every edit
    touching it lies inside it), or None where it does not cover it."""
    for span in witness.spans:
        if span.start <= start and end <= span.end:
            return _apply(spine, span.edits, start, end)
    return None


def _apply(spine: str, edits, start: int, end: int) -> str:
    """spine[start:end] with the edits that lie in it applied."""
    text, cursor = [], start
    for s, e, after in edits:
        if start <= s and e <= end and not (s == e == start and cursor > start):
            text.append(spine[cursor:s] + after)
            cursor = e
    return "".join(text) + spine[cursor:end]


def _text_over(witness: _Witness, spine: str, start: int, end: int) -> str:
    """What this version reads over spine[start:end], as far as it covers it."""
    parts = []
    for span in witness.spans:
        low, high = max(start, span.start), min(end, span.end)
        if low < high or (low == high and span.start == span.end == start):
            parts.append(_apply(spine, [edit for edit in span.edits if low <= edit[0] and edit[1] <= high], low, high))
    return "".join(parts).replace(BREAK, "")


def _sites(witnesses: list[_Witness]) -> list[tuple[int, int]]:
    """The places where any version reads otherwise than the spine: overlapping edits merged."""
    edges = sorted((s, e) for witness in witnesses for span in witness.spans for s, e, _ in span.edits)
    sites: list[list[int]] = []
    for s, e in edges:
        if sites and s <= sites[-1][1]:
            sites[-1][1] = max(sites[-1][1], e)
        else:
            sites.append([s, e])
    return [(s, e) for s, e in sites]


def printed_twice(story: Story, config: CollateConfig = DEFAULT_CONFIG) -> int:
    """Characters of the story's prose in paragraphs it prints twice: most of
    whose sentences stand in another of its paragraphs too (a caption or a
    pull quote that repeats a sentence of the story, read as a paragraph)."""
    paragraphs = [text for _, text in prose(story)]
    whole, at, twice = BREAK.join(paragraphs), 0, 0
    for text in paragraphs:
        if _printed_twice(text, whole, (at, at + len(text)), config):
            twice += count_chars(text)
        at += len(text) + len(BREAK)
    return twice


def choose_spine(versions: list[Story], config: CollateConfig = DEFAULT_CONFIG) -> Story:
    """The version the others are aligned on: the scan that needed the fewest
    corrections (then the one that prints less of its prose twice, then the
    one with the most prose, then the group's first), unless its reading order
    broke where another's holds (order_breaks: at least CollateConfig.order_min
    breaks): then the best of the versions in order (fewer than order_min
    breaks, or order_ratio times fewer than it). Both broken alike, or too few
    breaks to tell: as before."""
    def ranked(candidates: list[Story]) -> Story:
        fewest = min(corrections(s) for s in candidates)
        tied = [s for s in candidates if corrections(s) == fewest]  # (printed_twice weighed only where it decides)
        if len(tied) == 1:
            return tied[0]
        return max(tied, key=lambda s: (-printed_twice(s, config), sum(len(t) for _, t in prose(s)), -versions.index(s)))
    spine = ranked(versions)
    if len(versions) < 2:
        return spine
    breaks = {story.slug: order_breaks(story, [other for other in versions if other is not story], config)
              for story in versions}
    if breaks[spine.slug] < config.order_min:
        return spine
    # in order: too few breaks to be out of order, or far fewer than the spine's
    sound = [story for story in versions if breaks[story.slug] < config.order_min
             or breaks[story.slug] * config.order_ratio <= breaks[spine.slug]]
    return ranked(sound) if sound else spine


def collate(group: VersionGroup, stories: dict[str, Story], model: CharModel,
            config: CollateConfig = DEFAULT_CONFIG, spine: str | None = None,
            elsewhere: dict[str, frozenset[int]] | None = None) -> Collation:
    """The group's reading text; `spine` names the version to align on (by
    default choose_spine's: the scan that needed the fewest corrections, unless
    its reading order broke where another's holds). `elsewhere`: by version, the
    numbers of its blocks that a story outside the group prints too (link.find_parallels)."""
    elsewhere = elsewhere or {}
    versions = [stories[slug] for slug in group.slugs]
    spine_story = stories[spine] if spine else choose_spine(versions, config)
    spine_prose = prose(spine_story)
    spine_text = BREAK.join(text for _, text in spine_prose)
    index = _shingles(spine_text, config.shingle)
    furniture = {story.slug: _shingles(_furniture(story), config.shingle) for story in versions}
    subheads = _shingles(BREAK.join(b.text for b in spine_story.blocks if b.kind == "heading"), config.shingle)
    # the versions out of order where the spine's holds (order_breaks against the spine alone)
    spine_compact = _compact([text for _, text in spine_prose])
    joins = {story.slug: _joins(_compact(_prose_text(story)), spine_compact, config)
             for story in versions if story is not spine_story}
    disordered = {slug for slug, found in joins.items() if _breaks(found, config) >= config.order_min}
    others = [_witness(story, spine_text, index, furniture[spine_story.slug], config,
                       joins[story.slug] if story.slug in disordered else None, elsewhere.get(story.slug, frozenset()))
              for story in versions if story is not spine_story]
    # what the versions share is the story; a paragraph only one has, that shares none of its
    # topic words, is another story's (the segmenter ran two reports together on one scan's
    # page), not a line the others lost
    if any(witness.sole for witness in others):  # (most groups have none: no need to weigh the spine's words)
        shared = topic_weights("".join(spine_text[span.start:span.end] for witness in others for span in witness.spans))
        others = [witness._replace(sole=_same_subject(witness.sole, shared)) for witness in others]
    quality = {story.slug: corrections(story) for story in versions}
    chosen: list[tuple[int, int, str, dict]] = []
    for start, end in _sites(others):
        readings: dict[str, list[str]] = {spine_text[start:end]: [spine_story.slug]}
        for witness in others:
            text = _reading_at(witness, spine_text, start, end)
            if text is not None:
                readings.setdefault(text, []).append(witness.slug)
        if len(readings) < 2:
            continue
        before = spine_text[:start].rsplit(BREAK, 1)[-1]  # the paragraph around the place
        after = spine_text[end:].split(BREAK, 1)[0]
        # text one reading has over the shortest that is printed elsewhere: the spine's own, twice
        # (a caption's sentence read into a paragraph), what the versions lacking it print as
        # their title, a byline or a credit, or a subhead of the spine another scan read into
        # the text (one that runs into a word either side is a paragraph's first line the spine
        # set apart: prose)
        shortest = min(readings, key=count_chars)
        repeated = set()
        for text, slugs in readings.items():
            extra = _extra(text, shortest)
            if count_chars(extra) >= config.sole_min and (
                    (spine_story.slug in slugs and _printed_twice(extra, spine_text, (start, end), config))
                    or any(in_spine(extra, furniture[slug], config.shingle) >= config.moved for slug in readings[shortest])
                    or (spine_story.slug in readings[shortest]
                        and in_spine(extra, subheads, config.shingle) >= config.moved
                        and max(_join_gain(before[-config.context:], text),
                                _join_gain(text, after[:config.context])) < config.order_margin)):
                repeated.add(text)
        # a reading only disordered versions give, with more or fewer characters than the spine's:
        # where a version's order broke, what it lacks or adds at a place is its text out of place
        stray = {text for text, slugs in readings.items() if set(slugs) <= disordered
                 and count_chars(text) != count_chars(spine_text[start:end])}
        weighed = {text: slugs for text, slugs in readings.items() if text not in stray}
        if len(weighed) == 1:
            text, evidence, tie = spine_text[start:end], \
                "读序错乱的版本此处多字或少字，多半是它别处的文字：取底本", False
        else:
            text, evidence, tie = _choose(weighed, before, after, quality, model, config, repeated)
        chosen.append((start, end, text, {"readings": readings, "evidence": evidence, "tie": tie}))
    chosen += _unmatched(spine_text, spine_story.slug, others, furniture, config)
    chosen.sort(key=lambda site: site[:2])
    kinds = [spine_story.blocks[number].kind for number, _ in spine_prose]
    return _assemble(spine_text, spine_story.slug, kinds, chosen, others, [s.slug for s in versions])


def _unmatched(spine: str, spine_slug: str, others: list[_Witness], furniture: dict[str, dict[str, list[int]]],
               config: CollateConfig) -> list[tuple[int, int, str, dict]]:
    """The spine's paragraphs no other version has, that are no lost text: a scrap of
    noise, a paragraph the spine prints twice, or what the others print as their title,
    a byline or a credit. Each is chosen away, on record. (Not a paragraph on another
    subject than the versions share, as another version's is: on the held-out pairs'
    development draws, the spine's own paragraphs left out that way were more often its
    story's, cut from the rest where an alignment failed.)"""
    if not others:
        return []
    lacking = [witness.slug for witness in others]
    covered = [(span.start, span.end) for witness in others for span in witness.spans]
    sites, start = [], 0
    for text in spine.split(BREAK):
        end = start + len(text)
        if text and not any(s < end and start < e for s, e in covered):
            # printed twice: the other copy where another version has it too (that one stays)
            why = ("不足成文的残片" if count_chars(text) < config.sole_min
                   else "重复：此段别处已有" if _printed_twice(text, spine, (start, end), config, covered)
                   else "另一本印作标题、署名或图片来源" if any(in_spine(text, furniture[slug], config.shingle)
                                                           >= config.moved for slug in lacking)
                   else "")
            if why:
                sites.append((start, end, "", {"readings": {text: [spine_slug], "": lacking},
                                               "evidence": f"仅此本有此段，{why}：不录入读本", "tie": False}))
        start = end + 1
    return sites


def _marks_score(text: str, before: str, after: str) -> int:
    """How likely the marks of a reading (that differs from the others in marks only)
    are printed, not made by the engine: see PAUSE_MARKS."""
    score = 0
    for mark in text:
        if mark in PAUSE_MARKS:
            score += -1 if word_across(before, after) else 1  # (no mark splits a word: 意，大利 is a speck)
        elif mark in STOP_MARKS:
            score += 1 if not after.strip() and before.rstrip()[-1:] not in STOP_MARKS else -1
        else:
            pair = next((pair for pair in (*QUOTE_PAIRS, *BRACKET_PAIRS) if mark in pair), None)
            if pair:
                score += 1 if _pairs(mark, pair, before, after) else -1
    return score


def _pairs(mark: str, pair: str, before: str, after: str) -> bool:
    """The mark pairs where it stands: an opening one is closed before the next
    of its kind opens, a closing one was opened after the last of its kind
    closed (other marks misread in the paragraph do not count against it)."""
    opening, closing = pair
    if mark == opening:
        following = next((char for char in after if char in pair), "")
        return following == closing
    preceding = next((char for char in reversed(before) if char in pair), "")
    return preceding == opening


def _digit_read(readings: dict[str, list[str]], before: str, after: str) -> str | None:
    """Of two readings beside a digit, the one in digits where the other is a
    letter or mark an engine reads for them (]00% for 100%)."""
    if len(readings) != 2 or not (before[-1:].isdigit() or after[:1].isdigit()):
        return None
    first, second = readings
    for digits, other in ((first, second), (second, first)):
        if digits.isdigit() and other != digits and other.translate(_DIGIT_LOOKALIKES) == digits:
            return digits
    return None


def _choose(readings: dict[str, list[str]], before: str, after: str, quality: dict[str, int], model: CharModel,
            config: CollateConfig, repeated: set[str] = frozenset()) -> tuple[str, str, bool]:
    """The reading chosen at one place (between `before` and `after`, the
    paragraph around it in the spine), the evidence, and whether it was a tie.
    `repeated`: readings printed elsewhere as well."""
    ranked = sorted(readings, key=lambda text: -len(readings[text]))
    if len(readings[ranked[0]]) > 1 and len(readings[ranked[0]]) > len(readings[ranked[1]]):
        return ranked[0], f"多数版本作此（{len(readings[ranked[0]])} 本）", False
    longest, shortest = max(readings, key=count_chars), min(readings, key=count_chars)
    if len(readings) == 2 and count_chars(longest) - count_chars(shortest) >= config.sole_min:  # a run one version lacks
        if longest in repeated:
            return shortest, "此段文字别处已有，另一本此处没有：不重复", False
        return longest, "仅此本有这段文字，照录", False  # text one scan lost: kept, not weighed
    marked = [text for text in readings if LOST_MARK in text]
    if marked and len(marked) < len(readings):
        best = min((t for t in readings if t not in marked), key=lambda t: min(quality[s] for s in readings[t]))
        return best, "另一读法带有清理规则的存疑标记", False
    digits = _digit_read(readings, before, after)
    if digits is not None:
        return digits, "数字旁：取数字，另一读法是识别引擎常误认的字形", False
    if len({_MARK_RE.sub("", text) for text in readings}) == 1:  # the readings differ in marks only
        marks = sorted(readings, key=lambda t: -_marks_score(t, before, after))
        if _marks_score(marks[0], before, after) > _marks_score(marks[1], before, after):
            return marks[0], "仅标点不同：识别引擎常漏逗号顿号，常把污点认作句号引号", False
    left, right = before[-config.context:], after[:config.context]
    scores = {}
    for text in readings:
        window = left + text + right
        scores[text] = (word_share(window) + config.route_weight * word_route(window)
                        + config.model_weight * model.score(text + right, left) * len(text + right))
    ordered = sorted(readings, key=lambda t: (-scores[t], min(quality[s] for s in readings[t])))
    best, second = ordered[0], ordered[1]
    if scores[best] - scores[second] < config.margin:
        better = min(readings, key=lambda t: (min(quality[s] for s in readings[t]), t))
        return better, f"证据相当（{scores[best]:.2f} 对 {scores[second]:.2f}）：取改动较少的扫描", True
    return best, f"成词与字频得分较高（{scores[best]:.2f} 对 {scores[second]:.2f}）", False


def _assemble(spine: str, spine_slug: str, spine_kinds: list[str], chosen: list, others: list[_Witness],
              slugs: list[str]) -> Collation:
    """The reading text, paragraph by paragraph, the variants at their places,
    the paragraphs only some versions have marked, and each version's text
    beside each paragraph (for the side-by-side table)."""
    out, variants, cursor = [], [], 0
    paragraph, offset = 0, 0  # where the reading written so far ends
    for start, end, text, found in chosen:
        between = spine[cursor:start]
        out.append(between)
        breaks = between.count(BREAK)
        paragraph, offset = paragraph + breaks, (len(between) - between.rfind(BREAK) - 1 if breaks else offset + len(between))
        variants.append(Variant(paragraph, offset, len(text),
                                tuple((reading, tuple(slugs)) for reading, slugs in found["readings"].items()),
                                text, found["evidence"], found["tie"]))
        out.append(text)
        offset += len(text)
        cursor = end
    out.append(spine[cursor:])
    paragraphs = "".join(out).split(BREAK)
    # where the spine's paragraphs end, to place what only another version has after the one it follows
    ends, offset = [], 0
    for text in spine.split(BREAK):
        offset += len(text)
        ends.append(offset)
        offset += 1
    inserted: dict[int, list[tuple[str, str, str]]] = {}
    for witness in others:
        for after, text, kind in witness.sole:
            at = min(bisect_left(ends, after), len(ends) - 1) if after else -1  # the paragraph it follows
            inserted.setdefault(at, []).append((text, witness.slug, kind))
    witnesses = {witness.slug: witness for witness in others}
    reading, only, columns, kinds, moved = [], [], [], [], {}
    emptied = {n for n, text in enumerate(paragraphs) if not text.strip()} if any(p.strip() for p in paragraphs) else set()
    for number in range(-1, len(paragraphs)):
        if number in emptied:  # every reading of it chosen away: its variants stand at the end of the one before
            moved[number] = (len(reading) - 1, len(reading[-1])) if reading else (0, 0)
        elif number >= 0:
            moved[number] = (len(reading), 0)
            reading.append(paragraphs[number])
            kinds.append(spine_kinds[number])
            start, end = (ends[number - 1] + 1 if number else 0), ends[number]
            beside = tuple(spine[start:end] if slug == spine_slug else _text_over(witnesses[slug], spine, start, end)
                           for slug in slugs)
            covered = tuple(slug for slug, text in zip(slugs, beside) if text)
            only.append(covered if len(covered) < len(slugs) else ())
            columns.append(beside)
        for text, slug, kind in inserted.get(number, []):
            reading.append(text)
            kinds.append(kind)
            only.append((slug,))
            columns.append(tuple(text if s == slug else "" for s in slugs))
    variants = [replace(v, paragraph=moved[v.paragraph][0], offset=v.offset + moved[v.paragraph][1]) for v in variants]
    return Collation(tuple(reading), tuple(only), tuple(variants), spine_slug, tuple(columns), tuple(kinds))
