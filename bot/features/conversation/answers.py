"""One answer in the scoping conversation, checked exactly as the modal checks it.

A typed line or a clicked button becomes the value the question's input would have submitted; the
step's other inputs keep the draft's values (as the modal prefills them); the step's own parser
(``bot.features.scoping.parse``) reads the whole step. Its error on this question, or on one
already answered, is the answer's refusal, word for word the modal's; errors on questions still
to come wait for them. Nothing is saved from a refused answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.features.conversation.questions import WORTH, Question, questions, step_blocks
from bot.features.scoping.parse import parser_for
from bot.slack.forms import initial
from domain import mentions
from domain.mentions import MentionError

YES = {"yes", "y", "yep", "true"}
NO = {"no", "n", "nope", "false", "none"}
TIME = re.compile(r"^(\d{1,2})[:h.](\d{2})$")
WORD = re.compile(r"[a-z0-9.@]+")
RATED = re.compile(r"^\d+\s*–\s*")
SKIPPED = object()


class Refused(Exception):
    """An answer the question cannot take; the message says why (and nothing was saved). ``field``:
    the question it is about, when that is another one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Accepted:
    patch: dict[str, Any]  # what the answer adds to the draft
    shown: str  # the answer as the conversation repeats it


def _words(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _option(question: Question, typed: str) -> tuple[str, str]:
    """The option ``typed`` names: its label (or the label's words after a rating's number, or its
    start), its value, or its place in the list. A number is a rating ("4 – much") or a place,
    never a value (a weekday's value is 0-based)."""
    wanted = _words(typed).rstrip(".")
    for label, value, _ in question.options:
        names = {_words(label), _words(RATED.sub("", label))} | (set() if wanted.isdigit() else {_words(value)})
        if wanted and (wanted in names or any(name.startswith(wanted + " ") for name in names)):
            return value, label
    if wanted.isdigit() and 1 <= int(wanted) <= len(question.options):
        label, value, _ = question.options[int(wanted) - 1]
        return value, label
    choices = ", ".join(f"{i}. {label}" for i, (label, _, _) in enumerate(question.options, start=1))
    raise Refused(f"“{typed.strip()[:40]}” is not one of the options. Choose a button or type one of: {choices}.")


def interpret(question: Question, typed: str, *, user: str) -> tuple[Any, str]:
    """What a typed line means for ``question``: the input's value and how to repeat it."""
    text = typed.strip()
    if question.kind == "text":
        words = mentions.readable(text)
        return words, words
    if question.kind == "choice":
        return _option(question, text)
    if question.kind == "yesno":
        if text.lower().rstrip(".!") in YES:
            return True, "Yes"
        if text.lower().rstrip(".!") in NO:
            return False, "No"
        raise Refused(f"“{text[:40]}”: answer yes or no (or choose a button).")
    if question.kind == "choices":
        return _ticked(question, text)
    if question.kind == "user":
        return _person(text, user)
    if question.kind == "channel":
        return _mentioned(mentions.channel, text)
    return _time(text)


def _ticked(question: Question, text: str) -> tuple[list[str], str]:
    if text.lower() in NO:
        return [], "None"
    parts = [p for p in text.split(",") if p.strip()]
    if len(parts) == 1 and all(word.isdigit() for word in text.split()):
        parts = text.split()  # "1 3": places in the list
    picked = [_option(question, part) for part in parts]
    return [value for value, _ in picked], ", ".join(label for _, label in picked)


def _person(text: str, user: str) -> tuple[str, str]:
    if text.lower() in ("me", "myself", "i"):
        return user, f"<@{user}>"
    return _mentioned(mentions.person, text)


def _mentioned(parse: Callable[[str], mentions.Person | mentions.Channel], text: str) -> tuple[str, str]:
    """A person or a channel named by its mention: its id, and the mention to repeat."""
    try:
        found = parse(text)
    except MentionError as exc:
        raise Refused(exc.message) from None
    return found.id, str(found)


def _time(text: str) -> tuple[str, str]:
    found = TIME.match(text)
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise Refused(f"“{text[:40]}” is not a time of day: type it as 09:30 or 17:00.")
    at = f"{int(found.group(1)):02d}:{found.group(2)}"
    return at, at


def current(question: Question, data: dict[str, Any]) -> Any:
    """The question's answer as the form would submit it untouched: "skip" keeps it (None if none)."""
    if question.field == WORTH:
        return data.get(WORTH)
    return initial(question.block["element"])


def _state(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """The input's value as a submitted modal's ``state.values`` carries it."""
    kind = element["type"]
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": None if value is None else {"value": value}}
    if kind == "checkboxes":
        return {"type": kind, "selected_options": [{"value": v} for v in value or []]}
    key = {
        "users_select": "selected_user", "conversations_select": "selected_conversation",
        "channels_select": "selected_channel", "timepicker": "selected_time",
    }  # fmt: skip
    return {"type": kind, key.get(kind, "value"): value}


def check(question: Question, data: dict[str, Any], value: Any, shown: str) -> Accepted:
    """``value`` (None: skipped) as the answer to ``question``, read by its step's parser."""
    if question.field == WORTH:
        return Accepted({WORTH: value is True}, shown)
    if question.kind == "yesno" and isinstance(value, bool):
        value = [question.options[0][1]] if value else []
    values: dict[str, dict[str, Any]] = {}
    for block in step_blocks(question.step, data):
        element, field = block["element"], block["block_id"]
        given = value if field == question.field else initial(element)
        values[field] = {field: _state(element, given)}
    patch, errors = parser_for(question.step, data, editing=False)(values)
    order = [q.field for q in questions(question.step, data)]
    here = order.index(question.field)
    blocking = [f for f in order[: here + 1] if f in errors]
    if question.field in errors:
        raise Refused(errors[question.field])
    if blocking:
        raise Refused(f"{_label(question.step, data, blocking[0])}: {errors[blocking[0]]}")
    return Accepted(patch, shown)


def check_rest(question: Question, data: dict[str, Any]) -> Accepted:
    """The rest of ``question``'s step left as the form would submit it (every answer as it stands),
    read by the step's parser; ``Refused`` names the first question that cannot be left so."""
    values = {b["block_id"]: {b["block_id"]: _state(b["element"], initial(b["element"]))} for b in step_blocks(question.step, data)}
    patch, errors = parser_for(question.step, data, editing=False)(values)
    wrong = next((q.field for q in questions(question.step, data) if q.field in errors), None)
    if wrong is not None:
        raise Refused(errors[wrong], field=wrong)
    return Accepted(patch | ({WORTH: data.get(WORTH) is True} if question.step == 4 else {}), "")


def _label(step: int, data: dict[str, Any], field: str) -> str:
    return next((q.label for q in questions(step, data) if q.field == field), field)
