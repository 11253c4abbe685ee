"""A project's data plan (issue 19): after a check-in loops it back to data, how the team will get
the data it lacks. Written and rewritten by those who may change the project; each version is a
history line, so a digest can say it changed and the history keeps what it said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.concurrency import retrying
from domain.errors import DomainError
from domain.model import DATA_PLAN_MAX, DataPlan
from domain.permissions import IsAdmin, nobody_is_admin, require_change
from domain.ports import Change, UnitOfWork
from domain.project import Project
from domain.project_use_cases import require_active

HISTORY_TEXT = 500  # the history line keeps the plan's opening (the project keeps all of it)


@dataclass(frozen=True)
class Saved:
    """The project after ``save_data_plan``, and what happened: added, revised, or unchanged."""

    project: Project
    outcome: str  # added | revised | unchanged


def plan_of(text: str, *, actor: str, now: datetime) -> DataPlan:
    """The plan as typed, or a DomainError on the ``data_plan`` field: empty, or too long."""
    stripped = text.strip()
    if not stripped:
        raise DomainError(
            "data_plan: write the plan: where the missing data comes from, who labels it, by when.",
            field="data_plan",
            rule="empty_data_plan",
        )
    if len(stripped) > DATA_PLAN_MAX:
        raise DomainError(
            f"data_plan: keep the plan under {DATA_PLAN_MAX:,} characters (this one has {len(stripped):,}).",
            field="data_plan",
            rule="data_plan_too_long",
        )
    return DataPlan(text=stripped, actor=actor, at=now)


@retrying
def save_data_plan(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    text: str,
    *,
    actor: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
) -> Saved:
    """Write the project's data plan (owner, creator, admins, MLScope leads); ``unchanged`` when the
    text is what the plan already said (nothing is written then)."""
    plan = plan_of(text, actor=actor, now=now)
    with uow:
        project = require_active(uow, team_id, ref)
        require_change(project, actor, leads=uow.leads.list(team_id), is_admin=is_admin, verb="write the data plan of")
        revised = project.data_plan is not None
        if not project.plan_data(plan):
            return Saved(project, "unchanged")
        uow.projects.save(project)
        detail = {"text": plan.text[:HISTORY_TEXT], "revised": revised}
        uow.history.add(Change(team_id, actor, "data_plan_saved", now, project.id, detail))
        uow.commit()
        return Saved(project, "revised" if revised else "added")
