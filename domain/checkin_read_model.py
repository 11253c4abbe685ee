"""What check-in messages show, read in a fixed number of queries (a read model, nothing changes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.checkins import (
    Away,
    LoopBackOffer,
    Occurrence,
    OccurrenceStatus,
    OpenBlocker,
    Response,
)
from domain.holidays import on_holiday
from domain.ports import UnitOfWork
from domain.project import Project


@dataclass
class CheckinState:
    """What a check-in message shows: the project, the occurrence and everyone's answers."""

    occurrence: Occurrence
    project: Project
    responses: list[Response]
    offer: LoopBackOffer | None = None
    away: dict[str, Away] = field(default_factory=dict)  # the owner, when away at the due time
    carried: list[OpenBlocker] = field(default_factory=list)  # earlier check-ins' blockers, still open


def checkin_states(uow: UnitOfWork, occurrences: list[Occurrence]) -> dict[int, CheckinState]:
    """The states of many check-ins, keyed by occurrence id, in a fixed number of queries.

    A tick prepares every due check-in before posting the first; one query per check-in made that
    preparation grow with the number of projects. Missing projects or wrong teams are left out.
    """
    wanted = [o for o in occurrences if o.id is not None and o.project_id is not None]
    with uow:
        projects = uow.projects.by_ids(sorted({o.project_id for o in wanted if o.project_id is not None}))
        responses = uow.responses.for_occurrences([o.id for o in wanted if o.id is not None])
        blockers = uow.responses.open_blockers(sorted(projects))
    states: dict[int, CheckinState] = {}
    for occ in wanted:
        assert occ.id is not None and occ.project_id is not None
        project = projects.get(occ.project_id)
        if project is not None and project.team_id == occ.team_id:
            carried = [b for b in blockers[occ.project_id] if b.occurrence_id != occ.id]
            states[occ.id] = CheckinState(occ, project, responses[occ.id], carried=carried)
    _mark_away(uow, list(states.values()))
    return states


def _mark_away(uow: UnitOfWork, states: list[CheckinState]) -> None:
    """Each state's owner if away at its due time: one query per workspace, not per check-in."""
    owners: dict[str, set[str]] = {}
    for state in states:
        owners.setdefault(state.project.team_id, set()).add(state.project.problem.owner_id)
    if not states:
        return
    earliest = min(state.occurrence.due_at for state in states)
    with uow:
        found = {team: uow.away.away_at(team, sorted(users), earliest) for team, users in owners.items()}
    for state in states:
        away = found[state.project.team_id].get(state.project.problem.owner_id)
        if away is not None and away.until > state.occurrence.due_at:
            state.away = {away.user_id: away}


def state_of(uow: UnitOfWork, occ: Occurrence, project: Project, offer: LoopBackOffer | None = None) -> CheckinState:
    """One check-in's state, inside an open unit of work."""
    away = owner_away(uow, project, occ.due_at)
    carried = [b for b in uow.responses.open_blockers([project.id or 0])[project.id or 0] if b.occurrence_id != occ.id]
    return CheckinState(occ, project, uow.responses.for_occurrence(occ.id or 0), offer, away, carried)


def owner_away(uow: UnitOfWork, project: Project, when: datetime) -> dict[str, Away]:
    """The owner, if away at ``when``: the check-in names them without a mention, and no nudge goes."""
    return uow.away.away_at(project.team_id, [project.problem.owner_id], when)


def nudge_needed(uow: UnitOfWork, nudge: Occurrence) -> tuple[Occurrence, Project] | None:
    """The parent check-in and its project when nobody has answered yet; None to skip the nudge."""
    with uow:
        if nudge.parent_id is None:
            return None
        parent = uow.occurrences.get(nudge.parent_id)
        if parent is None or parent.status is not OccurrenceStatus.POSTED or uow.responses.count(parent.id or 0):
            return None
        project = uow.projects.get_by_id(nudge.team_id, parent.project_id or 0)
        if project is None or project.archived or (project.checkin and project.checkin.paused):
            return None
        snoozed = project.checkin.snoozed_until if project.checkin else None
        if (snoozed is not None and nudge.due_at < snoozed) or owner_away(uow, project, nudge.due_at):
            return None
        timezone = project.checkin.timezone if project.checkin else "UTC"
        if on_holiday(uow.workspaces.holidays(project.team_id), nudge.due_at, timezone):
            return None
        return parent, project
