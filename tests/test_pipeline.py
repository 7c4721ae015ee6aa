"""The build command: every source in, both scripts out, bad input reported."""

import dataclasses
import json
import shutil
import subprocess
import sys

from build_tools import merge, pipeline, workers
from build_tools.cache import PageCache
from build_tools.render import INDEXES
from build_tools.pipeline import build
from conftest import ROOT, SEED_NAMES, SOURCES
from helpers import LENGTHS, good_page


def run_build(sources, docs, *flags):
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "build", "--sources", str(sources), "--docs", str(docs), *flags],
        cwd=ROOT, capture_output=True, text=True,
    )


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_story_in_both_scripts_and_byte_identical_rebuilds(tmp_path):
    first = build(SOURCES, tmp_path / "one")
    build(SOURCES, tmp_path / "two")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    pages = snapshot(tmp_path / "one")
    for story in first.stories:
        for locale in ("zh", "zh-Hant"):
            assert f"{locale}/stories/{story.slug}.md" in pages
    assert {s.source.name for s in first.stories} == set(SEED_NAMES)


def test_rebuild_writes_nothing_when_nothing_changed_and_removes_stale_pages(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    docs = tmp_path / "docs"
    assert build(sources, docs).written > 0
    again = build(sources, docs)
    assert (again.written, again.removed) == (0, 0)
    before = snapshot(docs)
    (sources / SEED_NAMES[0]).unlink()
    after = build(sources, docs)
    gone = sorted(path for path in before.keys() - snapshot(docs).keys() if path.endswith(".md"))
    # index pages of names only that page printed (places/O.md) go with it; of the rest,
    # its story and the 000/001 versions page in both scripts, its source page once
    indexes = [path for path in gone if path.split("/")[1] in INDEXES]
    assert len(gone) - len(indexes) == 5, gone
    assert all(len(path.split("/")) == 3 for path in indexes)  # a letter's page of an index, not the index
    assert "search/zh/16.js" in before.keys() - snapshot(docs).keys()  # and the last story's search record
    assert after.removed >= len(gone) + 2


def test_the_search_index_is_written_beside_the_scripts_folders_and_its_old_place_emptied(tmp_path):
    """docs/search/, not docs/zh/search/: MkDocs walks docs/zh on every served rebuild (the plugin
    publishes the index into the site); an index a build before 2026-12-07 left in docs/zh/search goes."""
    docs = tmp_path / "docs"
    old = docs / "zh" / "search" / "zh" / "0.js"
    old.parent.mkdir(parents=True)
    old.write_text("archiveSearch.receive('zh/0', {});", encoding="utf-8")
    (docs / "search").mkdir()
    (docs / "search" / ".gitignore").write_text("*\n", encoding="utf-8")
    build(SOURCES, docs)
    files = snapshot(docs)
    assert "search/meta.js" in files and any(path.startswith("search/i/") for path in files)
    assert not [path for path in files if path.startswith(("zh/search/", "zh-Hant/search/"))]
    assert "search/.gitignore" in files  # (a dotfile is never the build's)


def test_bad_sources_get_one_line_each_and_the_rest_still_build(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES / SEED_NAMES[2], sources)
    (sources / "empty.txt").write_bytes(b"")
    (sources / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)))
    (sources / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me \x80\xff".encode("latin-1"))
    (sources / "masthead.txt").write_text("T08\n\n二〇二五年十一月二十四日\n", encoding="utf-8")
    lenient = run_build(sources, tmp_path / "docs")
    assert lenient.returncode == 0
    skipped = [line for line in lenient.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped empty.txt: 文件是空的",
        "skipped image.txt: 像是二进制文件，不是文本（PNG 图像）",
        "skipped latin1.txt: 无法按 UTF-8、UTF-16 或 GB18030 解码",
        "skipped masthead.txt: 没有报道：没有标题或正文，只有版面附属文字、署名或标签",
    ]
    assert len(list((tmp_path / "docs/zh/stories").glob("*.md"))) == 8  # the eight reports of 002
    strict = run_build(sources, tmp_path / "docs", "--strict")
    assert strict.returncode == 1


def test_a_missing_or_empty_sources_folder_is_an_error_and_keeps_the_pages(tmp_path):
    docs = tmp_path / "docs"
    build(SOURCES, docs)
    before = snapshot(docs)
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "missing"):
        result = run_build(folder, docs, "--strict")
        assert result.returncode == 1
        assert "skipped" in result.stderr and str(folder) in result.stderr
    assert snapshot(docs) == before


def test_two_identical_scans_under_two_names_build(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES / SEED_NAMES[3], sources / "a.txt")
    shutil.copy(SOURCES / SEED_NAMES[3], sources / "b.txt")
    result = build(sources, tmp_path / "docs")
    assert len({story.slug for story in result.stories}) == 2


def test_a_rebuild_reads_each_page_from_the_cache_and_an_edit_misses_only_its_own(tmp_path):
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(SOURCES, sources)
    cold = build(sources, tmp_path / "cold", cache_dir=cache)
    warm = build(sources, tmp_path / "warm", cache_dir=cache)
    assert (cold.processed, cold.cached) == (5, 0)
    assert (warm.processed, warm.cached) == (0, 5)
    assert snapshot(tmp_path / "cold") == snapshot(tmp_path / "warm")
    edited = sources / SEED_NAMES[4]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n编者按：本文有删节。\n", encoding="utf-8")
    (sources / SEED_NAMES[2]).with_suffix(".yml").write_text("paper: 人民日报\n", encoding="utf-8")
    after = build(sources, tmp_path / "warm", cache_dir=cache)
    assert (after.processed, after.cached) == (2, 3)  # the edited source, and the one given a sidecar
    assert {story.meta.paper for story in after.stories if story.source.name == SEED_NAMES[2]} == {"人民日报"}
    # the search index, made from three cached pages and two new ones, is the one a cold build makes
    fresh = build(sources, tmp_path / "fresh", cache_dir=tmp_path / "fresh cache")
    assert fresh.processed == 5
    assert snapshot(tmp_path / "warm") == snapshot(tmp_path / "fresh")


def test_a_changed_pipeline_or_a_broken_entry_is_a_miss(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    build(SOURCES, tmp_path / "docs", cache_dir=cache)
    entry = next((cache / "pages").rglob("*.pickle"))
    entry.write_bytes(entry.read_bytes()[:100])  # a build killed while writing elsewhere, a full disk
    assert build(SOURCES, tmp_path / "other docs", cache_dir=cache).processed == 1  # (the same docs/ would load nothing)
    for index in (cache / "index").rglob("*.pickle"):  # a lost part of the index is made again, the same
        index.write_bytes(b"")
    assert build(SOURCES, tmp_path / "third docs", cache_dir=cache).processed == 0
    assert snapshot(tmp_path / "third docs") == snapshot(tmp_path / "other docs")
    monkeypatch.setattr(pipeline, "pipeline_version", lambda: "a rule changed")
    assert build(SOURCES, tmp_path / "docs", cache_dir=cache).processed == 5


def test_a_pool_of_processes_gives_the_bytes_one_process_gives(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for copy in range(2):  # enough pages for a pool
        for name in SEED_NAMES:
            shutil.copy(SOURCES / name, sources / f"{copy}_{name}")
    serial = build(sources, tmp_path / "serial", jobs=1, cache_dir=tmp_path / "cache1")
    pooled = build(sources, tmp_path / "pooled", jobs=2, cache_dir=tmp_path / "cache2")
    assert serial.processed == pooled.processed == 2 * len(SEED_NAMES) >= workers.POOL_MIN_PAGES
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "pooled")


def test_an_unchanged_build_renders_nothing_and_a_lost_page_is_written_again(tmp_path):
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    first = build(SOURCES, docs, cache_dir=cache)
    again = build(SOURCES, docs, cache_dir=cache)
    assert "render and write" in first.seconds and "render and write" not in again.seconds  # inputs and pages as the last build left them
    assert (again.written, again.removed, again.processed, again.cached) == (0, 0, 0, 0)  # not even loaded
    assert again.story_count == len(first.stories)
    story = next((docs / "zh" / "stories").glob("*.md"))
    story.unlink()
    mended = build(SOURCES, docs, cache_dir=cache)
    assert mended.written == 1 and story.exists()


def test_a_dask_cluster_gives_the_bytes_one_process_gives(tmp_path):
    from dask.distributed import LocalCluster

    serial = build(SOURCES, tmp_path / "serial", jobs=1, cache_dir=tmp_path / "cache1")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        clustered = build(SOURCES, tmp_path / "cluster", cache_dir=tmp_path / "cache2", scheduler=cluster.scheduler_address)
    assert clustered.processed == serial.processed == len(SEED_NAMES)
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "cluster")


def test_the_index_merged_in_runs_on_a_pool_is_the_one_merged_in_one_process(tmp_path):
    from build_tools.search import join_runs, merge as merge_pages, search_order, search_plan

    cache = tmp_path / "cache"
    loaded = pipeline.make_stories(SOURCES, cache_dir=cache, jobs=1)
    plan = search_plan(search_order(loaded.stories))
    whole = merge_pages((page, PageCache(cache).get_index(loaded.keys[page.name])) for page in plan)
    runs = merge.MergeConfig(run_pages=1)  # (a run a page)
    serial = merge.merge_index(loaded.stories, loaded.keys, cache, jobs=1, config=runs)
    shutil.rmtree(cache / merge.RUNS_DIR)
    pooled = merge.merge_index(loaded.stories, loaded.keys, cache, jobs=2, config=runs._replace(pool_min_pages=1))
    assert len(serial) == len(pooled) >= 2
    assert join_runs(pooled) == join_runs(serial) == join_runs([whole])


def test_after_an_edit_only_the_edited_pages_run_of_the_index_is_merged_again(tmp_path):
    """merge_index keeps each run's postings by what it was merged from: a build after an edit reads back every
    other run, and its index is the one merged afresh; the runs of texts no longer there are not kept."""
    from build_tools.search import join_runs

    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(SOURCES, sources)
    runs = merge.MergeConfig(run_pages=1)  # (a run a page)
    first = pipeline.make_stories(sources, cache_dir=cache, jobs=1)
    merge.merge_index(first.stories, first.keys, cache, jobs=1, config=runs)
    before = {path.name: path.stat().st_mtime_ns for path in (cache / merge.RUNS_DIR).glob("*.pickle")}
    assert len(before) >= 2
    edited = sorted(sources.glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("。", "！", 1), encoding="utf-8")
    second = pipeline.make_stories(sources, cache_dir=cache, jobs=1)
    kept = merge.merge_index(second.stories, second.keys, cache, jobs=1, config=runs)
    after = {path.name: path.stat().st_mtime_ns for path in (cache / merge.RUNS_DIR).glob("*.pickle")}
    assert len(after) == len(before) and len(set(after) - set(before)) == 1  # one run made again, its old one gone
    assert all(after[name] == before[name] for name in set(after) & set(before))  # the others read back
    shutil.rmtree(cache / merge.RUNS_DIR)
    fresh = merge.merge_index(second.stories, second.keys, cache, jobs=1, config=runs)
    assert join_runs(kept) == join_runs(fresh)


def test_a_page_added_before_a_run_leaves_the_run_as_it_was(tmp_path):
    """merge_index numbers each run from 0: the newest page added (every story after it renumbered) merges
    only its own run; the others are read back, and the index is the one merged afresh."""
    from build_tools.search import join_runs, search_order

    cache = tmp_path / "cache"
    loaded = pipeline.make_stories(SOURCES, cache_dir=cache, jobs=1)
    newest = search_order(loaded.stories)[0].source.name
    without = [story for story in loaded.stories if story.source.name != newest]
    runs = merge.MergeConfig(run_pages=1)  # (a run a page)
    merge.merge_index(without, loaded.keys, cache, jobs=1, config=runs)
    before = {path.name: path.stat().st_mtime_ns for path in (cache / merge.RUNS_DIR).glob("*.pickle")}
    added = merge.merge_index(loaded.stories, loaded.keys, cache, jobs=1, config=runs)
    after = {path.name: path.stat().st_mtime_ns for path in (cache / merge.RUNS_DIR).glob("*.pickle")}
    assert len(set(after) - set(before)) == 1 and set(before) <= set(after)
    assert all(after[name] == before[name] for name in before)
    shutil.rmtree(cache / merge.RUNS_DIR)
    assert join_runs(added) == join_runs(merge.merge_index(loaded.stories, loaded.keys, cache, jobs=1, config=runs))


# An editor's slips in a sidecar, and what the build report must say of each.
BAD_SIDECARS = (
    (b"paper: [unclosed\n", "不是有效的 YAML"),
    ("stories:\n  1:\n    titel: 新标题\n".encode("utf-8"), "未知的键“stories: 1: titel”"),
    (b"date: 2023-3-9\n", "应是写作 2023-03-09 的日期"),
    (b"pin: x\n", "pin 应是非空文本的列表"),
    (b"reject:\n  - rule: restore_latn\n", "否决的规则“restore_latn”不存在"),  # found only where the rules are known
    ("paper: 锦州日报\n".encode("gb18030"), "不是有效的 YAML"),
)


def test_a_page_with_a_bad_sidecar_is_published_without_it_and_strict_fails_on_every_build(tmp_path):
    sources, docs, cache = tmp_path / "sources", tmp_path / "docs", tmp_path / "cache"
    sources.mkdir()
    expected = {}
    for index, length in enumerate(LENGTHS):
        (sources / f"{length:05}.txt").write_text(good_page(length), encoding="utf-8")
        sidecar, reason = BAD_SIDECARS[index % len(BAD_SIDECARS)]
        (sources / f"{length:05}.yml").write_bytes(sidecar)
        expected[f"{length:05}.yml"] = reason

    def reported(result) -> None:
        assert sorted(p.source_name for p in result.problems) == sorted(expected), result.problems
        for problem in result.problems:
            assert expected[problem.source_name] in problem.reason, problem
            assert problem.reason.startswith("附注文件") and problem.reason.endswith("；已忽略，此版照常发布")

    first = build(sources, docs, cache_dir=cache)
    published = {f"{length:05}.txt" for length in LENGTHS}
    assert {s.source.name for s in first.stories} == published
    reported(first)
    report = json.loads((docs / "zh" / "build-report.json").read_text(encoding="utf-8"))
    assert [item["file"] for item in report["skipped"]] == sorted(expected)
    cached = build(sources, tmp_path / "other docs", cache_dir=cache)  # every page from the cache
    assert (cached.processed, cached.cached) == (0, len(LENGTHS))
    assert {s.source.name for s in cached.stories} == published
    reported(cached)
    unchanged = build(sources, docs, cache_dir=cache)  # nothing loaded: the last build's record
    assert "pages" not in unchanged.seconds
    reported(unchanged)
    for attempt in ("pages loaded", "nothing changed since"):
        strict = run_build(sources, tmp_path / "cli docs", "--strict")
        assert strict.returncode == 1, attempt
        assert sorted(line.split(":")[0] for line in strict.stderr.splitlines() if line.startswith("skipped")) == \
            [f"skipped {name}" for name in sorted(expected)]
    assert run_build(sources, tmp_path / "cli docs").returncode == 0
    (sources / "00020.yml").write_text("paper: 人民日报\n", encoding="utf-8")  # mended: read again, and used
    mended = build(sources, docs, cache_dir=cache)
    assert (mended.processed, "00020.yml" in {p.source_name for p in mended.problems}) == (1, False)
    assert {s.meta.paper for s in mended.stories if s.source.name == "00020.txt"} == {"人民日报"}


def test_a_quick_update_writes_the_edited_pages_stories_and_gives_way_where_it_would_not_do(tmp_path):
    from build_tools.pipeline import build_version, keys_by_stem, quick_update, read_inputs

    def current_keys(folder):
        return keys_by_stem(read_inputs(folder))

    sources, docs, cache = tmp_path / "sources", tmp_path / "docs", tmp_path / "cache"
    shutil.copytree(SOURCES, sources)
    state = build(sources, docs, cache_dir=cache, keep_state=True).state
    assert state.keys == current_keys(sources) and quick_update(sources, docs, state, build_version(), cache) is state
    assert quick_update(sources, docs, state, "the code this process loaded, since edited", cache) is None
    before = snapshot(docs)
    edited = sources / SEED_NAMES[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n编者再按：此文经读者指正。\n", encoding="utf-8")
    quick = quick_update(sources, docs, state, build_version(), cache)
    assert quick.keys == current_keys(sources)
    changed = {path for path, data in snapshot(docs).items() if before.get(path) != data}
    slugs = quick.slugs[edited.stem]
    assert changed and changed <= {f"{locale}/stories/{slug}.md" for locale in ("zh", "zh-Hant") for slug in slugs} | {
        f"zh/sources/{edited.stem}.md"}
    # the whole build behind it gives the pages a whole build gives
    build(sources, docs, cache_dir=cache)
    build(sources, tmp_path / "fresh", cache_dir=cache)
    assert snapshot(docs) == snapshot(tmp_path / "fresh")
    # a new title moves the story's address: the whole build
    title, _ = quick.titles[slugs[0]]
    edited.write_text(edited.read_text(encoding="utf-8").replace(title, "另拟的一个新标题", 1), encoding="utf-8")
    assert quick_update(sources, docs, quick, build_version(), cache) is None
    (sources / "900_new.txt").write_text("新增一篇报道的标题\n\n这是新来源的正文。", encoding="utf-8")
    assert quick_update(sources, docs, quick, build_version(), cache) is None  # a page added


def test_a_rebuild_makes_again_only_the_story_and_listing_pages_whose_makings_changed(tmp_path, monkeypatch):
    from build_tools import render
    from build_tools.pipeline import make_stories, render_pages
    from build_tools.link import find_links

    loaded = make_stories(SOURCES, cache_dir=tmp_path / "cache", jobs=1)
    links = find_links(loaded.stories)
    digests: dict[str, str] = {}
    first = dict(render_pages(loaded.stories, links, loaded.keys, {}, digests))
    assert digests and all(first[path] is not None for path in digests)
    again = dict(render_pages(loaded.stories, links, loaded.keys, digests, {}))
    assert all(again[path] is None for path in digests)  # nothing changed: no story, scan or listing page made again
    listings = [path for path in first if "/browse/" in path]
    assert listings and set(listings) <= set(digests)
    assert all(again[path] is not None for path in again if path not in digests)  # the home and contents pages are
    edited = {**loaded.keys, loaded.stories[0].source.name: "another key"}
    partly = dict(render_pages(loaded.stories, links, edited, digests, {}))
    remade = {path for path in digests if partly[path] is not None}
    mine = {f"{locale}/stories/{s.slug}.md" for s in loaded.stories if s.source.name == loaded.stories[0].source.name
            for locale in ("zh", "zh-Hant")} | {f"zh/sources/{loaded.stories[0].source.stem}.md"}
    assert remade == mine
    retitled = [dataclasses.replace(loaded.stories[0], title="另一个标题"), *loaded.stories[1:]]
    listed = {path for path, text in first.items() if text and f"stories/{loaded.stories[0].slug}" in text
              and "/stories/" not in path and path in digests}
    fresh = dict(render_pages(retitled, links, loaded.keys, digests, {}))
    assert listed and all(fresh[path] is not None and "另一个标题" in fresh[path] for path in listed
                          if path.startswith("zh/"))  # a title changed: the listings that show it are made again
    monkeypatch.setattr(render, "templates_version", lambda: "a template changed")
    assert all(text is not None for _, text in render_pages(loaded.stories, links, loaded.keys, digests, {}))


def test_an_edited_page_template_is_a_changed_input(tmp_path, monkeypatch):
    from build_tools import render

    docs, cache = tmp_path / "docs", tmp_path / "cache"
    build(SOURCES, docs, cache_dir=cache)
    assert "link" not in build(SOURCES, docs, cache_dir=cache).seconds  # nothing changed: nothing linked or rendered
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATE_DIR, templates)
    (templates / "home.md").write_text((templates / "home.md").read_text(encoding="utf-8") + "{# edited #}",
                                       encoding="utf-8")
    monkeypatch.setattr(render, "TEMPLATE_DIR", templates)
    assert "link" in build(SOURCES, docs, cache_dir=cache).seconds
