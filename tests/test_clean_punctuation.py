import pytest

from build_tools.clean.punctuation import flag_unbalanced, pair_straight_quotes, widen_punctuation, widen_stops
from helpers import flags, run_rule


@pytest.mark.parametrize(
    "before, after",
    [
        ("锦州:昂扬奋斗", "锦州：昂扬奋斗"),
        ("投资,建设;发展!好吗?", "投资，建设；发展！好吗？"),
        ("全面提升锦州港在15市(盟)的地位", "全面提升锦州港在15市（盟）的地位"),
        ("签约额达559.6亿元,对接企业438家", "签约额达559.6亿元，对接企业438家"),
        ("建设5G,发展B型", "建设5G，发展B型"),
        ("增长90%,同比", "增长90%，同比"),
        ("锦州(Jinzhou)是", "锦州（Jinzhou）是"),
    ],
)
def test_half_width_marks_in_chinese_become_full_width(before, after):
    assert run_rule(widen_punctuation, before) == after


@pytest.mark.parametrize(
    "text",
    [
        "总计1,000,000元",  # thousands separator
        "上午10:30开幕",  # time
        "比例为3:1",  # ratio
        "详见 https://example.com/a,b?c=1 网站",  # URL
        "He said: yes, (really) no!",  # real Latin text
    ],
)
def test_numbers_times_urls_and_latin_keep_their_marks(text):
    assert run_rule(widen_punctuation, text) == text


def test_stops_after_chinese_become_full_width_but_decimals_stay():
    assert run_rule(widen_stops, "项目开工.投资1.2亿元.等等...") == "项目开工。投资1.2亿元。等等……"
    assert run_rule(widen_stops, "version 1.2. See e.g. this") == "version 1.2. See e.g. this"


def test_straight_quotes_pair_up_in_chinese():
    assert run_rule(pair_straight_quotes, '打造"数字城"和"智慧港"') == "打造“数字城”和“智慧港”"
    assert run_rule(pair_straight_quotes, '打造"数字城和智慧港') == '打造"数字城和智慧港'  # odd: left alone


def test_unbalanced_quotes_and_brackets_are_flagged_not_changed():
    text = "描绘“全域”转身向海“蓝图，倾心谋划。\n\n完整的“引号”与（括号）。"
    assert run_rule(flag_unbalanced, text) == text
    assert flags(flag_unbalanced, text) == ["本段的“”不成对"]
    assert flags(flag_unbalanced, "对（的）。") == []
    assert flags(flag_unbalanced, "反”向“。") == ["本段的“”不成对"]


def test_a_column_tags_opening_bracket_read_as_another_mark_is_mended():
    """Every headline of the development sets that ends on a column tag, its
    （ read as 〈 < 《 ( [ 【, comes back; a line with no tag is left alone."""
    from build_tools.clean.misreads import _BRACKET_LOOKALIKES, mend_tag_brackets
    from tests.bench.articles import DEVELOPMENT, load

    tagged = {a.title for corpus in DEVELOPMENT for a in load(corpus) if a.title.endswith("）") and "（" in a.title[2:]}
    assert len(tagged) >= 5
    for title in tagged:
        at = title.rindex("（")
        for mark in _BRACKET_LOOKALIKES:
            garbled = title[:at] + mark + title[at + 1:]
            assert run_rule(mend_tag_brackets, f"{garbled}\n\n正文第一段。") == f"{title}\n\n正文第一段。"
    for text in ("〈改革）", "他说（好〈的）", "见《人民日报》", "托养一人（改革落实在基层）"):
        assert run_rule(mend_tag_brackets, text) == text
