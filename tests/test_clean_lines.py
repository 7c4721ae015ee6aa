"""Line-wrapped text (one line per printed line, as Tesseract and PDF text layers give it)."""

import pytest

from build_tools.clean import clean_source
from build_tools.clean.lines import is_line_wrapped, join_wrapped_lines
from build_tools.clean.misreads import fix_digit_misreads
from build_tools.model import Source
from helpers import run_rule

# A 10-character column as Tesseract reads it: indents lost, a headline in
# larger type wrapped in its own measure, a paragraph cut by a blank line the
# engine put at a column break, a dateline, a short last line per paragraph.
COLUMN = """人民日报

1998年1月24日 星期六 第4版

法外长在记者
招待会上表示
推进法中建立
全面合作伙伴
关系

新华社北京1月23日
电（记者李本忠）法国
外交部长今天下午在离
京前举行的一次记者招
待会上说，法中双方将
系统和定期地举行实质

性对话，以便进一步推
进两国间全面合作。
他说，这次访华的
目的是为了与中方讨论
进一步推进全面合作伙
伴关系，并为其注入实
质内容。
"""


def clean_text(text: str) -> str:
    return clean_source(Source(name="t.txt", text=text, sha256="", encoding="utf-8")).text


def test_a_narrow_column_becomes_its_paragraphs():
    assert is_line_wrapped(COLUMN)
    blocks = clean_text(COLUMN).split("\n\n")
    assert blocks[2:] == [
        "法外长在记者招待会上表示推进法中建立全面合作伙伴关系",
        "新华社北京1月23日电（记者李本忠）法国外交部长今天下午在离京前举行的一次记者招待会上说，"
        "法中双方将系统和定期地举行实质性对话，以便进一步推进两国间全面合作。",
        "他说，这次访华的目的是为了与中方讨论进一步推进全面合作伙伴关系，并为其注入实质内容。",
    ]
    assert "〔下缺〕" not in clean_text(COLUMN)


def test_an_indented_line_opens_a_paragraph():
    text = "　　锦州港航道改扩建工程正\n在紧张进行，现有主航道为\n十五万吨级。\n　　项目于二〇二一年五月开\n工，预计明年完工。\n"
    assert run_rule(join_wrapped_lines, text).split("\n\n") == [
        "　　锦州港航道改扩建工程正在紧张进行，现有主航道为十五万吨级。", "　　项目于二〇二一年五月开工，预计明年完工。\n"]


def test_text_set_one_paragraph_a_line_is_left_to_the_paragraph_rules():
    text = "\n".join([
        "锦州坚持描绘全域转身向海蓝图，倾心谋划，全力打造东北陆海新通道桥头堡。",
        "今年7月，锦州围绕打造物流交通枢纽城市开展招商。",
        "据统计，上半年锦州共开展招商引资活动247批次，对接企业438家，洽谈项目353个，签约额达559.6亿元。",
        "本报记者 崔治",
        "近日，锦州全新梳理并谋划了重点项目，较年初谋划的项目投资规模翻了一倍，在陆路运输能力、货运物流站建设等方面进一步落实措施。",
    ])
    assert not is_line_wrapped(text)
    assert join_wrapped_lines(text) == []


def test_digits_misread_as_brackets_are_read_back():
    assert run_rule(fix_digit_misreads, "1998年]月24日 第]版，北京1]月21日电") == "1998年1月24日 第1版，北京11月21日电"
    assert run_rule(fix_digit_misreads, "见[注]月，A|B") == "见[注]月，A|B"


def test_a_number_too_wide_for_the_line_left_it_short():
    text = "本报讯 山西省委、省政\n府紧密结合本省实际，于\n1996年初提出了从根本上整\n治腐败问题的“一整两反”工\n作思路，即整顿财经纪律、反\n对铺张浪费、反对官僚主义。\n"
    assert clean_text(text) == "本报讯 山西省委、省政府紧密结合本省实际，于1996年初提出了从根本上整治腐败问题的“一整两反”工作思路，即整顿财经纪律、反对铺张浪费、反对官僚主义。"


def test_a_paragraph_ending_on_a_short_line_lost_its_mark_not_its_words():
    text = COLUMN.replace("进两国间全面合作。", "进两国间全面合作")
    cleaned = clean_source(Source(name="t.txt", text=text, sha256="", encoding="utf-8"))
    assert "〔下缺〕" not in cleaned.text
    assert "推进两国间全面合作\n\n他说" in cleaned.text
    assert any(c.flag and "句末标点" in c.reason for c in cleaned.changes)


def test_a_subhead_between_paragraphs_is_a_heading_not_lost_text():
    text = COLUMN.replace("他说，这次访华的", "深化两国全面合作\n\n他说，这次访华的")
    cleaned = clean_source(Source(name="t.txt", text=text, sha256="", encoding="utf-8"))
    assert "\n\n深化两国全面合作\n\n他说" in cleaned.text
    assert [b.kind for b in cleaned.blocks if b.text == "深化两国全面合作"] == ["heading"]
    assert "〔下缺〕" not in cleaned.text
    one_a_line = "锦州港航道改扩建工程正在紧张进行，现有主航道为十五万吨级，项目于二〇二一年五月开工。\n\n坚持创新驱动，激发发展活力\n\n今年以来，全市新增科技型中小企业三百余家，研发投入同比增长百分之十二。"
    assert "〔下缺〕" not in clean_text(one_a_line)


def test_a_column_rule_read_as_a_bar_goes():
    from build_tools.clean.misreads import remove_rule_marks

    assert run_rule(remove_rule_marks, "节日前夕山西省|委：省政府，职工过 |好春节") == "节日前夕山西省委：省政府，职工过好春节"
    assert run_rule(remove_rule_marks, "A|B, x | y") == "A|B, x | y"


def test_a_rule_read_as_a_bar_alone_on_its_line_goes():
    # between the masthead and the first headline: the page opens on the headline
    page = "大众日报\n\n|\n\n市场监管总局通报十起\n典型案例，涉及校园食\n品安全\n\n" + INDENTED_PAGE
    assert clean_text(page).split("\n\n")[:2] == ["大众日报", "市场监管总局通报十起典型案例，涉及校园食品安全"]


def test_an_engines_markdown_bullet_goes_and_the_printed_number_stays():
    from build_tools.clean.misreads import remove_markup_bullets

    captions = "- 1.美丽的东湖森林公园。\n- 2.繁忙的锦州港码头。\n* 锦州港"
    assert run_rule(remove_markup_bullets, captions) == "1.美丽的东湖森林公园。\n2.繁忙的锦州港码头。\n锦州港"
    # not a bullet: a minus, a dash inside a line, Latin text
    for text in ("-3℃至5℃", "气温 - 3℃", "- item one", "——本报记者"):
        assert run_rule(remove_markup_bullets, text) == text


def test_a_quote_mark_inside_a_word_in_an_unbalanced_paragraph_goes():
    from build_tools.clean.misreads import remove_stray_quotes

    assert run_rule(remove_stray_quotes, "使比赛更””具观赏性，吸引赞助商和新”闻传媒。") == "使比赛更具观赏性，吸引赞助商和新闻传媒。"
    assert run_rule(remove_stray_quotes, "他说“新闻”很重要。") == "他说“新闻”很重要。"


def test_a_list_or_a_table_of_equal_lines_stays_a_line_a_row():
    table = "获奖名单\n\n一等奖 张三 北京市第一中学\n二等奖 李四 上海市第二中学\n三等奖 王五 广州市第三中学\n优秀奖 赵六 深圳市第四中学\n"
    assert "一等奖 张三 北京市第一中学\n\n二等奖" in clean_text(table)


def test_blank_lines_of_spaces_are_no_indents():
    text = ("春节前夕，市委书记走访慰问了困难群众，送去了慰问金。\n他强调，要把党和政府的温暖送到千家万户。\n  \n"
            "各级干部要深入基层，倾听群众呼声，解决实际困难。\n会议还研究了其他事项。\n最后大家合影留念。\n  \n")
    assert len(clean_text(text).split("\n\n")) == 5


# A 9-character column whose paragraphs open two characters in: Tesseract put a
# blank line at the column break after a full line that ends a sentence.
INDENTED_PAGE = """本报讯 记者
陈陆军报道：日前，
中港集团在新疆吐
乌大高等级公路交
通工程项目的国际
招标中一举中标，
并签定总承包合同。

此举改变了我国高
速公路交通工程项
目常年被外国公司
垄断的局面。
计划于今年开
通的新疆高等级公
路全长283公里。
"""


def test_a_full_line_after_a_break_goes_on_the_paragraph_when_the_page_indents():
    blocks = run_rule(join_wrapped_lines, INDENTED_PAGE).split("\n\n")
    assert "并签定总承包合同。此举改变了我国高速公路" in blocks[0].replace("\n", "")
    assert blocks[-1].startswith("计划于今年开")


def test_a_page_that_does_not_indent_keeps_its_breaks():
    # the paragraph after a short last line is neither narrower by an indent nor as wide as
    # the column: no evidence that the page indents, so the break stays
    text = INDENTED_PAGE.replace("计划于今年开\n通的", "计划于今年开通\n的")
    assert "并签定总承包合同。\n\n此举" in run_rule(join_wrapped_lines, text)


def test_a_headline_a_few_characters_a_line_is_one_heading():
    side = ("针对前国\n\n王欲恢复\n\n帝制罗总\n\n统强调政\n\n体不容改\n变\n\n"
            "新华社布加勒\n斯特1月3日电\n（记者陈进）罗马\n尼亚总统康斯坦丁\n内斯库3日晚在总\n统府发表声明强调，\n"
            "在其任期内决不容\n许任何改变国家政\n体的企图得逞。\n")
    assert clean_text(side).split("\n\n")[0] == "针对前国王欲恢复帝制罗总统强调政体不容改变"


@pytest.mark.parametrize("head, title", [
    # a headline may end in a question or exclamation mark, the engine's ASCII one a space apart;
    # there the heading ends, and the byline under it stays its own block
    ("青少年\n足球该\n不该\n\n“唯比\n分论” ?\n\n", "青少年足球该不该“唯比分论” ?"),
    ("针对前国\n\n王欲恢复\n\n帝制罗总\n\n统强调政\n\n体不容改\n变！\n\n", "针对前国王欲恢复帝制罗总统强调政体不容改变！"),
])
def test_a_narrow_headline_ending_in_a_question_is_one_heading(head, title):
    page = head + "本报评论员\n齐文\n\n" + INDENTED_PAGE
    blocks = clean_text(page).split("\n\n")
    assert blocks[0] == title and blocks[1] == "本报评论员齐文"


def test_a_kicker_and_its_title_set_a_few_characters_a_line_stay_two_headings():
    # two blocks of four lines each, one width, a word across their lines (土地托 / 管服务):
    # the engine told a kicker from its title; a headline it cut up comes in blocks of a few lines
    page = "河北邯\n郸推行\n土地托\n管服务\n\n托管一\n块地\n富裕一\n村人\n\n（改革\n\n落实在\n基层）\n\n" + INDENTED_PAGE
    blocks = clean_text(page).split("\n\n")
    assert blocks[:2] == ["河北邯郸推行土地托管服务", "托管一块地富裕一村人"]


def test_a_headline_the_engine_cut_at_its_wrap_is_one_heading():
    # a head line as wide as the column, a blank, the rest of the headline: 有限公司 runs across
    body = _set_in_column(["本报深圳6月3日电（记者 潘越）华岳精密机械股份有限公司今日发布公告称，公司拟募集资金不超过12亿元。",
                           "公告显示，本次募投项目中，高端数控机床产线建设项目拟投入募集资金7.5亿元。"], 11)
    page = "华岳精密机械股份有限\n\n公司拟募资12亿元\n\n" + body
    assert clean_text(page).split("\n\n")[0] == "华岳精密机械股份有限公司拟募资12亿元"


def test_a_kicker_and_a_title_a_short_word_apart_stay_two_headings():
    # 攻坚战 / 士们: a two-character word across the break (战士) may be chance
    body = _set_in_column(["本报讯 麦收刚过，河北省邯郸市肥乡区一个村子的田野里，几台播种机正在抢种玉米。"], 11)
    page = "深入打好污染防治攻坚战\n\n士们守护一江碧水\n\n" + body
    assert clean_text(page).split("\n\n")[:2] == ["深入打好污染防治攻坚战", "士们守护一江碧水"]


def test_a_kicker_and_its_title_in_a_narrow_column_are_no_column_of_running_text():
    # lines of three or four characters stacked in a side column: the column they seem to
    # fill is no column a paper sets running text in, so the blank line between the kicker
    # and its title stays
    page = "聚焦安全\n生产月\n\n筑牢安\n全防线，\n守护万\n家灯火\n\n" + _set_in_column(NOTICE_BODY, 13)
    assert clean_text(page).split("\n\n")[:2] == ["聚焦安全生产月", "筑牢安全防线，守护万家灯火"]


def test_names_listed_a_line_each_stay_apart():
    # as short and even as a narrow headline, but no word runs from one line into the next
    names = "张三丰\n\n李四光\n\n王五一\n\n" + INDENTED_PAGE
    out = run_rule(join_wrapped_lines, names)
    assert out.startswith("张三丰\n\n李四光\n\n王五一") and "并签定总承包合同。此举" in out.replace("\n", "")


def test_a_short_line_before_a_full_one_goes_on_when_the_page_indents():
    # "场演出。" ends short (OCR lost the rest of the line); the next line is as wide as
    # the column, where a paragraph's first line on this page is two characters narrower
    page = ("大会堂里悬挂着灯笼，\n今晚这里成了孩子们的\n游乐天地。\n为欢度新春，中国\n京剧院在三楼举行了专\n"
            "场演出。\n《穆桂英挂帅》、《闸\n天宫》等节目吸引了众\n多的京剧爱好者。\n")
    out = run_rule(join_wrapped_lines, page)
    assert "专场演出。《穆桂英挂帅》" in out and "天地。\n\n为欢度新春" in out


@pytest.mark.parametrize("page, joined", [
    # a numeral opening a line inside a word ("中国第 / 一、第二") is no list item
    ("新华社北京1月5日电 全\n国档案部门一年来继续加\n强档案的收集、整理等项\n工作，重庆档案馆收集到\n"
     "一批珍贵的史料。中国第\n一、第二历史档案馆集中\n力量整理积存零散档案。\n", "中国第一、第二历史档案馆"),
    # a bracketed note too wide for the end of a line left that line short
    ("目前学校的教师、科研人员以不同\n的方式进行科技开发服务，服务范\n围涉及几十个县市，累计推广成套\n"
     "开发和推广科技新产品30种\n（个），培训各类农业技术人员\n15万人次，受到农民的赞誉。\n", "30种（个），培训"),
    # a year in brackets opening a line is no list item
    ("由联合国开发计划署和中国\n青少年发展基金会举办的第\n二届国际青少年消除贫困奖\n"
     "（1997）颁奖大会今天在京\n举行，11名青少年获此殊荣。\n", "贫困奖（1997）颁奖"),
], ids=["numeral inside a word", "bracketed note too wide", "year in brackets"])
def test_a_line_a_printer_broke_early_is_joined(page, joined):
    assert joined in run_rule(join_wrapped_lines, page)


def _set_in_column(paragraphs: list[str], width: int) -> str:
    """Paragraphs set `width` characters a line, each first line indented by
    two (the indent lost, as OCR engines drop it), one printed line a line."""
    lines = []
    for paragraph in paragraphs:
        text, room = paragraph, width - 2
        while text:
            lines.append(text[:room])
            text, room = text[room:], width
    return "\n".join(lines) + "\n"


NOTICE_BODY = ["春节将至，人员流动和生产经营活动明显增多，各类安全风险交织叠加。为切实做好节日期间安全防范工作，现将有关事项通知如下。",
               "一、压实工作责任。各地各部门要严格落实安全生产责任制，主要负责同志要亲自部署、亲自检查。",
               "特此通知。"]


def test_a_narrow_headline_naming_a_document_is_one_heading():
    # book-title marks are part of a headline (关于印发《…》的通知), no clause of prose
    page = "关于印发《春\n\n节期间安全生\n\n产检查工作方\n案》的通知\n\n" + _set_in_column(NOTICE_BODY, 11)
    assert clean_text(page).split("\n\n")[0] == "关于印发《春节期间安全生产检查工作方案》的通知"


def test_a_headline_wider_than_the_column_ends_at_its_blank_line():
    # two lines at the headline's own measure, wider than the body's: joined to each
    # other (a word, 人均, runs across), never run on into the body under them
    page = "市统计局：2023年全市居民人\n均可支配收入增长6.2%\n\n" + _set_in_column(
        ["市统计局日前发布数据，2023年全市居民人均可支配收入38746元，比上年名义增长6.2%，扣除价格因素实际增长5.9%。",
         "按常住地分，城镇居民人均可支配收入49218元，增长5.4%；农村居民人均可支配收入22305元，增长7.6%。"], 10)
    blocks = clean_text(page).split("\n\n")
    assert blocks[0] == "市统计局：2023年全市居民人均可支配收入增长6.2%"
    assert blocks[1].startswith("市统计局日前发布数据")


def test_a_notice_keeps_its_issuer_and_its_date_apart():
    # the signature (落款): the issuer's name fills its line, and the date under it is no
    # rest of a sentence (that would go on after the date: "…于 / 2024年5月24日起施行。")
    page = _set_in_column(NOTICE_BODY, 8) + "\n云州市公共交\n通集团有限公司\n\n2024年5月24\n日\n"
    blocks = clean_text(page).split("\n\n")
    assert blocks[-2:] == ["云州市公共交通集团有限公司", "2024年5月24日"]


def test_a_line_its_marks_let_run_past_the_column_still_runs_on():
    # 标点挤压: two commas set at half width let a 10-character column hold 11
    body = _set_in_column(["这种交换机可以大大提高带宽的利用率，大大降低通话成本。"], 10) \
        + "这样，无论对用户还是对\n\n网络，都大大节约了成本。\n" + _set_in_column(["比如，利用普通交换机发电子邮件，只要一接通就要收费。"], 10)
    assert "还是对网络，都大大节约了成本。" in clean_text(body)


def test_a_narrow_headline_with_a_quoted_word_on_a_line_of_its_own_is_one_heading():
    # “专精特新” is one line of the heading: its closing mark ends a quoted word, not a
    # sentence, and its marks, set narrow, make it no wider than the heading's measure
    page = "关于开展\n“专精特新”\n中小企业认\n定工作的通\n知\n\n" + _set_in_column(NOTICE_BODY, 10)
    assert clean_text(page).split("\n\n")[0] == "关于开展“专精特新”中小企业认定工作的通知"


@pytest.mark.parametrize("opening, closing", [("《", "》"), ("“", "”"), ("（", "）"), ("「", "」")])
def test_a_narrow_headline_line_short_before_an_opening_mark_goes_on(opening, closing):
    # 行尾禁则: an opening mark never ends a line, so the printer carried it over and
    # "一本" stopped a character short of the measure; the subtitle under the headline,
    # set smaller, is the widest line of the block, and stays apart
    page = (f"一本\n{opening}村规\n民约{closing}\n的十年\n修订\n一安徽大\n别山区一\n\n个村庄的\n自治故事\n\n"
            + _set_in_column(NOTICE_BODY, 13))
    blocks = clean_text(page).split("\n\n")
    assert blocks[0] == f"一本{opening}村规民约{closing}的十年修订"
    assert blocks[1].startswith("一安徽大")  # (the subtitle: no part of the headline)


def test_a_short_heading_line_before_a_word_that_is_no_mark_stays_apart():
    # the same short line before a line opening on a letter, no word across (一册 / 村规): a heading of its own
    page = "一册\n村规\n民约\n的十年\n修订\n一安徽大\n别山区一\n\n个村庄的\n自治故事\n\n" + _set_in_column(NOTICE_BODY, 13)
    assert clean_text(page).split("\n\n")[0] == "一册"


def test_a_headline_ending_in_a_quotation_stays_apart_from_its_subtitle():
    # both wider than the body's column, no word across: the title and its subtitle
    # (its dash read as 一-) are two head lines, not one heading wrapped
    page = "奋力跑出高质量发展“加速度”\n一-市委经济工作会议侧记\n\n记者\n\n" + _set_in_column(NOTICE_BODY, 10)
    blocks = clean_text(page).split("\n\n")
    assert blocks[0] == "奋力跑出高质量发展“加速度”" and blocks[1].endswith("市委经济工作会议侧记")


def test_a_headline_wrapped_at_its_own_wider_measure_is_one_heading():
    # its first line the widest of the two, no word across the wrap: the measure says it
    page = "我国调整完善境外发债政策境内机构\n累计对外发债一百七十亿美元\n\n" + _set_in_column(NOTICE_BODY, 9)
    assert clean_text(page).split("\n\n")[0] == "我国调整完善境外发债政策境内机构累计对外发债一百七十亿美元"
