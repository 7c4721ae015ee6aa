import pytest

from build_tools.clean.invisible import join_spaced_chinese, normalise_compat_forms, normalise_spaces, remove_invisible
from helpers import run_rule


def test_zero_width_soft_hyphen_and_control_characters_go():
    assert run_rule(remove_invisible, "锦\u200b州\ufeff港\u00ad\x07口\n下一行") == "锦州港口\n下一行"


def test_odd_spaces_vanish_between_chinese_and_become_plain_elsewhere():
    assert run_rule(normalise_spaces, "锦州\u00a0港") == "锦州港"
    assert run_rule(normalise_spaces, "\u3000\u3000锦州港") == "锦州港"
    assert run_rule(normalise_spaces, "Jinzhou\u00a0Port") == "Jinzhou Port"


def test_compatibility_forms_become_ordinary_characters_but_full_width_punctuation_stays():
    assert run_rule(normalise_compat_forms, "５Ｇ基站ＡＢ型，２０２３年") == "5G基站AB型，2023年"
    assert run_rule(normalise_compat_forms, "（盟）：！？") == "（盟）：！？"


def test_one_ideographic_space_between_chinese_is_typography_until_it_splits_a_character():
    assert run_rule(normalise_spaces, "本报记者\u3000顾文彬\u3000陆瑶") == "本报记者\u3000顾文彬\u3000陆瑶"
    assert run_rule(join_spaced_chinese, "本报记者\u3000顾文彬\u3000陆瑶") == "本报记者\u3000顾文彬\u3000陆瑶"
    assert run_rule(join_spaced_chinese, "锦州\u3000港") == "锦州港"


@pytest.mark.parametrize(
    "before, after",
    [
        ("本报记者 崔 治", "本报记者崔治"),
        ("锦州市民 张 旭", "锦州市民张旭"),
        ("锦州坚持描绘全域转身向海蓝图，倾心谋划，全力打造东北陆 海新通道桥头堡，推动现代化港口城市建设。", "锦州坚持描绘全域转身向海蓝图，倾心谋划，全力打造东北陆海新通道桥头堡，推动现代化港口城市建设。"),
    ],
)
def test_spaces_inside_chinese_names_and_prose_go(before, after):
    assert run_rule(join_spaced_chinese, before) == after


@pytest.mark.parametrize("text", ["启新征程 勇争先", "稳中求进 以活保稳 以活促优", "锦州 Jinzhou 港"])
def test_spaces_between_words_of_a_short_line_stay(text):
    assert run_rule(join_spaced_chinese, text) == text


@pytest.mark.parametrize("text", [
    "老人花两万多元买“神药”\u3000法院判决商家退一赔三",  # after a closing quote
    "规模以上工业增加值同比增长5.8%\u3000社会消费品零售总额增长6.4%",  # after a figure
])
def test_one_ideographic_space_between_the_halves_of_a_head_line_stays(text):
    assert run_rule(normalise_spaces, text) == text


@pytest.mark.parametrize("text", [
    "新华社西安9月9日电（记者王博\u3000李响）在9日晚进行的比赛中，中国队凭借补时阶段的两粒进球，以二比零战胜对手。",
    "晚报讯 记者 孙浩 昨天上午6时，地铁5号线南延段正式开通运营，沿线居民的出行从此更加方便快捷了。",
])
def test_the_spaces_of_a_dateline_stay_in_prose(text):
    assert run_rule(join_spaced_chinese, run_rule(normalise_spaces, text)) == text


def test_the_typesetters_space_before_a_credits_last_word_stays_a_scanners_goes():
    assert run_rule(join_spaced_chinese, "本报记者\u3000李明\u3000摄") == "本报记者\u3000李明\u3000摄"
    assert run_rule(join_spaced_chinese, "本报记者 崔治 摄") == "本报记者 崔治摄"
