"""Which workspace a request belongs to: the one the app is installed in, as Bolt resolves it.

A Slack Connect user's ``team.id`` is their own workspace, not the one that installed MLScope;
Slack says which installation a request is for in ``authorizations`` (events) and
``view.app_installed_team_id`` (modals). Bolt's ``extract_team_id`` reads them in that order,
and so do we, so that data is always keyed on the installation.
https://docs.slack.dev/apis/events-api/#authorizations
https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload
"""

from __future__ import annotations

from typing import Any

from slack_bolt.request.internals import extract_team_id


def installed_team(body: dict[str, Any]) -> str:
    return str(extract_team_id(body) or "")
