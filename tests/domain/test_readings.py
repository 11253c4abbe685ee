"""Readings are bounded per project: past the cap the older half becomes one summary, nothing is lost."""

from datetime import timedelta

from domain.metrics import MAX_READINGS, SUMMARY_ACTOR, MetricReading, fold_readings
from tests.builders import project
from tests.conftest import T0


def recorded(values):
    p = project()
    for n, value in enumerate(values):
        p.record_reading(MetricReading(value=value, at=T0 + timedelta(minutes=n), actor="U1"))
    return p


def test_up_to_the_cap_every_reading_is_kept_as_it_was():
    p = recorded(range(MAX_READINGS))
    assert [r.value for r in p.readings] == list(range(MAX_READINGS))


def test_past_the_cap_the_older_half_is_one_summary_of_count_span_min_max_and_mean():
    p = recorded(float(n) for n in range(MAX_READINGS + 1))
    summary, *kept = p.readings
    assert len(kept) == MAX_READINGS // 2 and kept[-1].value == MAX_READINGS and p.current_value == MAX_READINGS
    folded = MAX_READINGS + 1 - MAX_READINGS // 2
    assert summary.actor == SUMMARY_ACTOR and summary.at == T0 + timedelta(minutes=folded - 1)
    assert summary.note == (
        f"Summary of {folded} readings from {T0:%Y-%m-%d %H:%M} to {summary.at:%Y-%m-%d %H:%M} UTC: "
        f"min 0, max {folded - 1}, mean {(folded - 1) / 2:g}"
    )


def test_a_second_fold_counts_the_first_summary_with_its_weight():
    total = 2 * MAX_READINGS
    p = recorded(float(n) for n in range(total))
    summary = p.readings[0]
    folded = total - (len(p.readings) - 1)
    assert summary.note.startswith(f"Summary of {folded} readings from {T0:%Y-%m-%d %H:%M}")
    assert summary.value == sum(range(folded)) / folded, "the mean over every folded reading, not over summaries"
    assert len(p.readings) <= MAX_READINGS + 1


def test_readings_of_different_metric_definitions_are_never_averaged_together():
    old = [MetricReading(value=100.0, at=T0 + timedelta(minutes=i), actor="U1", series=1) for i in range(4)]
    new = [MetricReading(value=0.5, at=T0 + timedelta(minutes=10 + i), actor="U1", series=2) for i in range(4)]
    folded = fold_readings(old + new, keep=2)
    summaries = [r for r in folded if r.actor == SUMMARY_ACTOR]
    assert [(s.series, s.value) for s in summaries] == [(1, 100.0), (2, 0.5)]
    assert [r.series for r in folded[-2:]] == [2, 2]
