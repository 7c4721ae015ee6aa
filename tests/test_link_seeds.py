"""The seeds' repeated stories and passages: found, and nothing else."""

import re

from build_tools.link import find_links


def prefix(slug, stories):
    return next(s.source.name[:3] for s in stories if s.slug == slug)


def test_000_and_001_are_one_story_in_two_scans_and_nothing_else_is(seed_stories):
    links = find_links(seed_stories)
    assert [sorted(prefix(slug, seed_stories) for slug in group.slugs) for group in links.groups] == [["000", "001"]]


def test_the_resident_and_the_figures_link_000_and_001_to_003_and_nothing_else(seed_stories):
    links = find_links(seed_stories)
    by_slug = {s.slug: s for s in seed_stories}
    found = set()
    for p in links.parallels:
        text = by_slug[p.slug].blocks[p.paragraph].text
        topic = "resident" if "五里营子" in text else "figures" if "1.84万人" in text else text[:10]
        found.add((prefix(p.slug, seed_stories), prefix(p.other_slug, seed_stories), topic))
    assert found == {
        (a, b, topic) for topic in ("resident", "figures") for a, b in (("000", "003"), ("001", "003"), ("003", "000"), ("003", "001"))
    }


def test_the_collated_text_of_000_and_001_has_no_stray_latin(seed_stories):
    (group,) = find_links(seed_stories).groups
    text = "\n".join(passage.chosen.text for passage in group.passages)
    assert not re.search(r"\b(and|centers)\b", text)
    assert "综合实力和竞争力" in text and "养老服务中心" in text
    assert any(passage.others for passage in group.passages)  # variants are kept as the apparatus
