"""Articles of a real historical paper for the held-out benches: 晶報, Shanghai, April 1920.

Ground truth from Jing bao 晶報, Early Chinese Periodicals Online (ECPO),
Heidelberg Centre for Asian and Transcultural Studies, CC BY 4.0 — repository
hcts-hra/ecpo-data, folder `jingbao-textGT/1920/04`, commit
a99e24ebe5c52d90031c0b8d4c806efe7aa41ec6 (a copy is in the steering repo's
`shared/ecpo-jingbao-1920/`).

Each `div[type=article]` whose first printed unit is a short head line
becomes one article in the benches' schema (tests/bench/articles.py): the head
line its title, an author line printed in brackets under it (（丹翁）) its
byline, the other units its paragraphs (the printed line ends, `<lb/>`,
joined: a paragraph is one block). Articles with more head lines than that
(serial fiction: title, installment, author, chapter, chapter title) or with
no prose are left out: their truth would be a guess. The text is kept as
printed (`traditional`) and converted to Simplified with OpenCC t2s (`title`,
`blocks`, …), since the cleaning benches of issue 19 measure Simplified text;
the printed script belongs to issue 21's benches.

    .venv/bin/python tests/bench/jingbao_corpus.py [--shared ../shared/ecpo-jingbao-1920]

writes tests/bench/data/heldout_jingbao1920.jsonl; the same input gives the same file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "heldout_jingbao1920.jsonl"
DEFAULT_SHARED = HERE.parents[2] / "shared" / "ecpo-jingbao-1920"
GAIJI = "\ue111"  # a glyph Unicode lacks: such a unit is left out
HEAD_MAX = 16  # a head line: this many characters at most, no clause mark
AUTHOR_RE = re.compile(r"^[（(][^（）()、，。]{1,8}[）)]$")
MIN_PROSE = 40


def units(div: ET.Element) -> list[str]:
    """The printed units (`p`) of a block, their line ends joined, comments (unchecked text) left out."""
    out = []
    for p in div.iter("p"):
        text = re.sub(r"\s+", "", "".join(p.itertext()))
        if text:
            out.append(text)
    return out


def parse(path: Path) -> ET.Element:
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<!DOCTYPE[^\]]*\]>", "", raw, flags=re.S).replace("&gaiji;", GAIJI)
    return ET.fromstring(raw)


def articles(folder: Path):
    import opencc
    t2s = opencc.OpenCC("t2s")
    for path in sorted(folder.glob("jb_*.xml")):
        date = re.search(r"_(\d{4}-\d{2}-\d{2})_", path.name).group(1)
        for page in parse(path).iter("div"):
            if page.get("type") != "page":
                continue
            for div in page:
                if div.tag != "div" or div.get("type") != "article":
                    continue
                parts = units(div)
                if len(parts) < 2 or any(GAIJI in p for p in parts):
                    continue
                title, rest = parts[0], parts[1:]
                if len(title) > HEAD_MAX or re.search("[、，。]", title):
                    continue
                byline = rest.pop(0) if rest and AUTHOR_RE.match(rest[0]) else ""
                if not rest or any(len(p) <= HEAD_MAX and not re.search("[、，。！？]", p) for p in rest):
                    continue  # another head line (an installment, a chapter): not a simple article
                if sum(len(p) for p in rest) < MIN_PROSE:
                    continue
                yield {
                    "id": f"jb{div.get('itemid')}",
                    "genre": "historical",
                    "kicker": "",
                    "title": t2s.convert(title),
                    "subtitle": "",
                    "byline": t2s.convert(byline),
                    "dateline": "",
                    "blocks": [{"kind": "paragraph", "text": t2s.convert(p)} for p in rest],
                    "date": None,
                    "issue": date,
                    "page": page.get("n"),
                    "traditional": {"title": title, "byline": byline, "blocks": rest},
                }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    found = list(articles(args.shared))
    with open(OUT, "w", encoding="utf-8") as out:
        for article in found:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    print(f"{len(found)} articles -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
