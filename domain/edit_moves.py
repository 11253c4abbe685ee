"""What an edit moved that a lead cares about: the scores and quadrant, and the gate's answers.

Recorded in the edit's history line (``scores``, ``gate``) when they changed, so that a digest can
say "scores moved: impact 40 → 62 · Quick win → Do now" and "gate: is ML needed unsure → yes"
without keeping old versions of projects (issue 19: changes are never lost).
"""

from __future__ import annotations

from typing import Any

from domain.gate import GATE
from domain.model import GateQuestion
from domain.project import Project
from domain.scoring import Quadrant, ScoringWeights, prioritize


def snapshot(project: Project, weights: ScoringWeights) -> dict[str, Any]:
    """The scores (rounded as lists show them), the quadrant and the gate's answers, now."""
    priority = prioritize(project.scope, weights)
    return {
        "impact": round(priority.impact.value),
        "feasibility": round(priority.feasibility.value),
        "quadrant": priority.quadrant.value,
        "gate": {q.value: a.value for q, a in project.scope.gate.items()},
    }


def moves(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The history detail for what moved between two snapshots (empty when nothing did)."""
    found: dict[str, Any] = {}
    scores = ("impact", "feasibility", "quadrant")
    if any(before[k] != after[k] for k in scores):
        found["scores"] = {k: [before[k], after[k]] for k in scores}
    gate = {
        q: [before["gate"].get(q), after["gate"].get(q)]
        for q in sorted(set(before["gate"]) | set(after["gate"]))
        if before["gate"].get(q) != after["gate"].get(q)
    }
    if gate:
        found["gate"] = gate
    return found


def describe(detail: dict[str, Any]) -> list[str]:
    """The digest's words for an edit's moves (what ``moves`` recorded)."""
    said = []
    scores = detail.get("scores")
    if isinstance(scores, dict):
        parts = [
            f"{name} {scores[name][0]} → {scores[name][1]}"
            for name in ("impact", "feasibility")
            if scores[name][0] != scores[name][1]
        ]
        q = scores["quadrant"]
        if q[0] != q[1]:
            parts.append(f"{Quadrant(q[0]).label} → {Quadrant(q[1]).label}")
        said.append("scores moved: " + " · ".join(parts))
    gate = detail.get("gate")
    if isinstance(gate, dict):
        for question, (was, now) in gate.items():
            name = GATE[GateQuestion(question)].short
            said.append(f"gate: {name} {was or 'unanswered'} → {now or 'unanswered'}")
    return said
