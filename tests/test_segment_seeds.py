"""The seed pages split into exactly their stories, with their parts."""

import pytest


def by_source(stories, prefix):
    return [s for s in stories if s.source.name.startswith(prefix)]


def test_002_holds_eight_reports_in_page_order(seed_stories):
    stories = by_source(seed_stories, "002")
    assert [s.title for s in stories] == [
        "锦州全力推进14个重点项目建设",
        "凌海市 突出两个“关键”招商引资",
        "北镇市 以产业创新推动经济转型",
        "老旧小区焕然一新",
        "锦州加快构建现代产业体系步伐",
        "义县 抓项目建设积蓄发展动能",
        "便民利企措施赢得群众称赞",
        "举办重点企业重大项目专场招聘会",
    ]
    assert [s.position for s in stories] == list(range(1, 9))
    first, *_, photo, jobs = stories
    assert first.decks == ("总投资额超过500亿元，涵盖城建、交通、化工等多个领域",)
    assert first.dateline == "本报讯 记者崔治报道"
    assert [b.text for b in first.blocks if b.kind == "caption"] == ["锦州数字城一期项目施工现场。"]
    assert first.credits == ("本报记者 崔治摄",)
    assert photo.column == "图说" and photo.credits == ("本报记者 崔治摄",)  # the space after 记者 is typography
    assert jobs.decks == ("110家企业参与，提供岗位2382个",)
    assert [s.column for s in stories] == ["", "县区传真", "", "锦州印象", "", "", "图说", ""]


def test_004_holds_an_infographic_a_feature_and_four_signed_pieces(seed_stories):
    stories = by_source(seed_stories, "004")
    assert [(s.title, s.bylines) for s in stories] == [
        ("加快建设区域性中心城市", ()),
        ("启新征程 勇争先", ("本报记者 白复海",)),
        ("用社区微光点亮万家灯火", ("锦州市古塔区古城街道星汇园社区党委书记 顾佳昕",)),
        ("争创世界一流稀有金属全流程生产企业", ("宝钛华神钛业有限公司总经理 王俊博",)),
        ("城变民安岁月甜", ("锦州市民 张旭",)),
        ("科技之光照见城市未来", ("锦州医科大学科技处处长 范仲凯",)),
    ]
    graphic, feature = stories[:2]
    assert [b.text for b in graphic.blocks if b.kind == "label"][:3] == ["国家物流枢纽", "区域中心城市", "最佳口碑地级市"]
    assert graphic.credits == ("本栏目内容由本报记者白复海整理", "本报记者 白复海摄", "本版制图 许科")
    assert feature.column == "核心提示"
    assert stories[0].page_context == ("启新征程 勇争先", "锦州", "蓝黄日报", "二〇二五年十一月二十四日", "T08")


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_features_stay_one_story(seed_stories, prefix):
    assert len(by_source(seed_stories, prefix)) == 1


def test_003_parts_sections_captions_and_credits(seed_stories):
    (story,) = by_source(seed_stories, "003")
    assert story.title == "稳中求进 以活保稳 以活促优 锦州“稳活优”并举加快建成辽西中心城市"
    assert story.bylines == ("本报记者崔治",)
    assert [b.text for b in story.blocks if b.kind == "caption"] == [
        "锦州港迎接驶入的货轮。", "古塔公园古朴美丽。", "锦州奥鸿药业的工作人员在加紧研发。", "锦州石化的工人正在进行安全生产检查。"]
    headings = [b.text for b in story.blocks if b.kind == "heading"]
    assert headings[:3] == ["全力构筑“稳”的局面", "激发形成“活”的态势", "逐步积累向“优”动能"]
    subheads = [b.text for b in story.blocks if b.kind == "subheading"]
    assert subheads[0] == "一、营商环境持续优化" and subheads[-1].startswith("► ")
    assert story.credits[-1] == "本报记者崔治整理"
    prose = " ".join(b.text for b in story.blocks if b.kind == "paragraph")
    assert "锦州港提供" not in prose and "锦州港迎接驶入的货轮" not in prose
