"""Buttons: on project cards, on the resume prompt, in App Home. Ack, then work in the background."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import failures
from bot.deps import Deps
from bot.flow import draft_key
from bot.ids import Action
from bot.listeners.openers import open_edit, open_form, open_new, open_resume
from bot.origin import installed_team
from bot.publish import refresh_card, tell
from bot.views.kit import esc
from domain import draft_use_cases, project_use_cases
from domain.errors import DomainError

log = logging.getLogger("mlscope.actions")


def where(body: dict[str, Any]) -> tuple[str, str, str | None]:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    return installed_team(body), body["user"]["id"], channel


def _ref(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value", ""))


def register(app: App, deps: Deps) -> None:
    def form_opener(kind: str) -> Any:
        def open_card_form(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            team, user, channel = where(body)
            deps.background.submit(
                open_form,
                client,
                deps,
                kind=kind,
                trigger_id=body["trigger_id"],
                team=team,
                user=user,
                ref=_ref(body),
                channel=channel,
            )

        return open_card_form

    app.action(Action.CARD_STAGE)(form_opener("stage"))
    app.action(Action.CARD_METRIC)(form_opener("metric"))
    app.action(Action.CARD_BASELINE)(form_opener("baseline"))
    app.action(Action.CARD_CHECKLIST)(form_opener("checklist"))

    @app.action(Action.CARD_EDIT)
    def edit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user, channel = where(body)
        deps.background.submit(
            open_edit,
            client,
            deps,
            trigger_id=body["trigger_id"],
            team=team,
            user=user,
            ref=_ref(body),
            channel=channel,
        )

    @app.action(Action.CARD_ARCHIVE)
    def archive(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user, channel = where(body)
        deps.background.submit(_archive, client, deps, team=team, user=user, ref=_ref(body), channel=channel)

    @app.action(Action.DRAFT_RESUME)
    def resume(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        team, user, channel = where(body)
        deps.background.submit(
            open_resume, client, deps, trigger_id=body["trigger_id"], team=team, user=user, channel=channel
        )
        if body.get("response_url"):
            deps.background.submit(_delete_prompt, respond)

    @app.action(Action.DRAFT_RESTART)
    def restart(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        team, user, channel = where(body)
        draft_use_cases.discard_draft(deps.uow(), team, draft_key(user, "new"))
        deps.background.submit(
            open_new, client, deps, trigger_id=body["trigger_id"], team=team, user=user, channel=channel or ""
        )
        if body.get("response_url"):
            deps.background.submit(_delete_prompt, respond)

    @app.action(Action.HOME_NEW)
    def home_new(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user, _ = where(body)
        deps.background.submit(
            open_resume, client, deps, trigger_id=body["trigger_id"], team=team, user=user, channel=None
        )


def _archive(client: WebClient, deps: Deps, *, team: str, user: str, ref: str, channel: str | None) -> None:
    """Archive (one transaction: if it fails, nothing changed and the person hears so from
    ``bot.failures``), then show it on the card and tell the person, who hears either way."""
    try:
        project = project_use_cases.archive_project(
            deps.uow(), team, ref, actor=user, now=deps.now(), is_admin=deps.is_admin(client, team, user)
        )
    except DomainError as exc:
        tell(client, user=user, channel=channel, text=exc.message)
        return
    done = f"Archived *{esc(project.name)}*."
    try:
        refresh_card(client, deps.uow(), team, project.ref)
    except Exception as exc:  # noqa: BLE001 - the archive stands; the person hears what the card lacks
        log.warning("card of archived %s not updated", project.ref, exc_info=exc)
        done += f" Its card could not be updated ({failures.cause(exc)}) and still shows it active."
    tell(client, user=user, channel=channel, text=done)


@failures.after_save(None)  # the prompt to resume stays on screen: nothing is lost
def _delete_prompt(respond: Respond) -> None:
    respond(delete_original=True)
