"""A button of the conversation clicked: the answer it gives to its question (which must still be
the open one), a tick box, skip, back, done. An answered question's buttons are replaced by the
answer, so the conversation reads as it went and an old button is not clicked by mistake."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.features.conversation import blocks, flow
from bot.features.conversation.answers import current
from bot.features.conversation.chat import Chat
from bot.features.conversation.ids import ChatAnswer
from bot.features.conversation.questions import Question

BEHIND = "That question is behind us. Type *back* to change an earlier answer, or *where am I*."


def _open(chat: Chat, body: dict[str, Any]) -> tuple[Any, Question | None, ChatAnswer] | None:
    """The draft, its open question and the click's payload; None (the person told why) when the
    draft is gone or the click is for another question."""
    clicked = ChatAnswer.of_button(body)
    draft = chat.draft()
    if draft is None:
        chat.say(blocks.note(flow.GONE))
        return None
    question = flow.current(draft)
    if clicked.f != (question.field if question else "summary"):
        chat.say(blocks.note(BEHIND))
        return None
    return draft, question, clicked


def _value(question: Question, chat: Chat, clicked: ChatAnswer) -> tuple[Any, str]:
    if question.kind == "yesno":
        return clicked.v == "yes", "Yes" if clicked.v == "yes" else "No"
    if question.kind == "user":
        return chat.user, f"<@{chat.user}>"
    label = next((label for label, value, _ in question.options if value == clicked.v), clicked.v)
    return clicked.v, label


def option(chat: Chat, body: dict[str, Any], *, skip: bool = False, done: bool = False) -> None:
    found = _open(chat, body)
    if found is None:
        return
    draft, question, clicked = found
    if question is None:
        return
    if skip:
        value, shown = current(question, draft.data), blocks.shown_answer(question, draft.data) or "skipped"
    elif done:
        value = [o["value"] for o in question.block["element"].get("initial_options", [])]
        shown = blocks.shown_answer(question, draft.data) or "None"
    else:
        value, shown = _value(question, chat, clicked)
    if flow.answer(chat, draft, question, value, shown):
        replace(chat, body, blocks.answered((body.get("message") or {}).get("blocks") or [], shown))


def toggle(chat: Chat, body: dict[str, Any]) -> None:
    found = _open(chat, body)
    if found is None or found[1] is None:
        return
    draft, question, clicked = found
    shown = flow.toggle(chat, draft, question, clicked.v)
    replace(chat, body, shown["blocks"], text=shown["text"])


def rest_of_step(chat: Chat, body: dict[str, Any]) -> None:
    found = _open(chat, body)
    if found is not None and found[1] is not None:
        replace(chat, body, blocks.answered((body.get("message") or {}).get("blocks") or [], "the rest of this step left as it is"))
        flow.rest_of_step(chat, found[0], found[1])


def back(chat: Chat, body: dict[str, Any]) -> None:
    found = _open(chat, body)
    if found is not None:
        flow.back(chat, found[0])


def replace(chat: Chat, body: dict[str, Any], shown: list[dict[str, Any]], *, text: str = "Answered") -> None:
    """The clicked message, changed in place (a nicety: if Slack refuses, the conversation goes on)."""
    ts = (body.get("message") or body.get("container") or {}).get("ts") or (body.get("container") or {}).get("message_ts")
    if not ts or not chat.channel:
        return
    try:
        chat.client.chat_update(channel=chat.channel, ts=ts, text=text, blocks=shown)
    except SlackApiError:
        return
