"""Use cases that change a project: load it, make one call on the ``Project`` aggregate, record
history, commit. Every function takes ``now``; none knows about Slack or SQL.

Who may do what (``domain.permissions``) is checked here, before the aggregate is asked: its
rules are about the project, permissions about the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from domain import edit_moves
from domain.concurrency import retrying
from domain.errors import Conflict, NotFound, parse
from domain.metric_scale import reading_value
from domain.metrics import Baseline
from domain.model import CheckinSchedule, ChecklistItem, Problem, Scope, Stage
from domain.permissions import IsAdmin, nobody_is_admin, require_change
from domain.ports import Change, UnitOfWork
from domain.project import Project
from domain.refs import closest, unique_ref


def require(uow: UnitOfWork, team_id: str, ref: str) -> Project:
    """The project named ``ref`` in this workspace, or NotFound with the closest refs."""
    project = uow.projects.get(team_id, ref.strip().lower())
    if project is None:
        not_found(uow, team_id, ref)
    return project


def not_found(uow: UnitOfWork, team_id: str, ref: str) -> NoReturn:
    suggestions = closest(ref, uow.projects.refs(team_id))
    hint = f" Did you mean {', '.join('`' + s + '`' for s in suggestions)}?" if suggestions else ""
    raise NotFound(f"No project `{ref}` in this workspace.{hint}", suggestions=suggestions)


def require_active(uow: UnitOfWork, team_id: str, ref: str) -> Project:
    project = require(uow, team_id, ref)
    project.require_active()
    return project


def _record(uow: UnitOfWork, project: Project, actor: str, action: str, now: datetime, **detail: Any) -> None:
    uow.history.add(Change(project.team_id, actor, action, now, project.id, detail))


def _save(uow: UnitOfWork, project: Project, actor: str, action: str, now: datetime, **detail: Any) -> Project:
    """The end of every change: store the project, write its history line, commit."""
    uow.projects.save(project)
    _record(uow, project, actor, action, now, **detail)
    uow.commit()
    return project


@dataclass(frozen=True)
class NewProject:
    """What the scoping flow (or any other front end) hands over to create a project."""

    team_id: str
    name: str
    owner_id: str
    creator_id: str
    statement: str = ""
    channel_id: str = ""
    ref: str | None = None
    scope: Scope | None = None
    checkin: CheckinSchedule | None = None


def add_project(uow: UnitOfWork, new: NewProject, *, now: datetime) -> Project:
    """Create the project inside an open unit of work, without committing (``finish_scoping``
    commits it together with the draft's removal)."""
    taken = set(uow.projects.refs(new.team_id))
    if new.ref:
        ref = new.ref.strip().lower()
        if ref in taken:
            raise Conflict(f"ref: `{ref}` is already used in this workspace", field="ref", rule="unique_ref")
    else:
        ref = unique_ref(new.name, taken)
    problem = parse(
        Problem,
        {
            "name": new.name,
            "ref": ref,
            "statement": new.statement,
            "owner_id": new.owner_id,
            "channel_id": new.channel_id,
            "creator_id": new.creator_id,
        },
    )
    project = Project.start(new.team_id, problem, scope=new.scope or Scope(), checkin=new.checkin, now=now)
    project = uow.projects.add(project)
    _record(uow, project, new.creator_id, "created", now, ref=project.ref, name=project.name)
    return project


def create_project(uow: UnitOfWork, new: NewProject, *, now: datetime) -> Project:
    with uow:
        project = add_project(uow, new, now=now)
        uow.commit()
        return project


@dataclass(frozen=True)
class Edit:
    """What an edit may change; None leaves a field as it is."""

    name: str | None = None
    statement: str | None = None
    owner_id: str | None = None
    channel_id: str | None = None
    scope: Scope | None = None
    checkin: CheckinSchedule | None = None
    clear_checkin: bool = False
    metric_change_reason: str = ""


def edit_project(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    edit: Edit,
    *,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
    verb: str = "edit",
) -> Project:
    """Apply an edit inside an open unit of work, without committing (see ``update_project``)."""
    project = require_active(uow, team_id, ref)
    require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb=verb)
    fields = {"name": edit.name, "statement": edit.statement, "owner_id": edit.owner_id, "channel_id": edit.channel_id}
    problem = parse(Problem, project.problem.model_dump() | {k: v for k, v in fields.items() if v is not None})
    weights = uow.workspaces.weights(team_id)
    before = edit_moves.snapshot(project, weights)
    changed = project.edit(
        problem=problem,
        scope=edit.scope,
        checkin=edit.checkin,
        clear_checkin=edit.clear_checkin,
        metric_change_reason=edit.metric_change_reason,
        actor=actor,
        now=now,
    )
    uow.projects.save(project)
    moved = edit_moves.moves(before, edit_moves.snapshot(project, weights))
    _record(uow, project, actor, "edited", now, fields=changed, **moved)
    return project


@retrying
def update_project(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    *,
    actor: str,
    now: datetime,
    name: str | None = None,
    statement: str | None = None,
    owner_id: str | None = None,
    channel_id: str | None = None,
    scope: Scope | None = None,
    checkin: CheckinSchedule | None = None,
    clear_checkin: bool = False,
    metric_change_reason: str = "",
    is_admin: IsAdmin = nobody_is_admin,
    verb: str = "edit",
) -> Project:
    """Edit a project. Redefining the optimizing metric needs a reason, recorded in its history."""
    edit = Edit(
        name=name,
        statement=statement,
        owner_id=owner_id,
        channel_id=channel_id,
        scope=scope,
        checkin=checkin,
        clear_checkin=clear_checkin,
        metric_change_reason=metric_change_reason,
    )
    with uow:
        project = edit_project(uow, team_id, ref, edit, actor=actor, now=now, is_admin=is_admin, verb=verb)
        uow.commit()
        return project


@retrying
def move_stage(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    target: Stage,
    *,
    reason: str,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Project:
    with uow:
        project = require_active(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb="move the stage of")
        move = project.move_to(target, reason=reason, actor=actor, now=now)
        detail = {"from_stage": move.from_stage.value, "to_stage": move.to_stage.value, "loop_back": move.loop_back}
        return _save(uow, project, actor, "stage_moved", now, **detail, reason=reason)


@retrying
def add_baseline(
    uow: UnitOfWork, team_id: str, ref: str, baseline: Baseline, *, actor: str, now: datetime, percent: bool = False
) -> Project:
    """A baseline whose value is read on its metric's scale ("62%" on a share metric is 0.62)."""
    with uow:
        project = require_active(uow, team_id, ref)
        metric = project.scope.optimizing
        if metric is not None and baseline.value is not None:
            baseline = baseline.model_copy(update={"value": reading_value(metric, baseline.value, percent=percent)})
        project.add_baseline(baseline, now=now)
        return _save(uow, project, actor, "baseline_added", now, **baseline.model_dump(mode="json"))


@retrying
def set_checklist(
    uow: UnitOfWork, team_id: str, ref: str, ticked: set[ChecklistItem], *, actor: str, now: datetime
) -> Project:
    """The feasibility steps ticked by hand; anyone may record progress, as with baselines."""
    with uow:
        project = require_active(uow, team_id, ref)
        if not project.set_checklist(ticked, now=now):
            return project
        return _save(uow, project, actor, "checklist_set", now, ticked=sorted(i.value for i in ticked))


@retrying
def archive_project(
    uow: UnitOfWork, team_id: str, ref: str, *, actor: str, now: datetime, is_admin: IsAdmin = nobody_is_admin
) -> Project:
    with uow:
        project = require_active(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb="archive")
        project.archive(now=now)
        return _save(uow, project, actor, "archived", now)


@retrying
def set_card(uow: UnitOfWork, team_id: str, project_id: int, *, channel: str, ts: str) -> None:
    """Remember where the project's card was posted so it can be updated in place."""
    with uow:
        project = uow.projects.get_by_id(team_id, project_id)
        if project is None:
            raise NotFound("The project no longer exists.")
        project.place_card(channel, ts)
        uow.projects.save(project)
        uow.commit()


def check_can_change(uow: UnitOfWork, team_id: str, ref: str, *, actor: str, is_admin: IsAdmin, verb: str) -> Project:
    """Refuse early (before a modal opens) what the use case would refuse at submission."""
    with uow:
        project = require_active(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb=verb)
        return project
