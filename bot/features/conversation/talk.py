"""What a line typed to the app means: one of the few phrases it knows ("scope a project", "skip",
"back", "where am I", "help", the suggested prompts), or the answer to the open question.
Deterministic: a fixed list of phrases, and the question's own reading of an answer."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.features.conversation import asks, blocks, flow
from bot.features.conversation.answers import Refused, current, interpret
from bot.features.conversation.chat import AT, LAST, Chat
from bot.features.conversation.questions import Question
from domain.ports import Draft

START = {
    "scope a project", "scope a new project", "scope a new ml project", "scope an ml project", "scope project",
    "new project", "start scoping",
}  # fmt: skip: whole phrases only, never a word an answer could be
SKIP = {"skip", "pass", "skip it"}
BACK = {"back", "go back", "previous"}
NEXT_STEP = {"next step", "skip step", "skip this step", "skip the rest", "skip the rest of this step"}
WHERE = {"where am i", "where are we"}
HELP = {"help", "hi", "hello", "hey", "what can you do", "?"}
CANCEL = {"cancel", "stop", "quit", "discard", "abandon", "give up", "start over"}  # offers Resume / Start over
# The prompts' phrases; their short forms only when no question is open (then "Portfolio" is a name).
ATTENTION = {"what needs my attention", "needs my attention", "what needs attention"}
PORTFOLIO = {"show the portfolio", "show portfolio", "list projects"}
ATTENTION_WORDS = {"needs attention", "attention"}
PORTFOLIO_WORDS = {"the portfolio", "portfolio", "list"}
SPACES = re.compile(r"\s+")


def phrase(text: str) -> str:
    """A typed line as it is compared with the known phrases: lower case, single spaces, no end punctuation."""
    return SPACES.sub(" ", text.strip().lower()).strip(" ?!.")


def on_text(chat: Chat, text: str, ts: str | None) -> None:
    said = phrase(text)
    if said in START:
        flow.begin(chat)
        return
    draft = chat.draft()
    scoping = draft is not None and AT in draft.data
    prompt = _prompt(said, scoping)
    if prompt is not None:
        prompt(chat)
        if draft is not None and scoping:  # then the open question again: the chat goes on where it was
            flow.ask(chat, draft.data, flow.current(draft))
        return
    if draft is None or not scoping or said in HELP:
        chat.say(blocks.help_message(unfinished=str(draft.data.get("name") or "") if draft else None))
        return
    question = flow.current(draft)
    if ts and draft.data.get(LAST) == ts:  # Slack's retry of a line already taken: ask again, take it once
        flow.ask(chat, draft.data, question)
    elif said in CANCEL:
        chat.say(blocks.resume_offer(str(draft.data.get("name") or ""), draft.step))
    elif said in WHERE:
        flow.where(chat, draft)
    elif said in BACK:
        flow.back(chat, draft, ts=ts)
    elif question is None:
        flow.summarize(chat, draft.data)
    elif said in NEXT_STEP:
        flow.rest_of_step(chat, draft, question, ts=ts)
    elif said in SKIP:  # as an untouched field of the form: the answer as it is
        shown = blocks.shown_answer(question, draft.data) or "skipped"
        flow.answer(chat, draft, question, current(question, draft.data), shown, ts=ts)
    else:
        _answer(chat, draft, question, text, ts)


def _prompt(said: str, scoping: bool) -> Callable[[Chat], None] | None:
    """A suggested prompt's answer, if ``said`` asks for one; a single word only when no question is open."""
    if said in ATTENTION or (not scoping and said in ATTENTION_WORDS):
        return asks.attention
    if said in PORTFOLIO or (not scoping and said in PORTFOLIO_WORDS):
        return asks.portfolio
    return None


def _answer(chat: Chat, draft: Draft, question: Question, text: str, ts: str | None) -> None:
    try:
        value, shown = interpret(question, text, user=chat.user)
    except Refused as exc:
        flow.ask(chat, draft.data, question, notice=str(exc))
        return
    flow.answer(chat, draft, question, value, shown, ts=ts)
