"""The card's forms' parsers: modal state → the values a use case takes, with field errors keyed by
block id. Which block shows a refusal about which field (``*_BLOCKS``) lives here too."""

from __future__ import annotations

from typing import Any

from bot.features.baseline_point import read_operating_point
from bot.slack.forms import Errors, Values, read, read_choices, read_typed
from bot.slack.ids import Field
from bot.slack.numbers import Typed
from domain.model import ChecklistItem

STAGE_BLOCKS = {"stage": Field.STAGE_TARGET, "reason": Field.REASON}
METRIC_BLOCKS = {"value": Field.VALUE, "note": Field.NOTE}
BASELINE_BLOCKS = {
    "kind": Field.BASELINE_KIND,
    "description": Field.BASELINE_DESCRIPTION,
    "value": Field.BASELINE_VALUE,
    "source": Field.BASELINE_SOURCE,
    "human_level": Field.HUMAN_LEVEL,
    "precision": Field.BASELINE_PRECISION,
    "recall": Field.BASELINE_RECALL,
}
STALE_CHECKLIST = "This form is out of date: open the checklist again."


def parse_metric(values: Values) -> tuple[Typed | None, Errors]:
    """The reading as typed ("71.5%", "0,8"): its metric's scale decides what "%" means."""
    errors: Errors = {}
    typed = read_typed(values, Field.VALUE, errors)
    if typed is None and not errors:
        errors[Field.VALUE] = "Enter the metric's current value."
    return typed, errors


def parse_checklist(values: Values) -> tuple[set[ChecklistItem], Errors]:
    errors: Errors = {}
    known = {i.value for i in ChecklistItem}
    chosen = read_choices(values, Field.CHECKLIST, known, errors, unknown=STALE_CHECKLIST)
    return {ChecklistItem(c) for c in chosen}, errors


def parse_baseline(values: Values) -> tuple[dict[str, Any], bool, Errors]:
    """The baseline's raw fields, for ``domain.errors.parse(Baseline, ...)``, and whether its value
    was typed with "%" (its metric's scale says what that means: ``domain.metric_scale``)."""
    errors: Errors = {}
    typed = read_typed(values, Field.BASELINE_VALUE, errors)  # "62%": its metric's scale says what it means
    value = typed.value if typed else None
    kind = read(values, Field.BASELINE_KIND)
    if kind != "human" and read(values, Field.HUMAN_LEVEL):
        errors[Field.HUMAN_LEVEL] = "Only a human baseline has a human level; clear it or change the kind."
    raw = {
        "kind": kind,
        "description": read(values, Field.BASELINE_DESCRIPTION) or "",
        "value": value,
        "source": read(values, Field.BASELINE_SOURCE) or "",
        "human_level": read(values, Field.HUMAN_LEVEL),
    }
    return raw | read_operating_point(values, errors), bool(typed and typed.percent), errors
