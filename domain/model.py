"""The scope of an ML project, as the "Setting up ML projects" method describes it.

Models here are pydantic so that the edges (modals, CLI, storage) can validate with one call;
``domain.errors.from_validation`` turns a validation failure into a readable DomainError.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, time
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

NAME_MAX = 80
REF_MAX = 40
TEXT_MAX = 2000
NOTE_MAX = 500
REF_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


class Stage(StrEnum):
    PLANNING = "planning"
    DATA = "data"
    TRAINING = "training"
    DEPLOYMENT = "deployment"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.PLANNING: "Planning & project setup",
    Stage.DATA: "Data collection & labeling",
    Stage.TRAINING: "Training & debugging",
    Stage.DEPLOYMENT: "Deployment & testing",
}


class Archetype(StrEnum):
    SOFTWARE_2_0 = "software_2_0"
    HUMAN_IN_THE_LOOP = "human_in_the_loop"
    AUTONOMOUS = "autonomous"


class HardFlag(StrEnum):
    """Still-hard problems: each lowers feasibility. Grouped by ``HARD_FLAG_GROUPS``."""

    RECONSTRUCTION_3D = "3d_reconstruction"
    VIDEO_PREDICTION = "video_prediction"
    DIALOG = "dialog"
    OPEN_ENDED_RECOMMENDATION = "open_ended_recommendation"
    HIGH_PRECISION = "high_precision"
    ROBUSTNESS = "robustness"
    OOD_DETECTION = "ood_detection"
    OOD_GENERALIZATION = "ood_generalization"
    REASONING = "reasoning_planning_causality"
    SMALL_DATA = "small_data"


class HardFlagGroup(StrEnum):
    COMPLEX_OUTPUT = "complex_output"
    RELIABILITY = "reliability"
    GENERALIZATION = "generalization"


HARD_FLAG_GROUPS: dict[HardFlagGroup, tuple[HardFlag, ...]] = {
    HardFlagGroup.COMPLEX_OUTPUT: (
        HardFlag.RECONSTRUCTION_3D,
        HardFlag.VIDEO_PREDICTION,
        HardFlag.DIALOG,
        HardFlag.OPEN_ENDED_RECOMMENDATION,
    ),
    HardFlagGroup.RELIABILITY: (HardFlag.HIGH_PRECISION, HardFlag.ROBUSTNESS, HardFlag.OOD_DETECTION),
    HardFlagGroup.GENERALIZATION: (
        HardFlag.OOD_GENERALIZATION,
        HardFlag.REASONING,
        HardFlag.SMALL_DATA,
    ),
}

HARD_FLAG_LABELS = {
    HardFlag.RECONSTRUCTION_3D: "3D reconstruction",
    HardFlag.VIDEO_PREDICTION: "Video prediction",
    HardFlag.DIALOG: "Dialog",
    HardFlag.OPEN_ENDED_RECOMMENDATION: "Open-ended recommendation",
    HardFlag.HIGH_PRECISION: "High precision required",
    HardFlag.ROBUSTNESS: "Robustness required",
    HardFlag.OOD_DETECTION: "Out-of-distribution detection / failing safely",
    HardFlag.OOD_GENERALIZATION: "Generalizing to out-of-distribution data",
    HardFlag.REASONING: "Reasoning, planning or causality",
    HardFlag.SMALL_DATA: "Small-data setting",
}

HARD_FLAG_GROUP_LABELS = {
    HardFlagGroup.COMPLEX_OUTPUT: "Complex output",
    HardFlagGroup.RELIABILITY: "Reliability",
    HardFlagGroup.GENERALIZATION: "Generalization",
}


def group_of(flag: HardFlag) -> HardFlagGroup:
    return next(group for group, flags in HARD_FLAG_GROUPS.items() if flag in flags)


Rating = Annotated[int, Field(ge=1, le=5, description="1 (lowest) to 5 (highest)")]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


class Rated(_Model):
    """A driver rated 1-5, with the team's reasoning."""

    rating: Rating
    note: Note | None = None


class ImpactDriver(StrEnum):
    CHEAP_PREDICTION = "cheap_prediction"
    BUSINESS_VALUE = "business_value"
    FRICTION_REMOVED = "friction_removed"
    RULES_REPLACED = "rules_replaced"


class FeasibilityDriver(StrEnum):
    """Ratings mean "how much of this": a 5 in labeling cost means labels are very expensive."""

    DATA_AVAILABILITY = "data_availability"
    LABELING_COST = "labeling_cost"
    ACCURACY_REQUIREMENT = "accuracy_requirement"
    PROBLEM_DIFFICULTY = "problem_difficulty"


DRIVER_LABELS: dict[str, str] = {
    ImpactDriver.CHEAP_PREDICTION: "Value of cheap prediction",
    ImpactDriver.BUSINESS_VALUE: "Business value",
    ImpactDriver.FRICTION_REMOVED: "Friction removed / automation",
    ImpactDriver.RULES_REPLACED: "Hand-written rules replaced",
    FeasibilityDriver.DATA_AVAILABILITY: "Data availability",
    FeasibilityDriver.LABELING_COST: "Labeling cost",
    FeasibilityDriver.ACCURACY_REQUIREMENT: "Accuracy requirement",
    FeasibilityDriver.PROBLEM_DIFFICULTY: "Problem difficulty",
}


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


class Metric(_Model):
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


class MetricReading(_Model):
    """A measured value of the optimizing metric; the history is the project's learning curve."""

    value: float
    at: datetime
    actor: str
    note: Note | None = None


MAX_READINGS = 500  # kept one by one per project; past it, the older half becomes one summary
SUMMARY_ACTOR = "mlscope"
_SUMMARY = re.compile(
    r"^Summary of (\d+) readings from (\S+ \S+) to (\S+ \S+) UTC: min (\S+), max (\S+), mean (\S+)$"
)


def fold_readings(readings: list[MetricReading], *, keep: int) -> list[MetricReading]:
    """All but the newest ``keep`` readings as one summary (count, span, min, max, mean), then those.

    A summary already at the front is folded in with its own count, so there is never more than
    one and nothing is lost but the single values: the learning curve keeps its shape."""
    older, newer = readings[:-keep], readings[-keep:]
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
    return [MetricReading(value=mean, at=last, actor=SUMMARY_ACTOR, note=note), *newer]


class MetricChange(_Model):
    """The optimizing metric was redefined; the method expects this and asks for a reason."""

    previous: str | None
    current: str
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX)]
    actor: str
    at: datetime


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


class Baseline(_Model):
    kind: BaselineKind
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX)]
    value: float | None = None
    source: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX)] = ""
    human_level: HumanLevel | None = None

    @model_validator(mode="after")
    def _human_level_only_for_humans(self) -> Baseline:
        if self.kind is BaselineKind.HUMAN and self.human_level is None:
            raise ValueError("a human baseline needs its level (random people … mixture of experts)")
        if self.kind is not BaselineKind.HUMAN and self.human_level is not None:
            raise ValueError("only a human baseline has a human level")
        return self


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class CheckinSchedule(_Model):
    """When check-ins are due: a cadence, a weekday and a local time in an IANA timezone.

    Weekly and biweekly check-ins fall on ``weekday`` (0 = Monday); monthly ones on the first
    such weekday of the month. ``anchor`` fixes which weeks a biweekly cadence uses.
    """

    cadence: Cadence = Cadence.WEEKLY
    weekday: Annotated[int, Field(ge=0, le=6)] = 0
    local_time: time = time(10, 0)
    timezone: str = "UTC"
    skip_weekends: bool = True
    paused: bool = False
    anchor: datetime | None = None
    since: datetime | None = None  # planning starts after this instant (set when scheduled or resumed)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from domain.schedule import zone

        zone(value)
        return value


class Problem(_Model):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]
    ref: str
    statement: Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)] = ""
    owner_id: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    channel_id: Annotated[str, StringConstraints(max_length=32)] = ""
    creator_id: Annotated[str, StringConstraints(min_length=1, max_length=32)]

    @field_validator("ref")
    @classmethod
    def _ref_shape(cls, value: str) -> str:
        if not REF_PATTERN.match(value):
            raise ValueError(
                "ref must be 1-40 lowercase letters, digits or dashes, starting and ending with a letter or digit"
            )
        return value


class GateQuestion(StrEnum):
    """The questions the method asks before any other (``domain.gate`` has their wording)."""

    READY = "ready"  # is the organisation ready: a product, data collected sanely, people?
    ML_NEEDED = "ml_needed"  # is ML needed, or would rules or simple statistics do?
    ETHICAL = "ethical"  # is it ethical?


class GateAnswer(StrEnum):
    """``NO`` fails the gate: not ready, rules would do, ethical concerns."""

    YES = "yes"
    UNSURE = "unsure"
    NO = "no"


class ChecklistItem(StrEnum):
    """The method's feasibility checklist, in its order (``domain.checklist`` has the wording)."""

    ML_NEEDED = "ml_needed"
    SUCCESS_CRITERIA = "success_criteria"
    ETHICS = "ethics"
    LITERATURE = "literature"
    BENCHMARK = "benchmark"
    RULE_BASED = "rule_based"
    ASK_AGAIN = "ask_again"


class Scope(_Model):
    """Everything the scoping flow captures besides the problem itself."""

    gate: dict[GateQuestion, GateAnswer] = Field(default_factory=dict)
    checklist: set[ChecklistItem] = Field(default_factory=set)  # ticked by hand (evidence aside)
    archetype: Archetype | None = None
    answers: dict[str, Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX)]] = Field(
        default_factory=dict
    )
    data_flywheel: bool | None = None
    impact: dict[ImpactDriver, Rated] = Field(default_factory=dict)
    feasibility: dict[FeasibilityDriver, Rated] = Field(default_factory=dict)
    hard_flags: set[HardFlag] = Field(default_factory=set)
    metrics: list[Metric] = Field(default_factory=list)
    baselines: list[Baseline] = Field(default_factory=list)

    @property
    def optimizing(self) -> Metric | None:
        found = [m for m in self.metrics if m.role is MetricRole.OPTIMIZING]
        return found[0] if found else None

    @property
    def satisficing(self) -> list[Metric]:
        return [m for m in self.metrics if m.role is MetricRole.SATISFICING]

    def optimizing_count(self) -> int:
        return sum(1 for m in self.metrics if m.role is MetricRole.OPTIMIZING)


class Transition(_Model):
    from_stage: Stage
    to_stage: Stage
    loop_back: bool
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX)] = ""
    actor: str
    at: datetime


class Project(_Model):
    """A project in one Slack workspace. ``id`` is None until it is stored."""

    id: int | None = None
    team_id: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    problem: Problem
    scope: Scope = Field(default_factory=Scope)
    stage: Stage = Stage.PLANNING
    stage_entered_at: datetime
    transitions: list[Transition] = Field(default_factory=list)
    readings: list[MetricReading] = Field(default_factory=list)
    metric_changes: list[MetricChange] = Field(default_factory=list)
    checkin: CheckinSchedule | None = None
    archived: bool = False
    created_at: datetime
    updated_at: datetime
    card_channel: str | None = None
    card_ts: str | None = None
    silent_since: datetime | None = None

    @property
    def ref(self) -> str:
        return self.problem.ref

    @property
    def name(self) -> str:
        return self.problem.name

    @property
    def current_value(self) -> float | None:
        return self.readings[-1].value if self.readings else None

    def record_reading(self, reading: MetricReading) -> None:
        """Add a reading; past ``MAX_READINGS`` the older half is folded into one summary, so that a
        project measured every few minutes by a pipeline stays as quick to load as any other."""
        self.readings.append(reading)
        if len(self.readings) > MAX_READINGS:
            self.readings = fold_readings(self.readings, keep=MAX_READINGS // 2)

    def best_baseline(self) -> Baseline | None:
        """The tightest lower bound: the best-valued baseline by the optimizing metric's direction."""
        metric = self.scope.optimizing
        valued = [b for b in self.scope.baselines if b.value is not None]
        if not valued:
            return None
        if metric is None or metric.direction is Direction.HIGHER:
            return max(valued, key=lambda b: b.value)  # type: ignore[arg-type,return-value]
        return min(valued, key=lambda b: b.value)  # type: ignore[arg-type,return-value]
