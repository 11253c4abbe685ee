"""Scoping drafts: a flow in progress saved at every step, and finishing it in one unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.concurrency import retrying
from domain.errors import ConcurrentChange, DomainError
from domain.permissions import IsAdmin, nobody_is_admin
from domain.ports import Draft, UnitOfWork
from domain.project import Project
from domain.project_use_cases import Edit, NewProject, add_project, edit_project


class DraftGone(DomainError):
    """The draft being finished was finished (or discarded) first by someone else — a double click,
    another replica, the modal and the conversation at once: nothing was saved this time."""

    def __init__(self) -> None:
        super().__init__("This scope was already finished or discarded elsewhere; nothing more was created.", rule="stale_view")


def save_draft(uow: UnitOfWork, team_id: str, user_id: str, *, step: int, data: dict[str, Any], now: datetime) -> Draft:
    draft = Draft(team_id, user_id, step, data, now)
    with uow:
        uow.drafts.put(draft)
        uow.commit()
    return draft


def start_draft(
    uow: UnitOfWork, team_id: str, user_id: str, *, step: int, data: dict[str, Any], now: datetime, over: Draft | None
) -> bool:
    """Write a flow's first draft only over ``over``, the draft there was (None: none) when its
    modal was built; False, writing nothing, when someone wrote one since (the person submitted
    step 1 before this write came: their answers stay)."""
    draft = Draft(team_id, user_id, step, data, now, over.version if over else 0)
    with uow:
        try:
            if over is None:
                uow.drafts.create(draft)
            else:
                uow.drafts.replace(draft)
        except ConcurrentChange:
            return False
        uow.commit()
    return True


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


@retrying
def finish_scoping(
    uow: UnitOfWork,
    team_id: str,
    draft_key: str,
    outcome: NewProject | Edit,
    *,
    actor: str,
    now: datetime,
    ref: str | None = None,
    is_admin: IsAdmin = nobody_is_admin,
) -> Project:
    """Create the project (a ``NewProject``) or apply the edit to ``ref`` (an ``Edit``), and discard
    the draft, in one transaction: a failure leaves the draft and no change, never a project whose
    draft is still offered (or a draft gone with nothing saved).

    A new project is made from its draft once: the draft's removal is counted in the same
    transaction, and when someone else removed it first (two clicks on Create, two replicas, the
    modal and the conversation at once) ``DraftGone`` rolls this project back. An edit may have no
    draft (its modal then edits the project as it is), so its removal is not counted."""
    with uow:
        if isinstance(outcome, NewProject):
            project = add_project(uow, outcome, now=now)
        else:
            assert ref is not None, "an edit names the project it edits"
            project = edit_project(uow, team_id, ref, outcome, actor=actor, now=now, is_admin=is_admin)
        if not uow.drafts.delete(team_id, draft_key) and isinstance(outcome, NewProject):
            raise DraftGone()
        uow.commit()
        return project


def created_from(uow: UnitOfWork, draft: Draft, *, creator: str) -> Project | None:
    """The project ``draft`` already became, when it is known: one of its name that ``creator``
    created after the draft's last change (None: the draft was discarded, or nothing tells)."""
    name = str(draft.data.get("name") or "")
    with uow:
        made = [
            p
            for p in uow.projects.list(draft.team_id)
            if p.name == name and p.problem.creator_id == creator and p.created_at >= draft.updated_at
        ]
    return min(made, key=lambda p: p.created_at, default=None)
