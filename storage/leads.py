"""A workspace's MLScope leads: people who may change any project. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.orm import LeadRow


class SqlLeadRepository:
    def __init__(self, session: Session):
        self.session = session

    def list(self, team_id: str) -> set[str]:
        return set(self.session.scalars(select(LeadRow.user_id).where(LeadRow.team_id == team_id)))

    def add(self, team_id: str, user_id: str, *, added_by: str, now: datetime) -> bool:
        if user_id in self.list(team_id):
            return False
        self.session.add(LeadRow(team_id=team_id, user_id=user_id, added_by=added_by, added_at=now))
        self.session.flush()
        return True

    def remove(self, team_id: str, user_id: str) -> bool:
        result = self.session.execute(delete(LeadRow).where(LeadRow.team_id == team_id, LeadRow.user_id == user_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]
