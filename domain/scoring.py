"""Impact × feasibility, as numbers a team lead can check by hand.

Each score is 0-100: the weighted share of the best possible rating each driver earned.
Every driver's contribution (in points) is returned so that a card can say *why*.

- Impact: each impact driver's rating r contributes ``w·(r-1)/4``; a Software 2.0 project
  whose data flywheel is confirmed gets a bonus (the method says a flywheel raises impact).
- Feasibility: data availability counts as is; labeling cost, accuracy requirement and problem
  difficulty are costs, so they are inverted. The accuracy requirement is inverted on a convex
  curve, ``1 - ((r-1)/4)²``, because cost grows super-linearly with the accuracy required.
  Each hard-problem flag then subtracts a penalty (capped).
- A driver that has not been rated earns nothing and is reported as "not rated".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from domain.model import DRIVER_LABELS, HARD_FLAG_LABELS, Archetype, FeasibilityDriver, ImpactDriver, Scope
from domain.project import Project


class Quadrant(StrEnum):
    DO_NOW = "do_now"
    STRATEGIC_BET = "strategic_bet"
    QUICK_WIN = "quick_win"
    DEPRIORITIZE = "deprioritize"

    @property
    def label(self) -> str:
        return QUADRANT_LABELS[self]


QUADRANT_LABELS = {
    Quadrant.DO_NOW: "Do now",
    Quadrant.STRATEGIC_BET: "Strategic bet",
    Quadrant.QUICK_WIN: "Quick win",
    Quadrant.DEPRIORITIZE: "Deprioritize",
}

QUADRANT_ADVICE = {
    Quadrant.DO_NOW: "High impact and feasible: fund it and start.",
    Quadrant.STRATEGIC_BET: "High impact but hard: reduce scope, add a human in the loop, or invest in data first.",
    Quadrant.QUICK_WIN: "Feasible but modest impact: a quick win if it is cheap.",
    Quadrant.DEPRIORITIZE: "Low impact and hard: park it unless something changes.",
}


class ScoringWeights(BaseModel):
    """Per-workspace weights; the defaults follow the method's order of importance."""

    model_config = ConfigDict(extra="forbid")

    impact: dict[ImpactDriver, float] = Field(
        default_factory=lambda: {
            ImpactDriver.CHEAP_PREDICTION: 1.0,
            ImpactDriver.BUSINESS_VALUE: 1.5,
            ImpactDriver.FRICTION_REMOVED: 1.0,
            ImpactDriver.RULES_REPLACED: 1.0,
        }
    )
    feasibility: dict[FeasibilityDriver, float] = Field(
        default_factory=lambda: {
            FeasibilityDriver.DATA_AVAILABILITY: 3.0,
            FeasibilityDriver.LABELING_COST: 2.0,
            FeasibilityDriver.ACCURACY_REQUIREMENT: 2.5,
            FeasibilityDriver.PROBLEM_DIFFICULTY: 1.5,
        }
    )
    flywheel_bonus: float = Field(default=10.0, ge=0, le=50)
    hard_flag_penalty: float = Field(default=8.0, ge=0, le=50)
    hard_flag_penalty_cap: float = Field(default=40.0, ge=0, le=100)
    impact_threshold: float = Field(default=50.0, ge=0, le=100)
    feasibility_threshold: float = Field(default=50.0, ge=0, le=100)


@dataclass(frozen=True)
class Contribution:
    key: str
    label: str
    points: float
    rating: int | None

    def describe(self) -> str:
        if self.rating is None and self.points == 0:
            return f"{self.label}: not rated"
        sign = "+" if self.points >= 0 else "−"
        rated = f" (rated {self.rating})" if self.rating is not None else ""
        return f"{self.label}{rated}: {sign}{abs(self.points):.0f}"


@dataclass(frozen=True)
class Score:
    value: float
    contributions: tuple[Contribution, ...]

    def top(self, n: int = 2) -> list[Contribution]:
        """The drivers that moved the score most, for the card."""
        moved = [c for c in self.contributions if c.points != 0]
        return sorted(moved, key=lambda c: (-abs(c.points), c.key))[:n]


@dataclass(frozen=True)
class Priority:
    impact: Score
    feasibility: Score
    quadrant: Quadrant

    @property
    def combined(self) -> float:
        """Geometric mean: a project must be good on both axes to rank high."""
        return (self.impact.value * self.feasibility.value) ** 0.5


def _share(weight: float, total: float, fraction: float) -> float:
    return 100.0 * weight * fraction / total if total else 0.0


def impact_score(scope: Scope, weights: ScoringWeights) -> Score:
    total = sum(weights.impact.values())
    parts: list[Contribution] = []
    for driver in ImpactDriver:
        rated = scope.impact.get(driver)
        w = weights.impact.get(driver, 0.0)
        points = _share(w, total, (rated.rating - 1) / 4) if rated else 0.0
        parts.append(Contribution(driver.value, DRIVER_LABELS[driver], points, rated.rating if rated else None))
    if scope.archetype is Archetype.SOFTWARE_2_0 and scope.data_flywheel:
        parts.append(Contribution("data_flywheel", "Data flywheel", weights.flywheel_bonus, None))
    value = min(100.0, max(0.0, sum(c.points for c in parts)))
    return Score(round(value, 1), tuple(parts))


def _ease(driver: FeasibilityDriver, rating: int) -> float:
    level = (rating - 1) / 4
    if driver is FeasibilityDriver.DATA_AVAILABILITY:
        return level
    if driver is FeasibilityDriver.ACCURACY_REQUIREMENT:
        return 1 - level**2
    return 1 - level


def feasibility_score(scope: Scope, weights: ScoringWeights) -> Score:
    total = sum(weights.feasibility.values())
    parts: list[Contribution] = []
    for driver in FeasibilityDriver:
        rated = scope.feasibility.get(driver)
        w = weights.feasibility.get(driver, 0.0)
        points = _share(w, total, _ease(driver, rated.rating)) if rated else 0.0
        parts.append(Contribution(driver.value, DRIVER_LABELS[driver], points, rated.rating if rated else None))
    flags = sorted(scope.hard_flags, key=lambda f: f.value)
    remaining = weights.hard_flag_penalty_cap
    for flag in flags:
        penalty = min(weights.hard_flag_penalty, remaining)
        remaining -= penalty
        parts.append(Contribution(f"flag:{flag.value}", f"Hard problem: {HARD_FLAG_LABELS[flag]}", -penalty, None))
    value = min(100.0, max(0.0, sum(c.points for c in parts)))
    return Score(round(value, 1), tuple(parts))


def quadrant(impact: float, feasibility: float, weights: ScoringWeights) -> Quadrant:
    high_impact = impact >= weights.impact_threshold
    feasible = feasibility >= weights.feasibility_threshold
    if high_impact and feasible:
        return Quadrant.DO_NOW
    if high_impact:
        return Quadrant.STRATEGIC_BET
    if feasible:
        return Quadrant.QUICK_WIN
    return Quadrant.DEPRIORITIZE


def prioritize(scope: Scope, weights: ScoringWeights | None = None) -> Priority:
    weights = weights or ScoringWeights()
    i = impact_score(scope, weights)
    f = feasibility_score(scope, weights)
    return Priority(i, f, quadrant(i.value, f.value, weights))


@dataclass(frozen=True)
class Ranked:
    rank: int
    project: Project
    priority: Priority


def rank(projects: list[Project], weights: ScoringWeights | None = None) -> list[Ranked]:
    """Highest combined score first; ties broken by impact, feasibility, age, then ref."""
    weights = weights or ScoringWeights()
    scored = [(p, prioritize(p.scope, weights)) for p in projects]
    scored.sort(
        key=lambda pair: (
            -round(pair[1].combined, 6),
            -pair[1].impact.value,
            -pair[1].feasibility.value,
            pair[0].created_at,
            pair[0].ref,
        )
    )
    return [Ranked(i + 1, p, prio) for i, (p, prio) in enumerate(scored)]
