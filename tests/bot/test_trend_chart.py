"""The trend chart is a PNG whatever the readings' dates: spread over days, or recorded at one instant;
its time axis is in the reader's timezone, with a readable number of dates."""

import warnings
from datetime import UTC, datetime, timedelta

import pytest

from bot.features.trends.chart import MAX_TICKS, trend_chart, trend_figure
from domain.metrics import MetricReading
from domain.trend import trend_of
from tests.builders import project
from tests.conftest import T0


def chart_of(*days):
    readings = [MetricReading(value=0.5 + i / 10, at=T0 + timedelta(days=d), actor="U1") for i, d in enumerate(days)]
    trend = trend_of(project("p", readings=readings))
    assert trend is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns when it cannot place dates: that is a bug here
        return trend_chart(trend)


def test_readings_over_days_are_drawn_by_date():
    assert chart_of(0, 3, 10).startswith(b"\x89PNG\r\n\x1a\n")


def test_readings_recorded_at_one_instant_are_drawn_in_order():
    assert chart_of(0, 0, 0).startswith(b"\x89PNG\r\n\x1a\n")


def ticks(zone, *hours):
    """The time axis's labels, its offset (the date) and its label, drawn in ``zone``."""
    start = datetime(2026, 11, 2, 21, 0, tzinfo=UTC)
    readings = [MetricReading(value=0.6, at=start + timedelta(hours=h), actor="U1") for h in hours]
    trend = trend_of(project("p", readings=readings))
    assert trend is not None
    figure = trend_figure(trend, zone)
    figure.canvas.draw()
    axis = figure.axes[0].xaxis
    return [t.get_text() for t in axis.get_ticklabels()], axis.get_offset_text().get_text(), axis.get_label_text()


def test_the_time_axis_is_in_the_reader_s_timezone_and_says_which():
    labels, day, label = ticks("America/New_York", 0, 1, 2, 3, 4, 5)  # 21:00–02:00 UTC: 16:00–21:00 in New York
    assert labels[0] == "16:00" and labels[-1].endswith(":00") and day == "2026-Nov-02" and label == "time in America/New_York"
    labels, day, label = ticks("UTC", 0, 1, 2, 3, 4, 5)
    assert "Nov-03" in labels and day == "2026-Nov-03" and label == "time in UTC"


@pytest.mark.parametrize("hours", [(0, 1 / 3600, 2 / 3600), (0, 0.05, 0.1, 0.2), (0, 1, 2, 3, 4, 5, 6), (0, 24 * 3, 24 * 40), tuple(range(0, 24 * 400, 24 * 7))])
def test_the_time_axis_has_a_readable_number_of_ticks_whatever_the_span(hours):
    labels, _, _ = ticks("Europe/Paris", *hours)
    assert 2 <= len(labels) <= MAX_TICKS, labels
