"""The injected-defect bench's pages, and an OCR-defect injector, both seeded.

Pages are real news reports (`corpus`): 人民日报, January 1998, from
`data/news_rmrb199801.jsonl` (tests/bench/news_corpus.py; licence in
data/README.md), each one page of blocks, its title then its paragraphs. Each
defect class of `shared/seeds/README.md` has an injector (`inject`) that
corrupts a page the way scans do and keeps the clean reference.

The sentence generator below (news templates filled with common words of
jieba's dictionary, invented names, numbers, Latin) is kept for the link
bench (tests/bench/link_corpus.py, tests/test_link.py), which needs any
number of distinct paragraphs.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import opencc

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力宁春梅海鹏飞斌宇浩凯健俊帆帅旭晨阳亮成志国峰"
UNITS = ["亿元", "万元", "个", "家", "项", "万人", "公里", "平方米", "吨", "万吨"]
COUNT_UNITS = ["个", "家", "项", "所", "座", "条", "户", "名"]
LATIN_BITS = ["5G基站", "GDP", "B型", "4K", "Huawei", "Wi-Fi", "App", "PM2.5", "CEO"]
# The injector's own Chinese/English pairs: some are not in the cleaner's
# glossary on purpose (those must be flagged, and count as not removed).
ENGLISH = {
    "和": "and", "中心": "centers", "服务": "service", "发展": "development", "经济": "economy",
    "项目": "project", "投资": "investment", "建设": "construction", "企业": "enterprises",
    "市场": "market", "创新": "innovation", "质量": "quality", "实力": "strength",
    "竞争力": "competitiveness", "居民": "residents", "社区": "community", "就业": "employment",
    "政策": "policy", "文化": "culture", "旅游": "tourism", "教育": "education", "生态": "ecology",
    "城市": "city", "交通": "traffic", "物流": "logistics", "平台": "platform", "品牌": "brand",
    "金融": "finance", "能源": "energy", "安全": "safety", "农业": "agriculture", "科技": "technology",
    "合作": "cooperation", "改革": "reform", "目标": "target", "收入": "income", "增长": "growth",
    "活力": "vitality", "港口": "port", "学校": "school", "医院": "hospital", "政府": "government",
    "效率": "efficiency", "模式": "model", "机制": "mechanism", "体系": "system", "产品": "products",
}
HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"})
FULL_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
SENTENCE_END = "。！？”"


@functools.cache
def vocabulary() -> dict[str, list[str]]:
    """Common 2-4 character words of jieba's dictionary, by part of speech."""
    words: dict[str, list[str]] = {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            word, freq, pos = line.split()
            if int(freq) >= 3000 and 2 <= len(word) <= 4 and re.fullmatch("[\u4e00-\u9fff]+", word):
                words.setdefault(pos, []).append(word)
    return {pos: sorted(ws) for pos, ws in words.items()}


def _pick(rng: random.Random, pos: str) -> str:
    return rng.choice(vocabulary()[pos])


def _noun(rng): return rng.choice(vocabulary()["n"] + vocabulary()["vn"] + list(ENGLISH)[1:])
def _verb(rng): return _pick(rng, "v")
def _place(rng): return _pick(rng, "ns")
def _name(rng): return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
def _number(rng): return str(rng.randint(2, 999)) if rng.random() < 0.6 else f"{rng.randint(1, 99)}.{rng.randint(1, 9)}"


def sentence(rng: random.Random) -> str:
    n, v, place = _noun, _verb, _place
    kind = rng.randrange(9)
    if kind == 0:
        return f"{rng.randint(2015, 2024)}年{rng.randint(1, 12)}月，{place(rng)}{_pick(rng, 'd')}{v(rng)}{n(rng)}{n(rng)}，{v(rng)}{_pick(rng, 'a')}{n(rng)}。"
    if kind == 1:
        return f"{place(rng)}{v(rng)}{n(rng)}{_number(rng)}{rng.choice(UNITS)}，同比增长{_number(rng)}%。"
    if kind == 2:
        return f"“{v(rng)}{n(rng)}，{v(rng)}{n(rng)}{n(rng)}。”{_name(rng)}说。"
    if kind == 3:
        return f"{v(rng)}{n(rng)}、{n(rng)}和{n(rng)}等{n(rng)}，{_pick(rng, 'ad')}{v(rng)}{n(rng)}。"
    if kind == 4:
        return f"截至{rng.randint(2015, 2024)}年底，全市共有{n(rng)}{rng.randint(3, 900)}{rng.choice(COUNT_UNITS)}，其中{n(rng)}{rng.randint(2, 90)}{rng.choice(COUNT_UNITS)}。"
    if kind == 5:
        return f"{place(rng)}{v(rng)}{rng.choice(LATIN_BITS)}{n(rng)}，{v(rng)}{n(rng)}（{n(rng)}）{n(rng)}。"
    if kind == 6:
        return f"{_name(rng)}在{place(rng)}{v(rng)}{n(rng)}，{v(rng)}“{n(rng)}{n(rng)}”{n(rng)}。"
    if kind == 7:
        return f"会议于上午{rng.randint(8, 11)}:{rng.choice(['00', '30'])}开始，{v(rng)}{n(rng)}；{v(rng)}{n(rng)}！"
    return f"{n(rng)}是{n(rng)}的{n(rng)}吗？{_pick(rng, 'd')}{v(rng)}{n(rng)}{n(rng)}，比例为{rng.randint(1, 9)}:{rng.randint(1, 9)}。"


def paragraph(rng: random.Random) -> str:
    return "".join(sentence(rng) for _ in range(rng.randint(2, 5)))


@dataclass
class Sample:
    reference: str  # what a perfect cleaner returns
    corrupted: str  # what the scanner gave
    lost: int = 0  # paragraphs whose end was lost (a perfect cleaner marks each)
    classes: set[str] = field(default_factory=set)


def _cut_positions(text: str) -> list[int]:
    """Where a column break can fall: inside the text, not at a sentence end."""
    return [i for i in range(4, len(text) - 4) if text[i - 1] not in SENTENCE_END + "，、；：" and text[i] not in "，。、；：！？”）"]


def inject(blocks: list[str], defect: str, rng: random.Random) -> Sample:
    """Corrupt one page with one defect class (or "all")."""
    classes = set(DEFECTS) if defect == "all" else {defect}
    reference = list(blocks)
    corrupted = list(blocks)
    lost = 0
    if "lost_text" in classes:
        for i, block in enumerate(reference):
            if len(block) > 45 and rng.random() < 0.06:
                at = rng.choice(_cut_positions(block))
                reference[i] = corrupted[i] = block[:at]
                lost += 1
    if "traditional" in classes:
        s2t = opencc.OpenCC("s2t")
        corrupted = [_convert_span(b, s2t, rng) if len(b) > 20 and rng.random() < 0.25 else b for b in corrupted]
    if "stray_latin" in classes:
        corrupted = [_english_word(b, rng) if len(b) > 20 and rng.random() < 0.2 else b for b in corrupted]
    if "invisible" in classes:
        corrupted = [_invisible(b, rng) if rng.random() < 0.25 else b for b in corrupted]
    if "stutter" in classes:
        corrupted = [_stutter(b, rng) if len(b) > 30 and rng.random() < 0.1 else b for b in corrupted]
    if "punctuation" in classes and (defect == "punctuation" or rng.random() < 0.3):
        corrupted = [b.translate(HALF) for b in corrupted]
    if "repeated_blocks" in classes:
        corrupted = _repeat_run(corrupted, rng)
    if "column_breaks" in classes:
        cut = []
        for block in corrupted:
            if len(block) > 30 and rng.random() < 0.3 and not _is_cut(block):
                at = rng.choice(_cut_positions(block))
                cut.extend([block[:at], block[at:]])
            else:
                cut.append(block)
        corrupted = cut
    separator = "\n\n" if "invisible" not in classes else rng.choice(["\n\n", "\n\n\n", "\n \n"])
    return Sample("\n\n".join(reference), separator.join(corrupted), lost, classes)


def _is_cut(block: str) -> bool:
    return block[-1:] not in SENTENCE_END


def _convert_span(block: str, s2t, rng) -> str:
    at = rng.randrange(0, len(block) - 4)
    return block[:at] + s2t.convert(block[at:at + 4]) + block[at + 4:]


def _english_word(block: str, rng) -> str:
    found = [(m.start(), m.group()) for m in re.finditer("|".join(sorted(ENGLISH, key=len, reverse=True)), block)]
    if not found:
        return block
    at, word = rng.choice(found)
    return f"{block[:at]} {ENGLISH[word]} {block[at + len(word):]}"


def _invisible(block: str, rng) -> str:
    roll = rng.randrange(4)
    at = rng.randrange(1, max(2, len(block) - 1))
    if roll == 0:
        return block[:at] + "\u200b" + block[at:]
    if roll == 1:
        return "\u3000\u3000" + block
    if roll == 2:
        return re.sub(r"\d+", lambda m: m.group().translate(FULL_DIGITS), block, count=1)
    return block[:at] + "\u00a0" + block[at:] if re.match("[\u4e00-\u9fff]{2}", block[at - 1:at + 1]) else block + " "


def _stutter(block: str, rng) -> str:
    """A clause printed two or three times in a row; now and then one of
    the copies (the first print too) with a character misread."""
    clauses = [m for m in re.finditer("[^，。；！？]{4,20}[，；]", block)]
    if not clauses:
        return block
    m = rng.choice(clauses)
    copies = [m.group()] * (1 + rng.choice((1, 2)))
    if rng.random() < 0.3:
        which = rng.randrange(len(copies))
        copies[which] = _misread_one(copies[which], rng)
    return block[:m.start()] + "".join(copies) + block[m.end():]


def _repeat_run(blocks: list[str], rng) -> list[str]:
    """A run of 1-3 blocks printed again: right after itself, after the block
    that follows it, or further down; the copy now and then with misreads,
    or cut by a column break where the first print was not."""
    candidates = [i for i in range(len(blocks) - 1) if len(blocks[i]) > 30]
    if not candidates:
        return blocks
    start = rng.choice(candidates)
    run = blocks[start:start + rng.choice((1, 2, 3))]
    copy = [_misread(b, rng) if rng.random() < 0.5 else b for b in run]
    end = start + len(run)
    roll = rng.random()
    where = end if roll < 0.35 else min(end + 1, len(blocks)) if roll < 0.7 else rng.randint(end, len(blocks))
    if rng.random() < 0.3:
        at = rng.randrange(len(copy))
        if len(copy[at]) > 30:
            cut = rng.choice(_cut_positions(copy[at]))
            copy[at:at + 1] = [copy[at][:cut], copy[at][cut:]]
    return blocks[:where] + copy + blocks[where:]


def _misread(block: str, rng) -> str:
    chars = list(block)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(chars))
        if "\u4e00" <= chars[at] <= "\u9fff":
            chars[at] = rng.choice("口日曰目自白百旦且")
    return "".join(chars)


def _misread_one(text: str, rng) -> str:
    """One Han character of text read as another."""
    han = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff"]
    at = rng.choice(han)
    return text[:at] + rng.choice([c for c in "口日曰目自白百旦且" if c != text[at]]) + text[at + 1:]


DEFECTS = ("punctuation", "column_breaks", "lost_text", "repeated_blocks", "stutter", "stray_latin", "traditional", "invisible")


NEWS = Path(__file__).resolve().parent / "data" / "news_rmrb199801.jsonl"


@functools.cache
def news_pages() -> tuple[tuple[str, ...], ...]:
    """Every report of the news corpus as a page of blocks: title, paragraphs."""
    with open(NEWS, encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines if line.strip()]
    return tuple((a["title"], *a["paragraphs"]) for a in articles)


def corpus(pages: int, seed: int) -> list[list[str]]:
    """`pages` real reports in a seeded order (each once until all are used)."""
    articles = news_pages()
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    return [list(articles[order[n % len(order)]]) for n in range(pages)]
