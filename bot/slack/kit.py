"""Small constructors for Block Kit objects, with escaping and truncation built in.

User text is escaped (``&``, ``<``, ``>``) so that it can never ping ``@channel`` or break
formatting, and cut to the limit of the field it goes into.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

Block = dict[str, Any]


def esc(text: str) -> str:
    """Escape user text for mrkdwn: Slack's three control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def date(when: datetime, fmt: str = "{date_short_pretty} at {time}") -> str:
    """A time each reader sees in their own Slack timezone (``<!date^…>``), with a UTC fallback for
    clients that cannot format it. Channel messages are read from many zones: none is assumed.
    https://docs.slack.dev/messaging/formatting-message-text#date-formatting"""
    fallback = f"{when.astimezone(UTC):%a %d %b %Y %H:%M} UTC" if "{time" in fmt else f"{when.astimezone(UTC):%Y-%m-%d}"
    return f"<!date^{int(when.timestamp())}^{fmt}|{fallback}>"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 project``, ``3 projects``: never "project(s)"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def day(when: datetime) -> str:
    """A date alone, in the reader's timezone (``{date_num}``: 2026-12-07)."""
    return date(when, "{date_num}")


QUOTED = re.compile(r"(“[^”]*”|`[^`]*`)")


def esc_quoted(text: str) -> str:
    """Escape what an error message quotes back (“…” or `…`): that is where user input appears,
    while the message's own formatting (mentions, bold) stays outside the quotes."""
    return QUOTED.sub(lambda m: esc(m.group(0)), text)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int = 3000) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut(text, limit) or " ", "emoji": True}


def md(text: str, limit: int = 3000) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": cut(text, limit) or " "}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, 150)}


def section(text: str, *, block_id: str | None = None, accessory: dict[str, Any] | None = None) -> Block:
    block: Block = {"type": "section", "text": md(text)}
    if block_id:
        block["block_id"] = block_id
    if accessory:
        block["accessory"] = accessory
    return block


def fields(*pairs: tuple[str, str]) -> Block:
    return {"type": "section", "fields": [md(f"*{label}*\n{value}", 2000) for label, value in pairs[:10]]}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [md(t, 2000) for t in texts[:10]]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, action_id: str, value: str = "", *, style: str | None = None, confirm: dict[str, Any] | None = None
) -> dict[str, Any]:
    el: dict[str, Any] = {"type": "button", "text": plain(text, 75), "action_id": action_id}
    if value:
        el["value"] = value[:2000]
    if style:
        el["style"] = style
    if confirm:
        el["confirm"] = confirm
    return el


def confirm(title: str, text: str, yes: str, no: str = "Cancel") -> dict[str, Any]:
    return {
        "title": plain(title, 100),
        "text": md(text, 300),
        "confirm": plain(yes, 30),
        "deny": plain(no, 30),
        "style": "danger",
    }


def actions(*elements: dict[str, Any], block_id: str = "actions") -> Block:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)[:25]}


def option(text: str, value: str, description: str | None = None) -> dict[str, Any]:
    opt: dict[str, Any] = {"text": plain(text, 75), "value": value[:150]}
    if description:
        opt["description"] = plain(description, 75)
    return opt


def input_block(
    field: str,
    label: str,
    element: dict[str, Any],
    *,
    optional: bool = False,
    hint: str | None = None,
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": field,
        "label": plain(label, 2000),
        "element": element | {"action_id": field},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def text_input(
    *, initial: str | None = None, multiline: bool = False, max_length: int = 3000, placeholder: str | None = None
) -> dict[str, Any]:
    el: dict[str, Any] = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if initial:
        el["initial_value"] = initial[:max_length]
    if placeholder:
        el["placeholder"] = plain(placeholder, 150)
    return el


def number_input(*, initial: float | None = None, decimal: bool = True) -> dict[str, Any]:
    el: dict[str, Any] = {"type": "number_input", "is_decimal_allowed": decimal}
    if initial is not None:
        el["initial_value"] = f"{initial:g}"
    return el


def select(
    options: list[dict[str, Any]], *, initial: str | None = None, placeholder: str = "Choose…"
) -> dict[str, Any]:
    el: dict[str, Any] = {"type": "static_select", "options": options[:100], "placeholder": plain(placeholder, 150)}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen:
        el["initial_option"] = chosen
    return el


def radio(options: list[dict[str, Any]], *, initial: str | None = None) -> dict[str, Any]:
    el: dict[str, Any] = {"type": "radio_buttons", "options": options[:10]}
    chosen = next((o for o in options if o["value"] == initial), None)
    if chosen:
        el["initial_option"] = chosen
    return el


def checkboxes(options: list[dict[str, Any]], *, initial: list[str] | None = None) -> dict[str, Any]:
    el: dict[str, Any] = {"type": "checkboxes", "options": options[:10]}
    chosen = [o for o in options if o["value"] in (initial or [])]
    if chosen:
        el["initial_options"] = chosen
    return el


def modal(
    title: str,
    blocks: list[Block],
    *,
    callback_id: str,
    submit: str | None = "Next",
    close: str = "Cancel",
    private_metadata: str = "",
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain(close, 24),
        "blocks": blocks[:100],
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit, 24)
    return view
