"""The optimizing metric's series and its readings one by one: what defines a series, when a
change of the metric starts a new one, and how one reading is named again later (to undo or
delete it) — by when it was taken, its value and who recorded it, which no two readings share."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.errors import DomainError
from domain.metrics import SUMMARY_ACTOR, Metric, MetricReading
from domain.values import DomainModel


def metric_changed(before: Metric | None, after: Metric | None, *, reason: str) -> bool:
    """True when the optimizing metric was redefined or its target moved; raise if no reason was given."""
    if before is None or after is None or _definition(before) == _definition(after):
        return False
    if not reason.strip():
        raise DomainError(
            "reason: changing the optimizing metric needs a reason (the method expects it to change, "
            "and the history should say why)",
            field="reason",
            rule="metric_change_needs_reason",
        )
    return True


def series_key(metric: Metric) -> tuple[object, ...]:
    """What a metric measures: its name, direction, unit and combination. A change starts a new
    series of readings (issue 18): values measured on the old definition say nothing of the new."""
    return (metric.name.lower(), metric.direction, metric.unit, tuple(sorted(metric.weights.items())))


def _definition(metric: Metric) -> tuple[object, ...]:
    return (*series_key(metric), metric.target)


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


class ReadingKey(DomainModel):
    """One reading, named again after it was recorded: its time (to the microsecond), value and
    recorder. Stable across storage and folding of other readings; a button can carry it."""

    at: datetime
    value: float
    actor: str

    @classmethod
    def of(cls, reading: MetricReading) -> ReadingKey:
        return cls(at=_utc(reading.at), value=reading.value, actor=reading.actor)

    @property
    def identity(self) -> tuple[datetime, float, str]:
        """The key as a dictionary key (the model itself is mutable, so not hashable)."""
        return (_utc(self.at), self.value, self.actor)

    def matches(self, reading: MetricReading) -> bool:
        return (_utc(reading.at), reading.value, reading.actor) == (_utc(self.at), self.value, self.actor)

    def describe(self) -> str:
        return f"{self.value:g} recorded by <@{self.actor}> on {_utc(self.at):%Y-%m-%d %H:%M} UTC"


def find_reading(readings: list[MetricReading], key: ReadingKey) -> int:
    """The index of the reading ``key`` names; a ``DomainError`` saying why when there is none: it
    was folded into a summary of older readings, or removed already (undone or deleted)."""
    index = next((i for i, r in enumerate(readings) if key.matches(r)), None)
    if index is not None and readings[index].actor != SUMMARY_ACTOR:
        return index
    if any(r.actor == SUMMARY_ACTOR and _utc(r.at) >= _utc(key.at) for r in readings):
        raise DomainError(
            f"The reading {key.describe()} is now part of a summary of older readings and can no longer "
            "be removed on its own.",
            rule="reading_folded",
        )
    raise DomainError(
        f"The reading {key.describe()} was already removed (undone or deleted): nothing changed.",
        rule="reading_gone",
    )
