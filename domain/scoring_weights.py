"""A workspace's scoring settings: driver weights, flywheel bonus, hard-flag factor, the quadrant
thresholds and the ranking policy, with the bounds that keep them meaningful (issue 17).

Leads and admins change them from Slack (``/mlproject settings scoring``); whatever path they take,
nothing outside these bounds can be built, so nothing else can be stored:

- each driver weight is a finite number from 0 to 10, and each axis has at least one weight above
  0 (with none, a score would divide by nothing: every project would score 0);
- the flywheel bonus is 0-50 impact points; a hard-problem flag takes 0-90% of the feasibility
  left (a factor of 1 would take any project to 0, the floor issue 17 removed); thresholds 0-100.

Weights stored with the former flat flag penalty keep loading (see ``domain.scoring``).
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from domain.model import DRIVER_LABELS, FeasibilityDriver, ImpactDriver

OLD_FLAG_KEYS = ("hard_flag_penalty", "hard_flag_penalty_cap")
WEIGHT_MAX = 10.0
FLYWHEEL_MAX = 50.0
FLAG_FACTOR_MAX = 0.9


class RankingPolicy(StrEnum):
    """How projects of one quadrant are ordered (domain/ranking.py); leads choose it per workspace."""

    WORTH_THEN_SCORE = "worth_then_score"  # what a model is worth a month, when known, then the combined score
    SCORE = "score"  # the combined score alone

    @property
    def label(self) -> str:
        return RANKING_LABELS[self]


RANKING_LABELS = {
    RankingPolicy.WORTH_THEN_SCORE: "Worth per month first (when known), then combined score",
    RankingPolicy.SCORE: "Combined score only",
}


def _within(low: float, high: float, rule: str) -> AfterValidator:
    def check(value: float) -> float:
        if not math.isfinite(value) or not low <= value <= high:
            raise ValueError(rule)
        return value

    return AfterValidator(check)


Weight = Annotated[float, _within(0, WEIGHT_MAX, f"a weight is a number from 0 to {WEIGHT_MAX:g}")]
Threshold = Annotated[float, _within(0, 100, "a threshold is a score from 0 to 100")]
FlywheelBonus = Annotated[float, _within(0, FLYWHEEL_MAX, f"the flywheel bonus is from 0 to {FLYWHEEL_MAX:g} points")]
FlagFactor = Annotated[
    float, _within(0, FLAG_FACTOR_MAX, f"a flag takes from 0% to {FLAG_FACTOR_MAX:.0%} of the feasibility left")
]


class ScoringWeights(BaseModel):
    """Per-workspace weights, thresholds and ranking policy; the defaults follow the method's order of importance."""

    model_config = ConfigDict(extra="forbid")

    impact: dict[ImpactDriver, Weight] = Field(
        default_factory=lambda: {
            ImpactDriver.CHEAP_PREDICTION: 1.0,
            ImpactDriver.BUSINESS_VALUE: 1.5,
            ImpactDriver.FRICTION_REMOVED: 1.0,
            ImpactDriver.RULES_REPLACED: 1.0,
        }
    )
    feasibility: dict[FeasibilityDriver, Weight] = Field(
        default_factory=lambda: {
            FeasibilityDriver.DATA_AVAILABILITY: 3.0,
            FeasibilityDriver.LABELING_COST: 2.0,
            FeasibilityDriver.ACCURACY_REQUIREMENT: 2.5,
            FeasibilityDriver.PROBLEM_DIFFICULTY: 1.5,
        }
    )
    flywheel_bonus: FlywheelBonus = 10.0
    hard_flag_factor: FlagFactor = 0.15
    impact_threshold: Threshold = 50.0
    feasibility_threshold: Threshold = 50.0
    ranking: RankingPolicy = RankingPolicy.WORTH_THEN_SCORE

    @field_validator("impact", "feasibility")
    @classmethod
    def _one_weight_counts(cls, weights: dict[Any, float], info: Any) -> dict[Any, float]:
        if not any(w > 0 for w in weights.values()):
            raise ValueError(f"at least one {info.field_name} weight must be above 0")
        return weights

    @model_validator(mode="before")
    @classmethod
    def _migrate_flat_flag_penalty(cls, data: Any) -> Any:
        """Weights stored before the flag factor: the flat penalty's keys are dropped (see domain.scoring)."""
        if not isinstance(data, dict) or not any(key in data for key in OLD_FLAG_KEYS):
            return data
        data = dict(data)
        switched_off = 0 in [data.pop(key, None) for key in OLD_FLAG_KEYS]
        if switched_off:
            data.setdefault("hard_flag_factor", 0.0)
        return data

    def weight(self, driver: ImpactDriver | FeasibilityDriver) -> float:
        """A driver's weight (a driver left out weighs 0)."""
        axis: dict[Any, float] = self.impact if isinstance(driver, ImpactDriver) else self.feasibility
        return axis.get(driver, 0.0)


def _setting_lines(w: ScoringWeights) -> dict[str, str]:
    """Each setting as a person reads it, by a stable key."""
    drivers: list[ImpactDriver | FeasibilityDriver] = [*ImpactDriver, *FeasibilityDriver]
    said: dict[str, str] = {d.value: f"{DRIVER_LABELS[d]} weight {w.weight(d):g}" for d in drivers}
    said["flywheel_bonus"] = f"Flywheel bonus +{w.flywheel_bonus:g}"
    said["hard_flag_factor"] = f"Each hard-problem flag takes {w.hard_flag_factor:.0%}"
    said["impact_threshold"] = f"Impact threshold {w.impact_threshold:g}"
    said["feasibility_threshold"] = f"Feasibility threshold {w.feasibility_threshold:g}"
    said["ranking"] = f"Ranking: {w.ranking.label}"
    return said


def changes(before: ScoringWeights, after: ScoringWeights) -> list[str]:
    """What differs, one line per setting ("Business value weight 1.5 → 3"), in the form's order."""
    old, new = _setting_lines(before), _setting_lines(after)
    lines = []
    for key, was in old.items():
        if was != new[key]:
            lines.append(_arrow(was, new[key]))
    return lines


def _arrow(was: str, now: str) -> str:
    """"Impact threshold 50" and "Impact threshold 60" → "Impact threshold 50 → 60"."""
    old, new = was.split(" "), now.split(" ")
    common = 0
    while common < min(len(old), len(new)) and old[common] == new[common]:
        common += 1
    return " ".join([*old[:common], *old[common:], "→", *new[common:]])
