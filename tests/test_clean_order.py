from build_tools.clean.order import move_displaced_captions, restore_swapped_blocks
from helpers import page, run_rule

LEFT = "另外，14个重大项目还包括：总投资72亿元的丙烷脱氢项目一期工程，锦州英东新能源发展有限公司900兆瓦风力发电项目、国"
RIGHT = "机集团（锦州）绿色超算中心建设项目、锦州市古塔区城市更新项目等项目。"
CAPTION = "锦州数字城一期项目施工现场。 本报记者 崔治摄"


def test_a_caption_inside_a_cut_paragraph_moves_after_it():
    assert run_rule(move_displaced_captions, page(LEFT, CAPTION, RIGHT)) == page(LEFT, RIGHT, CAPTION)
    two_lines = page(LEFT, "锦州港迎接驶入的货轮。", "锦州港提供", RIGHT)
    assert run_rule(move_displaced_captions, two_lines) == page(LEFT, RIGHT, "锦州港迎接驶入的货轮。", "锦州港提供")


def test_a_date_line_the_layout_read_inside_a_cut_paragraph_moves_after_it():
    # ALTO of a page whose date line sits beside the first column's head: read after the column's foot
    date_line = "1998年1月10日星期六第10版"
    assert run_rule(move_displaced_captions, page(LEFT, date_line, RIGHT)) == page(LEFT, RIGHT, date_line)


def test_a_caption_between_whole_paragraphs_stays():
    text = page("锦州港迎接驶入的货轮，港口吞吐量稳步增长。", CAPTION, "全力构筑“稳”的局面，民生稳，人心稳。")
    assert run_rule(move_displaced_captions, text) == text


def test_a_block_printed_before_the_paragraph_it_continues_moves_after_it():
    opening = "本报讯 记者文继红报道 今年，义县将抓项目建设，在积蓄发展新动能上奋勇争先。"
    tail = "支持，提高谋划项目固投转化率。开展项目前期筹备及手续办理攻坚行动。"
    cut = "招商引资、项目建设是实现全面振兴新突破的重要抓手。义县谋划更多高质量项目，全力争取上级"
    assert run_rule(restore_swapped_blocks, page(opening, tail, cut)) == page(opening, cut, tail)


def test_blocks_in_order_stay():
    text = page("今年，义县将抓项目建设，奋勇争先。", "全面振兴，产业先行。义县做好结构调整。", "招商引资是重要抓手，全力争取上级")
    assert run_rule(restore_swapped_blocks, text) == text


def test_a_headline_read_after_the_first_column_is_moved_back_over_the_dateline():
    from build_tools.clean.order import restore_displaced_headline

    text = page("人民日报", "新华社北京1月23日电（记者李本忠）法国外交部长今天下午在离京前举行的一次记者招待会上说，法中双方将",
                "法外长在记者招待会上表示推进法中全面合作", "系统和定期地举行实质性对话。")
    assert run_rule(restore_displaced_headline, text) == page(
        "人民日报", "法外长在记者招待会上表示推进法中全面合作",
        "新华社北京1月23日电（记者李本忠）法国外交部长今天下午在离京前举行的一次记者招待会上说，法中双方将", "系统和定期地举行实质性对话。")
    subhead = page("新华社北京1月23日电 法国外交部长今天下午举行记者招待会。", "深化合作", "他说，这次访华的目的是为了讨论合作。")
    assert run_rule(restore_displaced_headline, subhead) == subhead


def test_half_of_a_cut_paragraph_is_never_moved_up_as_a_headline():
    from build_tools.clean.order import restore_displaced_headline

    text = page("新华社北京1月5日电 国务院总理今天主持召开国务院常务会议。", "会议指出，今年全国经济运行总体平稳，主要指标好", "，各地要继续努力。")
    assert run_rule(restore_displaced_headline, text) == text


def test_a_headline_read_after_the_first_column_goes_back_over_the_text():
    """A headline set over some columns, not all: the engine reads the first
    column's text, then the headline, then the rest. For reports of the
    tuning set, dateline taken out and the cut anywhere in the opening
    paragraph's second half: the cleaned page opens on the headline."""
    import random

    from build_tools.clean import clean_source
    from build_tools.model import Source
    from tests.bench.article_bench import without_dateline
    from tests.bench.articles import load

    rng = random.Random(8)
    reports = [without_dateline(a) for a in load("rmrb1998")]
    reports = [a for a in reports if len(a.paragraphs) >= 2 and len(a.paragraphs[0]) >= 80][:60]
    wrong = []
    for report in reports:
        first, *rest = report.paragraphs
        cut = rng.randint(len(first) // 2, len(first) - 10)
        text = "\n\n".join([first[:cut], report.title, first[cut:], *rest])
        blocks = clean_source(Source(name="x.txt", text=text, sha256="", encoding="utf-8")).blocks
        if blocks[0].text != report.title:
            wrong.append(report.id)
    assert len(reports) >= 40 and len(wrong) <= 0.05 * len(reports), wrong


def test_a_byline_under_a_headline_printed_as_a_sentence_stays_under_it():
    """A commentary's headline set as a sentence, its writer's byline under it
    ("城市的温度，藏在每一个细节里。" / "□ 林舒"): the byline is no headline read
    late, and the page keeps its order; the segmenter then titles it."""
    from build_tools.clean.order import restore_displaced_headline
    from build_tools.segment import segment
    from build_tools.clean import clean_source
    from build_tools.model import Source

    body = "前不久，一位外地游客在网上分享了自己在江临的经历，手机没电时在街边免费充了电。"
    for byline in ("□ 林舒", "■ 周立　王敏", "本报记者　陶然", "文/张三"):
        text = page("城市的温度，藏在每一个细节里。", byline, body)
        assert run_rule(restore_displaced_headline, text) == text, byline
        (story,) = segment(clean_source(Source(name="x.txt", text=text, sha256="", encoding="utf-8")))
        assert (story.title, story.bylines) == ("城市的温度，藏在每一个细节里。", (byline,)), byline
