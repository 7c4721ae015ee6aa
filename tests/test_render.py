import yaml

from build_tools.model import Block, Links, Parallel, Source, Story
from build_tools.render import converter_for, render_script, render_source, render_story
from build_tools.settings import SCRIPTS

SIMPLIFIED, TRADITIONAL = SCRIPTS
SOURCE = Source(name="a.txt", text="# 标题\n<script>alert(1)</script> *强调* | 表格", sha256="ab" * 32, encoding="utf-8")
META = {"characters": 20, "reading_minutes": 1, "cleaning": {"changes": 0, "flags": 0, "by_rule": {}}}


def make_story(slug="a-1", title="锦州建设辽西中心城市", blocks=None) -> Story:
    blocks = blocks or (Block("heading", "老旧小区焕然一新"), Block("paragraph", "# 不是标题 <script>alert(1)</script> *不是强调* | 不是表格"))
    return Story(SOURCE, 1, slug, title, tuple(blocks), (), dict(META))


def split_front_matter(page: str) -> tuple[dict, str]:
    _, fields, body = page.split("---\n", 2)
    return yaml.safe_load(fields), body


def test_front_matter_has_the_fields_a_reader_cites():
    fields, _ = split_front_matter(render_story(make_story(), Links(), SIMPLIFIED, converter_for(SIMPLIFIED), {}))
    assert fields["title"] == "锦州建设辽西中心城市"
    assert fields["language"] == "zh-Hans"
    assert fields["source_file"] == "a.txt"
    assert fields["source_sha256"] == "ab" * 32
    assert fields["position"] == 1
    assert fields["characters"] == 20


def test_traditional_page_is_converted_by_opencc():
    page = render_story(make_story(), Links(), TRADITIONAL, converter_for(TRADITIONAL), {})
    fields, body = split_front_matter(page)
    assert fields["title"] == "錦州建設遼西中心城市"
    assert fields["language"] == "zh-Hant"
    assert "## 老舊小區煥然一新" in body


def test_markdown_and_html_in_a_scan_are_shown_as_text():
    _, body = split_front_matter(render_story(make_story(), Links(), SIMPLIFIED, converter_for(SIMPLIFIED), {}))
    assert "<script>" not in body
    assert '<p id="p2"># 不是标题 &lt;script&gt;alert(1)&lt;/script&gt; *不是强调* | 不是表格</p>' in body
    heading = render_story(make_story(title="*粗* <b>x</b> [链](y)"), Links(), SIMPLIFIED, converter_for(SIMPLIFIED), {})
    assert r"# \*粗\* &lt;b&gt;x&lt;/b&gt; \[链\]\(y\)" in heading


def test_the_source_page_is_verbatim_escaped_and_never_converted():
    page = render_source(SOURCE, TRADITIONAL, converter_for(TRADITIONAL))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *强调* | 表格</pre>" in page
    assert "# 标题\n" in page.split('<pre class="source-text">')[1]


def test_parallels_link_to_the_other_paragraph_anchor():
    links = Links((Parallel("a-1", 1, "b-1", 3, 1.0),))
    page = render_story(make_story(), links, SIMPLIFIED, converter_for(SIMPLIFIED), {"b-1": "另一篇"})
    assert "此段亦见于：[另一篇](b-1.md#p4)" in page


def test_a_script_has_home_browse_story_and_source_pages():
    pages = render_script([make_story("a-1"), make_story("a-2")], Links(), TRADITIONAL)
    assert sorted(pages) == ["browse.md", "index.md", "sources/a.md", "stories/a-1.md", "stories/a-2.md"]
    assert "(stories/a-1.md)" in pages["browse.md"] and "(stories/a-2.md)" in pages["browse.md"]
