"""A real MkDocs build of a collection printed in both scripts (issue 21):
each site shows a page printed in its script as printed and converts the
other, as the collection's options choose; notices are listed apart.

Ground truth of 晶報 from Jing bao 晶報, Early Chinese Periodicals Online
(ECPO), Heidelberg Centre for Asian and Transcultural Studies, CC BY 4.0 —
repository hcts-hra/ecpo-data, folder `jingbao-textGT/1920/04`, commit
a99e24ebe5c52d90031c0b8d4c806efe7aa41ec6 (tests/bench/data/heldout_jingbao1920.jsonl).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import SOURCES, copy_project

DATA = Path(__file__).parent / "bench" / "data"


def _jingbao_page() -> str:
    """Three 晶報 articles and a notice on one page, as printed, under a date line."""
    articles = [json.loads(line)["traditional"] for line in (DATA / "heldout_jingbao1920.jsonl").read_text(
        encoding="utf-8").splitlines()[:3]]
    blocks = ["晶報　1920年4月3日　第2版"]
    for article in articles:
        blocks += [part for part in (article["title"], article["byline"], *article["blocks"]) if part]
    blocks.append("◘誌謝本社承大世界、贈庚申全年長券一紙、特此鳴謝、")
    return "\n\n".join(blocks), articles


def test_a_collection_in_both_scripts_builds_each_site_in_its_own(tmp_path):
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("      docs: docs\n", "      docs: docs\n      conversion: s2twp\n"),
                                        encoding="utf-8")
    (project / "sources").mkdir()
    page, articles = _jingbao_page()
    (project / "sources" / "jb_1920-04-03_2.txt").write_text(page, encoding="utf-8")
    seed = SOURCES / "001_a9ca2c32f9eea51e.txt"
    (project / "sources" / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(project / "cache")}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    stories = {}
    for path in sorted((project / "docs" / "zh-Hant" / "stories").glob("*.md")):
        fields = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        stories[fields["title"]] = (path.stem, fields)
    for article in articles:  # each article its own story, titled and shown as printed, dated and named
        slug, fields = stories[article["title"]]
        assert (fields["paper"], fields["date"]) == ("晶報", "1920-04-03")
        traditional = (site / "zh-Hant" / "stories" / slug / "index.html").read_text(encoding="utf-8")
        simplified = (site / "stories" / slug / "index.html").read_text(encoding="utf-8")
        first = article["blocks"][0]
        assert first[:30] in traditional  # as printed, variant glyphs and all
        assert first[:30] not in simplified and "原刊以繁体字印行" in simplified
    seed_slug = next(slug for title, (slug, fields) in stories.items() if fields["source_file"] == seed.name)
    taiwan = (site / "zh-Hant" / "stories" / seed_slug / "index.html").read_text(encoding="utf-8")
    assert "原刊以簡體字印行" in taiwan and not re.search("[这们说为发]", taiwan.split("<article")[1])
    [notices] = (site / "notices").glob("*/index.html")  # the notice, listed apart from the news
    assert "志谢" in notices.read_text(encoding="utf-8")
    browse = "".join(p.read_text(encoding="utf-8") for p in (site / "browse").glob("*/index.html"))
    assert "志谢" not in browse and "誌謝" not in browse
