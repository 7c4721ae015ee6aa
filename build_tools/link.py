"""Link: versions of one story, and passages that stand in several stories.

Candidates come from keys a pair must share, so finding them is
sub-quadratic: MinHash LSH bands over character shingles (datasketch) for
whole stories and for paragraphs, and the exact figures and rare personal
names a paragraph holds. A key shared by too many paragraphs is boilerplate
and yields no candidates. Each candidate pair is then confirmed:

- versions: the shorter story's shingles stand in the longer one
  (containment >= LinkConfig.version_containment), and rapidfuzz aligns the
  two texts;
- parallels: a near copy (containment >= LinkConfig.passage_containment), or
  the same figures (>= LinkConfig.same_figures distinct numbers with units),
  or the same rare person (a full name only these paragraphs mention).

Thresholds (LinkConfig) and their measured precision and recall:
handbook/linking.md and handbook/benchmarks.md.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import pickle
import re
import zlib
from pathlib import Path
from dataclasses import replace
from typing import Callable, NamedTuple, TypeVar
from collections import defaultdict
from itertools import combinations

from rapidfuzz.distance import Indel

from .lexicon import HAN
from .collate import CharModel, collate
from .model import PROSE_KINDS, Links, Parallel, Story, VersionGroup
from .staging import atomic_write

T = TypeVar("T")

class LinkConfig(NamedTuple):
    """The thresholds of linking (handbook/linking.md; measured: handbook/benchmarks.md)."""

    shingle: int = 5  # characters a shingle
    num_perm: int = 64  # MinHash permutations
    version_lsh_threshold: float = 0.3  # Jaccard at which two stories become candidates
    version_containment: float = 0.5  # of the shorter story's shingles in the longer: a version
    # Paragraph LSH: 21 bands of 3 rows; a pair of Jaccard 0.5 shares a band with p = 0.94.
    bands: int = 21
    rows: int = 3
    passage_containment: float = 0.6  # a near copy of a paragraph
    min_passage_chars: int = 30  # shorter paragraphs (and stories) are not linked
    same_figures: int = 3  # distinct rare figures with units two paragraphs share: one passage
    max_postings: int = 4  # a key held by more paragraphs is boilerplate, not a shared passage


DEFAULT_CONFIG = LinkConfig()
_NOT_WORD_RE = re.compile(f"[^{HAN}0-9A-Za-z.]+")
_FIGURE_RE = re.compile(r"\d+(?:\.\d+)?(?:万|亿)?(?:元|人|户|家|个|吨|米|平方米|公里|亩|项|栋|座|条|%)")
_NAME_RE = re.compile(f"[{HAN}]{{3}}")


def normalise(text: str) -> str:
    return _NOT_WORD_RE.sub("", text)


def shingles(text: str, size: int = DEFAULT_CONFIG.shingle) -> set[str]:
    text = normalise(text)
    return {text[i:i + size] for i in range(len(text) - size + 1)}


@functools.cache
def _permutations(num_perm: int):
    from datasketch import MinHash  # (imported where used: a build's own process need not load scipy)

    return MinHash(num_perm=num_perm, seed=1, scheme="affine32").permutations


def minhash(shingle_set: set[str], num_perm: int = DEFAULT_CONFIG.num_perm) -> MinHash:
    """A MinHash of the shingles; crc32 is fast and, unlike hash(), the same in every run."""
    from datasketch import MinHash

    signature = MinHash(num_perm=num_perm, seed=1, hashfunc=zlib.crc32, permutations=_permutations(num_perm),
                        scheme="affine32")
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    return signature


class LinkMemo:
    """What linking worked out, kept from one build to the next (in the cache folder) by the texts it was
    worked out from: MinHash values, confirmed pairs, collations. After an edit only what involves the edited
    stories is worked out again (hashing every text was half the linking, confirming and collating most of the
    rest). `save` keeps only what this build used, so the record does not grow with edits."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.known: dict[tuple, object] = {}
        self.used: dict[tuple, object] = {}
        if path is not None:
            try:
                self.known = pickle.loads(path.read_bytes())
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
                self.known = {}  # none yet, or unreadable: everything is worked out again

    def get(self, key: tuple, make: Callable[[], T]) -> T:
        """The value kept under key (a kind's name, then digests of what it is made of), or make()'s."""
        if key in self.used:
            return self.used[key]
        found = self.known[key] if key in self.known else make()
        self.used[key] = found
        return found

    def signature(self, text: str, size: int, num_perm: int):
        """(how many distinct shingles, their MinHash values as minhash gives them) of a normalised text; no
        shingle set is kept: at 10,000 sources they filled a GB."""
        def made():
            shingle_set = _shingle_set(text, size)
            return len(shingle_set), minhash(shingle_set, num_perm).hashvalues
        return self.get(("signature", size, num_perm, digest(text)), made)

    def save(self) -> None:
        if self.path is not None:
            atomic_write(self.path, pickle.dumps(dict(sorted(self.used.items())), protocol=pickle.HIGHEST_PROTOCOL))


def digest(text: str | bytes) -> bytes:
    """A short digest naming a text in the memo."""
    return hashlib.blake2b(text.encode() if isinstance(text, str) else text, digest_size=16).digest()


def _shingle_set(text: str, size: int) -> set[str]:
    """The shingles of text already normalised."""
    return {text[i:i + size] for i in range(len(text) - size + 1)}


def containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def prose_text(story: Story) -> str:
    return "".join(block.text for block in story.blocks if block.kind in PROSE_KINDS)


@contextlib.contextmanager
def _without_cyclic_gc():
    """Shingle sets are millions of small objects without cycles: the cyclic
    collector would rescan them again and again, a cost that grows faster
    than the archive (reference counting still frees them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_without_cyclic_gc()
def find_versions(stories: list[Story], config: LinkConfig = DEFAULT_CONFIG,
                  memo: LinkMemo | None = None) -> list[VersionGroup]:
    """Groups of stories that are the same text (another scan, another edition).

    Every member of a group is a confirmed version of every other (complete
    linkage): A~B and B~C do not join A and C unless A~C too, so weak links
    cannot chain unrelated stories into one large group."""
    texts = {s.slug: normalise(prose_text(s)) for s in stories}
    from datasketch import MinHash, MinHashLSH

    memo = memo or LinkMemo()
    lsh = MinHashLSH(threshold=config.version_lsh_threshold, num_perm=config.num_perm)
    by_slug = {}
    for story in stories:
        count, values = memo.signature(texts[story.slug], config.shingle, config.num_perm)
        if count >= config.min_passage_chars:
            by_slug[story.slug] = MinHash(config.num_perm, seed=1, hashvalues=values,
                                          permutations=_permutations(config.num_perm), scheme="affine32")
            lsh.insert(story.slug, by_slug[story.slug])
    similarity = {}  # confirmed pairs (slug < other) and their alignment similarity
    for slug, signature in by_slug.items():
        for other in sorted(other for other in lsh.query(signature) if other > slug):
            found = memo.get(("version", config, digest(texts[slug]), digest(texts[other])),
                             lambda: _version_similarity(texts[slug], texts[other], config))
            if found is not None:
                similarity[(slug, other)] = found
    group_of = {slug: {slug} for slug in by_slug}
    # Strongest pairs first, so a story joins the group of its closest version;
    # similarity, unlike containment, also weighs how much of the longer text matches.
    for a, b in sorted(similarity, key=lambda pair: (-similarity[pair], pair)):
        group_a, group_b = group_of[a], group_of[b]
        if group_a is group_b or not all((min(x, y), max(x, y)) in similarity for x in group_a for y in group_b):
            continue
        if len(group_a) < len(group_b):
            group_a, group_b = group_b, group_a
        group_a |= group_b
        for slug in group_b:
            group_of[slug] = group_a
    groups = sorted({tuple(sorted(group)) for group in group_of.values() if len(group) > 1})
    return [VersionGroup(members, {pair: similarity[pair] for pair in combinations(members, 2)}) for members in groups]


def _version_similarity(text: str, other: str, config: LinkConfig) -> float | None:
    """How alike two normalised texts are, if one is a version of the other."""
    if containment(_shingle_set(text, config.shingle), _shingle_set(other, config.shingle)) < config.version_containment:
        return None
    return round(Indel.normalized_similarity(text, other), 3)


@_without_cyclic_gc()
def find_parallels(stories: list[Story], groups: list[VersionGroup],
                   config: LinkConfig = DEFAULT_CONFIG, memo: LinkMemo | None = None) -> list[Parallel]:
    """Paragraphs that also stand, exactly or nearly, in another story (not a
    version of the same story), both ways."""
    group_of = {slug: index for index, group in enumerate(groups) for slug in group.slugs}
    paragraphs = [(story, index, block.text) for story in stories for index, block in enumerate(story.blocks)
                  if block.kind in PROSE_KINDS and len(normalise(block.text)) >= config.min_passage_chars]
    authors = {story.slug: set(story.meta.authors if story.meta else ()) for story in stories}
    figures = [set(_FIGURE_RE.findall(normalise(text))) for _, _, text in paragraphs]
    names = [{n for n in (story.meta.people if story.meta else ()) if _NAME_RE.fullmatch(n) and n not in authors[story.slug] and n in text}
             for story, _, text in paragraphs]
    memo = memo or LinkMemo()
    normalised = [normalise(text) for _, _, text in paragraphs]
    postings: dict[str, list[int]] = defaultdict(list)
    for number, text in enumerate(normalised):
        values = memo.signature(text, config.shingle, config.num_perm)[1]
        rows = config.rows
        for band in range(config.bands):  # LSH: paragraphs agreeing on a whole band are candidates
            postings[f"b{band}:{values[band * rows:(band + 1) * rows].tobytes().hex()}"].append(number)
        for figure in figures[number]:
            postings[f"f:{figure}"].append(number)
        for name in names[number]:
            postings[f"n:{name}"].append(number)
    candidates = set()
    for members in postings.values():
        if 1 < len(members) <= config.max_postings:
            candidates.update(combinations(members, 2))
    found = []
    for a, b in sorted(candidates):
        story_a, index_a, _ = paragraphs[a]
        story_b, index_b, _ = paragraphs[b]
        if story_a.slug == story_b.slug or group_of.get(story_a.slug, -1) == group_of.get(story_b.slug, -2):
            continue
        shared = memo.get(("containment", config.shingle, digest(normalised[a]), digest(normalised[b])),
                          lambda: containment(_shingle_set(normalised[a], config.shingle),
                                              _shingle_set(normalised[b], config.shingle)))
        score = _parallel(shared, figures[a] & figures[b], names[a] & names[b], postings, config)
        if score:
            found.append(Parallel(story_a.slug, index_a, story_b.slug, index_b, score))
            found.append(Parallel(story_b.slug, index_b, story_a.slug, index_a, score))
    return sorted(set(found), key=lambda p: (p.slug, p.paragraph, p.other_slug, p.other_paragraph))


def _parallel(shared: float, same_figures: set[str], same_names: set[str], postings, config: LinkConfig) -> float:
    """How strongly two paragraphs are one passage (`shared`: the containment of their shingles), or 0."""
    if shared >= config.passage_containment:
        return round(shared, 3)
    rare_figures = {f for f in same_figures
                    if len(postings[f"f:{f}"]) <= config.max_postings and len(re.sub(r"\D", "", f)) >= 2}
    if len(rare_figures) >= config.same_figures:
        return round(max(shared, 0.5), 3)
    if any(len(postings[f"n:{name}"]) <= config.max_postings for name in same_names):
        return round(max(shared, 0.3), 3)
    return 0.0


def find_links(stories: list[Story], config: LinkConfig = DEFAULT_CONFIG, memo: LinkMemo | None = None) -> Links:
    """Versions and shared passages. `memo`: what the last build worked out, kept in its cache (saved here)."""
    memo = memo or LinkMemo()
    groups = find_versions(stories, config, memo)
    parallels = tuple(find_parallels(stories, groups, config, memo))
    if groups:  # the reading text of each group, weighed by the archive's own text
        by_slug = {story.slug: story for story in stories}
        sample = CharModel.sample(prose_text(story) for story in stories)
        model_key = digest("\x00".join(sample))
        model = functools.cache(lambda: CharModel(sample))  # counted only if a group's stories changed
        parallels_of: dict[str, list[Parallel]] = defaultdict(list)
        for parallel in parallels:
            parallels_of[parallel.slug].append(parallel)

        def collated(group: VersionGroup):
            # a version's paragraphs that a story of another page prints (one of a version's own page
            # is likely the rest of the spine, which the segmenter cut from it on that scan)
            pages = {by_slug[slug].source for slug in group.slugs}
            printed = {slug: found for slug in group.slugs
                       if (found := frozenset(p.paragraph for p in parallels_of[slug]
                                              if p.similarity >= config.passage_containment  # (printed, not only alike)
                                              and by_slug[p.other_slug].source not in pages))}
            # (named by its repr, which is the group's and its stories' content: a pickle also records which
            # equal strings were one object, and so differs from one process to the next)
            members = repr((group, [by_slug[slug] for slug in group.slugs], sorted((k, sorted(v)) for k, v in printed.items())))
            return memo.get(("collation", model_key, digest(members)),
                            lambda: collate(group, by_slug, model(), elsewhere=printed))
        groups = [replace(group, collation=collated(group)) for group in groups]
    links = Links(parallels=parallels, groups=tuple(groups))
    memo.save()
    return links
