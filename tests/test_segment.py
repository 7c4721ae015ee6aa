from build_tools.model import Block, CleanedSource, Source
from build_tools.segment import UNTITLED, segment

SOURCE = Source(name="007_ab.txt", text="", sha256="0" * 64, encoding="utf-8")


def cleaned(*blocks: Block) -> CleanedSource:
    return CleanedSource(source=SOURCE, blocks=blocks, changes=())


def test_first_heading_is_the_title_and_furniture_stays_out_of_the_body():
    stories = segment(cleaned(
        Block("furniture", "蓝黄日报"),
        Block("heading", "锦州全力推进14个重点项目建设"),
        Block("paragraph", "本报讯 正文。"),
        Block("furniture", "T08"),
        Block("heading", "小标题"),
    ))
    assert len(stories) == 1
    story = stories[0]
    assert story.title == "锦州全力推进14个重点项目建设"
    assert [b.text for b in story.blocks] == ["本报讯 正文。", "小标题"]
    assert (story.position, story.slug) == (1, "007_ab-1")


def test_a_page_that_opens_with_prose_gets_no_invented_title():
    story = segment(cleaned(Block("paragraph", "正文第一段。")))[0]
    assert story.title == UNTITLED
    assert [b.text for b in story.blocks] == ["正文第一段。"]
