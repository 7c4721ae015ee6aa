"""Newspaper conventions, defined once: every stage that needs one imports it from here.

Character ranges, the numerals a date is printed in, and the printed forms of
page furniture (masthead, date line, page number, jump line, editor credit),
datelines (本报讯, 新华社…电), reporters, credits and surnames. These are facts
about how Chinese papers print, not about any one paper: a rule that needs a
new form adds it here, where every stage sees it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

# -- characters --------------------------------------------------------------

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN}]")


def count_chars(text: str) -> int:
    """Chinese characters only: the unit Chinese editors count length in."""
    return len(HAN_RE.findall(text))


# Chinese text: Han plus full-width punctuation and quotes, the context that
# makes a neighbouring half-width mark Chinese punctuation.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
CJK = HAN + CJK_PUNCT
CJK_RE = re.compile(f"[{CJK}]")
# A block ending in one of these ends a sentence (closing quotes and brackets too).
SENTENCE_END = "。！？…”’」』）)!?.；;：:—"
# Characters OpenCC's t2s simplifies that the standard list (通用规范汉字表, 2013)
# keeps in personal names: 於 (a surname, not 于), 甯 (a surname, not 宁), 湧;
# and 乾, a standard character of its own (乾坤, 王丙乾) that t2s reads as 干.
NAME_VARIANTS = frozenset("於甯湧乾")
# Characters that tie a clause to what follows (之州, 等国 are cut fragments, not words).
FUNCTION_CHARS = frozenset("之等的在和与及或对把被将从向为于而并且以")


def is_cjk(char: str) -> bool:
    """A Chinese character or Chinese punctuation mark."""
    return bool(char) and CJK_RE.match(char) is not None


def display_width(text: str) -> float:
    """Width in printed em: a Han character or a punctuation mark is one (OCR
    engines write a full-width mark as its ASCII twin), a Latin letter or a
    digit half of one, a space or an invisible character nothing (OCR engines insert them freely)."""
    return sum(0 if char.isspace() or unicodedata.category(char) in ("Cf", "Cc") else 0.5 if char.isascii() and char.isalnum() else 1
               for char in text)


# -- numbers -----------------------------------------------------------------

CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "O": 0, "o": 0, "l": 1, "I": 1, "|": 1, "]": 1}
# A digit as a date line prints it, and as OCR misreads one (] | l I for 1, O for 0).
_DIGIT = "0-9〇零一二三四五六七八九十Oo|\\]lI"
# The numerals of older and formal print: 廿 (20), 卅 (30), 百, 千, and the formal
# 壹 贰 参 … 拾 (as a Traditional page's fold gives them: 貳 -> 贰).
_FORMAL_NUMERALS = str.maketrans("壹贰叁参肆伍陆柒捌玖拾佰仟", "一二三三四五六七八九十百千")
_OLD_DIGIT = f"{_DIGIT}廿卅百千两壹贰叁参肆伍陆柒捌玖拾佰仟"
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int:
    """"二〇二五" -> 2025, "十一" -> 11, "二十四" -> 24, "9" -> 9, "2〇24" -> 2024, "]2" -> 12,
    "廿九" -> 29, "贰拾捌" -> 28, "一百十四" -> 114, "元" (the first year) -> 1. Raise
    KeyError or ValueError for what is no number."""
    text = text.replace(" ", "").translate(_FORMAL_NUMERALS).replace("廿", "二十").replace("卅", "三十")
    if text == "元":
        return 1
    if text.isascii() and text.isdigit():
        return int(text)
    if not any(unit in text for unit in _UNITS):
        return int("".join(str(CN_DIGITS.get(c, c)) for c in text))
    total, digit = 0, None
    for char in text:
        if char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            digit = CN_DIGITS[char]
    return total + (digit or 0)


# -- page furniture ----------------------------------------------------------

# Eras a date line may count its years in, and the Gregorian year of each one's
# first year (元年): the Republic (Taiwan's papers still print 民国114年 for
# 2025), the Qing reigns, the Japanese eras of Taiwan's papers, Manchukuo's.
ERAS = {"中华民国": 1912, "民国": 1912,
        "顺治": 1644, "康熙": 1662, "雍正": 1723, "乾隆": 1736, "嘉庆": 1796, "道光": 1821, "咸丰": 1851,
        "同治": 1862, "光绪": 1875, "宣统": 1909,
        "明治": 1868, "大正": 1912, "昭和": 1926,
        "大同": 1932, "康德": 1934}
_ERA = "|".join(sorted(ERAS, key=len, reverse=True))
# A date as printed: 2025年11月24日, 二〇二五年十一月二十四日, 民国九年四月三日,
# 光绪二十九年十月廿一日, 民国贰拾捌年…; a year without an era is written out in full.
DATE_RE = re.compile(f"(?:(?P<era>{_ERA})\\s*(?P<era_year>[{_OLD_DIGIT}元]{{1,5}})|(?P<year>[{_DIGIT}]{{4}}))\\s*年"
                     f"\\s*(?P<month>[{_OLD_DIGIT}]{{1,3}})\\s*月\\s*(?P<day>[{_OLD_DIGIT}]{{1,4}})\\s*[日号]")
# The day a paper was founded, on its masthead: not the issue's (民国八年三月三日创刊).
FOUNDING_RE = re.compile(f"{DATE_RE.pattern}\\s*(?:创刊|创办|创立|开办|发刊)")
WEEKDAY_RE = re.compile("(?:星期|礼拜|周)\\s*[一二三四五六日天]")
# 农历戊戌年腊月廿七: the cyclic year, the month, the day, as a date line prints them.
_LUNAR_DAY = "(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十|廿[一二三四五六七八九]|三十)"
# Older date lines print the lunar date after the solar one, its cyclic year
# first (庚申年二月十五日), with no 农历: a check on the date, never the date.
_CYCLIC_YEAR = "[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年"
LUNAR_RE = re.compile(f"(?:农历|阴历|旧历|夏历)\\s*(?:{_CYCLIC_YEAR})?\\s*(?:[正一二三四五六七八九十冬腊]{{1,2}}月)?\\s*{_LUNAR_DAY}?"
                      f"|{_CYCLIC_YEAR}\\s*[正一二三四五六七八九十冬腊]{{1,2}}月\\s*(?:{_LUNAR_DAY}|[一二三四五六七八九十廿卅]{{1,3}})日?")
# (OCR may leave a page number it cannot read as "?": "第?版".)
PAGE_RE = re.compile(f"第\\s*[{_DIGIT}?？]{{1,3}}\\s*版|今日\\s*[{_DIGIT}]{{0,3}}\\s*版|(?<![{HAN}])[A-Z]{{0,2}}\\s*[{_DIGIT}?？]{{1,3}}\\s*版|^[A-Z]{{0,2}}\\d{{1,3}}$|^\\d{{1,3}}\\s*/\\s*\\d{{1,3}}$")
# The endings of paper names; a bare 报 would take 天气预报, 疫情通报 for mastheads.
PAPER_SUFFIXES = ("日报", "晚报", "时报", "早报", "商报", "晨报", "都市报", "青年报", "法制报", "经济报", "农民报", "周报", "导报")
# 日 as OCR misreads it in a masthead's large type: 大众目报, 新华曰报.
PAPER_SUFFIX_MISREADS = ("目报", "曰报")
MASTHEAD_RE = re.compile(f"[{HAN}]{{1,6}}?(?:{'|'.join(PAPER_SUFFIXES + PAPER_SUFFIX_MISREADS)})(?:[{HAN}]{{0,2}}版)?")
# A paper named by one to three characters and 报 (晶报, 申报, 大公报): on a line
# of its own it may be a word (喜报, 通报), so it is the masthead only beside the
# issue's date or page number.
SHORT_MASTHEAD_RE = re.compile(f"[{HAN}]{{1,3}}报")
# The issue's number beside the masthead: 第一百廿九号, 第12345期.
ISSUE_RE = re.compile(f"第\\s*[{_OLD_DIGIT}]{{1,6}}\\s*[号期]")
# What a masthead says of the paper's kind and rhythm (社会定期日刊, 三日刊).
PERIODICAL_RE = re.compile("(?:定期)?(?:日刊|三日刊|周刊|旬刊|月刊|晚刊)")
# A page header names the page's section; it is furniture only beside a date or page number.
SECTION_NAMES = ("要闻", "国内", "国际", "经济", "社会", "地方", "体育", "文化", "综合", "科教", "教育", "法治", "时政",
                 "财经", "评论", "理论", "副刊", "专版", "专题", "文艺", "视点", "民生", "城市", "农村", "军事", "港澳台")
SECTION_RE = re.compile(f"(?:{'|'.join(SECTION_NAMES)})(?:新闻|版)?")
# On its own line a page header says so ("经济新闻", "要闻版"): a bare 民生 or 文化 is a subhead.
SECTION_LINE_RE = re.compile(f"要闻|(?:{'|'.join(SECTION_NAMES)})(?:新闻|版)")
SECTION_MAX = 8
FURNITURE_MAX = 60  # the longest furniture line: masthead, date, weekday, 农历 date, section, page
# A line with three kinds of furniture (masthead, weekday, page) may keep this many
# characters of a field OCR garbled past reading ("解放日报汪” 星期二 今日2版": the date).
FURNITURE_GARBLE_MAX = 2
# "责任编辑：王明", "本版编辑 李华": the role, a colon or a space, then names.
EDITOR_LINE_RE = re.compile(r"^(?:责任编辑|本版编辑|美术编辑|美编|校对|版式设计|本版责编|责编|编辑|本版主编|主编)(\s*[:：]\s*|\s+)(\S.*)$")
# "（下转第二版）" "(上接第1版)": where the story goes on, or came from.
JUMP_LINE_RE = re.compile(f"^[（(]?\\s*(?:下转|上接|转|接|转至|接上)\\s*第?\\s*[{_DIGIT}]{{1,3}}\\s*版\\s*[)）]?$")
PINYIN_LABEL_RE = re.compile(r"^[A-Z]{4,}$")  # a pinyin column label on its own line
# What OCR leaves around furniture: rules, dots, stray quotes and brackets.
_FURNITURE_NOISE_RE = re.compile(r"[\s|·•\-—_/'\"“”‘’「」\[\]【】()（）.,，:：;；~`^*=+]+")


@dataclass(frozen=True)
class Furniture:
    """What a furniture line says: the paper, the ISO date and the page, where printed."""

    paper: str = ""
    date: str = ""
    page: str = ""


def furniture(line: str) -> Furniture | None:
    """Read a line made only of page furniture ("人民日报  1998年1月2日 星期五 第4版",
    "二〇二五年十一月二十四日", "T08", "责任编辑：王明"); None for any other line."""
    text = re.sub(r"\s+", "", line)  # OCR letter-spaces a masthead ("锦州  日 报")
    if not text or len(text) > FURNITURE_MAX:
        return None
    if _is_editor_line(line.strip()) or JUMP_LINE_RE.match(text) or PINYIN_LABEL_RE.match(text):
        return Furniture()
    found: dict[str, str] = {}
    rest = text
    for name, pattern in (("founding", FOUNDING_RE), ("date", DATE_RE), ("weekday", WEEKDAY_RE), ("lunar", LUNAR_RE),
                          ("page", PAGE_RE), ("issue", ISSUE_RE), ("paper", MASTHEAD_RE), ("periodical", PERIODICAL_RE)):
        match = pattern.search(rest)
        if match:
            found[name] = match.group()
            rest = rest[:match.start()] + " " + rest[match.end():]
    if not found.keys() & {"date", "page", "paper", "founding", "lunar", "issue"}:  # (a lunar date: a date line's second half)
        # a page header on its own line: "经济新闻", "要闻"
        return Furniture() if len(text) <= SECTION_MAX and SECTION_LINE_RE.fullmatch(_FURNITURE_NOISE_RE.sub("", text)) else None
    if len(found) >= 2 or "date" in found or "page" in found:  # a section name only beside other furniture
        rest = SECTION_RE.sub(" ", rest, count=1)
    left = _FURNITURE_NOISE_RE.sub("", rest)
    if left and "paper" not in found and found.keys() & {"date", "page"} and SHORT_MASTHEAD_RE.fullmatch(left):
        found["paper"], left = left, ""  # 晶報, 申報 beside the issue's date or page: the masthead
    if left and not (len(found) >= 3 and len(left) <= FURNITURE_GARBLE_MAX):
        return None
    return Furniture(paper=found.get("paper", ""), date=_iso_date(found.get("date", "")), page=re.sub(r"\s+", "", found.get("page", "")))


_PERSONAL_NAME_RE = re.compile(f"[{HAN}]{{2,4}}")


def _is_editor_line(line: str) -> bool:
    """"责任编辑：王明", "本版编辑 李华 张强": the role, then a colon and names, or
    names alone (2-4 characters, a surname first) after a space ("校对 工作要细致" is prose)."""
    match = EDITOR_LINE_RE.match(line)
    if not match:
        return False
    names = match.group(2).split()
    if ":" in match.group(1) or "：" in match.group(1):
        return all(len(name) <= 12 for name in names)
    return all(is_personal_name(name) for name in names)


def is_personal_name(text: str) -> bool:
    """A Chinese personal name as bylines print it: two to four characters, a surname first."""
    return _PERSONAL_NAME_RE.fullmatch(text) is not None and text[0] in SURNAMES


def _iso_date(printed: str) -> str:
    match = DATE_RE.fullmatch(printed)
    return date_of(match) if match else ""


def date_of(match: re.Match) -> str:
    """The ISO date of a DATE_RE match, or "" where it is no day of the calendar (2月30日)."""
    try:
        if match.group("era"):
            year = ERAS[match.group("era")] + chinese_number(match.group("era_year")) - 1
        else:
            year = chinese_number(match.group("year"))
        month, day = chinese_number(match.group("month")), chinese_number(match.group("day"))
        return datetime.date(year, month, day).isoformat() if year >= MIN_YEAR else ""
    except (KeyError, ValueError):
        return ""


MIN_YEAR = 1644  # the first year of the Qing eras above: a paper's date is no earlier


# -- datelines, bylines, credits ---------------------------------------------

REPORTER = "(?:本报|新华社|人民日报|中新社)?(?:特约|首席|见习|驻地)?(?:记者|通讯员|实习生|评论员)"
# (a paper may name itself by its kind alone: "晚报讯"; a station is 电台 or 电视台, not any 台:
# a line of prose ending "…各站台电" is no dateline)
_NEWS_AGENCY = (f"(?:本报|新华社|中新社|中国新闻社|人民日报|新华网|人民网|央视网|{'|'.join(PAPER_SUFFIXES)}"
                f"|[{HAN}]{{2,6}}(?:日报|晚报|报|网|社|电视台|电台))")
_DATELINE_DATE = f"(?:[{_DIGIT}]{{1,3}}\\s*月\\s*[{_DIGIT}]{{1,3}}\\s*日)"
# "本报讯" "本报北京1月1日讯" "新华社北京12月31日电（记者刘振英）" "据新华社…电" "本报讯 记者崔治报道"
# "晚报讯 记者 孙浩 通讯员 牛晓东 ": the agency, the place and day it was filed, then who filed it.
DATELINE_RE = re.compile(
    f"^据?{_NEWS_AGENCY}\\s*(?:[{HAN}]{{0,8}}?\\s*{_DATELINE_DATE}|[{HAN}]{{0,8}}?)\\s*(?:电|讯)"
    f"(?:\\s*(?:[（(][^）)]{{2,30}}[）)]|{REPORTER}\\s*[{HAN}、 ]{{2,16}}?报道|(?:{REPORTER}\\s*[{HAN}]{{2,4}}\\s+)+))?\\s*"
)
# "本报记者 崔治", "本报记者　顾文彬　陆瑶" (an ideographic space between names), or an
# author's (pen) name in brackets alone under the headline: "（丹翁）", "（马二先生）".
# A box or bullet a city paper sets before a byline ("□ 本报记者 李明", "■ 首席记者 周立").
BYLINE_MARKS = "□■◎●▲◆"
_BYLINE_MARK = f"(?:[{BYLINE_MARKS}]\\s*)?"
# An editor's note in brackets, no author: "（完）", "（待续）", "（上）", "（图）".
_EDITORS_NOTE = "(?:完|续|待续|未完|上|中|下|图|摘编)"
# Who wrote and who took the pictures: "文/张三", "文／张三　图／李四", "记者 陈浩 文/图".
WORK_BY = "(?:文|图|摄影|文/图|文／图|文图)"
# Between who did what and the name: "文/张三", "摄影：李四", "□ 文/图　秦晓帆".
_WORK_BY_NAME = "(?:\\s*[/／:：]\\s*|[\\s\u3000]+)"
# An editorial signed by the paper: under its headline a byline, printed over it the column's label.
EDITORIAL_SIGNATURE_RE = re.compile("(?:本报|本刊)(?:特约)?评论员")
BYLINE_RE = re.compile(
    f"^{_BYLINE_MARK}{REPORTER}\\s*[{HAN}、 \u3000]{{2,24}}?(?:\\s*{WORK_BY})?$"
    f"|^{_BYLINE_MARK}{WORK_BY}[\\s\u3000]*{REPORTER}[\\s\u3000]*[{HAN}、 \u3000]{{2,24}}$"  # "□ 文/图　本报记者　杜宇航"
    f"|^{_BYLINE_MARK}{WORK_BY}{_WORK_BY_NAME}[{HAN}]{{2,4}}(?:[\\s\u3000]+{WORK_BY}{_WORK_BY_NAME}[{HAN}]{{2,4}})*$"
    f"|^(?:本报|本刊)(?:综合|编译|综合编译)(?:报道|消息)$"  # a report compiled from several sources
    f"|^{EDITORIAL_SIGNATURE_RE.pattern}$"  # an editorial's signature
    f"|^[（(](?![一二三四五六七八九十〇零]+[）)]|{_EDITORS_NOTE}[）)])[{HAN}]{{1,4}}(?:先生|女士|投稿|代覆)?[）)]$")
# Who wrote a piece up or took its pictures, at the end of a byline: "本报记者　许嘉　整理" and, under a
# photo story's head, "本报记者　杨帆　摄" are bylines, not a picture's credit.
WRITTEN_UP_RE = re.compile("(?:整理|采写|摄)$")
BYLINE_LEAD_RE = re.compile(f"^{REPORTER}$")
# "□ 郑文博", "■ 周立　王敏": a city paper's box or bullet before its writers' names alone.
MARKED_NAMES_RE = re.compile(f"^[{BYLINE_MARKS}][\\s\u3000]*([{HAN}]{{2,4}})(?:[\\s\u3000]+[{HAN}]{{2,4}})*$")
# A roundup's name: the title of a column of briefs, each with a head of its own
# ("城事速递", "科教文卫简讯", "本周末文化活动一览（周末去哪儿）", "乡镇传真", "上市公司公告摘要",
# "【环球财经】一周速览").
ROUNDUP_RE = re.compile(f"(?:【[^【】]{{2,12}}】)?[{HAN}]*(?:简讯|快讯|短讯|速递|速览|速读|一览|动态|集锦|短波|传真|摘要|摘编|简报|播报|资讯)"
                        f"(?:[（(][^（）()]{{2,12}}[）)])?$")
# A column of opinion or comment, by the kind of piece its name ends on ("文化观察", "体育时评",
# "编辑手记", "法官说法", "读者来信"): set over a commentary's headline as its kicker.
COMMENT_COLUMN_RE = re.compile(f"[{HAN}]{{0,6}}(?:观察|时评|短评|快评|热评|锐评|评论|手记|札记|随笔|说法|来信|视点|视线|观点|漫谈|杂谈|笔谈|新论)$")
# A subtitle (副题) opens on a dash: "——访…", "—记奋战在高原的建设者们".
SUBTITLE_RE = re.compile("^(?:[—－-]|一[—－-])")  # (OCR reads the first half of a dash as 一: "一-记…")
# A column tag closing a headline: "托养一人 帮扶一家（改革落实在基层）".
COLUMN_TAG_RE = re.compile("[（(][^（）()]{2,30}[）)]$")
# A line of issuing bodies alone, under a communiqué's title or over a notice's
# signing date: "云州市统计局　国家统计局云州调查队", "山西省工业和信息化厅".
_ISSUER_END = "(?:局|厅|委|委员会|人民政府|政府|办公厅|办公室|调查队|总队|支队|大队|署|部|院|办|中心|集团|公司|协会|联合会)"
ISSUER_RE = re.compile(f"^[{HAN}]{{2,24}}?{_ISSUER_END}(?:[\\s\u3000]+[{HAN}]{{2,24}}?{_ISSUER_END})*$")
# Lines of a text, however short, never a head: an interviewer's turn in a Q&A ("记者：…？", "问：…",
# "主持人：…"), a letter's closing formula ("此致", "敬礼！").
TEXT_LINE_RE = re.compile("^(?:本报)?(?:记者|问|主持人|Q)[\\s\u3000]*[：:]|^(?:此致|敬礼[！!]?|此致敬礼[！!]?)$")
# What closes a commentary, a report or a review: "（作者为某大学教授）", "（作者系…）", "（作者单位：…）",
# "（完）", "（本报记者　白晟）", a bracketed note of clauses ("（《奔跑的意义》，章立群著，…出版）").
PIECE_END_RE = re.compile(f"^[（(](?:作者(?:为|系|是|单位)|完[）)]$|{REPORTER}[\\s\u3000]*[{HAN}、 \u3000]{{2,24}}[）)]$"
                          "|[^（）()]*[，,][^（）()]*[）)]$)")  # (or a note of clauses: "（《奔跑的意义》，章立群著，…出版）")
# A photo, graphics or text credit closing a block: "本报记者 崔治 摄", "锦州港提供",
# "（新华社记者兰红光摄）", "（新华社发）".
CREDIT_END_RE = re.compile(r"(摄|供图|提供|制图|整理|采写|绘)[)）]?$|[（(][^（()）]{1,20}发[)）]$")
CREDIT_LINE_MAX = 30


def is_credit_line(text: str) -> bool:
    """A line that is only a credit: no sentence, ends on one."""
    return len(text) <= CREDIT_LINE_MAX and CREDIT_END_RE.search(text) is not None and re.search("[，。]", text) is None

# The commonest Chinese surnames: a signature's or a byline's name starts with one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
    "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌"
    "奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙"
    "浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信"
    "展阴昝智幸奉植衡富尧闭由"
)


# -- punctuation styles ------------------------------------------------------

# Papers until the 1930s set 句讀: 、 between clauses and 。 at sentence
# ends, no comma, semicolon or colon (晶報, April 1920: not one in 40 pages);
# a modern article of any length sets them (none lacks one in the benches' 400). There a
# phrase printed twice (豈有此理、豈有此理) is rhetoric, and a line without a
# mark ends nothing.
def lightly_punctuated(text: str) -> bool:
    """The text is unpunctuated or set in 句讀: it prints no comma, semicolon or colon."""
    return _MODERN_CLAUSE_MARK_RE.search(text) is None


_MODERN_CLAUSE_MARK_RE = re.compile("[，；：]|[,;:](?!\\d)")


# -- notices and adverts -----------------------------------------------------

# A notice's head names its kind (in Simplified: a Traditional page is read
# through its fold): 启事, 声明, 更正, 志谢 (誌謝), 讣告, 招聘 …
NOTICE_RE = re.compile("启事|声明|通告|公告|告白|特告|志谢|鸣谢|致谢|谨谢|更正|正误|讣告|招生|招聘|招租|寻人|遗失|紧要广告")
# An advert's head names a price list, or its text quotes prices as an
# advert does: a numeral, then 元 or 角 (大洋二元, 每瓶一元二角, 售洋五角).
PRICE_LIST_RE = re.compile("价目|价格|刊例|定价|售价|广告")
PRICE_RE = re.compile("[0-9〇一二两三四五六七八九十百千]+\\s*[元角]")
