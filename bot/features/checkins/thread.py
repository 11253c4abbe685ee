"""A check-in's thread: Yes/No/Unsure per question, and the loop-back offer a No may bring.

A click is acked at once; the answer is recorded before anything is shown, and the thread parent
(and any offer) updated after, in the background: the person hears if that fails but their answer
is saved all the same.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.features.card.publish import refresh_card
from bot.features.checkins.blocks import BUTTONS, checkin_message, offer_message
from bot.slack import failures
from bot.slack.context import deps_of, origin_of
from bot.slack.errors import error_code
from bot.slack.metadata import BlockerButton, CheckinAnswer
from bot.slack.tell import tell
from domain import blockers, checkin_use_cases
from domain.checkin_read_model import CheckinState
from domain.checkins import Question
from domain.errors import DomainError

ANSWER_OF = {action: answer for action, _, answer in BUTTONS}
SHOWN_LATE = "Your answer is saved, but I could not show it in the check-in's thread ({cause})."


def _clicked(body: dict[str, Any]) -> tuple[int, Question]:
    clicked = CheckinAnswer.of_button(body)
    return clicked.occurrence, clicked.question


def answer(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps, origin = deps_of(context), origin_of(context)
    given = ANSWER_OF[body["actions"][0]["action_id"]]
    try:
        occurrence_id, question = _clicked(body)
        state = checkin_use_cases.record_answer(
            deps.uow(), origin.team, occurrence_id, user=origin.user, question=question, answer=given, now=deps.now()
        )
    except DomainError as exc:
        deps.background.submit(tell, client, user=origin.user, channel=origin.channel, text=exc.message)
        return
    deps.background.submit(_after_answer, client, deps, state, question)


def blocker_resolved(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps, origin = deps_of(context), origin_of(context)
    try:
        clicked = BlockerButton.of_button(body)
        state = blockers.resolve_blocker(
            deps.uow(), origin.team, clicked.occurrence, reported_at=clicked.reported_at, reporter=clicked.reporter,
            user=origin.user, now=deps.now(),
        )  # fmt: skip
    except DomainError as exc:
        deps.background.submit(tell, client, user=origin.user, channel=origin.channel, text=exc.message)
        return
    deps.background.submit(update_parent, client, state)


@failures.after_save(SHOWN_LATE)
def update_parent(client: WebClient, state: CheckinState) -> None:
    occ = state.occurrence
    if occ.channel and occ.ts:
        try:
            client.chat_update(channel=occ.channel, ts=occ.ts, **checkin_message(state))
        except SlackApiError as exc:
            if error_code(exc) != "message_not_found":
                raise  # the person is told their answer is saved all the same
            # a deleted check-in message: nothing to show the answers on


@failures.after_save(SHOWN_LATE)
def _after_answer(client: WebClient, deps: Deps, state: CheckinState, question: Question) -> None:
    update_parent(client, state)
    refresh_card(client, deps.uow(), state.project.team_id, state.project.ref)  # its verdict may be in doubt now
    if state.offer is not None and state.occurrence.channel:
        client.chat_postMessage(
            channel=state.occurrence.channel,
            thread_ts=state.occurrence.ts,
            **offer_message(state, state.offer, question),
        )
