"""The conversation's listeners: a line typed in the app's DM, an assistant thread started or
answered in, and the conversation's buttons.

Events are handled before they are acked (a few reads, one write, one or two posts, well within
Slack's 3 s): if that fails the answer is a 500 and Slack retries the delivery; a retry of one
already answered is answered from ``bot.slack.dedupe`` and never handled twice.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.features.conversation import asks, blocks, clicks, create, flow
from bot.features.conversation.chat import Chat, chat_of_click, chat_of_event
from bot.features.conversation.talk import on_text
from bot.slack.context import deps_of, origin_of

log = logging.getLogger("mlscope.conversation")
# Suggested prompts in the assistant container: at most four (Slack's limit).
# https://docs.slack.dev/reference/methods/assistant.threads.setSuggestedPrompts
PROMPTS = ["Scope a new project", "What needs my attention?", "Show the portfolio"]
THINKING = "is reading your answer…"


def is_dm(event: dict[str, Any]) -> bool:
    """A message in the app's DM (its Messages tab), not one of the bot's own nor an edit."""
    return event.get("type") == "message" and event.get("channel_type") == "im"


def dm_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return  # edits, deletions, the bot's own posts: nothing to answer
    chat = chat_of_event(client, deps_of(context), origin_of(context).team, event)
    on_text(chat, str(event.get("text") or ""), event.get("ts"))


def thread_started(payload: dict[str, Any], set_suggested_prompts: Any, client: WebClient, context: BoltContext) -> None:
    """The assistant container opened: a greeting and the three suggested prompts."""
    thread = payload["assistant_thread"]
    chat = Chat(client, deps_of(context), origin_of(context).team, thread["user_id"], thread["channel_id"], thread["thread_ts"])
    chat.say(blocks.help_message())
    try:  # the greeting has buttons too: a refusal here must not make Slack deliver (and greet) again
        set_suggested_prompts(prompts=PROMPTS, title="Try one of these")
    except SlackApiError as exc:
        log.warning("suggested prompts refused: %s", exc.response.get("error"))


def thread_message(payload: dict[str, Any], set_status: Any, client: WebClient, context: BoltContext) -> None:
    """A line in an assistant thread: the status while it is read (cleared by the reply), then the answer."""
    try:
        set_status(THINKING)
    except SlackApiError:  # a thread of the DM that is no assistant thread has no status: answer all the same
        log.info("no status in this thread")
    chat = chat_of_event(client, deps_of(context), origin_of(context).team, payload)
    on_text(chat, str(payload.get("text") or ""), payload.get("ts"))


def _chat(body: dict[str, Any], client: WebClient, context: BoltContext) -> Chat:
    return chat_of_click(client, deps_of(context), origin_of(context), body)


def option(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    clicks.option(_chat(body, client, context), body)


def skip(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    clicks.option(_chat(body, client, context), body, skip=True)


def done(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    clicks.option(_chat(body, client, context), body, done=True)


def toggle(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    clicks.toggle(_chat(body, client, context), body)


def rest_of_step(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    clicks.rest_of_step(_chat(body, client, context), body)


def back(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    clicks.back(_chat(body, client, context), body)


def create_project(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    chat = _chat(body, client, context)
    clicks.replace(chat, body, [b for b in (body.get("message") or {}).get("blocks") or [] if b.get("type") != "actions"])
    create.create(chat)


def start(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    flow.begin(_chat(body, client, context))


def resume(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    flow.resume(_chat(body, client, context))


def restart(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    flow.fresh(_chat(body, client, context))


def attention(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    asks.attention(_chat(body, client, context))


def portfolio(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    asks.portfolio(_chat(body, client, context))
