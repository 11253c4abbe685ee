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
from domain.ports import UnitOfWork
from domain.project import Project
from domain.project_use_cases import _save, require_active


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
