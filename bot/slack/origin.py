"""Where a request comes from, read once from its payload: workspace, person, channel, trigger.

The workspace is the one the app is installed in, as Bolt resolves it. A Slack Connect user's
``team.id`` is their own workspace, not the one that installed MLScope; Slack says which
installation a request is for in ``authorizations`` (events) and ``view.app_installed_team_id``
(modals). Bolt's ``extract_team_id`` reads them in that order, and so do we, so that data is
always keyed on the installation.
https://docs.slack.dev/apis/events-api/#authorizations
https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload

Commands, interactions and events name the person and the channel in different places
(``user_id`` / ``user.id`` / ``event.user``; ``channel_id`` / ``channel.id`` or
``container.channel_id`` / ``event.channel``): ``Origin.of`` knows them all, so no handler does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.request.internals import extract_team_id


def installed_team(body: dict[str, Any]) -> str:
    return str(extract_team_id(body) or "")


@dataclass(frozen=True)
class Origin:
    team: str  # the installation's workspace
    user: str
    channel: str | None  # None where there is none (App Home, a modal)
    trigger_id: str  # "" when the payload carries none (events)
    response_url: str | None

    @classmethod
    def of(cls, body: dict[str, Any]) -> Origin:
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        person = body.get("user") if isinstance(body.get("user"), dict) else {}
        channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
        container = body.get("container") if isinstance(body.get("container"), dict) else {}
        urls = ((body.get("view") or {}).get("response_urls") or [{}]) if isinstance(body.get("view"), dict) else [{}]
        return cls(
            team=installed_team(body),
            user=str(body.get("user_id") or person.get("id") or event.get("user") or ""),
            channel=body.get("channel_id") or channel.get("id") or container.get("channel_id") or event.get("channel"),
            trigger_id=str(body.get("trigger_id") or ""),
            response_url=body.get("response_url") or (urls[0] or {}).get("response_url"),
        )
