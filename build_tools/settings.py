"""The archive's settings: the one place to change them (see README, 'Settings')."""

from __future__ import annotations

from dataclasses import dataclass

# OpenCC configuration for the Traditional site. "s2t" gives OpenCC's standard
# Traditional characters; "s2tw" / "s2hk" give Taiwan / Hong Kong variants and
# "s2twp" also converts Taiwan phrasing.
OPENCC_CONFIG = "s2t"


@dataclass(frozen=True)
class Script:
    locale: str  # the folder under docs/ and the site, as mkdocs-static-i18n names it
    language: str  # BCP 47 tag written into front matter
    opencc_config: str | None  # None: the text is already in this script


SCRIPTS = (
    Script(locale="zh", language="zh-Hans", opencc_config=None),
    Script(locale="zh-Hant", language="zh-Hant", opencc_config=OPENCC_CONFIG),
)
# The script served at the site's root; the other is built under its locale (zh-Hant/).
ROOT_SCRIPT = SCRIPTS[0]
