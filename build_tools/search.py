"""Search: a sharded character-bigram index of the archive, shared by both scripts.

Readers of Chinese expect substring search: a query that is no dictionary word
(业岗) must find every story that contains it, as `text.includes(query)` would.
So the index holds no words: it holds every pair of adjacent characters (as
Lucene's CJK bigram analyzer does) with the positions where the pair occurs. A
query is covered by pairs at known offsets; a story matches when every pair of
the cover occurs at its offset from one start: exactly the stories containing
the query, no more (the browser checks positions, not just co-occurrence).

Both scripts share one index: text is normalised character by character (one
table: OpenCC's Traditional to Simplified characters, full-width to ASCII,
Latin lowercase) at build time, and the browser normalises the query with the
same table, shipped in the index's metadata. A query in either script finds the
same stories on either site.

Files (all under search/ of the root site; every file is a script calling
`archiveSearch.receive(name, data)`, so they load by <script> tag from
file:// too, where `fetch` is blocked):

- meta.js: the folding table, how many shards, which stories open a page,
  and the years, papers and columns to filter by;
- i/<n>.js: the shards of the index; a pair lives in shard FNV-1a(pair) mod
  their number, so a query loads only the shards of its pairs;
- <script>/<id>.js: what a result shows of one story, in that script;
- f/<kind><n>.js: the stories of one paper or column, for filters.

Stories are numbered newest first (`in_reading_order`), so "newest" is the
lowest number and a year is a range of numbers. The verbatim scans are indexed
too, numbered by page: a hit in a scan shows under the stories of its page.
The browser side is overrides/assets/javascripts/archive-search.js.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import jieba
import opencc

from .model import UNKNOWN, Story
from .printed_script import OLD_FORMS
from .render import in_reading_order
from .site_map import SEARCH_DIR, source_url, story_url
from .words import SEARCH_WORDS, Convert, converter_for, text_converter
from .settings import SCRIPTS, Script


# What the search box says, in Simplified; the hooks convert it for the other
# script (overrides/partials/archive-search.html shows it).


class SearchConfig(NamedTuple):
    # The average shard, in characters of encoded postings: small enough that
    # a query of a few rare pairs loads little beside its own postings, large
    # enough that 10,000 sources make thousands of files, not millions.
    shard_chars: int = 16_000


DEFAULT_CONFIG = SearchConfig()

# Blocks of Han characters OpenCC may simplify.
_HAN_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


def _variant_pairs() -> Iterator[tuple[str, str]]:
    """Pairs of characters one script writes where the other writes the
    other: OpenCC's t2s and s2t character by character, and s2t in context,
    over every word of jieba's dictionary (凭借 -> 憑藉, 想象 -> 想像), where a
    phrase picks a form the single character would not."""
    t2s = opencc.OpenCC("t2s").convert
    s2t = opencc.OpenCC("s2t").convert
    han = [chr(code) for start, end in _HAN_BLOCKS for code in range(start, end)]
    for convert in (t2s, s2t):
        for char, other in zip(han, convert("\n".join(han)).split("\n"), strict=True):
            if len(other) == 1 and other != char:
                yield char, other
    yield from OLD_FORMS.items()  # old printed glyphs OpenCC lacks (囘 = 回)
    jieba.dt.check_initialized()
    words = [word for word in jieba.dt.FREQ if len(word) > 1]
    for word, converted in zip(words, s2t("\n".join(words)).split("\n"), strict=True):
        if len(converted) == len(word):
            yield from ((a, b) for a, b in zip(word, converted) if a != b)


def derive_fold_table() -> dict[str, str]:
    """One character to one character, so that a page and its Traditional
    twin fold to one text: characters either script may write for one another
    fold to one of them (the Simplified form commonest in jieba's dictionary),
    full-width ASCII to ASCII, A-Z to a-z. Both scripts' queries and texts
    go through it, so a query in either finds the same stories. Derived from
    OpenCC's tables and jieba's dictionary (2 s), shipped derived
    (FOLD_TABLE_FILE) and read by fold_table; tests check it is what they give."""
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    for a, b in _variant_pairs():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for char in parent:
        members.setdefault(root(char), []).append(char)
    t2s = opencc.OpenCC("t2s").convert
    table: dict[str, str] = {}
    for top, chars in members.items():
        group = sorted({top, *chars})
        simplified = [char for char in group if t2s(char) == char] or group
        target = max(simplified, key=lambda char: (jieba.dt.FREQ.get(char, 0), -ord(char)))
        table.update({char: target for char in group if char != target})
    for code in range(0xFF01, 0xFF5F):
        table[chr(code)] = chr(code - 0xFEE0)
    table.update({chr(code): chr(code + 32) for code in range(ord("A"), ord("Z") + 1)})
    table.update({chr(code): chr(code - 0xFEE0 + 32) for code in range(ord("Ａ"), ord("Ｚ") + 1)})
    return dict(sorted(table.items()))


FOLD_TABLE_FILE = Path(__file__).parent / "data" / "fold_table.json"


@functools.cache
def fold_table() -> dict[str, str]:
    """derive_fold_table, as shipped: every process that cleans or indexes needs it, and deriving it is two
    seconds of each build's every worker and of every edit while serving."""
    return json.loads(FOLD_TABLE_FILE.read_text(encoding="utf-8"))


def write_fold_table(path: Path = FOLD_TABLE_FILE) -> None:
    """Derive the fold table again (after OpenCC, jieba or OLD_FORMS change) and ship it."""
    path.write_text(json.dumps(derive_fold_table(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


@functools.cache
def _fold_map() -> dict[int, str]:
    return {ord(key): value for key, value in fold_table().items()}


def fold(text: str) -> str:
    """The text as the index holds it, character for character (same length)."""
    return text.translate(_fold_map())


# Runs of letters and digits of any script (Python's \w less "_", that is
# Unicode L* and N*; the browser's [\p{L}\p{N}]). Everything else (punctuation,
# spaces, line ends) separates: no pair spans it, and a query is cut at it.
_RUN_RE = re.compile(r"[^\W_]{2,}")


def pairs(text: str) -> dict[str, list[int]]:
    """Each pair of adjacent searchable characters of the folded text, with its
    positions (in characters, as the browser counts code points)."""
    found: defaultdict[str, list[int]] = defaultdict(list)
    for run in _RUN_RE.finditer(fold(text)):
        chars, start = run.group(), run.start()
        for offset in range(len(chars) - 1):
            found[chars[offset:offset + 2]].append(start + offset)
    return found


# Numbers in the index: variable length, five bits a character, as source maps
# write them, in characters that need no escaping inside a JSON string.
_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_MORE = 32


def _encode(number: int) -> str:
    out = []
    while True:
        digit = number & 31
        number >>= 5
        if number:
            out.append(_DIGITS[digit | _MORE])
        else:
            out.append(_DIGITS[digit])
            return "".join(out)


_SMALL = [_encode(number) for number in range(4096)]


def encode(number: int) -> str:
    return _SMALL[number] if number < 4096 else _encode(number)


def decode_all(data: str) -> list[int]:
    """The numbers of an encoded run (the browser's decoder, for tests)."""
    numbers, value, shift = [], 0, 0
    for char in data:
        digit = _DIGITS.index(char)
        value |= (digit & 31) << shift
        if digit & _MORE:
            shift += 5
        else:
            numbers.append(value)
            value, shift = 0, 0
    return numbers


def entries(text: str, title_length: int = 0) -> dict[str, str]:
    """A document's part of each pair's postings, all but the document's
    number: the count of positions doubled, plus one if the first lies in the
    title (then the title's length), then the positions as gaps."""
    out = {}
    for pair, positions in pairs(text).items():
        numbers = [len(positions) * 2 + (positions[0] < title_length)]
        if positions[0] < title_length:
            numbers.append(title_length)
        previous = 0
        for position in positions:
            numbers.append(position - previous)
            previous = position
        out[pair] = "".join(map(encode, numbers))
    return out


class PageIndex(NamedTuple):
    """A page's part of the index: made with the page, on any core, and
    cached with it, so an edited source re-indexes only its own stories."""

    stories: dict[int, dict[str, str]]  # by the story's position on the page: its entries()
    scan: dict[str, str]  # the verbatim scan's entries()

    def covers(self, positions: Iterable[int]) -> bool:
        """Whether it is the part of a page with these stories (not a stale one)."""
        return set(self.stories) == set(positions)


def _below_title(story: Story) -> list[str]:
    return [*story.decks, *story.bylines, *([story.dateline] if story.dateline else []),
            *(block.text for block in story.blocks), *story.credits]


def searched_text(story: Story) -> str:
    """What a story is searched by: all of it as printed, title first (the
    title's own pairs are flagged), a line a part. More than enrich's
    story_text (title, decks, body): bylines, dateline and credits too."""
    return "\n".join([story.title, *_below_title(story)])


def scan_residue(scan: str, stories: Iterable[Story]) -> str:
    """The scan, less what its stories' text holds verbatim: every run of
    letters and digits of the scan that stands as it is in the cleaned text
    is blanked (same length, so positions hold). A query found in a blanked
    run is found in a story of the page; what remains (what the cleaner
    changed or set aside: misreads, page furniture, garbage) is what only
    the scan can answer, and all the scans' part of the index holds."""
    cleaned = fold("\n".join(searched_text(story) for story in stories))
    folded = fold(scan)
    return _RUN_RE.sub(lambda run: run.group() if run.group() not in cleaned else " " * len(run.group()), folded)


def index_page(stories: Iterable[Story]) -> PageIndex:
    stories = list(stories)
    return PageIndex({story.position: entries(searched_text(story), len(story.title)) for story in stories},
                     entries(scan_residue(stories[0].source.text, stories)) if stories else {})


# Postings of a pair are kept as a list of strings joined every so many
# entries: one string, not thousands, per pair (the index of 10,000 sources
# must fit in memory beside the stories).
_COMPACT = 64


class Postings:
    """Per pair, its postings as encoded text, document by document in
    increasing number: the gap from the previous document, then entries().
    The first document's gap is left out (its number is kept): runs made
    side by side on several cores are joined by join_segments()."""

    def __init__(self) -> None:
        self.runs: dict[str, list] = {}  # pair: [last number, first number, encoded parts...]

    def add(self, number: int, document: dict[str, str]) -> None:
        runs = self.runs
        for pair, entry in document.items():
            run = runs.get(pair)
            if run is None:
                runs[pair] = [number, number, entry]
                continue
            gap = number - run[0]
            run[0] = number
            run.append((_SMALL[gap] if gap < 4096 else _encode(gap)) + entry)
            if len(run) > _COMPACT:
                run[2:] = ["".join(run[2:])]

    def segment(self) -> dict[str, tuple[int, int, str]]:
        """Per pair: (first number, last number, the encoded run after the first gap)."""
        return {pair: (run[1], run[0], "".join(run[2:])) for pair, run in self.runs.items()}

    def joined(self) -> dict[str, str]:
        return join_segments([self.segment()])


def join_segments(segments: list[dict[str, tuple[int, int, str]]], offsets: list[int] | None = None) -> dict[str, str]:
    """The postings of consecutive runs of documents, joined in order; `offsets`: the number each run's
    documents are counted from (a run's gaps are its own: only its first and last numbers move)."""
    out: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    for segment, offset in zip(segments, offsets or [0] * len(segments)):
        for pair, (first, end, body) in segment.items():
            out.setdefault(pair, []).append(encode(first + offset - last.get(pair, -1)) + body)
            last[pair] = end + offset
    return {pair: "".join(parts) for pair, parts in out.items()}


def join_runs(segments: list["Segment"]) -> tuple[dict[str, str], dict[str, str]]:
    """The stories' and the scans' postings of consecutive runs (Segments), joined in order, each run's
    numbers moved to where it stands."""
    return (join_segments([s.texts for s in segments], [s.stories_from for s in segments]),
            join_segments([s.scans for s in segments], [s.pages_from for s in segments]))


class PagePlan(NamedTuple):
    """Where a page's stories stand in the index's numbering."""

    name: str  # the source's file name
    number: int  # the page's own number (its scan is that document of the scans)
    start: int  # the number of its first story
    positions: tuple[int, ...]  # its stories' positions on the page, in number order


def search_plan(ordered: list[Story]) -> list[PagePlan]:
    """The pages of stories in search_order(), in order."""
    plan: list[PagePlan] = []
    for number, story in enumerate(ordered):
        if plan and plan[-1].name == story.source.name:
            last = plan[-1]
            plan[-1] = last._replace(positions=(*last.positions, story.position))
        else:
            plan.append(PagePlan(story.source.name, len(plan), number, (story.position,)))
    return plan


class Segment(NamedTuple):
    """A run's postings: pair -> (first number, last number, the run after the first gap)."""

    texts: dict[str, tuple[int, int, str]]
    scans: dict[str, tuple[int, int, str]]
    # what the run's story and page numbers count from (merge.py merges runs numbered from 0, and keeps them so)
    stories_from: int = 0
    pages_from: int = 0


def merge(pages: Iterable[tuple[PagePlan, PageIndex]]) -> Segment:
    """The postings of a run of consecutive pages (any core can make a run;
    join_runs() puts runs together)."""
    texts, scans = Postings(), Postings()
    for plan, index in pages:
        scans.add(plan.number, index.scan)
        for offset, position in enumerate(plan.positions):
            texts.add(plan.start + offset, index.stories[position])
    return Segment(texts.segment(), scans.segment())


def shard_of(pair: str, shard_count: int) -> int:
    """The shard a pair lives in: FNV-1a over its UTF-16 code units, as the
    browser computes it (no directory to download)."""
    digest = 0x811C9DC5
    units = pair.encode("utf-16-le")
    for index in range(0, len(units), 2):
        digest = ((digest ^ (units[index] | units[index + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return digest % shard_count


def shard(texts: dict[str, str], scans: dict[str, str], config: SearchConfig) -> list[dict[str, list[str]]]:
    """Every pair's postings [in stories, in scans], spread over a power of two
    of shards, about `config.shard_chars` each: a pair's shard is its hash, so
    a query loads the shards of its pairs and nothing else; the count doubles
    only when the archive does (and only then does every shard change)."""
    total = sum(map(len, texts.values())) + sum(map(len, scans.values()))
    count = 1
    while count * config.shard_chars < total:
        count *= 2
    shards: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for pair in sorted(texts.keys() | scans.keys(), key=lambda pair: pair.encode("utf-16-be")):
        shards[shard_of(pair, count)][pair] = [texts.get(pair, ""), scans.get(pair, "")]
    return shards


def _bits(flags: list[bool]) -> str:
    """Yes/no per story, six to a character."""
    return "".join(_DIGITS[sum(1 << bit for bit, flag in enumerate(flags[start:start + 6]) if flag)]
                   for start in range(0, len(flags), 6))


def _script_file(name: str, data) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return f"archiveSearch.receive({json.dumps(name)},{payload});\n"


def _numbers(numbers: Iterable[int]) -> str:
    previous, out = -1, []
    for number in numbers:
        out.append(encode(number - previous))
        previous = number
    return "".join(out)


def _known(story: Story, field: str) -> str:
    """A fact of the story's metadata, or "" where enrich found none."""
    value = getattr(story.meta, field) if story.meta else UNKNOWN
    return "" if value == UNKNOWN else str(value)


def search_order(stories: list[Story]) -> list[Story]:
    """How the index numbers stories: newest first (`in_reading_order`), a
    page's stories together, so that a page is a run of numbers (a hit in a
    scan shows under the stories of its page) and a lower number is newer."""
    by_page: dict[str, list[Story]] = {}
    for story in sorted(stories, key=lambda s: (s.source.name, s.position)):
        by_page.setdefault(story.source.name, []).append(story)
    ordered: list[Story] = []
    for story in in_reading_order(stories):
        ordered.extend(by_page.pop(story.source.name, ()))
    return ordered


def result_record(story: Story, convert: Convert) -> dict:
    """What a result shows of a story, in one script."""
    return {
        "slug": story.slug,
        "title": convert(story.title),
        "date": _known(story, "date"),
        "paper": convert(_known(story, "paper")),
        "column": convert(story.column),
        "url": story_url(story.slug),
        "scan": story.source.name,
        "scan_url": source_url(story.source.stem),
        "text": convert("\n".join(_below_title(story))),
    }


# Filters: each value's stories are a file of their own, read when chosen.
FACETS = (("y", lambda story: _known(story, "date")[:4]), ("p", lambda story: _known(story, "paper")),
          ("c", lambda story: story.column))


def render_search(stories: list[Story], segments: list[Segment] | None = None,
                  config: SearchConfig = DEFAULT_CONFIG, scripts: tuple[Script, ...] = SCRIPTS) -> Iterator[tuple[str, str]]:
    """Every file of the search index, (path under docs/, text). The postings
    are `segments`, merged beforehand from the pages' cached parts (the
    pipeline's merge_index, on all cores), or else made here from the stories."""
    ordered = search_order(stories)
    plan = search_plan(ordered)
    if segments is None:
        segments = [merge((page, index_page(ordered[page.start:page.start + len(page.positions)])) for page in plan)]
    texts, scans = join_runs(segments)
    del segments
    facets: dict[str, dict[str, list[int]]] = {kind: {} for kind, _ in FACETS}
    for number, story in enumerate(ordered):
        for kind, value_of in FACETS:
            if value := value_of(story):
                facets[kind].setdefault(value, []).append(number)
    page_starts = [page.start for page in plan]
    root = SEARCH_DIR  # (beside the scripts' folders: site_map.SEARCH_DIR)
    shards = shard(texts, scans, config)
    del texts, scans
    indexed = {char for content in shards for pair in content for char in pair}  # a query folds only to these
    starts = set(page_starts)
    for index, content in enumerate(shards):
        yield f"{root}/i/{index}.js", _script_file(f"i/{index}", content)
    converters = {script.locale: converter_for(script) for script in scripts}
    names: dict[str, list[dict[str, str]]] = {}
    for kind, values in facets.items():
        names[kind] = []
        for index, (value, numbers) in enumerate(sorted(values.items(), reverse=kind == "y")):
            yield f"{root}/f/{kind}{index}.js", _script_file(f"f/{kind}{index}", _numbers(numbers))
            names[kind].append({locale: convert(value) for locale, convert in converters.items()})
    meta = {
        "stories": len(ordered),
        "fold": "".join(key + value for key, value in fold_table().items() if value in indexed or value.isascii()),
        "shards": len(shards),
        "pages": _bits([number in starts for number in range(len(ordered))]),
        "facets": names,
        "words": {locale: {key: convert(value) for key, value in SEARCH_WORDS.items()}
                  for locale, convert in converters.items()},
    }
    yield f"{root}/meta.js", _script_file("meta", meta)
    for script in scripts:
        for number, story in enumerate(ordered):
            yield f"{root}/{script.locale}/{number}.js", _script_file(
                f"{script.locale}/{number}", result_record(story, text_converter(script, story.source.script)))


