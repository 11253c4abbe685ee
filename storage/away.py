"""Who is away (``/mlproject away``): one row per person, replaced when they set a new date. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain.checkins import Away
from storage.orm import AwayRow


class SqlAwayRepository:
    def __init__(self, session: Session):
        self.session = session

    def away_at(self, team_id: str, user_ids: list[str], when: datetime) -> dict[str, Away]:
        """Those of ``user_ids`` away at ``when``."""
        if not user_ids:
            return {}
        rows = self.session.scalars(
            select(AwayRow).where(AwayRow.team_id == team_id, AwayRow.user_id.in_(user_ids), AwayRow.until > when)
        )
        return {r.user_id: Away(r.user_id, r.name, r.until) for r in rows}

    def put(self, team_id: str, away: Away, now: datetime) -> None:
        self.remove(team_id, away.user_id)
        self.session.add(AwayRow(team_id=team_id, user_id=away.user_id, name=away.name, until=away.until, set_at=now))
        self.session.flush()

    def remove(self, team_id: str, user_id: str) -> bool:
        result = self.session.execute(delete(AwayRow).where(AwayRow.team_id == team_id, AwayRow.user_id == user_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]
