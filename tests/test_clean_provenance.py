"""Every change is a record, and the records give back the source."""

import pytest

from build_tools.clean import clean_source, restore_source, run_rules
from build_tools.ingest import read_source
from conftest import SEED_NAMES, SOURCES

NOISY = "\ufeff  锦州:昂扬奋斗\u200b\n\n\n本报记者 崔 治\n\n５Ｇ基站(盟)建設,完成\"项目\"签约.  \n\n\n"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_records_applied_in_reverse_give_back_each_seed(name):
    source = read_source(SOURCES / name)
    text, per_rule = run_rules(source.text)
    assert text != source.text
    assert restore_source(text, per_rule) == source.text


def test_records_give_back_a_noisy_text():
    text, per_rule = run_rules(NOISY)
    assert restore_source(text, per_rule) == NOISY


def test_each_record_points_at_what_the_source_says(tmp_path):
    path = tmp_path / "noisy.txt"
    path.write_text(NOISY, encoding="utf-8")
    source = read_source(path)
    cleaned = clean_source(source)
    assert cleaned.changes
    for change in cleaned.changes:
        assert change.rule and change.reason
        # a rule that ran first sees the source itself; later ones see text the earlier
        # rules changed, but their source span still covers what the scan said there
        if change.rule == "remove_invisible":
            assert source.text[change.source_start:change.source_end] == change.before
    widened = [c for c in cleaned.changes if c.rule == "widen_punctuation"]
    assert [source.text[c.source_start:c.source_end] for c in widened] == [":", "(", ")", ","]
