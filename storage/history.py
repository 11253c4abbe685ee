"""The audit trail: every change to a workspace's projects, who made it and when. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.ports import Change
from storage.orm import HistoryRow


class SqlHistoryRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, change: Change) -> None:
        self.session.add(
            HistoryRow(
                team_id=change.team_id,
                project_id=change.project_id,
                actor=change.actor,
                action=change.action,
                detail=change.detail,
                at=change.at,
            )
        )

    def for_project(self, team_id: str, project_id: int) -> list[Change]:
        rows = self.session.scalars(
            select(HistoryRow)
            .where(HistoryRow.team_id == team_id, HistoryRow.project_id == project_id)
            .order_by(HistoryRow.id)
        )
        return [Change(r.team_id, r.actor, r.action, r.at, r.project_id, r.detail or {}) for r in rows]

    def recorded_since(self, team_id: str, project_id: int, since: datetime) -> list[Change]:
        """The project's readings recorded at or after ``since`` (``metric_recorded`` lines): what
        ``show`` needs to say where its listed readings came from, not the whole trail."""
        rows = self.session.scalars(
            select(HistoryRow)
            .where(
                HistoryRow.team_id == team_id,
                HistoryRow.project_id == project_id,
                HistoryRow.action == "metric_recorded",
                HistoryRow.at >= since,
            )
            .order_by(HistoryRow.id)
        )
        return [Change(r.team_id, r.actor, r.action, r.at, r.project_id, r.detail or {}) for r in rows]
