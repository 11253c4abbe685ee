"""When the next check-in is due: a cadence in local time, correct across DST changes.

Times are computed in the schedule's IANA timezone and returned in UTC. A local time that does
not exist on a spring-forward day moves forward by the gap (02:30 → 03:30); one that occurs twice
on a fall-back day uses its first occurrence. Those are zoneinfo's ``fold=0`` rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.errors import DomainError
from domain.model import Cadence, CheckinSchedule

_EPOCH_MONDAY = date(1970, 1, 5)
_SEARCH_DAYS = 800


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(
            f"timezone: “{name}” is not an IANA timezone (e.g. Europe/Paris, America/New_York)",
            field="timezone",
            rule="unknown_timezone",
        ) from None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _nominal_dates(schedule: CheckinSchedule, start: date) -> Iterator[date]:
    """Dates the cadence names, in order, from about a month before ``start``."""
    if schedule.cadence is Cadence.MONTHLY:
        year, month = (start.year, start.month - 1) if start.month > 1 else (start.year - 1, 12)
        while True:
            first = date(year, month, 1)
            yield first + timedelta(days=(schedule.weekday - first.weekday()) % 7)
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    anchor = _monday(schedule.anchor.date()) if schedule.anchor else _EPOCH_MONDAY
    step = 14 if schedule.cadence is Cadence.BIWEEKLY else 7
    day = _monday(start - timedelta(days=14)) + timedelta(days=schedule.weekday)
    if step == 14 and ((_monday(day) - anchor).days // 7) % 2:
        day += timedelta(days=7)
    while True:
        yield day
        day += timedelta(days=step)


def _shift_weekend(day: date, skip_weekends: bool) -> date:
    if skip_weekends and day.weekday() >= 5:
        return day + timedelta(days=7 - day.weekday())
    return day


def local_due(schedule: CheckinSchedule, day: date) -> datetime:
    """The UTC instant of the check-in time on a local calendar day."""
    tz = zone(schedule.timezone)
    local = datetime.combine(day, schedule.local_time, tzinfo=tz)
    return local.astimezone(UTC)


def next_due(schedule: CheckinSchedule, after: datetime) -> datetime:
    """The first due time strictly after ``after`` (an aware datetime), in UTC."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    tz = zone(schedule.timezone)
    start = after.astimezone(tz).date()
    for nominal in _nominal_dates(schedule, start):
        due = local_due(schedule, _shift_weekend(nominal, schedule.skip_weekends))
        if due > after:
            return due
        if (nominal - start).days > _SEARCH_DAYS:
            break
    raise AssertionError("no due date found")  # pragma: no cover - every cadence repeats


def upcoming(schedule: CheckinSchedule, after: datetime, count: int) -> list[datetime]:
    """The next ``count`` due times, for previews in the scoping flow."""
    result: list[datetime] = []
    cursor = after
    for _ in range(count):
        cursor = next_due(schedule, cursor)
        result.append(cursor)
    return result
