"""Occurrences: one row per scheduled post, planned idempotently and read back.

Planning is one ``INSERT … ON CONFLICT DO NOTHING`` on a key unique per owner, kind and due time,
so replicas planning the same tick create each occurrence once. Claiming and posting them is
``storage/claims.py``; check-in answers are ``storage/responses.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from domain.checkins import Occurrence, OccurrenceKind, OccurrenceStatus
from storage.claims import OccurrenceClaims
from storage.orm import OccurrenceRow, ProjectRow
from storage.workspace_status import INACTIVE_TEAMS

INSERT_CHUNK = 500  # rows per INSERT: 12 parameters each stays far below SQLite's 32,766


def dedupe_key(occ: Occurrence) -> str:
    """Unique per owner (parent occurrence, project, subscription or channel), kind and due time."""
    if occ.parent_id is not None:
        owner = f"o{occ.parent_id}"
    elif occ.project_id is not None:
        owner = f"p{occ.project_id}"
    elif occ.subscription_id is not None:
        owner = f"s{occ.subscription_id}"
    else:
        owner = f"c{occ.channel}"
    return f"{occ.kind.value}:{owner}:{occ.due_at.strftime('%Y%m%dT%H%M%S')}"


def _to_domain(row: OccurrenceRow) -> Occurrence:
    return Occurrence(
        id=row.id,
        team_id=row.team_id,
        kind=OccurrenceKind(row.kind),
        due_at=row.due_at,
        project_id=row.project_id,
        subscription_id=row.subscription_id,
        parent_id=row.parent_id,
        status=OccurrenceStatus(row.status),
        claimed_by=row.claimed_by,
        lease_until=row.lease_until,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        channel=row.channel,
        ts=row.ts,
        posted_at=row.posted_at,
        posting_at=row.posting_at,
        last_error=row.last_error,
        payload=row.payload or {},
    )


def _row_values(occ: Occurrence, key: str) -> dict[str, object]:
    return {
        "team_id": occ.team_id,
        "kind": occ.kind.value,
        "dedupe_key": key,
        "project_id": occ.project_id,
        "subscription_id": occ.subscription_id,
        "parent_id": occ.parent_id,
        "due_at": occ.due_at,
        "status": occ.status.value,
        "attempts": 0,
        "next_attempt_at": occ.next_attempt_at or occ.due_at,
        "channel": occ.channel,
        "payload": occ.payload or None,
    }


class SqlOccurrenceRepository(OccurrenceClaims):
    def __init__(self, session: Session):
        self.session = session

    def add_if_absent(self, occ: Occurrence) -> int | None:
        """Insert unless the same (kind, owner, due time) exists; the new id, or None."""
        return self.add_all_if_absent([occ])[0]

    def add_all_if_absent(self, occurrences: list[Occurrence]) -> list[int | None]:
        """``add_if_absent`` for many, one INSERT … ON CONFLICT DO NOTHING per chunk; ids in order."""
        keys = [dedupe_key(occ) for occ in occurrences]
        created: dict[str, int] = {}
        insert = sqlite_insert if self.session.get_bind().dialect.name == "sqlite" else postgresql_insert
        for start in range(0, len(occurrences), INSERT_CHUNK):
            values = [
                _row_values(occ, key)
                for occ, key in zip(
                    occurrences[start : start + INSERT_CHUNK], keys[start : start + INSERT_CHUNK], strict=True
                )
            ]
            statement = (
                insert(OccurrenceRow)
                .values(values)
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
                .returning(OccurrenceRow.dedupe_key, OccurrenceRow.id)
            )
            created.update({key: new_id for key, new_id in self.session.execute(statement)})
        return [created.get(key) for key in keys]

    def get(self, occurrence_id: int) -> Occurrence | None:
        row = self.session.get(OccurrenceRow, occurrence_id)
        return _to_domain(row) if row else None

    def get_many(self, occurrence_ids: list[int]) -> list[Occurrence]:
        """The occurrences that exist among ``occurrence_ids``, in that order."""
        if not occurrence_ids:
            return []
        rows = {
            row.id: row
            for row in self.session.scalars(select(OccurrenceRow).where(OccurrenceRow.id.in_(occurrence_ids)))
        }
        return [_to_domain(rows[i]) for i in occurrence_ids if i in rows]

    def last_due(self, kind: OccurrenceKind) -> dict[int, datetime]:
        """Per project, the latest planned due time of this kind (one query for all projects)."""
        rows = self.session.execute(
            select(OccurrenceRow.project_id, func.max(OccurrenceRow.due_at))
            .where(OccurrenceRow.kind == kind.value, OccurrenceRow.project_id.is_not(None))
            .group_by(OccurrenceRow.project_id)
        )
        return {pid: due for pid, due in rows if pid is not None}

    def scheduled_projects(self) -> list[tuple[int, str, dict[str, object], datetime]]:
        """(id, team, schedule, created_at) of every active project with check-ins (not in an inactive workspace)."""
        rows = self.session.execute(
            select(ProjectRow.id, ProjectRow.team_id, ProjectRow.checkin, ProjectRow.created_at).where(
                ProjectRow.archived.is_(False),
                ProjectRow.checkin.is_not(None),
                ProjectRow.team_id.not_in(INACTIVE_TEAMS),
            )
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows if r[2]]

    def latest_since(
        self, kind: OccurrenceKind, since: datetime, *, project_id: int | None = None, channel: str | None = None
    ) -> Occurrence | None:
        """The latest occurrence of ``kind`` due after ``since`` (not skipped), for a project or a channel."""
        query = select(OccurrenceRow).where(
            OccurrenceRow.kind == kind.value,
            OccurrenceRow.due_at > since,
            OccurrenceRow.status != OccurrenceStatus.SKIPPED.value,
        )
        if project_id is not None:
            query = query.where(OccurrenceRow.project_id == project_id)
        if channel is not None:
            query = query.where(OccurrenceRow.channel == channel)
        row = self.session.scalars(query.order_by(OccurrenceRow.due_at.desc()).limit(1)).first()
        return None if row is None else _to_domain(row)

    def latest_posted_ids(self, project_ids: list[int], kind: OccurrenceKind) -> dict[int, int]:
        """Per project, the id of its latest posted occurrence of this kind (one query)."""
        if not project_ids:
            return {}
        rank = (
            func.row_number()
            .over(
                partition_by=OccurrenceRow.project_id,
                order_by=(OccurrenceRow.due_at.desc(), OccurrenceRow.id.desc()),
            )
            .label("rank")
        )
        ranked = (
            select(OccurrenceRow.project_id, OccurrenceRow.id, rank)
            .where(
                OccurrenceRow.project_id.in_(project_ids),
                OccurrenceRow.kind == kind.value,
                OccurrenceRow.status == OccurrenceStatus.POSTED.value,
            )
            .subquery()
        )
        rows = self.session.execute(select(ranked.c.project_id, ranked.c.id).where(ranked.c.rank == 1))
        return {project_id: occurrence_id for project_id, occurrence_id in rows}

    def latest_posted(
        self, project_id: int, kind: OccurrenceKind, *, before: datetime | None = None
    ) -> Occurrence | None:
        query = select(OccurrenceRow).where(
            OccurrenceRow.project_id == project_id,
            OccurrenceRow.kind == kind.value,
            OccurrenceRow.status == OccurrenceStatus.POSTED.value,
        )
        if before is not None:
            query = query.where(OccurrenceRow.due_at < before)
        row = self.session.scalars(
            query.order_by(OccurrenceRow.due_at.desc(), OccurrenceRow.id.desc()).limit(1)
        ).first()
        return _to_domain(row) if row else None

    def children(self, parent_id: int, kind: OccurrenceKind) -> list[Occurrence]:
        rows = self.session.scalars(
            select(OccurrenceRow).where(OccurrenceRow.parent_id == parent_id, OccurrenceRow.kind == kind.value)
        )
        return [_to_domain(r) for r in rows]
