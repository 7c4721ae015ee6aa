import codecs
import hashlib
import random

import pytest
from helpers import LENGTHS, good_page, real_binaries

from build_tools.clean import clean_source
from build_tools.ingest import decode, read_source, read_sources, source_from_bytes
from build_tools.model import NO_SIDECAR

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


def test_a_sidecar_is_read_and_a_bad_one_is_left_out_named_and_its_page_read(tmp_path):
    sidecars = {"a": "paper: 锦州日报\n".encode("utf-8"), "b": b"paper: [unclosed\n",
                "c": "stories:\n  1:\n    titel: 新标题\n".encode("utf-8"), "d": b"date: 2023-3-9\n",
                "e": "paper: 锦州日报\n".encode("gb18030")}
    for stem, sidecar in sidecars.items():
        (tmp_path / f"{stem}.txt").write_text("正文。", encoding="utf-8")
        (tmp_path / f"{stem}.yml").write_bytes(sidecar)
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert sources[0].sidecar.page.given() == {"paper": "锦州日报"}
    assert [s.sidecar for s in sources[1:]] == [NO_SIDECAR] * 4
    assert [p.source_name for p in problems] == ["b.yml", "c.yml", "d.yml", "e.yml"]
    assert all(p.reason.startswith(f"附注文件 {p.source_name}") and p.reason.endswith("；已忽略，此版照常发布")
               for p in problems)
    assert "b.yml 不是有效的 YAML：" in problems[0].reason
    assert "：未知的键“stories: 1: titel”" in problems[1].reason
    assert "“date”应是写作 2023-03-09 的日期" in problems[2].reason
    with pytest.raises(ValueError, match="c.yml：未知的键"):  # `clean FILE`: the editor checking a sidecar sees its fault
        read_source(tmp_path / "c.txt")


def test_sources_are_read_in_name_order_and_only_txt(tmp_path):
    for name in ["b.txt", "a.txt", "notes.md", "c.TXT.bak"]:
        (tmp_path / name).write_text("正文。", encoding="utf-8")
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["a.txt", "b.txt"]
    assert problems == []


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_nul_and_a_bel_in_good_text_are_the_cleaners_to_remove_whatever_the_length(length, encoding):
    text = good_page(length)
    first, second = sorted(random.Random(length).sample(range(1, len(text)), 2))
    damaged = text[:first] + "\x00" + text[first:second] + "\x07" + text[second:]
    source = source_from_bytes(damaged.encode(encoding), "a.txt")
    assert (source.text, source.encoding) == (damaged, encoding)
    cleaned = clean_source(source)
    assert "\x00" not in cleaned.text and "\x07" not in cleaned.text
    removed = "".join(c.before for c in cleaned.changes if c.rule == "remove_invisible")
    assert "\x00" in removed and "\x07" in removed


@pytest.mark.parametrize("length", LENGTHS)
# the last byte lost, or the last two; the last four bad (two of the cut character, two stray), each on its own
@pytest.mark.parametrize("cut, tail", [(1, b""), (2, b""), (1, b"\xff\xfe"), (2, b"\xff\xfe\xfd")])
def test_a_character_cut_off_at_the_end_is_kept_and_flagged_whatever_the_length(length, cut, tail):
    text = good_page(length)
    raw = text.encode("utf-8")[:-cut] + tail
    source = source_from_bytes(raw, "a.txt")
    assert source.text == text[:-1] + "\ufffd" * (3 - cut + len(tail))
    assert source.encoding == "utf-8, 1 undecodable byte sequence(s) shown as U+FFFD"
    flagged = [c for c in clean_source(source).changes if c.rule == "flag_undecodable"]
    assert len(flagged) == 1 and flagged[0].flag


@pytest.mark.parametrize("length", LENGTHS)
def test_a_stray_byte_inside_good_text_is_kept_and_flagged_whatever_the_length(length):
    text = good_page(length)
    at = random.Random(length).randrange(1, len(text))
    raw = text[:at].encode("utf-8") + b"\xff" + text[at:].encode("utf-8")
    source = source_from_bytes(raw, "a.txt")
    assert source.text == text[:at] + "\ufffd" + text[at:]
    assert [c.before for c in clean_source(source).changes if c.rule == "flag_undecodable"] == ["\ufffd"]


@pytest.mark.parametrize("length", LENGTHS)
def test_gb18030_and_utf16_are_read_as_such_whatever_the_length(length):
    text = good_page(length)
    assert decode(text.encode("gb18030")) == (text, "gb18030")  # not taken for damaged UTF-8
    assert decode(text.encode("utf-16")) == (text, "utf-16")


@pytest.mark.parametrize("name", sorted(real_binaries("")))
def test_a_real_binary_is_refused_and_named(name):
    data, kind = real_binaries(good_page(12000))[name]
    with pytest.raises(ValueError, match=f"^像是二进制文件，不是文本（{kind}"):
        decode(data)
