"""The archive as data: site/export/archive.jsonl.gz, one JSON object a line,
every line valid against the committed schema, the same bytes from the same sources."""

from __future__ import annotations

import gzip
import json

import jsonschema
import pytest

from build_tools.export import SCHEMA_PATH, export_lines
from build_tools.site_map import EXPORT_DIR, EXPORT_FILE
from build_tools.pipeline import build
from conftest import SOURCES


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    build(SOURCES, docs, cache_dir=tmp_path_factory.mktemp("cache"))
    path = docs / "zh" / EXPORT_DIR / EXPORT_FILE
    return path, [json.loads(line) for line in gzip.open(path, "rt", encoding="utf-8")]


def test_every_line_is_valid_against_the_committed_schema(exported):
    _, records = exported
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    validator.check_schema(validator.schema)
    errors = [f"{record.get('slug') or record.get('key')}: {error.message}"
              for record in records for error in validator.iter_errors(record)]
    assert not errors, errors[:10]
    # the schema rejects what it must: a line of no kind, a story without its paragraphs
    assert list(validator.iter_errors({"kind": "page"}))
    story = next(r for r in records if r["kind"] == "story")
    assert list(validator.iter_errors({k: v for k, v in story.items() if k != "paragraphs"}))


def test_a_story_line_holds_its_body_in_reading_order_and_its_provenance(exported, seed_stories):
    _, records = exported
    stories = {r["slug"]: r for r in records if r["kind"] == "story"}
    assert set(stories) == {s.slug for s in seed_stories}
    for story in seed_stories:
        record = stories[story.slug]
        assert [p["text"] for p in record["paragraphs"]] == [b.text for b in story.blocks]  # subheads, captions: all
        assert record["title"] == story.title and story.title not in [p["text"] for p in record["paragraphs"]]
        assert len(record["changes"]) == len(story.changes) and record["source_file"] == story.source.name
    kinds = {p["kind"] for r in stories.values() for p in r["paragraphs"]}
    assert {"paragraph", "heading", "caption"} <= kinds
    assert any(r["versions"] for r in stories.values()) and any(r["parallels"] for r in stories.values())


def test_a_group_line_holds_the_reading_and_the_apparatus(exported):
    _, records = exported
    groups = [r for r in records if r["kind"] == "group"]
    assert len(groups) == 1 and len(groups[0]["slugs"]) == 2  # seeds 000 and 001
    assert groups[0]["reading"] and groups[0]["apparatus"]
    assert all(len(entry["readings"]) >= 2 for entry in groups[0]["apparatus"])


def test_the_same_sources_give_the_same_bytes(exported, seed_stories):
    path, _ = exported
    from build_tools.link import find_links

    again = "".join(export_lines(seed_stories, find_links(seed_stories))).encode("utf-8")
    assert gzip.decompress(path.read_bytes()) == again
    assert path.read_bytes()[4:8] == b"\0\0\0\0"  # no time in the gzip header
