"""Telling one person something where they are: the one place a note to a person is sent from
(refusals after the ack, failures, "saved, but ...")."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

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
