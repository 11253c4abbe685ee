"""Reading what a modal submitted: one value per input block, whatever its element, and the
checks every form needs (required, length, a finite number, a count), as field errors keyed by
block id — the shape ``response_action: errors`` wants."""

from __future__ import annotations

from typing import Any

from bot.slack.numbers import NotANumber, NotFinite, Typed, typed_number
from domain.project_worth import as_share
from domain.values import NOTE_MAX

Values = dict[str, dict[str, dict[str, Any]]]
Errors = dict[str, str]


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


# Where an input element carries the value it is shown with (and submits if untouched):
# https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element (initial_option,
# initial_user, initial_conversation, initial_channel), checkboxes' initial_options, the
# timepicker's initial_time, plain text input's initial_value.
_INITIAL_ID = ("initial_user", "initial_conversation", "initial_channel", "initial_time")


def initial(element: dict[str, Any]) -> Any:
    """The value an input element is prefilled with, as ``read`` would return it once submitted
    untouched (None: nothing prefilled)."""
    if "initial_value" in element:
        return element["initial_value"]
    if "initial_option" in element:
        return element["initial_option"]["value"]
    if "initial_options" in element:
        return [o["value"] for o in element["initial_options"]]
    return next((element[key] for key in _INITIAL_ID if key in element), None)


def read_text(
    values: Values, field: str, errors: Errors, *, required: bool = False, limit: int = NOTE_MAX, label: str = "This"
) -> str:
    value = read(values, field)
    text = value if isinstance(value, str) else ""
    if required and not text:
        errors[field] = f"{label} is required."
    elif len(text) > limit:
        errors[field] = f"Keep it under {limit} characters (now {len(text)})."
    return text


def read_typed(values: Values, field: str, errors: Errors) -> Typed | None:
    """A number as people write it ("71.5%", "3,000", "0,8"), with its "%" flag; None when empty;
    a field error when it is not a finite number. What "%" means is the caller's (its metric's)."""
    value = read(values, field)
    if value in (None, ""):
        return None
    try:
        return typed_number(value)
    except NotANumber:
        errors[field] = f"“{str(value)[:40]}” is not a number."
    except NotFinite:
        errors[field] = "Enter a finite number."
    return None


def read_number(values: Values, field: str, errors: Errors, *, percent: str = "refuse") -> float | None:
    """A number, or None when empty; a field error when it is not a finite number.

    A trailing "%" is refused (``percent="refuse"``: the field takes a plain number), read as a
    share ("share": "80%" is 0.8) or dropped ("points": the field is asked in percent already)."""
    typed = read_typed(values, field, errors)
    if typed is None or not typed.percent:
        return None if typed is None else typed.value
    if percent == "share":
        return typed.value / 100
    if percent == "points":
        return typed.value
    errors[field] = f"Enter a plain number here, without “%” (e.g. {typed.value / 100:g} for {typed.value:g}%)."
    return None


def read_share(values: Values, field: str, errors: Errors) -> float | None:
    """A share typed as "0.62" or "62%" (a number above 1 and up to 100 is a percentage too), or
    None when empty; a field error when it is neither."""
    value = read(values, field)
    if value in (None, ""):
        return None
    try:
        typed = typed_number(value)
    except (NotANumber, NotFinite):
        errors[field] = f"“{str(value).strip()[:40]}” is not a share: enter e.g. 0.62 or 62%."
        return None
    share = as_share(typed.value, "%" if typed.percent else "")
    if share is None:
        errors[field] = "Enter a share from 0 to 1 or a percentage up to 100%, e.g. 0.62 or 62%."
    return share


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


def read_choice(
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
