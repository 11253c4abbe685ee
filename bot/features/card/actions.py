"""The card's buttons: each acks, then works in the background (a modal to open, an archive)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.features.card.archive import archive_and_tell
from bot.features.card.open import open_form
from bot.features.scoping.open import open_edit
from bot.slack.context import deps_of, origin_of
from bot.slack.ids import Action
from bot.slack.metadata import CardButton

FORM_OF = {
    Action.CARD_STAGE: "stage",
    Action.CARD_METRIC: "metric",
    Action.CARD_BASELINE: "baseline",
    Action.CARD_CHECKLIST: "checklist",
}


def open_card_form(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    kind = FORM_OF[body["actions"][0]["action_id"]]
    deps = deps_of(context)
    deps.background.submit(open_form, client, deps, origin_of(context), kind=kind, ref=CardButton.of_button(body).ref)


def edit(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(open_edit, client, deps, origin_of(context), ref=CardButton.of_button(body).ref)


def archive(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(archive_and_tell, client, deps, origin_of(context), CardButton.of_button(body).ref)
