import pytest

from build_tools.lexicon import DATELINE_RE, Furniture, display_width, furniture


@pytest.mark.parametrize("line, facts", [
    ("人民日报  1998年1月2日 星期五 第4版", Furniture("人民日报", "1998-01-02", "第4版")),
    ("2019年2月2日 星期六 第4版", Furniture("", "2019-02-02", "第4版")),
    ("“2019年2月2日 星期六' 第4版", Furniture("", "2019-02-02", "第4版")),  # OCR's stray quotes
    ("1998年]月1日 星期四 要闻 第]版", Furniture("", "1998-01-01", "第]版")),  # ] read for 1
    ("二〇二五年十一月二十四日", Furniture("", "2025-11-24", "")),
    ("蓝黄日报", Furniture("蓝黄日报", "", "")),
    ("T08", Furniture("", "", "T08")),
    ("（下转第二版）", Furniture()),
    ("责任编辑：王明", Furniture()),
    ("2019年2月5日 星期二 农历己亥年正月初一 第4版", Furniture("", "2019-02-05", "第4版")),
    # masthead, weekday and page: enough to take the date OCR garbled past reading with them
    ("解放 日 报汪” 星期二今日2版", Furniture("解放日报", "", "今日2版")),
])
def test_furniture_lines_say_paper_date_and_page(line, facts):
    assert furniture(line) == facts


@pytest.mark.parametrize("line", [
    "本报讯 2019年2月2日，全市召开大会。", "启新征程 勇争先", "国家统计局发布年报", "1998年经济工作会议召开",
    "今年是全面建成小康社会决胜之年", "本报召开2019年工作会议",
    # prose that a loose pattern took for furniture (and so dropped from the story)
    "民生", "文化", "天气预报", "疫情通报", "2019年2月5日农历正月初一各地欢度春节", "2019年3月5日 星期二 政府工作报告",
    "校对 工作要细致", "编辑 出版 工作 会议",
    "人民日报 星期二 第2版 刊登文章",  # more left over than a garbled field
])
def test_text_is_not_furniture(line):
    assert furniture(line) is None


@pytest.mark.parametrize("text, dateline", [
    ("新华社北京12月31日电（记者刘振英）今天是", "新华社北京12月31日电（记者刘振英）"),
    ("本报北京1月1日讯 中华全国总工会", "本报北京1月1日讯 "),
    ("据新华社北京12月30日电 西藏", "据新华社北京12月30日电 "),
    ("本报讯 记者崔治报道 近日", "本报讯 记者崔治报道 "),
    ("新华社贵阳十二月三十一日电（记者刘子富）", "新华社贵阳十二月三十一日电（记者刘子富）"),
])
def test_datelines_of_agencies_and_papers(text, dateline):
    assert DATELINE_RE.match(text).group() == dateline


def test_移动通讯_is_not_a_dateline():
    assert DATELINE_RE.match("移动通讯网络覆盖全市") is None


@pytest.mark.parametrize("line", ["机应用或各站台电", "在站台电"])
def test_a_line_of_prose_ending_in_台电_is_not_a_dateline(line):
    # a station files as 电台 or 电视台; any other 台 before 电 is prose cut at a line's end
    assert DATELINE_RE.match(line) is None


def test_a_station_files_a_dateline():
    assert DATELINE_RE.match("湖南电视台长沙5月3日电").group() == "湖南电视台长沙5月3日电"


def test_display_width_counts_em():
    assert display_width("锦州 12月，GDP") == 2 + 1 + 1 + 1 + 1.5  # Han, "12", 月, ，, "GDP"


def test_an_editor_line_needs_a_colon_or_a_space_after_the_role():
    assert furniture("本版编辑 李华") == Furniture()
    assert furniture("编辑、播音员、主") is None


def test_a_line_ending_in_新闻_is_not_a_page_header():
    assert furniture("记协举办的老新闻") is None
    assert furniture("经济新闻") == Furniture()
