"""The loop-back a check-in's "No" offers, read before its modal asks what changed."""

from __future__ import annotations

from domain.checkin_use_cases import open_checkin
from domain.checkins import Answer, LoopBackOffer, Question, loop_back_for
from domain.errors import DomainError
from domain.ports import UnitOfWork
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
