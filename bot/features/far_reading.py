"""A reading far from its series, confirmed before it is recorded (issue 18), in any dialog that takes one.

The dialog is shown again (``response_action: update``) with what was typed and one more input: a
checkbox "Yes, record <value>", next to the latest reading. Ticked and submitted, the reading is
recorded; left unticked, the same question comes back. Nothing is stored meanwhile.
"""

from __future__ import annotations

from typing import Any

from bot.slack import kit
from bot.slack.forms import Values, read
from bot.slack.ids import Field
from domain.metric_scale import FarFromSeries

YES = "yes"
VIEW_KEYS = ("type", "title", "submit", "close", "callback_id", "private_metadata", "notify_on_close")


def confirmed(values: Values) -> bool:
    return YES in (read(values, Field.CONFIRM_FAR) or [])


def confirm_answer(view: dict[str, Any], far: FarFromSeries) -> dict[str, Any]:
    """The submitted dialog again, its inputs as typed, with the confirmation to tick."""
    typed = view.get("state", {}).get("values", {})
    blocks = [_as_typed(b, typed) for b in view.get("blocks") or [] if b.get("block_id") != Field.CONFIRM_FAR]
    question = kit.checkboxes([kit.option(f"Yes, record {far.value:.6g}", YES)])
    blocks.append(kit.input_block(Field.CONFIRM_FAR, far.message, question, optional=True))
    again = {k: view[k] for k in VIEW_KEYS if k in view} | {"blocks": blocks}
    return {"response_action": "update", "view": again}


def _as_typed(block: dict[str, Any], values: Values) -> dict[str, Any]:
    """An input block with what the person typed as its initial value (a plain text input)."""
    field = block.get("block_id")
    element = block.get("element") or {}
    value = read(values, str(field)) if field else None
    if block.get("type") != "input" or element.get("type") != "plain_text_input" or not isinstance(value, str):
        return block
    return block | {"element": element | {"initial_value": value}}
