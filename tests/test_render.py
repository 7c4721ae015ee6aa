from dataclasses import replace
import yaml


from build_tools.model import Block, Links, Parallel, Source, Story, StoryMeta
from build_tools.render import LISTINGS, render_script, render_source, render_story, titles_of
from build_tools.words import converter_for
from build_tools.settings import SCRIPTS

SIMPLIFIED, TRADITIONAL = SCRIPTS
SOURCE = Source(name="a.txt", text="# 标题\n<script>alert(1)</script> *强调* | 表格", sha256="ab" * 32, encoding="utf-8")
META = StoryMeta(authors=("崔治",), places=("锦州",), date="2023-03-09",
                 characters=20, reading_minutes=1)


def make_story(slug="a-1", title="锦州建设辽西中心城市", blocks=None, position=1) -> Story:
    blocks = blocks or (Block("heading", "老旧小区焕然一新"), Block("paragraph", "# 不是标题 <script>alert(1)</script> *不是强调* | 不是表格"),
                        Block("caption", "锦州港迎接驶入的货轮。"))
    return Story(SOURCE, position, slug, title, tuple(blocks), (), decks=("副题",), dateline="本报讯 记者崔治报道",
                 credits=("锦州港提供",), meta=META)


def render(story, script=SIMPLIFIED, links=Links(), mates=None, titles=None):
    mates = mates or [story]
    return render_story(story, links, script, converter_for(script), mates, titles or titles_of(mates))


def split_front_matter(page: str) -> tuple[dict, str]:
    _, fields, body = page.split("---\n", 2)
    return yaml.safe_load(fields), body


def test_front_matter_has_the_fields_a_reader_cites():
    fields, _ = split_front_matter(render(make_story()))
    assert fields["title"] == "锦州建设辽西中心城市"
    assert (fields["language"], fields["source_file"], fields["source_sha256"], fields["position"]) == ("zh-Hans", "a.txt", "ab" * 32, 1)
    assert (fields["date"], fields["authors"], fields["deck"], fields["characters"]) == ("2023-03-09", ["崔治"], ["副题"], 20)


def test_traditional_page_is_converted_by_opencc():
    fields, body = split_front_matter(render(make_story(), TRADITIONAL))
    assert fields["title"] == "錦州建設遼西中心城市" and fields["places"] == ["錦州"]
    assert fields["language"] == "zh-Hant"
    assert "## 老舊小區煥然一新" in body
    assert '<strong class="dateline">本報訊 記者崔治報道</strong>' in body


def test_parts_render_in_their_places():
    _, body = split_front_matter(render(make_story()))
    assert '<p class="deck">副题</p>' in body
    assert '<p id="p3" class="caption">锦州港迎接驶入的货轮。</p>' in body
    assert '<p class="credits">锦州港提供</p>' in body


def test_markdown_and_html_in_a_scan_are_shown_as_text():
    _, body = split_front_matter(render(make_story()))
    assert "<script>" not in body
    assert "# 不是标题 &lt;script&gt;alert(1)&lt;/script&gt; *不是强调* | 不是表格</p>" in body
    heading = render(make_story(title="*粗* <b>x</b> [链](y)"))
    assert r"# \*粗\* &lt;b&gt;x&lt;/b&gt; \[链\]\(y\)" in heading
    fields, _ = split_front_matter(render(make_story(title="</title><script>alert(1)</script>")))
    assert fields["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"  # the theme prints it raw


def test_the_source_page_is_verbatim_escaped_and_never_converted():
    page = render_source(SOURCE, TRADITIONAL, converter_for(TRADITIONAL))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *强调* | 表格</pre>" in page
    assert "# 标题\n" in page.split('<pre class="source-text">')[1]


def test_parallels_link_to_the_other_paragraph_anchor():
    links = Links((Parallel("a-1", 1, "b-1", 3, 1.0),))
    page = render(make_story(), links=links, titles={"a-1": ("本篇", "zh-Hans"), "b-1": ("另一篇", "zh-Hans")})
    assert "此段亦见于：[另一篇](b-1.md#p4)" in page


def test_stories_of_a_page_link_to_each_other_in_page_order():
    one, two, three = (make_story(f"a-{n}", f"第{n}篇", position=n) for n in (1, 2, 3))
    page = render(two, mates=[one, two, three])
    assert "## 同版文章\n\n1. [第1篇](a-1.md)\n3. [第3篇](a-3.md)\n" in page


def test_a_script_has_home_browse_pages_story_and_source_pages():
    stories = [make_story("a-1"), make_story("a-2", position=2)]
    pages = dict(render_script(stories, Links(), TRADITIONAL))
    assert sorted(pages) == ["browse.md", "browse/2023-03.md", "columns.md", "index.md", "notices.md", "people.md",
                             "people/C.md", "places.md", "places/J.md", "stories/a-1.md", "stories/a-2.md"]  # the scan: once, in the root script
    assert "(../stories/a-1.md)" in pages["browse/2023-03.md"] and "(../stories/a-2.md)" in pages["browse/2023-03.md"]
    assert "## 錦州\n\n" in pages["places/J.md"] and "## 2023\\-03\\-09" in pages["browse/2023-03.md"]
    assert pages["places/J.md"].count("(../stories/a-1.md)") == 1  # once per place it mentions
    assert "(places/J.md)" in pages["places.md"] and "(browse/2023-03.md)" in pages["browse.md"]


def test_listing_pages_are_bounded_and_linked_in_sequence():
    stories = [make_story(f"a-{n}", position=n) for n in range(1, 2 * LISTINGS.listing_page + 2)]
    pages = dict(render_script(stories, Links(), TRADITIONAL))
    month = [pages[f"browse/2023-03{suffix}.md"] for suffix in ("", "-2", "-3")]
    assert [page.count("](../stories/") for page in month] == [LISTINGS.listing_page, LISTINGS.listing_page, 1]
    assert "(2023-03-2.md)" in month[0] and "(2023-03.md)" in month[1] and "(2023-03-3.md)" in month[1]
    assert "browse/2023-03-4.md" not in pages
    assert pages["index.md"].count("](stories/") == LISTINGS.home_latest  # the home page shows the newest, not every story


def test_corrections_list_every_change_with_repeats_grouped():
    from build_tools.model import Change

    changes = (Change("widen_punctuation", 0, 1, ",", "，", "half-width , in Chinese text", source_start=3),
               Change("widen_punctuation", 5, 6, ",", "，", "half-width , in Chinese text", source_start=9),
               Change("normalise_paragraph_breaks", 7, 10, "\n\n\n", "\n\n", "r", source_start=12),
               Change("flag_unbalanced", 0, 0, "", "", "本段的“”不成对", source_start=20, flag=True))
    story = make_story()
    story = Story(**{**story.__dict__, "changes": changes})
    page = render(story)
    assert '<span class="rule">半角标点改全角</span> ×2' in page and "@3, @9" in page
    assert "本段的“”不成对" in page
    assert "改动 2 处，存疑 1 处，版式调整 1 处" in page


def test_a_heading_with_nothing_under_it_heads_no_empty_section():
    blocks = (Block("heading", "振兴路 铿锵行"), Block("heading", "积蓄奋进力量"), Block("paragraph", "今日锦州，美不胜收。"),
              Block("heading", "为实现上述目标"), Block("subheading", "► 坚持党的领导"), Block("paragraph", "正文。"),
              Block("subheading", "► 强化管理"), Block("heading", "末尾的标题"))
    page = render(make_story(blocks=blocks))
    assert '<p class="kicker">振兴路 铿锵行</p>' in page and "## 积蓄奋进力量" in page
    assert "## 为实现上述目标" in page and "### ► 坚持党的领导" in page  # a section of sub-sections is not empty
    assert '<p class="kicker">► 强化管理</p>' in page and '<p class="kicker">末尾的标题</p>' in page


def test_notices_and_adverts_are_listed_apart_from_the_news():
    notice = replace(make_story("n-1", title="誌謝"), meta=replace(META, kind="notice"))
    advert = replace(make_story("d-1", title="定報價格", position=3), meta=replace(META, kind="advert"))
    pages = dict(render_script([make_story("a-1"), notice, advert], Links(), TRADITIONAL))
    assert "(../stories/a-1.md)" in pages["browse/2023-03.md"] and "n-1" not in pages["browse/2023-03.md"]
    listed = pages["notices/2023-03.md"]
    assert "(../stories/n-1.md)" in listed and "(../stories/d-1.md)" in listed and "a-1" not in listed
    assert "(notices/2023-03.md)" in pages["notices.md"] and "n-1" not in pages["index.md"]
    assert "啓事" in pages["stories/n-1.md"] and "廣告" in pages["stories/d-1.md"]  # typed on its page
    empty = dict(render_script([make_story("a-1")], Links(), TRADITIONAL))["notices.md"]
    assert "暫無廣告與啓事" in empty


def test_an_index_lists_a_story_without_its_length_so_an_edit_of_its_text_leaves_the_index_as_it_was():
    """A story is listed under every name it prints: its length is on its own page and in the month's
    listing, not in the indexes, whose pages an edit that changes only the text's length does not touch."""
    from build_tools.render import converter_for as convert_for, render_index, render_listing_pages

    story = replace(make_story(), meta=replace(META, places=("锦州市", "大连"), people=("崔治",), characters=480))
    other = replace(make_story("b-1", "大连港开通新航线", position=2), meta=replace(story.meta, characters=300))
    longer = replace(story, meta=replace(story.meta, characters=520))
    for name in ("places", "people"):
        before, after = (render_index([s, other], SIMPLIFIED, convert_for(SIMPLIFIED), name) for s in (story, longer))
        assert before == after and any("](../stories/" in page for page in before.values())
        assert not any("480" in page or "300" in page for page in before.values())
        lines = [line for page in before.values() for line in page.splitlines() if "](../stories/" in line]
        assert lines and all(line.startswith("- [") and line.count("](../stories/") == 1 for line in lines)
    month = render_listing_pages("browse", "2024-03", "2024年3月", [("", story)], SIMPLIFIED, convert_for(SIMPLIFIED))
    lines = [line for page in month.values() for line in page.splitlines() if "](../stories/" in line]
    assert len(lines) == 1 and lines[0].startswith("- [") and lines[0].endswith("480 字")


def test_a_story_page_shows_its_first_names_and_the_rest_behind_a_more_every_name_on_the_page():
    """Every name a story prints is kept (issue 23); the page shows the first LISTINGS.names_shown of a kind and
    the others in a <details> after them, so a story that names fifty places does not bury its facts."""
    places = tuple(f"{city}市" for city in "锦大沈鞍营盘丹本抚铁阜辽长吉通白松延四平")
    story = replace(make_story(), meta=replace(META, places=places))
    _, body = split_front_matter(render(story))
    facts = next(line for line in body.splitlines() if line.startswith("- **地点**"))
    shown, _, rest = facts.partition("<details")
    assert all(place in shown for place in places[:LISTINGS.names_shown])
    assert all(place not in shown and place in rest for place in places[LISTINGS.names_shown:])
    assert f"另 {len(places) - LISTINGS.names_shown} 个" in rest and rest.endswith("</details>") and "more-names" in rest
    few = replace(make_story(), meta=replace(META, places=places[:3]))
    assert "more-names" not in split_front_matter(render(few))[1]
