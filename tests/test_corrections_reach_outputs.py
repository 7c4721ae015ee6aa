"""One record per fact: an editor's correction of any field (sources/NAME.yml)
reaches every output that shows the field: the story page in both scripts,
the listings, the search index and the export."""

import gzip
import json
import shutil

import pytest
import yaml

from build_tools.model import LIST_FIELDS, TEXT_FIELDS
from build_tools.pipeline import build
from build_tools.settings import SCRIPTS
from build_tools.words import converter_for
from conftest import SEED_NAMES, SOURCES

# A value for every field an editor may give, none of them in the seeds.
CORRECTED = {
    "title": "编辑改定的标题", "paper": "编辑报", "page": "第九版", "column": "编辑栏目", "date": "2001-02-03",
    "deck": ["编辑改定的副题"], "authors": ["编辑作者"], "photographers": ["编辑摄影"], "photo_providers": ["编辑供图"],
    "places": ["编辑地名"], "people": ["编辑人名"], "organisations": ["编辑机构"], "keywords": ["编辑关键词"],
}
# Where each field is shown besides the story page and the export (listing pages by name, and the search index).
LISTED = {"title": "browse.md", "places": "places.md", "people": "people.md", "column": "columns.md"}
SEARCHED = ("title", "deck", "paper", "column", "date")


def test_every_field_an_editor_may_give_is_covered():
    assert set(CORRECTED) == {*TEXT_FIELDS, *LIST_FIELDS}


@pytest.fixture(scope="module")
def corrected_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corrected")
    sources = folder / "sources"
    shutil.copytree(SOURCES, sources)
    name = SEED_NAMES[2]
    (sources / name).with_suffix(".yml").write_text(yaml.safe_dump({"stories": {1: CORRECTED}}, allow_unicode=True),
                                                   encoding="utf-8")
    result = build(sources, folder / "docs")
    story = next(s for s in result.stories if s.source.name == name and s.position == 1)
    return folder / "docs", story


def _values(field: str) -> list[str]:
    value = CORRECTED[field]
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("field", sorted(CORRECTED))
def test_a_corrected_field_reaches_the_story_page_in_both_scripts(corrected_build, field):
    docs, story = corrected_build
    for script in SCRIPTS:
        page = (docs / script.locale / "stories" / f"{story.slug}.md").read_text(encoding="utf-8")
        _, front, body = page.split("---\n", 2)
        shown = yaml.safe_load(front)
        convert = converter_for(script)
        for value in _values(field):
            assert convert(value) in body, (script.locale, field)
            assert convert(value) in json.dumps(shown, ensure_ascii=False), (script.locale, field)


@pytest.mark.parametrize("field", sorted(CORRECTED))
def test_a_corrected_field_reaches_the_export(corrected_build, field):
    docs, story = corrected_build
    with gzip.open(docs / "zh" / "export" / "archive.jsonl.gz", "rt", encoding="utf-8") as lines:
        record = next(r for r in map(json.loads, lines) if r.get("slug") == story.slug)
    got = record[field] if isinstance(record[field], list) else [record[field]]
    assert got == _values(field)


@pytest.mark.parametrize("field", sorted(LISTED))
def test_a_corrected_field_reaches_its_listing_in_both_scripts(corrected_build, field):
    docs, _ = corrected_build
    for script in SCRIPTS:
        listing = (docs / script.locale / LISTED[field]).read_text(encoding="utf-8")
        pages = [listing, *(p.read_text(encoding="utf-8") for p in (docs / script.locale).glob(f"{LISTED[field][:-3]}/**/*.md"))]
        assert any(converter_for(script)(_values(field)[0]) in text for text in pages), (script.locale, field)


@pytest.mark.parametrize("field", SEARCHED)
def test_a_corrected_field_reaches_the_search_index(corrected_build, field):
    docs, _ = corrected_build
    index = "".join(p.read_text(encoding="utf-8") for p in sorted((docs / "search").rglob("*.js")))
    for script in SCRIPTS:
        assert converter_for(script)(_values(field)[0]) in index, (script.locale, field)
