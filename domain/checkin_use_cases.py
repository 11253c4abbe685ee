"""Check-in use cases: plan them, ask for one, record answers and details, loop back, schedule.

Planning is idempotent: occurrences are unique by owner, kind and due time, so every replica may plan.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain import project_use_cases
from domain.checkin_read_model import CheckinState, state_of
from domain.checkins import (
    Answer,
    Occurrence,
    OccurrenceKind,
    Question,
    Response,
    due_to_plan,
    loop_back_for,
    next_step_in_place,
)
from domain.concurrency import retrying
from domain.errors import DomainError, NotFound
from domain.holidays import on_holiday
from domain.metric_scale import typed_reading
from domain.model import CheckinSchedule
from domain.permissions import IsAdmin, nobody_is_admin
from domain.ports import Change, UnitOfWork
from domain.project import Project
from domain.project_use_cases import Edit

MANUAL_CHECKIN_EVERY = timedelta(minutes=10)  # each manual check-in pings the owner


@retrying
def plan_checkins(uow: UnitOfWork, *, now: datetime) -> list[int]:
    """Create the occurrence each scheduled project is due for (at most one, none on a holiday);
    mark silence.

    One INSERT for all of them and one query for silence, however many projects are due.
    """
    with uow:
        last = uow.occurrences.last_due(OccurrenceKind.CHECKIN)
        due: list[Occurrence] = []
        days: dict[str, list[date]] = {}  # each workspace's holidays, read once
        for project_id, team_id, raw, created_at in uow.occurrences.scheduled_projects():
            schedule = CheckinSchedule.model_validate(raw)
            later = [t for t in (schedule.since, schedule.snoozed_until) if t is not None]
            since = max([created_at, last.get(project_id, created_at), *later])
            due_at = due_to_plan(schedule, since=since, now=now)
            if due_at is not None and team_id not in days:
                days[team_id] = uow.workspaces.holidays(team_id)
            if due_at is not None and not on_holiday(days[team_id], due_at, schedule.timezone):
                due.append(Occurrence(team_id, OccurrenceKind.CHECKIN, due_at, project_id=project_id))
        ids = uow.occurrences.add_all_if_absent(due)
        planned = [occ for occ, new_id in zip(due, ids, strict=True) if new_id is not None]
        _mark_silence(uow, planned, now)
        uow.commit()
    return [new_id for new_id in ids if new_id is not None]


def _mark_silence(uow: UnitOfWork, planned: list[Occurrence], now: datetime) -> None:
    """A new check-in is due and nobody answered the previous one: the project went silent."""
    previous = uow.occurrences.latest_posted_ids(
        [o.project_id for o in planned if o.project_id], OccurrenceKind.CHECKIN
    )
    answers = uow.responses.for_occurrences(list(previous.values()))
    unanswered = [project_id for project_id, occurrence_id in previous.items() if not answers[occurrence_id]]
    for project in uow.projects.by_ids(unanswered).values():
        if project.fall_silent(now):
            uow.projects.save(project)


def add_manual_checkin(uow: UnitOfWork, team_id: str, ref: str, *, actor: str, now: datetime) -> int:
    """``/mlproject checkin <ref>``: an occurrence due now, posted by the next tick (or at once).

    At most one per project every ``MANUAL_CHECKIN_EVERY``: each one pings the owner."""
    with uow:
        project = project_use_cases.require_active(uow, team_id, ref)
        assert project.id is not None
        recent = uow.occurrences.latest_since(OccurrenceKind.CHECKIN, now - MANUAL_CHECKIN_EVERY, project_id=project.id)
        if recent is not None:
            ago, wait = _minutes(now - recent.due_at, up=False), _minutes(recent.due_at + MANUAL_CHECKIN_EVERY - now)
            raise DomainError(  # in minutes from now: no timezone to get wrong
                f"A check-in for `{project.ref}` was asked for {ago}; answer that one. "
                f"A new one can be asked for in {wait}.",
                rule="too_soon",
            )
        new_id = uow.occurrences.add_if_absent(Occurrence(team_id, OccurrenceKind.CHECKIN, now, project_id=project.id))
        if new_id is None:
            raise DomainError("A check-in for this project was just posted; answer that one.", rule="duplicate_checkin")
        uow.history.add(Change(team_id, actor, "checkin_requested", now, project.id, {}))
        uow.commit()
        return new_id


def _minutes(span: timedelta, *, up: bool = True) -> str:
    """``3 minutes``, ``1 minute``, or ``less than a minute ago`` (``up``: a wait, rounded up)."""
    seconds = span.total_seconds()
    n = int(-(-seconds // 60)) if up else int(seconds // 60)
    if not up:
        return "less than a minute ago" if n < 1 else f"{n} minute{'s' if n != 1 else ''} ago"
    return f"{max(n, 1)} minute{'s' if max(n, 1) != 1 else ''}"


def open_checkin(uow: UnitOfWork, team_id: str, occurrence_id: int) -> tuple[Occurrence, Project]:
    """The check-in a click refers to, if it is in this workspace and still open for answers."""
    occ = uow.occurrences.get(occurrence_id)
    if occ is None or occ.team_id != team_id or occ.kind is not OccurrenceKind.CHECKIN or occ.project_id is None:
        raise NotFound("That check-in does not exist in this workspace.")
    project = uow.projects.get_by_id(team_id, occ.project_id)
    if project is None:
        raise NotFound("That check-in's project no longer exists.")
    if project.archived:
        raise DomainError(f"`{project.ref}` is archived; its check-ins are closed.", rule="archived")
    latest = uow.occurrences.latest_posted(occ.project_id, OccurrenceKind.CHECKIN)
    if latest is None or latest.id != occ.id:
        raise DomainError(
            "This check-in is closed: a newer one has been posted. Answer that one instead.", rule="stale_checkin"
        )
    return occ, project


@retrying
def record_answer(
    uow: UnitOfWork, team_id: str, occurrence_id: int, *, user: str, question: Question, answer: Answer, now: datetime
) -> CheckinState:
    """Record one person's answer (editable until the next check-in); offer a loop-back once after a "No"."""
    with uow:
        occ, project = open_checkin(uow, team_id, occurrence_id)
        response = uow.responses.get(occurrence_id, user) or Response(occurrence_id, team_id, user)
        response.answers[question] = answer
        response.updated_at = now
        uow.responses.put(response)
        if project.hear_from():
            uow.projects.save(project)
        offer = loop_back_for(question, answer, project.stage) or next_step_in_place(question, answer, project.stage)
        if offer is not None and not uow.responses.offer_once(team_id, occurrence_id, question, now):
            offer = None
        uow.history.add(
            Change(
                team_id, user, "checkin_answered", now, project.id, {"question": question.value, "answer": answer.value}
            )
        )
        uow.commit()
        return state_of(uow, occ, project, offer)


def details_for(
    uow: UnitOfWork, team_id: str, occurrence_id: int, *, user: str
) -> tuple[CheckinState, Response | None]:
    """What the details modal shows: the open check-in and this person's answers so far."""
    with uow:
        occ, project = open_checkin(uow, team_id, occurrence_id)
        responses = uow.responses.for_occurrence(occurrence_id)
        mine = next((r for r in responses if r.user_id == user), None)
        return CheckinState(occ, project, responses), mine


@retrying
def record_details(
    uow: UnitOfWork,
    team_id: str,
    occurrence_id: int,
    *,
    user: str,
    metric_value: float | None,
    blockers: str,
    notes: str,
    now: datetime,
    experiments: int | None = None,
    labels: int | None = None,
    metric_percent: bool = False,
    confirmed: bool = False,
) -> CheckinState:
    """Numbers and notes from the details modal; a metric value also becomes a metric reading, in
    the same transaction (never an answer saved and its reading lost)."""
    with uow:
        occ, project = open_checkin(uow, team_id, occurrence_id)
        response = uow.responses.get(occurrence_id, user) or Response(occurrence_id, team_id, user)
        response.metric_value, response.blockers, response.notes, response.updated_at = (
            metric_value,
            blockers,
            notes,
            now,
        )
        response.experiments, response.labels = experiments, labels
        reading = None
        if metric_value is not None and project.scope.optimizing is not None:  # as typed: on the metric's scale
            note = f"check-in {occ.due_at:%Y-%m-%d}"
            reading = typed_reading(
                project, metric_value, percent=metric_percent, confirmed=confirmed, at=now, actor=user, note=note
            )
            response.metric_value = reading.value
        uow.responses.put(response)
        changed = project.hear_from()
        if reading is not None:
            project.record(reading)
            detail = {"value": reading.value, "note": reading.note}
            uow.history.add(Change(team_id, user, "metric_recorded", now, project.id, detail))
            changed = True
        if changed:
            uow.projects.save(project)
        uow.commit()
        return state_of(uow, occ, project)


def set_schedule(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    schedule: CheckinSchedule | None,
    *,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Project:
    """A new cadence starts from now: no catch-up for times that passed under the old one."""
    if schedule is not None:
        schedule = schedule.model_copy(update={"since": now, "anchor": schedule.anchor or now})
    return project_use_cases.update_project(
        uow,
        team_id,
        ref,
        actor=actor,
        now=now,
        checkin=schedule,
        clear_checkin=schedule is None,
        is_admin=is_admin,
        verb="change the check-ins of",
    )


@retrying
def set_paused(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    *,
    paused: bool,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Project:
    """Pause or resume check-ins; read and written in one transaction, so a schedule changed
    meanwhile is not overwritten with the one read before it."""
    with uow:
        project = project_use_cases.require(uow, team_id, ref)
        if project.checkin is None:
            raise DomainError(
                f"`{project.ref}` has no check-in schedule; set one with `/mlproject checkin {project.ref} schedule`.",
                rule="no_schedule",
            )
        if project.checkin.paused == paused:
            raise DomainError(
                f"Check-ins of `{project.ref}` are already {'paused' if paused else 'running'}.", rule="no_change"
            )
        update = {"paused": paused} | ({} if paused else {"since": now})
        edit = Edit(checkin=project.checkin.model_copy(update=update))
        verb = "change the check-ins of"
        project = project_use_cases.edit_project(
            uow, team_id, ref, edit, actor=actor, now=now, is_admin=is_admin, verb=verb
        )
        uow.commit()
        return project
