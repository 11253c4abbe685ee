"""Respecting people's time: "Snooze a week" on a check-in.

A snooze is kept on the project's schedule (``CheckinSchedule.snoozed_until``): planning skips
every due time up to it, and the snoozed check-in's nudge is not posted. The check-in itself stays
open for answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.checkin_use_cases import open_checkin
from domain.checkins import OccurrenceKind, OccurrenceStatus
from domain.concurrency import retrying
from domain.permissions import IsAdmin, nobody_is_admin, require_change
from domain.ports import Change, UnitOfWork
from domain.project import Project
from domain.project_use_cases import Edit, edit_project

SNOOZE = timedelta(days=7)


@dataclass(frozen=True)
class Snoozed:
    project: Project
    until: datetime
    occurrence_id: int


@retrying
def snooze(
    uow: UnitOfWork,
    team_id: str,
    occurrence_id: int,
    *,
    user: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Snoozed:
    """No nudge for this check-in and no check-in of this project for a week from now."""
    with uow:
        occ, project = open_checkin(uow, team_id, occurrence_id)
        until = now + SNOOZE
        require_change(project, user, leads=uow.leads.list(team_id), is_admin=is_admin, verb="snooze the check-ins of")
        if project.checkin is not None:
            edit = Edit(checkin=project.checkin.model_copy(update={"snoozed_until": until}))
            verb = "snooze the check-ins of"
            project = edit_project(uow, team_id, project.ref, edit, actor=user, now=now, is_admin=is_admin, verb=verb)
        for nudge in uow.occurrences.children(occurrence_id, OccurrenceKind.NUDGE):
            if nudge.status is OccurrenceStatus.PENDING and nudge.id is not None:
                uow.occurrences.skip(nudge.id, None, "snoozed")
        detail = {"until": until.isoformat(), "occurrence": occ.id}
        uow.history.add(Change(team_id, user, "checkin_snoozed", now, project.id, detail))
        uow.commit()
        return Snoozed(project, until, occurrence_id)


def snoozed_at(project: Project, when: datetime) -> bool:
    """Whether the project's check-ins are snoozed at this instant."""
    until = project.checkin.snoozed_until if project.checkin else None
    return until is not None and when < until
