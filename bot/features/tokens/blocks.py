"""What ``/mlproject token`` answers: the new token (once, ephemeral), the list, the refusal wording."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.slack import kit
from bot.slack.replies import reply
from domain.ports import ApiToken

README_SECTION = "README → “Readings from pipelines”"


def created_message(token: ApiToken, secret: str) -> dict[str, Any]:
    """Only you see this, once: MLScope keeps the token's hash, never the token."""
    text = (
        f"🔑 API token *{token.name}* created. Copy it now: it is shown only this once and MLScope keeps only "
        f"its hash.\n```{secret}```\n"
        f"Give it to your pipeline as `MLSCOPE_TOKEN` (a CI secret), then `mlscope push-reading` or "
        f"`POST /api/v1/readings` with `Authorization: Bearer $MLSCOPE_TOKEN` ({README_SECTION}). "
        f"Revoke it with `/mlproject token revoke {token.name}`."
    )
    return reply(text, [kit.section(text)])


def _when(at: datetime | None) -> str:
    return "never" if at is None else f"{at:%Y-%m-%d %H:%M} UTC"


def list_message(tokens: list[ApiToken]) -> dict[str, Any]:
    if not tokens:
        return reply("No API tokens in this workspace. Create one with `/mlproject token create <name>`.")
    lines = [
        f"• *{t.name}* · created by <@{t.created_by}> {_when(t.created_at)} · last used {_when(t.last_used_at)}"
        for t in tokens
    ]
    text = "API tokens (the tokens themselves are never shown again):\n" + "\n".join(lines)
    return reply(text, [kit.section(kit.cut(text, 2900))])
