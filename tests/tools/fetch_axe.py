"""Fetch axe-core's axe.min.js (npm registry, a pinned version, checked by
its SHA-256) for the accessibility test (tests/test_valid.py); `make test` runs it.

    .venv/bin/python tests/tools/fetch_axe.py build/axe.min.js
"""

from __future__ import annotations

import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # of package/axe.min.js


def main() -> None:
    target = Path(sys.argv[1])
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == SHA256:
        return
    with urllib.request.urlopen(URL, timeout=60) as response:
        archive = tarfile.open(fileobj=io.BytesIO(response.read()), mode="r:gz")
    script = archive.extractfile("package/axe.min.js").read()
    if hashlib.sha256(script).hexdigest() != SHA256:
        sys.exit(f"{URL}: axe.min.js is not the file this project pinned (SHA-256 differs)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(script)
    print(f"axe-core {VERSION} -> {target}")


if __name__ == "__main__":
    main()
