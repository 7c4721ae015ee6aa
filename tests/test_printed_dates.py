"""Historical dates (issue 21): every era, every numeral style a date line may
print, read back to the day; the lunar date, the weekday and a masthead's
founding date are never the issue's date; a page that prints none is dated by
its file name."""

from __future__ import annotations

import datetime
import random

import opencc
import pytest

from build_tools.lexicon import ERAS, chinese_number, furniture
from build_tools.printed_script import fold_to_simplified

DIGITS = "〇一二三四五六七八九"
FORMAL = "零壹貳參肆伍陸柒捌玖"
# The last year each era counted (the next era's first, less one; the Republic to this day).
ERA_ENDS = {"顺治": 1661, "康熙": 1722, "雍正": 1735, "乾隆": 1795, "嘉庆": 1820, "道光": 1850, "咸丰": 1861,
            "同治": 1874, "光绪": 1908, "宣统": 1911, "明治": 1912, "大正": 1926, "昭和": 1989, "大同": 1934,
            "康德": 1945, "民国": 2026, "中华民国": 2026}


def counted(number: int, style: str) -> str:
    """A number as a paper prints it: arabic, Chinese (十二, 二十九, 一百十四), with 廿 and 卅, formal (貳拾捌)."""
    if style == "arabic":
        return str(number)
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    text = (DIGITS[hundreds] + "百" if hundreds else "")
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    text += DIGITS[ones] if ones else ""
    if style == "old":
        text = text.replace("二十", "廿", 1).replace("三十", "卅", 1) if number < 100 else text
    if style == "formal":
        text = text.translate(str.maketrans(DIGITS + "十百", FORMAL + "拾佰"))
    return text


def printed(day: datetime.date, era: str | None, style: str) -> str:
    if era is None:
        year = str(day.year) if style == "arabic" else "".join(DIGITS[int(d)] for d in str(day.year))
    else:
        count = day.year - ERAS[era] + 1
        year = "元" if count == 1 and style != "arabic" else counted(count, style)
    return f"{era or ''}{year}年{counted(day.month, style)}月{counted(day.day, style)}日"


@pytest.mark.parametrize("style", ["arabic", "chinese", "old", "formal"])
def test_property_every_era_and_numeral_style_reads_back_to_the_day(style):
    chooser = random.Random(21)
    s2t = opencc.OpenCC("s2t").convert
    for era, first in ERAS.items():
        for year in range(first, ERA_ENDS[era] + 1):
            day = datetime.date(year, chooser.randint(1, 12), 1) + datetime.timedelta(days=chooser.randint(0, 27))
            line = printed(day, era, style)
            for script in (line, s2t(line)):  # as a Simplified and as a Traditional page prints it
                assert furniture(fold_to_simplified(script)).date == day.isoformat(), script


def test_property_a_year_written_out_reads_back_in_either_numerals():
    chooser = random.Random(4)
    for _ in range(500):
        day = datetime.date(1850, 1, 1) + datetime.timedelta(days=chooser.randint(0, 200 * 365))
        for style in ("arabic", "chinese"):
            assert furniture(printed(day, None, style)).date == day.isoformat()


def test_numbers_as_old_and_formal_print_has_them():
    assert [chinese_number(t) for t in ("廿九", "卅", "贰拾捌", "一百十四", "元", "二〇二五", "十二", "两")] == \
        [29, 30, 28, 114, 1, 2025, 12, 2]


@pytest.mark.parametrize("line, date", [
    ("第三版民國九年四月三日社會定期日刊庚申年二月十五日星期六", "1920-04-03"),  # 晶報's date line
    ("中華民國二十九年一月五日　星期五", "1940-01-05"),
    ("民國114年3月9日 星期日", "2025-03-09"),  # a Taiwan paper today
    ("昭和十二年三月五日", "1937-03-05"),
    ("康德六年十月一日", "1939-10-01"),
    ("宣統元年八月十九日", "1909-08-19"),
    ("二〇二五年十一月二十四日", "2025-11-24"),
])
def test_a_date_line_gives_its_solar_date_and_only_that(line, date):
    assert furniture(fold_to_simplified(line)).date == date


def test_the_lunar_date_the_weekday_and_the_founding_date_are_not_the_issues():
    assert furniture(fold_to_simplified("庚申年二月十五日　星期六")).date == ""  # a check: furniture, no date
    assert furniture(fold_to_simplified("民國八年三月三日創刊")).date == ""  # the masthead's founding
    assert furniture("2023年2月30日").date == ""  # no such day
    assert furniture(fold_to_simplified("晶報　民國八年三月三日創刊　民國九年四月三日")).date == "1920-04-03"


@pytest.mark.parametrize("name, date", [
    ("jb_0129_1920-04-03_0001+0004.txt", "1920-04-03"),
    ("shenbao_19200403_p2.xml", "1920-04-03"),
    ("1920-04-03-ed-1-seq-2.txt", "1920-04-03"),
    ("page_0042.txt", None),
    ("scan_99999999.txt", None),  # eight digits that are no day
])
def test_a_page_that_prints_no_date_is_dated_by_its_file_name(name, date):
    from build_tools.enrich import date_from_name
    assert date_from_name(name) == date


def test_the_file_names_date_serves_only_where_the_page_prints_none():
    from dataclasses import replace

    from build_tools.clean import clean_source
    from build_tools.enrich import FROM_FILE_NAME, enrich_page
    from build_tools.ingest import printed_script, source_from_bytes
    from build_tools.segment import segment

    def dated(text: str, name: str) -> tuple[str, str]:
        source = source_from_bytes(text.encode("utf-8"), name)
        [story] = enrich_page(segment(clean_source(replace(source, script=printed_script(source)))))
        return story.meta.date, story.meta.date_source

    body = "本埠新聞\n\n某君昨日囘滬、衆人往迎、一時稱盛、"
    assert dated(body, "jb_0129_1920-04-03_0002.txt") == ("1920-04-03", FROM_FILE_NAME)
    assert dated("晶報　民國九年四月六日　第二版\n\n" + body, "jb_0129_1920-04-03_0002.txt")[0] == "1920-04-06"
    assert dated(body, "page_0042.txt")[0] == "unknown"
