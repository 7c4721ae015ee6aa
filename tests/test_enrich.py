import re

from build_tools.lexicon import chinese_number, count_chars
from build_tools.enrich import (
    FROM_EDITOR, YEAR_AFTER_DATE, assign_slugs, credit_names, enrich_page, page_date, pinyin_slug, split_names,
    story_date, tagged, unknown_tag,
)
from build_tools.ingest import parse_sidecar
from build_tools.model import Block, Change, Cleaning, Source, Story
from build_tools.names import names


def make_story(blocks=(), dateline="", page_context=(), credits=(), bylines=(), overrides=None, position=1, title="标题"):
    source = Source(name="a.txt", text="", sha256="0" * 64, encoding="utf-8", sidecar=parse_sidecar(overrides))
    return Story(source, position, f"a-{position}", title, tuple(blocks), (), dateline=dateline,
                 page_context=tuple(page_context), credits=tuple(credits), bylines=tuple(bylines))


def test_counts_chinese_characters_only():
    assert count_chars("锦州港2023年投资5G, 建設。") == 8


def test_chinese_numbers_and_page_date_lines():
    assert [chinese_number(n) for n in ["二〇二五", "十一", "二十四", "十", "9"]] == [2025, 11, 24, 10, 9]
    assert page_date(("蓝黄日报", "二〇二五年十一月二十四日", "T08")) == "2025-11-24"
    assert page_date(("蓝黄日报", "T08")) is None


def test_a_date_is_found_or_said_to_be_unknown_never_invented():
    lead = (Block("paragraph", "3月8日，2023年“保企业用工”专场招聘会举办。"),)
    assert story_date(make_story(lead, dateline="本报讯"), None) == ("2023-03-08", YEAR_AFTER_DATE)
    no_year = (Block("paragraph", "3月9日，锦州数字城一期项目正式复工。"),)
    assert story_date(make_story(no_year, dateline="本报讯"), None)[0] == "unknown"
    assert "3月9日" in story_date(make_story(no_year, dateline="本报讯"), None)[1]
    assert story_date(make_story(no_year, dateline="本报讯"), 2023)[0] == "2023-03-09"
    full = (Block("paragraph", "3月9日，项目复工。2023年3月9日，另据报道。"),)
    assert story_date(make_story(full, dateline="本报讯"), None)[0] == "2023-03-09"
    assert story_date(make_story((Block("paragraph", "3月9日，无报头。"),)), 2023)[0] == "unknown"  # no dateline: not a dateline date


def test_names_are_split_where_printed_without_separator():
    assert split_names("文继红崔治") == ["文继红", "崔治"]
    assert split_names("张继伟、文继红、崔浩") == ["张继伟", "文继红", "崔浩"]
    assert credit_names("本版稿件由本报记者张继伟、文继红、崔浩采写本版图片由本报记者崔浩摄") == ["张继伟", "文继红", "崔浩", "崔浩"]
    assert credit_names("本报记者 白复海 摄") == ["白复海"]


def test_authors_photographers_and_providers_come_from_bylines_datelines_and_credits():
    story = make_story((Block("paragraph", "正文。"),), dateline="本报讯 记者文继红崔治报道",
                       credits=("锦州港提供", "本报记者 崔治 文并摄"), bylines=("锦州市民 张旭",))
    meta = enrich_page([story])[0].meta
    assert meta.authors == ("文继红", "崔治", "张旭")
    assert meta.photographers == ("崔治",)
    assert meta.photo_providers == ("锦州港",)


def test_counts_reading_time_and_cleaning_summary():
    changes = (Change("widen_punctuation", 0, 1, ",", "，", "r"), Change("flag_unbalanced", 9, 9, "", "", "r", flag=True))
    story = make_story((Block("paragraph", "字" * 1198),))
    story = Story(**{**story.__dict__, "changes": changes})
    meta = enrich_page([story])[0].meta
    assert (meta.characters, meta.reading_minutes) == (1200, 3)
    assert meta.cleaning == Cleaning(changes=1, flags=1, by_rule=(("widen_punctuation", 1),))


def test_a_sidecar_supplies_or_corrects_any_field():
    overrides = {"paper": "锦州日报", "date": "2023-03-09", "stories": {1: {"title": "新标题", "authors": ["崔治"]}}}
    story = enrich_page([make_story(overrides=overrides)])[0]
    meta = story.meta
    assert (meta.paper, meta.date, meta.date_source) == ("锦州日报", "2023-03-09", FROM_EDITOR)
    assert (story.title, meta.authors) == ("新标题", ("崔治",))


def test_slugs_are_date_and_pinyin_and_unique():
    assert pinyin_slug("锦州全力推进14个重点项目建设") == "jinzhou-quanli-tuijin-14-ge-zhongdianxiangmu"
    stories = enrich_page([make_story(title="锦州港", position=1), make_story(title="锦州港", position=2)])
    slugs = [s.slug for s in assign_slugs(stories)]
    assert len(set(slugs)) == 2 and all(re.fullmatch("jinzhougang-[0-9a-f]{6}", s) for s in slugs)


def test_mixed_digit_date_lines_are_read():
    assert page_date(("2〇24年3月1日",)) == "2024-03-01"


def test_unknown_words_are_tagged_by_shape_and_a_name_must_read_as_one():
    assert ("张岸涛", "nr") in tagged("新华社记者张岸涛报道")  # not in jieba's dictionary
    # a surname first is not enough: new coinages are no names
    assert [unknown_tag(word) for word in ("文旅体", "高颜值", "万人联")] == ["n", "n", "n"]
    assert [unknown_tag(word) for word in ("锦州港区", "1998", "3.5%", "WTO", "—")] == ["ns", "m", "m", "eng", "x"]
    text = "记者张岸涛报道：文旅体融合，锦州港区高颜值。张岸涛说。"
    places, people, _ = names(text)
    assert people == ["张岸涛"] and places and all(place.startswith("锦州") for place in places)
