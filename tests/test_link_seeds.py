"""The seeds' repeated stories and passages: found, and nothing else."""

import re
from collections import Counter

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


def test_the_reading_of_000_and_001_has_neither_scans_stray_latin_nor_their_misreads(seed_stories):
    (group,) = find_links(seed_stories).groups
    text = "\n".join(group.collation.paragraphs)
    assert not re.search(r"\b(and|centers)\b", text)
    assert "综合实力和竞争力" in text and "养老服务中心" in text
    # where one scan misread and the other read right, and the evidence tells (handbook/linking.md):
    # the reading has the right one
    for right, misread in [("小个专", "小小专"), ("开创智慧城市", "开州智慧城市")]:
        assert right in text and misread not in text, (right, misread)
    assert group.collation.variants  # every choice on record


def test_the_reading_holds_each_passage_once_and_loses_nothing(seed_stories):
    (group,) = find_links(seed_stories).groups
    reading = "".join(group.collation.paragraphs)
    by_slug = {story.slug: story for story in seed_stories}
    for slug in group.slugs:  # every paragraph of either scan stands in the reading, nearly as it is
        for block in by_slug[slug].blocks:
            if block.kind in ("paragraph", "caption") and len(block.text) >= 20:
                assert block.text[:8] in reading or block.text[-8:] in reading or \
                    any(block.text[i:i + 8] in reading for i in range(0, len(block.text) - 8, 8)), block.text[:20]

    def sentences(text: str) -> Counter:  # whole sentences of twelve characters or more
        return Counter(m for m in re.findall("[^。！？]{12,}[。！？]", text))

    once = Counter()
    for slug in group.slugs:
        once |= sentences("".join(b.text for b in by_slug[slug].blocks))
    twice = {s: n for s, n in sentences(reading).items() if n > max(1, once[s])}
    assert not twice, list(twice)[:3]  # a passage both editions print stands once

