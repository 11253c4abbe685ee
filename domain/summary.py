"""A project as a ranked list shows it: enough to render a line, without loading the whole project."""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import GateQuestion, Stage
from domain.scoring import Quadrant


@dataclass(frozen=True)
class ProjectSummary:
    rank: int  # portfolio-wide, even when the list is filtered
    ref: str
    name: str
    owner_id: str
    stage: Stage
    impact: float
    feasibility: float
    quadrant: Quadrant
    metric_name: str | None
    metric_target: float | None
    current_value: float | None
    gate_failed: tuple[GateQuestion, ...] = ()
    rated: tuple[int, int] | None = None  # impact and feasibility drivers rated; None: not read
    metric_unit: str = ""  # the optimizing metric's unit, shown after its values as the card does
    worth: float | None = None  # a month at target (domain.project_worth.monthly_value); None: not known  # answered No: the project may not be worth doing


@dataclass(frozen=True)
class Page:
    total: int
    items: list[ProjectSummary]
    currency: str = "EUR"  # the workspace's, for the lines' money
