from build_tools.clean.breaks import normalise_paragraph_breaks, strip_line_space
from helpers import run_rule


def test_blocks_are_separated_by_exactly_one_blank_line():
    text = "\n\n标题\n\n\n\n第一段。\n\n\n第二段。\n\n"
    assert run_rule(normalise_paragraph_breaks, text) == "标题\n\n第一段。\n\n第二段。"


def test_a_wrapped_long_line_is_joined_but_short_lines_stay_apart():
    wrapped = "锦州充分发挥锦州港在东北陆海新通道的枢纽和门户作用，全面提升\n锦州港的航运枢纽地位。"
    assert run_rule(normalise_paragraph_breaks, wrapped) == wrapped.replace("\n", "")
    credits = "本报记者 白复海 摄\n本版制图 许科"
    assert run_rule(normalise_paragraph_breaks, credits) == "本报记者 白复海 摄\n\n本版制图 许科"
    finished = "这一句已经完整地结束了，后面另起一段，这是很长的一行文字。\n下一段。"
    assert run_rule(normalise_paragraph_breaks, finished) == finished.replace("\n", "\n\n")


def test_spaces_at_line_edges_go():
    assert run_rule(strip_line_space, "  锦州 \t\n\t港  ") == "锦州\n港"


def test_an_english_line_wrap_keeps_its_space():
    text = "The quick brown fox jumps over the\nlazy dog and keeps running far away."
    assert run_rule(normalise_paragraph_breaks, text) == text.replace("\n", " ")
