"""The scoping flow's listeners: a step submitted, and the buttons that start or resume a scope.

A step's ack carries the answer (next step, field errors, or close), so validation and saving the
draft happen before it; posting the card happens after, in the background. Nothing before the ack
calls Slack: when only Slack can say whether the person is an admin the answer is a "checking"
modal and the change is made after the ack (``bot.slack.refusals.submit_checked``).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.publish import post_card, refresh_card
from bot.features.scoping.meta import draft_key
from bot.features.scoping.open import fetch_owner_timezone, open_new, open_resume
from bot.features.scoping.saved import saved_text, tell_saved
from bot.features.scoping.step import ScopingStep
from bot.slack import failures, refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.notices import done_modal, title_of
from domain import draft_use_cases, workspace_use_cases
from domain.errors import DomainError
from domain.permissions import IsAdmin
from domain.project import Project


def scope_step(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin = deps_of(context), origin_of(context)
    try:
        step = ScopingStep.submitted(deps, origin, view)
    except DomainError as exc:
        ack(**refusals.notice(view, exc.message))
        return
    errors = step.parse()
    if errors:
        ack(**refusals.field_errors(view, errors))
        return
    try:
        step.check()
    except DomainError as exc:
        ack(**step.refusal(exc))
        return
    if not step.last:
        ack(response_action="update", view=step.next_view())
        if step.meta.step == 1 and not step.data.get("checkin"):
            owner = step.data["owner_id"]
            deps.background.submit(fetch_owner_timezone, client, deps, team=origin.team, key=step.key, owner=owner)
        return
    finish(ack, client, deps, step)


def finish(ack: Ack, client: WebClient, deps: Deps, step: ScopingStep) -> None:
    """The last step: the project is created or changed, then its card posted or updated."""

    def save_late(is_admin: IsAdmin) -> dict[str, Any]:
        project = step.finish(is_admin)
        _publish(client, deps, step, project, told=False)
        weights = workspace_use_cases.weights_for(deps.uow(), project.team_id)
        return done_modal(title_of(step.view), saved_text(step.before, project, weights))  # the note, in place of the form

    project = refusals.submit_checked(
        ack, client, deps, step.view, team=step.origin.team, user=step.origin.user,
        act=step.finish, late=save_late, refused=step.refused_view, refusal=step.refusal,
    )  # fmt: skip
    if project is not refusals.NOT_DONE:
        ack(response_action="clear")
        _publish(client, deps, step, project)


def _publish(client: WebClient, deps: Deps, step: ScopingStep, project: Project, *, told: bool = True) -> None:
    """Post or update the card, in the background (``bot.slack.failures`` knows this work); an
    edit's author is told what changed (``told``: by a note; else the caller says it in the modal)."""
    if step.meta.mode == "new":
        origin_channel = step.meta.origin_channel or None
        deps.background.submit(
            post_card, client, deps.uow(), project, notify=step.origin.user, origin_channel=origin_channel
        )
    else:
        deps.background.submit(refresh_card, client, deps.uow(), step.origin.team, project.ref)
        if told:
            where = step.meta.origin_channel or None
            deps.background.submit(
                tell_saved, client, deps, user=step.origin.user, channel=where, before=step.before, after=project
            )


def resume(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(open_resume, client, deps, origin_of(context))
    if body.get("response_url"):
        deps.background.submit(_delete_prompt, respond)


def restart(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
    ack()
    deps, origin = deps_of(context), origin_of(context)
    draft_use_cases.discard_draft(deps.uow(), origin.team, draft_key(origin.user, "new"))
    deps.background.submit(open_new, client, deps, origin)
    if body.get("response_url"):
        deps.background.submit(_delete_prompt, respond)


def new_from_home(ack: Ack, client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(open_resume, client, deps, origin_of(context))


@failures.after_save(None)  # the prompt to resume stays on screen: nothing is lost
def _delete_prompt(respond: Respond) -> None:
    respond(delete_original=True)
