"""Splitting and tagging rules, each with cases that must not fire."""

import pytest

from build_tools.model import CleanedSource, Source
from build_tools.segment import (
    UNTITLED, is_byline, is_column_label, is_credit, is_signature, segment, split_dateline, split_trailing_credit,
)

SOURCE = Source(name="007_ab.txt", text="", sha256="0" * 64, encoding="utf-8")


def page(*texts: str, kinds=None) -> list:
    from build_tools.clean.blocks import classify_blocks

    blocks = classify_blocks(list(texts), [(0, 0)] * len(texts))
    return segment(CleanedSource(source=SOURCE, blocks=tuple(blocks), changes=()))


@pytest.mark.parametrize("text, expected", [
    ("县区传真 CHUANZHEN", True), ("HEXINTISHI 核心提示▶", True), ("锦州印象 YINXIANG", True),
    ("建设5G基站", False), ("GDP增长", False), ("锦州全力推进14个重点项目建设", False),
])
def test_column_labels(text, expected):
    assert is_column_label(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("本报记者 崔治", True), ("本报记者崔治", True), ("记者 张三 李四", True),
    ("本报记者 崔治 摄", False), ("记者在现场看到，工人们正忙碌着。", False), ("本报讯 记者崔治报道", False),
    ("□ 郑文博", True), ("□\u3000许青", True), ("□ 本报记者 邵明远", True),
    ("■ 重要提示", False), ("记者帮忙", False),  # a box over a phrase; a column named for the reporter
    ("（丹翁）", True), ("（完）", False), ("（待续）", False), ("（上）", False),  # a pen name; an editor's notes
])
def test_bylines(text, expected):
    assert is_byline(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("锦州港提供", True), ("本报记者 崔治 摄", True), ("本版制图 许科", True), ("本栏目内容由本报记者白复海整理", True),
    ("锦州数字城一期项目施工现场。 本报记者 崔治摄", False), ("通过招商提供岗位，促进就业。", False),
])
def test_credits(text, expected):
    assert is_credit(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("锦州市民 张旭", True), ("宝钛华神钛业有限公司总经理 王俊博", True), ("读者　马建国　2025年4月2日", True),
    ("读者 马建国", False),
    ("振兴路 铿锵行", False), ("启新征程 勇争先", False), ("积蓄奋进力量 开创美好未来", False),
])
def test_signatures(text, expected):
    assert is_signature(text) is expected


def test_datelines_and_trailing_credits_split_off_the_prose():
    assert split_dateline("本报讯 记者崔治报道 3月9日，项目复工。") == ("本报讯 记者崔治报道", "3月9日，项目复工。")
    assert split_dateline("本报讯 今年是首战之年。") == ("本报讯", "今年是首战之年。")
    assert split_dateline("本报记者在现场看到，项目复工。") == ("", "本报记者在现场看到，项目复工。")
    assert split_trailing_credit("让企业办事更快捷。 本报记者崔治摄") == ("让企业办事更快捷。", "本报记者崔治摄")
    assert split_trailing_credit("他说：“我摄”。") == ("他说：“我摄”。", "")


def test_a_title_with_a_dateline_opens_a_story_and_a_plain_heading_is_a_section():
    stories = page("第一篇的标题", "本报讯 记者崔治报道 正文第一段，内容。", "小标题", "正文第二段，内容。",
                   "第二篇的标题", "本报讯 记者文继红报道 另一篇正文，内容。")
    assert [s.title for s in stories] == ["第一篇的标题", "第二篇的标题"]
    assert [(b.kind, b.text) for b in stories[0].blocks] == [
        ("paragraph", "正文第一段，内容。"), ("heading", "小标题"), ("paragraph", "正文第二段，内容。")]
    assert stories[1].dateline == "本报讯 记者文继红报道"


def test_a_column_label_opens_a_story_and_names_its_column():
    stories = page("第一篇的标题", "正文，内容。", "锦州印象 YINXIANG", "老旧小区焕然一新", "楼体粉刷一新，居民满意。", "本报记者 崔治 文并摄")
    assert [(s.title, s.column) for s in stories] == [("第一篇的标题", ""), ("老旧小区焕然一新", "锦州印象")]
    assert stories[1].credits == ("本报记者 崔治 文并摄",)


def test_a_signature_makes_a_signed_piece_and_a_byline_mid_article_stays_in_its_story():
    stories = page("启新征程", "正文，内容。", "本报记者", "白复海", "正文继续，内容。", "城变民安岁月甜", "锦州市民 张旭", "我所生活的城市，越来越好。")
    assert [s.title for s in stories] == ["启新征程", "城变民安岁月甜"]
    assert stories[0].bylines == ("本报记者 白复海",)
    assert stories[1].bylines == ("锦州市民 张旭",)


@pytest.mark.parametrize("column", ["文化观察", "体育时评", "法官说法"])
def test_a_comment_columns_name_over_a_sentence_and_a_byline_is_the_kicker_of_that_headline(column):
    story = page(column, "古城不是布景，生活才是它的底色。", "□　周叙白", "国庆假期，多地古城古镇游人如织。热闹之余，也有游客吐槽。")[0]
    assert (story.title, story.decks) == ("古城不是布景，生活才是它的底色。", (column,))


def test_a_short_title_over_a_sentence_and_a_byline_stays_the_title():
    # no comment column's name: the line between the headline and the byline is its deck
    story = page("启新征程", "锦州奋力开创高质量发展新局面。", "本报记者　白复海", "正文，内容。")[0]
    assert (story.title, story.decks) == ("启新征程", ("锦州奋力开创高质量发展新局面。",))


def test_a_letters_signature_closes_the_letter_and_is_no_title_of_the_next_story():
    stories = page("请关注乡村校车安全", "我是一名乡村教师，在山区学校工作了十一年。", "云南某县教师　杨春梅",
                   "外援梅开二度", "本报讯 记者崔治报道 昨晚，球队主场取胜。")
    assert [s.title for s in stories] == ["请关注乡村校车安全", "外援梅开二度"]
    assert stories[0].blocks[-1].text == "云南某县教师　杨春梅"


def test_a_columns_label_over_the_headline_is_its_kicker_and_a_roundups_name_its_title():
    story = page("法官说法", "对照《劳动法》，加班费该怎么算？", "本报记者　章雯", "读者何先生打来电话咨询。")[0]
    assert (story.title, story.decks) == ("对照《劳动法》，加班费该怎么算？", ("法官说法",))
    story = page("科教文卫简讯", "流感疫苗开始接种", "全市流感疫苗接种工作昨日启动。")[0]
    assert story.title == "科教文卫简讯"


def test_a_notices_issuer_and_date_close_it_and_a_communiques_head_their_text():
    stories = page("关于开展认定工作的通知", "各市工业和信息化局：", "为贯彻落实有关部署，现将有关事项通知如下。",
                   "联系人：中小企业处　王琪", "山西省工业和信息化厅", "2024年8月15日",
                   "2023年云州市统计公报（摘要）", "云州市统计局　国家统计局云州调查队", "2024年3月20日",
                   "一、综合", "全年全市地区生产总值比上年增长5.6%。")
    assert [s.title for s in stories] == ["关于开展认定工作的通知", "2023年云州市统计公报（摘要）"]
    assert [b.text for b in stories[0].blocks][-2:] == ["山西省工业和信息化厅", "2024年8月15日"]
    assert stories[1].bylines == ("云州市统计局　国家统计局云州调查队",)
    assert stories[1].blocks[0].text == "2024年3月20日"


def test_captions_with_credits_and_lists_are_not_prose():
    story = page("标题", "正文，内容。", "锦州港迎接驶入的货轮。", "锦州港提供", "一、营商环境持续优化", "二、新旧动能加快转换")[0]
    assert [b.kind for b in story.blocks] == ["paragraph", "caption", "subheading", "subheading"]
    assert story.credits == ("锦州港提供",)


def test_label_pairs_make_an_infographic_story():
    stories = page("国家物流枢纽", "完善枢纽功能，建设支点城市。", "区域中心城市", "锚定战略地位，打造增长点。",
                   "加快建设区域性中心城市", "工业倍增", "深化工业发展，构建产业体系。", "本版制图 许科",
                   "HEXINTISHI 核心提示▶", "征程浩荡启幕，锦州怀揣时代重托，锚定战略坐标。")
    assert [s.title for s in stories] == ["加快建设区域性中心城市", UNTITLED.replace(UNTITLED, "核心提示")]
    assert [b.kind for b in stories[0].blocks].count("label") == 3
    assert stories[0].credits == ("本版制图 许科",)
    assert stories[1].column == "核心提示"


def test_two_paragraphs_without_heads_stay_one_story():
    stories = page("正文第一段，内容。", "正文第二段，内容。")
    assert len(stories) == 1 and stories[0].title == UNTITLED


def test_odd_pages_do_not_break_segmentation():
    assert [s.bylines for s in page("好消息传来", "锦州市民\t张旭", "我所生活的城市，越来越好。")] == [("锦州市民\t张旭",)]
    assert page("2022年", "1200", "2023年", "1500")  # a chart's bare figures: no crash


def test_a_headline_too_long_for_a_heading_over_a_dateline_is_still_the_title():
    from build_tools.model import CleanedSource, Source
    from build_tools.clean.blocks import classify_blocks
    from build_tools.segment import segment

    texts = ["李鹏总理主持审议并原则通过国家科委关于加速科技进步汇报提纲等国家科技领导小组召开会议",
             "新华社北京1月8日电 国务院总理李鹏昨天下午主持召开了国家科技领导小组第四次会议。"]
    blocks = classify_blocks(texts, [(0, 1), (2, 3)])
    source = Source(name="p.txt", text="\n\n".join(texts), sha256="", encoding="utf-8")
    story = segment(CleanedSource(source=source, blocks=tuple(blocks), changes=()))[0]
    assert story.title == texts[0]
    assert story.dateline == "新华社北京1月8日电"


@pytest.mark.parametrize("byline", ["本报记者　刘畅　通讯员　王小芳", "记者 陈浩 文/图", "文/张三", "文／张三　图／李四",
                                    "□ 本报记者 李明", "■ 首席记者 周立", "（丹翁）", "（马二先生）"])
def test_the_bylines_papers_print_are_bylines(byline):
    from build_tools.segment import is_byline
    assert is_byline(byline)


@pytest.mark.parametrize("text", ["本报记者 崔治摄", "锦州港提供", "文化自信", "（一）", "（改革落实在基层）"])
def test_credits_heads_and_numbers_are_no_bylines(text):
    from build_tools.segment import is_byline
    assert not is_byline(text)


def test_text_read_before_its_headline_is_that_storys_opening_not_an_untitled_story():
    """The engine read the first column before a headline set over the others,
    and the column ended on a whole sentence (no cut for the cleaner to see)."""
    from build_tools.clean import clean_source
    from build_tools.segment import UNTITLED, segment

    text = ("近年来，浙江省安吉县坚持生态优先，把绿水青山作为发展的底色，推动生态资源转化为发展资本。\n\n"
            "绿水青山撬动“美丽经济”\n\n走出大山，走向市场，当地农民的收入连续五年增长超过百分之十。\n\n"
            "记者在采访中了解到，这里的竹林面积达到一百多万亩。")
    (story,) = segment(clean_source(Source(name="x.txt", text=text, sha256="", encoding="utf-8")))
    assert story.title == "绿水青山撬动“美丽经济”" != UNTITLED
    assert [b.text[:4] for b in story.blocks] == ["近年来，", "走出大山", "记者在采"]


def test_a_roundups_items_are_its_sections_and_a_signature_under_a_letter_closes_it():
    stories = page("城事速递", "南湖公园荷花节下月开幕", "今年荷花节将于下月初开幕，持续一个月。", "市图书馆延长开放时间",
                   "从本周起，市图书馆夜间开放至二十二时。", "感谢那位公交司机", "上周我把钱包落在了公交车上，司机师傅一直等我。",
                   "钱包里的证件一样不少，我想借贵报向他道一声谢。",
                   "读者　刘秀英", "马拉松下周开跑", "本报讯 记者崔治报道 两万名跑者将参加比赛。")
    assert [s.title for s in stories] == ["城事速递", "感谢那位公交司机", "马拉松下周开跑"]
    assert [b.text for b in stories[0].blocks if b.kind == "heading"] == ["南湖公园荷花节下月开幕", "市图书馆延长开放时间"]
    assert stories[1].blocks[-1].text == "读者　刘秀英"


def test_an_evening_papers_dateline_names_its_reporters():
    assert split_dateline("晚报讯 记者 孙浩 通讯员 牛晓东 昨天上午，地铁开通。") == ("晚报讯 记者 孙浩 通讯员 牛晓东", "昨天上午，地铁开通。")
    assert split_dateline("本报讯 记者近日从市交通局获悉，地铁开通。") == ("本报讯", "记者近日从市交通局获悉，地铁开通。")
