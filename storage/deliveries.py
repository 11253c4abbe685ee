"""Slack redeliveries: one row per Slack id, guarded by a unique constraint (not an in-memory set)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.orm import DeliveryRow


@dataclass(frozen=True)
class Seen:
    """A delivery seen before: its response, or None while the first is still being handled."""

    status: int | None
    body: str | None
    content_type: str | None


class Deliveries:
    def __init__(self, sessions: sessionmaker[Session]):
        self.sessions = sessions

    def claim(self, team_id: str, key: str, now: datetime) -> Seen | None:
        """None if this is the first delivery (now claimed), else what was recorded for it."""
        with self.sessions() as session:
            try:
                session.add(DeliveryRow(team_id=team_id, key=key[:200], created_at=now))
                session.commit()
                return None
            except IntegrityError:
                session.rollback()
            row = session.scalars(
                select(DeliveryRow).where(DeliveryRow.team_id == team_id, DeliveryRow.key == key[:200])
            ).one_or_none()
            return Seen(row.status, row.body, row.content_type) if row else Seen(None, None, None)

    def record(self, team_id: str, key: str, *, status: int, body: str, content_type: str | None) -> None:
        with self.sessions() as session:
            row = session.scalars(
                select(DeliveryRow).where(DeliveryRow.team_id == team_id, DeliveryRow.key == key[:200])
            ).one_or_none()
            if row is not None:
                row.status, row.body, row.content_type = status, body, content_type
                session.commit()

    def release(self, team_id: str, key: str) -> None:
        """Forget a delivery whose handling failed, so that Slack's retry is handled again."""
        with self.sessions() as session:
            session.execute(delete(DeliveryRow).where(DeliveryRow.team_id == team_id, DeliveryRow.key == key[:200]))
            session.commit()

    def purge(self, before: datetime) -> int:
        with self.sessions() as session:
            result = session.execute(delete(DeliveryRow).where(DeliveryRow.created_at < before))
            session.commit()
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
