from build_tools.clean.traditional import simplify_traditional
from helpers import run_rule


def test_stray_traditional_characters_become_simplified():
    assert run_rule(simplify_traditional, "以区域中心城市建設为统领") == "以区域中心城市建设为统领"
    assert run_rule(simplify_traditional, "經濟發展的後来者") == "经济发展的后来者"


def test_context_picks_the_simplified_form_and_both_script_characters_stay():
    assert run_rule(simplify_traditional, "乾燥的气候") == "干燥的气候"
    for text in ["乾隆年间", "著名的瞭望台", "锦州港口岸通关", "锦州 Jinzhou 5G"]:
        assert run_rule(simplify_traditional, text) == text


def test_only_the_suspect_character_is_replaced():
    edits = simplify_traditional("推动港口城市建設取得新突破")
    assert [(e.start, e.end, e.after) for e in edits] == [(7, 8, "设")]


def test_a_variant_a_name_may_keep_is_flagged_not_changed():
    from build_tools.clean.edits import apply_edits
    from build_tools.clean.traditional import simplify_traditional

    text, changes = apply_edits("记者於春华报道：该公司位於锦州。", "t", simplify_traditional("记者於春华报道：该公司位於锦州。"))
    assert text == "记者於春华报道：该公司位于锦州。"
    assert [c.flag for c in changes] == [True, False]
