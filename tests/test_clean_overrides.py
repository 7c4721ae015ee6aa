import datetime

import pytest

from build_tools.clean import clean_source, restore_source, run_rules
from build_tools.ingest import parse_sidecar
from build_tools.model import Source

TEXT = "锦州市综合实力 and 竞争力显著增强，乾燥的气候 and 锦州港。\n\n锦半半导体成功上市。"


def source(sidecar: dict) -> Source:
    return Source(name="a.txt", text=TEXT, sha256="0" * 64, encoding="utf-8", sidecar=parse_sidecar(sidecar))


def test_an_editor_can_pin_reject_and_correct_and_each_is_recorded():
    cleaned = clean_source(source({
        "pin": ["乾燥"],
        "reject": [{"rule": "restore_latin", "at": TEXT.index(" and 锦州港")}],
        "corrections": [{"find": "锦半半导体", "replace": "神工半导体", "reason": "据001校正"}],
    }))
    assert cleaned.text == "锦州市综合实力和竞争力显著增强，乾燥的气候 and 锦州港。\n\n神工半导体成功上市。"
    by_rule = {}
    for change in cleaned.changes:
        by_rule.setdefault(change.rule, []).append(change)
    assert len(by_rule["editor_override"]) == 2 and all(c.flag for c in by_rule["editor_override"])
    assert [(c.before, c.after, c.reason) for c in by_rule["editor_correction"]] == [("锦半半导体", "神工半导体", "据001校正")]


def test_overrides_keep_the_records_reversible():
    sidecar = parse_sidecar({"pin": ["乾燥"], "corrections": [{"find": "锦州港", "replace": "锦州港口"}]})
    text, per_rule = run_rules(TEXT, sidecar=sidecar)
    assert restore_source(text, per_rule) == TEXT


def test_a_correction_that_finds_nothing_is_flagged():
    cleaned = clean_source(source({"corrections": [{"find": "不存在", "replace": "x"}]}))
    assert [c.reason for c in cleaned.changes if c.rule == "editor_correction"] == ["编辑的更正未执行：找不到“不存在”"]


@pytest.mark.parametrize(
    "sidecar, message",
    [
        ({"pin": "乾燥"}, "pin 应是非空文本的列表"),
        ({"reject": [{"at": 3}]}, "须有 rule"),
        ({"reject": [{"rule": "x", "at": "three"}]}, "应是原文中的字符位置"),
        ({"corrections": [{"find": "a"}]}, "须有 find 和 replace"),
        # a typo must not land silently in the front matter, or reject nothing
        ({"stories": {1: {"titel": "新标题"}}}, "未知的键“stories: 1: titel”"),
        ({"papper": "锦州日报"}, "未知的键“papper”"),
        ({"reject": [{"rule": "restore_latin", "offset": 3}]}, "未知的键“reject: offset”"),
        ({"stories": {"first": {"title": "新标题"}}}, "position on the page"),
        ({"date": "2023-3-9"}, "应是写作 2023-03-09 的日期"),
        ({"stories": {1: {"authors": "崔治"}}}, "“stories: 1: authors”应是文本列表"),
        (["paper", "锦州日报"], "应是键值映射"),
    ],
)
def test_a_malformed_sidecar_is_a_clear_error_naming_the_file_and_the_key(sidecar, message):
    with pytest.raises(ValueError, match=message) as error:
        parse_sidecar(sidecar, "a.yml")
    assert "a.yml" in str(error.value)


def test_a_reject_of_a_rule_that_does_not_exist_is_an_error():
    with pytest.raises(ValueError, match="规则“restore_latn”不存在"):
        clean_source(source({"reject": [{"rule": "restore_latn"}]}))


def test_a_sidecar_gives_typed_fields():
    sidecar = parse_sidecar({"paper": "锦州日报", "page": 3, "date": datetime.date(2023, 3, 9),
                             "stories": {2: {"title": "新标题", "authors": ["崔治"]}}})
    assert sidecar.page.given() == {"paper": "锦州日报", "page": "3", "date": "2023-03-09"}
    assert sidecar.for_story(2).given() == {"title": "新标题", "authors": ("崔治",)}
    assert sidecar.for_story(1).given() == {}


def test_a_move_stands_or_falls_whole_when_an_editor_stops_one_half():
    left = "另外，14个重大项目还包括：锦州英东新能源发展有限公司900兆瓦风力发电项目、国"
    caption = "锦州数字城一期项目施工现场。 本报记者 崔治摄"
    text = "\n\n".join([left, caption, "机集团（锦州）绿色超算中心建设项目等项目。"])
    for sidecar in ({"pin": ["数字城"]}, {"reject": [{"rule": "move_displaced_captions", "at": len(text)}]}):
        cleaned = clean_source(Source(name="a.txt", text=text, sha256="0" * 64, encoding="utf-8", sidecar=parse_sidecar(sidecar)))
        assert cleaned.text.count(caption) == 1
        text_, per_rule = run_rules(text, sidecar=parse_sidecar(sidecar))
        assert restore_source(text_, per_rule) == text
