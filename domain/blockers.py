"""Blockers that carry forward: one reported at a check-in shows on the project's later check-ins
until someone marks it resolved there (anyone who can answer: resolving is a fact, not a decision)."""

from __future__ import annotations

from datetime import datetime

from domain.checkin_read_model import CheckinState, state_of
from domain.checkin_use_cases import open_checkin
from domain.concurrency import retrying
from domain.errors import DomainError
from domain.ports import Change, UnitOfWork


@retrying
def resolve_blocker(
    uow: UnitOfWork, team_id: str, occurrence_id: int, *, reported_at: int, reporter: str, user: str, now: datetime
) -> CheckinState:
    """Mark resolved the blocker ``reporter`` gave at check-in ``reported_at``, from the project's
    open check-in ``occurrence_id``; the check-in's state, to show it without."""
    with uow:
        occ, project = open_checkin(uow, team_id, occurrence_id)
        if not any(
            b.occurrence_id == reported_at and b.user_id == reporter
            for b in uow.responses.open_blockers([project.id or 0])[project.id or 0]
        ):
            raise DomainError("That blocker is already resolved.", rule="already_resolved")
        uow.responses.resolve_blocker(reported_at, reporter, by=user, now=now)
        detail = {"occurrence": reported_at, "reporter": reporter}
        uow.history.add(Change(team_id, user, "blocker_resolved", now, project.id, detail))
        uow.commit()
        return state_of(uow, occ, project)
