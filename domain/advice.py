"""The warnings the method gives, computed from a scope (complete or still a draft).

Advice is computed, never stored: it always reflects the scope as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.archetypes import info
from domain.gate import GATE, failed, open_questions
from domain.metrics import BaselineKind
from domain.model import (
    HARD_FLAG_GROUP_LABELS,
    HARD_FLAG_GROUPS,
    HARD_FLAG_LABELS,
    Archetype,
    FeasibilityDriver,
    GateQuestion,
    ImpactDriver,
    Scope,
)


class Severity(StrEnum):
    WARNING = "warning"
    TIP = "tip"


class AdviceCode(StrEnum):
    GATE_NOT_READY = "gate_not_ready"
    GATE_RULES_WOULD_DO = "gate_rules_would_do"
    GATE_ETHICAL_CONCERNS = "gate_ethical_concerns"
    GATE_OPEN = "gate_open"
    NO_METRIC = "no_metric"
    SEVERAL_OPTIMIZING = "several_optimizing"
    NO_TARGET = "no_target"
    NO_BASELINE = "no_baseline"
    NO_RULE_BASELINE = "no_rule_baseline"
    AUTONOMOUS_HIGH_ACCURACY = "autonomous_high_accuracy"
    SCARCE_DATA_COSTLY_LABELS = "scarce_data_costly_labels"
    HARD_COMPLEX_OUTPUT = "hard_complex_output"
    HARD_RELIABILITY = "hard_reliability"
    HARD_GENERALIZATION = "hard_generalization"
    UNANSWERED_QUESTIONS = "unanswered_questions"
    UNRATED_DRIVERS = "unrated_drivers"
    NO_ARCHETYPE = "no_archetype"


@dataclass(frozen=True)
class Advice:
    code: AdviceCode
    severity: Severity
    text: str


HIGH = 4  # a rating of 4 or 5 counts as "high"
LOW = 2  # a rating of 1 or 2 counts as "low"


def _rating(scope: Scope, driver: FeasibilityDriver) -> int | None:
    rated = scope.feasibility.get(driver)
    return rated.rating if rated else None


GATE_CODES = {
    GateQuestion.READY: AdviceCode.GATE_NOT_READY,
    GateQuestion.ML_NEEDED: AdviceCode.GATE_RULES_WOULD_DO,
    GateQuestion.ETHICAL: AdviceCode.GATE_ETHICAL_CONCERNS,
}


def _gate_advice(scope: Scope) -> list[Advice]:
    """A failed gate question comes before any other advice: it may mean not doing the project."""
    found = [Advice(GATE_CODES[q], Severity.WARNING, f"Gate: {GATE[q].failed}") for q in failed(scope.gate)]
    still_open = open_questions(scope.gate)
    if still_open:
        found.append(
            Advice(
                AdviceCode.GATE_OPEN,
                Severity.TIP,
                "Gate questions still open: "
                + "; ".join(f"{GATE[q].short} ({GATE[q].unsure})" for q in still_open)
                + ".",
            )
        )
    return found


def _metric_advice(scope: Scope) -> list[Advice]:
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
    if optimizing is not None and optimizing.target is None:
        return [
            Advice(
                AdviceCode.NO_TARGET,
                Severity.TIP,
                f'{optimizing.name} has no target. Agree on what "good enough" means with stakeholders '
                "so that progress can be told from noise.",
            )
        ]
    return []


def _baseline_advice(scope: Scope) -> list[Advice]:
    if not scope.baselines:
        return [
            Advice(
                AdviceCode.NO_BASELINE,
                Severity.WARNING,
                "No baseline. A baseline is the lower bound that tells you whether the model is any "
                "good: start with a published result, a rule-based script or human performance.",
            )
        ]
    if not any(b.kind is BaselineKind.RULE_BASED for b in scope.baselines):
        return [
            Advice(
                AdviceCode.NO_RULE_BASELINE,
                Severity.TIP,
                "No rule-based baseline. Would rules do? A minimal scripted system tells you whether "
                "ML is needed at all.",
            )
        ]
    return []


def _feasibility_advice(scope: Scope) -> list[Advice]:
    found: list[Advice] = []
    accuracy = _rating(scope, FeasibilityDriver.ACCURACY_REQUIREMENT)
    if scope.archetype is Archetype.AUTONOMOUS and accuracy is not None and accuracy >= HIGH:
        found.append(
            Advice(
                AdviceCode.AUTONOMOUS_HIGH_ACCURACY,
                Severity.WARNING,
                'Autonomous with a high accuracy demand: every extra "nine" costs more than the last. '
                "Consider a human in the loop, or a narrower scope where errors are cheap.",
            )
        )
    availability = _rating(scope, FeasibilityDriver.DATA_AVAILABILITY)
    labeling = _rating(scope, FeasibilityDriver.LABELING_COST)
    if availability is not None and labeling is not None and availability <= LOW and labeling >= HIGH:
        found.append(
            Advice(
                AdviceCode.SCARCE_DATA_COSTLY_LABELS,
                Severity.WARNING,
                "Little data and expensive labels: data is the first cost of ML. Look for a formulation "
                "that is cheaper to label, weak supervision, or a data flywheel before modelling.",
            )
        )
    codes = {
        "complex_output": AdviceCode.HARD_COMPLEX_OUTPUT,
        "reliability": AdviceCode.HARD_RELIABILITY,
        "generalization": AdviceCode.HARD_GENERALIZATION,
    }
    for group, flags in HARD_FLAG_GROUPS.items():
        hit = [HARD_FLAG_LABELS[f] for f in flags if f in scope.hard_flags]
        if hit:
            found.append(
                Advice(
                    codes[group.value],
                    Severity.WARNING,
                    f"Still-hard problem ({HARD_FLAG_GROUP_LABELS[group].lower()}: {', '.join(hit)}). "
                    "Expect research risk: plan for it, narrow the task, or keep a human in the loop.",
                )
            )
    return found


def _completeness_advice(scope: Scope) -> list[Advice]:
    found: list[Advice] = []
    if scope.archetype is None:
        found.append(
            Advice(
                AdviceCode.NO_ARCHETYPE,
                Severity.TIP,
                "No archetype chosen: Software 2.0, human-in-the-loop or autonomous each raise different questions.",
            )
        )
    else:
        unanswered = [q.text for q in info(scope.archetype).questions if not scope.answers.get(q.id, "").strip()]
        if unanswered:
            found.append(
                Advice(
                    AdviceCode.UNANSWERED_QUESTIONS,
                    Severity.TIP,
                    "Key questions still open: " + " ".join(unanswered),
                )
            )
    missing = [d for d in ImpactDriver if d not in scope.impact] + [
        d for d in FeasibilityDriver if d not in scope.feasibility
    ]
    if missing:
        found.append(
            Advice(
                AdviceCode.UNRATED_DRIVERS,
                Severity.TIP,
                f"{len(missing)} driver(s) not rated yet; unrated drivers earn no points in the scores.",
            )
        )
    return found


def advise(scope: Scope) -> list[Advice]:
    """All advice for a scope, warnings first, in a stable order."""
    found = (
        _gate_advice(scope)
        + _metric_advice(scope)
        + _baseline_advice(scope)
        + _feasibility_advice(scope)
        + _completeness_advice(scope)
    )
    return sorted(found, key=lambda a: (a.severity is not Severity.WARNING,))
