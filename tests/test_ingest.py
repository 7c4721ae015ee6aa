import codecs
import hashlib

import pytest

from build_tools.ingest import decode, read_source, read_sources

TEXT = "锦州港，东北陆海新通道。\r\n第二段\r第三段"


@pytest.mark.parametrize(
    "raw, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # carries its BOM
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_decodes_common_encodings(raw, encoding):
    assert decode(raw) == (TEXT, encoding)


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"", "空的"),
        (b"  \n\n ", "空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
        (b"text \x80\xff more" * 10, "无法.*解码"),
    ],
)
def test_rejects_unusable_bytes_with_a_reason(raw, reason):
    with pytest.raises(ValueError, match=reason):
        decode(raw)


def test_source_keeps_text_and_hashes_raw_bytes(tmp_path):
    raw = TEXT.encode("gb18030")
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    source = read_source(path)
    assert source.text == "锦州港，东北陆海新通道。\n第二段\n第三段"
    assert source.sha256 == hashlib.sha256(raw).hexdigest()
    assert source.stem == "a"


def test_sidecar_is_read_and_bad_sidecar_is_a_problem(tmp_path):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "a.yml").write_text("paper: 锦州日报\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "b.yml").write_text("paper: [unclosed\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "c.yml").write_text("stories:\n  1:\n    titel: 新标题\n", encoding="utf-8")
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["a.txt"]
    assert sources[0].sidecar.page.given() == {"paper": "锦州日报"}
    assert [p.source_name for p in problems] == ["b.txt", "c.txt"]
    assert "b.yml 不是有效的 YAML" in problems[0].reason
    assert problems[1].reason.startswith("附注文件 c.yml：未知的键“stories: 1: titel”")


def test_sources_are_read_in_name_order_and_only_txt(tmp_path):
    for name in ["b.txt", "a.txt", "notes.md", "c.TXT.bak"]:
        (tmp_path / name).write_text("正文。", encoding="utf-8")
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["a.txt", "b.txt"]
    assert problems == []
