"""What a Slack Web API error means for the person who asked, in words they can act on."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

EXPLANATIONS = {
    "not_in_channel": "I'm not a member of <#{channel}>. Invite me with `/invite @MLScope` in that channel, then try again.",
    "channel_not_found": "I can't see <#{channel}>. If it is private, invite me with `/invite @MLScope` there first.",
    "is_archived": "<#{channel}> is archived; choose another home channel with Edit.",
    "restricted_action": "This workspace does not let me post in <#{channel}>; ask an admin, or choose another channel.",
    "message_not_found": "The project's card in <#{channel}> was deleted; the project itself is safe.",
    "expired_trigger_id": "That took too long to open; please try again.",
    "invalid_trigger_id": "That took too long to open; please try again.",
    "ratelimited": "Slack asked me to slow down; your change is saved and the card will catch up.",
}


def error_code(exc: SlackApiError) -> str:
    return str(exc.response.get("error", "unknown_error")) if exc.response is not None else "unknown_error"


def explain(exc: SlackApiError, *, channel: str = "") -> str:
    code = error_code(exc)
    template = EXPLANATIONS.get(code)
    if template:
        return template.format(channel=channel)
    return f"Slack refused the request ({code}). Your change is saved; please try again in a moment."
