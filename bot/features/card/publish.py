"""Posting and updating project cards."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.features.canvases import brief
from bot.features.card.blocks import card_message
from bot.slack import failures
from bot.slack.errors import error_code, explain
from bot.slack.kit import esc
from bot.slack.tell import tell
from domain import project_queries, project_use_cases
from domain.assessment import Assessment
from domain.ports import UnitOfWork
from domain.project import Project

log = logging.getLogger("mlscope.publish")
JOINABLE = {"not_in_channel"}


@failures.after_save("Your project is saved, but I could not finish posting its card ({cause}).")
def post_card(
    client: WebClient, uow: UnitOfWork, project: Project, *, notify: str, origin_channel: str | None
) -> str | None:
    """Post the new project's card in its home channel; join a public channel if needed.

    Returns the message ts, or None after telling ``notify`` what to do.
    """
    channel = project.problem.channel_id
    message = card_message(_assessed(uow, project))
    try:
        result = _post(client, channel, message)
    except SlackApiError as exc:
        text = f"*{esc(project.name)}* is saved (`{project.ref}`), but I could not post its card: {explain(exc, channel=channel)}"
        tell(client, user=notify, channel=origin_channel if origin_channel != channel else None, text=text)
        return None
    assert project.id is not None
    project_use_cases.set_card(uow, project.team_id, project.id, channel=result["channel"], ts=result["ts"])
    if origin_channel and origin_channel != channel:  # scoped from elsewhere: say where the card went
        tell(
            client,
            user=notify,
            channel=origin_channel,
            text=f"Created *{esc(project.name)}* (`{project.ref}`): its card is in <#{channel}>.",
        )
    return str(result["ts"])


def _post(client: WebClient, channel: str, message: dict[str, Any]) -> Any:
    try:
        return client.chat_postMessage(channel=channel, **message)
    except SlackApiError as exc:
        if error_code(exc) not in JOINABLE:
            raise
        try:
            client.conversations_join(channel=channel)
        except SlackApiError:
            raise exc from None  # private channels cannot be joined: the original error says what to do
        return client.chat_postMessage(channel=channel, **message)


@failures.after_save(
    "Your change is saved, but the project's card could not be updated ({cause}). It catches up with the next change."
)
def refresh_card(client: WebClient, uow: UnitOfWork, team_id: str, ref: str) -> None:
    """Update the card in place after a change (nothing to do if it was never posted).

    A refusal is raised: whoever changed the project is told their change is saved but the card
    is not (``bot.slack.failures``)."""
    project = project_queries.get_project(uow, team_id, ref)
    try:
        if project.card_channel and project.card_ts:
            client.chat_update(channel=project.card_channel, ts=project.card_ts, **card_message(_assessed(uow, project)))
    finally:
        brief.keep_current(client, uow, project)  # the brief follows every change the card does; never raises


def refresh_cards(client: WebClient, uow: UnitOfWork, team_id: str) -> int:
    """Every active card of the workspace again, after a setting every card shows changed (the
    scoring settings, the currency): a card never says what ``list`` no longer says. Runs in the
    background; a card that cannot be updated is logged and left for its next change. Slack's
    rate limit on chat.update is waited out by the client's retry handler."""
    updated = 0
    assessments = project_queries.card_assessments(uow, team_id)
    for assessment in assessments:
        project = assessment.project
        try:
            client.chat_update(channel=project.card_channel, ts=project.card_ts, **card_message(assessment))
            updated += 1
        except SlackApiError as exc:
            log.warning("card of %s not updated: %s", project.ref, error_code(exc))
    brief.keep_all_current(client, uow, team_id, list(assessments))  # the briefs say the same scores
    return updated


def _assessed(uow: UnitOfWork, project: Project) -> Assessment:
    return project_queries.card_assessment(uow, project)
