"""The cleaner on pages a real OCR engine read: Tesseract's text of rendered
newspaper pages (tests/fixtures/ocr/, made by tests/bench/ocr_pages.py), each
with its truth. These are pages Tesseract read in reading order."""

import json
import re
from pathlib import Path

import pytest
from rapidfuzz.distance import Indel

from build_tools.cli import printed_blocks
from build_tools.clean import clean_source
from build_tools.clean.blocks import LOST_MARK
from build_tools.enrich import enrich_page
from build_tools.model import Source
from build_tools.segment import segment

FIXTURES = Path(__file__).parent / "fixtures" / "ocr"
IN_ORDER = ["two_col_span", "four_col_narrow", "first_col_headline", "multi_report_side"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read(name: str):
    truth = json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))
    source = Source(name=f"{name}.txt", text=(FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), sha256="", encoding="utf-8")
    return truth, enrich_page(segment(clean_source(source)))


@pytest.mark.parametrize("name", IN_ORDER)
def test_each_report_gets_its_headline_paragraphs_and_date(name):
    truth, stories = read(name)
    assert len(stories) == len(truth["stories"])
    for story, expected in zip(stories, truth["stories"]):
        assert Indel.normalized_similarity(squeeze(story.title), squeeze(expected["title"])) >= 0.8
        assert story.meta.date == truth["date"]
    blocks = [squeeze(block) for story in stories for block in printed_blocks(story)]
    paragraphs = [squeeze(b["text"]) for s in truth["stories"] for b in s["blocks"] if b["kind"] == "paragraph"]
    intact = [p for p in paragraphs if any(Indel.normalized_similarity(p, b) >= 0.9 for b in blocks)]
    assert intact == paragraphs
    assert not any(LOST_MARK in b for b in blocks)
