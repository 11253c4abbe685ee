"""Dates typed for ``/mlproject away``: read in the person's timezone, through the day named."""

from datetime import UTC, date, datetime

import pytest

from domain.away import away_until, parse_until
from domain.errors import DomainError

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("typed", "last_day"),
    [
        ("2026-12-24", date(2026, 12, 24)),
        ("tomorrow", date(2026, 3, 3)),
        ("friday", date(2026, 3, 6)),
        ("Monday", date(2026, 3, 9)),  # a weekday is the next one, never today
        ("in 2 weeks", date(2026, 3, 16)),
        ("in  3 days", date(2026, 3, 5)),
        ("in 1 week", date(2026, 3, 9)),
    ],
)
def test_people_say_dates_as_they_do(typed, last_day):
    assert parse_until(typed, MONDAY) == last_day


@pytest.mark.parametrize("typed", ["someday", "2026-02-30", "in a while", "2026-03-01"])
def test_what_is_no_date_or_has_passed_is_refused(typed):
    with pytest.raises(DomainError):
        parse_until(typed, MONDAY)


def test_away_lasts_through_the_day_named_in_the_persons_own_timezone():
    late_sunday_in_tokyo = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)  # already Monday 2 March 01:00 in Tokyo
    until = away_until("tomorrow", timezone="Asia/Tokyo", now=late_sunday_in_tokyo)
    assert until == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # Wednesday 00:00 in Tokyo


def test_more_than_a_year_away_is_refused():
    with pytest.raises(DomainError, match="more than a year"):
        away_until("2027-06-01", timezone="Europe/Paris", now=datetime(2026, 3, 2, tzinfo=UTC))
