"""The scoping conversation's questions: the modal's input blocks, one at a time.

Each question is one input block of a scoping step as the modal builds it from the draft
(``bot.features.scoping.step_blocks`` and ``metric_step``), so the chat asks exactly what the form
asks, in the same order, with the same labels, hints, options and limits. A question is left out
while it cannot apply: a rating's "why?" before the rating, the metric's details before its name,
a baseline's details before its kind, what a decision is worth until the person says they want to
say it, the schedule's details when there are no check-ins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bot.features.scoping.meta import STEPS
from bot.features.scoping.metric_step import step_4
from bot.features.scoping.step_blocks import step_1, step_2, step_3, step_5
from bot.slack import kit
from bot.slack.ids import Field

Kind = Literal["text", "choice", "choices", "yesno", "user", "channel", "time"]
WORTH = "chat_worth"  # the conversation's own question: "say what a decision is worth?" (yes / no)
METRIC_DETAILS = {Field.METRIC_DIRECTION, Field.METRIC_TARGET, Field.METRIC_UNIT, Field.METRIC_WEIGHTS}
BASELINE_DETAILS = {
    Field.BASELINE_DESCRIPTION, Field.BASELINE_VALUE, Field.BASELINE_SOURCE,
    Field.BASELINE_PRECISION, Field.BASELINE_RECALL,
}  # fmt: skip
WORTH_FIELDS = {
    Field.WORTH_DECISIONS, Field.WORTH_POSITIVE_SHARE, Field.WORTH_VALUE_TP, Field.WORTH_COST_FP,
    Field.WORTH_REVIEW_COST, Field.WORTH_PRECISION, Field.WORTH_RECALL, Field.WORTH_BASELINE_RECALL,
}  # fmt: skip
SCHEDULE_DETAILS = {Field.WEEKDAY, Field.TIME, Field.TIMEZONE, Field.SKIP_WEEKENDS}
KINDS: dict[str, Kind] = {
    "plain_text_input": "text",
    "number_input": "text",
    "static_select": "choice",
    "radio_buttons": "choice",
    "users_select": "user",
    "conversations_select": "channel",
    "timepicker": "time",
}


@dataclass(frozen=True)
class Question:
    step: int
    field: str
    label: str
    hint: str
    kind: Kind
    options: tuple[tuple[str, str, str], ...]  # (label, value, description)
    optional: bool
    block: dict[str, Any]  # the modal's input block it comes from (its element gives the initial value)
    heading: str = ""  # the modal's section above it ("*A first baseline*"), mrkdwn


def _body(step: int, data: dict[str, Any]) -> list[kit.Block]:
    return {1: step_1, 2: step_2, 3: step_3, 4: lambda d: step_4(d, editing=False), 5: step_5}[step](data)


def step_blocks(step: int, data: dict[str, Any]) -> list[kit.Block]:
    """The input blocks of ``step`` as the new-project modal shows them for ``data``."""
    return [b for b in _body(step, data) if b.get("type") == "input"]


def _question(step: int, block: dict[str, Any], heading: str) -> Question:
    element = block["element"]
    options = tuple(
        (o["text"]["text"], o["value"], (o.get("description") or {}).get("text", "")) for o in element.get("options", [])
    )
    kind = KINDS.get(element["type"], "choices")
    if kind == "choices" and len(options) == 1:
        kind = "yesno"
    hint = (block.get("hint") or {}).get("text", "")
    label = block["label"]["text"]
    return Question(step, block["block_id"], label, hint, kind, options, block["optional"], block, heading)


WORTH_QUESTION = Question(
    4, WORTH, "Is it a model that flags cases someone acts on? Then say what a good decision is worth: the card "
    "then says what the model is worth a month.", "", "yesno", (("Yes", "yes", ""),), True, {},
)  # fmt: skip


def applies(field: str, data: dict[str, Any]) -> bool:
    rated = (data.get("impact") or {}) | (data.get("feasibility") or {})
    if field.startswith("note_"):
        return field.removeprefix("note_") in rated
    if field in METRIC_DETAILS:
        return bool(data.get("metric"))
    if field in BASELINE_DETAILS:
        return bool((data.get("baseline") or {}).get("kind"))
    if field == Field.HUMAN_LEVEL:
        return (data.get("baseline") or {}).get("kind") == "human"
    if field in WORTH_FIELDS:
        return data.get(WORTH) is True
    if field in SCHEDULE_DETAILS:
        return bool(data.get("checkin"))
    return True


GATE_HEADING = "*The gate*"


def questions(step: int, data: dict[str, Any]) -> list[Question]:
    """Every question of ``step`` in the form's order, whether or not it applies yet."""
    found, heading = [], ""
    for block in _body(step, data):
        if block.get("type") == "section":
            heading = block["text"]["text"]
        elif block.get("type") == "input":
            if heading.startswith(GATE_HEADING) and not block["block_id"].startswith("gate_"):
                heading = ""  # the gate's three questions end where the owner's begins
            found.append(_question(step, block, heading))
    if step == 4:
        at = next(i for i, q in enumerate(found) if q.field == Field.WORTH_DECISIONS)
        found.insert(at, WORTH_QUESTION)
    return found


def next_question(data: dict[str, Any], step: int, after: str | None) -> Question | None:
    """The first question that applies after ``after`` (None: from the start of ``step``), moving on
    through later steps; None once step 5 is done."""
    for at in range(step, STEPS + 1):
        asked = questions(at, data)
        fields = [q.field for q in asked]
        start = fields.index(after) + 1 if at == step and after in fields else 0
        for question in asked[start:]:
            if applies(question.field, data):
                return question
    return None


def previous_question(data: dict[str, Any], step: int, before: str | None) -> Question | None:
    """The last question that applies before ``before`` (None: the end of ``step``); None at the first."""
    for at in range(step, 0, -1):
        asked = questions(at, data)
        fields = [q.field for q in asked]
        end = fields.index(before) if at == step and before in fields else len(asked)
        for question in reversed(asked[:end]):
            if applies(question.field, data):
                return question
    return None


def find(data: dict[str, Any], step: int, field: str) -> Question | None:
    return next((q for q in questions(step, data) if q.field == field), None)
