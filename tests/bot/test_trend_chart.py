"""The trend chart is a PNG whatever the readings' dates: spread over days, or recorded at one instant."""

import warnings
from datetime import timedelta

from bot.features.trends.chart import trend_chart
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
