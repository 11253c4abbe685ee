"""The scoping flow's edge: modal state → draft data → domain objects, with field errors.

The draft (a JSON dict saved at every step) is the flow's memory; ``private_metadata`` only says
which step and mode the modal is in. Each ``parse_step_N`` returns the fields it read and the
errors to show, keyed by block id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.ids import Field, flags_field, gate_field, note_field, question_field, rating_field
from domain.archetypes import info
from domain.errors import DomainError, parse
from domain.metrics import Baseline, Metric, MetricRole
from domain.model import (
    HARD_FLAG_GROUPS,
    Archetype,
    CheckinSchedule,
    FeasibilityDriver,
    GateAnswer,
    GateQuestion,
    ImpactDriver,
    Scope,
)
from domain.recurrence import zone
from domain.values import NOTE_MAX

STEPS = 5
Values = dict[str, dict[str, dict[str, Any]]]
Errors = dict[str, str]
THRESHOLD_LINE = re.compile(r"^(?P<name>.+?)\s*(?P<cmp><=|>=|<|>)\s*(?P<value>-?\d+(?:\.\d+)?)\s*(?P<unit>.*)$")
WEIGHT_ITEM = re.compile(r"^\s*(?P<name>[^=]+?)\s*=\s*(?P<weight>\d+(?:\.\d+)?)\s*$")
NO_CHECKINS = "none"


class FlowMeta(BaseModel):
    """What a scoping modal carries in ``private_metadata``."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["new", "edit"] = "new"
    step: int = 1
    ref: str | None = None
    origin_channel: str = ""

    def dump(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def load(cls, raw: str | None) -> FlowMeta:
        try:
            return cls.model_validate_json(raw or "{}")
        except ValidationError:
            raise DomainError("This form is out of date; start again with /mlproject new.", rule="stale_view") from None


def draft_key(user_id: str, mode: str) -> str:
    """Drafts are per user; an edit in progress does not overwrite an unfinished new project."""
    return user_id if mode == "new" else f"{user_id}:edit"


def read(values: Values, field: str) -> Any:
    """The submitted value of an input block, whatever its element type."""
    raw = values.get(field, {}).get(field)
    if not raw:
        return None
    kind = raw.get("type")
    if kind in ("static_select", "radio_buttons"):
        selected = raw.get("selected_option")
        return selected.get("value") if selected else None
    if kind in ("checkboxes", "multi_static_select"):
        return [o.get("value") for o in raw.get("selected_options") or []]
    if kind == "users_select":
        return raw.get("selected_user")
    if kind == "conversations_select":
        return raw.get("selected_conversation")
    if kind == "channels_select":
        return raw.get("selected_channel")
    if kind == "timepicker":
        return raw.get("selected_time")
    value = raw.get("value")
    return value.strip() if isinstance(value, str) else value


def _text(
    values: Values, field: str, errors: Errors, *, required: bool = False, limit: int = NOTE_MAX, label: str = "This"
) -> str:
    value = read(values, field)
    text = value if isinstance(value, str) else ""
    if required and not text:
        errors[field] = f"{label} is required."
    elif len(text) > limit:
        errors[field] = f"Keep it under {limit} characters (now {len(text)})."
    return text


def read_number(values: Values, field: str, errors: Errors) -> float | None:
    """A number input's value, or None when empty; a field error when it is not a finite number."""
    value = read(values, field)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        errors[field] = f"“{value}” is not a number."
        return None
    if number != number or abs(number) == float("inf"):
        errors[field] = "Enter a finite number."
        return None
    return number


def read_count(values: Values, field: str, errors: Errors) -> int | None:
    """A whole number of things (experiments, labels), or None when empty; a field error otherwise."""
    number = read_number(values, field, errors)
    if number is None:
        return None
    if number < 0 or number != int(number):
        errors[field] = "Enter a whole number, 0 or more."
        return None
    if number > 1_000_000_000:
        errors[field] = "That is more than a billion: enter the count since the last check-in."
        return None
    return int(number)


def read_choices(values: Values, field: str, allowed: set[str], errors: Errors, *, unknown: str) -> list[str]:
    """The ticked values of a checkboxes input that are among ``allowed``; ``unknown`` as the
    field's error if any is not (a stale form)."""
    chosen = read(values, field) or []
    if not set(chosen) <= allowed:
        errors[field] = unknown
    return [c for c in chosen if c in allowed]


def _choice(
    values: Values, field: str, allowed: set[str], errors: Errors, *, required: bool = False, label: str = "A choice"
) -> str | None:
    value = read(values, field)
    if value is None:
        if required:
            errors[field] = f"{label} is required."
        return None
    if value not in allowed:
        errors[field] = f"“{value}” is not one of the options."
        return None
    return str(value)


def parse_step_1(values: Values) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    data = {
        "name": _text(values, Field.NAME, errors, required=True, limit=80, label="A name"),
        "statement": _text(values, Field.STATEMENT, errors, limit=2000),
        "owner_id": read(values, Field.OWNER) or "",
        "channel_id": read(values, Field.CHANNEL) or "",
        "archetype": _choice(
            values, Field.ARCHETYPE, {a.value for a in Archetype}, errors, required=True, label="An archetype"
        ),
        "gate": {
            q.value: answer
            for q in GateQuestion
            if (answer := _choice(values, gate_field(q.value), {a.value for a in GateAnswer}, errors)) is not None
        },
    }
    if not data["owner_id"]:
        errors[Field.OWNER] = "Choose who owns the project."
    if not data["channel_id"]:
        errors[Field.CHANNEL] = "Choose the project's home channel (its card and check-ins go there)."
    return data, errors


def _ratings(values: Values, drivers: list[str], errors: Errors) -> dict[str, dict[str, Any]]:
    rated: dict[str, dict[str, Any]] = {}
    for driver in drivers:
        rating = _choice(values, rating_field(driver), {"1", "2", "3", "4", "5"}, errors)
        note = _text(values, note_field(driver), errors)
        if rating is not None:
            rated[driver] = {"rating": int(rating), "note": note or None}
        elif note:
            errors[rating_field(driver)] = "Rate it 1–5 to keep the note (or clear the note)."
    return rated


def parse_step_2(values: Values, archetype: Archetype) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    answers = {q.id: _text(values, question_field(q.id), errors, limit=1000) for q in info(archetype).questions}
    flywheel = (
        _choice(values, Field.FLYWHEEL, {"yes", "no", "unsure"}, errors)
        if archetype is Archetype.SOFTWARE_2_0
        else None
    )
    data = {
        "answers": {k: v for k, v in answers.items() if v},
        "data_flywheel": {"yes": True, "no": False}.get(flywheel or ""),
        "impact": _ratings(values, [d.value for d in ImpactDriver], errors),
    }
    return data, errors


def parse_step_3(values: Values) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    flags: list[str] = []
    for group, group_flags in HARD_FLAG_GROUPS.items():
        allowed = {f.value for f in group_flags}
        flags += read_choices(values, flags_field(group.value), allowed, errors, unknown="Unknown flag.")
    data = {"feasibility": _ratings(values, [d.value for d in FeasibilityDriver], errors), "hard_flags": sorted(flags)}
    return data, errors


def _thresholds(text: str, errors: Errors) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 10:
        errors[Field.THRESHOLDS] = "At most 10 thresholds; keep the ones that matter now."
        return []
    for line in lines:
        match = THRESHOLD_LINE.match(line)
        if not match:
            errors[Field.THRESHOLDS] = f"Could not read “{line[:60]}”: write one per line like `latency p95 < 200 ms`."
            return []
        found.append(
            {
                "role": "satisficing",
                "name": match["name"][:80],
                "comparator": match["cmp"],
                "threshold": float(match["value"]),
                "unit": match["unit"].strip()[:20],
            }
        )
    return found


def _weights(text: str, errors: Errors) -> dict[str, float]:
    weights: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        match = WEIGHT_ITEM.match(item)
        if not match or float(match["weight"]) <= 0:
            errors[Field.METRIC_WEIGHTS] = (
                f"Could not read “{item[:40]}”: write `precision=0.7, recall=0.3` (weights above 0)."
            )
            return {}
        weights[match["name"][:80]] = float(match["weight"])
    return weights


def parse_step_4(values: Values, *, editing: bool) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    name = _text(values, Field.METRIC_NAME, errors, limit=80)
    direction = _choice(values, Field.METRIC_DIRECTION, {"higher", "lower"}, errors) or "higher"
    target = read_number(values, Field.METRIC_TARGET, errors)
    unit = _text(values, Field.METRIC_UNIT, errors, limit=20)
    weights = _weights(_text(values, Field.METRIC_WEIGHTS, errors, limit=500), errors)
    metric = None
    if name:
        metric = {
            "role": "optimizing",
            "name": name,
            "direction": direction,
            "target": target,
            "unit": unit,
            "weights": weights,
        }
    elif target is not None or weights:
        errors[Field.METRIC_NAME] = "Name the metric the target or weights belong to."
    data: dict[str, Any] = {
        "metric": metric,
        "thresholds": _thresholds(_text(values, Field.THRESHOLDS, errors, limit=2000), errors),
        "baseline": None,
    }
    names = [m["name"].lower() for m in ([metric] if metric else []) + data["thresholds"]]
    if len(names) != len(set(names)):
        errors[Field.THRESHOLDS] = "A threshold has the same name as another metric; each metric appears once."
    kind = _choice(values, Field.BASELINE_KIND, {"published", "rule_based", "simple_ml", "human"}, errors)
    description = _text(values, Field.BASELINE_DESCRIPTION, errors)
    value = read_number(values, Field.BASELINE_VALUE, errors)
    source = _text(values, Field.BASELINE_SOURCE, errors)
    level = read(values, Field.HUMAN_LEVEL)
    if kind:
        if not description:
            errors[Field.BASELINE_DESCRIPTION] = "Describe the baseline (what it is, how it was measured)."
        if kind == "human" and not level:
            errors[Field.HUMAN_LEVEL] = "A human baseline needs its level: who the humans are."
        data["baseline"] = {
            "kind": kind,
            "description": description,
            "value": value,
            "source": source,
            "human_level": level if kind == "human" else None,
        }
    elif description or value is not None:
        errors[Field.BASELINE_KIND] = "Choose what kind of baseline this is."
    if editing:
        data["metric_change_reason"] = _text(values, Field.METRIC_CHANGE_REASON, errors)
    return data, errors


def parse_step_5(values: Values) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    cadence = _choice(
        values, Field.CADENCE, {"weekly", "biweekly", "monthly", NO_CHECKINS}, errors, required=True, label="A cadence"
    )
    weekday = _choice(values, Field.WEEKDAY, {str(i) for i in range(7)}, errors) or "0"
    at = read(values, Field.TIME) or "10:00"
    tz = _text(
        values, Field.TIMEZONE, errors, required=cadence not in (None, NO_CHECKINS), limit=64, label="A timezone"
    )
    skip = bool(read(values, Field.SKIP_WEEKENDS))
    try:
        local = time.fromisoformat(at)
    except ValueError:
        errors[Field.TIME] = "Pick a time."
        local = time(10, 0)
    if tz and Field.TIMEZONE not in errors:
        try:
            zone(tz)
        except DomainError:
            errors[Field.TIMEZONE] = f"“{tz}” is not an IANA timezone; try Europe/Paris or America/New_York."
    checkin = None
    if cadence and cadence != NO_CHECKINS:
        checkin = {
            "cadence": cadence,
            "weekday": int(weekday),
            "local_time": local.strftime("%H:%M"),
            "timezone": tz or "UTC",
            "skip_weekends": skip,
        }
    return {"checkin": checkin, "checkins_off": cadence == NO_CHECKINS}, errors


def parser_for(step: int, data: dict[str, Any], *, editing: bool) -> Callable[[Values], tuple[dict[str, Any], Errors]]:
    if step == 1:
        return parse_step_1
    if step == 2:
        return lambda values: parse_step_2(values, Archetype(data.get("archetype") or Archetype.SOFTWARE_2_0))
    if step == 3:
        return parse_step_3
    if step == 4:
        return lambda values: parse_step_4(values, editing=editing)
    return parse_step_5


def scope_from(data: dict[str, Any], *, baselines: list[Baseline] | None = None) -> Scope:
    """The scope the draft describes so far (for advice, scores and the final save)."""
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
            "answers": data.get("answers") or {},
            "data_flywheel": data.get("data_flywheel"),
            "impact": data.get("impact") or {},
            "feasibility": data.get("feasibility") or {},
            "hard_flags": data.get("hard_flags") or [],
            "metrics": [parse(Metric, m) for m in metrics],
            "baselines": kept,
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
        "answers": dict(scope.answers),
        "data_flywheel": scope.data_flywheel,
        "impact": {k.value: v.model_dump() for k, v in scope.impact.items()},
        "feasibility": {k.value: v.model_dump() for k, v in scope.feasibility.items()},
        "hard_flags": sorted(f.value for f in scope.hard_flags),
        "metric": optimizing.model_dump(mode="json") if optimizing else None,
        "thresholds": [m.model_dump(mode="json") for m in scope.metrics if m.role is MetricRole.SATISFICING],
        "baseline": None,
        "checkin": project.checkin.model_dump(mode="json", exclude={"anchor", "paused"}) if project.checkin else None,
    }
