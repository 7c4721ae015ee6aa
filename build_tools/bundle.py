"""Zip a built site into the offline bundle, byte for byte reproducible.

Entries are sorted and stamped with a fixed time, so the same site always
gives the same zip.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def write_bundle(site_dir: Path, zip_path: Path) -> int:
    """Write every file of site_dir into zip_path; return the number of files."""
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir} has no index.html: build the offline site first")
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site_dir).as_posix(), FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, path.read_bytes())
    return len(files)
