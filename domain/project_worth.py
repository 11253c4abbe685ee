"""What one project is worth: its scope's worth inputs, metric and baselines put through ``appraise``.

Assumptions, said once here:

- the target's precision is the optimizing metric's target when that metric is precision-like
  (its name starts with "precision"), else the precision the team states;
- the recall is the one the team states;
- a baseline counts only when the optimizing metric is precision-like: the best one's value is
  then its precision, at the baseline's recall when given, else at the recall the team states.
  On any other metric its value says nothing about money, so the bar is the break-even.
"""

from __future__ import annotations

from domain.errors import DomainError
from domain.model import Archetype, Scope
from domain.worth import BaselineWorth, DecisionEconomics, OperatingPoint
from domain.worth_appraisal import Worth, appraise
from domain.worth_inputs import WorthInputs

BASELINE_NAMES = {"rule_based": "rules", "human": "people", "simple_ml": "a simple model", "published": "published"}


def precision_like(name: str | None) -> bool:
    return name is not None and name.strip().lower().startswith("precision")


def target_point(scope: Scope, inputs: WorthInputs) -> OperatingPoint:
    """The target's precision (the metric's target when precision-like, else stated) and stated recall."""
    metric = scope.optimizing
    precision = inputs.precision
    if metric is not None and precision_like(metric.name) and metric.target is not None and 0 <= metric.target <= 1:
        precision = metric.target
    return OperatingPoint(precision=precision, recall=inputs.recall)


def baselines_of(scope: Scope, inputs: WorthInputs) -> list[BaselineWorth]:
    """The best baseline on the same (precision-like) metric, at the stated recall; none otherwise."""
    metric = scope.optimizing
    if metric is None or not precision_like(metric.name):
        return []
    valued = [b for b in scope.baselines if b.value is not None and 0 < b.value <= 1]
    if not valued:
        return []
    best = max(valued, key=lambda b: b.value or 0)
    name = BASELINE_NAMES.get(best.kind.value, best.kind.value)
    recall = inputs.baseline_recall if inputs.baseline_recall is not None else inputs.recall
    return [BaselineWorth(name=name, point=OperatingPoint(precision=best.value, recall=recall))]


def worth_of(scope: Scope) -> Worth | None:
    """The project's worth, or None when nobody answered any of the worth inputs."""
    inputs = scope.economics
    if inputs is None or not inputs.given():
        return None
    economics = DecisionEconomics.model_validate(
        {
            "decisions_per_month": inputs.decisions_per_month,
            "prevalence": inputs.prevalence,
            "payoff": {
                "value_per_true_positive": inputs.value_per_true_positive,
                "cost_per_false_positive": inputs.cost_per_false_positive,
                "review_cost_per_flag": inputs.review_cost_per_flag,
                "human_review": scope.archetype is Archetype.HUMAN_IN_THE_LOOP,
            },
        }
    )
    return appraise(economics, target_point(scope, inputs), baselines_of(scope, inputs))


def monthly_value(scope: Scope) -> float | None:
    """What the model is worth a month at target, for ranking; None when not known (or not possible)."""
    try:
        worth = worth_of(scope)
    except DomainError:  # the stated precision and recall cannot be: the card says why
        return None
    return None if worth is None else worth.monthly_value
