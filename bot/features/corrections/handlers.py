"""The corrections' buttons: each acks at once, then works in the background (``work``)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.features.corrections import work
from bot.slack.context import deps_of, origin_of


def undo(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(work.take_back, client, deps, origin_of(context), body, how="undone")


def delete(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(work.take_back, client, deps, origin_of(context), body, how="deleted")


def archive_confirmed(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(work.archive_confirmed, client, deps, origin_of(context), body)


def archive_cancelled(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(work.archive_cancelled, client, deps, origin_of(context), body)


def unarchive(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(work.unarchive_from_home, client, deps, origin_of(context), body)
