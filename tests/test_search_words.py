from build_tools.search_words import search_words, tile


def test_words_are_tiled_into_the_most_dictionary_words():
    assert tile("招商引资") == ("招商", "引资")
    assert tile("重点项目") == ("重点", "项目")
    assert tile("中华人民共和国") == ("中华", "人民", "共和国")


def test_short_or_untileable_words_stay_whole():
    assert tile("锦州港") == ("锦州港",)
    assert tile("小区") == ("小区",)
    assert tile("东北陆海新通道") == ("东北陆海新通道",)  # no tiling of 2+ character words covers it


def test_a_phrase_is_cut_the_same_in_any_context():
    for text in ["锦州共开展招商引资活动", "用招商引资新成效厚植产业", "招商引资"]:
        words = search_words(text)
        assert "招商" in words and "引资" in words and "招商引资" not in words
