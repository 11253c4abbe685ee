"""What one project is worth: its scope's worth inputs, metric and baselines put through ``appraise``.

Assumptions, said once here:

- a value on a precision-like optimizing metric (its name starts with "precision") is read as a
  share: "0.9" as it is, "90" (or any value in (1, 100], or the unit "%") as 0.90; the stored
  target and baseline values are not changed, only read so for the money;
- the target's precision is the optimizing metric's target when that metric is precision-like,
  else the precision the team states; the recall is the one the team states, else the metric's
  target when that metric is recall-like ("recall", "sensitivity"; not "recall@k", a ranking's);
- a baseline with its own operating point (``Baseline.precision`` / ``recall``) is valued from it,
  on any optimizing metric. A half-given point is completed only from what was said about that
  baseline (its precision from its value on a precision-like metric, its recall from the stated
  baseline recall); what is still missing is named, never guessed;
- a baseline without one counts only when the optimizing metric is precision-like, as before:
  its value is its precision, at the stated baseline recall, else at the recall the team states.
  On any other metric its value says nothing about money, nor does a value measured on an earlier
  definition of the metric (``series``, issue 18) when the caller says which one is current;
- the best baseline is the one worth most a month (``appraise``); with none, the bar is the break-even.
"""

from __future__ import annotations

from domain.errors import DomainError
from domain.metrics import Baseline, Metric
from domain.model import Archetype, Scope
from domain.worth import BaselineWorth, DecisionEconomics, OperatingPoint
from domain.worth_appraisal import Worth, appraise
from domain.worth_inputs import WorthInputs

BASELINE_NAMES = {"rule_based": "rules", "human": "people", "simple_ml": "a simple model", "published": "published"}
PERCENT_UNITS = {"%", "percent", "pct"}


def precision_like(name: str | None) -> bool:
    return name is not None and name.strip().lower().startswith("precision")


def recall_like(name: str | None) -> bool:
    """A classifier's recall (the target's recall is then implied), not a ranking's recall@k."""
    lowered = (name or "").strip().lower()
    return "@" not in lowered and lowered.startswith(("recall", "sensitivity", "true positive rate", "tpr"))


def as_share(value: float | None, unit: str = "") -> float | None:
    """A precision typed as a share or a percentage, as a share: 0.9, 90 and "90 %" are all 0.90.

    With the unit "%" the value is a percentage (0–100); without, a value up to 1 is a share and
    one in (1, 100] a percentage. Anything else is no precision (None)."""
    if value is None:
        return None
    if unit.strip().lower() in PERCENT_UNITS:
        return value / 100 if 0 <= value <= 100 else None
    if 0 <= value <= 1:
        return value
    return value / 100 if 1 < value <= 100 else None


def metric_precision(metric: Metric | None, value: float | None) -> float | None:
    """A value on the optimizing metric read as a precision, when that metric is precision-like."""
    if metric is None or not precision_like(metric.name):
        return None
    return as_share(value, metric.unit)


def target_point(scope: Scope, inputs: WorthInputs) -> OperatingPoint:
    """The target's precision and recall: stated, else implied by a precision- or recall-like target."""
    metric = scope.optimizing
    from_target = metric_precision(metric, metric.target) if metric is not None else None
    precision = from_target if from_target is not None else inputs.precision
    recall = inputs.recall
    if recall is None and metric is not None and recall_like(metric.name):
        recall = as_share(metric.target, metric.unit)
    return OperatingPoint(precision=precision, recall=recall)


def baseline_point(
    baseline: Baseline, metric: Metric | None, inputs: WorthInputs, series: int | None = None
) -> OperatingPoint | None:
    """Where a baseline operates as a decision task, or None when nothing says (see the module's assumptions)."""
    current = series is None or baseline.series == series
    from_value = (metric_precision(metric, baseline.value) or None) if current else None  # 0 catches nothing
    if baseline.precision is None and baseline.recall is None:
        if from_value is None:
            return None
        recall = inputs.baseline_recall if inputs.baseline_recall is not None else inputs.recall
        return OperatingPoint(precision=from_value, recall=recall)
    precision = baseline.precision if baseline.precision is not None else from_value
    recall = baseline.recall if baseline.recall is not None else inputs.baseline_recall
    if precision == 0 and recall:
        recall = 0.0  # flags that are all wrong catch nothing
    return OperatingPoint(precision=precision, recall=recall)


def baselines_of(scope: Scope, inputs: WorthInputs, series: int | None = None) -> list[BaselineWorth]:
    """Every baseline that says where it operates, named by its kind; ``appraise`` picks the best."""
    found = []
    for baseline in scope.baselines:
        point = baseline_point(baseline, scope.optimizing, inputs, series)
        if point is not None:
            name = BASELINE_NAMES.get(baseline.kind.value, baseline.kind.value)
            found.append(BaselineWorth(name=name, point=point))
    return found


def worth_of(scope: Scope, series: int | None = None) -> Worth | None:
    """The project's worth, or None when nobody answered any of the worth inputs. ``series``: the
    optimizing metric's current definition (``Project.metric_series``), when the caller knows it."""
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
    return appraise(economics, target_point(scope, inputs), baselines_of(scope, inputs, series))


def monthly_value(scope: Scope) -> float | None:
    """What the model is worth a month at target, for ranking; None when not known (or not possible)."""
    try:
        worth = worth_of(scope)
    except DomainError:  # the stated precision and recall cannot be: the card says why
        return None
    return None if worth is None else worth.monthly_value
