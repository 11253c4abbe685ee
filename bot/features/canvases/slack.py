"""Canvas calls and what their refusals mean.

Some refusals say canvases cannot work in this workspace at all, whatever MLScope does next: the
token lacks the scope, an admin turned canvases off, the plan has no such canvases, a policy
restricts the app. Those are remembered per workspace (``domain.canvas_use_cases.refused``) and
said once to whoever asked; nothing retries them in a loop.
https://docs.slack.dev/reference/methods/canvases.create (canvas_disabled_user_team,
free_teams_cannot_create_non_tabbed_canvases, restricted_action),
https://docs.slack.dev/reference/methods/canvases.edit (free_teams_cannot_edit_standalone_canvases),
https://docs.slack.dev/reference/methods/conversations.canvases.create (team_tier_cannot_create_channel_canvases).
Rate limits: canvases.create and conversations.canvases.create Tier 2 (20+ a minute); canvases.edit,
canvases.sections.lookup, canvases.access.set and canvases.access.delete Tier 3 (50+): the client's retry handler waits a 429 out.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.errors import error_code
from domain import canvas_use_cases
from domain.canvases import CanvasRefusal
from domain.ports import UnitOfWork

WHY = {
    "missing_scope": "MLScope was installed without the canvases scopes; an admin can reinstall it to grant them",
    "canvas_disabled_user_team": "canvases are turned off in this workspace",
    "free_teams_cannot_create_non_tabbed_canvases": "this workspace's plan does not allow canvases outside a channel",
    "free_teams_cannot_edit_standalone_canvases": "this workspace's plan does not allow editing canvases outside a channel",
    "team_tier_cannot_create_channel_canvases": "this workspace's plan does not allow channel canvases",
    "restricted_action": "this workspace's settings do not let MLScope create or edit canvases",
    "not_allowed_token_type": "MLScope's token cannot create canvases",
}


def forbids(exc: SlackApiError) -> bool:
    """True when the refusal is about the workspace (plan, scopes, policy), not this one canvas."""
    return error_code(exc) in WHY


def refusal_text(found: CanvasRefusal) -> str:
    """What to tell whoever asked, in words they can act on; the rest of MLScope works as before."""
    why = WHY.get(found.error, f"Slack refused it ({found.error})")
    return f"I can't make canvases here: {why}. Everything else works as before: the card and the digests are unchanged."


def remember(uow: UnitOfWork, team_id: str, exc: SlackApiError, method: str, now: datetime) -> CanvasRefusal:
    canvas_use_cases.refused(uow, team_id, error=error_code(exc), method=method, now=now)
    return CanvasRefusal(team_id, error_code(exc), method, now)


def canvas_link(client: WebClient, team_id: str, canvas_id: str) -> str:
    """A canvas's address: the workspace's URL (auth.test) + docs/<team>/<canvas id>, as Slack links canvases."""
    url = str(client.auth_test().get("url") or "https://slack.com/")
    return f"{url.rstrip('/')}/docs/{team_id}/{canvas_id}"


# Answers after which a create may or may not have happened: Slack's generic server errors
# (https://docs.slack.dev/reference/methods/canvases.create: fatal_error, internal_error,
# request_timeout), a 5xx, or no answer at all (any exception that is not a SlackApiError).
UNSURE = {"fatal_error", "internal_error", "request_timeout"}


def outcome_unknown(exc: Exception) -> bool:
    """True when ``exc`` does not say whether Slack did what it was asked."""
    if not isinstance(exc, SlackApiError):
        return True
    status = getattr(exc.response, "status_code", 200) or 200
    return status >= 500 or error_code(exc) in UNSURE


def channel_canvas_by_bot(client: WebClient, channel: str, mark: str) -> str | None:
    """The channel's canvas if MLScope made it, else None. conversations.info names the channel
    canvas (``properties.canvas.file_id``, channels:read / groups:read); canvases.sections.lookup
    (canvases:read) finds ``mark``, the sentence only MLScope's canvas says, in it. (files.info's
    ``user`` would name its creator, but needs files:read, which MLScope is not granted.)
    https://docs.slack.dev/reference/methods/conversations.info,
    https://docs.slack.dev/reference/methods/canvases.sections.lookup"""
    info = client.conversations_info(channel=channel)["channel"]
    canvas_id = ((info.get("properties") or {}).get("canvas") or {}).get("file_id")
    if not canvas_id:
        return None
    try:
        found = client.canvases_sections_lookup(canvas_id=canvas_id, criteria={"contains_text": mark})["sections"]
    except SlackApiError as exc:
        if error_code(exc) in ("canvas_not_found", "canvas_deleted", "restricted_action"):
            return None  # a canvas MLScope cannot read is not one it made
        raise
    return str(canvas_id) if found else None
