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


def _map_back_walking(position, changes, side="start"):
    """The plain walk over every change that the bisection replaced, as the reference."""
    shift = 0
    for change in changes:
        out_start = change.start + shift
        out_end = out_start + len(change.after)
        if position < out_start:
            break
        if position == out_start == out_end:
            return change.end if side == "start" else change.start
        if position < out_end:
            return change.start if position == out_start or side == "start" else change.end
        shift += len(change.after) - len(change.before)
    return position - shift


def test_bisected_offset_mapping_agrees_with_walking_every_change():
    import random

    from build_tools.clean.edits import Edit, apply_edits, index_changes, map_back

    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice("锦州港航道改扩建工程。，\n") for _ in range(rng.randint(0, 60)))
        edits, cursor = [], 0
        while cursor < len(text) and len(edits) < 12:
            start = rng.randint(cursor, len(text))
            end = rng.choice([start, min(len(text), start + rng.randint(0, 4))])
            edits.append(Edit(start, end, rng.choice(["", "x", "yy", "\n\n"]), "r", flag=rng.random() < 0.2))
            cursor = end + rng.randint(0, 3)
        out, changes = apply_edits(text, "r", edits)
        index = index_changes(changes)
        for position in range(len(out) + 1):
            for side in ("start", "end"):
                assert map_back(position, index, side) == _map_back_walking(position, changes, side)
