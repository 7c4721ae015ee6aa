"""Front-end code the site ships but the project does not write: OpenSeadragon,
the scan pages' deep-zoom viewer (BSD-3-Clause), from the npm registry, a pinned
version checked against the registry's integrity digest, its licence kept
beside it. `make setup` runs this; the files are not committed.

    python -m build_tools.vendor [FOLDER]   # default overrides/assets/javascripts/openseadragon
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "6.1.1"
INTEGRITY = "sha512-g4iKe2q8B642SaBT3+x4ZF3/8b1TxPPydyjmtrOLgDrlYWMKd9ZXM+1Cb/xa9DVySkvs/7l6HR1nHKfD5F3Tsw=="
FOLDER = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "javascripts" / "openseadragon"
STAMP = "VERSION"  # written last: its presence says the folder is whole


def npm_package(name: str, version: str, integrity: str) -> tarfile.TarFile:
    """A package's archive from the npm registry, checked against its pinned
    integrity digest (npm's `dist.integrity`, "sha512-…"); exit if it differs."""
    url = f"https://registry.npmjs.org/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:
        data = response.read()
    algorithm, digest = integrity.split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != digest:
        sys.exit(f"{url}: not the archive this project pinned ({algorithm} differs)")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")


def fetch(folder: Path = FOLDER) -> None:
    if (folder / STAMP).is_file() and (folder / STAMP).read_text(encoding="utf-8").strip() == VERSION:
        return
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "images").mkdir(parents=True)
    with npm_package("openseadragon", VERSION, INTEGRITY) as archive:
        for member in archive.getmembers():
            name = member.name
            if name == "package/build/openseadragon/openseadragon.min.js":
                target = folder / "openseadragon.min.js"
            elif name == "package/LICENSE.txt":
                target = folder / "LICENSE.txt"
            elif name.startswith("package/build/openseadragon/images/") and member.isfile():
                target = folder / "images" / Path(name).name
            else:
                continue
            target.write_bytes(archive.extractfile(member).read())
    (folder / STAMP).write_text(VERSION + "\n", encoding="utf-8")
    print(f"OpenSeadragon {VERSION} -> {folder}")


if __name__ == "__main__":
    fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER)
