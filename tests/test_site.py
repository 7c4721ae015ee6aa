"""End to end: the real MkDocs build of sources/, checked in both scripts."""

import html
import os
import re
import subprocess
import sys

from build_tools.bundle import write_bundle
from build_tools.words import converter_for
from build_tools.settings import SCRIPTS
from conftest import ROOT

TRADITIONAL = SCRIPTS[1]


def page(site, *parts) -> str:
    return site.joinpath(*parts, "index.html").read_text(encoding="utf-8")


def test_every_story_is_built_in_both_scripts(built_site, seed_stories):
    to_traditional = converter_for(TRADITIONAL)
    for story in seed_stories:
        simplified = page(built_site, "stories", story.slug)
        traditional = page(built_site, "zh-Hant", "stories", story.slug)
        assert '<html lang="zh"' in simplified
        assert '<html lang="zh-Hant"' in traditional
        assert f">{story.title}</h1>" in simplified
        assert f">{to_traditional(story.title)}</h1>" in traditional
        first = next(b for b in story.blocks if b.kind == "paragraph")
        assert to_traditional(first.text) in traditional
    # the Traditional site, built in its own process beside this one, was moved in whole
    assert [p.name for p in built_site.parent.iterdir() if p.name.endswith(".partial")] == []


def test_language_switch_goes_to_the_same_story_in_the_other_script(built_site, seed_stories):
    for story in seed_stories:
        for here, there in ((("stories",), "zh-Hant"), (("zh-Hant", "stories"), "zh")):
            folder = built_site.joinpath(*here, story.slug)
            html = (folder / "index.html").read_text(encoding="utf-8")
            href = re.search(f'<a href="([^"]+)" hreflang="{there}"', html).group(1)
            target = (folder / href / "index.html").resolve()
            expected = built_site / ("zh-Hant/" if there == "zh-Hant" else "") / "stories" / story.slug / "index.html"
            assert target == expected.resolve()


def test_stories_stay_out_of_the_navigation(built_site, seed_stories):
    html = page(built_site)
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    for story in seed_stories:
        assert story.slug not in nav
    assert "browse/" in nav


def test_both_scripts_share_one_search_index_and_each_has_its_records(built_site, seed_stories):
    assert not list(built_site.rglob("search_index.json"))  # Material's whole-site index is gone
    assert not (built_site / "zh-Hant" / "search").exists()
    records = {script: sorted((built_site / "search" / script).glob("*.js")) for script in ("zh", "zh-Hant")}
    assert len(records["zh"]) == len(records["zh-Hant"]) == len(seed_stories)  # stories only: no listing page
    traditional = " ".join(path.read_text(encoding="utf-8") for path in records["zh-Hant"])
    assert "錦州" in traditional and "锦州" not in traditional
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'data-index="./search/"' in home
    hant_home = (built_site / "zh-Hant" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-index="[./]*\.\./search/"', hant_home), "the Traditional site reads the root's index"


def test_pages_load_nothing_from_other_hosts(built_site):
    """Scripts, styles, fonts and icons all come from the site itself."""
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert not re.search(r'src="(https?:)?//|<link[^>]*href="(https?:)?//', html), html_file


def test_story_pages_carry_their_corrections_and_a_link_to_the_scan(built_site, seed_stories):
    for story in seed_stories:
        for prefix in ("", "zh-Hant/"):
            story_html = page(built_site, *filter(None, [prefix.strip("/"), "stories", story.slug]))
            assert "<details class=\"corrections\">" in story_html
            link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>[^<]*(原始扫描文本|原始掃描文本)', story_html).group(1)
            source_html = (built_site / prefix / "stories" / story.slug / link / "index.html").read_text(encoding="utf-8")
            first_line = next(line for line in story.source.text.splitlines() if line.strip())
            assert html.escape(first_line, quote=False) in source_html  # verbatim: not cleaned, not converted
    # published once: the Traditional story links to the scan in the Simplified site
    assert not (built_site / "zh-Hant" / "sources").exists()


def test_versions_and_parallels_link_in_both_scripts(built_site, seed_stories):
    from build_tools.link import find_links

    links = find_links(seed_stories)
    (group,) = links.groups
    for prefix in ("", "zh-Hant/"):
        group_page = built_site / prefix / "versions" / group.key / "index.html"
        html_text = group_page.read_text(encoding="utf-8")
        assert '<table class="versions">' in html_text and "<del>" in html_text
        for slug in group.slugs:
            story_html = (built_site / prefix / "stories" / slug / "index.html").read_text(encoding="utf-8")
            href = re.search(r'<a href="([^"]+)">(版本对照|版本對照)</a>', story_html).group(1)
            assert (built_site / prefix / "stories" / slug / href / "index.html").resolve() == group_page.resolve()
        parallel = links.parallels[0]
        story_html = (built_site / prefix / "stories" / parallel.slug / "index.html").read_text(encoding="utf-8")
        anchor = f"#p{parallel.other_paragraph + 1}"
        href = re.search(f'<a href="([^"]+){anchor}"', story_html).group(1)
        target = (built_site / prefix / "stories" / parallel.slug / href / "index.html").read_text(encoding="utf-8")
        assert f'id="p{parallel.other_paragraph + 1}"' in target


def test_a_second_build_elsewhere_is_byte_identical_whatever_the_clock_locale_or_hash_seed(built_site, tmp_path):
    """Another day's build (SOURCE_DATE_EPOCH, TZ), another locale, another
    PYTHONHASHSEED, another cache: the same bytes, the offline zip too."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "12345", "TZ": "Asia/Shanghai",
           "LANG": "C", "LC_ALL": "C", "SOURCE_DATE_EPOCH": "2000000000", "ARCHIVE_CACHE": str(tmp_path / "cache")}
    again = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(again)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]

    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    first, second = tree(built_site), tree(again)
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []
    write_bundle(built_site, tmp_path / "one.zip")
    write_bundle(again, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_every_story_page_cites_itself_as_gbt_7714_in_its_script(built_site, seed_stories):
    """The story's front matter chooses overrides/story.html, which adds the citation."""
    to_traditional = converter_for(TRADITIONAL)
    dated = next(s for s in seed_stories if s.meta.dated and s.meta.paper != "unknown" and s.meta.authors)
    cite = re.search(r'<p class="cite">(.*?)</p>', page(built_site, "stories", dated.slug), re.S).group(1)
    text = re.sub(r"<[^>]+>", "", cite)
    meta = dated.meta
    expected = (f"{', '.join(meta.authors[:3])}. {dated.title}[N/OL]. {meta.paper}, {meta.date}"
                + (f"({meta.page})" if meta.page != "unknown" else "") + ". ")
    assert text.startswith("引用本文：" + expected), text
    assert f"stories/{dated.slug}/" in text
    undated = next(s for s in seed_stories if not s.meta.dated)
    assert "[出版日期不详]" in page(built_site, "stories", undated.slug)
    traditional = page(built_site, "zh-Hant", "stories", dated.slug)
    assert f"{to_traditional(dated.title)}[N/OL]. {to_traditional(meta.paper)}" in traditional
