"""``/mlproject metric <ref> <value>`` far from the series: ask before recording (issue 18).

The command's reply asks, with the value on the metric's scale and the latest reading; "Record it"
records it (confirmed) and "Cancel" records nothing. Either replaces the question through the
click's ``response_url``, so the answer stands where the question was.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.features.card.publish import refresh_card
from bot.features.corrections.blocks import recorded_reply
from bot.slack import kit
from bot.slack.context import deps_of, origin_of
from bot.slack.ids import Action
from bot.slack.metadata import FarReading
from bot.slack.replies import error_message, reply
from domain import reading_use_cases
from domain.errors import DomainError
from domain.metric_scale import FarFromSeries


def far_question(ref: str, far: FarFromSeries, note: str) -> dict[str, Any]:
    """The ephemeral question: the value, the latest reading, and the two buttons."""
    value = FarReading(ref=ref, value=far.value, note=note).dump()
    text = far.message.removesuffix(" If it is right, confirm it.")
    return reply(
        f"{text} Record it?",
        [
            kit.section(f"🤔 {kit.esc(text)} Record it anyway?"),
            kit.actions(*_choices(ref, far, note, value), block_id="far_reading"),
        ],
    )


def _choices(ref: str, far: FarFromSeries, note: str, value: str) -> list[kit.Block]:
    """Record what was typed, or (first, when there is one) what it probably meant, or nothing."""
    unit = f" {far.unit}" if far.unit else ""
    typed = kit.button(f"Record {far.value:.6g}{unit}", Action.FAR_READING_RECORD, value)
    cancel = kit.button("Cancel", Action.FAR_READING_CANCEL, value)
    if far.meant is None:
        return [typed | {"style": "primary"}, cancel]
    meant = FarReading(ref=ref, value=far.meant, note=note).dump()
    return [kit.button(f"Record {far.meant:.6g}{unit}", Action.FAR_READING_MEANT, meant, style="primary"), typed, cancel]


def record_far(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps, origin = deps_of(context), origin_of(context)
    try:
        asked = FarReading.of_button(body)
        project = reading_use_cases.record_metric(
            deps.uow(), origin.team, asked.ref, asked.value, note=asked.note or None, actor=origin.user,
            now=deps.now(), confirmed=True,
        )  # fmt: skip
    except DomainError as exc:
        respond(replace_original=True, **error_message(exc.message))
        return
    text = f"Recorded {asked.value:.6g} for *{kit.esc(project.name)}*."
    respond(replace_original=True, **recorded_reply(text, project.ref, project.readings[-1]))  # with Undo
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, project.ref)


def cancel_far(ack: Ack, respond: Respond) -> None:
    ack()
    respond(replace_original=True, **reply("Nothing recorded."))
