"""A baseline's operating point as a decision task (its precision and recall, each optional), asked
by the card's Add baseline form and scoping step 4 alike: the inputs and their parser."""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.forms import Errors, Values, read_share
from bot.slack.ids import Field


def operating_point_inputs(baseline: dict[str, Any]) -> list[kit.Block]:
    """The baseline's precision and recall as a decision task (optional): what it is worth a month."""

    def share(field: str, label: str, initial: float | None, hint: str) -> kit.Block:
        shown = None if initial is None else f"{initial:g}"
        element = kit.text_input(initial=shown, max_length=12, placeholder="e.g. 0.62 or 62%")
        return kit.input_block(field, label, element, optional=True, hint=hint)

    return [
        share(Field.BASELINE_PRECISION, "Its precision", baseline.get("precision"), "Of the cases it flags, the share that are positive."),
        share(
            Field.BASELINE_RECALL,
            "Its recall",
            baseline.get("recall"),
            "Of the positive cases, the share it flags. With its precision, the card says what it is worth a month.",
        ),
    ]


def read_operating_point(values: Values, errors: Errors) -> dict[str, float | None]:
    """A baseline's precision and recall (each optional; "0.62" or "62%"), as shares."""
    precision = read_share(values, Field.BASELINE_PRECISION, errors)
    recall = read_share(values, Field.BASELINE_RECALL, errors)
    if precision == 0 and recall:
        errors[Field.BASELINE_PRECISION] = "A baseline that catches any positive case has a precision above 0."
    return {"precision": precision, "recall": recall}
