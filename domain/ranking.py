"""The ranking policy: the order every list, App Home, digest and chart shows (issue 17).

Ranking agrees with the grid, and the gate decides before the grid:

1. Scored projects whose gate did not fail, by quadrant: Do now, Strategic bet, Quick win,
   Deprioritize. A strategic bet (high impact, hard) ranks above any quick win, and anything
   above a deprioritized project, whatever their combined scores.
2. Within a quadrant: the combined score (geometric mean of impact and feasibility), then
   impact, then feasibility, then age (older first), then ref.
3. Then the projects not yet scored (``Quadrant.UNSCORED``), in the same order.
4. Last, the projects blocked by the gate (a gate question answered No: ``gate.failed``), in the
   same order, until the answer changes.

``rank_key`` is the one place this order is written; ``storage/projects.py`` orders the SQL page
by the same columns (tests/storage/test_ranked_page.py compares them). Seam: what a model is
worth (expected value per month, when known) is to come just before the combined score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.gate import failed
from domain.model import GateQuestion
from domain.project import Project
from domain.scoring import Priority, Quadrant, ScoringWeights, prioritize

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


RankKey = tuple[bool, int, float, float, float, datetime, str]


def rank_key(project: Project, priority: Priority) -> RankKey:
    """Smaller ranks first. The worth of a model (expected value per month) will slot in before
    ``-combined`` when known; until then that place is the combined score's."""
    return (
        bool(failed(project.scope.gate)),
        QUADRANT_ORDER[priority.quadrant],
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
    scored.sort(key=lambda pair: rank_key(*pair))
    return [Ranked(i + 1, p, prio) for i, (p, prio) in enumerate(scored)]
