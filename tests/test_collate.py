"""Collation on small constructed groups: misreads in each scan, different
paragraph splits, text only one scan has, and a third version's majority."""

from __future__ import annotations

from build_tools.collate import CharModel, collate
from build_tools.model import Block, Source, Story, StoryMeta, VersionGroup

TRUE = ["锦州港是东北地区重要的出海口，今年货物吞吐量稳步增长。",
        "全市共划分2247个城市网格，同步组建网格党支部1336个。",
        "社会事业全面进步，城镇新增就业1.84万人。"]
# The archive's own text: other stories, printed right, that the model learns from.
ARCHIVE = ["锦州港货物吞吐量稳步增长，出海口作用明显。", "城市网格党支部推动基层治理。", "城镇新增就业人数增长，社会事业全面进步。"] * 3


def version(slug: str, paragraphs: list[str], changes=()) -> Story:
    source = Source(name=f"{slug}.txt", text="", sha256="0" * 64, encoding="utf-8")
    return Story(source, 1, slug, "标题", tuple(Block("paragraph", p) for p in paragraphs), tuple(changes),
                 meta=StoryMeta(title="标题"))


def reading(*stories: Story):
    group = VersionGroup(tuple(s.slug for s in stories))
    model = CharModel([*ARCHIVE, *("".join(b.text for b in s.blocks) for s in stories)])
    return collate(group, {s.slug: s for s in stories}, model)


def test_a_misread_in_each_scan_is_read_right_in_both_places():
    a = version("a", [TRUE[0].replace("吞吐量", "吞叶量"), *TRUE[1:]])
    b = version("b", [TRUE[0], TRUE[1].replace("网格党支部", "网恪党支部"), TRUE[2]])
    collation = reading(a, b)
    assert collation.paragraphs == tuple(TRUE)
    assert len(collation.variants) == 2
    for variant in collation.variants:  # on record: where, the readings and who gives each, why
        assert collation.paragraphs[variant.paragraph][variant.offset:variant.offset + variant.length] == variant.chosen
        assert {slugs for _, slugs in variant.readings} == {("a",), ("b",)} and variant.evidence


def test_different_paragraph_splits_align_and_give_each_passage_once():
    a = version("a", ["".join(TRUE[:2]), TRUE[2].replace("就业", "就亚")])
    b = version("b", list(TRUE))
    collation = reading(a, b)
    text = "".join(collation.paragraphs)
    assert text == "".join(TRUE)  # nothing twice, the misread mended
    assert [(v.chosen, dict(v.readings)["亚"]) for v in collation.variants] == [("业", ("a",))]


def test_text_only_one_scan_has_is_kept_and_marked():
    extra = "记者从市港航局获悉，新航线将于下月开通。"
    a = version("a", list(TRUE))
    b = version("b", [TRUE[0], extra, *TRUE[1:]])
    collation = reading(a, b)
    assert extra in collation.paragraphs and set(collation.paragraphs) >= set(TRUE)
    marked = collation.only[collation.paragraphs.index(extra)]
    assert marked == ("b",)
    assert all(collation.only[collation.paragraphs.index(p)] == () for p in TRUE)


def test_a_third_version_decides_by_majority():
    wrong = TRUE[2].replace("1.84万人", "1.34万人")
    a, b, c = version("a", [*TRUE[:2], wrong]), version("b", list(TRUE)), version("c", list(TRUE))
    collation = reading(a, b, c)
    assert collation.paragraphs[2] == TRUE[2]
    (variant,) = collation.variants
    assert "多数" in variant.evidence and set(dict(variant.readings)["8"]) == {"b", "c"}
