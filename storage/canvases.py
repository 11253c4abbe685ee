"""Canvases and canvas refusals (``domain.canvases``). Never commits.

A claim is an INSERT that the unique (team, kind, key) lets only one writer make: the other gets
False, on SQLite and PostgreSQL alike (a savepoint keeps the session usable after the conflict)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from domain.canvases import CanvasKind, CanvasRecord, CanvasRefusal
from storage.inserts import added_if_absent
from storage.orm import CanvasRefusalRow, CanvasRow


class SqlCanvasRepository:
    def __init__(self, session: Session):
        self.session = session

    def _row(self, team_id: str, kind: CanvasKind, key: str) -> CanvasRow | None:
        return self.session.scalar(
            select(CanvasRow).where(CanvasRow.team_id == team_id, CanvasRow.kind == kind.value, CanvasRow.key == key)
        )

    def get(self, team_id: str, kind: CanvasKind, key: str) -> CanvasRecord | None:
        row = self._row(team_id, kind, key)
        if row is None:
            return None
        return CanvasRecord(row.team_id, CanvasKind(row.kind), row.key, row.canvas_id, row.claimed_at, dict(row.parts or {}))

    def of_kind(self, team_id: str, kind: CanvasKind) -> list[CanvasRecord]:
        rows = self.session.scalars(select(CanvasRow).where(CanvasRow.team_id == team_id, CanvasRow.kind == kind.value))
        return [CanvasRecord(r.team_id, kind, r.key, r.canvas_id, r.claimed_at, dict(r.parts or {})) for r in rows]

    def claim(self, record: CanvasRecord) -> bool:
        row = CanvasRow(team_id=record.team_id, kind=record.kind.value, key=record.key, canvas_id=None, parts={},
                        claimed_at=record.claimed_at)  # fmt: skip
        return added_if_absent(self.session, row)

    def set(self, team_id: str, kind: CanvasKind, key: str, *, canvas_id: str, parts: dict[str, str]) -> None:
        row = self._row(team_id, kind, key)
        if row is None:
            return
        row.canvas_id, row.parts = canvas_id, dict(parts)
        self.session.flush()

    def remove(self, team_id: str, kind: CanvasKind, key: str) -> None:
        self.session.execute(
            delete(CanvasRow).where(CanvasRow.team_id == team_id, CanvasRow.kind == kind.value, CanvasRow.key == key)
        )

    def refusal(self, team_id: str) -> CanvasRefusal | None:
        row = self.session.get(CanvasRefusalRow, team_id)
        return None if row is None else CanvasRefusal(row.team_id, row.error, row.method, row.at)

    def refuse(self, refusal: CanvasRefusal) -> None:
        row = self.session.get(CanvasRefusalRow, refusal.team_id)
        if row is None:
            self.session.add(CanvasRefusalRow(team_id=refusal.team_id, error=refusal.error, method=refusal.method, at=refusal.at))
        else:
            row.error, row.method, row.at = refusal.error, refusal.method, refusal.at
        self.session.flush()

    def lift_refusal(self, team_id: str) -> None:
        self.session.execute(delete(CanvasRefusalRow).where(CanvasRefusalRow.team_id == team_id))
