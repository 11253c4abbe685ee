"""A check-in's loop-back and snooze: the offer's button asks (optionally) what changed, the
submission moves the stage with that as its reason and offers the next step back there
("Revise the metric" opens the edit flow at the metric step); "Snooze a week" quiets a project."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.publish import refresh_card
from bot.features.checkins.blocks import checkin_message, loop_back_modal, moved_message, snoozed_text
from bot.features.scoping.open import open_edit
from bot.slack import failures, refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.forms import read
from bot.slack.ids import Field
from bot.slack.metadata import CardButton, CheckinAnswer, CheckinDetails, LoopBackForm
from bot.slack.modals import open_view
from bot.slack.origin import Origin
from bot.slack.tell import tell
from domain import checkin_read_model, checkin_time, loop_backs, posting
from domain.errors import DomainError
from domain.project import Project

METRIC_STEP = 4


def loop_back(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(open_loop_back, client, deps, origin_of(context), body=body)


def open_loop_back(client: WebClient, deps: Deps, origin: Origin, *, body: dict[str, Any]) -> None:
    try:
        clicked = CheckinAnswer.of_button(body)
        project, offer = loop_backs.loop_back_offer(deps.uow(), origin.team, clicked.occurrence, clicked.question)
    except DomainError as exc:
        tell(client, user=origin.user, channel=origin.channel, text=exc.message)
        return
    ts = str((body.get("container") or {}).get("message_ts") or "")
    form = LoopBackForm(occurrence=clicked.occurrence, question=clicked.question, channel=origin.channel or "", ts=ts)
    open_view(
        client, origin.trigger_id, loop_back_modal(form, project, offer), user=origin.user, channel=origin.channel
    )


def loop_back_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin = deps_of(context), origin_of(context)
    try:
        form = LoopBackForm.of_view(view)
        project = loop_backs.accept_loop_back(
            deps.uow(), origin.team, form.occurrence, question=form.question, user=origin.user, now=deps.now(),
            is_admin=deps.is_admin(client, origin.team, origin.user, bounded=True),
            what_changed=read(view["state"]["values"], Field.WHAT_CHANGED) or "",
        )  # fmt: skip
    except DomainError as exc:
        ack(**refusals.notice(view, exc.message))
        return
    ack()
    if form.channel and form.ts:
        deps.background.submit(_show_moved, client, deps, form, project, user=origin.user)
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, project.ref)


@failures.after_save("The stage was moved, but I could not say so in the check-in's thread ({cause}).")
def _show_moved(client: WebClient, deps: Deps, form: LoopBackForm, project: Project, *, user: str) -> None:
    """The offer becomes who moved it and why; its next step's button names the check-in's thread."""
    occ = posting.occurrence(deps.uow(), form.occurrence)
    thread = (occ.ts if occ else None) or ""
    shown = moved_message(project, user, channel=form.channel, thread=thread)
    client.chat_update(channel=form.channel, ts=form.ts, **shown)


def revise_metric(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps, origin = deps_of(context), origin_of(context)
    try:
        ref = CardButton.of_button(body).ref
    except DomainError as exc:
        deps.background.submit(tell, client, user=origin.user, channel=origin.channel, text=exc.message)
        return
    deps.background.submit(open_edit, client, deps, origin, ref=ref, step=METRIC_STEP)


def snooze(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps, origin = deps_of(context), origin_of(context)
    try:
        occurrence_id = CheckinDetails.of_button(body).occurrence
        snoozed = checkin_time.snooze(
            deps.uow(), origin.team, occurrence_id, user=origin.user, now=deps.now(),
            is_admin=deps.is_admin(client, origin.team, origin.user),
        )  # fmt: skip
    except DomainError as exc:
        deps.background.submit(tell, client, user=origin.user, channel=origin.channel, text=exc.message)
        return
    deps.background.submit(_show_snoozed, client, deps, snoozed, user=origin.user)


@failures.after_save("Snoozed, but I could not say so in the check-in ({cause}).")
def _show_snoozed(client: WebClient, deps: Deps, snoozed: checkin_time.Snoozed, *, user: str) -> None:
    occ = posting.occurrence(deps.uow(), snoozed.occurrence_id)
    states = checkin_read_model.checkin_states(deps.uow(), [occ] if occ else [])
    state = states.get(snoozed.occurrence_id)
    if state is None or not (occ and occ.channel and occ.ts):
        return
    client.chat_update(channel=occ.channel, ts=occ.ts, **checkin_message(state))
    client.chat_postMessage(
        channel=occ.channel, thread_ts=occ.ts, text=snoozed_text(user, snoozed.project, snoozed.until)
    )
