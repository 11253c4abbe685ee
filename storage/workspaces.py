"""A workspace's settings: scoring weights, who may read its portfolio, its currency, its holidays,
its "no reading for N weeks".
Never commits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from domain.scoring import ScoringWeights
from domain.visibility import DEFAULT_VISIBILITY, Visibility
from storage.orm import ProjectRow, WorkspaceRow


def ensure_workspace(session: Session, team_id: str, now: datetime) -> WorkspaceRow:
    """The workspace's row, created (with default weights) on its first write, with INSERT … ON
    CONFLICT DO NOTHING: two first projects of a workspace created at the same moment (on two
    replicas, say) both find it."""
    row = session.get(WorkspaceRow, team_id)
    if row is None:
        insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
        session.execute(
            insert(WorkspaceRow)
            .values(team_id=team_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["team_id"])
        )
        row = session.get(WorkspaceRow, team_id)
        assert row is not None
    return row


class SqlWorkspaceRepository:
    def __init__(self, session: Session):
        self.session = session
        # rows read, held for the unit of work: the session's identity map keeps them only weakly,
        # and weights then currency of one workspace should cost one statement, not two
        self._held: dict[str, WorkspaceRow | None] = {}

    def _get(self, team_id: str) -> WorkspaceRow | None:
        row = self.session.get(WorkspaceRow, team_id)
        self._held[team_id] = row
        return row

    def weights(self, team_id: str) -> ScoringWeights:
        row = self._get(team_id)
        return ScoringWeights.model_validate(row.weights) if row and row.weights else ScoringWeights()

    def set_weights(self, team_id: str, weights: ScoringWeights) -> None:
        row = ensure_workspace(self.session, team_id, datetime.now(UTC))
        row.weights = weights.model_dump(mode="json")
        row.revision = (row.revision or 0) + 1

    def visibility(self, team_id: str) -> Visibility:
        found = self.session.scalar(select(WorkspaceRow.visibility).where(WorkspaceRow.team_id == team_id))
        try:
            return Visibility(found) if found else DEFAULT_VISIBILITY
        except ValueError:
            return DEFAULT_VISIBILITY  # an unknown value is read as the safe default

    def set_visibility(self, team_id: str, visibility: Visibility) -> None:
        row = ensure_workspace(self.session, team_id, datetime.now(UTC))
        row.visibility = visibility.value
        self.session.flush()

    def currency(self, team_id: str) -> str | None:
        """By primary key: after ``weights`` the row is held and this costs no statement."""
        row = self._get(team_id)
        return row.currency if row else None

    def set_currency(self, team_id: str, currency: str) -> None:
        row = ensure_workspace(self.session, team_id, datetime.now(UTC))
        row.currency = currency
        row.revision = (row.revision or 0) + 1  # cards read through the cache say the new currency
        self.session.flush()

    def holidays(self, team_id: str) -> list[date]:
        row = self._get(team_id)
        return [date.fromisoformat(d) for d in (row.holidays or [])] if row else []

    def set_holidays(self, team_id: str, days: list[date]) -> None:
        row = ensure_workspace(self.session, team_id, datetime.now(UTC))
        row.holidays = [d.isoformat() for d in sorted(set(days))]
        self.session.flush()

    def stale_readings(self, team_id: str) -> int | None:
        """The digest's "no reading for N weeks"; None: not set (the default holds)."""
        row = self._get(team_id)
        return row.stale_readings_weeks if row else None

    def set_stale_readings(self, team_id: str, weeks: int) -> None:
        row = ensure_workspace(self.session, team_id, datetime.now(UTC))
        row.stale_readings_weeks = weeks
        self.session.flush()

    def team_ids(self) -> list[str]:
        ids = set(self.session.scalars(select(WorkspaceRow.team_id)))
        ids |= set(self.session.scalars(select(ProjectRow.team_id).distinct()))
        return sorted(ids)
