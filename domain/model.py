"""The scope of an ML project, as the "Setting up ML projects" method describes it: its value objects.

Models here are pydantic so that the edges (modals, CLI, storage) can validate with one call;
``domain.errors.from_validation`` turns a validation failure into a readable DomainError. The
aggregate that holds them and keeps their rules is ``domain.project.Project``; metrics and
baselines are in ``domain.metrics``.
"""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from domain.metrics import Baseline, Metric, MetricRole
from domain.values import NAME_MAX, NOTE_MAX, REF_PATTERN, TEXT_MAX, DomainModel, Note
from domain.worth_inputs import WorthInputs


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

class Rated(DomainModel):
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


class Cadence(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class CheckinSchedule(DomainModel):
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
    snoozed_until: datetime | None = None  # "Snooze a week": nothing due before this instant is posted

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from domain.recurrence import zone

        zone(value)
        return value


class Problem(DomainModel):
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


FLYWHEEL_QUESTION = "data_flywheel"  # Software 2.0's key question, also asked as a Yes/No (Scope.data_flywheel)


class Scope(DomainModel):
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
    economics: WorthInputs | None = None  # what a good decision is worth (issue 17)

    @property
    def optimizing(self) -> Metric | None:
        found = [m for m in self.metrics if m.role is MetricRole.OPTIMIZING]
        return found[0] if found else None

    @property
    def satisficing(self) -> list[Metric]:
        return [m for m in self.metrics if m.role is MetricRole.SATISFICING]

    def optimizing_count(self) -> int:
        return sum(1 for m in self.metrics if m.role is MetricRole.OPTIMIZING)

    def key_answer(self, question_id: str) -> str:
        """The answer to an archetype's key question: the words typed, or for the data flywheel (asked
        as words and as Yes/No) the Yes or No given, so that a flywheel confirmed is not "still open"."""
        typed = self.answers.get(question_id, "").strip()
        if typed or question_id != FLYWHEEL_QUESTION or self.data_flywheel is None:
            return typed
        return "Yes (confirmed)" if self.data_flywheel else "No"


class Transition(DomainModel):
    from_stage: Stage
    to_stage: Stage
    loop_back: bool
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTE_MAX)] = ""
    actor: str
    at: datetime




# a Slack plain-text input holds at most 3,000 characters (its max_length is 1 to 3000):
# https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element
DATA_PLAN_MAX = 3000


class DataPlan(DomainModel):
    """A note on how the project will get the data it lacks (issue 19): offered in the thread once
    a check-in loops the project back to data, shown on its card, rewritten as often as needed."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=DATA_PLAN_MAX)]
    actor: str
    at: datetime
