"""The workspace's visibility setting applied at Slack's edges: who is reading, and where a digest goes.

The rules are ``domain.visibility``'s; this module asks Slack what they need, only when the
setting is ``members``: users.info through ``bot.slack.admins`` (cached), and whether a channel is
shared with another organisation (conversations.info's ``is_ext_shared``, channels:read).
https://docs.slack.dev/reference/methods/conversations.info
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.slack.admins import brief
from domain import workspace_use_cases
from domain.visibility import require_channel, require_reader


def own_team(body: dict[str, Any]) -> str | None:
    """The person's own workspace as the payload names it (``user_team`` on a slash command,
    ``user.team_id`` on an interaction), or None when it does not say or when the app is
    installed org-wide (Enterprise Grid: another workspace of the org is not another organisation)."""
    if str(body.get("is_enterprise_install", "")).lower() == "true":
        return None
    user = body.get("user")
    found = body.get("user_team") or (user.get("team_id") if isinstance(user, dict) else None)
    return str(found) if found else None


def check_reader(deps: Deps, client: WebClient, *, team: str, user: str, body: dict[str, Any] | None = None) -> None:
    """Raise ``PortfolioHidden`` unless ``user`` may read the portfolio. Slack is asked (bounded,
    cached; see ``bot.slack.admins.Admins.viewer``) only when the setting is ``members`` and the payload
    does not already say the person is from another organisation."""
    visibility = workspace_use_cases.visibility(deps.uow(), team)
    require_reader(visibility, deps.viewer(client, team, user, own_team=own_team(body or {})))


def shared_externally(client: WebClient, channel: str, *, bounded: bool = False) -> Callable[[], bool | None]:
    """Whether ``channel`` is shared with another organisation (Slack Connect), asked lazily; None
    when Slack did not say (the domain refuses then). A direct message is not a channel: the
    person in it was checked as a reader. ``bounded``: one attempt of at most
    ``LOOKUP_TIMEOUT_SECONDS``, no retries, for a check made before an ack."""

    def shared() -> bool | None:
        if not channel.startswith(("C", "G")):
            return False
        asking = brief(client) if bounded else client
        try:
            info = asking.conversations_info(channel=channel)["channel"]
        except SlackApiError as exc:
            # a channel the bot cannot see is explained where the digest is posted or subscribed
            return False if exc.response.get("error") == "channel_not_found" else None
        except OSError:
            return None
        return bool(info.get("is_ext_shared") or info.get("is_pending_ext_shared"))

    return shared


def check_channel(deps: Deps, client: WebClient, *, team: str, channel: str, where: str, bounded: bool) -> None:
    """Raise ``PortfolioHidden`` if the portfolio may not go to ``channel`` (shared externally under ``members``)."""
    visibility = workspace_use_cases.visibility(deps.uow(), team)
    require_channel(visibility, shared_externally(client, channel, bounded=bounded), where=where)
