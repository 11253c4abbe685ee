"""Scoping drafts: a flow in progress saved at every step, and finishing it in one unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.concurrency import retrying
from domain.errors import ConcurrentChange
from domain.permissions import IsAdmin, nobody_is_admin
from domain.ports import Draft, UnitOfWork
from domain.project import Project
from domain.project_use_cases import Edit, NewProject, add_project, edit_project


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
    draft is still offered (or a draft gone with nothing saved)."""
    with uow:
        if isinstance(outcome, NewProject):
            project = add_project(uow, outcome, now=now)
        else:
            assert ref is not None, "an edit names the project it edits"
            project = edit_project(uow, team_id, ref, outcome, actor=actor, now=now, is_admin=is_admin)
        uow.drafts.delete(team_id, draft_key)
        uow.commit()
        return project
