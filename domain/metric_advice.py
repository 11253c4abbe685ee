"""The method's advice on metrics and baselines: one number to optimize, and lower bounds to beat.

``domain.advice`` gathers these with the gate, feasibility and completeness advice.
"""

from __future__ import annotations

from domain.advice_kinds import HIGH, Advice, AdviceCode, Severity
from domain.metric_names import metrics_named
from domain.metrics import BaselineKind, HumanLevel
from domain.model import Archetype, FeasibilityDriver, Scope

EXPERT_LEVELS = {HumanLevel.DOMAIN_EXPERTS, HumanLevel.DEEP_DOMAIN_EXPERTS, HumanLevel.MIXTURE_OF_EXPERTS}


def metric_advice(scope: Scope) -> list[Advice]:
    count = scope.optimizing_count()
    if count == 0:
        return [
            Advice(
                AdviceCode.NO_METRIC,
                Severity.WARNING,
                "No optimizing metric yet. ML optimizes one number best: pick one, and keep the other "
                "requirements as thresholds (e.g. latency p95 < 200 ms).",
            )
        ]
    if count > 1:
        names = ", ".join(m.name for m in scope.metrics if m.role.value == "optimizing")
        return [
            Advice(
                AdviceCode.SEVERAL_OPTIMIZING,
                Severity.WARNING,
                f"Several optimizing metrics ({names}). Keep one; threshold the others, or combine them "
                "in a weighted average. Threshold what you can engineer around or what is already close "
                "to acceptable.",
            )
        ]
    optimizing = scope.optimizing
    assert optimizing is not None
    found = _several_in_one(scope)
    if optimizing.target is None:
        found.append(
            Advice(
                AdviceCode.NO_TARGET,
                Severity.TIP,
                f'{optimizing.name} has no target. Agree on what "good enough" means with stakeholders '
                "so that progress can be told from noise.",
            )
        )
    return found


def _several_in_one(scope: Scope) -> list[Advice]:
    """One optimizing metric whose name lists several ("precision and recall"), with no weights given."""
    optimizing = scope.optimizing
    if optimizing is None or optimizing.weights:
        return []
    named = metrics_named(optimizing.name)
    if not named:
        return []
    first, rest = named[0], ", ".join(named[1:])
    return [
        Advice(
            AdviceCode.SEVERAL_IN_ONE_METRIC,
            Severity.WARNING,
            f'"{optimizing.name}" is {len(named)} metrics, and ML optimizes one number best. Either optimize '
            f"one and threshold the rest (e.g. optimize {first}, keep {rest} above an agreed level: "
            "threshold what you can engineer around or what is already close to acceptable), or combine "
            "them into one number with weights (F1, a weighted average) and enter the weights.",
        )
    ]


def high_stakes(scope: Scope) -> bool:
    """Errors are costly: a high accuracy requirement (for an autonomous system, the cost of its errors)."""
    rated = scope.feasibility.get(FeasibilityDriver.ACCURACY_REQUIREMENT)
    return rated is not None and rated.rating >= HIGH


def baseline_advice(scope: Scope) -> list[Advice]:
    if not scope.baselines:
        return [
            Advice(
                AdviceCode.NO_BASELINE,
                Severity.WARNING,
                "No baseline. A baseline is the lower bound that tells you whether the model is any "
                "good: start with a published result, a rule-based script or human performance.",
            )
        ] + _human_baseline(scope)
    found = _human_baseline(scope)
    if not any(b.kind is BaselineKind.RULE_BASED for b in scope.baselines):
        found.append(
            Advice(
                AdviceCode.NO_RULE_BASELINE,
                Severity.TIP,
                "No rule-based baseline. Would rules do? A minimal scripted system tells you whether "
                "ML is needed at all.",
            )
        )
    return found


def _human_baseline(scope: Scope) -> list[Advice]:
    """High stakes want a domain-expert baseline; a human-in-the-loop system, at least typical people's."""
    stakes = high_stakes(scope)
    if not stakes and scope.archetype is not Archetype.HUMAN_IN_THE_LOOP:
        return []
    levels = {b.human_level for b in scope.baselines if b.kind is BaselineKind.HUMAN}
    if stakes and not levels & EXPERT_LEVELS:
        why = "autonomous, with costly errors" if scope.archetype is Archetype.AUTONOMOUS else "errors are costly"
        measured = " (the human baseline you have is not at expert level)" if levels else ""
        return [
            Advice(
                AdviceCode.NO_HUMAN_BASELINE,
                Severity.WARNING,
                f"High stakes ({why}) and no expert human baseline{measured}. Measure how well domain "
                "experts do the task: it tells you what accuracy is reachable and where the "
                "model must not be worse.",
            )
        ]
    if not stakes and not levels:
        return [
            Advice(
                AdviceCode.NO_HUMAN_BASELINE,
                Severity.TIP,
                "Human-in-the-loop and no human baseline. Measure how well typical people do the task "
                "(random people, or an ensemble of them): the model is useful where it helps them.",
            )
        ]
    return []
