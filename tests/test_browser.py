"""What a reader does, in Debian's chromium driven by Playwright: search in
Chinese, switch script, and open the offline bundle from disk."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from build_tools.enrich import story_text
from build_tools.render import converter_for
from build_tools.search_words import tile
from build_tools.settings import SCRIPTS

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags chromium keeps dialling Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TO_TRADITIONAL = converter_for(SCRIPTS[1])


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def search(page, query: str) -> list[str]:
    """Type a query; return the pages of the results, best first."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")  # Material searches on key events, which fill() does not send
    page.wait_for_selector("li.md-search-result__item")
    shown = -1
    while shown != page.locator("li.md-search-result__item").count():  # Material renders ten more per scroll
        shown = page.locator("li.md-search-result__item").count()
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTo(0, el.scrollHeight)")
        page.wait_for_timeout(300)
    hrefs = page.locator("li.md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(h).path.split("?")[0] for h in hrefs]


def by_slug_group(stories) -> str:
    from build_tools.link import find_links

    return find_links(stories).groups[0].slugs[0]


def stories_containing(stories, phrase: str, convert=lambda t: t) -> set[str]:
    return {s.slug for s in stories if phrase in convert(story_text(s))}


@pytest.mark.parametrize("query", ["招商引资", "老旧小区"])
@pytest.mark.parametrize("traditional", [False, True], ids=["zh", "zh-Hant"])
def test_search_finds_the_stories_that_contain_a_chinese_phrase(page, server, seed_stories, query, traditional):
    convert = TO_TRADITIONAL if traditional else (lambda t: t)
    expected = stories_containing(seed_stories, convert(query), convert)
    by_slug = {story.slug: story for story in seed_stories}
    assert expected, "the seeds should contain the phrase"
    page.goto(server + ("zh-Hant/" if traditional else ""))
    results = search(page, convert(query))
    prefix = "/zh-Hant/stories/" if traditional else "/stories/"
    found = {path[len(prefix):].strip("/") for path in results if path.startswith(prefix)}
    assert expected <= found
    words = [convert(word) for word in tile(query)]  # every word of the query is required
    for slug in found:
        assert all(word in convert(story_text(by_slug[slug])) for word in words), slug
    first_story = next(path for path in results if path.startswith(prefix))
    assert first_story[len(prefix):].strip("/") in expected


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
    expected = stories_containing(seed_stories, "老舊小區", TO_TRADITIONAL)
    found = {p.rsplit("/", 1)[1].removesuffix(".html") for p in results if "/zh-Hant/stories/" in p}
    assert expected <= found

    page.goto(f"{root}stories/{by_slug_group(seed_stories)}.html")
    page.locator("p.versions a").last.click()  # the group page, from disk
    assert page.locator("table.versions").count() == 1

    outside = [url for url in requested if not url.startswith(root)]
    assert outside == []
    context.close()
