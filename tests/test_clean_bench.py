"""The corruption bench's bars, on a small fixed sample (make bench-clean runs the full one)."""

from bench.clean_bench import clean_input_change, measure
from bench.corpus import DEFECTS, corpus

PAGES = corpus(12, seed=7)


def test_at_least_97_percent_of_injected_error_is_removed():
    rows = [measure(PAGES, defect, seed=7) for defect in DEFECTS]
    before = sum(row["before"] for row in rows)
    after = sum(row["after"] for row in rows)
    assert before > 0
    assert 1 - after / before >= 0.97


def test_clean_input_is_changed_at_most_0_05_percent():
    changed, chars = clean_input_change(PAGES)
    assert chars > 5000
    assert changed / chars <= 0.0005
