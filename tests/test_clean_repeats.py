import random
import re

import pytest

from bench.corpus import news_pages
from build_tools.clean.repeats import MIN_REPEATED_CHARS, NEAR_CLAUSE, SAME_BLOCK, STUTTER_MIN_HAN, remove_repeated_blocks, remove_stutters
from build_tools.clean.words import CONTEXT, loose_characters
from build_tools.lexicon import HAN_RE
from helpers import page, run_rule

A = "锦州数字城是今年锦州全力推进的14个重点项目之一，这些项目总投资额超过500亿元。"
B = "锦州港航道改扩建工程正在紧张进行，锦州港现有主航道为15万吨级。"
C = "平静的海面上挖泥船正在作业，项目于2021年5月开工，预计2024年完工。"


def test_a_run_printed_twice_in_a_row_keeps_one_copy():
    assert run_rule(remove_repeated_blocks, page("标题", A, B, A, B, C)) == page("标题", A, B, C)


def test_a_run_printed_again_further_down_keeps_the_first_place():
    assert run_rule(remove_repeated_blocks, page(A, B, "小标题", C, A, B)) == page(A, B, "小标题", C)


def test_a_near_copy_counts_and_the_better_reading_is_kept():
    misread = A.replace("推进", "推迸").replace("项目", "顶目")
    assert run_rule(remove_repeated_blocks, page(misread, B, A)) == page(A, B)
    assert run_rule(remove_repeated_blocks, page(A, B, misread)) == page(A, B)


def test_a_copy_split_differently_by_a_column_break_counts():
    cut = A.index("总投资")
    assert run_rule(remove_repeated_blocks, page(A, B, A[:cut], A[cut:], C)) == page(A, B, C)


def test_short_blocks_and_different_paragraphs_stay():
    text = page("本报记者 崔治", A, "本报记者 崔治", B, C)
    assert run_rule(remove_repeated_blocks, text) == text


def test_a_clause_stuttered_in_a_row_keeps_one_copy():
    text = "推动党组织作用向城市“神经末梢”延伸，党组织作用向城市“神经末梢”延伸，党组织作用向城市“神经末梢”延伸，打通服务群众。"
    assert run_rule(remove_stutters, text) == "推动党组织作用向城市“神经末梢”延伸，打通服务群众。"
    near = "伊朗改变单位99个，伊朗改百单位99个，同比增长。"
    assert run_rule(remove_stutters, near) == "伊朗改变单位99个，同比增长。"


def test_chinese_reduplication_and_parallel_clauses_stay():
    for text in ["大家研究研究，看看再说。", "无人不创新、无时不创新、无处不创新。", "这一路，锦州攻坚克难；这一路，锦州勤耕不辍。", "常常，天天，年年。"]:
        assert run_rule(remove_stutters, text) == text


def test_reduplication_and_a_name_called_twice_are_not_stutters():
    for text in ["他们一块石头一块石头地垒起了堤坝。", "“小明，小明，快回来。”", "一步一步，一步一步地走到今天。"]:
        assert run_rule(remove_stutters, text) == text


def test_a_sentence_quoted_again_as_a_pull_quote_is_not_a_repeated_block():
    long = "据了解，基金年度经费由1987年设立时的600万元已增加到目前的1100万元。10年来，基金共资助1100人，资助经费总额达6693万元，平均资助强度为6万元。"
    quote = "基金年度经费由1987年设立时的600万元已增加到目前的1100万元。"
    assert run_rule(remove_repeated_blocks, page("标题", long, quote, C)) == page("标题", long, quote, C)


def test_parallel_clauses_differing_in_a_word_are_not_a_misread_stutter():
    for text in ["城镇选区每一代表所代表的人口数大体相等，农村选区每一代表所代表的人口数大体相等，缩短了名单。",
                 "番禺市沙湾镇骏业有限公司、番禺市沙湾镇强业机械有限公司、山东淄川华夏刚玉管厂等4家企业。"]:
        assert run_rule(remove_stutters, text) == text



def test_the_first_print_of_a_lead_paragraph_that_holds_the_title_stays():
    title = "余村：绿水青山就是金山银山"
    lead = "本报安吉3月12日电 初春时节走进余村，“绿水青山就是金山银山”的标语格外醒目。二十年前，这里还是尘土飞扬的矿区。"
    assert run_rule(remove_repeated_blocks, page(title, lead, lead, C)) == page(title, lead, C)


# ---------------------------------------------------------------- issue 19: runs re-printed, stutters of three
# Articles written for these tests (modern news prose, varied length: a lead,
# quotes, figures, a short sub-head), and the reports of the news corpus.

ARTICLES = (
    ("稳就业政策持续显效",
     "本报北京3月12日电 记者王晓东报道：今年以来，各地持续加大稳就业政策落实力度，城镇新增就业人数保持稳定增长，重点群体就业总体平稳。",
     "人力资源和社会保障部有关负责人介绍，截至2月底，全国已发放一次性扩岗补助资金23.6亿元，惠及企业38万户，带动高校毕业生等青年群体就业近百万人。",
     "与此同时，各地积极开展春风行动等公共就业服务专项活动，线上线下累计举办招聘会4.2万场，发布岗位信息超过2000万个。",
     "这位负责人表示，下一步将继续实施就业优先政策，加强职业技能培训，拓宽市场化社会化就业渠道，切实兜牢民生底线。"),
    ("余村：绿水青山就是金山银山",
     "初春时节，走进浙江省安吉县余村，满目青翠，游人如织。二十年前，这里还是炸山开矿、尘土飞扬的石灰岩产区，村民守着矿山过日子。",
     "关停矿山以后，余村人一度陷入迷茫。村党支部带领大家复垦矿区、修复溪流，发展乡村旅游和竹林经济，村集体经济收入从不足20万元增长到去年的1500多万元。",
     "“绿水青山就是金山银山，这个道理我们是一步一步体会出来的。”村民潘春林说，他家的农家乐去年接待游客两万多人次，一家人的日子越过越红火。",
     "年轻人回来了",
     "如今，余村正在探索全域旅游新路子，吸引了一批年轻人返乡创业，数字游民、文创工作室在村里扎下了根。",
     "专家认为，余村的实践表明，生态保护与经济发展并不矛盾，关键是找准转化路径，让生态优势持续转化为发展优势。"),
    ("春运铁路发送旅客4.8亿人次",
     "记者从国家铁路集团获悉，今年春运期间全国铁路累计发送旅客4.8亿人次，同比增长约38%，单日旅客发送量多次创下历史新高。",
     "为应对客流高峰，铁路部门加开夜间高铁和临时旅客列车，优化车票预售和候补购票功能，在重点车站增设便民服务设施，旅客出行体验明显改善。",
     "在广州南站，志愿者为老年旅客提供引导、搬运行李等服务。一位返乡务工人员说，现在买票方便了，进站也快了，回家的路越来越顺。",
     "铁路部门表示，将总结春运经验，持续提升运输组织水平，为广大旅客提供更加安全、便捷、舒适的出行服务。"),
    ("我国新一代气象卫星投入业务运行",
     "本报讯 记者李静报道：中国气象局日前宣布，我国新一代静止轨道气象卫星正式投入业务运行，可每15分钟对我国及周边地区完成一次全圆盘观测。",
     "据介绍，新卫星搭载的闪电成像仪和高光谱探测仪均为国内首次在轨应用，对台风、暴雨等灾害性天气的监测预警能力显著提升。",
     "“过去判断一个对流云团会不会发展成强降水，预报员要等雷达资料；现在卫星就能提前半小时给出信号。”国家卫星气象中心一位研究员说。",
     "目前，卫星资料已向30多个国家和地区开放共享。",
     "下一步，中国气象局将加快卫星资料在数值预报、农业气象和生态环境监测中的应用，更好服务防灾减灾和经济社会发展。"),
    ("全民健身场地设施不断完善",
     "体育总局近日发布的数据显示，全国人均体育场地面积已达2.89平方米，城市社区“15分钟健身圈”基本建成。",
     "在河南郑州，一处废弃的厂房改造成了综合健身中心，篮球馆、羽毛球馆和攀岩墙一应俱全，每天吸引上千名市民前来锻炼。",
     "“下班后带孩子来打一场球，比在家看手机强多了。”市民张磊说。",
     "业内人士指出，下一步要在盘活存量上下功夫，推动学校体育场馆向社会开放，让更多群众就近就便参与健身。"),
)
LEAD = ARTICLES[0]
P1, P2, P3, P4 = LEAD[1:5]


def test_a_run_of_two_printed_again_after_the_next_block_keeps_one_copy():
    assert run_rule(remove_repeated_blocks, page(LEAD[0], P1, P2, P3, P1, P2, P4)) == page(*LEAD)
    assert run_rule(remove_repeated_blocks, page(LEAD[0], P1, P2, P1, P2, P3, P4)) == page(*LEAD)


def test_a_run_printed_again_and_cut_elsewhere_by_a_column_break_keeps_one_copy():
    """The copy's pieces are each a part of longer earlier text, as a pull quote
    is; in line one after another they print the whole stretch again."""
    cut = len(P1) - 12
    assert run_rule(remove_repeated_blocks, page(LEAD[0], P1, P2, P3, P1[:cut], P1[cut:] + P2, P4)) == page(*LEAD)
    cut = 30
    assert run_rule(remove_repeated_blocks, page(LEAD[0], P1, P2, P3, P1, P2[:cut], P2[cut:], P4)) == page(*LEAD)


def test_a_misread_copy_keeps_the_first_reading_unless_it_reads_better_at_every_place():
    copy = P2.replace("资金", "资全").replace("高校", "高核")
    assert run_rule(remove_repeated_blocks, page(LEAD[0], P1, P2, P3, P1, copy, P4)) == page(*LEAD)
    first = P2.replace("资金", "资全")
    assert run_rule(remove_repeated_blocks, page(LEAD[0], P1, first, P3, P1, P2, P4)) == page(*LEAD)
    # each print misread at another place: neither reads better, the first stays
    assert run_rule(remove_repeated_blocks, page(LEAD[0], P1, first, P3, P1, copy.replace("资全", "资金"), P4)) \
        == page(LEAD[0], P1, first, P3, P4)
    # a copy a character short ("在" went with the block before it) is a piece of the block, not a reading of it
    rail = ARTICLES[2]
    assert run_rule(remove_repeated_blocks, page(*rail[:4], rail[2], rail[3][1:], rail[4])) == page(*rail)


def test_a_pull_quote_beside_a_repeated_run_is_still_a_quote():
    quote = "村集体经济收入从不足20万元增长到去年的1500多万元。"
    village = ARTICLES[1]
    text = page(village[0], village[1], village[2], quote, village[1], village[3])
    assert run_rule(remove_repeated_blocks, text) == page(village[0], village[1], village[2], quote, village[3])


def test_a_clause_stuttered_three_times_keeps_one_copy_wherever_the_misread_stands():
    before, clause, after = "面对新形势新任务，", "我们要坚持绿色发展，", "推动经济社会全面转型。"
    misread = clause.replace("绿", "录")
    for copies in ([clause] * 3, [misread, clause, clause], [clause, misread, clause], [clause, clause, misread],
                   [clause, misread], [misread, clause]):
        assert run_rule(remove_stutters, before + "".join(copies) + after) == before + clause + after


def test_a_stutter_that_ends_the_sentence_keeps_the_sentence_end():
    text = "村集体经济收入不断增长，村民的日子越过越红火，村民的日子越过越红火，村民的日子越过越红火。"
    assert run_rule(remove_stutters, text) == "村集体经济收入不断增长，村民的日子越过越红火。"


def test_a_stutter_of_two_clauses_with_a_misread_keeps_one_copy():
    text = "记者了解到：新岁伊始，记者了鲜到：新岁伊始，几家企业已经开工。"
    assert run_rule(remove_stutters, text) == "记者了解到：新岁伊始，几家企业已经开工。"


def test_short_parallel_clauses_that_differ_in_one_character_stay():
    for text in ["大部分山坡绿草茵茵，片雪无存，片瓦无存，一片荒凉。", "无人不创新、无时不创新、无处不创新。"]:
        assert run_rule(remove_stutters, text) == text


# ---------------------------------------------------------------- properties, on many generated cases

MISREAD_AS = "口日曰目自白百旦且"  # what the injected bench reads a character as


def _pages() -> list[list[str]]:
    return [list(article) for article in ARTICLES] + [list(report) for report in news_pages()]


def _misread(text: str, rng: random.Random, count: int) -> str:
    """`count` Han characters of text read as others, each breaking the words
    around it (more characters jieba leaves alone there): the misread the
    rules can tell from a reading. One that makes a word by chance (口子 for
    丁子) cannot be told, and is not drawn. Misreads stand apart, each judged
    at its own place."""
    chars = list(text)
    places = [i for i, c in enumerate(chars) if HAN_RE.match(c)]
    rng.shuffle(places)
    done: list[int] = []
    for at in places:
        if len(done) == count:
            break
        if any(abs(at - other) <= 2 * CONTEXT for other in done):
            continue
        low, high = max(0, at - CONTEXT), at + 1 + CONTEXT
        trial = chars[:at] + [rng.choice([c for c in MISREAD_AS if c != chars[at]])] + chars[at + 1:]
        if loose_characters("".join(trial[low:high])) > loose_characters("".join(chars[low:high])):
            chars = trial
            done.append(at)
    return "".join(chars)


def _misreads_allowed(piece: str) -> int:
    """As many misreads as leave a piece SAME_BLOCK alike its first print."""
    return int(len(piece) * (1 - SAME_BLOCK) + 1e-9)


def _reprinted(blocks: list[str], rng: random.Random) -> tuple[list[str], list[str]] | None:
    """(the scan, the clean page): a run of 1-3 paragraphs printed again at a
    later place, the copy (or now and then the first print) with 1-3
    misreads, and now and then cut by a column break where the first print
    was not (the tail glued to the next block when a paragraph break was
    lost too). None when the draw is what the rule leaves alone by design:
    a copy with no piece MIN_REPEATED_CHARS long (short blocks may rightly
    stand twice), or misreads beyond SAME_BLOCK."""
    size = rng.randint(1, 3)
    if len(blocks) < size + 1:
        return None
    start = rng.randint(1, len(blocks) - size)
    run = blocks[start:start + size]
    where = rng.randint(start + size, len(blocks))
    first, copy = list(blocks), list(run)
    roll = rng.random()
    misread = "copy" if roll < 0.4 else "first print" if roll < 0.55 else None
    if misread == "first print":  # the copy, whole (a piece is no reading of a block), gives the reading back
        k = rng.randrange(size)
        count = min(3, _misreads_allowed(run[k]))
        if count == 0:
            return None
        first[start + k] = _misread(run[k], rng, rng.randint(1, count))
    elif misread == "copy":
        copy = [_misread(block, rng, rng.randint(0, min(3, _misreads_allowed(block)))) for block in copy]
    if misread != "first print" and rng.random() < 0.4:
        k = rng.randrange(size)
        at = rng.randint(1, len(copy[k]) - 1) if len(copy[k]) > 1 else 0
        if at:
            head, tail = copy[k][:at], copy[k][at:]
            glue = k + 1 < size and rng.random() < 0.3
            copy[k:k + 2 if glue else k + 1] = [head, tail + copy[k + 1]] if glue else [head, tail]
    scan = first[:where] + copy + first[where:]
    pieces = [(piece, sum(a != b for a, b in zip(piece, original)))
              for piece, original in zip(copy, _pieces_of("".join(run), [len(piece) for piece in copy]))]
    if max(len(piece) for piece, _ in pieces) < MIN_REPEATED_CHARS or any(m > _misreads_allowed(p) for p, m in pieces):
        return None
    return scan, blocks


def _pieces_of(text: str, sizes: list[int]) -> list[str]:
    pieces, at = [], 0
    for size in sizes:
        pieces.append(text[at:at + size])
        at += size
    return pieces


def test_property_a_run_printed_again_anywhere_later_leaves_the_page_as_it_was():
    """Runs of 1-3 paragraphs of real text, printed again right after, after
    the next block or further down, as they were, misread, or cut by a column
    break: the rule gives back the page."""
    rng = random.Random(19)
    pages = [blocks for blocks in _pages() if len(blocks) >= 3 and len(set(blocks)) == len(blocks)]
    cases = failures = 0
    while cases < 400:
        drawn = _reprinted(rng.choice(pages), rng)
        if drawn is None:
            continue
        scan, clean = drawn
        cases += 1
        if run_rule(remove_repeated_blocks, page(*scan)) != page(*clean):
            failures += 1
            print("not given back:", scan)
    assert failures == 0


def _stuttered(text: str, rng: random.Random) -> str | None:
    """text with a clause (or the end of one) printed 2 or 3 times in a row,
    now and then one copy misread in a character. None when the draw is what
    the rule leaves alone by design: a unit with fewer than STUTTER_MIN_HAN
    Han characters, or two copies only, one misread, of a clause too short to
    be NEAR_CLAUSE alike (片雪无存，片瓦无存 are two clauses)."""
    clauses = list(re.finditer("[^，。；！？：、“”\n]+[，；]", text))
    if not clauses:
        return None
    clause = rng.choice(clauses)
    start = rng.randint(clause.start(), clause.end() - 2)
    unit = text[start:clause.end()]
    if len(HAN_RE.findall(unit)) < STUTTER_MIN_HAN:
        return None
    copies = [unit] * rng.choice((2, 3))
    if rng.random() < 0.5:
        body = len(unit) - 1
        if len(copies) == 2 and 1 - 1 / body < NEAR_CLAUSE:
            return None
        which = rng.randrange(len(copies))
        copies[which] = _misread(unit[:-1], rng, 1) + unit[-1]
        if copies[which] == unit:
            return None
    return text[:start] + "".join(copies) + text[clause.end():]


def test_property_a_clause_stuttered_two_or_three_times_leaves_the_text_as_it_was():
    rng = random.Random(19)
    paragraphs = [block for blocks in _pages() for block in blocks[1:]]
    cases = failures = 0
    while cases < 400:
        text = rng.choice(paragraphs)
        stuttered = _stuttered(text, rng)
        if stuttered is None:
            continue
        cases += 1
        if run_rule(remove_stutters, stuttered) != text:
            failures += 1
            print("not given back:", stuttered)
    assert failures == 0


@pytest.mark.parametrize("rule", [remove_repeated_blocks, remove_stutters])
def test_property_clean_reports_come_out_without_an_edit(rule):
    """Every report of the news corpus (and every article above), its blocks
    one blank line apart: nothing is printed twice, so nothing is changed."""
    edited = [blocks[0] for blocks in _pages() if rule(page(*blocks))]
    assert edited == []
