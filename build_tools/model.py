"""The one data model every pipeline stage imports.

Stages are pure functions from one of these to the next:
ingest -> Source, clean -> CleanedSource, segment -> Story, enrich -> Story (with
metadata), link -> Links, render -> pages. All records are frozen so a stage
cannot quietly change what an earlier stage produced.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields


@dataclass(frozen=True)
class Problem:
    """A file that could not be used (a source; or a sidecar, its page published
    without it), and why (one clear line for the user)."""

    source_name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source_name}: {self.reason}"


@dataclass(frozen=True)
class Rejection:
    """A change an editor forbids: by rule, and optionally by source offset or by the text it replaced."""

    rule: str
    at: int | None = None
    before: str | None = None


@dataclass(frozen=True)
class Correction:
    """An editor's find/replace, applied after every rule."""

    find: str
    replace: str
    reason: str = "editor's correction"


# The metadata an editor may give (handbook/editors.md): text fields, and lists of names or words.
TEXT_FIELDS = ("title", "paper", "page", "column", "date")
# Of those, what the story prints: corrected on the Story itself (its field names: deck -> decks).
PRINTED_FIELDS = {"title": "title", "deck": "decks", "column": "column"}
LIST_FIELDS = ("deck", "authors", "photographers", "photo_providers", "places", "people", "organisations", "keywords")
PAGE_FIELDS = ("paper", "page", "date", "column")


@dataclass(frozen=True)
class Fields:
    """Metadata an editor supplies or corrects; None where they gave nothing."""

    title: str | None = None
    paper: str | None = None
    page: str | None = None
    column: str | None = None
    date: str | None = None  # ISO, 2023-03-09
    deck: tuple[str, ...] | None = None
    authors: tuple[str, ...] | None = None
    photographers: tuple[str, ...] | None = None
    photo_providers: tuple[str, ...] | None = None
    places: tuple[str, ...] | None = None
    people: tuple[str, ...] | None = None
    organisations: tuple[str, ...] | None = None
    keywords: tuple[str, ...] | None = None

    def given(self) -> dict[str, str | tuple[str, ...]]:
        """The fields given, by name (StoryMeta's names; PRINTED_FIELDS are Story's)."""
        return {name: getattr(self, name) for name in (*TEXT_FIELDS, *LIST_FIELDS) if getattr(self, name) is not None}


@dataclass(frozen=True)
class Sidecar:
    """An editor's file beside a source (sources/NAME.yml), parsed once at ingest."""

    page: Fields = Fields()  # page-wide: paper, page, date, column
    stories: tuple[tuple[int, Fields], ...] = ()  # by the story's position on the page (1, 2, …)
    pins: tuple[str, ...] = ()  # readings no rule may change
    rejections: tuple[Rejection, ...] = ()
    corrections: tuple[Correction, ...] = ()
    script: str | None = None  # the printed script, where the editor declares it ("zh-Hant")

    def for_story(self, position: int) -> Fields:
        return dict(self.stories).get(position, Fields())


NO_SIDECAR = Sidecar()


@dataclass(frozen=True)
class ScanLine:
    """A line of a source's text where it stands on the scan, as fractions of
    the page (0 left or top, 1 right or bottom), so that it overlays any size
    of the image; `start`: where the line begins in Source.text (a block's
    source_start and source_end find their lines by it)."""

    left: float
    top: float
    right: float
    bottom: float
    text: str
    start: int = 0
    # where each character of `text` begins along the line (fractions of the page's width for a line set
    # across, of its height for a column) and where the last ends; () where not known
    edges: tuple[float, ...] = ()


@dataclass(frozen=True)
class Scan:
    """The image of a page in sources/: the file OCR read, or the one beside its text."""

    name: str  # file name inside sources/
    sha256: str  # of its bytes
    width: int  # pixels
    height: int
    engine: str = ""  # the engine, version and settings that read it in this build ("": the text came with it)
    origin: str = ""  # the page of a PDF in sources/ it was rendered from (ISSUE.pdf#page=1); "": an image there


@dataclass(frozen=True)
class Source:
    """A source file decoded to text, exactly as scanned (line ends normalised)."""

    name: str  # file name inside sources/, e.g. "000_da3e9f1be567c4fd.txt"
    text: str
    sha256: str  # of the raw bytes on disk, so a reader can verify the file
    encoding: str
    sidecar: Sidecar = field(default=NO_SIDECAR, hash=False, compare=False)
    # For a layout source (ALTO, hOCR): each line's type size against the
    # page's body type (1.0 body, 2.0 twice as large; 0.0 a blank line).
    type_sizes: tuple[float, ...] = field(default=(), compare=False)
    # The script the page is printed in (printed_script: "zh-Hans", "zh-Hant"):
    # its text is cleaned in it and shown in it as printed; the other script's site converts it.
    script: str = "zh-Hans"
    collection_paper: str = ""  # the paper the collection names (Collection.paper), where the page prints none
    vertical: bool = field(default=False, compare=False)  # set in columns, as its layout file shows (layout.is_vertical)
    # Where the lines of `text` stand on the page's image, in the text's order (from its ALTO, hOCR or
    # engine JSON; empty when the page has no image).
    lines: tuple[ScanLine, ...] = field(default=(), compare=False)
    scan: Scan | None = field(default=None, compare=False)  # the page's image, where sources/ holds one

    @property
    def stem(self) -> str:
        return self.name.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Change:
    """One edit a cleaning rule (or an editor's override) made.

    `start`/`end` index the text the rule was given (the output of the rule
    before it), so applying a rule's changes in reverse restores its input.
    `source_start`/`source_end` map the same span back to the source text.
    """

    rule: str
    start: int
    end: int
    before: str
    after: str
    reason: str
    source_start: int = -1
    source_end: int = -1
    flag: bool = False  # True: a doubt shown to the reader, text left as is

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "flag": self.flag,
        }


@dataclass(frozen=True)
class Block:
    """One block of cleaned text, and where it stands in the source.

    clean sets kind to "furniture", "heading" or "paragraph"; segment refines
    it to the block's role in its story: "heading" (H2), "subheading" (H3),
    "paragraph", "list", "caption", "credit", "byline", "column", "label".
    """

    kind: str
    text: str
    source_start: int = 0
    source_end: int = 0


@dataclass(frozen=True)
class CleanedSource:
    source: Source
    blocks: tuple[Block, ...]
    changes: tuple[Change, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


UNKNOWN = "unknown"  # a fact enrich could not find (paper, page, date)
# What a story is: news (reports, features, fiction: what browse lists), a
# notice the paper prints for others or of itself (启事, 声明, 更正), an advert.
NEWS, NOTICE, ADVERT = "news", "notice", "advert"
STORY_KINDS = (NEWS, NOTICE, ADVERT)
# The blocks a reader reads as the story's text (and a page anchors, #p3):
# linked, collated and exported as prose; headings, credits and labels are not.
PROSE_KINDS = ("paragraph", "list", "caption")


def paragraph_anchor(index: int) -> str:
    """The anchor of a story's block on its page (#p3: the third block), the one a parallel links to."""
    return f"p{index + 1}"


@dataclass(frozen=True)
class Cleaning:
    """What the cleaner did in a story: changes by rule, and doubts left for a person."""

    changes: int = 0
    flags: int = 0
    by_rule: tuple[tuple[str, int], ...] = ()  # (rule, changes), by rule name


@dataclass(frozen=True)
class StoryMeta:
    """What enrich finds out about a story (and an editor's sidecar corrects).
    Written as the story page's front matter, in this order, after what the
    story prints (Story: title, decks, column), which is not repeated here."""

    kind: str = "news"  # one of STORY_KINDS: a report, or a notice or an advert, listed apart
    authors: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    photo_providers: tuple[str, ...] = ()
    paper: str = UNKNOWN
    page: str = UNKNOWN
    date: str = UNKNOWN  # ISO, 2023-03-09
    date_source: str = ""  # how the date was found, or why there is none
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    characters: int = 0
    reading_minutes: int = 1
    cleaning: Cleaning = Cleaning()

    @property
    def dated(self) -> bool:
        return self.date != UNKNOWN

    def front_matter(self) -> dict:
        """The fields as YAML holds them: lists for tuples, the cleaning as a mapping."""
        out: dict = {}
        for item in dataclass_fields(self):
            value = getattr(self, item.name)
            if isinstance(value, Cleaning):
                value = {"changes": value.changes, "flags": value.flags, "by_rule": dict(value.by_rule)}
            out[item.name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class Story:
    """One story: what a reader finds, reads and cites."""

    source: Source
    position: int  # 1-based order of the story on its source page
    slug: str
    title: str
    blocks: tuple[Block, ...]  # the body: headings, paragraphs, lists, captions
    changes: tuple[Change, ...]  # the cleaning records that fall in this story
    decks: tuple[str, ...] = ()  # 引题/副题 printed with the title
    bylines: tuple[str, ...] = ()  # "本报记者 崔治", a signature "锦州市民 张旭"
    dateline: str = ""  # "本报讯 记者崔治报道"
    credits: tuple[str, ...] = ()  # "本报记者 崔治 摄", "锦州港提供", "本版制图 许科"
    column: str = ""  # the column label printed over it ("县区传真")
    page_context: tuple[str, ...] = ()  # the page's banner, masthead, date line, page number
    span: tuple[int, int] = (0, 0)  # where it is printed in source.text, headline to last line
    meta: StoryMeta | None = field(default=None, hash=False, compare=False)  # set by enrich

    @property
    def dateline_block(self) -> int | None:
        """The block the dateline heads as printed (the first paragraph), or None."""
        if not self.dateline:
            return None
        return next((index for index, block in enumerate(self.blocks) if block.kind == "paragraph"), None)



@dataclass(frozen=True)
class Parallel:
    """A paragraph of one story that also stands in another."""

    slug: str
    paragraph: int  # index of the paragraph in `slug`
    other_slug: str
    other_paragraph: int
    similarity: float


@dataclass(frozen=True)
class Variant:
    """A place where the versions of a story read differently, and the reading chosen there."""

    paragraph: int  # in the reading text
    offset: int  # of the chosen reading in that paragraph
    length: int  # of the chosen reading
    readings: tuple[tuple[str, tuple[str, ...]], ...]  # (text, the slugs of the versions reading it)
    chosen: str
    evidence: str  # why it was chosen
    tie: bool = False  # the evidence did not decide: the better scan's reading, flagged


@dataclass(frozen=True)
class Collation:
    """One reading text of a group of versions (build_tools/collate.py)."""

    paragraphs: tuple[str, ...]
    only: tuple[tuple[str, ...], ...]  # per paragraph: () if every version has it, else the slugs that do
    variants: tuple[Variant, ...]
    spine: str  # the slug of the version the others were aligned on
    columns: tuple[tuple[str, ...], ...] = ()  # per paragraph, each version's text beside it (the group's slugs' order)
    kinds: tuple[str, ...] = ()  # per paragraph, its block kind (one of PROSE_KINDS)


@dataclass(frozen=True)
class VersionGroup:
    """Stories that are one text: another scan, another edition."""

    slugs: tuple[str, ...]
    similarity: dict = field(default_factory=dict, hash=False, compare=False)  # (slug, slug) -> 0..1
    collation: Collation | None = field(default=None, hash=False, compare=False)  # the reading text

    @property
    def key(self) -> str:
        return self.slugs[0]

    def similarity_of(self, a: str, b: str) -> float | None:
        """How alike two versions of the group are (0..1), whichever order the pair was measured in."""
        return self.similarity.get((a, b), self.similarity.get((b, a)))


@dataclass(frozen=True)
class Links:
    """Versions and shared passages, looked up by slug (indexes built once, on first use)."""

    parallels: tuple[Parallel, ...] = ()
    groups: tuple[VersionGroup, ...] = ()

    @functools.cached_property
    def _group_by_slug(self) -> dict[str, VersionGroup]:
        return {slug: group for group in self.groups for slug in group.slugs}

    @functools.cached_property
    def _parallels_by_slug(self) -> dict[str, tuple[Parallel, ...]]:
        found: dict[str, list[Parallel]] = {}
        for parallel in self.parallels:
            found.setdefault(parallel.slug, []).append(parallel)
        return {slug: tuple(items) for slug, items in found.items()}

    def group_of(self, slug: str) -> VersionGroup | None:
        return self._group_by_slug.get(slug)

    def for_story(self, slug: str) -> tuple[Parallel, ...]:
        return self._parallels_by_slug.get(slug, ())


# The OCR's layout (ALTO, hOCR): what `layout` reads before it writes the recognised text.


@dataclass(frozen=True)
class Box:
    """A rectangle on the scan in the OCR file's units (x to the right, y down)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Word:
    """One word (ALTO String, hOCR ocrx_word) as recognised, with its place."""

    bbox: Box
    text: str
    # made of an engine's character boxes (RapidOCR): where its characters stand is known, and no
    # gutter hides inside it (a gutter leaves a gap between two of them: layout._char_words)
    from_chars: bool = False


@dataclass(frozen=True)
class Line:
    """One text line as the OCR found it (it may run across a column gutter)."""

    bbox: Box
    text: str  # the words joined: no space between Chinese words, one between Latin ones
    words: tuple[Word, ...]
    font_size: float = 0.0  # from the file (ALTO TextStyle FONTSIZE, hOCR x_fsize); 0.0: not given

    @property
    def height(self) -> float:
        return self.bbox.height


@dataclass(frozen=True)
class TextBlock:
    """A block of lines as the OCR file groups them (its order is not trusted)."""

    bbox: Box
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Page:
    """One scanned page as an ALTO or hOCR file describes it."""

    width: float
    height: float
    blocks: tuple[TextBlock, ...]


@dataclass(frozen=True)
class PageResult:
    """What one page of sources/ gives: its stories, and what could not be used."""

    name: str  # the file read (or the first tried): pages are ordered by it
    stories: tuple[Story, ...]
    problems: tuple[Problem, ...]
