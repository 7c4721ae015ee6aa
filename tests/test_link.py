"""Versions and parallels: found on evidence, and nothing else."""

import random
from dataclasses import replace

import pytest

from bench.corpus import paragraph
from bench.link_corpus import planted, score

from build_tools.link import (
    DEFAULT_CONFIG,
    containment,
    find_links,
    find_parallels,
    find_versions,
    prose_text,
    shingles,
)
from build_tools.model import Block, Change, Source, Story, StoryMeta

BASE = ["锦州充分发挥锦州港在东北陆海新通道的枢纽和门户作用，全面提升锦州港的航运枢纽地位，拓展国际航线。",
        "筑巢引凤，花开蝶来。今年7月，锦州围绕打造物流交通枢纽城市开展招商，完成了7个项目签约。",
        "项目建设重在落实。8月16日，首届中欧班列在内蒙古自治区锡林郭勒盟珠恩嘎达布其口岸顺利通关。"]
OTHER = ["北镇市抢抓前沿赛道，构建以业态提升、农文旅融合为突破点的全要素旅游产业体系，发展青岩寺景区。",
         "义县做好结构调整三篇文章，聚焦改造升级老字号，推动机电装备产业提质增效，力争早日开工建设。"]


def story(slug, paragraphs, people=(), changes=()):
    source = Source(name=f"{slug}.txt", text="", sha256="0" * 64, encoding="utf-8")
    blocks, offset = [], 0
    for text in paragraphs:
        blocks.append(Block("paragraph", text, offset, offset + len(text)))
        offset += len(text) + 2
    return Story(source, 1, slug, slug, tuple(blocks), tuple(changes), meta=StoryMeta(people=tuple(people)))


def test_two_scans_of_one_story_form_a_group_and_other_stories_do_not():
    scan = [p.replace("，", ",") for p in BASE[:2]] + [BASE[2].replace("通关", "通美")]
    groups = find_versions([story("a", BASE), story("b", scan), story("c", OTHER)])
    assert [g.slugs for g in groups] == [("a", "b")]
    assert 0.8 < groups[0].similarity[("a", "b")] <= 1


def test_a_chain_of_versions_is_not_one_group():
    """Windows of three paragraphs, each sliding one on: neighbours are versions,
    stories two apart are not, so no group may hold them all."""
    rng = random.Random(7)
    paragraphs = [paragraph(rng) for _ in range(7)]
    chain = [story(f"s{n}", paragraphs[n:n + 3]) for n in range(5)]
    similar = {(a.slug, b.slug) for a in chain for b in chain
               if a.slug < b.slug and containment(shingles(prose_text(a)), shingles(prose_text(b))) >= DEFAULT_CONFIG.version_containment}
    assert similar == {("s0", "s1"), ("s1", "s2"), ("s2", "s3"), ("s3", "s4")}  # a chain, as intended
    groups = find_versions(chain)
    assert groups and all(len(g.slugs) < len(chain) for g in groups)
    assert all(pair in similar for g in groups for pair in g.similarity)


def test_a_shared_passage_links_both_ways_at_its_paragraph():
    shared = BASE[0]
    links = find_links([story("a", BASE), story("b", OTHER + [shared.replace("锦州港", "锦洲港", 1)])])
    assert [(p.slug, p.paragraph, p.other_slug, p.other_paragraph) for p in links.parallels] == [("a", 0, "b", 2), ("b", 2, "a", 0)]


def test_the_same_figures_or_the_same_rare_person_link_different_wording():
    figures = "去年锦州城镇新增就业1.84万人，发放稳岗资金2259万元，惠及企业2591户，稳定岗位5.9万个。"
    reworded = "城镇新增就业1.84万人，城镇登记失业率控制在4.65%。发放稳岗资金2259万元，惠及企业2591户。"
    links = find_links([story("a", [figures] + BASE[1:]), story("b", OTHER + [reworded])])
    assert {(p.slug, p.other_slug) for p in links.parallels} == {("a", "b"), ("b", "a")}
    person_a = "说起小区的变化，在锦州市五里营子小区生活了36年的刘长毅老人兴奋之情溢于言表，小区焕然一新。"
    person_b = "五里营子小区居民刘长毅边说边拉着记者的手，让记者一定进屋看看，现在屋里有23度，真暖和。"
    links = find_links([story("a", [person_a] + BASE[1:], people=["刘长毅"]), story("b", OTHER + [person_b], people=["刘长毅"])])
    assert {(p.slug, p.other_slug) for p in links.parallels} == {("a", "b"), ("b", "a")}


def test_set_phrases_and_boilerplate_link_nothing():
    phrase = "路虽远，行则将至；事虽难，做则必成。新时代东北振兴，是全面振兴、全方位振兴。"
    stories = [story("a", BASE + [phrase]), story("b", OTHER + ["道虽远，行则将至；事虽难，做则必成。锦州正在渤海湾畔强势崛起。"])]
    assert find_links(stories).parallels == ()
    boilerplate = "本报讯 为深入贯彻落实全面振兴新突破三年行动部署，推动高质量发展，全市上下凝心聚力、攻坚克难。"
    rng = random.Random(3)
    many = [story(f"s{n}", [boilerplate, paragraph(rng)]) for n in range(12)]
    assert find_parallels(many, []) == []


def test_a_group_gets_its_reading_text_and_every_variant_on_record():
    clean, noisy = story("a", BASE), story("b", [p.replace("，", ",") for p in BASE],
                                            changes=[Change("widen_punctuation", 0, 1, ",", "，", "r", source_start=5)])
    (group,) = find_links([clean, noisy]).groups
    collation = group.collation
    assert collation.paragraphs == tuple(BASE)  # the full-width comma: the archive's own text writes it
    assert collation.variants and all(v.chosen == "，" for v in collation.variants)
    assert all({text for text, _ in v.readings} == {"，", ","} for v in collation.variants)


def test_precision_and_recall_on_a_planted_set():
    stories, versions, parallels = planted(400, seed=5)
    groups = find_versions(stories)
    found_versions = {tuple(sorted((a, b))) for g in groups for a in g.slugs for b in g.slugs if a < b}
    found_parallels = {tuple(sorted((p.slug, p.other_slug))) for p in find_parallels(stories, groups)}
    assert score(found_versions, {tuple(sorted(v)) for v in versions}) == (1.0, 1.0)
    precision, recall = score(found_parallels, parallels)
    assert precision >= 0.95 and recall >= 0.95


def test_what_linking_worked_out_is_kept_from_the_last_build_gives_the_same_links_and_only_this_builds_is_kept(tmp_path):
    """link.LinkMemo: a build after an edit works out again only what the edit touched (signatures, pairs,
    collations); its links are the links made afresh, the record holds what this build used (an edited
    story's old text is dropped), and an unreadable record is as none."""
    import pickle

    from build_tools.link import LinkMemo

    stories, _, _ = planted(120, seed=7)
    record = tmp_path / "memo.pickle"
    fresh = find_links(stories)
    assert fresh.groups and all(group.collation for group in fresh.groups) and fresh.parallels
    assert find_links(stories, memo=LinkMemo(record)) == fresh
    first = pickle.loads(record.read_bytes())
    assert {key[0] for key in first} == {"signature", "version", "containment", "collation"}
    assert find_links(stories, memo=LinkMemo(record)) == fresh  # everything read back
    edited = [story(stories[0].slug, ["编者按：本文有删节。", *(b.text for b in stories[0].blocks)]), *stories[1:]]
    assert find_links(edited, memo=LinkMemo(record)) == find_links(edited)
    second = pickle.loads(record.read_bytes())
    assert len(set(second) - set(first)) >= 1 and len(set(first) - set(second)) >= 1  # the old text's went
    record.write_bytes(b"not a pickle")
    assert find_links(stories, memo=LinkMemo(record)) == fresh


def test_a_collation_kept_from_the_last_build_is_read_back_whatever_objects_the_stories_are(tmp_path, monkeypatch):
    """The memo names a group's collation by its content: stories read back another way (each pickled apart,
    as another process reads them from the cache) find it, and no group is collated again."""
    import pickle

    from build_tools import link
    from build_tools.link import LinkMemo

    stories, _, _ = planted(120, seed=7)
    record = tmp_path / "memo.pickle"
    fresh = find_links(stories, memo=LinkMemo(record))
    assert fresh.groups
    calls = []
    monkeypatch.setattr(link, "collate", lambda *args: calls.append(args) or pytest.fail("collated again"))
    read_back = [pickle.loads(pickle.dumps(story)) for story in stories]
    assert find_links(read_back, memo=LinkMemo(record)) == fresh and calls == []


NOTICE = "锦州港集团发布通告，锦州港港区东路将于下周一起封闭施工一个月，过往车辆须绕行锦州港疏港路。"


@pytest.mark.parametrize("page", ["another page", "a version's own page"])
def test_a_paragraph_one_scan_ran_in_from_a_story_of_another_page_is_not_read_into_the_group(page):
    """One scan's page ran a notice (of the same town and port: words in common) into
    the story; another story of the archive prints that notice. From another page,
    it is that story's text, and the reading text leaves it out; from the page of
    one of the versions, it is more likely the rest of that version, cut from it by
    the segmenter, and it is kept as text only one scan has."""
    clean = story("a", BASE)
    run_in = story("b", [*BASE, NOTICE], changes=[Change("widen_punctuation", 0, 1, ",", "，", "r", source_start=5)])
    notice = story("c", [NOTICE, *OTHER])
    if page != "another page":
        notice = replace(notice, source=clean.source)
    (group,) = find_links([clean, run_in, notice]).groups
    assert group.slugs == ("a", "b")
    assert (NOTICE in group.collation.paragraphs) == (page != "another page")
