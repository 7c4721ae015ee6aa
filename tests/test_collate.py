"""Collation on small constructed groups: misreads in each scan, different
paragraph splits, text only one scan has, and a third version's majority; and
on real reports scanned twice, one scan read out of order."""

from __future__ import annotations

import functools
import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from build_tools.collate import DEFAULT_CONFIG, CharModel, choose_spine, collate, order_breaks
from build_tools.model import Block, Change, Source, Story, StoryMeta, VersionGroup

TRUE = ["锦州港是东北地区重要的出海口，今年货物吞吐量稳步增长。",
        "全市共划分2247个城市网格，同步组建网格党支部1336个。",
        "社会事业全面进步，城镇新增就业1.84万人。"]
# The archive's own text: other stories, printed right, that the model learns from.
ARCHIVE = ["锦州港货物吞吐量稳步增长，出海口作用明显。", "城市网格党支部推动基层治理。", "城镇新增就业人数增长，社会事业全面进步。"] * 3


def version(slug: str, paragraphs: list[str], changes=()) -> Story:
    source = Source(name=f"{slug}.txt", text="", sha256="0" * 64, encoding="utf-8")
    return Story(source, 1, slug, "标题", tuple(Block("paragraph", p) for p in paragraphs), tuple(changes),
                 meta=StoryMeta())


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
    # a paragraph the other scan lost: of the story's subject (锦州港, 吞吐量)
    extra = "记者从锦州港获悉，港口新开辟的集装箱航线将于下月开通，吞吐量有望继续增长。"
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


def test_the_dateline_is_collated_at_the_head_of_the_first_paragraph():
    dateline = "本报锦州1月5日电 记者崔治报道"
    a = version("a", list(TRUE))
    b = version("b", list(TRUE))
    a = replace(a, dateline=dateline.replace("锦州", "锦卅"))
    b = replace(b, dateline=dateline)
    collation = reading(a, b)
    assert collation.paragraphs[0] == f"{dateline} {TRUE[0]}"  # not lost, and read right
    assert collation.kinds == ("paragraph",) * 3


@pytest.mark.parametrize("credit", ["", "（新华社发）"])
def test_a_sentence_the_spine_reads_twice_stands_once(credit):
    # a caption repeats a sentence of a longer paragraph (with its credit, or not); one scan
    # reads it into the middle of another paragraph, which the other scan's copy runs on without
    paragraphs = [TRUE[0], TRUE[1] + "选派党员干部下沉社区开展服务，网格员队伍达到八千余人。",
                  TRUE[2] + "全市居民人均可支配收入稳步提高，消费市场持续回暖。"]
    repeat = "全市居民人均可支配收入稳步提高，消费市场持续回暖。" + credit
    a = version("a", [paragraphs[0], paragraphs[1].replace("选派", repeat + "选派"), paragraphs[2]])
    b = version("b", paragraphs)
    group = VersionGroup(("a", "b"))
    collation = collate(group, {"a": a, "b": b}, CharModel([*ARCHIVE, *paragraphs]), spine="a")
    assert collation.paragraphs == tuple(paragraphs)
    (variant,) = collation.variants
    assert variant.chosen == "" and "别处已有" in variant.evidence


@pytest.mark.parametrize("spine", ["a", "b"])
def test_noise_and_a_headline_read_as_prose_are_no_new_text(spine):
    title = "锦州港今年货物吞吐量稳步增长"
    a = replace(version("a", list(TRUE)), title=title)
    # b: a scrap of noise, and the headline read as a paragraph (the other scan prints it as the title)
    b = replace(version("b", [TRUE[0], "了、，ak。。", title, *TRUE[1:]]), title="")
    group = VersionGroup(("a", "b"))
    model = CharModel([*ARCHIVE, *TRUE])
    collation = collate(group, {"a": a, "b": b}, model, spine=spine)
    assert collation.paragraphs == tuple(TRUE)


def test_a_caption_only_one_scan_prints_is_kept_as_a_caption():
    caption = "锦州港新建的集装箱码头。（新华社发）"
    a = version("a", list(TRUE))
    b = replace(version("b", list(TRUE)), blocks=(*version("b", TRUE[:1]).blocks, Block("caption", caption),
                                                  *version("b", TRUE[1:]).blocks))
    collation = reading(a, b)
    at = collation.paragraphs.index(caption)
    assert collation.kinds[at] == "caption" and collation.only[at] == ("b",)


def test_the_opening_words_the_spine_lost_are_kept():
    # the spine's scan lost the first line (the dateline and the opening words)
    opening = "本报锦州1月5日电 记者崔治报道："
    a = version("a", [TRUE[0][8:], *TRUE[1:]])
    b = version("b", [opening + TRUE[0], *TRUE[1:]])
    group = VersionGroup(("a", "b"))
    collation = collate(group, {"a": a, "b": b}, CharModel([*ARCHIVE, *TRUE]), spine="a")
    assert collation.paragraphs == (opening + TRUE[0], *TRUE[1:])



@pytest.mark.parametrize("subhead", ["港口建设提速", "“一带一路”新航线"])
def test_a_subhead_another_scan_reads_into_a_paragraph_is_not_added_to_the_prose(subhead):
    # the spine prints the subhead as a heading between two paragraphs; the other scan read it
    # into the head of the next paragraph, where it runs into no word of either side
    a = replace(version("a", list(TRUE)), blocks=(Block("paragraph", TRUE[0]), Block("heading", subhead),
                                                  *(Block("paragraph", p) for p in TRUE[1:])))
    b = version("b", [TRUE[0], subhead + TRUE[1], TRUE[2]])
    group = VersionGroup(("a", "b"))
    collation = collate(group, {"a": a, "b": b}, CharModel([*ARCHIVE, *TRUE]), spine="a")
    assert collation.paragraphs == tuple(TRUE)
    (variant,) = collation.variants
    assert variant.chosen == "" and "别处已有" in variant.evidence


def test_a_paragraphs_first_line_the_spine_took_for_a_heading_stays_prose():
    # the spine set its first paragraph's first line apart as a heading and lost a character at
    # the break, inside a word (…同步 | 建网格…, 组 lost); the other scan reads the line on: prose, kept
    paragraphs = ["目前，全市共划分2247个城市网格，同步组建网格党支部1336个，选派党员干部下沉社区开展服务。", *TRUE[::2]]
    cut = paragraphs[0].index("组")
    a = replace(version("a", paragraphs), blocks=(Block("heading", paragraphs[0][:cut]), Block("paragraph", paragraphs[0][cut + 1:]),
                                                  *(Block("paragraph", p) for p in paragraphs[1:])))
    b = version("b", paragraphs)
    group = VersionGroup(("a", "b"))
    collation = collate(group, {"a": a, "b": b}, CharModel([*ARCHIVE, *paragraphs]), spine="a")
    assert collation.paragraphs == tuple(paragraphs)


# ---- a version read out of order (issue 19)
#
# Tesseract reads a page's columns out of order now and then: a column's blocks after
# the next column's, or two columns line by line as if they were one. Real reports of
# the bench's corpus are scanned twice here: scan A in order, scan B out of order, each
# with misreads; B needed fewer corrections, so it is the spine the scans' corrections
# alone would pick.

NEWS = Path(__file__).parent / "bench" / "data" / "news_rmrb199801.jsonl"
MARKS = "，。、；：？！“”（）"


@functools.cache
def reports() -> tuple[tuple[str, ...], ...]:
    with open(NEWS, encoding="utf-8") as lines:
        return tuple(tuple(json.loads(line)["paragraphs"]) for line in lines)


def misread(paragraphs, rng: random.Random, rate: float, pool: str) -> list[str]:
    """Each character but a mark read as another Han character at `rate`."""
    return ["".join(rng.choice(pool) if char not in MARKS and rng.random() < rate else char for char in paragraph)
            for paragraph in paragraphs]


def out_of_order(paragraphs, rng: random.Random, how: str) -> list[str]:
    """The report set in 3-5 columns of about equal length (a column ends mid-sentence)
    and read with two neighbouring columns out of order: `swap`, the second column's
    block first (a paragraph breaks off at each block's end); `lines`, the two read line
    by line across both (8-16 characters a line), as one block."""
    text = "\n".join(paragraphs)
    size = -(-len(text) // rng.randint(3, 5))
    blocks = [text[i:i + size] for i in range(0, len(text), size)]
    n = rng.randrange(len(blocks) - 1)
    first, second = blocks[n], blocks[n + 1]
    if how == "swap":
        blocks[n:n + 2] = [second, first]
    else:
        width, first, second = rng.randint(8, 16), first.replace("\n", ""), second.replace("\n", "")
        blocks[n:n + 2] = ["".join(column[i:i + width] for i in range(0, max(len(first), len(second)), width)
                                   for column in (first, second))]
    return [paragraph for paragraph in "\n".join(blocks).split("\n") if paragraph]


def scanned(slug: str, paragraphs, corrections: int) -> Story:
    changes = tuple(Change("fix_confusables", 0, 1, "x", "y", "a misread mended") for _ in range(corrections))
    return replace(version(slug, list(paragraphs)), changes=changes)


def cer(text: str, truth: str) -> int:
    return Levenshtein.distance("".join(text.split()), "".join(truth.split()))


def archive(exclude) -> CharModel:
    return CharModel("".join(report) for report in reports() if report not in exclude)


def test_two_columns_read_line_by_line_are_not_the_spine():
    truth = reports()[42]
    b = scanned("b", out_of_order(truth, random.Random(1), "lines"), corrections=0)
    a = scanned("a", truth, corrections=3)
    assert order_breaks(b, [a]) >= DEFAULT_CONFIG.order_min and order_breaks(a, [b]) == 0
    collation = collate(VersionGroup(("a", "b")), {"a": a, "b": b}, archive([truth]))
    assert collation.spine == "a"
    assert "".join(collation.paragraphs) == "".join(truth)  # nothing of b's order, nothing twice


@pytest.mark.parametrize("how", ["swap", "lines"])
def test_a_scan_read_out_of_order_never_makes_the_reading_worse_than_the_worse_scan(how):
    rng = random.Random(19)
    chosen = rng.sample(reports(), 40)
    model = archive(chosen)
    pooled = {"a": 0, "b": 0, "collated": 0}
    for truth in chosen:
        pool = "".join(char for char in "".join(rng.choice(reports())) if "\u4e00" <= char <= "\u9fff")
        a = scanned("a", misread(truth, rng, 0.02, pool), corrections=5)
        b = scanned("b", misread(out_of_order(truth, rng, how), rng, 0.02, pool), corrections=1)
        collation = collate(VersionGroup(("a", "b")), {"a": a, "b": b}, model)
        gold = "".join(truth)
        errors = {"a": cer("".join(block.text for block in a.blocks), gold),
                  "b": cer("".join(block.text for block in b.blocks), gold),
                  "collated": cer("".join(collation.paragraphs), gold)}
        assert errors["collated"] <= max(errors["a"], errors["b"]), (truth[0][:20], errors, collation.spine)
        for name, edits in errors.items():
            pooled[name] += edits
    # the reading keeps the order of the scan read in order, and mends some of its misreads
    assert pooled["collated"] < pooled["a"], pooled


def test_scans_both_read_in_order_keep_the_spine_of_fewer_corrections():
    # no false alarm: two scans in one order, with misreads, give no evidence of a broken order
    rng = random.Random(7)
    for truth in rng.sample(reports(), 40):
        pool = "".join(char for char in "".join(rng.choice(reports())) if "\u4e00" <= char <= "\u9fff")
        a = scanned("a", misread(truth, rng, 0.03, pool), corrections=5)
        b = scanned("b", misread(truth, rng, 0.03, pool), corrections=1)
        assert order_breaks(a, [b]) == order_breaks(b, [a]) == 0
        assert choose_spine([a, b]) is b


def test_the_character_model_counts_every_unigram_bigram_and_trigram_of_its_sample():
    """CharModel counts trigrams and sums them for the shorter grams: the counts of counting each directly."""
    from collections import Counter

    texts = ["锦州港迎接驶入的货轮。", "古塔公园古朴美丽，", "", "乙", "2023年3月9日 本报讯"] * 3
    direct = Counter()
    for text in CharModel.sample(texts, budget=40):
        padded = f"\x02\x02{text}"
        for n in (1, 2, 3):
            direct.update(padded[i:i + n] for i in range(3 - n, len(padded) - n + 1))
    assert CharModel(texts, budget=40).counts == direct and sum(direct.values()) > 0


def test_of_scans_needing_as_many_corrections_the_one_printing_a_sentence_twice_is_not_the_spine():
    # a caption (or a pull quote) that repeats one of the story's sentences, read by one
    # scan as a paragraph: that scan has more prose, and its reading would keep the copy
    rng = random.Random(11)
    cases = 0
    for truth in rng.sample(reports(), 60):
        sentences = [s for paragraph in truth for s in re.findall("[^。！？]{12,}[。！？]", paragraph)]
        if not sentences or len(truth) < 2:
            continue
        quoted = rng.choice(sentences)
        at = rng.randrange(1, len(truth))
        a = scanned("a", [*truth[:at], quoted, *truth[at:]], corrections=3)
        b = scanned("b", list(truth), corrections=3)
        for versions in ([a, b], [b, a]):
            assert choose_spine(versions) is b
        cases += 1
    assert cases >= 40


@pytest.mark.parametrize("misread, printed", [
    # a bracket that pairs with its partner where it stands is printed; the engine's 〈 for （ is not,
    # even where another bracket of the paragraph is misread too
    ("俄罗斯队〈11金3银3铜），澳大利亚队〈7金8银10铜）。", "俄罗斯队（11金3银3铜），澳大利亚队〈7金8银10铜）。"),
    # a quotation mark closes only what was opened after the last one closed
    ("他说“炼金术”就是一个人”的勤劳和智慧。", "他说“炼金术”就是一个人的勤劳和智慧。"),
    # no pause mark splits a word of the dictionary
    ("来自美国、英国、法国、意，大利等国的选手参赛。", "来自美国、英国、法国、意大利等国的选手参赛。"),
    # beside a digit, the digit an engine reads as ] or I
    ("全县民事纠纷调解率达I00%。", "全县民事纠纷调解率达100%。"),
], ids=["bracket", "quotation", "comma in a word", "digit"])
def test_where_two_scans_differ_in_a_mark_or_a_digit_the_printed_one_is_read(misread, printed):
    # the misreading in either scan: the spine (fewer corrections, and the tie-break) or the other
    for fewer, more in ((misread, printed), (printed, misread)):
        a = scanned("a", [TRUE[0], fewer], corrections=1)
        b = scanned("b", [TRUE[0], more], corrections=4)
        assert reading(a, b).paragraphs[1] == printed, fewer


def test_a_full_stop_after_a_full_stop_is_a_speck():
    a = scanned("a", [TRUE[0], "这部影片受到各界的好评。"], corrections=1)
    b = scanned("b", [TRUE[0], "这部影片受到各界的好评。。"], corrections=4)
    (variant,) = reading(a, b).variants
    assert variant.chosen == "" and dict(variant.readings)["。"] == ("b",)


def test_a_mark_of_a_pair_counts_as_printed_only_where_it_pairs():
    from build_tools.collate import _marks_score

    # the paragraph's other bracket misread (〈7金…）) does not make the right one look unpaired
    before, after = "俄罗斯队", "11金3银3铜），澳大利亚队〈7金8银10铜）。"
    assert _marks_score("（", before, after) > _marks_score("〈", before, after)
    # a closing quotation mark after one that already closed is a speck, whatever the paragraph's count
    before, after = "他说“炼金术”就是一个人", "的勤劳和智慧，“点石成金"
    assert _marks_score("”", before, after) < _marks_score("", before, after)


def test_another_storys_paragraphs_another_scan_ran_in_are_not_added():
    # the other scan's page ran the next report into this one: paragraphs on another subject than
    # the text the versions share are that report's, not lines the spine lost
    story = ["锦州港是东北地区重要的出海口，今年锦州港货物吞吐量稳步增长，集装箱航线增加到二十条。",
             "锦州港集团负责人介绍，港口今年新建两个集装箱泊位，吞吐量有望突破一亿吨，航线覆盖东南亚。"]
    other = ["市教育局近日发布通知，全市中小学将于下周起推行课后延时服务，家长可自愿为孩子报名。",
             "课后服务以作业辅导和体育、艺术社团活动为主，学校不得借此集体补课或讲授新课。"]
    lost = "锦州港还将开通至釜山的集装箱航线，港口吞吐量和航线数量都将再创新高。"
    a = scanned("a", story, corrections=1)
    b = scanned("b", [story[0], lost, story[1], *other], corrections=4)
    # the lost paragraph, of the story's subject, is kept; the other report's are not
    assert list(reading(a, b).paragraphs) == [story[0], lost, story[1]]
