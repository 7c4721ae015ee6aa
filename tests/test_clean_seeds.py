"""The five seed scans, cleaned: each defect class they show, fixed or marked."""

import functools
import re

import pytest

from build_tools.clean import clean_source
from build_tools.clean.columns import LOST_MARK
from build_tools.ingest import read_source
from conftest import SOURCES

SEEDS = {name[:3]: name for name in (p.name for p in SOURCES.glob("*.txt"))}


@functools.cache
def cleaned(seed: str):
    return clean_source(read_source(SOURCES / SEEDS[seed]))


def text(seed: str) -> str:
    return cleaned(seed).text


def rules(seed: str) -> list[str]:
    return [change.rule for change in cleaned(seed).changes]


@pytest.mark.parametrize("seed", ["000", "002"])
def test_half_width_pages_get_full_width_punctuation(seed):
    assert re.search(r"[\u4e00-\u9fff][,:;!?()]|[,:;!?()][\u4e00-\u9fff]", text(seed)) is None
    assert "锦州：昂扬奋斗高质量建设辽西中心城市" in text("000")
    assert "559.6亿元" in text("000") and "5G智慧园区" in text("002")


@pytest.mark.parametrize(
    "seed, joined",
    [
        ("000", "的产业发展理念"), ("000", "招商引资活动247批次"), ("000", "全面贯彻落实党中央"), ("000", "建成通车"),
        ("001", "真抓实干"), ("001", "无人不创新"), ("001", "“山、海、河、城”"), ("001", "创业创新孵化基地"),
        ("002", "明确服务要点"), ("002", "窟窿台蔬菜批发市场"), ("002", "新兴服务业发展"), ("002", "营商环境建设局"),
        ("002", "六大服务板块"), ("002", "按照9个县（市）区"), ("002", "“2023年春风行动暨就业援助月”"),
        ("003", "建设锦州教育城"), ("003", "秸秆焚烧"), ("003", "申报国家物流枢纽城市"), ("003", "推进基础教育"),
        ("003", "党组把方向"),
        ("004", "国际化一流营商环境"), ("004", "提质、降耗、控本、增效"), ("004", "不觉疲惫"), ("004", "服务于人民健康"),
    ],
)
def test_column_breaks_are_joined(seed, joined):
    assert joined in text(seed)


def test_reading_order_is_restored_where_the_evidence_is_strong():
    assert "风力发电项目、国机集团（锦州）绿色超算中心" in text("002")  # the caption moved out
    assert "锦州数字城一期项目施工现场。 本报记者 崔治摄" in text("002")
    assert "全力争取上级支持，提高谋划项目固投转化率" in text("002")  # the swapped block moved


def test_lost_text_is_marked_and_not_glued():
    assert f"今年，锦州市坚持以人民为中{LOST_MARK}" in text("003")
    assert f"33个部门、166人、{LOST_MARK}" in text("001")
    assert "提供了初秋时节" not in text("000")


def test_repeated_blocks_and_stutters_keep_one_copy():
    assert rules("000").count("remove_repeated_blocks") == 3
    assert text("000").count("曾获“中国领军智慧城市”殊荣的锦州") == 1
    assert text("000").count("“咱们小区现在地平了") == 1
    assert text("000").count("党组织作用向城市“神经末梢”延伸") == 1
    for seed in ["002", "003", "004"]:
        assert "remove_repeated_blocks" not in rules(seed)


def test_stray_english_is_restored_and_legitimate_latin_stays():
    assert "综合实力和竞争力" in text("001") and "养老服务中心" in text("001")
    assert "务工人员和有用人需求" in text("002")
    assert "依托自然山体和滨水景观" in text("003")
    assert re.search(r"[\u4e00-\u9fff] ?(and|centers) ?[\u4e00-\u9fff]", "".join(text(s) for s in SEEDS)) is None
    assert "CHUANZHEN" in text("002") and "5G" in text("002")


def test_stray_traditional_characters_become_simplified():
    assert "建設" not in text("004")
    assert "区域中心城市建设为统领" in text("004")


def test_spaces_inside_names_go_and_dateline_spacing_stays():
    assert "本报记者崔治" in text("003") and "崔 治" not in text("003")
    assert "本报讯 记者崔治报道" in text("002")


def test_unbalanced_quotes_are_flagged_where_the_scan_garbled_them():
    flagged = [c for c in cleaned("000").changes if c.rule == "flag_unbalanced"]
    assert any("全域" in read_source(SOURCES / SEEDS["000"]).text[c.source_start:c.source_start + 60] for c in flagged)
