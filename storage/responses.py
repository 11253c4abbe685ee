"""Check-in responses (one per person and check-in) and the loop-backs offered in their threads.
Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from domain.checkins import Answer, CheckinNote, OpenBlocker, Question, Response
from domain.errors import ConcurrentChange
from storage.inserts import added_if_absent
from storage.orm import OccurrenceRow, OfferRow, ResponseRow


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
        return to_response(row) if row else None

    def for_occurrence(self, occurrence_id: int) -> list[Response]:
        rows = self.session.scalars(
            select(ResponseRow).where(ResponseRow.occurrence_id == occurrence_id).order_by(ResponseRow.id)
        )
        return [to_response(r) for r in rows]

    def for_occurrences(self, occurrence_ids: list[int]) -> dict[int, list[Response]]:
        """Every answer to each of these occurrences, in one query."""
        found: dict[int, list[Response]] = {i: [] for i in occurrence_ids}
        if occurrence_ids:
            rows = self.session.scalars(
                select(ResponseRow).where(ResponseRow.occurrence_id.in_(occurrence_ids)).order_by(ResponseRow.id)
            )
            for row in rows:
                found[row.occurrence_id].append(to_response(row))
        return found

    def count(self, occurrence_id: int) -> int:
        return int(self.session.scalar(select(func.count()).where(ResponseRow.occurrence_id == occurrence_id)) or 0)

    def offer_once(self, team_id: str, occurrence_id: int, question: Question, now: datetime) -> bool:
        """Record that a loop-back was offered; False if it already was (redelivery, double click)."""
        offer = OfferRow(team_id=team_id, occurrence_id=occurrence_id, question=question.value, created_at=now)
        return added_if_absent(self.session, offer)

    def open_blockers(self, project_ids: list[int]) -> dict[int, list[OpenBlocker]]:
        """Each project's blockers not yet resolved, oldest first, in one query."""
        found: dict[int, list[OpenBlocker]] = {i: [] for i in project_ids}
        if not project_ids:
            return found
        rows = self.session.execute(
            select(OccurrenceRow.project_id, OccurrenceRow.due_at, ResponseRow)
            .join(OccurrenceRow, OccurrenceRow.id == ResponseRow.occurrence_id)
            .where(
                OccurrenceRow.project_id.in_(project_ids),
                ResponseRow.blockers != "",
                ResponseRow.blockers_resolved_at.is_(None),
            )
            .order_by(OccurrenceRow.due_at, ResponseRow.id)
        )
        for project_id, due_at, row in rows:
            found[project_id].append(OpenBlocker(row.occurrence_id, row.user_id, row.blockers, due_at))
        return found

    def latest_notes(self, project_ids: list[int]) -> dict[int, CheckinNote]:
        """Each project's latest note from a check-in's details (by when it was saved), in one query:
        a window numbers each project's notes newest first and the first is kept."""
        if not project_ids:
            return {}
        newest = (
            func.row_number()
            .over(partition_by=OccurrenceRow.project_id, order_by=(ResponseRow.updated_at.desc(), ResponseRow.id.desc()))
            .label("newest")
        )
        notes = (
            select(OccurrenceRow.project_id, ResponseRow.user_id, ResponseRow.notes, ResponseRow.updated_at, newest)
            .join(OccurrenceRow, OccurrenceRow.id == ResponseRow.occurrence_id)
            .where(OccurrenceRow.project_id.in_(project_ids), ResponseRow.notes != "")
            .subquery()
        )
        rows = self.session.execute(select(notes).where(notes.c.newest == 1))
        return {pid: CheckinNote(user, text, at) for pid, user, text, at, _ in rows}

    def resolve_blocker(self, occurrence_id: int, user_id: str, *, by: str, now: datetime) -> bool:
        """Mark a blocker resolved; False if it was already (or is not there)."""
        result = self.session.execute(
            update(ResponseRow)
            .where(
                ResponseRow.occurrence_id == occurrence_id,
                ResponseRow.user_id == user_id,
                ResponseRow.blockers != "",
                ResponseRow.blockers_resolved_at.is_(None),
            )
            .values(blockers_resolved_at=now, blockers_resolved_by=by)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def to_response(row: ResponseRow) -> Response:
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
