"""How the portfolio's ranking would change with other scoring settings, before anyone saves them.

A lead changing weights, thresholds or the ranking policy (``/mlproject settings scoring``) sees
the real active projects whose rank or quadrant would change: the portfolio is ranked twice with
``domain.ranking.rank`` (current settings, proposed ones) and compared project by project. Pure:
the use case (``workspace_use_cases.preview_weights``) loads the projects.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.project import Project
from domain.ranking import rank
from domain.scoring import Quadrant, ScoringWeights
from domain.scoring_weights import changes


@dataclass(frozen=True)
class Move:
    """One project whose place would change: its rank and quadrant before and after."""

    ref: str
    name: str
    rank_before: int
    rank_after: int
    quadrant_before: Quadrant
    quadrant_after: Quadrant

    @property
    def rank_changed(self) -> bool:
        return self.rank_before != self.rank_after

    @property
    def quadrant_changed(self) -> bool:
        return self.quadrant_before is not self.quadrant_after


@dataclass(frozen=True)
class RankingPreview:
    before: ScoringWeights
    after: ScoringWeights
    projects: int  # how many active projects were ranked
    moves: tuple[Move, ...]  # in the proposed order (new rank first)

    @property
    def settings_changed(self) -> list[str]:
        """The settings that differ, a line each (``scoring_weights.changes``)."""
        return changes(self.before, self.after)

    @property
    def unchanged(self) -> int:
        return self.projects - len(self.moves)


def preview(projects: list[Project], before: ScoringWeights, after: ScoringWeights) -> RankingPreview:
    """The projects whose rank or quadrant differs between ``before`` and ``after``."""
    was = {r.project.ref: r for r in rank(projects, before)}
    moves = []
    for now in rank(projects, after):
        old = was[now.project.ref]
        if old.rank != now.rank or old.priority.quadrant is not now.priority.quadrant:
            moves.append(
                Move(now.project.ref, now.project.name, old.rank, now.rank, old.priority.quadrant, now.priority.quadrant)
            )
    return RankingPreview(before, after, len(projects), tuple(moves))
