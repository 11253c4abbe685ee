"""The metric over time: the current series against target and best baseline, its sparkline, and
how it moved since a moment (the digest's direction)."""

from datetime import timedelta

from domain.metrics import Direction, MetricChange, MetricReading
from domain.trend import alt_text, movement_since, sparkline, trend_line, trend_of
from tests.builders import optimizing, project, scope
from tests.conftest import T0


def reading(value, days, series=1):
    return MetricReading(value=value, at=T0 + timedelta(days=days), actor="U1", series=series)


def with_readings(*values, lower=False, target=0.8):
    metric = optimizing(target=target, direction=Direction.LOWER if lower else Direction.HIGHER)
    readings = [reading(v, i) for i, v in enumerate(values)]
    return project("p", the_scope=scope(metrics=[metric]), readings=readings)


def test_a_sparkline_spans_its_values_from_lowest_to_highest_bar():
    assert sparkline([0.61, 0.64, 0.67, 0.70]) == "▁▃▆█"
    assert sparkline([3, 3, 3]) == "▄▄▄", "a flat series is drawn at mid height, not as zero"
    assert sparkline([]) == ""


def test_a_sparkline_is_scaled_against_target_and_baseline_so_noise_reads_as_noise():
    noisy = [0.612, 0.608, 0.611, 0.609]
    assert sparkline(noisy) == "█▁▆▃", "alone, noise of 0.004 fills every bar"
    assert sparkline(noisy, (0.8, 0.55)) == "▃▃▃▃", "against the target and baseline it is flat"
    assert sparkline([0.55, 0.8], (0.8, None)) == "▁█" and sparkline([3, 3], (None, None)) == "▄▄"
    assert sparkline([0.9, 1.0], (0.8, 0.5)) == "▇█", "above the target: the range grows to hold the values"


def test_one_reading_is_said_as_one_reading_not_as_a_trend():
    trend = trend_of(with_readings(0.61))
    assert trend is not None and not trend.chartable
    assert trend_line(trend) == "0.61 (one reading: no trend yet) · target 0.8 · best baseline 0.5"


def test_the_trend_is_the_current_series_against_target_and_best_baseline():
    trend = trend_of(with_readings(0.61, 0.64, 0.70))
    assert trend is not None and trend.values == [0.61, 0.64, 0.70] and trend.chartable
    assert (trend.target, trend.baseline, trend.baseline_kind) == (0.8, 0.5, "rule-based")
    assert trend_line(trend) == "▄▄▆ 0.61 → 0.7 (3 readings) · target 0.8 · best baseline 0.5"


def test_readings_of_an_earlier_definition_of_the_metric_are_not_part_of_the_trend():
    change = MetricChange(previous="recall@10", current="per-team recall", reason="teams differ", actor="U1", at=T0)
    p = with_readings(0.61, 0.67).model_copy(
        update={"metric_changes": [change], "readings": [reading(0.61, 0), reading(0.67, 1), reading(0.4, 2, series=2)]}
    )
    trend = trend_of(p)
    assert trend is not None and trend.values == [0.4] and not trend.chartable
    assert trend.baseline is None, "the baseline was measured on the old metric"


def test_unknown_target_and_baseline_are_said_not_drawn_as_zero():
    p = with_readings(1.0, 2.0, target=None).model_copy(update={"scope": scope(metrics=[optimizing(target=None)], baselines=[])})
    trend = trend_of(p)
    assert trend is not None and trend_line(trend).endswith("· no target · no baseline measured")
    assert "no target; no baseline" in alt_text(trend)


def test_no_optimizing_metric_has_no_trend():
    assert trend_of(project("p", the_scope=scope(metrics=[]))) is None


def test_a_long_series_shows_its_newest_twenty_bars_and_says_there_are_more():
    trend = trend_of(with_readings(*[float(i) for i in range(30)]))
    assert trend is not None
    line = trend_line(trend)
    assert line.startswith("…") and len(line.split(" ")[0]) == 21 and "0 → 29 (30 readings)" in line


def test_the_alt_text_says_what_the_chart_shows():
    trend = trend_of(with_readings(0.61, 0.70))
    assert trend is not None
    assert alt_text(trend) == (
        "recall@10 (higher is better) over time: 2 readings, 0.61 on 2026-03-02 to 0.7 on 2026-03-03; "
        "target 0.8; best baseline 0.5 (rule-based)."
    )


def test_the_movement_since_a_moment_starts_from_the_value_it_had_then():
    p = with_readings(0.5, 0.61, 0.67)
    moved = movement_since(p, T0)  # 0.5 was the value then; 0.61 and 0.67 came after
    assert moved is not None and (moved.first, moved.last, moved.readings) == (0.5, 0.67, 2)
    assert moved.describe() == "↗ 0.5 → 0.67 (better)"


def test_down_is_better_for_a_metric_to_lower():
    moved = movement_since(with_readings(120, 140, 90, lower=True), T0 - timedelta(days=1))
    assert moved is not None and moved.describe() == "↘ 120 → 90 (better)"
    worse = movement_since(with_readings(90, 120, lower=True), T0)
    assert worse is not None and worse.describe() == "↗ 90 → 120 (worse)"


def test_no_movement_without_a_new_reading_or_with_a_single_reading_only():
    assert movement_since(with_readings(0.5, 0.6), T0 + timedelta(days=5)) is None
    assert movement_since(with_readings(0.5), T0 - timedelta(days=1)) is None
    flat = movement_since(with_readings(0.5, 0.5), T0)
    assert flat is not None and flat.describe() == "→ 0.5 → 0.5 (unchanged)"
