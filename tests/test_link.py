from build_tools.link import find_links
from build_tools.model import Block, Source, Story

SHARED = "五里营子小区的居民说，如今小区的路平了，灯亮了，住着更舒心了，我们都很满意。"


def story(slug: str, *paragraphs: str) -> Story:
    source = Source(name=f"{slug}.txt", text="", sha256="0" * 64, encoding="utf-8")
    return Story(source, 1, slug, slug, tuple(Block("paragraph", p) for p in paragraphs), ())


def test_a_shared_paragraph_links_both_ways_despite_punctuation_differences():
    links = find_links([
        story("a", "开头不同的一段，讲述别的事情，与另一篇没有任何关系，长度也足够长。", SHARED),
        story("b", SHARED.replace("，", ",")),
    ])
    assert [(p.slug, p.paragraph, p.other_slug, p.other_paragraph) for p in links.parallels] == [
        ("a", 1, "b", 0),
        ("b", 0, "a", 1),
    ]


def test_short_set_phrases_and_paragraphs_within_one_story_are_not_linked():
    links = find_links([story("a", "锦州步履铿锵！", "锦州步履铿锵！"), story("b", "锦州步履铿锵！")])
    assert links.parallels == ()
    assert find_links([story("a", SHARED, SHARED)]).parallels == ()
