"""The search index (build_tools/search.py): what the browser's matcher relies on."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from build_tools import search
from build_tools.words import converter_for
from build_tools.search import (
    Postings,
    SearchConfig,
    decode_all,
    encode,
    entries,
    fold,
    index_page,
    merge,
    pairs,
    render_search,
    search_order,
    search_plan,
    shard,
    shard_of,
    searched_text,
)
from build_tools.settings import SCRIPTS

TO_TRADITIONAL = converter_for(SCRIPTS[1])


def read_script_file(text: str):
    name, data = re.fullmatch(r"archiveSearch\.receive\((\"[^\"]*\"),(.*)\);\n", text, re.S).groups()
    return json.loads(name), json.loads(data)


def test_a_story_and_its_traditional_twin_fold_to_one_text(seed_stories):
    for story in seed_stories:
        text = searched_text(story)
        assert fold(TO_TRADITIONAL(text)) == fold(text), story.slug
        assert len(fold(text)) == len(text)  # character for character: positions hold in either script


def test_folding_joins_full_width_and_case_and_keeps_other_characters():
    assert fold("ＡＰＥＣ２０２３年 Apec 後來") == "apec2023年 apec 后来"
    assert fold("。“”、") == "。“”、"


def test_pairs_never_span_punctuation_or_spaces_and_count_characters():
    assert pairs("中国，人民 APEC") == {"中国": [0], "人民": [3], "ap": [6], "pe": [7], "ec": [8]}
    assert pairs("𠀋𠀋𠀋") == {"𠀋𠀋": [0, 1]}  # positions in code points, as the browser counts them


def test_numbers_survive_encoding_at_every_size():
    numbers = [0, 1, 31, 32, 1023, 1024, 4095, 4096, 4097, 1_000_000, 2**31]
    assert decode_all("".join(encode(n) for n in numbers)) == numbers


def test_postings_hold_gaps_counts_title_lengths_and_positions():
    postings = Postings()
    postings.add(3, entries("锦州港口：锦州", title_length=4))
    postings.add(10, entries("到锦州"))
    assert decode_all(postings.joined()["锦州"]) == [4, 2 * 2 + 1, 4, 0, 5, 7, 2, 1]


def test_pairs_spread_over_a_power_of_two_of_shards_by_their_hash():
    texts = {chr(0x4E00 + i) + chr(0x4E00 + 2 * i): "A" * 50 for i in range(100)} | {"𠀋字": "B" * 50}
    shards = shard(texts, {"ab": "C" * 10}, SearchConfig(shard_chars=400))
    assert len(shards) == 16  # 5,060 characters of postings / 400, up to a power of two
    for number, content in enumerate(shards):
        assert all(shard_of(pair, 16) == number for pair in content)
    assert sum(len(content) for content in shards) == 102
    assert shards[shard_of("ab", 16)]["ab"] == ["", "C" * 10]
    assert shard_of("中国", 1 << 31) == 0x56E2761F % (1 << 31)  # FNV-1a of the UTF-16 units 0x4E2D 0x56FD


def test_a_pages_stories_are_numbered_together_newest_page_first(seed_stories):
    ordered = search_order(seed_stories)
    assert sorted(s.slug for s in ordered) == sorted(s.slug for s in seed_stories)
    names = [s.source.name for s in ordered]
    assert all(names.index(name) + names.count(name) - 1 == len(names) - 1 - names[::-1].index(name) for name in names)
    dated = [s.meta.date for s in ordered if s.meta.dated]
    assert dated == sorted(dated, reverse=True)


def test_the_index_is_the_same_from_cached_page_parts_merged_in_runs_or_made_afresh(seed_stories):
    by_page = {}
    for story in seed_stories:
        by_page.setdefault(story.source.name, []).append(story)
    cached = {name: index_page(stories) for name, stories in by_page.items()}
    plan = search_plan(search_order(seed_stories))
    runs = [plan[:2], plan[2:]]  # two cores' runs of consecutive pages
    segments = [merge((page, cached[page.name]) for page in run) for run in runs]
    assert list(render_search(seed_stories, segments)) == list(render_search(seed_stories))
    page = plan[0]
    assert cached[page.name].covers(page.positions)
    assert not cached[page.name]._replace(stories={}).covers(page.positions)  # a stale part is made again


def test_records_and_facets_say_what_a_result_shows_in_each_script(seed_stories):
    files = dict(render_search(seed_stories))
    ordered = search_order(seed_stories)
    _, meta = read_script_file(files["search/meta.js"])
    assert meta["stories"] == len(ordered)
    for number, story in enumerate(ordered):
        _, simplified = read_script_file(files[f"search/zh/{number}.js"])
        _, traditional = read_script_file(files[f"search/zh-Hant/{number}.js"])
        assert simplified["slug"] == traditional["slug"] == story.slug
        assert (simplified["title"], traditional["title"]) == (story.title, TO_TRADITIONAL(story.title))
        assert simplified["scan"] == story.source.name
    papers = [names["zh"] for names in meta["facets"]["p"]]
    for index, paper in enumerate(papers):
        _, numbers = read_script_file(files[f"search/f/p{index}.js"])
        members = {n for n, story in enumerate(ordered) if story.meta.paper == paper}
        running, found = -1, set()
        for gap in decode_all(numbers):
            running += gap
            found.add(running)
        assert found == members


@pytest.mark.parametrize("text", ["", "，。", "a"])
def test_a_story_without_two_searchable_characters_indexes_nothing(text):
    assert entries(text) == {}


def test_a_story_edited_in_place_changes_only_its_own_part(seed_stories):
    story = seed_stories[3]
    edited = replace(story, blocks=story.blocks[:-1])
    assert index_page([edited]).stories[edited.position] != index_page([story]).stories[story.position]


def test_the_scans_part_holds_what_the_cleaned_text_does_not(seed_stories):
    page = [s for s in seed_stories if s.source.name == seed_stories[0].source.name]
    scan = page[0].source.text
    residue = search.scan_residue(scan, page)
    assert len(residue) == len(scan)
    cleaned = fold("\n".join(searched_text(s) for s in page))
    for run in re.finditer(r"[^\W_]{2,}", fold(scan)):  # (a lone character makes no pair)
        kept = residue[run.start():run.end()]
        assert kept == (" " * len(run.group()) if run.group() in cleaned else run.group())
    assert 0 < len(residue.replace(" ", "")) < len(scan) / 2  # misreads and furniture, not the whole scan


def test_the_shipped_fold_table_is_what_opencc_and_jiebas_dictionary_give():
    """fold_table reads the table shipped in build_tools/data (deriving it is 2 s of every process that
    cleans or indexes); after an upgrade of OpenCC or jieba, or a new OLD_FORMS entry, this fails until
    `.venv/bin/python -c "from build_tools.search import write_fold_table; write_fold_table()"` ships it again."""
    from build_tools.search import derive_fold_table, fold_table

    assert list(fold_table().items()) == list(derive_fold_table().items())
