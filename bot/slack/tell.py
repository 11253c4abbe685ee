"""Telling one person something where they are: the one place a note to a person is sent from
(refusals after the ack, failures, "saved, but ...")."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack import kit
from bot.slack.kit import esc_quoted

log = logging.getLogger("mlscope.publish")


def tell(client: WebClient, *, user: str, channel: str | None, text: str) -> None:
    """An ephemeral note to ``user`` where they are, or a DM when there is no channel."""
    text = esc_quoted(text)
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
    except SlackApiError:
        log.info("ephemeral message failed; sending a direct message instead")
    client.chat_postMessage(channel=user, text=text)


def answer_click(client: WebClient, body: dict[str, Any], text: str, *, replace: bool) -> None:
    """Answer a click where it was made: in place of the modal it came from, or through the
    message's ``response_url`` (``replace``: instead of that message, whose buttons are spent),
    else as an ephemeral note. ``text`` is mrkdwn the caller escaped."""
    view = body.get("view") if isinstance(body.get("view"), dict) else None
    if view is not None and view.get("id") and view.get("type", "modal") == "modal":
        title = (view.get("title") or {}).get("text") or "MLScope"
        shown = kit.modal(title, [kit.section(text)], callback_id="notice", submit=None, close="Close")
        client.views_update(view_id=view["id"], view=shown)
        return
    user = str((body.get("user") or {}).get("id") or "")
    url = body.get("response_url")
    if url:
        sent = WebhookClient(url, timeout=10).send(text=text, response_type="ephemeral", replace_original=replace)
        if sent.status_code == 200:
            return
        log.info("response_url refused the answer (%s); posting it instead", sent.status_code)
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    tell(client, user=user, channel=channel, text=text)
