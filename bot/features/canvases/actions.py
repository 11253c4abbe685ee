"""The card's "Open brief": ack, then create (once) or find the brief in the background."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.features.canvases.brief import open_brief
from bot.slack.context import deps_of, origin_of
from bot.slack.metadata import CardButton


def brief(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(open_brief, client, deps, origin_of(context), CardButton.of_button(body).ref)
