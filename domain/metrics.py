"""Measuring success: the optimizing and satisficing metrics, their readings, and the baselines."""

from __future__ import annotations

import math
import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator, model_validator

from domain.values import NOTE_MAX, DomainModel, Note


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Comparator(StrEnum):
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    def holds(self, value: float, threshold: float) -> bool:
        return {
            Comparator.LT: value < threshold,
            Comparator.LE: value <= threshold,
            Comparator.GT: value > threshold,
            Comparator.GE: value >= threshold,
        }[self]


class MetricRole(StrEnum):
    OPTIMIZING = "optimizing"
    SATISFICING = "satisficing"


MetricName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class Metric(DomainModel):
    """One metric of the project: the one to optimize, or a threshold to satisfy.

    A weighted combination is an optimizing metric with ``weights`` (component name -> weight).
    """

    role: MetricRole
    name: MetricName
    direction: Direction = Direction.HIGHER
    target: float | None = None
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] = ""
    comparator: Comparator | None = None
    threshold: float | None = None
    weights: dict[MetricName, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _role_fields(self) -> Metric:
        if self.role is MetricRole.SATISFICING:
            if self.comparator is None or self.threshold is None:
                raise ValueError("a satisficing metric needs a comparator and a threshold, e.g. latency p95 < 200")
            if self.weights:
                raise ValueError("only the optimizing metric can be a weighted combination")
        for component, weight in self.weights.items():
            if weight <= 0:
                raise ValueError(f"weight of {component!r} must be greater than 0")
        return self

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.role is MetricRole.SATISFICING:
            return f"{self.name} {self.comparator} {_num(self.threshold)}{unit}"
        arrow = "↑" if self.direction is Direction.HIGHER else "↓"
        combo = ""
        if self.weights:
            combo = " = " + " + ".join(f"{_num(w)}×{n}" for n, w in self.weights.items())
        target = f", target {_num(self.target)}{unit}" if self.target is not None else ""
        return f"{self.name} {arrow}{combo}{target}"

    def better(self, a: float, b: float) -> bool:
        """True when ``a`` is strictly better than ``b`` for this metric."""
        return a > b if self.direction is Direction.HIGHER else a < b

    def meets_target(self, value: float) -> bool | None:
        if self.target is None:
            return None
        return value >= self.target if self.direction is Direction.HIGHER else value <= self.target


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


SOURCE_URL_MAX = 500
RUN_ID_MAX = 100
# http(s) only, no whitespace and none of the characters that end a Slack link (``<url|label>``).
_SOURCE_URL = re.compile(r"^https?://[^\s<>|\"'`]+$", re.IGNORECASE)
SOURCE_URL_RULE = "must be an http:// or https:// address without spaces, quotes, <, > or |"


def linkable(url: str) -> bool:
    """An address a reading may link to: http(s), and safe inside Slack's ``<url|label>``."""
    return bool(_SOURCE_URL.match(url))


RunId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=RUN_ID_MAX)]


class MetricReading(DomainModel):
    """A measured value of the optimizing metric; the history is the project's learning curve.

    A reading pushed by a pipeline (the readings API) keeps where it came from: ``source_url`` (its
    run's page) and ``run_id`` (a retried call with the same run id records once)."""

    value: float
    at: datetime
    actor: str
    note: Note | None = None
    series: int = Field(default=1, ge=1)  # which definition of the optimizing metric it measured (Project.metric_series)
    source_url: Annotated[str, StringConstraints(max_length=SOURCE_URL_MAX)] | None = None
    run_id: RunId | None = None

    @field_validator("source_url")
    @classmethod
    def _linkable(cls, url: str | None) -> str | None:
        if url is not None and not linkable(url):
            raise ValueError(SOURCE_URL_RULE)
        return url


MAX_READINGS = 500  # kept one by one per project; past it, the older half becomes one summary
SUMMARY_ACTOR = "mlscope"
_SUMMARY = re.compile(
    r"^Summary of (\d+) readings from (\S+ \S+) to (\S+ \S+) UTC: min (\S+), max (\S+), mean (\S+)$"
)


def fold_readings(readings: list[MetricReading], *, keep: int) -> list[MetricReading]:
    """All but the newest ``keep`` readings as one summary per metric series (count, span, min,
    max, mean), then those.

    A summary already at the front is folded in with its own count, so there is never more than
    one a series and nothing is lost but the single values: the learning curve keeps its shape.
    Readings of different metric definitions are never averaged together."""
    older, newer = readings[:-keep], readings[-keep:]
    series = sorted({r.series for r in older})
    return [_summary([r for r in older if r.series == s]) for s in series] + newer


def _summary(older: list[MetricReading]) -> MetricReading:
    count, total, low, high = 0, 0.0, math.inf, -math.inf
    first = older[0].at
    for reading in older:
        found = _SUMMARY.match(reading.note or "") if reading.actor == SUMMARY_ACTOR else None
        if found:
            n = int(found[1])
            first = min(first, datetime.fromisoformat(found[2]).replace(tzinfo=reading.at.tzinfo))
            count, total = count + n, total + float(found[6]) * n
            low, high = min(low, float(found[4])), max(high, float(found[5]))
        else:
            count, total = count + 1, total + reading.value
            low, high = min(low, reading.value), max(high, reading.value)
    mean, last = total / count, older[-1].at
    note = (
        f"Summary of {count} readings from {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} UTC: "
        f"min {low:.6g}, max {high:.6g}, mean {mean:.6g}"
    )
    return MetricReading(value=mean, at=last, actor=SUMMARY_ACTOR, note=note, series=older[-1].series)


class MetricChange(DomainModel):
    """The optimizing metric was redefined; the method expects this and asks for a reason."""

    previous: str | None
    current: str
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX)]
    actor: str
    at: datetime
    new_series: bool = True  # a new name, direction, unit or combination; False: only the target moved


class BaselineKind(StrEnum):
    PUBLISHED = "published"
    RULE_BASED = "rule_based"
    SIMPLE_ML = "simple_ml"
    HUMAN = "human"


BASELINE_KIND_LABELS = {
    BaselineKind.PUBLISHED: "Published result",
    BaselineKind.RULE_BASED: "Rule-based / scripted",
    BaselineKind.SIMPLE_ML: "Simple ML",
    BaselineKind.HUMAN: "Human",
}


class HumanLevel(StrEnum):
    """The quality-vs-cost ladder of human baselines, cheapest first."""

    RANDOM_PEOPLE = "random_people"
    ENSEMBLE_OF_RANDOM_PEOPLE = "ensemble_of_random_people"
    DOMAIN_EXPERTS = "domain_experts"
    DEEP_DOMAIN_EXPERTS = "deep_domain_experts"
    MIXTURE_OF_EXPERTS = "mixture_of_experts"


HUMAN_LEVEL_LABELS = {
    HumanLevel.RANDOM_PEOPLE: "Random people",
    HumanLevel.ENSEMBLE_OF_RANDOM_PEOPLE: "Ensemble of random people",
    HumanLevel.DOMAIN_EXPERTS: "Domain experts",
    HumanLevel.DEEP_DOMAIN_EXPERTS: "Deep domain experts",
    HumanLevel.MIXTURE_OF_EXPERTS: "Mixture of experts",
}


Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class Baseline(DomainModel):
    """A lower bound to beat. ``value`` is on the optimizing metric; ``precision`` and ``recall``
    (optional, each 0..1) are its operating point as a decision task, for what it is worth a month."""

    kind: BaselineKind
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX)]
    value: float | None = None
    source: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX)] = ""
    human_level: HumanLevel | None = None
    precision: Share | None = None
    recall: Share | None = None
    series: int = Field(default=1, ge=1)  # the metric definition its value was measured on

    @model_validator(mode="after")
    def _human_level_only_for_humans(self) -> Baseline:
        if self.kind is BaselineKind.HUMAN and self.human_level is None:
            raise ValueError("a human baseline needs its level (random people … mixture of experts)")
        if self.kind is not BaselineKind.HUMAN and self.human_level is not None:
            raise ValueError("only a human baseline has a human level")
        if self.precision == 0 and self.recall:
            raise ValueError("a baseline that catches any positive case has a precision above 0")
        return self
