"""The ranking policy: the order every list, App Home, digest and chart shows (issue 17).

Ranking agrees with the grid, and the gate decides before the grid:

1. Scored projects whose gate did not fail, by quadrant: Do now, Strategic bet, Quick win,
   Deprioritize. A strategic bet (high impact, hard) ranks above any quick win, and anything
   above a deprioritized project, whatever their combined scores.
2. Within a quadrant, by the workspace's ``RankingPolicy``:
   - ``worth_then_score`` (the default): projects whose model is worth money at target (expected
     value per month > 0, domain/project_worth.py) first, the most valuable first; then those whose
     worth is not known; then those that lose money (or gain nothing) at target. A lead funds on
     money when it is known, and a project that loses money at its own target is no better for a
     high score. Within each of these, the order below.
   - ``score``: the order below alone.
   Then the combined score (geometric mean of impact and feasibility), impact, feasibility, age
   (older first), ref.
3. Then the projects not yet scored (``Quadrant.UNSCORED``), in the same order.
4. Last, the projects blocked by the gate (a gate question answered No: ``gate.failed``), in the
   same order, until the answer changes.

``rank_key`` is the one place this order is written; ``storage/projects.py`` orders the SQL page
by the same columns (tests/storage/test_ranked_page.py compares them): the worth is stored
rounded to a cent (``worth_key``), so both compare the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.gate import failed
from domain.model import GateQuestion
from domain.project import Project
from domain.project_worth import monthly_value
from domain.scoring import Priority, Quadrant, RankingPolicy, ScoringWeights, prioritize

QUADRANT_ORDER: dict[Quadrant, int] = {
    Quadrant.DO_NOW: 0,
    Quadrant.STRATEGIC_BET: 1,
    Quadrant.QUICK_WIN: 2,
    Quadrant.DEPRIORITIZE: 3,
    Quadrant.UNSCORED: 4,
}
"""Quadrants in ranking order; unscored comes after every verdict."""


@dataclass(frozen=True)
class Ranked:
    rank: int
    project: Project
    priority: Priority

    @property
    def gate_failed(self) -> tuple[GateQuestion, ...]:
        return tuple(failed(self.project.scope.gate))

    @property
    def blocked(self) -> bool:
        """Blocked by the gate: ranked after every other project, left off the chart's grid."""
        return bool(self.gate_failed)


RankKey = tuple[bool, int, int, float, float, float, float, datetime, str]

WORTH_GAINS, WORTH_UNKNOWN, WORTH_LOSES = 0, 1, 2
"""Within a quadrant (``worth_then_score``): worth money at target, worth not known, loses money."""


def worth_key(worth: float | None) -> tuple[int, float]:
    """The worth's group and its value rounded to a cent, as the SQL page orders them."""
    if worth is None:
        return WORTH_UNKNOWN, 0.0
    return (WORTH_GAINS if worth > 0 else WORTH_LOSES), round(worth, 2)


def rank_key(project: Project, priority: Priority, policy: RankingPolicy = RankingPolicy.WORTH_THEN_SCORE) -> RankKey:
    """Smaller ranks first (the module docstring says the policy)."""
    group, worth = worth_key(monthly_value(project.scope)) if policy is RankingPolicy.WORTH_THEN_SCORE else (0, 0.0)
    return (
        bool(failed(project.scope.gate)),
        QUADRANT_ORDER[priority.quadrant],
        group,
        -worth,
        -round(priority.combined, 6),
        -priority.impact.value,
        -priority.feasibility.value,
        project.created_at,
        project.ref,
    )


def rank(projects: list[Project], weights: ScoringWeights | None = None) -> list[Ranked]:
    """The portfolio in ranking order (see the module docstring), ranks from 1."""
    weights = weights or ScoringWeights()
    scored = [(p, prioritize(p.scope, weights)) for p in projects]
    scored.sort(key=lambda pair: rank_key(*pair, weights.ranking))
    return [Ranked(i + 1, p, prio) for i, (p, prio) in enumerate(scored)]
