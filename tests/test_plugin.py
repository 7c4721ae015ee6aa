"""The archive's MkDocs plugin: registered, configured in mkdocs.yml, and overridden by the environment."""

import sys
import tomllib

from mkdocs.config import load_config
from mkdocs.plugins import get_plugins

from build_tools.plugin import ArchivePlugin, settings
from conftest import ROOT


def test_the_plugin_is_registered_and_named_in_both_configs():
    assert get_plugins()["archive"].load() is ArchivePlugin
    for name in ("mkdocs.yml", "mkdocs.zh-Hant.yml"):
        config = load_config(config_file=str(ROOT / name))
        assert isinstance(config.plugins["archive"], ArchivePlugin), name


def test_options_come_from_mkdocs_yml_and_the_environment_overrides_each():
    plugin = load_config(config_file=str(ROOT / "mkdocs.yml")).plugins["archive"]
    assert settings(plugin.config, environ={}) == {"strict": False, "offline": False, "jobs": None, "scheduler": None,
                                                  "cache_dir": None}
    environ = {"ARCHIVE_STRICT": "1", "OFFLINE": "true", "ARCHIVE_JOBS": "3", "ARCHIVE_SCHEDULER": "tcp://h:8786",
               "ARCHIVE_CACHE": "/tmp/cache"}
    got = settings(plugin.config, environ=environ)
    assert (got["strict"], got["offline"], got["jobs"], got["scheduler"], str(got["cache_dir"])) == (
        True, True, 3, "tcp://h:8786", "/tmp/cache")
    # set but empty (make site without STRICT=1): the option stands
    assert settings(plugin.config, environ={"ARCHIVE_STRICT": "", "OFFLINE": "false"})["offline"] is False


def test_the_python_the_project_declares_is_the_one_it_runs_on():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert declared.startswith(">=3.11")
    assert sys.version_info >= (3, 11)


def test_squeezing_whitespace_keeps_what_a_browser_shows_and_every_verbatim_element():
    import random
    import re

    from build_tools.plugin import squeeze_whitespace

    rng = random.Random(20)
    pieces = ["<div>", "</div>", "<span>首页</span>", "正文，内容。", "\n", "\n    ", "  ", "\t", "\n\n  \n",
              "<pre class=\"source-text\">  第一行\n\n    第二行 </pre>", "<script>var a = 1;\n\n  b();</script>",
              "<textarea>\n  x\n</textarea>", "<p>段落</p>"]
    collapse = re.compile(r"\s+")
    for _ in range(300):
        page = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        squeezed = squeeze_whitespace(page)
        assert len(squeezed) <= len(page)
        verbatim = re.findall(r"<(pre|textarea|script)\b.*?</\1>", page, re.S)
        assert re.findall(r"<(pre|textarea|script)\b.*?</\1>", squeezed, re.S) == verbatim
        for element in re.finditer(r"<(pre|textarea|script)\b.*?</\1>", page, re.S):
            assert element.group() in squeezed
        outside = lambda text: collapse.sub(" ", re.sub(r"<(pre|textarea|script)\b.*?</\1>", "\0", text, flags=re.S))
        assert outside(squeezed) == outside(page)
