"""What a reader does, in Debian's chromium driven by Playwright: search in
Chinese, switch script, and open the offline bundle from disk."""

from __future__ import annotations

import json
import random
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from conftest import serve

from build_tools.words import converter_for
from build_tools.link import find_links
from build_tools.search import fold, scan_residue, searched_text
from build_tools.settings import SCRIPTS

pytestmark = pytest.mark.browser
TO_TRADITIONAL = converter_for(SCRIPTS[1])


@pytest.fixture(scope="module")
def project_pages(built_site, tmp_path_factory):
    """The site as GitHub Pages serves a project: under /<repository>/."""
    host = tmp_path_factory.mktemp("pages")
    (host / "newspaper-archive").symlink_to(built_site, target_is_directory=True)
    httpd = serve(host)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/newspaper-archive/"
    httpd.shutdown()


def search(page, query: str) -> list[dict]:
    """Type a query as a reader does (/ to focus, then keys); every result,
    best first (asking for more until all are shown), as the page shows them."""
    page.keyboard.press("/")
    page.keyboard.type(query)
    box = page.locator("[data-archive-search]")
    page.wait_for_function(
        "q => { const b = document.querySelector('[data-archive-search]'); return b.dataset.searchQuery === q && b.dataset.searchState === 'done' }",
        arg=query)
    more = page.locator(".archive-search__more")
    while more.is_visible():
        more.click()
        page.wait_for_function("() => document.querySelector('[data-archive-search]').dataset.searchState === 'done'")
    assert box.get_attribute("data-search-state") == "done"
    return page.locator("[data-search-result]").evaluate_all("""items => items.map(item => ({
        slug: item.dataset.searchResult, in: item.dataset.searchIn,
        href: item.querySelector("a.md-search-result__link").href,
        title: item.querySelector("h1").textContent,
        snippet: item.querySelector(".archive-search__snippet").innerHTML,
        scan: item.querySelector(".archive-search__scan")?.textContent || null,
        scan_href: item.querySelector(".archive-search__scan")?.href || null}))""")


def records(site, script: str = "zh") -> list[dict]:
    """The index's record of each story, by number (build_tools/search.py)."""
    count = json.loads(read_data(site / "search" / "meta.js"))["stories"]
    return [json.loads(read_data(site / "search" / script / f"{n}.js")) for n in range(count)]


def read_data(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index(",") + 1:text.rindex(")")]


def contains(text: str, query: str) -> bool:
    return fold(query) in fold(text)


def test_opening_a_page_loads_no_search_data_until_the_reader_types(page, server, seed_stories):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(server + f"stories/{seed_stories[0].slug}/")
    page.wait_for_load_state("networkidle")
    assert [path for path in requested if "/search/" in path] == []
    search(page, "锦州")
    loaded = [path for path in requested if "/search/" in path]
    assert "/search/meta.js" in loaded and any(path.startswith("/search/i/") for path in loaded)


def test_a_query_finds_exactly_the_stories_that_contain_it_for_hundreds_of_substrings(page, server, built_site,
                                                                                     seed_stories):
    """Brute force: `in` over every story's text and every scan, folded,
    against what the browser's index finds, for random substrings of both
    scripts' text, of the scans, of what only the scans read, and for
    strings no text holds."""
    chooser = random.Random(20261122)
    by_slug = {story.slug: story for story in seed_stories}
    texts = [searched_text(story) for story in seed_stories]
    pool = texts + [TO_TRADITIONAL(text) for text in texts] + sorted({s.source.text for s in seed_stories})
    queries = set()
    while len(queries) < 300:
        text = chooser.choice(pool)
        start = chooser.randrange(len(text))
        run = re.match(r"[^\W_]{2,}", text[start:start + chooser.randint(2, 7)])
        if run:
            queries.add(run.group())
    residues = sorted({scan_residue(s.source.text, [m for m in seed_stories if m.source.name == s.source.name])
                       for s in seed_stories})
    leftovers = sorted({run for residue in residues for run in re.findall(r"[^\W_]{2,}", residue)})
    while len(queries) < 360:  # what only a scan reads: misreads, furniture, garbage
        run = chooser.choice(leftovers)
        start = chooser.randrange(len(run) - 1)
        queries.add(run[start:start + chooser.randint(2, 6)])
    characters = sorted(set("".join(texts)))
    queries |= {chooser.choice(characters) + chooser.choice(characters) for _ in range(40)}
    queries = sorted(queries)
    page.goto(server)
    found = page.evaluate("queries => Promise.all(queries.map(q => window.archiveSearch.results(q)))", queries)
    slug_of = [record["slug"] for record in records(built_site)]
    residue = {s.source.name: scan_residue(s.source.text, [m for m in seed_stories if m.source.name == s.source.name])
               for s in seed_stories}
    checked_scans = 0
    for query, results in zip(queries, found):
        in_text = {slug_of[r["doc"]] for r in results if r["text"]}
        assert in_text == {s.slug for s in seed_stories if contains(searched_text(s), query)}, query
        assert len({r["doc"] for r in results}) == len(results), query  # one element a story
        assert all(r["text"] or r["scan"] for r in results)
        scan_pages = {by_slug[slug_of[r["doc"]]].source.name for r in results if r["scan"]}
        holding = {s.source.name for s in seed_stories if contains(s.source.text, query)}
        # a page whose scan holds the query shows: by a story holding it, or by the scan's line
        assert holding <= scan_pages | {by_slug[slug].source.name for slug in in_text}, query
        # the scan's line shows exactly where the scan reads what the cleaned text does not
        assert scan_pages == {name for name in holding if fold(query) in residue[name]}, query
        checked_scans += bool(scan_pages)
    assert checked_scans > 20


def test_a_substring_that_is_no_word_is_found_and_marked(page, server, seed_stories):
    page.goto(server)
    results = search(page, "业岗")
    expected = {s.slug for s in seed_stories if "业岗" in searched_text(s)}
    assert expected and {r["slug"] for r in results if "text" in r["in"]} == expected
    for result in results:
        assert "<mark>业岗</mark>" in result["snippet"] + result["title"]


@pytest.mark.parametrize("site_script", ["zh", "zh-Hant"])
def test_either_script_finds_the_same_stories_on_either_site_in_the_readers_script(page, server, site_script):
    prefix = "" if site_script == "zh" else "zh-Hant/"
    found = {}
    for query in ("就业岗位", "就業崗位"):
        page.goto(server + prefix)
        found[query] = search(page, query)
    simplified, traditional = found.values()
    assert simplified and [r["slug"] for r in simplified] == [r["slug"] for r in traditional]
    for result in simplified:
        assert urlsplit(result["href"]).path == f"/{prefix}stories/{result['slug']}/"
        assert result["scan_href"] is None or urlsplit(result["scan_href"]).path.startswith("/sources/")
        if site_script == "zh-Hant":
            assert "<mark>就業崗位</mark>" in result["snippet"]
            assert result["scan"] is None or result["scan"].startswith("原始掃描文本：")
        else:
            assert "<mark>就业岗位</mark>" in result["snippet"]


def test_search_works_under_a_project_sub_path_as_on_github_pages(page, project_pages, seed_stories):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(project_pages + "zh-Hant/")
    results = search(page, "老舊小區")
    assert {r["slug"] for r in results} == {s.slug for s in seed_stories if "老旧小区" in searched_text(s)}
    assert all(urlsplit(r["href"]).path.startswith("/newspaper-archive/zh-Hant/stories/") for r in results)
    assert all(path.startswith("/newspaper-archive/") for path in requested)


def test_filters_keep_the_stories_of_a_year_or_a_paper(page, server, built_site, seed_stories):
    page.goto(server)
    everything = search(page, "锦州")
    by_slug = {s.slug: s for s in seed_stories}
    page.locator("select[name=y]").select_option(label="2023")
    page.wait_for_function("() => document.querySelector('[data-archive-search]').dataset.searchState === 'done'")
    in_2023 = page.locator("[data-search-result]").evaluate_all("items => items.map(i => i.dataset.searchResult)")
    assert in_2023 and set(in_2023) < {r["slug"] for r in everything}
    assert all(by_slug[slug].meta.date.startswith("2023") for slug in in_2023)
    assert {r["slug"] for r in everything if by_slug[r["slug"]].meta.date.startswith("2023")} == set(in_2023)


def test_a_hit_only_in_a_scan_shows_one_line_under_a_story_of_its_page(page, server, seed_stories):
    texts = " ".join(fold(searched_text(s)) for s in seed_stories)
    query = next(run for s in seed_stories for run in re.findall(r"[^\W_]{3,}", s.source.text)
                 if fold(run) not in texts)
    page.goto(server)
    results = search(page, query)
    pages = {s.source.name for s in seed_stories if contains(s.source.text, query)}
    assert len(results) == len(pages) and all(r["in"] == "scan" for r in results)
    for result in results:
        assert result["scan"].startswith("原始扫描文本：") and result["scan"].removeprefix("原始扫描文本：") in pages


def test_keys_work_as_in_material_slash_arrows_enter_escape(page, server, seed_stories):
    page.goto(server)
    results = search(page, "老旧小区")
    assert page.evaluate("document.activeElement.name") == "query"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('[data-search-result]').dataset.searchResult") == results[0]["slug"]
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.name") == "query"
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("s")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path.endswith(f"/stories/{results[0]['slug']}/"))
    assert parse_qs(urlsplit(page.url).query)["h"] == ["老旧小区"]  # the story page is told the search (its scan marks it)


def test_switching_script_on_a_story_opens_the_same_story(page, server, seed_stories):
    story = seed_stories[2]
    page.goto(f"{server}stories/{story.slug}/")
    assert page.locator("h1").inner_text() == story.title
    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.md-select__link[hreflang="zh-Hant"]').click()
    page.wait_for_url(f"**/zh-Hant/stories/{story.slug}/")
    assert page.locator("h1").inner_text() == TO_TRADITIONAL(story.title)
    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(f"{server}stories/{story.slug}/")


def test_offline_bundle_works_from_disk_with_the_network_off(browser, offline_dir, seed_stories):
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    root = offline_dir.as_uri() + "/"
    story = seed_stories[2]

    page.goto(root + "index.html")
    page.locator(f'a[href="stories/{story.slug}.html"]').first.click()
    assert page.locator("h1").inner_text() == story.title

    page.locator(".md-header__option .md-select button").hover()
    page.locator('a.md-select__link[hreflang="zh-Hant"]').click()
    page.wait_for_url(f"{root}zh-Hant/stories/{story.slug}.html")
    assert page.locator("h1").inner_text() == TO_TRADITIONAL(story.title)

    results = search(page, "老舊小區")
    expected = {s.slug for s in seed_stories if "老旧小区" in searched_text(s)}
    assert expected and {r["slug"] for r in results} == expected
    assert all(r["href"] == f"{root}zh-Hant/stories/{r['slug']}.html?h={quote('老舊小區')}" for r in results)
    page.locator("a.md-search-result__link").first.click()
    assert page.locator("h1").inner_text() == TO_TRADITIONAL(next(s.title for s in seed_stories if s.slug == results[0]["slug"]))

    page.goto(f"{root}stories/{find_links(seed_stories).groups[0].slugs[0]}.html")
    page.locator("p.versions a").last.click()  # the group page, from disk
    # A click waits for the navigation to commit, not for the page to load.
    page.wait_for_url(f"{root}versions/*.html", wait_until="load")
    assert page.locator("table.versions").count() == 1

    outside = [url for url in requested if not url.startswith(root)]
    assert outside == []
    context.close()


def _story_data(story) -> list[str]:
    """Every string on a story page that comes from the scan, not the interface:
    its text, metadata, file name, checksum and the text its corrections quote."""
    meta = story.meta
    values = [story.title, story.slug, story.dateline, *story.decks, *story.bylines, *story.credits,
              *(block.text for block in story.blocks), story.source.name, story.source.stem, story.source.sha256,
              meta.paper, meta.page, story.column, meta.date, *meta.authors, *meta.photographers, *meta.photo_providers,
              *meta.places, *meta.people, *meta.organisations, *meta.keywords,
              *(text for change in story.changes for text in (change.before, change.after))]
    return sorted({v for v in values if v and v.strip()}, key=len, reverse=True)


# Data inside interface sentences: what a reason quotes (“the”), a character's
# code point (U+200B), and GB/T 7714's document code [N/OL] (Latin in the standard itself).
_QUOTED_RE = re.compile("“[^”]*”|U\\+[0-9A-F]{4,6}|\\[N/OL\\]")


@pytest.mark.parametrize("prefix", ["", "zh-Hant/"])
def test_a_story_page_has_no_latin_interface_text(page, server, seed_stories, prefix):
    """What a reader sees on a story page, the scan's own text and data taken
    out, is Chinese: labels, reasons, dates, the apparatus, the citation, the
    theme's words. Collapsed parts are opened first; titles and labels for
    screen readers count too."""
    convert = TO_TRADITIONAL if prefix else (lambda text: text)
    story = max(seed_stories, key=lambda s: len(s.changes))  # the most apparatus
    page.goto(f"{server}{prefix}stories/{story.slug}/")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    shown = page.evaluate("""() => {
        document.querySelectorAll('[data-cite-url], code, .offset').forEach(e => e.remove());  // an address, file names, offsets
        const attributes = [...document.querySelectorAll('[title], [aria-label], [placeholder]')]
            .map(e => [e.title, e.getAttribute('aria-label'), e.placeholder].filter(Boolean).join(' '));
        return document.body.innerText + '\\n' + attributes.join('\\n');
    }""")
    assert len(shown) > 2000
    for value in _story_data(story):
        shown = shown.replace(convert(value), " ").replace(value, " ")
    shown = _QUOTED_RE.sub(" ", shown)
    latin = sorted(set(re.findall(r"[^\s]*[A-Za-z][^\s]*", shown)))
    assert latin == [], latin


def test_a_story_prints_on_a4_without_navigation(page, server, seed_stories):
    story = seed_stories[0]
    page.goto(f"{server}stories/{story.slug}/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    assert page.locator("article").inner_text().count(story.blocks[0].text[:10]) >= 1
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = {tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert sizes == {(595, 842)}  # A4 in points
