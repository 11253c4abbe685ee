"""The scoping conversation, step by step: start or resume, ask, take an answer (typed or clicked),
skip, back, where am I, and the summary. The draft is the conversation's memory, the same draft
the modal keeps: ``chat_at`` says which question is open, ``step`` which modal step it is in, so
either can take over from the other.

A step is checked as a whole when its last question is answered, as the modal checks it on
submit (``scope_from``); a refusal then goes back to the question it is about.
"""

from __future__ import annotations

from typing import Any

from bot.features.conversation import blocks
from bot.features.conversation.answers import Refused, check, check_rest
from bot.features.conversation.chat import AT, LAST, SUMMARY, Chat
from bot.features.conversation.questions import Question, applies, find, next_question, previous_question
from bot.features.scoping.drafts import scope_from
from bot.features.scoping.meta import STEPS
from bot.features.scoping.open import fetch_owner_timezone
from bot.features.scoping.step import FIELD_BLOCKS
from bot.features.text import score_line
from bot.slack import refusals
from domain import workspace_use_cases
from domain.advice import advise
from domain.errors import DomainError
from domain.gate import failed
from domain.ports import Draft
from domain.scoring import prioritize

GONE = "This scope was finished or discarded elsewhere. Type *scope a project* to start another."


def begin(chat: Chat) -> None:
    """"Scope a project": the offer to resume an unfinished scope (the modal's too), or the first question."""
    draft = chat.draft()
    if draft is not None:
        chat.say(blocks.resume_offer(str(draft.data.get("name") or ""), draft.step))
        return
    fresh(chat)


def fresh(chat: Chat) -> None:
    data: dict[str, Any] = {"name": "", "owner_id": chat.user, "channel_id": "", "origin_channel": ""}
    first = next_question(data, 1, None)
    assert first is not None
    chat.start(data | {AT: first.field})
    chat.say(blocks.question_message(first, data, first_of_step=True))


def current(draft: Draft) -> Question | None:
    """The open question (None: the summary): the one the conversation asked, unless the modal moved
    the draft to another step since; then that step's first question."""
    at = draft.data.get(AT)
    if at == SUMMARY and draft.step == STEPS:
        return None
    question = find(draft.data, draft.step, str(at)) if at else None
    if question is not None and applies(question.field, draft.data):
        return question
    return next_question(draft.data, draft.step, None)


def resume(chat: Chat) -> None:
    draft = chat.draft()
    if draft is None:
        fresh(chat)
        return
    question = current(draft)
    step = question.step if question else STEPS
    if chat.save({AT: question.field if question else SUMMARY}, step=step) is None:
        chat.say(blocks.note(GONE))
        return
    ask(chat, draft.data, question, first_of_step=True)


def ask(chat: Chat, data: dict[str, Any], question: Question | None, **kw: Any) -> None:
    if question is None:
        summarize(chat, data)
    else:
        chat.say(blocks.question_message(question, data, **kw))


def _score(chat: Chat, data: dict[str, Any]) -> str | None:
    try:
        scope = scope_from(data)
    except DomainError:
        return None
    return score_line(prioritize(scope, workspace_use_cases.weights_for(chat.deps.uow(), chat.team)), failed(scope.gate))


def summarize(chat: Chat, data: dict[str, Any]) -> None:
    try:
        advice = advise(scope_from(data))
    except DomainError as exc:
        chat.say(blocks.note(exc.message))
        return
    chat.say(blocks.summary_message(str(data.get("name") or ""), _score(chat, data), advice, data))


def where(chat: Chat, draft: Draft) -> None:
    question = current(draft)
    name = str(draft.data.get("name") or "")
    chat.say(blocks.where_message(draft.step, name, question, _score(chat, draft.data) if draft.step > 1 else None))
    ask(chat, draft.data, question)


def taken(ts: str | None) -> dict[str, Any]:
    """What a change made by a typed line adds to the draft: that line's ts, so the same line
    handled again (Slack's retry after a failure) is not applied twice (``talk.on_text``). A click
    has no ts and leaves the last line's."""
    return {LAST: ts} if ts else {}


def back(chat: Chat, draft: Draft, *, ts: str | None = None) -> None:
    question = current(draft)
    before = previous_question(draft.data, question.step if question else STEPS, question.field if question else None)
    if before is None:
        chat.say(blocks.note("This is the first question; there is nothing before it."))
        ask(chat, draft.data, question)
        return
    if chat.save({AT: before.field} | taken(ts), step=before.step) is None:
        chat.say(blocks.note(GONE))
        return
    ask(chat, draft.data, before)


def answer(chat: Chat, draft: Draft, question: Question, value: Any, shown: str, *, ts: str | None = None) -> bool:
    """Take ``value`` (None: skipped) as the answer to ``question`` and ask the next one; False,
    saving nothing, when the answer is refused (the person is told why and asked again)."""
    try:
        accepted = check(question, draft.data, value, shown)
    except Refused as exc:
        ask(chat, draft.data, question, notice=str(exc))
        return False
    data = draft.data | accepted.patch
    following = next_question(data, question.step, question.field)
    if (following is None or following.step != question.step) and _step_refused(chat, data, question):
        return False
    patch = accepted.patch | {AT: following.field if following else SUMMARY} | taken(ts)
    saved = chat.save(patch, step=following.step if following else STEPS)
    if saved is None:
        chat.say(blocks.note(GONE))
        return False
    first = following is None or following.step != question.step
    if first and question.step == 1:
        _owner_timezone(chat, saved)
    ask(chat, saved.data, following, first_of_step=first)
    return True


def _owner_timezone(chat: Chat, draft: Draft) -> None:
    """Step 1 done: the owner's Slack timezone, for step 5 to offer, as the modal fetches it."""
    if not draft.data.get("checkin") and draft.data.get("owner_id"):
        owner = draft.data["owner_id"]
        chat.deps.background.submit(fetch_owner_timezone, chat.client, chat.deps, team=chat.team, key=chat.key, owner=owner)


def rest_of_step(chat: Chat, draft: Draft, question: Question, *, ts: str | None = None) -> None:
    """"Skip the rest of this step": its questions left as the form would submit them, then the next step."""
    try:
        accepted = check_rest(question, draft.data)
    except Refused as exc:
        wrong = find(draft.data, question.step, str(exc.field)) or question
        if chat.save({AT: wrong.field}, step=wrong.step) is not None:
            ask(chat, draft.data, wrong, notice=str(exc))
        return
    data = draft.data | accepted.patch
    following = next_question(data, question.step + 1, None) if question.step < STEPS else None
    if _step_refused(chat, data, question):
        return
    patch = accepted.patch | {AT: following.field if following else SUMMARY} | taken(ts)
    saved = chat.save(patch, step=following.step if following else STEPS)
    if saved is None:
        chat.say(blocks.note(GONE))
        return
    if question.step == 1:
        _owner_timezone(chat, saved)
    ask(chat, saved.data, following, first_of_step=True)


def _step_refused(chat: Chat, data: dict[str, Any], question: Question) -> bool:
    """The step checked as the modal checks it on submit; on a refusal, back at the question it is about."""
    try:
        scope_from(data)
    except DomainError as exc:
        wanted = FIELD_BLOCKS.get(refusals.field_of(exc))
        at = next((q for step in range(1, STEPS + 1) if (q := find(data, step, str(wanted)))), None) if wanted else None
        target = at or question
        chat.say(blocks.note(exc.message))
        ask(chat, data, target)
        return True
    return False


def toggle(chat: Chat, draft: Draft, question: Question, value: str) -> dict[str, Any]:
    """A tick box of a "tick what applies" question, ticked or unticked at once: the question as it
    now stands, to show in place of the one clicked."""
    element = question.block["element"]
    ticked = [o["value"] for o in element.get("initial_options", [])]
    chosen = [v for v in ticked if v != value] + ([] if value in ticked else [value])
    try:
        accepted = check(question, draft.data, chosen, "")
    except Refused as exc:
        return blocks.question_message(question, draft.data, notice=str(exc))
    saved = chat.save(accepted.patch, step=question.step)
    if saved is None:
        return blocks.note(GONE)
    again = find(saved.data, question.step, question.field)
    return blocks.question_message(again or question, saved.data)
