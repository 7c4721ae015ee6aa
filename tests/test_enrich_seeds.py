"""Metadata of each seed, field by field."""

from build_tools.enrich import NO_DATE, YEAR_ON_PAGE


def story(seed_stories, prefix, position=1):
    return next(s for s in seed_stories if s.source.name.startswith(prefix) and s.position == position)


def test_002_first_report(seed_stories):
    printed = story(seed_stories, "002")
    meta = printed.meta
    assert meta.date == "2023-03-09"
    assert meta.date_source == YEAR_ON_PAGE
    assert meta.authors == ("崔治",) and meta.photographers == ("崔治",)
    assert printed.decks == ("总投资额超过500亿元，涵盖城建、交通、化工等多个领域",)
    assert (meta.paper, meta.page, printed.column) == ("unknown", "unknown", "")
    assert {"锦州", "锦州港"} <= set(meta.places)
    assert "中国兵器集团" in meta.organisations
    assert "项目" in meta.keywords
    assert meta.characters > 1000 and meta.reading_minutes >= 3
    assert dict(meta.cleaning.by_rule)["widen_punctuation"] > 10


def test_002_other_reports(seed_stories):
    assert story(seed_stories, "002", 8).meta.date == "2023-03-08"
    assert story(seed_stories, "002", 5).meta.authors == ("文继红", "崔治")
    undated = story(seed_stories, "002", 2).meta
    assert undated.date == "unknown" and undated.date_source
    assert story(seed_stories, "002", 2).column == "县区传真"
    assert story(seed_stories, "002", 4).meta.photographers == ("崔治",)


def test_004_page_fields_and_signers(seed_stories):
    for position in range(1, 7):
        meta = story(seed_stories, "004", position).meta
        assert (meta.date, meta.paper, meta.page) == ("2025-11-24", "蓝黄日报", "T08")
    assert story(seed_stories, "004", 5).meta.authors == ("张旭",)
    assert story(seed_stories, "004", 1).meta.authors == ("白复海",)


def test_000_001_003_have_no_date_and_say_why(seed_stories):
    for prefix in ("000", "001", "003"):
        meta = story(seed_stories, prefix).meta
        assert meta.date == "unknown" and meta.date_source == NO_DATE
    assert story(seed_stories, "000").meta.authors == ("张继伟", "文继红", "崔浩")
    assert story(seed_stories, "003").meta.photo_providers == ("锦州港", "锦州市委宣传部", "锦州石化")
    assert story(seed_stories, "003").meta.authors == ("崔治",)


def test_names_are_normalised(seed_stories):
    for s in seed_stories:
        for name in (*s.meta.authors, *s.meta.photographers):
            assert " " not in name and 2 <= len(name) <= 3


def test_slugs_are_readable_unique_and_stable(seed_stories):
    slugs = [s.slug for s in seed_stories]
    assert len(set(slugs)) == len(slugs)
    assert any(s.startswith("2023-03-09-jinzhou-quanli-tuijin-14-ge-zhongdianxiangmu-") for s in slugs)
    assert all(s.slug.startswith("2025-11-24-") for s in seed_stories if s.source.name.startswith("004"))
