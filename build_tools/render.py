"""Render: stories to Markdown pages with YAML front matter, in both scripts.

Pure: returns {path under docs/: page text}; the pipeline writes them. Every
piece of source text is HTML-escaped, so a scan that looks like Markdown or
HTML (`#`, `*`, `|`, `<script>`) is shown as the characters it is.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import jinja2
import yaml
from rapidfuzz.distance import Indel

from .clean import LAYOUT_RULES
from .export import SCHEMA_PATH
from .site_map import (EXPORT_DIR, EXPORT_FILE, INFO_FILE, MANIFEST_FILE, REPORT_JSON, ROOT_LINK, SCAN_DIR, SOURCE_DIR,
                       STORY_DIR, VERSION_DIR, in_root_site, source_path, story_path, version_path)
from .scans import region, story_lines, tile_source
from .model import NEWS, UNKNOWN, Links, Problem, Story, StoryMeta, Variant, VersionGroup, paragraph_anchor
from .settings import ROOT_SCRIPT, Script
from .words import LABELS, Convert, converter_for, labels, rule_name, text_converter

STORY_TEMPLATE = "story.html"  # overrides/story.html: a story page's frame, with its citation
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~=:^])")


def escape_inline(text: str) -> str:
    """Text for a Markdown heading or link label: no markup survives."""
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", html.escape(text, quote=False))


def front_matter(fields: dict) -> str:
    """YAML front matter. The title is HTML-escaped: the theme prints it
    unescaped into <title>, where "</title><script>" from a scan would run."""
    if "title" in fields:
        fields = {**fields, "title": html.escape(fields["title"], quote=False)}
    return "---\n" + yaml.dump(fields, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


# libyaml's emitter where PyYAML was built with it: the same YAML, ten times faster.
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# Front-matter fields holding Chinese text, converted for the other script.
TEXT_FIELDS = ("title", "deck", "authors", "photographers", "photo_providers", "paper", "column",
               "places", "people", "organisations", "keywords", "date_source")


def _converted_meta(story: Story, convert: Convert, label_convert: Convert) -> dict:
    """The front matter's facts: what the story prints (its decks and column), then what enrich found
    (text in the story's script, converted by `convert`; how the date was found in the archive's words)."""
    fields = {}
    printed = {"deck": list(story.decks), "column": story.column}
    for key, value in {**printed, **story.meta.front_matter()}.items():
        if key in TEXT_FIELDS:
            how = label_convert if key == "date_source" else convert
            value = [how(v) for v in value] if isinstance(value, list) else how(str(value))
        fields[key] = value
    return fields


# Stories' titles by slug, with the script each is printed in: a page shows
# another story's title as that story's own page does (shown_title).
Titles = dict[str, tuple[str, str]]


def titles_of(stories) -> Titles:
    return {story.slug: (story.title, story.source.script) for story in stories}


def shown_title(titles: Titles, slug: str, script: Script) -> str:
    title, printed = titles[slug]
    return text_converter(script, printed)(title)


def render_story(story: Story, links: Links, script: Script, convert: Convert, page_mates: list[Story],
                 titles: Titles) -> str:
    """A story's page: the data its template (overrides/archive/story.md) lays out. `convert`
    gives the site's words; the story's text is shown as printed, or converted (text_converter)."""
    meta = story.meta
    label_convert, convert = convert, text_converter(script, story.source.script)
    fields = {
        "title": convert(story.title),
        "template": STORY_TEMPLATE,
        "language": script.language,
        "source_file": story.source.name,
        "source_sha256": story.source.sha256,
        "position": story.position,
        "slug": story.slug,
        **_converted_meta(story, convert, label_convert),
    }
    group = links.group_of(story.slug)
    parallels: dict[int, list[dict]] = {}
    for parallel in links.for_story(story.slug):
        parallels.setdefault(parallel.paragraph, []).append(
            {"slug": parallel.other_slug, "title": shown_title(titles, parallel.other_slug, script),
             "anchor": paragraph_anchor(parallel.other_paragraph)})
    blocks, headed = [], story.dateline_block
    for index, block in enumerate(story.blocks):
        if block.kind in HEADING_LEVEL:
            shape = "kicker" if _heads_nothing(story.blocks, index) else "heading"
            blocks.append({"shape": shape, "kind": block.kind, "text": block.text, "level": HEADING_LEVEL[block.kind]})
            continue
        blocks.append({"shape": "text", "kind": block.kind, "text": block.text, "anchor": paragraph_anchor(index),
                       "dateline": story.dateline if index == headed else "", "parallels": parallels.get(index, [])})
    label = labels(label_convert)
    return _template("story.md", convert, label_convert).render(
        front_matter=front_matter(fields), story=story, byline=_byline(story, label, convert),
        versions=[{"slug": slug, "title": shown_title(titles, slug, script),
                   "similarity": f"{group.similarity_of(story.slug, slug) or 0:.0%}"}
                  for slug in group.slugs if slug != story.slug] if group else [],
        group_key=group.key if group else "", blocks=blocks, facts=_facts(meta),
        date_source=label_convert(meta.date_source),
        mates=[{"position": mate.position, "slug": mate.slug, "title": convert(mate.title)}
               for mate in page_mates if mate.slug != story.slug],
        corrections=_corrections(story, label, label_convert), root_script=script == ROOT_SCRIPT, root_link=ROOT_LINK,
        converted=story.source.script != script.language, viewer=scan_viewer(story.source, story))


# A story's sections: its title is the page's H1.
HEADING_LEVEL = {"heading": 2, "subheading": 3}


def _heads_nothing(blocks, index: int) -> bool:
    """A heading with nothing under it (the next block is a heading of its
    level or above, or there is none) heads no section: it is shown as a
    line over what follows (振兴路 铿锵行 over 积蓄奋进力量 开创美好未来)."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is None or HEADING_LEVEL.get(following.kind, 99) <= HEADING_LEVEL[blocks[index].kind]


# Versions are named as Chinese collation names its witnesses: 甲本, 乙本…
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def version_name(number: int) -> str:
    return f"{_STEMS[number]}本" if number < len(_STEMS) else f"第{number + 1}本"


def render_group(group: VersionGroup, stories: dict[str, Story], script: Script, convert: Convert) -> str:
    """A group's page: the data its template (overrides/archive/versions.md) lays out."""
    label = labels(convert)
    first = stories[group.slugs[0]]
    label_convert, convert = convert, text_converter(script, first.source.script)  # one text: the first version's script
    names = {slug: version_name(n) for n, slug in enumerate(group.slugs)}
    collation = group.collation
    by_paragraph: dict[int, list[tuple[int, Variant]]] = {}
    for number, variant in enumerate(collation.variants, 1):
        by_paragraph.setdefault(variant.paragraph, []).append((number, variant))

    def readings(variant: Variant) -> list[dict]:
        return [{"names": "、".join(names[slug] for slug in slugs), "text": text} for text, slugs in variant.readings]

    reading = []
    for index, text in enumerate(collation.paragraphs):
        pieces, cursor = [], 0
        for number, variant in by_paragraph.get(index, []):
            pieces.append({"text": text[cursor:variant.offset], "variant": 0})
            told = "；".join(f"{r['names']}{label['reads']}“{r['text']}”" for r in readings(variant))
            pieces.append({"text": variant.chosen, "variant": number, "tie": variant.tie,
                           "title": f"{told}。{variant.evidence}"})
            cursor = variant.offset + variant.length
        pieces.append({"text": text[cursor:], "variant": 0})
        only = collation.only[index]
        reading.append({"pieces": pieces, "kind": collation.kinds[index],
                        "only": label["only_in"].format(names="、".join(names[slug] for slug in only)) if only else ""})
    rows = [[_pieces(convert(cell), convert(text)) if cell else [] for cell in row]
            for text, row in zip(collation.paragraphs, collation.columns)]
    return _template("versions.md", convert, label_convert).render(
        front_matter=front_matter({"title": f"{label['collation']}：{convert(first.title)}", "language": script.language,
                                   "versions": list(group.slugs)}),
        title=first.title,
        versions=[{"name": names[slug], "slug": slug, "file": stories[slug].source.name,
                   "title": text_converter(script, stories[slug].source.script)(stories[slug].title)}
                  for slug in group.slugs],
        pairs=[{"a": names[a], "b": names[b], "similarity": f"{sim:.0%}"} for (a, b), sim in sorted(group.similarity.items())],
        reading=reading,
        variants=[{"paragraph": v.paragraph + 1, "offset": v.offset + 1, "chosen": v.chosen or "‸", "evidence": v.evidence,
                   "tie": v.tie, "readings": readings(v)} for v in collation.variants],
        rows=rows)


def _pieces(text: str, reference: str) -> list[tuple[str, str]]:
    """text as (kind, piece): "equal" to the reference, or "ins" and "del" where it differs."""
    if text == reference:
        return [("equal", text)]
    pieces = []
    for op in Indel.opcodes(reference, text):
        piece = text[op.dest_start:op.dest_end]
        if op.tag == "equal":
            pieces.append(("equal", piece))
        elif op.tag in ("insert", "replace") and piece:
            pieces.append(("ins", piece))
        if op.tag in ("delete", "replace"):
            pieces.append(("del", reference[op.src_start:op.src_end]))
    return pieces


def _text(text: str, convert: Convert) -> str:
    return html.escape(convert(text), quote=False)


def _byline(story: Story, label: dict, convert: Convert) -> list[str]:
    """The line under the title: bylines, date, paper and page, column, reading time (HTML-escaped)."""
    meta = story.meta
    parts = [_text(b, convert) for b in story.bylines]
    if meta.dated:
        parts.append(meta.date)
    where = " ".join(_text(value, convert) for value in (meta.paper, meta.page) if value and value != UNKNOWN)
    if where:
        parts.append(where)
    if story.column:
        parts.append(_text(story.column, convert))
    if meta.kind != NEWS:
        parts.append(label[f"kind_{meta.kind}"])
    parts.append(label["reading"].format(minutes=meta.reading_minutes) + f" · {meta.characters} {label['characters']}")
    return parts


# Who, where and what: the story's facts, in this order, and the browse page each links to.
FACTS = (("authors", None), ("photographers", None), ("photo_providers", None), ("places", "places"), ("people", "people"),
         ("organisations", None), ("keywords", None))


def _facts(meta: StoryMeta) -> list[dict]:
    """Each fact's names: the first few shown, the rest (every name is kept in the data) behind a "more"."""
    shown = LISTINGS.names_shown
    return [{"key": key, "names": getattr(meta, key)[:shown], "more": getattr(meta, key)[shown:], "page": page}
            for key, page in FACTS if getattr(meta, key)]


def _shown(text: str) -> str:
    """A change's text with its invisible characters made visible."""
    visible = text.replace("\n\n", "¶").replace("\n", "↵").replace(" ", "␣").replace("\u3000", "□")
    return html.escape(visible) or "∅"


def _corrections(story: Story, label: dict, convert: Convert) -> dict:
    """The 校勘记's rows: every change that alters words and every doubt,
    the same edit made many times (a page of half-width commas) one row
    with its offsets; and the summary, layout changes counted."""
    shown = [c for c in story.changes if c.rule not in LAYOUT_RULES]
    grouped: dict[tuple, list[int]] = {}
    for change in shown:
        grouped.setdefault((change.rule, change.before, change.after, change.reason, change.flag), []).append(change.source_start)
    rows = [{"rule": rule, "name": convert(rule_name(rule)), "flag": flag, "edit": not (flag and before == after),
             "before": before, "after": after, "reason": convert(reason), "offsets": offsets}
            for (rule, before, after, reason, flag), offsets in grouped.items()]
    summary = label["corrections_summary"].format(
        changes=sum(not c.flag for c in shown), flags=sum(c.flag for c in shown), layout=len(story.changes) - len(shown))
    return {"rows": rows, "summary": summary}


def render_source(story_source, script: Script, convert: Convert) -> str:
    """The scan's page: the data its template (overrides/archive/scan.md) lays out."""
    label = labels(convert)
    fields = {
        "title": f"{label['original_title']}：{story_source.name}",
        "language": script.language,
        "source_file": story_source.name,
        "source_sha256": story_source.sha256,
    }
    return _template("scan.md", convert).render(front_matter=front_matter(fields), source=story_source,
                                                viewer=scan_viewer(story_source))


def scan_viewer(source, story: Story | None = None) -> dict | None:
    """What a viewer of the page's scan needs (overrides/assets/javascripts/scan-viewer.js):
    links to the image's info.json and manifest in the root site (the plugin
    makes them relative), and, written into the page for a file:// reader,
    the tile source and the recognised lines (fractions of the page). On a
    story's page: only its lines, each with the anchor of its paragraph, and
    the region of the page they stand in, which the viewer opens on."""
    if source.scan is None:
        return None
    folder = f"{ROOT_LINK}{SCAN_DIR}/{source.stem}/"
    lines = [(line, "") for line in source.lines] if story is None else story_lines(story)
    if story is not None and not lines:
        return None
    # each line: its box, its text, the paragraph it holds ("": none, or the scan page), its characters' edges
    data = {"tiles": tile_source(source.scan),
            "lines": [[line.left, line.top, line.right, line.bottom, line.text, anchor, list(line.edges)]
                      for line, anchor in lines]}
    if story is not None:
        data["region"] = region([line for line, _ in lines])
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return {"info": f"{folder}{INFO_FILE}", "manifest": f"{folder}{MANIFEST_FILE}", "data": text}


# The page layouts: Jinja templates beside the theme's (overrides/archive/),
# each given data and the page's words; filters do the escaping, in the page's script.
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "overrides" / "archive"


@functools.lru_cache(maxsize=8)
def _environment(convert: Convert, label_convert: Convert) -> jinja2.Environment:
    """The page templates' environment: filters that show text through
    `convert` (a page's text as printed, or converted) and the site's words
    through `label_convert`; its own (an overlay would share them with every other)."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=False, trim_blocks=True,
                                     lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    environment.filters.update({
        "md": lambda text: escape_inline(convert(text)),  # a Markdown heading or link label
        "text": lambda text: html.escape(convert(text), quote=False),  # HTML text
        "h": lambda text: html.escape(text, quote=False),  # HTML text already in the script
        "code": html.escape,  # HTML text inside <code>, quotes escaped too
        "esc": escape_inline,  # a Markdown heading or link label already in the script
        "shown": _shown,
        "offset": lambda offset: f"@{offset}",
    })
    environment.globals.update(w=labels(label_convert), stories=STORY_DIR, versions_dir=VERSION_DIR, sources=SOURCE_DIR)
    return environment


def _template(name: str, convert: Convert, label_convert: Convert | None = None) -> jinja2.Template:
    """A page template whose filters show text through `convert` and whose
    words are the site's (through `label_convert`, by default `convert`)."""
    return _environment(convert, label_convert or convert).get_template(name)


def _line(story: Story, script: Script, convert: Convert, length: bool = True) -> dict:
    """A story as a listing shows it (overrides/archive/lines.md): its title as its own page shows it."""
    return {"title": text_converter(script, story.source.script)(story.title), "path": story_path(story.slug),
            "characters": story.meta.characters if length else None,
            "when": story.meta.date if story.meta.dated else convert(LABELS["undated"])}


def in_reading_order(stories: list[Story]) -> list[Story]:
    """Newest first, undated last; within a date by source and place on the page."""
    by_page = sorted(stories, key=lambda s: (s.source.name, s.position))
    dated = [s for s in by_page if s.meta.dated]
    undated = [s for s in by_page if not s.meta.dated]
    return sorted(dated, key=lambda s: s.meta.date, reverse=True) + undated  # stable: page order kept


# Listing pages are bounded, whatever the archive's size: the home page shows
# the newest stories; every other listing is split (by month, or by a key's
# initial) into pages of at most ListingConfig.listing_page stories, linked in sequence.
class ListingConfig(NamedTuple):
    """How long listing pages get: bounded, whatever the archive's size."""

    home_latest: int = 20  # stories on the home page, the newest
    # stories on a page of a month, an initial's keys: each page repeats Material's chrome (about 14 KB), and with
    # every name a story prints in the indexes (issue 23) 100 a page made 490 index pages at 1,000 sources
    listing_page: int = 200
    index_preview: int = 8  # keys shown beside each initial on an index page
    names_shown: int = 12  # a story page's people, places … before the rest behind a "more" (all kept in the data)


LISTINGS = ListingConfig()
# Index pages: their key (what the stories are listed under) and the words of their title.
INDEXES = {"places": ("by_place", lambda s: s.meta.places),
           "people": ("by_person", lambda s: dict.fromkeys(s.meta.authors + s.meta.people)),
           "columns": ("by_column", lambda s: [s.column] if s.column else [])}
OTHER_INITIAL = "#"


def _month(story: Story) -> str:
    return story.meta.date[:7] if story.meta.dated else "undated"


def _initial(key: str) -> str:
    """The letter a key is filed under: its pinyin's first letter (锦州 -> J)."""
    from pypinyin import lazy_pinyin  # (loaded where used, as in enrich)

    letter = lazy_pinyin(key[:1])[0][:1].upper() if key else ""
    return letter if "A" <= letter <= "Z" else OTHER_INITIAL


def _chunks(entries: list, size: int) -> list[list]:
    return [entries[start:start + size] for start in range(0, len(entries), size)] or [[]]


def _page_name(base: str, number: int) -> str:
    return f"{base}.md" if number == 1 else f"{base}-{number}.md"


# Whether a generated page on disk was made of the same (its path, the digest of what it is made of) and
# stands: render_script's, from the last build's digests; None, every page is made.
Stands = Callable[[str, str], bool] | None


def render_listing_pages(folder: str, base: str, title: str, entries: list[tuple[str, Story]], script: Script,
                         convert: Convert, config: ListingConfig = LISTINGS, lengths: bool = True,
                         stands: Stands = None) -> dict[str, str | None]:
    """Pages `folder/base.md`, `folder/base-2.md`, …: entries (section, story)
    in order, ListingConfig.listing_page a page, a section's heading repeated where it goes on.
    An index's lines leave out the stories' lengths (`lengths`): a story is listed under every name it
    prints, and an edit that changes its length would otherwise make each of those pages again.
    A page that `stands` is not rendered again (None)."""
    label = labels(convert)
    chunks = _chunks(entries, config.listing_page)
    pages = {}
    for number, chunk in enumerate(chunks, 1):
        heading = title if len(chunks) == 1 else f"{title}（{label['page_of'].format(page=number, pages=len(chunks))}）"
        steps = []
        if number > 1:
            steps.append(f"[{label['previous_page']}]({_page_name(base, number - 1)})")
        if number < len(chunks):
            steps.append(f"[{label['next_page']}]({_page_name(base, number + 1)})")
        sections: list[dict] = []
        for key, story in chunk:
            if not sections or sections[-1]["key"] != key:
                sections.append({"key": key, "lines": []})
            sections[-1]["lines"].append(_line(story, script, convert, lengths))
        path = f"{folder}/{_page_name(base, number)}"
        made_of = repr((templates_version(), script.locale, heading, sections, steps))
        if stands is not None and stands(path, hashlib.sha256(made_of.encode("utf-8")).hexdigest()):
            pages[path] = None
            continue
        pages[path] = _template("listing.md", convert).render(
            front_matter=front_matter({"title": heading, "language": script.language}), heading=heading,
            sections=sections, steps=steps)
    return pages


def build_report(stories: list[Story], problems: list[Problem]) -> dict:
    """What an archivist checks after a build: the files that gave no story and
    why, and the stories with doubts left for a person. Nothing in it depends
    on the time or the machine: the same sources give the same report."""
    return {
        "stories": len(stories),
        "skipped": [{"file": p.source_name, "reason": p.reason} for p in sorted(problems, key=lambda p: p.source_name)],
        "flagged": [{"slug": s.slug, "title": s.title, "script": s.source.script, "source_file": s.source.name,
                     "flags": s.meta.cleaning.flags}
                    for s in sorted(stories, key=lambda s: s.slug) if s.meta.cleaning.flags],
    }


def render_report(report: dict, script: Script) -> str:
    """The build report as a page, in the page's script."""
    convert = converter_for(script)
    label = labels(convert)
    return _template("report.md", convert).render(
        front_matter=front_matter({"title": label["report"], "language": script.language}), json_name=REPORT_JSON,
        json_link=in_root_site(REPORT_JSON, script), skipped=report["skipped"],
        flagged=[{"title": text_converter(script, item["script"])(item["title"]), "path": story_path(item["slug"]),
                  "flags": label["flag_count"].format(flags=item["flags"])} for item in report["flagged"]])


def render_home(stories: list[Story], script: Script, convert: Convert, config: ListingConfig = LISTINGS) -> str:
    label = labels(convert)
    dates = sorted(s.meta.date for s in stories if s.meta.dated)
    intro = label["intro"].format(
        sources=len({s.source.name for s in stories}),
        stories=len(stories),
        chars=sum(s.meta.characters for s in stories),
        first=dates[0] if dates else label["unknown"],
        last=dates[-1] if dates else label["unknown"],
        changes=sum(s.meta.cleaning.changes for s in stories),
        flags=sum(s.meta.cleaning.flags for s in stories),
    )
    links = [f"[{label[key]}]({name}.md)" for name, key in [("browse", "browse"), *((n, k) for n, (k, _) in INDEXES.items())]]
    return _template("home.md", convert).render(
        front_matter=front_matter({"title": label["home"], "language": script.language}), intro=intro, links=links,
        data=in_root_site(EXPORT_DIR, script), export_file=EXPORT_FILE, schema=SCHEMA_PATH.name,
        latest=[_line(story, script, convert)
                for story in in_reading_order([s for s in stories if s.meta.kind == NEWS])[:config.home_latest]])


def render_browse(stories: list[Story], script: Script, convert: Convert,
                  config: ListingConfig = LISTINGS, folder: str = "browse", stands: Stands = None) -> dict[str, str | None]:
    """browse.md lists the months; each month's stories, by day, on pages of
    their own. The news; notices and adverts are listed apart, alike (folder "notices")."""
    label = labels(convert)
    months: dict[str, list[Story]] = {}
    for story in in_reading_order(stories):
        months.setdefault(_month(story), []).append(story)
    pages, listed = {}, []
    for month, members in months.items():
        name = label["undated"] if month == "undated" else label["month"].format(year=month[:4], month=int(month[5:]))
        listed.append({"name": name, "key": month, "count": label["count"].format(count=len(members))})
        entries = [(story.meta.date if month != "undated" else label["undated"], story) for story in members]
        pages.update(render_listing_pages(folder, month, name, entries, script, convert, config, stands=stands))
    pages[f"{folder}.md"] = _template("browse.md", convert).render(
        front_matter=front_matter({"title": label[folder], "language": script.language}), months=listed,
        title=label[folder], folder=folder, empty=label["no_notices"])
    return pages


# A place printed with and without its administrative suffix (锦州市, 锦州) is one place in the index.
_ALIAS_SUFFIXES = ("市", "省", "县")


def _grouped_aliases(groups: dict[str, list[Story]], order: dict[str, int]) -> tuple[dict[str, list[Story]], dict[str, str]]:
    """Places grouped under their full form where the archive prints it
    with and without its suffix (锦州市 and 锦州: one key, shown 锦州市（锦州）),
    each story once, in reading order (`order`: each story's place by slug);
    and each key's label."""
    merged = {key: list(members) for key, members in groups.items()}
    shown = {key: key for key in groups}
    for key in sorted(groups):
        short = key[:-1]
        if key.endswith(_ALIAS_SUFFIXES) and len(short) >= 2 and short in merged and short in groups:
            both = {story.slug: story for story in (*merged[key], *merged.pop(short))}
            merged[key] = sorted(both.values(), key=lambda story: order[story.slug])
            shown.pop(short)
            shown[key] = f"{key}（{short}）"
    return merged, shown


def render_index(stories: list[Story], script: Script, convert: Convert, name: str,
                 config: ListingConfig = LISTINGS, stands: Stands = None) -> dict[str, str | None]:
    """An index (places, people, columns): NAME.md lists the initials; each
    initial's keys, and each key's stories, on pages of their own. A story
    appears once per key it has: the pages grow with the archive, not with its square."""
    label = labels(convert)
    title_key, keys_of = INDEXES[name]
    groups: dict[str, list[Story]] = {}  # by the key in Simplified: both scripts file it alike, as do pages of either
    ordered = in_reading_order(stories)
    for story in ordered:
        simplified = text_converter(ROOT_SCRIPT, story.source.script)
        for key in keys_of(story):
            groups.setdefault(simplified(key), []).append(story)
    shown = {key: key for key in groups}
    if name == "places":
        groups, shown = _grouped_aliases(groups, {story.slug: index for index, story in enumerate(ordered)})
    by_initial: dict[str, list[str]] = {}
    for key in sorted(groups, key=lambda k: (_initial(k), -len(groups[k]), k)):
        by_initial.setdefault(_initial(key), []).append(key)
    pages, initials = {}, []
    for initial, keys in sorted(by_initial.items(), key=lambda item: (item[0] == OTHER_INITIAL, item[0])):
        base = "other" if initial == OTHER_INITIAL else initial
        initials.append({"letter": initial, "page": base, "names": [shown[key] for key in keys[:config.index_preview]],
                         "more": len(keys) > config.index_preview})
        entries = [(convert(shown[key]), story) for key in keys for story in groups[key]]
        pages.update(render_listing_pages(name, base, f"{label[title_key]}：{initial}", entries, script, convert,
                                          config, lengths=False, stands=stands))
    pages[f"{name}.md"] = _template("index.md", convert).render(
        front_matter=front_matter({"title": label[title_key], "language": script.language}), title=label[title_key],
        name=name, initials=initials)
    return pages



def templates_digest() -> str:
    """A digest of the page templates (overrides/archive/), read now."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATE_DIR.glob("*")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def templates_version() -> str:
    """templates_digest, once a process: a build runs in a process of its own
    (build_apart), and what the templates were when it started is what it renders."""
    return templates_digest()


def story_page_digest(story: Story, links: Links, mates: list[Story], titles: dict[str, str], page_key: str,
                      script: Script) -> str:
    """What a story's page is made of: its page of sources/ as processed (the
    page's cache key: its files, the pipeline's code and data), the stories it
    links to and their titles, the templates and the script. Equal digests,
    equal pages."""
    group = links.group_of(story.slug)
    parts = (templates_version(), page_key, script.locale, story.slug, [(m.slug, m.title) for m in mates],
             [(p.paragraph, p.other_slug, p.other_paragraph, p.similarity, titles[p.other_slug])
              for p in links.for_story(story.slug)],
             None if group is None else (group.key, [(s, titles[s], group.similarity_of(story.slug, s)) for s in group.slugs]))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def stands(path: str, digest: str, kept: dict[str, str] | None, digests: dict[str, str] | None) -> bool:
    """Record a generated file's digest (what it is made of) in `digests`; True
    when the file on disk was made of the same (its digest is in `kept`): it
    stands, and is not made again."""
    if digests is not None:
        digests[path] = digest
    return kept is not None and kept.get(path) == digest


def render_script(stories: list[Story], links: Links, script: Script, page_keys: dict[str, str] | None = None,
                  kept: dict[str, str] | None = None, digests: dict[str, str] | None = None) -> Iterator[tuple[str, str | None]]:
    """Every page of one script's site, (path under docs/<locale>/, text), one
    at a time: the caller writes each and keeps none. Given each source's
    page key, a story's page is made only where its digest (story_page_digest)
    differs from the one in `kept` (the pages on disk and their digests):
    (path, None) says the page on disk stands. `digests` gets every story
    page's digest."""
    convert = converter_for(script)
    news = [story for story in stories if story.meta.kind == NEWS]

    def listing_stands(path: str, digest: str) -> bool:  # (a listing page, as a story page: made again where changed)
        return page_keys is not None and stands(path, digest, kept, digests)

    yield "index.md", render_home(stories, script, convert)
    yield from render_browse(news, script, convert, stands=listing_stands).items()
    yield from render_browse([s for s in stories if s.meta.kind != NEWS], script, convert, folder="notices",
                             stands=listing_stands).items()
    for name in INDEXES:
        yield from render_index(stories, script, convert, name, stands=listing_stands).items()
    titles = titles_of(stories)
    by_source: dict[str, list[Story]] = {}
    for story in stories:
        by_source.setdefault(story.source.name, []).append(story)
    for name, members in by_source.items():
        mates = sorted(members, key=lambda s: s.position)
        for story in members:
            path = story_path(story.slug)
            if page_keys is not None and stands(path, story_page_digest(story, links, mates, titles, page_keys[name],
                                                                         script), kept, digests):
                yield path, None
                continue
            yield path, render_story(story, links, script, convert, mates, titles)
        if script == ROOT_SCRIPT:  # the scan is the same bytes in either script: published once
            path = source_path(members[0].source.stem)
            made_of = f"{templates_version()}\0{page_keys[name]}\0scan" if page_keys is not None else ""
            if page_keys is not None and stands(path, hashlib.sha256(made_of.encode()).hexdigest(), kept, digests):
                yield path, None
                continue
            yield path, render_source(members[0].source, script, convert)
    by_slug = {story.slug: story for story in stories}
    for group in links.groups:
        yield version_path(group.key), render_group(group, by_slug, script, convert)
