"""Reading the "Scoring and ranking" form: numbers as typed, then the domain's bounds
(``domain.scoring_weights``), each broken rule as a field error on the input it is about."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.slack.forms import Errors, Values, read, read_choice, read_number
from bot.slack.ids import Field, weight_field
from domain.model import FeasibilityDriver, ImpactDriver
from domain.scoring import RankingPolicy, ScoringWeights

AXES: dict[str, tuple[ImpactDriver, ...] | tuple[FeasibilityDriver, ...]] = {
    "impact": tuple(ImpactDriver),
    "feasibility": tuple(FeasibilityDriver),
}
# The block that shows a rule broken by a setting (driver weights: weight_field of the driver).
SETTING_BLOCKS = {
    "flywheel_bonus": Field.FLYWHEEL_BONUS,
    "hard_flag_factor": Field.HARD_FLAG_PERCENT,
    "impact_threshold": Field.IMPACT_THRESHOLD,
    "feasibility_threshold": Field.FEASIBILITY_THRESHOLD,
    "ranking": Field.RANKING,
}
RESET = "defaults"


def _required(values: Values, field: str, errors: Errors) -> float | None:
    number = read_number(values, field, errors)
    if number is None and field not in errors:
        errors[field] = "Enter a number."
    return number


def parse_scoring(values: Values) -> tuple[ScoringWeights | None, Errors]:
    """The settings the form asks for, or the field errors saying why not (nothing is saved either way)."""
    if RESET in (read(values, Field.RESET_DEFAULTS) or []):
        return ScoringWeights(), {}
    errors: Errors = {}
    data: dict[str, Any] = {
        axis: {d.value: _required(values, weight_field(d.value), errors) for d in drivers}
        for axis, drivers in AXES.items()
    }
    percent = _required(values, Field.HARD_FLAG_PERCENT, errors)
    data["hard_flag_factor"] = None if percent is None else percent / 100
    for setting in ("flywheel_bonus", "impact_threshold", "feasibility_threshold"):
        data[setting] = _required(values, SETTING_BLOCKS[setting], errors)
    allowed = {p.value for p in RankingPolicy}
    data["ranking"] = read_choice(values, Field.RANKING, allowed, errors, required=True, label="The ranking policy")
    if errors:
        return None, errors
    try:
        return ScoringWeights.model_validate(data), {}
    except ValidationError as exc:
        return None, _rules_broken(exc)


def _rules_broken(exc: ValidationError) -> Errors:
    """Each broken bound on its input (an axis without any weight: on the axis's first driver)."""
    errors: Errors = {}
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        if loc[0] in AXES:
            block = weight_field(loc[1] if len(loc) > 1 else AXES[loc[0]][0].value)
        else:
            block = SETTING_BLOCKS.get(loc[0], weight_field(ImpactDriver.CHEAP_PREDICTION.value))
        message = str(error["msg"]).removeprefix("Value error, ")
        errors.setdefault(block, message[:1].upper() + message[1:] + ".")
    return errors
