"""The readings' append path: a project's ``ReadingHead`` in one statement, a reading in three.

``load`` reads the project row, its optimizing metric, the current series (one more than the
redefinitions recorded), how many readings are stored and the reading already there with the
asked run id, in one round trip. ``append`` moves the project's version on only if it is still
the one read (else ``ConcurrentChange``: the use case runs again), keeps the derived columns a
whole save would write (``current_value``, ``updated_at``), inserts the reading, and moves the
workspace's revision on, as ``SqlProjectRepository.save`` does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.errors import ConcurrentChange
from domain.metrics import Metric, MetricReading
from domain.reading_head import ReadingHead
from storage.orm import MetricChangeRow, MetricRow, ProjectRow, ReadingRow, WorkspaceRow
from storage.orm.projects import RUN_ID_UNIQUE

_P, _M, _R = ProjectRow.__table__, MetricRow.__table__, ReadingRow.__table__
_OPTIMIZING = "optimizing"


def _head_query() -> Select[Any]:
    """Built once (SQLAlchemy then caches its compiled form): ``:run_id`` NULL matches no reading."""
    redefinitions = (
        select(func.count())
        .where(MetricChangeRow.project_id == _P.c.id, MetricChangeRow.new_series.is_(True))
        .scalar_subquery()
    )
    stored = select(func.count()).where(_R.c.project_id == _P.c.id).scalar_subquery()
    replay = select(_R.c.id).where(_R.c.project_id == _P.c.id, _R.c.run_id == bindparam("run_id")).scalar_subquery()
    metric = and_(_M.c.project_id == _P.c.id, _M.c.role == _OPTIMIZING)
    return (
        select(_P.c.id, _P.c.ref, _P.c.archived, _P.c.current_value, _P.c.version, _P.c.card_ts,
               stored.label("stored"), redefinitions.label("redefinitions"), replay.label("replay"),
               _M.c.name, _M.c.direction, _M.c.target, _M.c.unit, _M.c.comparator, _M.c.threshold, _M.c.weights)
        .select_from(_P.outerjoin(_M, metric))
        .where(_P.c.team_id == bindparam("team_id"), _P.c.ref == bindparam("ref"))
        .order_by(_M.c.position)
        .limit(1)
    )  # fmt: skip


_HEAD = _head_query()


def load(session: Session, team_id: str, ref: str, run_id: str | None) -> ReadingHead | None:
    row = session.execute(_HEAD, {"team_id": team_id, "ref": ref, "run_id": run_id}).one_or_none()
    if row is None:
        return None
    optimizing = None
    if row.name is not None:
        optimizing = Metric(role=_OPTIMIZING, name=row.name, direction=row.direction, target=row.target, unit=row.unit,
                            comparator=row.comparator, threshold=row.threshold, weights=row.weights or {})  # fmt: skip
    return ReadingHead(
        id=row.id, team_id=team_id, ref=row.ref, archived=row.archived, metric=optimizing,
        series=1 + int(row.redefinitions), latest=row.current_value, count=int(row.stored), version=row.version,
        card_ts=row.card_ts, replay=_reading(session, row.replay) if row.replay is not None else None,
    )  # fmt: skip


def _reading(session: Session, reading_id: int) -> MetricReading:
    r = session.execute(select(_R).where(_R.c.id == reading_id)).one()
    return MetricReading(value=r.value, at=r.at, actor=r.actor, note=r.note, series=r.series,
                         source_url=r.source_url, run_id=r.run_id)  # fmt: skip


def append(session: Session, team_id: str, head: ReadingHead, reading: MetricReading) -> None:
    """Written in an order that holds the hot rows' locks briefly: what the session holds (the
    history line) first, the project's row next, the workspace's revision (every writer's) last."""
    session.flush()
    moved = session.execute(
        update(_P)
        .where(_P.c.id == head.id, _P.c.version == head.version)
        .values(version=head.version + 1, current_value=reading.value, updated_at=reading.at)
    )
    if moved.rowcount != 1:
        raise ConcurrentChange(f"`{head.ref}`")
    try:
        session.execute(
            insert(_R).values(team_id=team_id, project_id=head.id, value=reading.value, note=reading.note,
                              actor=reading.actor, at=reading.at, series=reading.series,
                              source_url=reading.source_url, run_id=reading.run_id)  # fmt: skip
        )
    except IntegrityError as exc:  # the transaction is rolled back by the unit of work
        if RUN_ID_UNIQUE in str(exc.orig) or "metric_readings.project_id, metric_readings.run_id" in str(exc.orig):
            raise ConcurrentChange(f"`{head.ref}`") from None  # the same run id landed first: run again
        raise
    session.execute(
        update(WorkspaceRow).where(WorkspaceRow.team_id == team_id).values(revision=WorkspaceRow.revision + 1)
    )
