import pytest

from build_tools.clean.columns import LOST_MARK, join_column_breaks, mark_lost_text
from helpers import flags, run_rule


@pytest.mark.parametrize(
    "left, right",
    [
        ("理清“通道+枢纽+网络+平台”的产业发", "展理念，以产业带动通道建设。"),  # a word across the cut
        ("上半年，锦州共开展招商引资活动247批次，签约额达559.", "6亿元。"),  # a decimal
        ("项目于2021年", "5月开工，预计完工时间为2024年。"),  # a date
        ("以“2023年春风行动暨就业", "援助月”为主题，把农民工作为重点服务对象。"),  # a quotation
        ("在现场设立直播带岗专区，通过抖音平台直播带岗的方式，", "邀请企业进入直播间宣传企业、发布岗位信息。"),  # cannot stop on a comma
        ("如今的锦州，清新的空气让人步履轻盈，不觉", "疲惫。餐桌上的黑山褐壳鸡蛋都是地道的绿色美味。"),  # a stub
        ("锦州港航道改扩建工程现场挖泥船挥舞着机械臂全力作业，辽宁龙宇新材料有限公司高性能有机颜料项目投产满负荷", "运行，华为云计算中心加速发展。"),
    ],
)
def test_a_paragraph_cut_by_a_column_break_is_joined(left, right):
    assert run_rule(join_column_breaks, f"{left}\n\n{right}") == left + right


@pytest.mark.parametrize(
    "left, right",
    [
        ("锦州全力推进14个重点项目建设", "总投资额超过500亿元，涵盖城建、交通等多个领域"),  # title, deck
        ("总投资额超过500亿元，涵盖城建、交通等多个领域", "本报讯 记者崔治报道 3月9日，锦州数字城一期项目正式复工。"),
        ("东北陆海新通道为东亚地区与欧洲之间物流运输提供了", "初秋时节，习近平总书记再次亲临辽宁，考察调研。"),  # lost text
        ("不断开拓全市优化调整行政审批体制，33个部门、166人、", "“咱们小区现在地平了，楼面新了。”居民说。"),  # quotation opens
        ("一、营商环境持续优化", "持续深化“放管服”改革，推进政务服务便利化。"),  # a list head
        ("坚持“三一”理念，创新发展", "实施科技创新三年行动计划，培育高新技术企业。"),  # a sub-head
        ("这一段文字已经完整地结束了，后面另起一段，这是很长的一段话。", "锦州港迎接驶入的货轮。"),
        ("锦州港项目建设稳步推进，签约项目陆续落地，产业链条不断延伸，全市上下形成合力", "二、推进产业转型升级"),
    ],
)
def test_headings_list_items_and_new_paragraphs_are_not_glued_on(left, right):
    text = f"{left}\n\n{right}"
    assert run_rule(join_column_breaks, text) == text


def test_an_unfinished_paragraph_that_nothing_continues_is_marked():
    lost = "不断开拓全市优化调整行政审批体制，33个部门、166人、"
    text = f"{lost}\n\n“咱们小区现在地平了。”居民说。"
    assert run_rule(mark_lost_text, text) == f"{lost}{LOST_MARK}\n\n“咱们小区现在地平了。”居民说。"
    assert flags(mark_lost_text, text) == ["段落在句中中断，后文无接续"]
    short = "今年，锦州市坚持以人民为中\n\n激发形成“活”的态势"
    assert run_rule(mark_lost_text, short).startswith(f"今年，锦州市坚持以人民为中{LOST_MARK}")


@pytest.mark.parametrize(
    "text",
    [
        "锦州全力推进14个重点项目建设\n\n正文。",  # a title
        "110家企业参与，提供岗位2382个\n\n正文。",  # a deck ending on a count
        "让企业群众办事更暖心更快捷。 本报记者崔治摄\n\n正文。",  # a caption with its credit
        "开放赋能未来——全域转身向海，打造新通道桥头堡\n\n正文。",  # a sub-head
        "一、营商环境持续优化，政务服务更加便利\n\n正文。",
    ],
)
def test_titles_decks_captions_and_heads_are_not_marked(text):
    assert run_rule(mark_lost_text, text) == text


def test_bare_figures_in_separate_blocks_are_not_glued():
    text = "2022年\n\n1200\n\n2023年\n\n1500"
    assert run_rule(join_column_breaks, text) == text
