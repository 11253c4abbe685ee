from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.errors import DomainError
from domain.model import Cadence, CheckinSchedule
from domain.recurrence import next_due, upcoming

NY = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")


def sched(**kw):
    return CheckinSchedule(**{"weekday": 0, "local_time": time(9, 0), "timezone": "UTC"} | kw)


def test_weekly_check_in_is_the_next_weekday_at_local_time():
    # 2026-11-26 is a Thursday.
    due = next_due(sched(weekday=0, timezone="Europe/Paris"), datetime(2026, 11, 26, 12, tzinfo=UTC))
    assert due.astimezone(PARIS) == datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)


def test_due_time_is_strictly_after_the_given_instant():
    s = sched(weekday=0)
    monday_nine = datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert next_due(s, monday_nine) == monday_nine + timedelta(days=7)
    assert next_due(s, monday_nine - timedelta(seconds=1)) == monday_nine


def test_us_spring_forward_keeps_nine_am_local():
    s = sched(weekday=0, timezone="America/New_York")
    before, after = upcoming(s, datetime(2026, 3, 1, tzinfo=UTC), 2)  # DST starts Sun 2026-03-08
    assert before == datetime(2026, 3, 2, 14, tzinfo=UTC)  # EST, UTC-5
    assert after == datetime(2026, 3, 9, 13, tzinfo=UTC)  # EDT, UTC-4
    assert {d.astimezone(NY).time() for d in (before, after)} == {time(9, 0)}


def test_eu_spring_forward_and_fall_back_keep_local_time():
    s = sched(weekday=0, local_time=time(10, 0), timezone="Europe/Paris")
    days = upcoming(s, datetime(2026, 3, 20, tzinfo=UTC), 2)  # EU DST starts Sun 2026-03-29
    assert [d.hour for d in days] == [9, 8]
    days = upcoming(s, datetime(2026, 10, 13, tzinfo=UTC), 2)  # ends Sun 2026-10-25
    assert [d.hour for d in days] == [8, 9]


def test_a_time_inside_the_spring_forward_gap_moves_forward_by_the_gap():
    s = sched(weekday=6, local_time=time(2, 30), timezone="America/New_York", skip_weekends=False)
    due = next_due(s, datetime(2026, 3, 7, tzinfo=UTC))
    assert due.astimezone(NY).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 30)


def test_an_ambiguous_fall_back_time_uses_its_first_occurrence():
    s = sched(weekday=6, local_time=time(1, 30), timezone="America/New_York", skip_weekends=False)
    due = next_due(s, datetime(2026, 10, 31, tzinfo=UTC))  # US DST ends Sun 2026-11-01 at 02:00
    assert due == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT


def test_weekend_days_move_to_monday_when_skipping_weekends():
    saturday = sched(weekday=5, skip_weekends=True)
    assert next_due(saturday, datetime(2026, 11, 26, tzinfo=UTC)).date().isoformat() == "2026-11-30"
    kept = sched(weekday=5, skip_weekends=False)
    assert next_due(kept, datetime(2026, 11, 26, tzinfo=UTC)).date().isoformat() == "2026-11-28"


def test_biweekly_check_ins_are_fourteen_days_apart_from_the_anchor_week():
    anchor = datetime(2026, 11, 23, tzinfo=UTC)  # a Monday
    s = sched(cadence=Cadence.BIWEEKLY, weekday=2, anchor=anchor)
    dates = [d.date().isoformat() for d in upcoming(s, anchor, 3)]
    assert dates == ["2026-11-25", "2026-12-09", "2026-12-23"]


def test_monthly_check_ins_fall_on_the_first_such_weekday_of_each_month():
    s = sched(cadence=Cadence.MONTHLY, weekday=4)  # first Friday
    dates = [d.date().isoformat() for d in upcoming(s, datetime(2026, 11, 26, tzinfo=UTC), 3)]
    assert dates == ["2026-12-04", "2027-01-01", "2027-02-05"]


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_due(sched(), datetime(2026, 11, 26))


def test_unknown_timezones_are_a_domain_error():
    with pytest.raises(DomainError, match="not an IANA timezone") as err:
        from domain.recurrence import zone

        zone("Mars/Olympus")
    assert err.value.field == "timezone"
