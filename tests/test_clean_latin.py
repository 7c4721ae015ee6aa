import pytest

from build_tools.clean.latin import restore_latin
from helpers import flags, run_rule


@pytest.mark.parametrize(
    "before, after",
    [
        ("锦州市综合实力 and 竞争力显著增强", "锦州市综合实力和竞争力显著增强"),
        ("乡镇养老服务 centers、社区养老服务站", "乡镇养老服务中心、社区养老服务站"),
        ("同比 growth 12.5%。", "同比增长12.5%。"),
        ("推动PM2.5 policy，落实", "推动PM2.5政策，落实"),
    ],
)
def test_stray_english_with_an_unambiguous_chinese_reading_is_restored(before, after):
    assert run_rule(restore_latin, before) == after


@pytest.mark.parametrize(
    "text",
    [
        "县区传真 CHUANZHEN",  # pinyin column label
        "建成5G基站，B型血",  # letters bound to numbers or Chinese
        "与Huawei公司合作，GDP增长",  # names and acronyms
        "He said yes, and 中国 replied",  # real English text
        "使用iPhone手机",
    ],
)
def test_legitimate_latin_is_left_alone(text):
    assert run_rule(restore_latin, text) == text
    assert flags(restore_latin, text) == []


def test_unknown_english_word_in_chinese_is_flagged_not_guessed():
    text = "推动 the 项目建设"
    assert run_rule(restore_latin, text) == text
    assert flags(restore_latin, text) == ["中文里夹有英文“the”：无法确定对应的中文"]
