"""Drafts: a person's unfinished scoping, one per person and workspace. Never commits.

A draft is read in one statement outside any transaction when it can be (``storage/autocommit.py``)."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from domain.errors import ConcurrentChange
from domain.ports import Draft
from storage.autocommit import read_one
from storage.inserts import added_if_absent
from storage.orm import DraftRow

_DRAFT = select(
    DraftRow.team_id, DraftRow.user_id, DraftRow.step, DraftRow.data, DraftRow.updated_at, DraftRow.version
).where(DraftRow.team_id == bindparam("team_id"), DraftRow.user_id == bindparam("user_id"))


class SqlDraftRepository:
    def __init__(self, session: Session):
        self.session = session

    def _row(self, team_id: str, user_id: str) -> DraftRow | None:
        return self.session.scalars(
            select(DraftRow).where(DraftRow.team_id == team_id, DraftRow.user_id == user_id)
        ).one_or_none()

    def get(self, team_id: str, user_id: str) -> Draft | None:
        row = read_one(self.session, _DRAFT, {"team_id": team_id, "user_id": user_id})
        return Draft(row.team_id, row.user_id, row.step, row.data, row.updated_at, row.version) if row else None

    def put(self, draft: Draft) -> None:
        """Replace the draft, whatever it held."""
        row = self._row(draft.team_id, draft.user_id)
        if row is None:
            row = DraftRow(team_id=draft.team_id, user_id=draft.user_id, version=1)
            self.session.add(row)
        else:
            row.version += 1
        row.step, row.data, row.updated_at = draft.step, draft.data, draft.updated_at
        self.session.flush()

    def create(self, draft: Draft) -> None:
        """Insert-if-absent: write ``draft`` only if the person has none (``ConcurrentChange`` otherwise)."""
        row = DraftRow(team_id=draft.team_id, user_id=draft.user_id, version=1)
        row.step, row.data, row.updated_at = draft.step, draft.data, draft.updated_at
        if not added_if_absent(self.session, row):
            raise ConcurrentChange("Your draft")

    def replace(self, draft: Draft) -> None:
        """Compare-and-set: write ``draft`` only over the version it was read at (``draft.version``)."""
        changed = self.session.execute(
            update(DraftRow)
            .where(
                DraftRow.team_id == draft.team_id,
                DraftRow.user_id == draft.user_id,
                DraftRow.version == draft.version,
            )
            .values(step=draft.step, data=draft.data, updated_at=draft.updated_at, version=draft.version + 1)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrentChange("Your draft")

    def delete(self, team_id: str, user_id: str) -> bool:
        """Remove the person's draft; False when there was none to remove (someone else finished or
        discarded it first). Counted inside the caller's transaction: of two finishing one draft at
        once, PostgreSQL makes the second wait on the row and then find it gone; SQLite lets only
        one writer in at a time."""
        removed = self.session.execute(
            delete(DraftRow)
            .where(DraftRow.team_id == team_id, DraftRow.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        return removed.rowcount == 1  # type: ignore[attr-defined]
