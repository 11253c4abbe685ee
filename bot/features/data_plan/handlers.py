"""The data plan's button opens its modal (for those who may change the project, prefilled); the
submission saves it before the ack; the thread hears it and the card shows it after."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.publish import refresh_card
from bot.features.data_plan.blocks import data_plan_modal, saved_message
from bot.slack import failures, kit, refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.forms import read
from bot.slack.ids import Field
from bot.slack.metadata import DataPlanButton, DataPlanForm
from bot.slack.modals import open_checked
from bot.slack.notices import done_modal, title_of
from bot.slack.origin import Origin
from bot.slack.tell import tell
from domain import data_plan
from domain.errors import DomainError
from domain.permissions import IsAdmin

PLAN_BLOCKS = {"data_plan": Field.DATA_PLAN}
VERB = "write the data plan of"


def data_plan_clicked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps, origin = deps_of(context), origin_of(context)
    try:
        clicked = DataPlanButton.of_button(body)
    except DomainError as exc:
        deps.background.submit(tell, client, user=origin.user, channel=origin.channel, text=exc.message)
        return
    deps.background.submit(open_data_plan, client, deps, origin, clicked=clicked)


def open_data_plan(client: WebClient, deps: Deps, origin: Origin, *, clicked: DataPlanButton) -> None:
    form = DataPlanForm(ref=clicked.ref, channel=clicked.channel, thread=clicked.thread)
    open_checked(
        client, deps, origin, ref=clicked.ref, verb=VERB, title="Data plan",
        build=lambda project: data_plan_modal(form, project),
    )  # fmt: skip


def data_plan_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin = deps_of(context), origin_of(context)
    try:
        form = DataPlanForm.of_view(view)
    except DomainError as exc:
        ack(**refusals.notice(view, exc.message))
        return
    typed = read(view["state"]["values"], Field.DATA_PLAN) or ""

    def save(is_admin: IsAdmin) -> data_plan.Saved:
        return data_plan.save_data_plan(
            deps.uow(), origin.team, form.ref, typed, actor=origin.user, now=deps.now(), is_admin=is_admin
        )

    def save_late(is_admin: IsAdmin) -> dict[str, Any]:
        saved = save(is_admin)
        _after_save(client, deps, form, saved, origin.user)
        return done_modal(title_of(view), _done_text(saved))

    saved = refusals.submit_form(
        ack, client, deps, view, team=origin.team, user=origin.user, act=save, late=save_late, blocks=PLAN_BLOCKS
    )
    if saved is not refusals.NOT_DONE:
        _after_save(client, deps, form, saved, origin.user)


def _done_text(saved: data_plan.Saved) -> str:
    name = kit.esc(saved.project.name)
    if saved.outcome == "unchanged":
        return f"The data plan of *{name}* already says that: nothing changed."
    return f"Saved the data plan of *{name}*: it is on the card and in the check-in's thread."


def _after_save(client: WebClient, deps: Deps, form: DataPlanForm, saved: data_plan.Saved, user: str) -> None:
    """A plan that says something new is said in the thread and shown on the card."""
    if saved.outcome == "unchanged":
        return
    if form.channel and form.thread:
        deps.background.submit(_say_in_thread, client, form, saved, user)
    deps.background.submit(refresh_card, client, deps.uow(), saved.project.team_id, saved.project.ref)


@failures.after_save("The data plan is saved, but I could not say so in the check-in's thread ({cause}).")
def _say_in_thread(client: WebClient, form: DataPlanForm, saved: data_plan.Saved, user: str) -> None:
    revised = saved.outcome == "revised"
    shown = saved_message(saved.project, user, revised=revised, channel=form.channel, thread=form.thread)
    client.chat_postMessage(channel=form.channel, thread_ts=form.thread, **shown)
