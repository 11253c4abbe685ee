"""People away (``/mlproject away <until>``): no nudges or mentions of them until then.

The date is read in the person's own timezone and they are away through that whole day: the
instant kept is the start of the next day there. Dates are typed as people say them: an ISO date
(2026-12-24), a weekday (``friday``: the next one), ``tomorrow``, ``in 2 weeks`` / ``in 3 days``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from domain.checkins import Away
from domain.concurrency import retrying
from domain.errors import DomainError
from domain.ports import Change, UnitOfWork
from domain.recurrence import zone

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
IN_SPAN = re.compile(r"^in\s+(\d{1,3})\s+(day|days|week|weeks)$")
LONGEST = timedelta(days=366)
SAY = "Say until when: a date like 2026-12-24, a weekday like `friday`, `tomorrow` or `in 2 weeks`."


def parse_until(text: str, today: date) -> date:
    """The last day away, from what the person typed; ``today`` is theirs."""
    said = " ".join(text.lower().split())
    if said == "tomorrow":
        return today + timedelta(days=1)
    if said in WEEKDAYS:
        return today + timedelta(days=(WEEKDAYS.index(said) - today.weekday() - 1) % 7 + 1)
    span = IN_SPAN.match(said)
    if span:
        n = int(span.group(1))
        return today + timedelta(days=n * 7 if span.group(2).startswith("week") else n)
    try:
        day = date.fromisoformat(said)
    except ValueError:
        raise DomainError(f"“{text}” is not a date I can read. {SAY}", rule="bad_date") from None
    if day < today:
        raise DomainError(f"{day.isoformat()} has passed. {SAY}", rule="past_date")
    return day


def away_until(text: str, *, timezone: str, now: datetime) -> datetime:
    """The instant someone stops being away: the start of the day after the one they named."""
    tz = zone(timezone)
    last = parse_until(text, now.astimezone(tz).date())
    until = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    if until - now > LONGEST:
        raise DomainError("That is more than a year away; pick a nearer date.", rule="too_far")
    return until


@retrying
def set_away(uow: UnitOfWork, team_id: str, away: Away, *, now: datetime) -> Away:
    with uow:
        uow.away.put(team_id, away, now)
        uow.history.add(Change(team_id, away.user_id, "away_set", now, None, {"until": away.until.isoformat()}))
        uow.commit()
        return away


@retrying
def come_back(uow: UnitOfWork, team_id: str, user_id: str, *, now: datetime) -> bool:
    """Back early: nudges and mentions again. False when they were not away."""
    with uow:
        was = uow.away.remove(team_id, user_id)
        if was:
            uow.history.add(Change(team_id, user_id, "away_cleared", now, None, {}))
        uow.commit()
        return was


def away_now(uow: UnitOfWork, team_id: str, user_id: str, *, now: datetime) -> Away | None:
    with uow:
        return uow.away.away_at(team_id, [user_id], now).get(user_id)
