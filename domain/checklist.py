"""The method's feasibility checklist: seven steps before betting on a model.

Some steps show in the scope itself (the gate says ML is needed, a metric has a target, a
rule-based baseline exists); those are done by evidence. The others (a labelled benchmark,
asking again whether ML is needed) are ticked by hand, and any step can be.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.metrics import BaselineKind
from domain.model import ChecklistItem, GateAnswer, GateQuestion, Scope

ITEMS: dict[ChecklistItem, str] = {
    ChecklistItem.ML_NEEDED: "Make sure ML is needed",
    ChecklistItem.SUCCESS_CRITERIA: "Agree on success criteria with the stakeholders",
    ChecklistItem.ETHICS: "Consider the ethics",
    ChecklistItem.LITERATURE: "Review the literature",
    ChecklistItem.BENCHMARK: "Build a labelled benchmark quickly",
    ChecklistItem.RULE_BASED: "Build a minimal rule-based model",
    ChecklistItem.ASK_AGAIN: "Ask again whether ML is needed",
}


@dataclass(frozen=True)
class ChecklistLine:
    item: ChecklistItem
    text: str
    done: bool
    evidence: str | None  # what in the scope shows it done, if anything


def evidence(scope: Scope, item: ChecklistItem) -> str | None:
    kinds = {b.kind for b in scope.baselines}
    optimizing = scope.optimizing
    found = {
        ChecklistItem.ML_NEEDED: "the gate says ML is needed"
        if scope.gate.get(GateQuestion.ML_NEEDED) == GateAnswer.YES
        else None,
        ChecklistItem.SUCCESS_CRITERIA: (
            f"{optimizing.name} has a target" if optimizing is not None and optimizing.target is not None else None
        ),
        ChecklistItem.ETHICS: "the gate: no serious ethical concern"
        if scope.gate.get(GateQuestion.ETHICAL) == GateAnswer.YES
        else None,
        ChecklistItem.LITERATURE: "a published baseline" if BaselineKind.PUBLISHED in kinds else None,
        ChecklistItem.RULE_BASED: "a rule-based baseline" if BaselineKind.RULE_BASED in kinds else None,
    }
    return found.get(item)


def checklist(scope: Scope) -> list[ChecklistLine]:
    lines = []
    for item, text in ITEMS.items():
        shown = evidence(scope, item)
        lines.append(ChecklistLine(item, text, shown is not None or item in scope.checklist, shown))
    return lines


def progress(scope: Scope) -> tuple[int, ChecklistLine | None]:
    """How many steps are done, and the first one that is not (the method's order is the plan)."""
    lines = checklist(scope)
    return sum(1 for line in lines if line.done), next((line for line in lines if not line.done), None)
