"""The loop-back a check-in's "No" offers: read before its modal asks what changed, then taken,
with what changed as its reason."""

from __future__ import annotations

from datetime import datetime

from domain.checkin_use_cases import open_checkin
from domain.checkins import QUESTIONS, Answer, LoopBackOffer, Occurrence, Question, Response, loop_back_for
from domain.concurrency import retrying
from domain.errors import DomainError
from domain.permissions import IsAdmin, nobody_is_admin, require_change
from domain.ports import Change, UnitOfWork
from domain.project import Project


def loop_back_offer(
    uow: UnitOfWork, team_id: str, occurrence_id: int, question: Question
) -> tuple[Project, LoopBackOffer]:
    """The project and where its No leads now; refused when the check-in closed or it already moved."""
    with uow:
        _, project = open_checkin(uow, team_id, occurrence_id)
        offer = loop_back_for(question, Answer.NO, project.stage)
        if offer is None:
            raise DomainError(
                f"`{project.ref}` is already in {project.stage.value}; nothing to move.", rule="already_moved"
            )
        return project, offer


@retrying
def accept_loop_back(
    uow: UnitOfWork,
    team_id: str,
    occurrence_id: int,
    *,
    question: Question,
    user: str,
    now: datetime,
    is_admin: IsAdmin = nobody_is_admin,
    what_changed: str = "",
) -> Project:
    """Move the stage back as the method prescribes; the reason is what changed, as the person
    said it, or else the question answered No (with their notes, if any).

    The check-in, the target stage and the move are read and decided in one unit of work: a stage
    moved meanwhile makes it run again on the stage as it is now (or refuse: already moved)."""
    with uow:
        occ, project = open_checkin(uow, team_id, occurrence_id)
        offer = loop_back_for(question, Answer.NO, project.stage)
        if offer is None:
            raise DomainError(
                f"`{project.ref}` is already in {project.stage.value}; nothing to move.", rule="already_moved"
            )
        require_change(project, user, leads=uow.leads.list(team_id), is_admin=is_admin, verb="move the stage of")
        reason = _loop_back_reason(uow.responses.get(occurrence_id, user), occ, question, what_changed.strip())
        move = project.move_to(offer.target, reason=reason, actor=user, now=now)
        uow.projects.save(project)
        detail = {"from_stage": move.from_stage.value, "to_stage": move.to_stage.value, "loop_back": move.loop_back}
        uow.history.add(Change(team_id, user, "stage_moved", now, project.id, detail | {"reason": reason}))
        uow.commit()
        return project


def _loop_back_reason(response: Response | None, occ: Occurrence, question: Question, what_changed: str) -> str:
    if what_changed:
        return f"Check-in of {occ.due_at:%Y-%m-%d}: {what_changed}"[:500]
    note = f" ({response.notes})" if response and response.notes else ""
    return f"Check-in of {occ.due_at:%Y-%m-%d}: “{QUESTIONS[question]}” was answered No{note}"[:500]
