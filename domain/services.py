"""Use cases: each opens the unit of work, applies one rule, records history, commits.

Every function takes ``now``; none knows about Slack or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from domain import lifecycle
from domain.concurrency import retrying
from domain.errors import Conflict, DomainError, NotFound, parse
from domain.model import (
    Baseline,
    CheckinSchedule,
    ChecklistItem,
    Metric,
    MetricChange,
    MetricReading,
    MetricRole,
    Problem,
    Project,
    Scope,
    Stage,
)
from domain.permissions import (
    IsAdmin,
    nobody_is_admin,
    require_change,
    require_lead_manager,
    require_settings_manager,
)
from domain.ports import Change, Draft, UnitOfWork
from domain.refs import closest, unique_ref
from domain.scoring import Priority, Ranked, ScoringWeights, prioritize, rank
from domain.summary import Page
from domain.visibility import Visibility


def check_scope(scope: Scope) -> None:
    """Rules a stored project must satisfy beyond field shapes."""
    if scope.optimizing_count() > 1:
        names = ", ".join(m.name for m in scope.metrics if m.role is MetricRole.OPTIMIZING)
        raise DomainError(
            f"metrics: exactly one optimizing metric is allowed, got {scope.optimizing_count()} ({names}); "
            "make the others satisficing thresholds",
            field="metrics",
            rule="one_optimizing_metric",
        )
    names = [m.name.lower() for m in scope.metrics]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise DomainError(
            f"metrics: the metric “{duplicates[0]}” is listed twice", field="metrics", rule="unique_metric"
        )


def _require(uow: UnitOfWork, team_id: str, ref: str) -> Project:
    project = uow.projects.get(team_id, ref.strip().lower())
    if project is None:
        _not_found(uow, team_id, ref)
    return project


def _not_found(uow: UnitOfWork, team_id: str, ref: str) -> NoReturn:
    suggestions = closest(ref, uow.projects.refs(team_id))
    hint = f" Did you mean {', '.join('`' + s + '`' for s in suggestions)}?" if suggestions else ""
    raise NotFound(f"No project `{ref}` in this workspace.{hint}", suggestions=suggestions)


def project_card(uow: UnitOfWork, team_id: str, ref: str) -> tuple[Project, Priority]:
    """A project and its priority, to show. Read-only: the project may be shared by a read cache."""
    with uow:
        found = uow.projects.card(team_id, ref.strip().lower())
        if found is None:
            _not_found(uow, team_id, ref)
        project, weights = found
        return project, prioritize(project.scope, weights)


def require_active(uow: UnitOfWork, team_id: str, ref: str) -> Project:
    project = _require(uow, team_id, ref)
    if project.archived:
        raise DomainError(f"`{project.ref}` is archived; it can no longer change.", field="ref", rule="archived")
    return project


def _record(uow: UnitOfWork, project: Project, actor: str, action: str, now: datetime, **detail: Any) -> None:
    uow.history.add(Change(project.team_id, actor, action, now, project.id, detail))


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


def create_project(uow: UnitOfWork, new: NewProject, *, now: datetime, finishing_draft: str | None = None) -> Project:
    """``finishing_draft``: the key of the scoping draft this finishes, deleted in the same
    transaction (a failure leaves the draft and no project, never a project and its draft)."""
    with uow:
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
        scope = new.scope or Scope()
        check_scope(scope)
        project = Project(
            team_id=new.team_id,
            problem=problem,
            scope=scope,
            stage_entered_at=now,
            checkin=new.checkin,
            created_at=now,
            updated_at=now,
        )
        project = uow.projects.add(project)
        _record(uow, project, new.creator_id, "created", now, ref=project.ref, name=project.name)
        if finishing_draft is not None:
            uow.drafts.delete(new.team_id, finishing_draft)
        uow.commit()
        return project


def get_project(uow: UnitOfWork, team_id: str, ref: str) -> Project:
    with uow:
        return _require(uow, team_id, ref)


def list_projects(
    uow: UnitOfWork,
    team_id: str,
    *,
    owner_id: str | None = None,
    stage: Stage | None = None,
    include_archived: bool = False,
) -> list[Ranked]:
    """The workspace's portfolio, ranked, optionally filtered (ranks are portfolio-wide)."""
    with uow:
        projects = uow.projects.list(team_id, include_archived=include_archived)
        weights = uow.workspaces.weights(team_id)
    ranked = rank(projects, weights)
    return [
        r
        for r in ranked
        if (owner_id is None or r.project.problem.owner_id == owner_id) and (stage is None or r.project.stage is stage)
    ]


def ranked_page(
    uow: UnitOfWork, team_id: str, *, owner_id: str | None = None, stage: Stage | None = None, limit: int | None = None
) -> Page:
    """The ranked portfolio as a list shows it, ranked by the database (no project is loaded whole)."""
    with uow:
        return uow.projects.summaries(team_id, owner_id=owner_id, stage=stage, limit=limit)


def projects_owned_by(uow: UnitOfWork, team_id: str, owner_id: str) -> list[Project]:
    with uow:
        return uow.projects.list(team_id, owner_id=owner_id)


def weights_for(uow: UnitOfWork, team_id: str) -> ScoringWeights:
    with uow:
        return uow.workspaces.weights(team_id)


def visibility(uow: UnitOfWork, team_id: str) -> Visibility:
    """Who may read the workspace's portfolio (``domain.visibility``)."""
    with uow:
        return uow.workspaces.visibility(team_id)


def set_visibility(
    uow: UnitOfWork, team_id: str, value: Visibility, *, actor: str, now: datetime, is_admin: IsAdmin
) -> bool:
    """Change who may read the portfolio; only workspace admins and MLScope leads may. True if it changed."""
    with uow:
        require_settings_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        before = uow.workspaces.visibility(team_id)
        if before is value:
            return False
        uow.workspaces.set_visibility(team_id, value)
        uow.history.add(
            Change(team_id, actor, "visibility_changed", now, None, {"from": before.value, "to": value.value})
        )
        uow.commit()
        return True


@retrying
def set_weights(uow: UnitOfWork, team_id: str, weights: ScoringWeights, *, actor: str, now: datetime) -> None:
    with uow:
        uow.workspaces.set_weights(team_id, weights)
        uow.projects.rescore(team_id, weights)
        uow.history.add(Change(team_id, actor, "weights_changed", now, None, weights.model_dump(mode="json")))
        uow.commit()


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
    finishing_draft: str | None = None,
) -> Project:
    """Edit a project. Redefining the optimizing metric needs a reason, recorded in its history.
    ``finishing_draft`` is deleted in the same transaction, as in ``create_project``."""
    with uow:
        project = require_active(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb=verb)
        problem = parse(
            Problem,
            project.problem.model_dump()
            | {
                k: v
                for k, v in {
                    "name": name,
                    "statement": statement,
                    "owner_id": owner_id,
                    "channel_id": channel_id,
                }.items()
                if v is not None
            },
        )
        changed: list[str] = [
            k
            for k in ("name", "statement", "owner_id", "channel_id")
            if getattr(problem, k) != getattr(project.problem, k)
        ]
        project.problem = problem
        if scope is not None:
            check_scope(scope)
            before, after = project.scope.optimizing, scope.optimizing
            if metric_changed(before, after, reason=metric_change_reason):
                assert before is not None and after is not None
                project.metric_changes.append(
                    MetricChange(
                        previous=before.describe(),
                        current=after.describe(),
                        reason=metric_change_reason,
                        actor=actor,
                        at=now,
                    )
                )
            if scope != project.scope:
                changed.append("scope")
            project.scope = scope
        if checkin is not None or clear_checkin:
            if checkin != project.checkin:
                changed.append("checkin")
            project.checkin = checkin
        project.updated_at = now
        uow.projects.save(project)
        _record(uow, project, actor, "edited", now, fields=changed)
        if finishing_draft is not None:
            uow.drafts.delete(team_id, finishing_draft)
        uow.commit()
        return project


def metric_changed(before: Metric | None, after: Metric | None, *, reason: str) -> bool:
    """True when the optimizing metric was redefined; raise if no reason was given."""
    if before is None or after is None or _definition(before) == _definition(after):
        return False
    if not reason.strip():
        raise DomainError(
            "reason: changing the optimizing metric needs a reason (the method expects it to change, "
            "and the history should say why)",
            field="reason",
            rule="metric_change_needs_reason",
        )
    return True


def _definition(metric: Metric) -> tuple[object, ...]:
    return (metric.name.lower(), metric.direction, metric.target, metric.unit, tuple(sorted(metric.weights.items())))


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
        move = lifecycle.transition(project.stage, target, reason=reason, actor=actor, now=now)
        project.transitions.append(move)
        project.stage = target
        project.stage_entered_at = now
        project.updated_at = now
        uow.projects.save(project)
        _record(
            uow,
            project,
            actor,
            "stage_moved",
            now,
            from_stage=move.from_stage.value,
            to_stage=move.to_stage.value,
            loop_back=move.loop_back,
            reason=reason,
        )
        uow.commit()
        return project


@retrying
def record_metric(
    uow: UnitOfWork, team_id: str, ref: str, value: float, *, note: str | None, actor: str, now: datetime
) -> Project:
    with uow:
        project = require_active(uow, team_id, ref)
        if project.scope.optimizing is None:
            raise DomainError(
                f"metric: `{project.ref}` has no optimizing metric yet; define one with edit first",
                field="metric",
                rule="no_optimizing_metric",
            )
        if value != value or value in (float("inf"), float("-inf")):
            raise DomainError("value: must be a finite number", field="value", rule="finite")
        project.record_reading(MetricReading(value=value, at=now, actor=actor, note=note or None))
        project.updated_at = now
        uow.projects.save(project)
        _record(uow, project, actor, "metric_recorded", now, value=value, note=note)
        uow.commit()
        return project


@retrying
def add_baseline(uow: UnitOfWork, team_id: str, ref: str, baseline: Baseline, *, actor: str, now: datetime) -> Project:
    with uow:
        project = require_active(uow, team_id, ref)
        if len(project.scope.baselines) >= 20:
            raise DomainError(
                "baselines: a project keeps at most 20 baselines", field="baselines", rule="max_baselines"
            )
        project.scope.baselines.append(baseline)
        project.updated_at = now
        uow.projects.save(project)
        _record(uow, project, actor, "baseline_added", now, **baseline.model_dump(mode="json"))
        uow.commit()
        return project


@retrying
def set_checklist(
    uow: UnitOfWork, team_id: str, ref: str, ticked: set[ChecklistItem], *, actor: str, now: datetime
) -> Project:
    """The feasibility steps ticked by hand; anyone may record progress, as with baselines."""
    with uow:
        project = require_active(uow, team_id, ref)
        if project.scope.checklist == ticked:
            return project
        project.scope.checklist = set(ticked)
        project.updated_at = now
        uow.projects.save(project)
        _record(uow, project, actor, "checklist_set", now, ticked=sorted(i.value for i in ticked))
        uow.commit()
        return project


@retrying
def archive_project(
    uow: UnitOfWork, team_id: str, ref: str, *, actor: str, now: datetime, is_admin: IsAdmin = nobody_is_admin
) -> Project:
    with uow:
        project = require_active(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb="archive")
        project.archived = True
        project.updated_at = now
        uow.projects.save(project)
        _record(uow, project, actor, "archived", now)
        uow.commit()
        return project


@retrying
def set_card(uow: UnitOfWork, team_id: str, project_id: int, *, channel: str, ts: str) -> None:
    """Remember where the project's card was posted so it can be updated in place."""
    with uow:
        project = uow.projects.get_by_id(team_id, project_id)
        if project is None:
            raise NotFound("The project no longer exists.")
        project.card_channel, project.card_ts = channel, ts
        uow.projects.save(project)
        uow.commit()


def check_can_change(uow: UnitOfWork, team_id: str, ref: str, *, actor: str, is_admin: IsAdmin, verb: str) -> Project:
    """Refuse early (before a modal opens) what the use case would refuse at submission."""
    with uow:
        project = require_active(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb=verb)
        return project


def list_leads(uow: UnitOfWork, team_id: str) -> set[str]:
    with uow:
        return uow.leads.list(team_id)


def change_lead(
    uow: UnitOfWork, team_id: str, user_id: str, *, add: bool, actor: str, now: datetime, is_admin: IsAdmin
) -> bool:
    """Add or remove an MLScope lead; only admins and existing leads may."""
    with uow:
        require_lead_manager(actor, leads=uow.leads.list(team_id), is_admin=is_admin)
        changed = (
            uow.leads.add(team_id, user_id, added_by=actor, now=now) if add else uow.leads.remove(team_id, user_id)
        )
        uow.history.add(Change(team_id, actor, "lead_added" if add else "lead_removed", now, None, {"user": user_id}))
        uow.commit()
        return changed


def history(uow: UnitOfWork, team_id: str, ref: str) -> list[Change]:
    with uow:
        project = _require(uow, team_id, ref)
        assert project.id is not None
        return uow.history.for_project(team_id, project.id)


def save_draft(uow: UnitOfWork, team_id: str, user_id: str, *, step: int, data: dict[str, Any], now: datetime) -> Draft:
    draft = Draft(team_id, user_id, step, data, now)
    with uow:
        uow.drafts.put(draft)
        uow.commit()
    return draft


@retrying
def update_draft(
    uow: UnitOfWork, team_id: str, user_id: str, *, patch: dict[str, Any], now: datetime, step: int | None = None
) -> Draft | None:
    """Merge ``patch`` into the draft as it is now (and move it to ``step``); None if it is gone.

    Two writers of one draft — the person submitting the next step and a background job adding
    the owner's timezone — each add their fields; neither rewrites the other's from a stale copy."""
    with uow:
        current = uow.drafts.get(team_id, user_id)
        if current is None:
            return None
        draft = Draft(team_id, user_id, current.step if step is None else step, current.data | patch, now, current.version)
        uow.drafts.replace(draft)
        uow.commit()
    return draft


def load_draft(uow: UnitOfWork, team_id: str, user_id: str) -> Draft | None:
    with uow:
        return uow.drafts.get(team_id, user_id)


def discard_draft(uow: UnitOfWork, team_id: str, user_id: str) -> None:
    with uow:
        uow.drafts.delete(team_id, user_id)
        uow.commit()
