"""Enrich: the metadata a reader browses and cites by, from the page's evidence.

Works on the stories of one page at a time: they share the page's paper,
page number and date. A date is never invented: it comes from the page's
date line, or a dateline's month and day with a year the text gives, or it is
"unknown" with the reason. The sidecar `sources/NAME.yml` may supply or
correct any field (handbook/editors.md).
"""

from __future__ import annotations

import datetime
import logging
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

import jieba

from .lexicon import (HAN, HAN_RE, NOTICE_RE, PRICE_LIST_RE, PRICE_RE, SHORT_MASTHEAD_RE, SURNAMES,
                      count_chars, furniture)
from .names import names
from .printed_script import fold_to_simplified
from .model import ADVERT, NEWS, NOTICE, PRINTED_FIELDS, UNKNOWN, Cleaning, Story, StoryMeta

jieba.setLogLevel(logging.WARNING)



class EnrichConfig(NamedTuple):
    """The numbers enrich goes by."""

    chars_per_minute: int = 400  # adult readers of Chinese prose read about 300-500 a minute
    keyword_count: int = 8  # TF-IDF keywords kept
    keyword_pos: frozenset[str] = frozenset(("n", "nz", "vn", "ns", "nt", "v", "an", "l", "i"))  # jieba's tags
    # An advert under no price-list head: this many prices (lexicon.PRICE_RE) in a text this short, with no
    # full stop (adverts list; a news brief quoting two fares tells in sentences).
    advert_prices: int = 3
    advert_max_chars: int = 300


DEFAULT_CONFIG = EnrichConfig()
_MONTH_DAY_RE = re.compile(r"^(\d{1,2})月(\d{1,2})日")
_FULL_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_YEAR_AFTER_DATE_RE = re.compile(r"^\d{1,2}月\d{1,2}日[，,]\s*(\d{4})年")
# Who did what, in bylines and credits: the words around the names.
_ROLE_SUFFIX_RE = re.compile("\\s*(报道|文并摄|采写|整理|摄|制图|提供|供图)$")
# The words around and between the names of a credit (本版稿件由…, 本报驻内罗毕记者 高朗, 记者 吕晨 通讯员 方正).
_ROLE_WORDS_RE = re.compile("本版稿件由|本版图片由|本栏目内容由|本栏目|本版|本报|新华社|中新社|特约|首席|驻[^\\s记]{1,8}?(?=记者)|"
                            "见习|记者|评论员|通讯员|实习生|摄影|制图|编辑|[文图]\\s*[/／]")
# A dateline's credit in brackets: 本报讯（记者 吕晨 通讯员 方正）.
_DATELINE_CREDIT_RE = re.compile("（([^）]*(?:记者|通讯员)[^）]*)）")
# A Chinese name: a surname and one or two characters (four-character
# dictionary words tagged nr are mostly idioms: 严格遵守, 宣誓就职).
MAX_NAME_CHARS = 3
_NUMERAL_RE = re.compile("[0-9.,%]+")
_PLACE_END_RE = re.compile("[市县区省镇乡村港湾河山路街州]$")


def cleaning_summary(story: Story) -> Cleaning:
    """Number of changes per rule, and how many are doubts left for a person."""
    by_rule = Counter(change.rule for change in story.changes if not change.flag)
    flags = sum(1 for change in story.changes if change.flag)
    return Cleaning(sum(by_rule.values()), flags, tuple(sorted(by_rule.items())))


def page_date(page_context: tuple[str, ...]) -> str | None:
    """The ISO date of the page's date line, if it prints one."""
    return _page_fact(page_context, "date") or None


def _page_fact(page_context: tuple[str, ...], field: str) -> str:
    """The first furniture line's paper, date or page, or "" (a Traditional
    line read through its fold; a paper's name given back as printed)."""
    for line in page_context:
        folded = fold_to_simplified(line)
        fact = furniture(folded)
        value = getattr(fact, field) if fact is not None else ""
        if field == "paper" and not value and SHORT_MASTHEAD_RE.fullmatch(folded.strip()):
            value = folded.strip()  # a masthead alone, furniture for the date line beside it (clean.blocks)
        if value:
            at = re.sub(r"\s+", "", folded).find(value) if field == "paper" else -1
            return re.sub(r"\s+", "", line)[at:at + len(value)] if at >= 0 else value
    return ""


def split_names(text: str) -> list[str]:
    """Personal names in a run like "文继红崔治" or "张继伟、文继红、崔浩"."""
    names = []
    for token in re.split("[、，,\\s]+", text):
        token = token.strip()
        while len(token) > 3:  # names printed without a separator: cut where a surname starts
            cut = next((i for i in (2, 3) if token[i] in SURNAMES and len(token) - i in (2, 3)), 0)
            if not cut:
                break
            names.append(token[:cut])
            token = token[cut:]
        if 2 <= len(token) <= 3 and re.fullmatch(f"[{HAN}]+", token):
            names.append(token)
    return names


def credit_names(credit: str) -> list[str]:
    """Names in a credit or byline, without the words around them."""
    names = []
    for part in re.split("(?=本版|本栏目)", credit):
        core = _ROLE_SUFFIX_RE.sub("", part.strip())
        for between_roles in _ROLE_WORDS_RE.split(core):
            names.extend(split_names(between_roles))
    return names


def people_in_credits(story: Story) -> tuple[list[str], list[str], list[str]]:
    """(authors, photographers, photo providers) from dateline, bylines and credits, as printed (a Traditional
    page's are read through its fold: 本報記者 is 本报记者)."""
    printed = "\n".join([story.dateline, *story.bylines, *story.credits])
    folded = fold_to_simplified(printed)
    dateline, *rest = folded.split("\n")
    bylines, credits = rest[:len(story.bylines)], rest[len(story.bylines):]
    authors, photographers, providers = [], [], []
    reporter = re.search("记者(.+?)报道", dateline)
    if reporter:
        authors += split_names(reporter.group(1))
    for credit in _DATELINE_CREDIT_RE.findall(dateline):
        authors += credit_names(credit)
    for byline in bylines:
        if len(byline.split()) > 1 and not _ROLE_WORDS_RE.search(byline):
            authors.append(byline.split()[-1])  # a signature: "锦州市民 张旭"
        else:
            authors += credit_names(byline)
    for credit in credits:
        for part in re.split("(?=本版|本栏目)", credit):
            part = part.strip()
            if part.endswith(("提供", "供图")):
                providers.append(_ROLE_SUFFIX_RE.sub("", part))
            elif part.endswith("文并摄"):
                authors += credit_names(part)
                photographers += credit_names(part)
            elif part.endswith("摄"):
                photographers += credit_names(part)
            elif part.endswith(("采写", "整理")):
                authors += credit_names(part)
    return tuple(as_printed(_unique(found), folded, printed) for found in (authors, photographers, providers))


# How a date was found, as the story page says it. A year the text gives
# serves the page's other datelines (enrich_page).
FROM_PAGE_DATE = "版面的日期行"
YEAR_IN_TEXT = "电头的月日，年份见于正文"
YEAR_AFTER_DATE = "电头的月日，年份紧随其后"
YEAR_ON_PAGE = "电头的月日，年份取自同版另一篇报道"
NO_DATE = "版面没有日期行，电头后也没有日期"
FROM_FILE_NAME = "文件名中的日期（版面未印日期）"
# An ISO date or eight digits in a file's name (jb_0129_1920-04-03_0001, shenbao_19200403_p2): the day of
# its issue, where the page prints none.
_NAME_DATE_RE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
NAME_YEARS = (1800, 2100)


def date_from_name(name: str) -> str | None:
    """The issue's date a file's name gives (its first valid date), or None."""
    for match in _NAME_DATE_RE.finditer(name):
        year, month, day = (int(part) for part in match.groups())
        if NAME_YEARS[0] <= year <= NAME_YEARS[1]:
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:
                continue
    return None
FROM_EDITOR = "编辑（附注文件）"


def story_date(story: Story, page_year: int | None) -> tuple[str, str]:
    """(date or "unknown", how it was found)."""
    from_page = page_date(story.page_context)
    if from_page:
        return from_page, FROM_PAGE_DATE
    headed = story.dateline_block  # the date follows the dateline: 本报锦州5月6日讯
    lead = story.blocks[headed].text if headed is not None else ""
    month_day = _MONTH_DAY_RE.match(lead)
    if not month_day:
        return UNKNOWN, NO_DATE
    month, day = int(month_day.group(1)), int(month_day.group(2))
    text = story_text(story)
    full = [m for m in _FULL_DATE_RE.finditer(text) if (int(m.group(2)), int(m.group(3))) == (month, day)]
    if full:
        return f"{int(full[0].group(1)):04d}-{month:02d}-{day:02d}", YEAR_IN_TEXT
    after = _YEAR_AFTER_DATE_RE.match(lead)
    if after:
        return f"{int(after.group(1)):04d}-{month:02d}-{day:02d}", YEAR_AFTER_DATE
    if page_year:
        return f"{page_year:04d}-{month:02d}-{day:02d}", YEAR_ON_PAGE
    return UNKNOWN, f"电头只有{month}月{day}日，没有年份"


def story_text(story: Story) -> str:
    return "\n".join([story.title, *story.decks, *(b.text for b in story.blocks)])


def tagged(text: str) -> list[tuple[str, str]]:
    """(word, part of speech): jieba's segmenter, whose small HMM (4 states)
    joins runs of unknown characters into words, and each word's tag from
    jieba's dictionary; an unknown word gets the tag its shape suggests.
    jieba's own tagger (jieba.posseg) runs a 256-state HMM over every such run,
    three quarters of a page's cleaning time, for tags only unknown words need
    (`make bench-tag` measures both on annotated 人民日报 text)."""
    import jieba.posseg  # (jieba's tables, pinyin and the TF-IDF are loaded where used: the MkDocs process
    #                       that only starts a build in another need not load them)

    jieba.dt.check_initialized()
    known = jieba.posseg.dt.word_tag_tab
    return [(word, known.get(word) or unknown_tag(word)) for word in jieba.cut(text)]


def unknown_tag(word: str) -> str:
    """The tag of a word jieba's dictionary does not hold, by its shape: a
    surname and one or two characters may be a name (nr), a word ending as
    places end a place (ns), another run of Chinese characters a noun (n);
    digits are numerals (m), Latin letters eng, the rest x."""
    if HAN_RE.fullmatch(word[:1] or " ") and all(HAN_RE.fullmatch(char) for char in word):
        if len(word) == 1:
            return "x"
        if word[0] in SURNAMES and len(word) <= MAX_NAME_CHARS:
            return name_tag(word)
        return "ns" if _PLACE_END_RE.search(word) else "n"
    if word.isdigit() or _NUMERAL_RE.fullmatch(word):
        return "m"
    return "eng" if word.isascii() and word.isalpha() else "x"


@lru_cache(maxsize=1 << 16)
def name_tag(word: str) -> str:
    """nr if jieba's tagger, its HMM run over this word alone, reads it as
    one personal name (张岸涛), else n (文旅体, 高颜值): the shape alone takes
    too many new coinages for names. Only such words pay for the large HMM."""
    import jieba.posseg

    pairs = list(jieba.posseg.cut(word))
    return "nr" if len(pairs) == 1 and pairs[0].flag == "nr" else "n"


def keywords(tags: list[tuple[str, str]], config: EnrichConfig = DEFAULT_CONFIG) -> list[str]:
    """jieba's TF-IDF keywords (jieba.analyse.extract_tags with allowPOS), from
    a story's tagged words: the same ranking, without tagging the text again."""
    import jieba.analyse

    tfidf = jieba.analyse.default_tfidf
    counts: dict[str, float] = {}
    for word, flag in tags:
        if flag in config.keyword_pos and len(word.strip()) >= 2 and word.lower() not in tfidf.stop_words:
            counts[word] = counts.get(word, 0.0) + 1.0
    total = sum(counts.values())
    weight = {word: count * tfidf.idf_freq.get(word, tfidf.median_idf) / total for word, count in counts.items()}
    return sorted(weight, key=weight.__getitem__, reverse=True)[:config.keyword_count]


def story_kind(story: Story, config: EnrichConfig = DEFAULT_CONFIG) -> str:
    """News, a notice (its head names it: 启事, 更正, 誌謝) or an advert (its
    head names a price list, or it lists prices and tells no sentence)."""
    head = fold_to_simplified(" ".join([story.title, *story.decks]))
    body = fold_to_simplified("\n".join([*story.decks, *(b.text for b in story.blocks)]))  # (an unpunctuated list reads as decks)
    if NOTICE_RE.search(head):
        return NOTICE
    prices = len(PRICE_RE.findall(body))
    if prices and PRICE_LIST_RE.search(head) or prices >= config.advert_prices \
            and len(body) <= config.advert_max_chars and "。" not in body and not story.dateline:
        return ADVERT
    return NEWS


def enrich_page(stories: list[Story], config: EnrichConfig = DEFAULT_CONFIG) -> list[Story]:
    """Metadata for the stories of one page (they share its paper, page and date)."""
    dates = [story_date(story, None) for story in stories]
    # a year one story of the page establishes serves the page's other datelines
    page_year = next((int(date[:4]) for date, source in dates
                      if date != UNKNOWN and source in (YEAR_IN_TEXT, YEAR_AFTER_DATE)), None)
    enriched = []
    for story, (date, date_source) in zip(stories, dates):
        if date == UNKNOWN and page_year:
            date, date_source = story_date(story, page_year)
        if date == UNKNOWN and (named := date_from_name(story.source.name)):
            date, date_source = named, FROM_FILE_NAME  # nothing on the page dates it: its file's name
        authors, photographers, providers = people_in_credits(story)
        printed_body = "\n".join(b.text for b in story.blocks)
        # jieba reads Simplified: a Traditional page through its fold; names are given back as printed
        body, title = fold_to_simplified(printed_body), fold_to_simplified(story.title)
        title_tags, body_tags = tagged(title), tagged(body)
        # every name the story prints (a page may show a few; the data keeps all): title, decks and text
        printed = "\n".join([story.title, *story.decks, printed_body])
        folded = fold_to_simplified(printed)
        places, people, organisations = (as_printed(found, folded, printed) for found in names(folded))
        people = _unique([*people, *authors, *photographers])  # the page's evidence: who wrote and who took the pictures
        words = as_printed(keywords([*title_tags, ("\n", "x"), *body_tags], config), f"{title}\n{body}",
                           f"{story.title}\n{printed_body}")
        chars = count_chars(story_text(story))
        meta = StoryMeta(
            kind=story_kind(story, config),
            authors=tuple(authors),
            photographers=tuple(photographers),
            photo_providers=tuple(providers),
            paper=_page_fact(story.page_context, "paper") or story.source.collection_paper or UNKNOWN,
            page=_page_fact(story.page_context, "page") or UNKNOWN,
            date=date,
            date_source=date_source,
            places=tuple(places),
            people=tuple(people),
            organisations=tuple(organisations),
            keywords=tuple(words),
            characters=chars,
            reading_minutes=max(1, round(chars / config.chars_per_minute)),
            cleaning=cleaning_summary(story),
        )
        corrected = _sidecar_fields(story)
        printed = {PRINTED_FIELDS[name]: corrected.pop(name) for name in list(corrected) if name in PRINTED_FIELDS}
        enriched.append(replace(story, **printed, meta=replace(meta, **corrected)))
    return enriched


def as_printed(names: list[str], folded: str, printed: str) -> list[str]:
    """Names found in a page's fold (fold_to_simplified), as the page prints
    them where first found (the fold keeps every offset)."""
    if folded == printed:
        return names
    shown = []
    for name in names:
        at = folded.find(name)
        shown.append(printed[at:at + len(name)] if at >= 0 else name)
    return list(dict.fromkeys(shown))


def _sidecar_fields(story: Story) -> dict:
    """An editor's metadata: page-wide fields, then the story's own (`stories: {position: …}`)."""
    sidecar = story.source.sidecar
    fields = sidecar.page.given()
    if "date" in fields:
        fields["date_source"] = FROM_EDITOR
    per_story = sidecar.for_story(story.position).given()
    fields.update(per_story)
    if "date" in per_story:
        fields["date_source"] = FROM_EDITOR
    return fields


def pinyin_slug(title: str, max_words: int = 6) -> str:
    from pypinyin import lazy_pinyin

    words = [w for w in jieba.cut(re.sub(f"[^{HAN}0-9A-Za-z]+", " ", title)) if w.strip()]
    parts = ["".join(lazy_pinyin(word)).lower() for word in words[:max_words]]
    return "-".join(re.sub("[^a-z0-9]+", "", p) for p in parts if p) or "story"


def story_slug(story: Story) -> str:
    """A readable URL that no other story can change: date, the title in
    pinyin, and a short hash of the scan's file name and the story's place on
    it ("2023-03-09-jinzhou-quanli-tuijin-14-ge-zhongdianxiangmu-5e0c1a").
    Not of the scan's bytes: a mended scan keeps its stories' URLs (and the
    pages linking to them stay as they are) unless a title or date changes."""
    import hashlib

    date = story.meta.date if story.meta else UNKNOWN
    tag = hashlib.sha256(f"{story.source.name}:{story.position}".encode()).hexdigest()[:6]
    return (f"{date}-" if date != UNKNOWN else "") + f"{pinyin_slug(story.title)}-{tag}"


def assign_slugs(stories: list[Story]) -> list[Story]:
    return [replace(story, slug=story_slug(story)) for story in stories]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))
