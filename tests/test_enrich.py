from build_tools.enrich import count_chars, enrich
from build_tools.model import Block, Change, Source, Story

SOURCE = Source(name="a.txt", text="", sha256="0" * 64, encoding="utf-8")


def test_counts_chinese_characters_only():
    assert count_chars("锦州港2023年投资5G, 建設。") == 8


def test_metadata_counts_reading_time_and_cleaning_summary():
    changes = (
        Change("widen_punctuation", 0, 1, ",", "，", "r"),
        Change("widen_punctuation", 5, 6, ":", "：", "r"),
        Change("flag_unbalanced", 9, 9, "", "", "r", flag=True),
    )
    story = Story(SOURCE, 1, "a-1", "标题", (Block("paragraph", "字" * 1198),), changes)
    meta = enrich(story).meta
    assert meta["characters"] == 1200
    assert meta["reading_minutes"] == 3
    assert meta["cleaning"] == {"changes": 2, "flags": 1, "by_rule": {"widen_punctuation": 2}}
