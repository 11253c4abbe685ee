"""Archiving a project, once: the use case and its card, for the button and for ``/mlproject archive``.

The command runs it before its ack (its reply says "Archived"); the button after its ack, telling the
person either way. Both refresh the card after the archive is committed.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.publish import refresh_card
from bot.slack import failures
from bot.slack.kit import esc
from bot.slack.origin import Origin
from bot.slack.tell import tell
from domain import project_use_cases
from domain.errors import DomainError
from domain.permissions import IsAdmin
from domain.project import Project

log = logging.getLogger("mlscope.archive")


def archive(deps: Deps, origin: Origin, ref: str, *, is_admin: IsAdmin) -> Project:
    """Archive in one transaction (a refusal raises ``DomainError``; nothing changed then)."""
    return project_use_cases.archive_project(deps.uow(), origin.team, ref, actor=origin.user, now=deps.now(), is_admin=is_admin)


def archive_and_tell(client: WebClient, deps: Deps, origin: Origin, ref: str) -> None:
    """After a click: archive, show it on the card, and tell the person, who hears either way (a
    failure of the archive itself reaches them through ``bot.slack.failures``)."""
    try:
        project = archive(deps, origin, ref, is_admin=deps.is_admin(client, origin.team, origin.user))
    except DomainError as exc:
        tell(client, user=origin.user, channel=origin.channel, text=exc.message)
        return
    done = f"Archived *{esc(project.name)}*."
    try:
        refresh_card(client, deps.uow(), origin.team, project.ref)
    except Exception as exc:  # noqa: BLE001 - the archive stands; the person hears what the card lacks
        log.warning("card of archived %s not updated", project.ref, exc_info=exc)
        done += f" Its card could not be updated ({failures.cause(exc)}) and still shows it active."
    tell(client, user=origin.user, channel=origin.channel, text=done)
