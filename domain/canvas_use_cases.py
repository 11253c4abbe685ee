"""Canvases: claim one before creating it, remember its id and what was written, forget a deleted
one, and remember (per workspace) that Slack forbids canvases there. Each function one transaction."""

from __future__ import annotations

from datetime import datetime

from domain.canvases import CLAIM_EXPIRES, CanvasKind, CanvasRecord, CanvasRefusal, digests
from domain.ports import UnitOfWork


def canvas(uow: UnitOfWork, team_id: str, kind: CanvasKind, key: str) -> CanvasRecord | None:
    with uow:
        return uow.canvases.get(team_id, kind, key)


def canvases_of(uow: UnitOfWork, team_id: str, kind: CanvasKind) -> dict[str, CanvasRecord]:
    """The workspace's created canvases of ``kind``, by key (one query, for a refresh of every card)."""
    with uow:
        return {r.key: r for r in uow.canvases.of_kind(team_id, kind) if r.canvas_id is not None}


def claim(uow: UnitOfWork, team_id: str, kind: CanvasKind, key: str, *, now: datetime) -> CanvasRecord | None:
    """Claim the right to create this canvas. None when it exists or another claim is fresh:
    the existing record then comes back from ``canvas``."""
    with uow:
        found = uow.canvases.get(team_id, kind, key)
        if found is not None:
            if found.canvas_id is not None or now - found.claimed_at < CLAIM_EXPIRES:
                return None
            uow.canvases.remove(team_id, kind, key)  # a claim whose creator died
        claimed = uow.canvases.claim(CanvasRecord(team_id, kind, key, None, now))
        if claimed:
            uow.commit()
            return uow.canvases.get(team_id, kind, key)
        return None


def created(uow: UnitOfWork, team_id: str, kind: CanvasKind, key: str, canvas_id: str, parts: dict[str, str]) -> None:
    """The claimed canvas exists in Slack, with these parts (part key -> Markdown)."""
    with uow:
        uow.canvases.set(team_id, kind, key, canvas_id=canvas_id, parts=digests(parts))
        uow.commit()


def written(uow: UnitOfWork, team_id: str, kind: CanvasKind, key: str, parts: dict[str, str]) -> None:
    """These parts were written to the canvas (the others are as they were)."""
    with uow:
        found = uow.canvases.get(team_id, kind, key)
        if found is None or found.canvas_id is None:
            return
        uow.canvases.set(team_id, kind, key, canvas_id=found.canvas_id, parts=found.parts | digests(parts))
        uow.commit()


def forget(uow: UnitOfWork, team_id: str, kind: CanvasKind, key: str) -> None:
    """The canvas is gone (deleted in Slack) or was never created: the next request creates one."""
    with uow:
        uow.canvases.remove(team_id, kind, key)
        uow.commit()


def refusal(uow: UnitOfWork, team_id: str) -> CanvasRefusal | None:
    with uow:
        return uow.canvases.refusal(team_id)


def refused(uow: UnitOfWork, team_id: str, *, error: str, method: str, now: datetime) -> None:
    with uow:
        uow.canvases.refuse(CanvasRefusal(team_id, error, method, now))
        uow.commit()


def allowed_again(uow: UnitOfWork, team_id: str) -> None:
    """A canvas call succeeded: whatever forbade canvases is lifted."""
    with uow:
        if uow.canvases.refusal(team_id) is not None:
            uow.canvases.lift_refusal(team_id)
            uow.commit()
