"""What an archive really receives beside good scans, each with the outcome it
must get: nothing good lost for a few bad bytes, binary named and skipped,
nothing executed, and the originals never touched."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SOURCES, copy_project
from helpers import real_binaries

from build_tools.pipeline import build

GOOD = (SOURCES / "002_b72c39747ee464c6.txt").read_text(encoding="utf-8")
# Issue 19's short pages: a caption, and a notice cut off in its last character.
CAPTION = "图片新闻\n\n3月9日，锦州数字城一期项目正式复工，工人们正忙碌着安装电梯、装饰墙体。本报记者崔治摄\n"
NOTICE = "启事\n\n本报将于3月10日起调整出版时间，周六、周日休刊，敬请读者留意。特此通知。\n\n锦州日报社 总编室"


def hostile_files() -> dict[str, bytes]:
    """The hostile set, made here (no binary blobs in the repository)."""
    chooser = random.Random(11)
    lines = GOOD.split("\n")
    return {
        "empty.txt": b"",
        "random.txt": bytes(chooser.randrange(256) for _ in range(4096)),
        "gb18030.txt": GOOD.encode("gb18030"),
        "utf16.txt": GOOD.encode("utf-16"),
        "bom and crlf.txt": codecs.BOM_UTF8 + GOOD.replace("\n", "\r\n").encode("utf-8"),
        "bad end.txt": GOOD.encode("utf-8") + b"\xe5\xbb\xba"[:2] + b"\xff",  # a cut character, a stray byte
        "nul bel.txt": "\n".join([lines[0], *lines[1:4], lines[4][:10] + "\x00" + lines[4][10:] + "\x07",
                                  *lines[5:]]).encode("utf-8"),
        "huge.txt": ("百万字的段落\n\n" + "锦州港迎来货轮，码头一片繁忙。" * 24000).encode("utf-8"),
        "script.txt": ("标题<script>window.hacked=1</script>\n\n本报讯 正文<script>window.hacked=2</script>"
                       "写在这里，共有三十个字左右的内容。\n").encode("utf-8"),
        "syntax.txt": ("# 不是标题 {{ config.site_name }} {% raw %}\n\n*不是强调* [链接](javascript:alert(1)) "
                       "| 不是 | 表格 |，正文仍然要保留下来。\n").encode("utf-8"),
        "front matter.txt": "---\ntitle: 假标题\nhooks: evil\n---\n\n真正的正文，共有二十多个字的一段内容。\n".encode("utf-8"),
        "punctuation.txt": ("，。、；：！？……“”（）" * 30).encode("utf-8"),
        "tagged.txt": GOOD.encode("utf-8"),
        "tagged.yml": b"paper: !!python/object/apply:os.system ['touch /tmp/archive-pwned']\n",
        "short nul bel.txt": (CAPTION[:20] + "\x00" + CAPTION[20:-1] + "\x07\n").encode("utf-8"),  # 142 bytes
        "short bad end.txt": NOTICE.encode("utf-8")[:-2] + b"\xff\xfe\xfd",  # 141 bytes, the last four bad
        **{f"{kind}.txt": data for kind, (data, _) in real_binaries(GOOD).items()},
    }


# file: what must become of it (a reason fragment for a skipped one)
SKIPPED = {
    "empty.txt": "文件是空的",
    "random.txt": "像是二进制文件",
    "punctuation.txt": "没有文字或数字",
    "tagged.yml": "附注文件 tagged.yml 不是有效的 YAML",  # its page is published without it (KEPT)
    **{f"{kind}.txt": f"像是二进制文件，不是文本（{reason}" for kind, (_, reason) in real_binaries("").items()},
}
KEPT = ["gb18030.txt", "utf16.txt", "bom and crlf.txt", "bad end.txt", "nul bel.txt", "huge.txt", "script.txt",
        "syntax.txt", "front matter.txt", "short nul bel.txt", "short bad end.txt", "tagged.txt"]


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    sources = folder / "sources"
    sources.mkdir()
    for name, data in hostile_files().items():
        (sources / name).write_bytes(data)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sources.iterdir()}
    result = build(sources, folder / "docs", cache_dir=folder / "cache")
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sources.iterdir()}
    return result, before, after, folder


def test_the_originals_are_never_modified(hostile_build):
    _, before, after, _ = hostile_build
    assert before == after


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_a_file_that_cannot_be_used_gets_one_line_naming_it_and_why(hostile_build, name):
    result, *_ = hostile_build
    lines = [problem for problem in result.problems if problem.source_name == name]
    assert len(lines) == 1 and SKIPPED[name] in lines[0].reason, result.problems


@pytest.mark.parametrize("name", KEPT)
def test_a_file_with_text_in_it_is_kept(hostile_build, name):
    result, *_ = hostile_build
    assert any(story.source.name == name for story in result.stories), result.problems
    assert not [problem for problem in result.problems if problem.source_name == name]


@pytest.mark.parametrize("name", ["bad end.txt", "short bad end.txt"])
def test_undecodable_bytes_are_kept_out_of_the_text_and_flagged(hostile_build, name):
    result, *_ = hostile_build
    bad_end = [s for s in result.stories if s.source.name == name]
    assert "undecodable" in bad_end[0].source.encoding
    flagged = [c for s in bad_end for c in s.changes if c.rule == "flag_undecodable"]
    assert flagged and all(c.flag and c.before == "\ufffd" * (c.end - c.start) for c in flagged)
    assert sum(s.meta.cleaning.flags for s in bad_end) >= 1  # the story is flagged for a person


@pytest.mark.parametrize("name", ["nul bel.txt", "short nul bel.txt"])
def test_control_characters_are_kept_out_of_the_text_and_on_record(hostile_build, name):
    result, *_ = hostile_build
    nul = [s for s in result.stories if s.source.name == name]
    text = "".join(b.text for s in nul for b in s.blocks)
    assert text and "\x00" not in text and "\x07" not in text
    removed = [c for s in nul for c in s.changes if c.rule == "remove_invisible"]
    assert {c.before for c in removed} >= {"\x00", "\x07"}


def test_the_short_pages_are_as_short_as_issue_19s():
    files = hostile_files()
    assert (len(files["short nul bel.txt"]), len(files["short bad end.txt"])) == (142, 141)


def test_nothing_a_source_says_is_executed_or_taken_as_markup(hostile_build):
    result, _, _, folder = hostile_build
    pages = {p: p.read_text(encoding="utf-8") for p in (folder / "docs" / "zh").rglob("*.md")}
    assert not any("<script>" in text for text in pages.values())
    for story in result.stories:
        if story.source.name in ("front matter.txt", "syntax.txt", "script.txt"):
            page = pages[folder / "docs" / "zh" / "stories" / f"{story.slug}.md"]
            fields = yaml.safe_load(page.split("---\n", 2)[1])  # ours: the scan's "---" block is text
            assert "hooks" not in fields and fields["slug"] == story.slug
    syntax = next(text for path, text in pages.items() if "stories/" in str(path) and "不是强调" in text)
    # a paragraph is an HTML block (Markdown does not touch it); a heading's Markdown and Jinja are escaped
    assert '<p id="p1">*不是强调* [链接](javascript:alert(1)' in syntax
    assert "# \\# 不是标题 \\{\\{ config\\.site\\_name \\}\\} \\{% raw %\\}\n" in syntax
    assert not Path("/tmp/archive-pwned").exists()


def project_with(tmp_path, files: dict[str, bytes]):
    copy_project(tmp_path)
    (tmp_path / "sources").mkdir()
    shutil.copy(SOURCES / "002_b72c39747ee464c6.txt", tmp_path / "sources")
    for name, data in files.items():
        (tmp_path / "sources" / name).write_bytes(data)
    return tmp_path


def mkdocs_build(project, strict: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_STRICT": strict, "ARCHIVE_CACHE": str(project / "cache")}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                          capture_output=True, text=True)


def test_a_skipped_source_or_sidecar_is_reported_and_blocks_the_build_only_when_asked(tmp_path):
    sidecar = "002_b72c39747ee464c6.yml"  # beside the seed project_with copies
    project = project_with(tmp_path, {"random.txt": hostile_files()["random.txt"], sidecar: b"paper: [unclosed\n"})
    lenient = mkdocs_build(project, "")
    assert lenient.returncode == 0, lenient.stderr[-2000:]
    assert "skipped source random.txt: 像是二进制文件" in lenient.stderr
    assert f"skipped source {sidecar}: 附注文件 {sidecar} 不是有效的 YAML" in lenient.stderr
    report = json.loads((project / "site" / "build-report.json").read_text(encoding="utf-8"))
    assert [item["file"] for item in report["skipped"]] == [sidecar, "random.txt"]
    assert report["skipped"][0]["reason"].endswith("；已忽略，此版照常发布")
    assert report["skipped"][1]["reason"] == "像是二进制文件，不是文本（含控制字节）"
    assert report["stories"] == 8  # the seed's page, published without its sidecar
    page = (project / "site" / "report" / "index.html").read_text(encoding="utf-8")
    assert "未收录的来源文件（2）" in page and "random.txt" in page and sidecar in page
    assert "random.txt" in (project / "site" / "zh-Hant" / "report" / "index.html").read_text(encoding="utf-8")
    strict = mkdocs_build(project, "1")
    assert strict.returncode != 0 and "skipped source random.txt" in strict.stderr
    (project / "sources" / "random.txt").unlink()  # the sidecar alone fails a strict build too
    strict = mkdocs_build(project, "1")
    assert strict.returncode != 0 and f"skipped source {sidecar}" in strict.stderr
