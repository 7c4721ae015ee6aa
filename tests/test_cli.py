import json
import subprocess
import sys

from conftest import ROOT, SOURCES

SEED = SOURCES / "002_b72c39747ee464c6.txt"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_tools", *args], cwd=ROOT, capture_output=True, text=True)


def test_clean_prints_title_first_then_blocks_one_blank_line_apart():
    result = run("clean", str(SEED))
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert blocks[0] == "锦州全力推进14个重点项目建设"
    assert all(block.strip() == block and block for block in blocks)
    assert "\n\n\n" not in result.stdout
    assert "总投资额超过500亿元，涵盖城建、交通、化工等多个领域" in blocks  # punctuation normalised


def test_clean_leaves_page_furniture_out():
    blocks = run("clean", str(SOURCES / "004_86555be193a46529.txt")).stdout.split("\n\n")
    assert "蓝黄日报" not in blocks
    assert "T08" not in blocks
    assert "二〇二五年十一月二十四日" not in blocks


def test_clean_report_is_json_change_records():
    result = run("clean", "--report", str(SEED))
    records = json.loads(result.stdout)
    assert records and {"rule", "source_start", "source_end", "before", "after", "reason"} <= set(records[0])
    source = SEED.read_text(encoding="utf-8")
    widened = [r for r in records if r["rule"] == "widen_punctuation"]
    assert widened and all(source[r["source_start"]:r["source_end"]] == r["before"] for r in widened)


def test_clean_names_the_file_and_reason_for_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("clean", str(empty))
    assert result.returncode == 2
    assert result.stderr.strip() == f"{empty}: 文件是空的"
