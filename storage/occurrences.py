"""Occurrences, check-in responses and loop-back offers.

Claims are compare-and-set UPDATEs (``WHERE status IN (...) AND lease expired``): on PostgreSQL
the second of two concurrent updates re-checks the WHERE after the first commits and matches
nothing; SQLite serializes writers. Either way exactly one process owns an occurrence at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from domain.checkins import Answer, Occurrence, OccurrenceKind, OccurrenceStatus, Question, Response
from domain.errors import ConcurrentChange
from storage.orm import OccurrenceRow, OfferRow, ProjectRow, ResponseRow
from storage.workspace_status import InactiveWorkspaceRow

# Updates go to the table, not the mapped class: no ORM bookkeeping (nothing here is held in a
# session), and a third of the cost of a compare-and-set in the tick's busiest moment.
OCCURRENCES = OccurrenceRow.__table__
INSERT_CHUNK = 500  # rows per INSERT: 12 parameters each stays far below SQLite's 32,766
CLAIMABLE = (OccurrenceStatus.PENDING.value, OccurrenceStatus.POSTING.value)
# Workspaces whose bot token Slack refused for good: nothing of theirs is planned or claimed until a reinstall.
INACTIVE_TEAMS = select(InactiveWorkspaceRow.team_id)


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


class SqlOccurrenceRepository:
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


class SqlResponseRepository:
    def __init__(self, session: Session):
        self.session = session
        # What this unit of work read (None: no answer yet): ``put`` writes over that, not over newer.
        self._read: dict[tuple[int, str], ResponseRow | None] = {}

    def _row(self, occurrence_id: int, user_id: str) -> ResponseRow | None:
        row = self.session.scalars(
            select(ResponseRow).where(ResponseRow.occurrence_id == occurrence_id, ResponseRow.user_id == user_id)
        ).one_or_none()
        self._read[(occurrence_id, user_id)] = row
        return row

    def put(self, response: Response) -> None:
        """Compare-and-set over the answers read in this unit of work (``ConcurrentChange`` if they
        moved, or if someone else's first answer was stored meanwhile)."""
        key = (response.occurrence_id, response.user_id)
        row = self._read[key] if key in self._read else self._row(*key)
        if row is None:
            row = ResponseRow(
                occurrence_id=response.occurrence_id, team_id=response.team_id, user_id=response.user_id, version=1
            )
            self.session.add(row)
        else:
            row.version += 1
        row.answers = {q.value: a.value for q, a in response.answers.items()}
        row.metric_value, row.blockers, row.notes = response.metric_value, response.blockers, response.notes
        row.experiments, row.labels = response.experiments, response.labels
        row.updated_at = response.updated_at
        try:
            self.session.flush()
        except (StaleDataError, IntegrityError):
            raise ConcurrentChange("Your check-in answer") from None
        self._read[key] = row

    def get(self, occurrence_id: int, user_id: str) -> Response | None:
        row = self._row(occurrence_id, user_id)
        return _response(row) if row else None

    def for_occurrence(self, occurrence_id: int) -> list[Response]:
        rows = self.session.scalars(
            select(ResponseRow).where(ResponseRow.occurrence_id == occurrence_id).order_by(ResponseRow.id)
        )
        return [_response(r) for r in rows]

    def for_occurrences(self, occurrence_ids: list[int]) -> dict[int, list[Response]]:
        """Every answer to each of these occurrences, in one query."""
        found: dict[int, list[Response]] = {i: [] for i in occurrence_ids}
        if occurrence_ids:
            rows = self.session.scalars(
                select(ResponseRow).where(ResponseRow.occurrence_id.in_(occurrence_ids)).order_by(ResponseRow.id)
            )
            for row in rows:
                found[row.occurrence_id].append(_response(row))
        return found

    def count(self, occurrence_id: int) -> int:
        return int(self.session.scalar(select(func.count()).where(ResponseRow.occurrence_id == occurrence_id)) or 0)

    def offer_once(self, team_id: str, occurrence_id: int, question: Question, now: datetime) -> bool:
        """Record that a loop-back was offered; False if it already was (redelivery, double click)."""
        try:
            with self.session.begin_nested():
                self.session.add(
                    OfferRow(team_id=team_id, occurrence_id=occurrence_id, question=question.value, created_at=now)
                )
        except IntegrityError:
            return False
        return True


def _response(row: ResponseRow) -> Response:
    return Response(
        occurrence_id=row.occurrence_id,
        team_id=row.team_id,
        user_id=row.user_id,
        answers={Question(q): Answer(a) for q, a in (row.answers or {}).items()},
        metric_value=row.metric_value,
        blockers=row.blockers,
        notes=row.notes,
        updated_at=row.updated_at,
        experiments=row.experiments,
        labels=row.labels,
    )
