"""Undo on a check-in details' confirmation: the metric reading the details recorded goes, and
so does the number in that person's answer, in one transaction, so that neither the card nor the
check-in's thread keeps a value taken back. (A reading recorded elsewhere is taken back by
``project_use_cases.remove_reading``.)"""

from __future__ import annotations

from datetime import datetime

from domain.checkin_read_model import CheckinState
from domain.checkins import OccurrenceKind
from domain.concurrency import retrying
from domain.errors import NotFound
from domain.metric_series import ReadingKey
from domain.permissions import IsAdmin, nobody_is_admin, require_reading_change
from domain.ports import Change, UnitOfWork


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
        detail = {"value": gone.value, "recorded_at": gone.at.isoformat(), "recorded_by": gone.actor, "how": "undone"}
        uow.history.add(Change(team_id, actor, "reading_removed", now, project.id, detail))
        uow.commit()
        return CheckinState(occ, project, uow.responses.for_occurrence(occurrence_id))
