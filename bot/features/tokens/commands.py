"""``/mlproject token create|list|revoke``: answered in the ack, ephemeral (the new token is seen
by its creator only, once). Admins and MLScope leads only (``domain.permissions``)."""

from __future__ import annotations

from typing import Any

from bot.features.command.asked import Asked
from bot.features.command.grammar import Token
from bot.features.tokens.blocks import created_message, list_message
from bot.slack.replies import done_message
from domain import api_token_use_cases


def token(parsed: Token, asked: Asked) -> dict[str, Any]:
    deps = asked.deps
    if parsed.action == "list":
        return list_message(api_token_use_cases.list_tokens(deps.uow(), asked.team, actor=asked.user, is_admin=asked.admin()))
    if parsed.action == "create":
        created, secret = api_token_use_cases.create_token(
            deps.uow(), asked.team, parsed.name, actor=asked.user, now=deps.now(), is_admin=asked.admin()
        )
        return created_message(created, secret)
    api_token_use_cases.revoke_token(deps.uow(), asked.team, parsed.name, actor=asked.user, now=deps.now(), is_admin=asked.admin())
    name = api_token_use_cases.token_name(parsed.name)
    return done_message(f"API token *{name}* revoked: pipelines using it now get 401.")
