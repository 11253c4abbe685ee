"""Recording a reading of the optimizing metric: typed in Slack, or pushed by a pipeline's API call.

A use case each (load → one aggregate call → commit): the reading is read on its metric's scale
(``domain.metric_scale``), one far from the series needs confirming, and a pipeline's run id
records once per project.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.concurrency import retrying
from domain.errors import parse
from domain.metric_scale import typed_reading
from domain.metrics import MetricReading
from domain.ports import Change, UnitOfWork
from domain.project import Project
from domain.project_use_cases import _save, not_found, require_active


def record_metric(
    uow: UnitOfWork,
    team_id: str,
    ref: str,
    value: float,
    *,
    note: str | None,
    actor: str,
    now: datetime,
    percent: bool = False,
    confirmed: bool = False,
) -> Project:
    """A reading as typed (``percent``: it ended with "%"); one far from the series needs ``confirmed``
    (``domain.metric_scale``)."""
    recorded = record_reading(
        uow, team_id, ref, value, note=note, actor=actor, now=now, percent=percent, confirmed=confirmed
    )
    return recorded.project


@dataclass(frozen=True)
class Recorded:
    project: Project
    reading: MetricReading
    created: bool  # False: a retried call whose run id was already recorded (this is that reading)


@retrying
def record_reading(
    uow: UnitOfWork, team_id: str, ref: str, value: float, *, note: str | None, actor: str, now: datetime,
    percent: bool = False, confirmed: bool = False,
    source_url: str | None = None, run_id: str | None = None, via: str | None = None,
) -> Recorded:  # fmt: skip
    """A reading of the optimizing metric, typed in Slack or pushed by a pipeline (``via`` a token),
    on its metric's scale (``domain.metric_scale``); one far from the series needs ``confirmed``.

    A run id records once per project: a reading already there with it is answered again. Two
    writers with the same run id at once cannot both land: the project's version, and storage's
    unique index on (project, run id), refuse the second, which runs again and finds the first."""
    with uow:
        project = require_active(uow, team_id, ref)
        asked = parse(MetricReading, {"value": value, "at": now, "actor": actor, "run_id": run_id, "source_url": source_url})
        earlier = next((r for r in project.readings if asked.run_id and r.run_id == asked.run_id), None)
        if earlier is not None:
            return Recorded(project, earlier, created=False)
        typed = typed_reading(project, value, percent=percent, confirmed=confirmed, at=now, actor=actor, note=note)
        reading = typed.model_copy(update={"source_url": asked.source_url, "run_id": asked.run_id})
        project.record(reading)
        extra = {k: v for k, v in {"source_url": source_url, "run_id": reading.run_id, "via": via}.items() if v}
        saved = _save(uow, project, actor, "metric_recorded", now, value=reading.value, note=note, **extra)
        return Recorded(saved, project.readings[-1], True)


@dataclass(frozen=True)
class Appended:
    ref: str
    card_ts: str | None  # the project's card, to refresh
    reading: MetricReading
    created: bool  # False: a retried call whose run id was already recorded (this is that reading)


def append_reading(
    uow: UnitOfWork, team_id: str, ref: str, value: float, *, note: str | None, actor: str, now: datetime,
    confirmed: bool = False, source_url: str | None = None, run_id: str | None = None, via: str | None = None,
) -> Appended:  # fmt: skip
    """``record_reading`` for a pipeline, without loading the whole project: its ``ReadingHead``
    (``domain.reading_head``) is checked by the same rules and the reading appended, with the
    project's version moved on so that a concurrent whole-project change runs again. A reading
    that would fold the older half (past ``MAX_READINGS``) takes the whole path."""
    asked = parse(MetricReading, {"value": value, "at": now, "actor": actor, "note": note or None, "run_id": run_id,
                                  "source_url": source_url})  # fmt: skip
    appended = _append(uow, team_id, ref.strip().lower(), asked, confirmed=confirmed, via=via)
    if appended is not None:
        return appended
    done = record_reading(uow, team_id, ref, value, note=note, actor=actor, now=now, confirmed=confirmed,
                          source_url=source_url, run_id=run_id, via=via)  # fmt: skip
    return Appended(done.project.ref, done.project.card_ts, done.reading, done.created)


@retrying
def _append(uow: UnitOfWork, team_id: str, ref: str, asked: MetricReading, *, confirmed: bool,
            via: str | None) -> Appended | None:  # fmt: skip
    """The append, or None when the reading folds the project's older half (the whole path's job)."""
    with uow:
        head = uow.projects.reading_head(team_id, ref, run_id=asked.run_id)
        if head is None:
            not_found(uow, team_id, ref)
        head.require_active()  # as the whole path: archived first, a replayed run id too
        if head.replay is not None:
            return Appended(head.ref, head.card_ts, head.replay, created=False)
        if head.folds:
            return None
        reading = head.record(asked, percent=False, confirmed=confirmed)
        extra = {k: v for k, v in {"source_url": reading.source_url, "run_id": reading.run_id, "via": via}.items() if v}
        detail = {"value": reading.value, "note": reading.note, **extra}
        uow.history.add(Change(team_id, reading.actor, "metric_recorded", reading.at, head.id, detail))
        uow.projects.append_reading(head, reading)
        uow.commit()
        return Appended(head.ref, head.card_ts, reading, created=True)
