"""The printed script is the text (issue 21): a page is read, cleaned and
shown in the script it is printed in; the other script's site converts it.

Ground truth of 晶報 from Jing bao 晶報, Early Chinese Periodicals Online
(ECPO), Heidelberg Centre for Asian and Transcultural Studies, CC BY 4.0 —
repository hcts-hra/ecpo-data, folder `jingbao-textGT/1920/04`, commit
a99e24ebe5c52d90031c0b8d4c806efe7aa41ec6 (tests/bench/data/heldout_jingbao1920.jsonl).
"""

import json
from pathlib import Path

import opencc
import pytest
import yaml

from build_tools.clean import LAYOUT_RULES, clean_source
from build_tools.ingest import parse_sidecar, printed_script, source_from_bytes
from build_tools.pipeline import build
from build_tools.printed_script import SIMPLIFIED, TRADITIONAL, detect_script, simplified_only, traditional_only
from build_tools.settings import Collection
from dataclasses import replace

DATA = Path(__file__).parent / "bench" / "data"
SOURCES = Path(__file__).resolve().parent.parent / "sources"
SCRIPT_RULES = {"simplify_traditional", "traditionalise_simplified"}
# The printed variant glyphs ECPO's transcribers kept (../shared/ecpo-jingbao-1920/variants.json's values).
VARIANTS = "爲囘却欵衆啓够値眞汚卽僞鎭幇靑淸强温旣"


def _articles(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines()]


def _modern_texts() -> list[str]:
    texts = []
    for name in ("dev_evening.jsonl", "dev_specialist.jsonl"):
        for article in _articles(name):
            texts.append("\n\n".join([article["title"], *(b["text"] for b in article["blocks"])]))
    return texts


def _historical_pages() -> list[str]:
    """Each 晶報 article as printed: title, byline, paragraphs."""
    pages = []
    for article in _articles("heldout_jingbao1920.jsonl"):
        printed = article["traditional"]
        pages.append("\n\n".join(part for part in [printed["title"], printed["byline"], *printed["blocks"]] if part))
    return pages


def _source(text: str, name: str = "page.txt"):
    source = source_from_bytes(text.encode("utf-8"), name)
    return replace(source, script=printed_script(source))


def test_the_tables_tell_the_scripts_apart():
    # characters either script prints are in neither table: 干 余 于 台 里 后 面
    for both in "干余于台里后面":
        assert both not in simplified_only() and both not in traditional_only()
    assert {"发", "参", "这", "们"} <= simplified_only()
    assert {"發", "參", "這", "們", "爲", "卽"} <= traditional_only()


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk", "s2twp"])
def test_property_any_modern_article_is_simplified_and_any_conversion_of_it_traditional(config):
    convert = opencc.OpenCC(config).convert
    for text in _modern_texts():
        assert detect_script(text) == SIMPLIFIED
        assert detect_script(convert(text)) == TRADITIONAL


def test_property_a_transcribed_traditional_page_comes_out_as_printed():
    """Every 晶報 article: read as Traditional, no printed character changed, every variant kept. A script
    record only for a Simplified character whose Traditional form the page prints more often (the
    transcribers' 诗 once among 詩)."""
    printed = changed = 0
    for text in _historical_pages():
        source = _source(text)
        assert source.script == TRADITIONAL
        cleaned = clean_source(source)
        for record in (c for c in cleaned.changes if c.rule in SCRIPT_RULES):
            assert record.rule == "traditionalise_simplified" and record.before in simplified_only()
            assert text.count(record.after) > text.count(record.before)
        words = [c for c in cleaned.changes if c.rule not in LAYOUT_RULES and not c.flag]
        changed += sum(len(c.before.strip()) + len(c.after.strip()) for c in words)
        printed += len(text)
        for glyph in VARIANTS:
            assert cleaned.text.count(glyph) == text.count(glyph)
    assert changed <= 0.0005 * printed


def test_property_a_taiwan_paper_with_the_seeds_defects_gets_no_conversion_record():
    """The seeds through s2twp: a Traditional page; its strays (Simplified characters) are few, and never
    every character of a word."""
    convert = opencc.OpenCC("s2twp").convert
    for path in sorted(SOURCES.glob("*.txt")):
        text = convert(path.read_text(encoding="utf-8"))
        source = _source(text, path.name)
        assert source.script == TRADITIONAL
        records = [c for c in clean_source(source).changes if c.rule in SCRIPT_RULES]
        assert len(records) <= sum(char in simplified_only() for char in text)
        assert not [c for c in records if c.rule == "simplify_traditional"]


def test_a_simplified_character_strayed_into_a_traditional_page_is_mended_and_recorded():
    text = "參考消息說，參加會議的代表參觀了工廠。參與者眾多，参加者踴躍。"
    cleaned = clean_source(_source(text))
    [record] = [c for c in cleaned.changes if c.rule in SCRIPT_RULES]
    assert (record.rule, record.before, record.after) == ("traditionalise_simplified", "参", "參")
    assert "参" not in cleaned.text


def test_a_form_old_papers_printed_is_kept_where_the_page_never_prints_the_other():
    text = "中國沒有新劇、却是完全錯誤的、這話什麽意思、决不敢稍涉虛妄、"
    cleaned = clean_source(_source(text))
    assert cleaned.text == text
    assert not cleaned.changes


def test_the_script_is_declared_in_the_sidecar_or_for_the_collection():
    sidecar = parse_sidecar({"script": "zh-Hant"})
    source = replace(source_from_bytes("价目表 一元 二元".encode(), "a.txt"), sidecar=sidecar)
    assert printed_script(source) == TRADITIONAL
    assert printed_script(replace(source, sidecar=parse_sidecar({}))) == SIMPLIFIED
    assert printed_script(replace(source, sidecar=parse_sidecar({})), Collection(script="zh-Hant")) == TRADITIONAL
    with pytest.raises(ValueError, match="script"):
        parse_sidecar({"script": "traditional"})
    with pytest.raises(ValueError, match="conversion"):
        Collection(conversion="t2s")


def _front(page: str) -> tuple[dict, str]:
    _, fields, body = page.split("---\n", 2)
    return yaml.safe_load(fields), body


def test_each_site_shows_a_page_as_printed_in_its_script_and_converts_the_other(tmp_path):
    sources, docs = tmp_path / "sources", tmp_path / "docs"
    sources.mkdir()
    traditional = "晶報社會新聞\n\n本報訊、某君爲之卽日囘滬、淸晨抵埠、衆人皆往迎之。此事眞可謂一時之盛。"
    simplified = (SOURCES / "002_b72c39747ee464c6.txt").read_text(encoding="utf-8")
    (sources / "100_traditional.txt").write_text(traditional, encoding="utf-8")
    (sources / "101_simplified.txt").write_text(simplified, encoding="utf-8")
    result = build(sources, docs, cache_dir=tmp_path / "cache", jobs=1)
    old = next(s for s in result.stories if s.source.name == "100_traditional.txt")
    assert old.source.script == TRADITIONAL
    hant_fields, hant_body = _front((docs / "zh-Hant" / "stories" / f"{old.slug}.md").read_text(encoding="utf-8"))
    hans_fields, hans_body = _front((docs / "zh" / "stories" / f"{old.slug}.md").read_text(encoding="utf-8"))
    assert hant_fields["title"] == "晶報社會新聞" and "爲之卽日囘滬、淸晨" in hant_body  # as printed, variants kept
    assert hans_fields["title"] == "晶报社会新闻" and "为之即日回沪" in hans_body
    assert "traditionalise_simplified" not in hant_body and "simplify_traditional" not in hant_body
    assert "原刊以繁体字印行" in hans_body and 'class="converted"' not in hant_body  # the reader is told
    new = next(s for s in result.stories if s.source.name == "101_simplified.txt")
    hant_new = (docs / "zh-Hant" / "stories" / f"{new.slug}.md").read_text(encoding="utf-8")
    assert opencc.OpenCC("s2t").convert(new.title) in hant_new


def test_the_collection_chooses_how_simplified_pages_read_on_the_traditional_site(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("软件和网络的发展\n\n这个软件通过网络发布，信息很多。", encoding="utf-8")
    result = build(sources, tmp_path / "docs", cache_dir=tmp_path / "cache", jobs=1, collection=Collection(conversion="s2twp"))
    [story] = result.stories
    page = (tmp_path / "docs" / "zh-Hant" / "stories" / f"{story.slug}.md").read_text(encoding="utf-8")
    assert "軟體" in page and "網路" in page  # Taiwan's words, not s2t's 軟件 and 網絡


def test_search_folds_variant_glyphs_with_both_scripts():
    from build_tools.search import fold
    for group in ("爲為为", "卽即", "囘回", "淸清", "眞真", "衆眾众", "吿告"):
        assert len({fold(char) for char in group}) == 1, group


def test_a_collection_manifest_declares_what_a_page_does_not_print(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "p1.txt").write_text("本埠新聞\n\n某君昨日囘滬、衆人往迎、一時稱盛、", encoding="utf-8")
    (sources / "p2.txt").write_text("本埠新聞二則\n\n某君今日離滬、衆人往送、亦一時之盛、", encoding="utf-8")
    (sources / "p2.yml").write_text("date: 1920-04-06\n", encoding="utf-8")  # the page's own sidecar wins
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,paper,date,page\np1.txt,晶報,1920-04-03,2\np2,晶報,1920-04-09,3\ngone.txt,晶報,1920-04-12,1\n",
                        encoding="utf-8")
    result = build(sources, tmp_path / "docs", cache_dir=tmp_path / "cache", jobs=1,
                   collection=Collection(manifest=str(manifest)))
    facts = {s.source.name: (s.meta.paper, s.meta.date, s.meta.page) for s in result.stories}
    assert facts == {"p1.txt": ("晶報", "1920-04-03", "2"), "p2.txt": ("晶報", "1920-04-06", "3")}
    assert [p.source_name for p in result.problems] == ["manifest.csv"]  # a row naming no page
    manifest.write_text("file,paper,when\np1.txt,晶報,1920\n", encoding="utf-8")
    with pytest.raises(ValueError, match="manifest.csv"):
        build(sources, tmp_path / "docs", cache_dir=tmp_path / "cache", collection=Collection(manifest=str(manifest)))
    manifest.write_text("file,date\np1.txt,民國九年\n", encoding="utf-8")
    with pytest.raises(ValueError, match="第 2 行"):
        build(sources, tmp_path / "docs", cache_dir=tmp_path / "cache", collection=Collection(manifest=str(manifest)))


def test_property_an_old_page_of_articles_is_split_into_them_each_titled_as_printed():
    """Every run of three consecutive 晶報 articles (title, pen name or bracketed author, 句讀 prose), set one
    after another on a page: each comes out one story, its title the printed title, its author a byline."""
    from build_tools.segment import segment
    articles = [a["traditional"] for a in _articles("heldout_jingbao1920.jsonl")]
    pages = split = 0
    for start in range(0, len(articles) - 2, 3):
        chunk = articles[start:start + 3]
        blocks = [part for a in chunk for part in (a["title"], a["byline"], *a["blocks"]) if part]
        stories = segment(clean_source(_source("\n\n".join(blocks))))
        pages += 1
        if [s.title for s in stories] == [a["title"] for a in chunk]:
            split += 1
            for story, article in zip(stories, chunk):
                assert not article["byline"] or list(story.bylines) == [article["byline"]]
    assert split >= 0.9 * pages, f"{split} of {pages} pages split into their articles"


def test_property_people_and_places_are_found_in_traditional_text_as_in_simplified():
    """Every dev article, and its OpenCC s2t twin: the twin's people and places are the article's, converted
    (found through the fold, shown as printed); a few may differ where a character both scripts print (乾, 於)
    splits jieba's words otherwise."""
    from build_tools.enrich import enrich_page
    from build_tools.segment import segment
    convert = opencc.OpenCC("s2t").convert
    same = total = 0
    for text in _modern_texts():
        stories = enrich_page(segment(clean_source(_source(text))))
        twins = enrich_page(segment(clean_source(_source(convert(text)))))
        if len(stories) != 1 or len(twins) != 1:
            continue
        for field in ("places", "people"):
            expected = [convert(name) for name in getattr(stories[0].meta, field)]
            found = list(getattr(twins[0].meta, field))
            assert all(name in convert(text) for name in found)  # as printed
            total += len(expected)
            same += len(set(expected) & set(found))
    assert total > 150 and same >= 0.95 * total, f"{same} of {total}"


@pytest.mark.parametrize("config", ["s2t", "s2twp"])
def test_property_a_page_and_its_traditional_twin_give_the_same_stories(config):
    """Every seed and every dev article, printed in Traditional (a Taiwan paper's text with the seeds'
    defects): the same stories, titled, dated and named alike, shown as the twin prints them."""
    from build_tools.enrich import enrich_page
    from build_tools.segment import segment
    convert = opencc.OpenCC(config).convert
    texts = [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.txt"))] + _modern_texts()[::4]
    for text in texts:
        stories = enrich_page(segment(clean_source(_source(text))))
        cleaned = clean_source(_source(convert(text)))
        rules = [c.rule for c in clean_source(_source(text)).changes if c.rule not in SCRIPT_RULES]
        assert rules == [c.rule for c in cleaned.changes if c.rule not in SCRIPT_RULES]  # cleaned alike
        twins = enrich_page(segment(cleaned))
        assert [convert(s.title) for s in stories] == [t.title for t in twins]
        assert [s.meta.date for s in stories] == [t.meta.date for t in twins]
        assert [convert(s.meta.paper) for s in stories] == [t.meta.paper for t in twins]
        for twin in twins:
            assert all(block.text in cleaned.text for block in twin.blocks)  # as printed


def test_the_collection_names_the_paper_where_the_page_does_not(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("本埠新聞\n\n某君昨日囘滬、衆人往迎、一時稱盛、", encoding="utf-8")
    (sources / "b.txt").write_text("蓝黄日报 2023年3月9日 星期四 第2版\n\n锦州港新航线开通\n\n本报讯 锦州港今天开通新航线。",
                                   encoding="utf-8")
    result = build(sources, tmp_path / "docs", cache_dir=tmp_path / "cache", jobs=1, collection=Collection(paper="晶報"))
    assert {s.source.name: s.meta.paper for s in result.stories} == {"a.txt": "晶報", "b.txt": "蓝黄日报"}


def test_notices_and_adverts_are_typed_and_no_report_is_taken_for_one():
    from build_tools.enrich import enrich_page
    from build_tools.segment import segment

    def kinds(text):
        return [s.meta.kind for s in enrich_page(segment(clean_source(_source(text))))]

    assert kinds("◘誌謝\n\n本社承大世界、贈庚申全年長券一紙、特此鳴謝、") == ["notice"]
    assert kinds("定報價格\n\n每三日出一張逐期寄閱全年大洋二元半年大洋一元一角每月大洋二角") == ["advert"]
    assert kinds("家藏良藥龍虎丹\n\n每甁兩劑售洋二元　六甁洋十元　大瓶二元小瓶一元二角") == ["advert"]
    assert kinds("锦州票价调整\n\n本报讯 自下月起，成人票每张10元，学生票5元，老人票3元。") == ["news"]
    for name in ("dev_evening.jsonl", "dev_specialist.jsonl"):  # a notice where the corpus says so, news elsewhere
        for article in _articles(name):
            text = "\n\n".join([article["title"], *(b["text"] for b in article["blocks"])])
            assert set(kinds(text)) == {"notice" if article["genre"] == "notice" else "news"}, article["id"]
    for text in _historical_pages():  # and every 晶報 article
        assert set(kinds(text)) == {"news"}


def test_a_short_masthead_beside_the_date_names_the_paper_as_printed():
    from build_tools.lexicon import furniture
    assert furniture("晶报 1920年4月3日 第2版").paper == "晶报"
    assert furniture("喜报") is None and furniture("晶报") is None  # alone, a word as well as a paper
    from build_tools.enrich import enrich_page
    from build_tools.segment import segment
    text = "申報　1920年4月3日　第3版\n\n本埠新聞\n\n某君昨日囘滬、衆人往迎、一時稱盛、"
    [story] = enrich_page(segment(clean_source(_source(text))))
    assert (story.meta.paper, story.meta.date, story.title) == ("申報", "1920-04-03", "本埠新聞")
