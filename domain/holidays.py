"""A workspace's holidays: days on which MLScope posts nothing scheduled (check-ins, nudges, digests).

A day is read in the timezone of the schedule it stops (a check-in's, a digest subscription's):
24 December is a holiday from midnight to midnight wherever the team is. A scheduled post that
falls on one is not made, and not caught up: the next one comes as usual. What someone asks for
(``/mlproject checkin``, ``/mlproject digest``) is still posted.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from domain.concurrency import retrying
from domain.errors import DomainError
from domain.permissions import IsAdmin, require_settings_manager
from domain.ports import Change, UnitOfWork
from domain.recurrence import zone

MOST = 60
NONE = ("none", "off", "clear")


def parse_days(text: str) -> list[date]:
    """ISO dates separated by spaces or commas; ``none`` clears them."""
    words = [w for w in re.split(r"[\s,]+", text.strip()) if w]
    if len(words) == 1 and words[0].lower() in NONE:
        return []
    days = []
    for word in words:
        try:
            days.append(date.fromisoformat(word))
        except ValueError:
            raise DomainError(f"“{word[:20]}” is not a date: write days as 2026-12-24.", rule="bad_date") from None
    if len(set(days)) > MOST:
        raise DomainError(f"At most {MOST} holidays; remove past ones first.", rule="too_many")
    return sorted(set(days))


def on_holiday(days: list[date], when: datetime, timezone: str) -> bool:
    """Whether ``when`` falls on one of ``days`` in ``timezone``."""
    return bool(days) and when.astimezone(zone(timezone)).date() in days


def holidays(uow: UnitOfWork, team_id: str) -> list[date]:
    with uow:
        return uow.workspaces.holidays(team_id)


@retrying
def set_holidays(
    uow: UnitOfWork, team_id: str, days: list[date], *, actor: str, now: datetime, is_admin: IsAdmin
) -> list[date]:
    """Replace the workspace's holidays (admins and MLScope leads, as for its other settings)."""
    with uow:
        require_settings_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        uow.workspaces.set_holidays(team_id, days)
        detail = {"days": [d.isoformat() for d in days]}
        uow.history.add(Change(team_id, actor, "holidays_changed", now, None, detail))
        uow.commit()
        return days
