"""Fetch axe-core's axe.min.js (npm registry, a pinned version, checked by
its integrity digest: build_tools.vendor.npm_package) for the accessibility
test (tests/test_valid.py); `make test` runs it.

    .venv/bin/python tests/tools/fetch_axe.py build/axe.min.js
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_tools.vendor import npm_package

VERSION = "4.14.1"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
STAMP_SUFFIX = ".version"  # beside the file: the version it is


def main() -> None:
    target = Path(sys.argv[1])
    stamp = target.with_name(target.name + STAMP_SUFFIX)
    if target.exists() and stamp.exists() and stamp.read_text(encoding="utf-8").strip() == VERSION:
        return
    with npm_package("axe-core", VERSION, INTEGRITY) as archive:
        script = archive.extractfile("package/axe.min.js").read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(script)
    stamp.write_text(VERSION + "\n", encoding="utf-8")
    print(f"axe-core {VERSION} -> {target}")


if __name__ == "__main__":
    main()
