"""Render: stories to Markdown pages with YAML front matter, in both scripts.

Pure: returns {path under docs/: page text}; the pipeline writes them. Every
piece of source text is HTML-escaped, so a scan that looks like Markdown or
HTML (`#`, `*`, `|`, `<script>`) is shown as the characters it is.
"""

from __future__ import annotations

import html
import re
from typing import Callable

import opencc
import yaml

from .model import Links, Story
from .settings import Script

Convert = Callable[[str], str]

STORY_DIR = "stories"
SOURCE_DIR = "sources"
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~=:^])")

# Interface words, written once in Simplified and converted like the text.
LABELS = {
    "home": "首页",
    "browse": "浏览全部报道",
    "stories": "报道",
    "characters": "字",
    "sources": "来源文件",
    "source": "来源",
    "original": "查看原始扫描文本",
    "original_title": "原始扫描文本",
    "original_note": "以下是扫描识别出的原文，未经任何校正，仅供核对。",
    "also_in": "此段亦见于",
    "corrections": "校勘记",
    "no_corrections": "本文未作文字改动。",
    "corrections_summary": "改动 {changes} 处，存疑 {flags} 处，版式调整 {layout} 处",
    "source_offset": "原始扫描文本中的字符位置",
    "reading": "阅读约 {minutes} 分钟",
    "intro": "本档案收录 {sources} 份扫描来源中的 {stories} 篇报道，共 {chars} 字；校勘改动 {changes} 处，存疑 {flags} 处。",
}


def converter_for(script: Script) -> Convert:
    if script.opencc_config is None:
        return lambda text: text
    return opencc.OpenCC(script.opencc_config).convert


def escape_inline(text: str) -> str:
    """Text for a Markdown heading or link label: no markup survives."""
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", html.escape(text, quote=False))


def front_matter(fields: dict) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def story_path(slug: str) -> str:
    return f"{STORY_DIR}/{slug}.md"


def source_path(stem: str) -> str:
    return f"{SOURCE_DIR}/{stem}.md"


def render_story(story: Story, links: Links, script: Script, convert: Convert, titles: dict[str, str]) -> str:
    label = {key: convert(value) for key, value in LABELS.items()}
    fields = {
        "title": convert(story.title),
        "language": script.language,
        "source_file": story.source.name,
        "source_sha256": story.source.sha256,
        "position": story.position,
        "slug": story.slug,
        **story.meta,
    }
    out = [front_matter(fields), f"# {escape_inline(convert(story.title))}\n\n"]
    out.append(f'<p class="story-meta">{label["reading"].format(minutes=story.meta.get("reading_minutes", 1))}'
               f' · {story.meta.get("characters", 0)} {label["characters"]}</p>\n\n')
    parallels = links.for_story(story.slug)
    for index, block in enumerate(story.blocks):
        text = convert(block.text)
        if block.kind == "heading":
            out.append(f"## {escape_inline(text)}\n\n")
            continue
        out.append(f'<p id="p{index + 1}">{html.escape(text, quote=False)}</p>\n\n')
        places = [p for p in parallels if p.paragraph == index]
        if places:
            items = "，".join(
                f"[{escape_inline(convert(titles[p.other_slug]))}]({p.other_slug}.md#p{p.other_paragraph + 1})"
                for p in places
            )
            out.append(f'{label["also_in"]}：{items}\n{{: .parallel }}\n\n')
    out.append(render_corrections(story, label, convert))
    out.append(f"[{label['original']}](../{source_path(story.source.stem)})\n")
    return "".join(out)


# Rules whose changes are only layout (spaces, blank lines): counted on the
# page, listed in `clean --report`.
LAYOUT_RULES = {"strip_line_space", "normalise_paragraph_breaks"}


def _shown(text: str) -> str:
    """A change's text with its invisible characters made visible."""
    visible = text.replace("\n\n", "¶").replace("\n", "↵").replace(" ", "␣").replace("\u3000", "□")
    return html.escape(visible) or "∅"


def render_corrections(story: Story, label: dict, convert: Convert) -> str:
    """The collapsed 校勘记: every change that alters words, every doubt, and
    how many layout changes were made."""
    shown = [c for c in story.changes if c.rule not in LAYOUT_RULES]
    layout = len(story.changes) - len(shown)
    rows = []
    for change in shown:
        kind = "flag" if change.flag else "change"
        edit = "" if change.flag and change.before == change.after else f"<del>{_shown(change.before)}</del> → <ins>{_shown(change.after)}</ins> "
        rows.append(
            f'<li class="{kind}"><code>{html.escape(change.rule)}</code> '
            f'<span class="offset" title="{label["source_offset"]}">@{change.source_start}</span> '
            f'{edit}<span class="reason">{html.escape(change.reason)}</span></li>'
        )
    summary = label["corrections_summary"].format(
        changes=sum(not c.flag for c in shown), flags=sum(c.flag for c in shown), layout=layout)
    items = f"<ol>{''.join(rows)}</ol>" if rows else f"<p>{label['no_corrections']}</p>"
    return (
        f'<details class="corrections"><summary>{label["corrections"]}（{summary}）</summary>\n'
        f"{items}\n</details>\n\n"
    )


def render_source(story_source, script: Script, convert: Convert) -> str:
    """The source exactly as scanned: escaped, never converted, never cleaned."""
    label = {key: convert(value) for key, value in LABELS.items()}
    fields = {
        "title": f"{label['original_title']}：{story_source.name}",
        "language": script.language,
        "source_file": story_source.name,
        "source_sha256": story_source.sha256,
    }
    return (
        front_matter(fields)
        + f"# {label['original_title']}：{escape_inline(story_source.name)}\n\n"
        + f"<p>{label['original_note']} SHA-256 <code>{story_source.sha256}</code></p>\n\n"
        + f'<pre class="source-text">{html.escape(story_source.text, quote=False)}</pre>\n'
    )


def story_list(stories: list[Story], convert: Convert, prefix: str) -> str:
    return "".join(
        f"- [{escape_inline(convert(s.title))}]({prefix}{story_path(s.slug)})"
        f" · {s.meta.get('characters', 0)} {convert(LABELS['characters'])}"
        f" · `{s.source.name}`\n"
        for s in stories
    )


def render_home(stories: list[Story], script: Script, convert: Convert) -> str:
    label = {key: convert(value) for key, value in LABELS.items()}
    intro = label["intro"].format(
        sources=len({s.source.name for s in stories}),
        stories=len(stories),
        chars=sum(s.meta.get("characters", 0) for s in stories),
        changes=sum(s.meta["cleaning"]["changes"] for s in stories),
        flags=sum(s.meta["cleaning"]["flags"] for s in stories),
    )
    return (
        front_matter({"title": label["home"], "language": script.language})
        + f"# {label['home']}\n\n{intro}\n\n[{label['browse']}](browse.md)\n\n"
        + story_list(stories, convert, "")
    )


def render_browse(stories: list[Story], script: Script, convert: Convert) -> str:
    label = {key: convert(value) for key, value in LABELS.items()}
    return (
        front_matter({"title": label["browse"], "language": script.language})
        + f"# {label['browse']}\n\n"
        + story_list(stories, convert, "")
    )


def render_script(stories: list[Story], links: Links, script: Script) -> dict[str, str]:
    """Every page of one script's site, keyed by path under docs/<locale>/."""
    convert = converter_for(script)
    titles = {story.slug: story.title for story in stories}
    pages = {"index.md": render_home(stories, script, convert), "browse.md": render_browse(stories, script, convert)}
    for story in stories:
        pages[story_path(story.slug)] = render_story(story, links, script, convert, titles)
        pages.setdefault(source_path(story.source.stem), render_source(story.source, script, convert))
    return pages
