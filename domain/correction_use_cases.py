"""Corrections (issue 18): an archived project brought back, and a metric reading taken back —
undone from its confirmation or deleted from ``show`` — by its recorder, the project's owner,
MLScope leads or admins. Each is one transaction with its history line; a second click finds
the reading gone and says so. A reading recorded by a check-in's details leaves that person's
answer too, so neither the card nor the check-in's thread keeps a value taken back."""

from __future__ import annotations

from datetime import datetime

from domain.checkin_read_model import CheckinState
from domain.checkins import OccurrenceKind
from domain.concurrency import retrying
from domain.errors import NotFound
from domain.metric_series import ReadingKey
from domain.metrics import MetricReading
from domain.permissions import IsAdmin, nobody_is_admin, require_change, require_reading_change
from domain.ports import Change, UnitOfWork
from domain.project import Project
from domain.project_use_cases import _save, require, require_active


def removal_detail(gone: MetricReading, how: str) -> dict[str, object]:
    """The history line's detail: which reading went, and how (``undone`` or ``deleted``)."""
    return {"value": gone.value, "recorded_at": gone.at.isoformat(), "recorded_by": gone.actor, "how": how}


@retrying
def unarchive_project(
    uow: UnitOfWork, team_id: str, ref: str, *, actor: str, now: datetime, is_admin: IsAdmin = nobody_is_admin
) -> Project:
    """Back in the portfolio, for those who may change the project; check-ins resume from now."""
    with uow:
        project = require(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb="unarchive")
        project.unarchive(now=now)
        return _save(uow, project, actor, "unarchived", now)


@retrying
def remove_reading(
    uow: UnitOfWork, team_id: str, ref: str, key: ReadingKey, *, actor: str, now: datetime,
    is_admin: IsAdmin = nobody_is_admin, how: str = "deleted",
) -> Project:  # fmt: skip
    """Take back one reading (``how``: undone from its confirmation, or deleted from the history):
    for its recorder, the owner, leads and admins. A second click finds it gone and says so."""
    with uow:
        project = require_active(uow, team_id, ref)
        verb = "undo" if how == "undone" else "delete"
        require_reading_change(project, key.actor, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb=verb)
        gone = project.remove_reading(key, now=now)
        return _save(uow, project, actor, "reading_removed", now, **removal_detail(gone, how))


@retrying
def undo_details_reading(
    uow: UnitOfWork, team_id: str, occurrence_id: int, key: ReadingKey, *, actor: str, now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> CheckinState:  # fmt: skip
    """For the reading's recorder, the owner, leads and admins; a second click finds it gone."""
    with uow:
        occ = uow.occurrences.get(occurrence_id)
        if occ is None or occ.team_id != team_id or occ.kind is not OccurrenceKind.CHECKIN or occ.project_id is None:
            raise NotFound("That check-in does not exist in this workspace.")
        project = uow.projects.get_by_id(team_id, occ.project_id)
        if project is None:
            raise NotFound("That check-in's project no longer exists.")
        project.require_active()
        require_reading_change(project, key.actor, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb="undo")
        gone = project.remove_reading(key, now=now)
        response = uow.responses.get(occurrence_id, key.actor)
        if response is not None and response.metric_value == gone.value:
            response.metric_value = None
            uow.responses.put(response)
        uow.projects.save(project)
        uow.history.add(Change(team_id, actor, "reading_removed", now, project.id, removal_detail(gone, "undone")))
        uow.commit()
        return CheckinState(occ, project, uow.responses.for_occurrence(occurrence_id))
