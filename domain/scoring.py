"""Impact × feasibility, as numbers a team lead can check by hand.

Each score is 0-100: the weighted share of the best possible rating each driver earned.
Every driver's contribution (in points) is returned so that a card can say *why*.

- Impact: each impact driver's rating r contributes ``w·(r-1)/4``; a Software 2.0 project
  whose data flywheel is confirmed gets a bonus (the method says a flywheel raises impact).
- Feasibility: data availability counts as is; labeling cost, accuracy requirement and problem
  difficulty are costs, so they are inverted. The accuracy requirement is inverted on a convex
  curve, ``1 - ((r-1)/4)²``, because cost grows super-linearly with the accuracy required.

Decisions (issue 17):

- **Unknown is not zero.** A driver that has not been rated earns nothing, so a score is the
  floor of what it could be; each ``Score`` also says how many drivers are rated and its range
  (``low..high``: what it would be with the unrated drivers rated worst and best). A fully rated
  score has an empty range (``low == high``). Until the drivers the method treats as decisive
  (``DECISIVE``: data availability, accuracy requirement, business value) are rated, the priority
  is ``Quadrant.UNSCORED``: no verdict, and ``Priority.to_rate`` names what to rate next. Ranked
  lists put unscored projects after every scored one (in SQL too: storage/projects.py).
- **A verdict on a floor says so.** With the decisive drivers rated but others not, the quadrant
  comes from the scores as they are; when rating the rest could still move it (the ranges cross a
  threshold), ``Priority.could_be`` names the other quadrants within reach and the card calls the
  verdict provisional ("🔵 Quick win … Provisional: once the other drivers are rated, it could be
  Do now").
- **Ranking agrees with the grid** (domain/ranking.py): scored projects by quadrant (Do now,
  Strategic bet, Quick win, Deprioritize), then within a quadrant by the combined score, impact,
  feasibility, age and ref; then unscored projects; then those blocked by the gate (a gate
  question answered No). The product of the two scores alone once put a newsletter generator
  with impact 11 above a fraud detector with impact 83, and a strategic bet below a
  deprioritized project.
- **Hard problems are risk, not a floor.** Each hard-problem flag multiplies feasibility by
  ``1 - hard_flag_factor`` (0.15 by default), one after the other, and its contribution is the
  points it removed. Flags lower feasibility proportionally and never take a positive
  feasibility to 0 (it is kept at 0.1 at least). The former flat penalty (8 points a flag, up
  to 40) took a project to 0 with four flags. Stored workspace weights written before keep
  loading: the old keys ``hard_flag_penalty`` and ``hard_flag_penalty_cap`` are dropped, and a
  workspace that had switched the penalty off (either at 0) gets a factor of 0.

The settings themselves (``ScoringWeights``, ``RankingPolicy``) and their bounds live in
``domain.scoring_weights`` and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.model import DRIVER_LABELS, HARD_FLAG_LABELS, Archetype, FeasibilityDriver, ImpactDriver, Scope
from domain.scoring_weights import RANKING_LABELS as RANKING_LABELS  # re-exported: its home was here
from domain.scoring_weights import RankingPolicy as RankingPolicy
from domain.scoring_weights import ScoringWeights as ScoringWeights


class Quadrant(StrEnum):
    DO_NOW = "do_now"
    STRATEGIC_BET = "strategic_bet"
    QUICK_WIN = "quick_win"
    DEPRIORITIZE = "deprioritize"
    UNSCORED = "unscored"  # the decisive drivers are not all rated yet: no verdict

    @property
    def label(self) -> str:
        return QUADRANT_LABELS[self]


QUADRANT_LABELS = {
    Quadrant.DO_NOW: "Do now",
    Quadrant.STRATEGIC_BET: "Strategic bet",
    Quadrant.QUICK_WIN: "Quick win",
    Quadrant.DEPRIORITIZE: "Deprioritize",
    Quadrant.UNSCORED: "Not yet scored",
}

QUADRANT_ADVICE = {
    Quadrant.DO_NOW: "High impact and feasible: fund it and start.",
    Quadrant.STRATEGIC_BET: "High impact but hard: reduce scope, add a human in the loop, or invest in data first.",
    Quadrant.QUICK_WIN: "Feasible but modest impact: a quick win if it is cheap.",
    Quadrant.DEPRIORITIZE: "Low impact and hard: park it unless something changes.",
    Quadrant.UNSCORED: "No verdict until the decisive drivers are rated.",
}

Driver = ImpactDriver | FeasibilityDriver

DECISIVE: tuple[Driver, ...] = (
    FeasibilityDriver.DATA_AVAILABILITY,
    FeasibilityDriver.ACCURACY_REQUIREMENT,
    ImpactDriver.BUSINESS_VALUE,
)
"""The drivers without which no quadrant is given, in the order to rate them (the method's)."""

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
    """A score, how many of its drivers are rated, and the range it could still take."""

    value: float
    contributions: tuple[Contribution, ...]
    rated: int = 0
    drivers: int = 0
    low: float = 0.0
    high: float = 0.0

    @property
    def complete(self) -> bool:
        return self.rated == self.drivers

    @property
    def flags(self) -> tuple[Contribution, ...]:
        return tuple(c for c in self.contributions if c.key.startswith("flag:"))

    def top(self, n: int = 2) -> list[Contribution]:
        """The drivers that moved the score most, for the card."""
        moved = [c for c in self.contributions if c.points != 0]
        return sorted(moved, key=lambda c: (-abs(c.points), c.key))[:n]


@dataclass(frozen=True)
class Priority:
    impact: Score
    feasibility: Score
    quadrant: Quadrant
    to_rate: tuple[Driver, ...] = ()  # the decisive drivers still unrated, the next one first
    could_be: tuple[Quadrant, ...] = ()  # other quadrants the unrated drivers could still give: a provisional verdict

    @property
    def scored(self) -> bool:
        return self.quadrant is not Quadrant.UNSCORED

    @property
    def combined(self) -> float:
        """Geometric mean: a project must be good on both axes to rank high."""
        return (self.impact.value * self.feasibility.value) ** 0.5


def _share(weight: float, total: float, fraction: float) -> float:
    return 100.0 * weight * fraction / total if total else 0.0


def _bounded(value: float) -> float:
    return round(min(100.0, max(0.0, value)), 1)


def impact_score(scope: Scope, weights: ScoringWeights) -> Score:
    total = sum(weights.impact.values())
    parts: list[Contribution] = []
    room = 0.0  # the points the unrated drivers could still add
    for driver in ImpactDriver:
        rated = scope.impact.get(driver)
        w = weights.impact.get(driver, 0.0)
        points = _share(w, total, (rated.rating - 1) / 4) if rated else 0.0
        room += 0.0 if rated else _share(w, total, 1.0)
        parts.append(Contribution(driver.value, DRIVER_LABELS[driver], points, rated.rating if rated else None))
    if scope.archetype is Archetype.SOFTWARE_2_0 and scope.data_flywheel:
        parts.append(Contribution("data_flywheel", "Data flywheel", weights.flywheel_bonus, None))
    value = sum(c.points for c in parts)
    rated_count = sum(1 for d in ImpactDriver if d in scope.impact)
    return Score(_bounded(value), tuple(parts), rated_count, len(ImpactDriver), _bounded(value), _bounded(value + room))


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
    room = 0.0
    for driver in FeasibilityDriver:
        rated = scope.feasibility.get(driver)
        w = weights.feasibility.get(driver, 0.0)
        points = _share(w, total, _ease(driver, rated.rating)) if rated else 0.0
        room += 0.0 if rated else _share(w, total, 1.0)
        parts.append(Contribution(driver.value, DRIVER_LABELS[driver], points, rated.rating if rated else None))
    base = min(100.0, sum(c.points for c in parts))
    remaining = 1.0 - weights.hard_flag_factor
    kept = remaining ** len(scope.hard_flags)
    current = base
    for flag in sorted(scope.hard_flags, key=lambda f: f.value):
        removed = current * weights.hard_flag_factor
        current -= removed
        parts.append(Contribution(f"flag:{flag.value}", f"Hard problem: {HARD_FLAG_LABELS[flag]}", -removed, None))
    rated_count = sum(1 for d in FeasibilityDriver if d in scope.feasibility)
    low, high = _kept_positive(current), _kept_positive(min(100.0, base + room) * kept)
    return Score(low, tuple(parts), rated_count, len(FeasibilityDriver), low, high)


def _kept_positive(value: float) -> float:
    """Rounded to a tenth, but a positive feasibility never shows as 0 (flags lower it, never to 0)."""
    bounded = _bounded(value)
    return 0.1 if value > 0 and bounded == 0 else bounded


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


def unrated_decisive(scope: Scope) -> tuple[Driver, ...]:
    """The decisive drivers not rated yet, in the order to rate them."""
    rated = set(scope.impact) | set(scope.feasibility)
    return tuple(d for d in DECISIVE if d not in rated)


def prioritize(scope: Scope, weights: ScoringWeights | None = None) -> Priority:
    weights = weights or ScoringWeights()
    i = impact_score(scope, weights)
    f = feasibility_score(scope, weights)
    to_rate = unrated_decisive(scope)
    verdict = Quadrant.UNSCORED if to_rate else quadrant(i.value, f.value, weights)
    return Priority(i, f, verdict, to_rate, () if to_rate else _could_be(i, f, verdict, weights))


def _could_be(i: Score, f: Score, verdict: Quadrant, weights: ScoringWeights) -> tuple[Quadrant, ...]:
    """The other quadrants within reach once the unrated drivers are rated: a quadrant is monotone in
    each score, so the corners of the two ranges hold every one of them (in the grid's order)."""
    reachable = {quadrant(a, b, weights) for a in (i.low, i.high) for b in (f.low, f.high)} - {verdict}
    return tuple(q for q in Quadrant if q in reachable)
