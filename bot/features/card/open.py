"""Opening the card's small forms after the ack: move stage (for those who may change the
project), record a metric, add a baseline, tick the checklist (for anyone who can read it)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card import form_blocks
from bot.slack.modals import open_checked, open_view
from bot.slack.origin import Origin
from bot.slack.tell import tell
from domain import project_queries
from domain.errors import DomainError

OPEN_TO_ALL = {"metric": form_blocks.metric_modal, "baseline": form_blocks.baseline_modal, "checklist": form_blocks.checklist_modal}


def open_stage_form(client: WebClient, deps: Deps, origin: Origin, *, ref: str) -> None:
    open_checked(client, deps, origin, ref=ref, verb="move the stage of", title="Move stage", build=form_blocks.stage_modal)


def open_form(client: WebClient, deps: Deps, origin: Origin, *, kind: str, ref: str) -> None:
    """One of the forms ``OPEN_TO_ALL``, unless the project can no longer take it."""
    if kind == "stage":
        open_stage_form(client, deps, origin, ref=ref)
        return
    user, channel = origin.user, origin.channel
    try:
        project = project_queries.get_project(deps.uow(), origin.team, ref)
    except DomainError as exc:
        tell(client, user=user, channel=channel, text=exc.message)
        return
    if project.archived:
        text = f"`{project.ref}` is archived; it can no longer change (`/mlproject unarchive {project.ref}` brings it back)."
        tell(client, user=user, channel=channel, text=text)
        return
    if kind == "metric" and project.scope.optimizing is None:
        text = f"`{project.ref}` has no optimizing metric yet: define one with Edit first."
        tell(client, user=user, channel=channel, text=text)
        return
    open_view(client, origin.trigger_id, OPEN_TO_ALL[kind](project), user=user, channel=channel)
