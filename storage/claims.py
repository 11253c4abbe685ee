"""The posting protocol's writes: claim due occurrences, mark them posting, posted, released or skipped.

Claims are compare-and-set UPDATEs (``WHERE status IN (...) AND lease expired``): on PostgreSQL
the second of two concurrent updates re-checks the WHERE after the first commits and matches
nothing; SQLite serializes writers. Either way exactly one process owns an occurrence at a time.
``SqlOccurrenceRepository`` (storage/occurrences.py) mixes these in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from domain.checkins import OccurrenceStatus
from storage.orm import OccurrenceRow
from storage.workspace_status import INACTIVE_TEAMS

# Updates go to the table, not the mapped class: no ORM bookkeeping (nothing here is held in a
# session), and a third of the cost of a compare-and-set in the tick's busiest moment.
OCCURRENCES = OccurrenceRow.__table__
CLAIMABLE = (OccurrenceStatus.PENDING.value, OccurrenceStatus.POSTING.value)


class OccurrenceClaims:
    """Compare-and-set writes on occurrences, each guarded by the claim's holder."""

    session: Session

    def claimable_ids(self, now: datetime, limit: int) -> list[int]:
        query = (
            select(OccurrenceRow.id)
            .where(self._claimable(now))
            .order_by(OccurrenceRow.next_attempt_at, OccurrenceRow.id)
            .limit(limit)
        )
        return list(self.session.scalars(query))

    def claim_all(self, occurrence_ids: list[int], holder: str, now: datetime, lease: timedelta) -> list[int]:
        """Claim these for ``holder``: one compare-and-set UPDATE … RETURNING; the ids it won."""
        if not occurrence_ids:
            return []
        won = self.session.scalars(
            update(OCCURRENCES)
            .where(OccurrenceRow.id.in_(occurrence_ids), self._claimable(now))
            .values(claimed_by=holder, lease_until=now + lease)
            .returning(OccurrenceRow.id)
        )
        position = {occurrence_id: n for n, occurrence_id in enumerate(occurrence_ids)}
        return sorted(won, key=position.__getitem__)

    @staticmethod
    def _claimable(now: datetime) -> object:
        return and_(
            OccurrenceRow.status.in_(CLAIMABLE),
            OccurrenceRow.next_attempt_at <= now,
            or_(OccurrenceRow.lease_until.is_(None), OccurrenceRow.lease_until < now),
            OccurrenceRow.team_id.not_in(INACTIVE_TEAMS),
        )

    def _owned(self, occurrence_id: int, holder: str) -> object:
        return and_(OccurrenceRow.id == occurrence_id, OccurrenceRow.claimed_by == holder)

    def mark_posting(self, occurrence_ids: list[int], holder: str, channel: str, now: datetime) -> list[int]:
        """Mark these occurrences (still held by ``holder``) as being posted to ``channel`` from
        ``now``: one UPDATE … RETURNING; the ids it marked. Called only when no earlier attempt is
        in Slack (never tried, refused, or looked for and not found), so ``now`` bounds the search
        a crash from here on would need."""
        if not occurrence_ids:
            return []
        marked = self.session.scalars(
            update(OCCURRENCES)
            .where(OccurrenceRow.id.in_(occurrence_ids), OccurrenceRow.claimed_by == holder)
            .values(
                status=OccurrenceStatus.POSTING.value,
                channel=channel,
                posting_at=now,
            )
            .returning(OccurrenceRow.id)
        )
        return list(marked)

    def set_payload(self, occurrence_id: int, holder: str, payload: dict[str, Any]) -> None:
        self.session.execute(update(OCCURRENCES).where(self._owned(occurrence_id, holder)).values(payload=payload))

    def keep_posting(
        self, occurrence_id: int, holder: str, *, retry_at: datetime, error: str, payload: dict[str, Any]
    ) -> None:
        """Give back an occurrence that may already be in Slack (the search for it is unfinished, or
        Slack's answer was lost): it stays ``posting``, so nobody posts it before looking for it."""
        self.session.execute(
            update(OCCURRENCES)
            .where(self._owned(occurrence_id, holder))
            .values(
                status=OccurrenceStatus.POSTING.value,
                payload=payload or None,
                claimed_by=None,
                lease_until=None,
                next_attempt_at=retry_at,
                attempts=OccurrenceRow.attempts + 1,
                last_error=error[:200],
            )
        )

    def mark_posted(self, occurrence_id: int, holder: str, *, channel: str, ts: str, now: datetime) -> bool:
        result = self.session.execute(
            update(OCCURRENCES)
            .where(self._owned(occurrence_id, holder))
            .values(
                status=OccurrenceStatus.POSTED.value,
                channel=channel,
                ts=ts,
                posted_at=now,
                claimed_by=None,
                lease_until=None,
                last_error=None,
            )
        )
        return result.rowcount == 1  # type: ignore[attr-defined,no-any-return]

    def release(self, occurrence_id: int, holder: str, *, retry_at: datetime, error: str) -> None:
        """Give the occurrence back (still pending) to be retried at ``retry_at``."""
        self.session.execute(
            update(OCCURRENCES)
            .where(self._owned(occurrence_id, holder))
            .values(
                status=OccurrenceStatus.PENDING.value,
                claimed_by=None,
                lease_until=None,
                next_attempt_at=retry_at,
                attempts=OccurrenceRow.attempts + 1,
                last_error=error[:200],
            )
        )

    def skip(self, occurrence_id: int, holder: str | None, reason: str) -> None:
        condition = self._owned(occurrence_id, holder) if holder else OccurrenceRow.id == occurrence_id
        self.session.execute(
            update(OCCURRENCES)
            .where(condition)
            .values(status=OccurrenceStatus.SKIPPED.value, claimed_by=None, lease_until=None, last_error=reason[:200])
        )
