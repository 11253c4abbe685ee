"""The warnings the method gives, computed from a scope (complete or still a draft).

Advice is computed, never stored: it always reflects the scope as it is now.
"""

from __future__ import annotations

from domain.advice_kinds import HIGH, LOW, Advice, AdviceCode, Severity
from domain.archetypes import info
from domain.gate import GATE, failed, open_questions
from domain.metric_advice import baseline_advice, metric_advice
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
from domain.worth_advice import worth_advice

__all__ = ["Advice", "AdviceCode", "Severity", "advise"]


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
        unanswered = [q.text for q in info(scope.archetype).questions if not scope.key_answer(q.id)]
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


def advise(scope: Scope, currency: str | None = None, series: int | None = None) -> list[Advice]:
    """All advice for a scope, warnings first, in a stable order. ``currency`` (the workspace's,
    when the caller knows it) words the money's warnings; without it they give plain numbers.
    ``series``: the optimizing metric's current definition, when known (``domain.project_worth``)."""
    found = (
        _gate_advice(scope)
        + metric_advice(scope)
        + baseline_advice(scope)
        + worth_advice(scope, currency, series)
        + _feasibility_advice(scope)
        + _completeness_advice(scope)
    )
    return sorted(found, key=lambda a: (a.severity is not Severity.WARNING,))
