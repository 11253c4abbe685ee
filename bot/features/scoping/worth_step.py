"""Step 4's optional "What is a good decision worth?" block: its inputs and their parser.

For a decision task (the model flags cases someone acts on): volume, share of positives, what a
true and a false positive are worth, the review cost per flag (human in the loop only), and the
precision and recall the team states. Stored as ``Scope.economics`` (``domain.worth_inputs``);
``domain.project_worth`` turns them into the card's money line. Every answer is optional.
"""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.forms import Errors, Values, read_number
from bot.slack.ids import Field
from domain.project_worth import as_share, precision_like
from domain.worth import DECISIONS_MAX, MONEY_MAX, lowest_possible_precision

MONEY_FIELDS = {
    Field.WORTH_VALUE_TP: "value_per_true_positive",
    Field.WORTH_COST_FP: "cost_per_false_positive",
    Field.WORTH_REVIEW_COST: "review_cost_per_flag",
}
SHARE_FIELDS = {
    Field.WORTH_PRECISION: "precision",
    Field.WORTH_RECALL: "recall",
    Field.WORTH_BASELINE_RECALL: "baseline_recall",
}


def _number(field: str, label: str, initial: float | None, hint: str, *, decimal: bool = True) -> kit.Block:
    """A text input, so that numbers are typed as people write them ("5,000", "3%": bot/slack/numbers.py)."""
    shown = None if initial is None else (f"{initial:,.0f}" if not decimal else f"{initial:.6g}")
    return kit.input_block(field, label, kit.text_input(initial=shown, max_length=40), optional=True, hint=hint)


def worth_inputs(economics: dict[str, Any] | None, *, human_review: bool) -> list[kit.Block]:
    """The optional block; the review cost is asked only when a person reviews every flag."""
    e = economics or {}
    share = e.get("prevalence")
    blocks = [
        kit.section(
            "*What is a good decision worth?* (optional, for a model that flags cases someone acts on: "
            "the card then says what it is worth a month)"
        ),
        _number(
            Field.WORTH_DECISIONS,
            "Decisions per month",
            e.get("decisions_per_month"),
            "Cases scored a month.",
            decimal=False,
        ),
        _number(
            Field.WORTH_POSITIVE_SHARE,
            "Share of cases that are positive (%)",
            None if share is None else share * 100,
            "e.g. 3 for 3 % fraudulent invoices.",
        ),
        _number(
            Field.WORTH_VALUE_TP,
            "Value of acting on a true positive",
            e.get("value_per_true_positive"),
            "Money per case, in the workspace's currency.",
        ),
        _number(
            Field.WORTH_COST_FP,
            "Cost of acting on a false positive",
            e.get("cost_per_false_positive"),
            "Money per case: a delayed payment, an annoyed customer.",
        ),
    ]
    if human_review:
        blocks.append(
            _number(
                Field.WORTH_REVIEW_COST,
                "Review cost per flagged case",
                e.get("review_cost_per_flag"),
                "What a person's look at one flag costs.",
            )
        )
    blocks += [
        _number(
            Field.WORTH_PRECISION,
            "Precision at target (0.8 or 80%)",
            e.get("precision"),
            "Leave empty when the optimizing metric is precision: its target is used.",
        ),
        _number(
            Field.WORTH_RECALL,
            "Recall the team states (0.8 or 80%)",
            e.get("recall"),
            "Leave empty when the optimizing metric is recall: its target is used.",
        ),
    ]
    if e.get("baseline_recall") is not None:  # asked before baselines had their own point: kept, editable
        blocks.append(
            _number(
                Field.WORTH_BASELINE_RECALL,
                "The baseline's recall, for a baseline that states none",
                e.get("baseline_recall"),
                "Each baseline's own precision and recall (below, or Add baseline on the card) come first.",
            )
        )
    return blocks


def _share(values: Values, field: str, errors: Errors) -> float | None:
    value = read_number(values, field, errors, percent="share")  # "80%" is 0.8
    if value is not None and not 0 <= value <= 1:
        errors[field] = "Enter a number from 0 to 1, e.g. 0.8."
        return None
    return value


def parse_worth(values: Values, metric: dict[str, Any] | None, errors: Errors) -> dict[str, Any] | None:
    """The worth answers (None when none is given); out-of-range answers become field errors."""
    found: dict[str, Any] = {}
    decisions = read_number(values, Field.WORTH_DECISIONS, errors)
    if decisions is not None:
        if decisions != int(decisions) or not 1 <= decisions <= DECISIONS_MAX:
            errors[Field.WORTH_DECISIONS] = "Enter a whole number of decisions a month, 1 or more."
        else:
            found["decisions_per_month"] = int(decisions)
    percent = read_number(values, Field.WORTH_POSITIVE_SHARE, errors, percent="points")  # asked in percent
    if percent is not None:
        if not 0 < percent <= 100:
            errors[Field.WORTH_POSITIVE_SHARE] = "Enter a percentage above 0 and at most 100, e.g. 3."
        else:
            found["prevalence"] = percent / 100
    for field, name in MONEY_FIELDS.items():
        amount = read_number(values, field, errors)
        if amount is not None:
            if not 0 <= amount <= MONEY_MAX:
                errors[field] = "Enter an amount of 0 or more (a cost is entered as a positive number)."
            else:
                found[name] = amount
    for field, name in SHARE_FIELDS.items():
        if (share := _share(values, field, errors)) is not None:
            found[name] = share
    _check_operating_point(found, metric, errors)
    return found or None


def _check_operating_point(found: dict[str, Any], metric: dict[str, Any] | None, errors: Errors) -> None:
    """A precision of 0 that catches something, or one below flagging every case, cannot be."""
    precision = found.get("precision")
    if metric and precision_like(metric.get("name")):
        from_target = as_share(metric.get("target"), metric.get("unit") or "")
        precision = from_target if from_target is not None else precision
    recall, prevalence = found.get("recall"), found.get("prevalence")
    if precision is None or not recall:
        return
    if precision == 0:
        errors[Field.WORTH_PRECISION] = "A model that catches any positive case has a precision above 0."
    elif prevalence is not None and precision < lowest_possible_precision(prevalence, recall) * (1 - 1e-9):
        floor = lowest_possible_precision(prevalence, recall)
        errors[Field.WORTH_PRECISION] = (
            f"Precision {precision:g} at recall {recall:g} would flag more cases than there are; "
            f"with {prevalence * 100:g} % positive it is at least {floor:.3g}."
        )
