"""The readings API's tokens, by workspace and by hash. Never commits; never sees a token in clear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from domain.ports import ApiToken
from storage.inserts import added_if_absent
from storage.orm import ApiTokenRow


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(row.team_id, row.name, row.token_hash, row.created_by, row.created_at, row.last_used_at)


class SqlApiTokenRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, token: ApiToken) -> bool:
        """False when the workspace has a token of that name (the unique constraint decides)."""
        row = ApiTokenRow(
            team_id=token.team_id,
            name=token.name,
            token_hash=token.token_hash,
            created_by=token.created_by,
            created_at=token.created_at,
        )
        return added_if_absent(self.session, row)

    def list(self, team_id: str) -> list[ApiToken]:
        rows = self.session.scalars(select(ApiTokenRow).where(ApiTokenRow.team_id == team_id).order_by(ApiTokenRow.name))
        return [_token(row) for row in rows]

    def remove(self, team_id: str, name: str) -> bool:
        result = self.session.execute(delete(ApiTokenRow).where(ApiTokenRow.team_id == team_id, ApiTokenRow.name == name))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def by_hash(self, token_hash: str) -> ApiToken | None:
        row = self.session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)).one_or_none()
        return _token(row) if row else None

    def touch(self, token_hash: str, now: datetime) -> None:
        self.session.execute(update(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash).values(last_used_at=now))
