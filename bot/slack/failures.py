"""When handling a person's click, modal or command fails: tell them, where they acted.

Slack retries Events API deliveries, never interactions or slash commands
(https://docs.slack.dev/apis/events-api/#retries; the interactivity guide promises no retry,
https://docs.slack.dev/interactivity/handling-user-interaction). A failed click answered with an
empty 200 is simply lost, so every failure of an interaction is told to the person:

- **Before the ack** (the listener raised): its unit of work rolled back, so nothing was changed.
  A command says so in its reply, a modal in a field error on one of the submitted view's input
  blocks (or, with no input, an update saying what happened), a click in an ephemeral note.
- **After the ack** (work handed to ``deps.background``): the same ephemeral note. Work that only
  shows in Slack a change already saved is marked ``after_save`` and says the change is saved and
  what could not be shown; any other work changes nothing unless it succeeds, and says so.

The note goes through the payload's ``response_url`` when there is one (no scope or channel
membership needed), else as an ephemeral message in the channel, else as a direct message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack import kit
from bot.slack.errors import error_code
from bot.slack.tell import tell
from domain.errors import DomainError
from storage.db import is_unavailable

log = logging.getLogger("mlscope.failures")

UNAVAILABLE = "MLScope's database is temporarily unavailable. Nothing was changed and nothing was lost; please try again in a minute."
APOLOGY = "Something went wrong on our side. Nothing was changed; please try again, and tell your MLScope admin if it keeps happening."
SLACK_REFUSED = "Slack refused a request (`{code}`). Nothing was changed; please try again."
INTERACTIONS = frozenset({"block_actions", "view_submission", "view_closed"})
_MARK = "mlscope_after_save"
_UNMARKED = object()
Work = TypeVar("Work", bound=Callable[..., Any])


def from_a_person(body: dict[str, Any]) -> bool:
    """A click, a modal or a command: Slack will not retry it, and someone waits for the result."""
    return body.get("type") in INTERACTIONS or bool(body.get("command"))


def not_done(error: Exception) -> str:
    """What failed, for a change that was therefore not made."""
    if isinstance(error, DomainError):
        return error.message
    if is_unavailable(error):
        return UNAVAILABLE
    if isinstance(error, SlackApiError):
        return SLACK_REFUSED.format(code=error_code(error))
    return APOLOGY


def cause(error: Exception) -> str:
    """What failed, as a clause."""
    if isinstance(error, DomainError):
        return error.message.rstrip(".")
    if is_unavailable(error):
        return "MLScope's database is temporarily unavailable"
    if isinstance(error, SlackApiError):
        return f"Slack answered `{error_code(error)}`"
    return "something went wrong on our side"


def after_save(template: str | None) -> Callable[[Work], Work]:
    """Mark background work that shows a change already saved: if it fails, the person is told
    ``template`` (with ``{cause}``), or nothing when it is None (a nicety the flow does without)."""

    def mark(fn: Work) -> Work:
        setattr(fn, _MARK, template)
        return fn

    return mark


def after_ack_text(fn: Callable[..., Any], error: Exception) -> str | None:
    template = getattr(fn, _MARK, _UNMARKED)
    if template is _UNMARKED:
        return not_done(error)
    return None if template is None else str(template).format(cause=cause(error))


def reporter(context: BoltContext, body: dict[str, Any]) -> Callable[[Callable[..., Any], Exception], None]:
    """What ``Background.reporting`` calls when work submitted for this request fails (the
    request's ``context`` has the workspace's client once Bolt has authorized it)."""

    def report(fn: Callable[..., Any], error: Exception) -> None:
        text = after_ack_text(fn, error)
        if text is not None and context.client is not None:
            tell_person(context.client, body, text)

    return report


@after_save(None)  # reporting a failed report would only repeat it
def tell_person(client: WebClient, body: dict[str, Any], text: str) -> None:
    """An ephemeral note to whoever sent ``body``, where they acted."""
    text = f"⚠️ {text}"
    url = body.get("response_url")
    if url:
        try:
            sent = WebhookClient(url, timeout=10).send(
                text=kit.esc_quoted(text), response_type="ephemeral", replace_original=False
            )
            if sent.status_code == 200:
                return
            log.info("response_url refused the note (%s); posting it instead", sent.status_code)
        except Exception as exc:  # noqa: BLE001 - any failure here leaves the Web API to try
            log.info("response_url unreachable (%s); posting the note instead", type(exc).__name__)
    user = (body.get("user") or {}).get("id") or body.get("user_id") or ""
    channel = (
        (body.get("channel") or {}).get("id")
        or (body.get("container") or {}).get("channel_id")
        or body.get("channel_id")
    )
    tell(client, user=user, channel=channel, text=text)


def modal_answer(view: dict[str, Any], text: str) -> dict[str, Any]:
    """The answer to a submission that failed: the message on the view's first input block (the
    person's values stay, to submit again), or, with no input, an update that says it."""
    inputs = [b["block_id"] for b in view.get("blocks") or [] if b.get("type") == "input" and b.get("block_id")]
    if inputs:
        return {"response_action": "errors", "errors": {inputs[0]: f"⚠️ {text}"}}
    notice = kit.modal(
        "MLScope", [kit.section(f"⚠️ {kit.esc_quoted(text)}")], callback_id="error", submit=None, close="Close"
    )
    return {"response_action": "update", "view": notice}
