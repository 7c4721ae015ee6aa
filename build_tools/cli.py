"""Command line: `python -m build_tools build`, `clean FILE`, `export`, `bundle` and `version`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .bundle import write_bundle
from .cache import pipeline_version
from .clean import clean_source
from .ingest import read_source
from .export import write_export
from .site_map import EXPORT_DIR, EXPORT_FILE
from .link import find_links
from .pipeline import build, make_stories
from .segment import segment
from .settings import (AUTO_SCRIPT, CONVERSIONS, DEFAULT_OCR_ENGINE, DEFAULT_OCR_LANGUAGES, OCR_ENGINES, OPENCC_CONFIG,
                       Collection, environment_overrides)

ROOT = Path(__file__).resolve().parent.parent


def cmd_build(args: argparse.Namespace) -> int:
    environment = environment_overrides()
    try:
        result = build(args.sources, args.docs, progress=sys.stderr.isatty(), jobs=args.jobs or environment.get("jobs"),
                       scheduler=args.scheduler or environment.get("scheduler"), cache_dir=environment.get("cache_dir"),
                       collection=Collection(args.script, args.conversion, args.paper, str(args.manifest or ""),
                                             args.ocr_engine, args.ocr_languages, args.site_url, args.scan_base_url))
    except ValueError as error:  # a collection manifest that cannot be used
        print(error, file=sys.stderr)
        return 2
    for problem in result.problems:
        print(f"skipped {problem}", file=sys.stderr)
    print(
        f"{result.story_count} stories from {args.sources}: "
        f"{result.written} pages written, {result.removed} removed, {len(result.problems)} files skipped; "
        f"{result.processed} source pages cleaned, {result.cached} read from the cache ({result.timing()})",
        file=sys.stderr,
    )
    return 1 if args.strict and result.problems else 0


def cmd_clean(args: argparse.Namespace) -> int:
    try:
        source = read_source(args.file)
    except (OSError, ValueError) as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    try:
        cleaned = clean_source(source)
    except ValueError as error:
        print(f"{args.file}: {error}", file=sys.stderr)
        return 2
    if args.report:
        json.dump([c.as_dict() for c in cleaned.changes], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write("\n\n".join(block for story in segment(cleaned) for block in printed_blocks(story)) + "\n")
    return 0


def printed_blocks(story) -> list[str]:
    """A story as the page prints it, furniture left out: title, decks,
    bylines, the body (the dateline back at the head of its paragraph), credits."""
    body = [f"{story.dateline} {block.text}" if index == story.dateline_block else block.text
            for index, block in enumerate(story.blocks)]
    return [story.title, *story.decks, *story.bylines, *body, *story.credits]


def cmd_export(args: argparse.Namespace) -> int:
    """The archive as JSON lines (build_tools/export.py), from the sources (and the cache)."""
    loaded = make_stories(args.sources, progress=sys.stderr.isatty())
    for problem in loaded.problems:
        print(f"skipped {problem}", file=sys.stderr)
    size, _ = write_export(loaded.stories, find_links(loaded.stories), args.out)
    print(f"{args.out}: {len(loaded.stories)} stories, {size:,} bytes", file=sys.stderr)
    return 0


def cmd_bundle(args: argparse.Namespace) -> int:
    try:
        count = write_bundle(args.site, args.zip)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{args.zip}: {count} files", file=sys.stderr)
    return 0


def cmd_version(args: argparse.Namespace) -> int:
    """The pipeline's version (cache.pipeline_version): what a deploy keys its saved page cache by."""
    print(pipeline_version())
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="generate the Markdown pages of both scripts from the sources")
    b.add_argument("--sources", type=Path, default=ROOT / "sources", help="folder of OCR sources: .txt, ALTO .xml, hOCR .hocr/.html (default: sources/)")
    b.add_argument("--docs", type=Path, default=ROOT / "docs", help="MkDocs docs folder to write into (default: docs/)")
    b.add_argument("--strict", action="store_true", help="exit non-zero when any source, or sidecar, had to be skipped")
    b.add_argument("--jobs", type=int, default=None,
                   help="processes cleaning sources at once (default: every core, or $ARCHIVE_JOBS)")
    b.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="a Dask scheduler (tcp://host:8786): clean the sources on its cluster "
                        "(needs the .[dask] extra; or $ARCHIVE_SCHEDULER)")
    b.add_argument("--script", choices=(AUTO_SCRIPT, "zh-Hans", "zh-Hant"), default=AUTO_SCRIPT,
                   help="the script the sources are printed in (default: auto, read from each page's characters)")
    b.add_argument("--conversion", choices=CONVERSIONS, default=OPENCC_CONFIG,
                   help=f"how the Traditional site converts pages printed in Simplified (default: {OPENCC_CONFIG})")
    b.add_argument("--paper", default="", help="the paper's name, for pages whose masthead does not print it")
    b.add_argument("--manifest", type=Path, default=None,
                   help="a CSV with a header line: file, and any of paper, date (2023-03-09), page; one row a page")
    b.add_argument("--ocr-engine", choices=OCR_ENGINES, default=DEFAULT_OCR_ENGINE,
                   help=f"what reads the page images (PNG, JPEG, TIFF) of the sources (default: {DEFAULT_OCR_ENGINE})")
    b.add_argument("--ocr-languages", default=DEFAULT_OCR_LANGUAGES,
                   help=f"Tesseract's languages (default: {DEFAULT_OCR_LANGUAGES}; chi_tra, chi_tra_vert for vertical print)")
    b.add_argument("--site-url", default="", help="where the site is published: the IIIF manifests' absolute ids")
    b.add_argument("--scan-base-url", default="",
                   help="where the page images' tiles are hosted, when not in the site (each page's under BASE/STEM/)")
    b.set_defaults(run=cmd_build)
    c = commands.add_parser("clean", help="print the cleaned text of one source")
    c.add_argument("file", type=Path)
    c.add_argument("--report", action="store_true", help="print the change records as JSON instead")
    c.set_defaults(run=cmd_clean)
    e = commands.add_parser("export", help="write the archive as gzipped JSON lines (see `make export`)")
    e.add_argument("--sources", type=Path, default=ROOT / "sources", help="folder of OCR sources (default: sources/)")
    e.add_argument("--out", type=Path, default=ROOT / "site" / EXPORT_DIR / EXPORT_FILE,
                   help=f"file to write (default: site/{EXPORT_DIR}/{EXPORT_FILE})")
    e.set_defaults(run=cmd_export)
    z = commands.add_parser("bundle", help="zip an offline build of the site (see `make bundle`)")
    z.add_argument("site", type=Path, help="site folder built with OFFLINE=true")
    z.add_argument("zip", type=Path, help="zip file to write")
    z.set_defaults(run=cmd_bundle)
    v = commands.add_parser("version", help="print the pipeline's version: the digest page results are cached under")
    v.set_defaults(run=cmd_version)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
