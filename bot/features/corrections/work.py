"""What a correction's click does after its ack: take a reading back, archive after the question,
unarchive from App Home. Each answers where the click was made (``bot.slack.tell.answer_click``)
and refreshes the card once the change is committed."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.archive import archive
from bot.features.card.publish import refresh_card
from bot.features.checkins.thread import update_parent
from bot.features.corrections.blocks import key_of, removed_text
from bot.features.home.handlers import publish_home
from bot.slack.kit import esc, esc_quoted
from bot.slack.metadata import CardButton, ReadingButton
from bot.slack.origin import Origin
from bot.slack.tell import answer_click, tell
from domain import correction_use_cases
from domain.correction_use_cases import undo_details_reading
from domain.errors import DomainError


def take_back(client: WebClient, deps: Deps, origin: Origin, body: dict[str, Any], *, how: str) -> None:
    """Undo (``how="undone"``: the confirmation is replaced by the outcome) or delete from ``show``
    (``"deleted"``: a new note). A reading already gone, or folded, is said so; nothing changes."""
    try:
        button = ReadingButton.of_button(body)
        key, is_admin = key_of(button), deps.is_admin(client, origin.team, origin.user)
        if button.occurrence is None:
            project = correction_use_cases.remove_reading(
                deps.uow(), origin.team, button.ref, key, actor=origin.user, now=deps.now(), is_admin=is_admin, how=how
            )
        else:  # recorded by a check-in's details: its answer loses the number too, and the thread shows it
            state = undo_details_reading(
                deps.uow(), origin.team, button.occurrence, key, actor=origin.user, now=deps.now(), is_admin=is_admin
            )
            project = state.project
            deps.background.submit(update_parent, client, state)
    except DomainError as exc:
        answer_click(client, body, f"⚠️ {esc_quoted(exc.message)}", replace=False)
        return
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, project.ref)
    answer_click(client, body, removed_text(project, key, how=how, series=button.series), replace=how == "undone")


def archive_confirmed(client: WebClient, deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """The Archive button under the command's question: archive, and say so in place of the question."""
    try:
        ref = CardButton.of_button(body).ref
        project = archive(deps, origin, ref, is_admin=deps.is_admin(client, origin.team, origin.user))
    except DomainError as exc:
        answer_click(client, body, f"⚠️ {esc_quoted(exc.message)}", replace=True)
        return
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, project.ref)
    done = f"✅ Archived *{esc(project.name)}*. `/mlproject unarchive {project.ref}` brings it back."
    answer_click(client, body, done, replace=True)


def archive_cancelled(client: WebClient, deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    try:
        ref = CardButton.of_button(body).ref
    except DomainError as exc:
        answer_click(client, body, f"⚠️ {esc_quoted(exc.message)}", replace=True)
        return
    answer_click(client, body, f"Not archived: `{esc(ref)}` stays as it was.", replace=True)


def unarchive_from_home(client: WebClient, deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """App Home's Unarchive: the project is back (card refreshed), Home shows it, and the person is told."""
    try:
        ref = CardButton.of_button(body).ref
        project = correction_use_cases.unarchive_project(
            deps.uow(), origin.team, ref, actor=origin.user, now=deps.now(),
            is_admin=deps.is_admin(client, origin.team, origin.user),
        )  # fmt: skip
    except DomainError as exc:
        tell(client, user=origin.user, channel=None, text=exc.message)
        publish_home(client, deps, team=origin.team, user=origin.user)
        return
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, project.ref)
    publish_home(client, deps, team=origin.team, user=origin.user)
    tell(client, user=origin.user, channel=None, text=unarchived_text(project.name))


def unarchived_text(name: str) -> str:
    return f"Unarchived *{esc(name)}*: back in the portfolio; its check-ins resume on their schedule."
