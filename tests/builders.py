"""Small helpers that build valid domain objects, so each test states only what it is about."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.metrics import Baseline, BaselineKind, Metric, MetricRole
from domain.model import Archetype, FeasibilityDriver, GateAnswer, GateQuestion, ImpactDriver, Problem, Rated, Scope
from domain.project import Project
from tests.conftest import T0


def scope(
    *,
    impact: dict[str, int] | None = None,
    feasibility: dict[str, int] | None = None,
    archetype: Archetype | None = Archetype.SOFTWARE_2_0,
    metrics: list[Metric] | None = None,
    baselines: list[Baseline] | None = None,
    **extra: Any,
) -> Scope:
    return Scope(
        archetype=archetype,
        impact={ImpactDriver(k): Rated(rating=v) for k, v in (impact or {}).items()},
        feasibility={FeasibilityDriver(k): Rated(rating=v) for k, v in (feasibility or {}).items()},
        metrics=metrics if metrics is not None else [optimizing()],
        baselines=baselines if baselines is not None else [rule_baseline()],
        **extra,
    )


def optimizing(name: str = "recall@10", target: float | None = 0.8, **kw: Any) -> Metric:
    return Metric(role=MetricRole.OPTIMIZING, name=name, target=target, **kw)


def satisficing(name: str = "latency p95", comparator: str = "<", threshold: float = 200, unit: str = "ms") -> Metric:
    return Metric(role=MetricRole.SATISFICING, name=name, comparator=comparator, threshold=threshold, unit=unit)


def rule_baseline(value: float | None = 0.5) -> Baseline:
    return Baseline(kind=BaselineKind.RULE_BASED, description="keyword rules", value=value)


def uniform(rating: int) -> dict[str, dict[str, int]]:
    return {
        "impact": {d.value: rating for d in ImpactDriver},
        "feasibility": {d.value: rating for d in FeasibilityDriver},
    }


def project(
    ref: str = "churn", *, team_id: str = "T1", created_at: datetime = T0, the_scope: Scope | None = None, **kw: Any
) -> Project:
    return Project(
        team_id=team_id,
        problem=Problem(name=ref.title(), ref=ref, owner_id="U1", creator_id="U1", channel_id="C1"),
        scope=the_scope or scope(),
        stage_entered_at=kw.pop("stage_entered_at", created_at),
        created_at=created_at,
        updated_at=created_at,
        **kw,
    )


EASY = {"data_availability": 5, "labeling_cost": 1, "accuracy_requirement": 1, "problem_difficulty": 1}
HARD = {"data_availability": 1, "labeling_cost": 5, "accuracy_requirement": 5, "problem_difficulty": 5}


def rated(impact: int, feasibility: dict[str, int]) -> Scope:
    """A scope with every impact driver at ``impact`` and the given feasibility ratings."""
    return scope(impact={d.value: impact for d in ImpactDriver}, feasibility=feasibility)


# Issue 17's examples: the geometric mean ranked each pair the wrong way round.
RULES_WOULD_DO = {"gate": {GateQuestion.ML_NEEDED: GateAnswer.NO}}
NEWSLETTER = scope(  # impact 11, feasible, but rules would do
    impact={"cheap_prediction": 2, "business_value": 1, "friction_removed": 2, "rules_replaced": 1},
    feasibility=EASY,
    **RULES_WOULD_DO,
)
FRAUD_DETECTOR = scope(  # impact 83, hard
    impact={"cheap_prediction": 5, "business_value": 5, "friction_removed": 4, "rules_replaced": 3},
    feasibility={"data_availability": 1, "labeling_cost": 5, "accuracy_requirement": 5, "problem_difficulty": 4},
)
STRATEGIC_BET = scope(  # impact 78, hard
    impact={"cheap_prediction": 4, "business_value": 5, "friction_removed": 4, "rules_replaced": 3},
    feasibility={"data_availability": 2, "labeling_cost": 5, "accuracy_requirement": 4, "problem_difficulty": 5},
)
DEPRIORITIZED = scope(  # just under both thresholds
    impact={"cheap_prediction": 3, "business_value": 3, "friction_removed": 3, "rules_replaced": 2},
    feasibility={"data_availability": 3, "labeling_cost": 3, "accuracy_requirement": 4, "problem_difficulty": 3},
)
