"""Draft ↔ domain: the scope and check-in schedule a draft describes, and a draft prefilled from a
stored project (the edit flow)."""

from __future__ import annotations

from typing import Any

from domain.errors import parse
from domain.feasibility_questions import FEASIBILITY_QUESTION_IDS
from domain.metrics import Baseline, Metric, MetricRole
from domain.model import CheckinSchedule, Scope


def scope_from(data: dict[str, Any], *, baselines: list[Baseline] | None = None) -> Scope:
    """The scope the draft describes so far (for advice, scores and the final save). The archetype's
    key questions (step 2) and the feasibility questions (step 3) are kept apart in the draft, so
    that each step replaces only its own, and stored together in ``Scope.answers``."""
    metrics = ([data["metric"]] if data.get("metric") else []) + list(data.get("thresholds") or [])
    kept = list(baselines or [])
    if data.get("baseline"):
        kept.append(parse(Baseline, data["baseline"]))
    return parse(
        Scope,
        {
            "gate": data.get("gate") or {},
            "checklist": data.get("checklist") or [],
            "archetype": data.get("archetype"),
            "answers": (data.get("answers") or {}) | (data.get("feasibility_answers") or {}),
            "data_flywheel": data.get("data_flywheel"),
            "impact": data.get("impact") or {},
            "feasibility": data.get("feasibility") or {},
            "hard_flags": data.get("hard_flags") or [],
            "metrics": [parse(Metric, m) for m in metrics],
            "baselines": kept,
            "economics": data.get("economics"),
        },
    )


def checkin_from(data: dict[str, Any], *, anchor: Any) -> CheckinSchedule | None:
    raw = data.get("checkin")
    return parse(CheckinSchedule, raw | {"anchor": anchor}) if raw else None


def project_data(project: Any) -> dict[str, Any]:
    """Draft data prefilled from a stored project, for the edit flow."""
    scope: Scope = project.scope
    optimizing = scope.optimizing
    return {
        "name": project.problem.name,
        "statement": project.problem.statement,
        "owner_id": project.problem.owner_id,
        "channel_id": project.problem.channel_id,
        "gate": {q.value: a.value for q, a in scope.gate.items()},
        "checklist": sorted(i.value for i in scope.checklist),  # not in a step: kept through an edit
        "archetype": scope.archetype.value if scope.archetype else None,
        "answers": {k: v for k, v in scope.answers.items() if k not in FEASIBILITY_QUESTION_IDS},
        "feasibility_answers": {k: v for k, v in scope.answers.items() if k in FEASIBILITY_QUESTION_IDS},
        "data_flywheel": scope.data_flywheel,
        "impact": {k.value: v.model_dump() for k, v in scope.impact.items()},
        "feasibility": {k.value: v.model_dump() for k, v in scope.feasibility.items()},
        "hard_flags": sorted(f.value for f in scope.hard_flags),
        "metric": optimizing.model_dump(mode="json") if optimizing else None,
        "thresholds": [m.model_dump(mode="json") for m in scope.metrics if m.role is MetricRole.SATISFICING],
        "baseline": None,
        "economics": scope.economics.model_dump() if scope.economics else None,
        "checkin": project.checkin.model_dump(mode="json", exclude={"anchor", "paused"}) if project.checkin else None,
    }
