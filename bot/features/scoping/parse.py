"""The scoping steps' form parsers: modal state → draft data, with field errors keyed by block id.

The draft (a JSON dict saved at every step) is the flow's memory; ``private_metadata`` only says
which step and mode the modal is in (``meta``). Each ``parse_step_N`` returns the fields it read
and the errors to show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from typing import Any

from bot.features.baseline_point import read_operating_point
from bot.features.scoping.meta import NO_CHECKINS
from bot.features.scoping.worth_step import parse_worth
from bot.slack.forms import Errors, Values, read, read_choice, read_choices, read_text, read_typed
from bot.slack.ids import Field, flags_field, gate_field, note_field, question_field, rating_field
from bot.slack.numbers import Typed
from domain.archetypes import info
from domain.errors import DomainError, parse
from domain.feasibility_questions import FEASIBILITY_QUESTIONS
from domain.metric_scale import reading_value
from domain.metrics import Metric
from domain.model import HARD_FLAG_GROUPS, Archetype, FeasibilityDriver, GateAnswer, GateQuestion, ImpactDriver
from domain.recurrence import zone

THRESHOLD_LINE = re.compile(r"^(?P<name>.+?)\s*(?P<cmp><=|>=|<|>)\s*(?P<value>-?\d+(?:\.\d+)?)\s*(?P<unit>.*)$")
WEIGHT_ITEM = re.compile(r"^\s*(?P<name>[^=]+?)\s*=\s*(?P<weight>\d+(?:\.\d+)?)\s*$")


def parse_step_1(values: Values) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    data = {
        "name": read_text(values, Field.NAME, errors, required=True, limit=80, label="A name"),
        "statement": read_text(values, Field.STATEMENT, errors, limit=2000),
        "owner_id": read(values, Field.OWNER) or "",
        "channel_id": read(values, Field.CHANNEL) or "",
        "archetype": read_choice(
            values, Field.ARCHETYPE, {a.value for a in Archetype}, errors, required=True, label="An archetype"
        ),
        "gate": {
            q.value: answer
            for q in GateQuestion
            if (answer := read_choice(values, gate_field(q.value), {a.value for a in GateAnswer}, errors)) is not None
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
        rating = read_choice(values, rating_field(driver), {"1", "2", "3", "4", "5"}, errors)
        note = read_text(values, note_field(driver), errors)
        if rating is not None:
            rated[driver] = {"rating": int(rating), "note": note or None}
        elif note:
            errors[rating_field(driver)] = "Rate it 1–5 to keep the note (or clear the note)."
    return rated


def parse_step_2(values: Values, archetype: Archetype) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    answers = {q.id: read_text(values, question_field(q.id), errors, limit=1000) for q in info(archetype).questions}
    flywheel = (
        read_choice(values, Field.FLYWHEEL, {"yes", "no", "unsure"}, errors)
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
    answers = {q.id: read_text(values, question_field(q.id), errors, limit=1000) for q in FEASIBILITY_QUESTIONS}
    data = {
        "feasibility": _ratings(values, [d.value for d in FeasibilityDriver], errors),
        "hard_flags": sorted(flags),
        "feasibility_answers": {k: v for k, v in answers.items() if v},
    }
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
    metric = _read_metric(values, errors)
    data: dict[str, Any] = {
        "metric": metric,
        "thresholds": _thresholds(read_text(values, Field.THRESHOLDS, errors, limit=2000), errors),
        "baseline": None,
    }
    names = [m["name"].lower() for m in ([metric] if metric else []) + data["thresholds"]]
    if len(names) != len(set(names)):
        errors[Field.THRESHOLDS] = "A threshold has the same name as another metric; each metric appears once."
    data["baseline"] = _read_baseline(values, metric, errors)
    data["economics"] = parse_worth(values, metric, errors)
    if editing:
        data["metric_change_reason"] = read_text(values, Field.METRIC_CHANGE_REASON, errors)
    return data, errors


def _read_metric(values: Values, errors: Errors) -> dict[str, Any] | None:
    """The optimizing metric, if named (a target or weights without a name is an error)."""
    name = read_text(values, Field.METRIC_NAME, errors, limit=80)
    direction = read_choice(values, Field.METRIC_DIRECTION, {"higher", "lower"}, errors) or "higher"
    typed = read_typed(values, Field.METRIC_TARGET, errors)  # "90%", "0,9", "3,000": as people write it
    unit = read_text(values, Field.METRIC_UNIT, errors, limit=20)
    weights = _weights(read_text(values, Field.METRIC_WEIGHTS, errors, limit=500), errors)
    if name:
        found = {"role": "optimizing", "name": name, "direction": direction, "unit": unit, "weights": weights}
        as_typed = found | {"target": typed.value if typed else None}  # its scale follows the target as typed
        return found | {"target": _on_scale(as_typed, typed, Field.METRIC_TARGET, errors)}
    target = typed.value if typed else None
    if target is not None or weights:
        errors[Field.METRIC_NAME] = "Name the metric the target or weights belong to."
    return None


def _on_scale(metric: dict[str, Any] | None, typed: Typed | None, field: str, errors: Errors) -> float | None:
    """A target or baseline value as typed, on its metric's scale (``domain.metric_scale``): "90%"
    is 90 on a percent metric and 0.9 on a share; a value impossible for the metric is the field
    error the Record-metric dialog gives. With no metric (or one not yet valid) "%" is refused."""
    if typed is None:
        return None
    try:
        shape = parse(Metric, metric) if metric else None
    except DomainError:
        shape = None  # the step's own check names what is wrong with the metric
    if shape is None:
        if typed.percent:
            errors[field] = f"Enter a plain number here, without “%” (e.g. {typed.value / 100:g} for {typed.value:g}%)."
            return None
        return typed.value
    try:
        return reading_value(shape, typed.value, percent=typed.percent)
    except DomainError as exc:
        errors[field] = exc.message
        return None


def _read_baseline(values: Values, metric: dict[str, Any] | None, errors: Errors) -> dict[str, Any] | None:
    """A first (or another) baseline, if its kind is chosen (a description or value without one is an error)."""
    kind = read_choice(values, Field.BASELINE_KIND, {"published", "rule_based", "simple_ml", "human"}, errors)
    description = read_text(values, Field.BASELINE_DESCRIPTION, errors)
    value = _on_scale(metric, read_typed(values, Field.BASELINE_VALUE, errors), Field.BASELINE_VALUE, errors)
    source = read_text(values, Field.BASELINE_SOURCE, errors)
    level = read(values, Field.HUMAN_LEVEL)
    point = read_operating_point(values, errors)
    if not kind:
        if description or value is not None or any(v is not None for v in point.values()):
            errors[Field.BASELINE_KIND] = "Choose what kind of baseline this is."
        return None
    if not description:
        errors[Field.BASELINE_DESCRIPTION] = "Describe the baseline (what it is, how it was measured)."
    if kind == "human" and not level:
        errors[Field.HUMAN_LEVEL] = "A human baseline needs its level: who the humans are."
    human_level = level if kind == "human" else None
    found = {"kind": kind, "description": description, "value": value, "source": source, "human_level": human_level}
    return found | point


def parse_step_5(values: Values) -> tuple[dict[str, Any], Errors]:
    errors: Errors = {}
    cadence = read_choice(
        values, Field.CADENCE, {"weekly", "biweekly", "monthly", NO_CHECKINS}, errors, required=True, label="A cadence"
    )
    weekday = read_choice(values, Field.WEEKDAY, {str(i) for i in range(7)}, errors) or "0"
    at = read(values, Field.TIME) or "10:00"
    tz = read_text(
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
