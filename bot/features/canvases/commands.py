"""``/mlproject digest canvas [#channel]``: a digest channel's portfolio canvas."""

from __future__ import annotations

from typing import Any

from bot.features.canvases.portfolio import open_portfolio
from bot.features.command.asked import Asked
from bot.features.command.grammar import DigestCanvas
from bot.features.digests.subscribe import where
from bot.slack.replies import error_message, reply
from bot.slack.visibility import check_channel, check_reader
from domain import digest_use_cases


def digest_canvas(parsed: DigestCanvas, asked: Asked) -> dict[str, Any]:
    target, here = parsed.channel_id or asked.channel, asked.channel
    check_reader(asked.deps, asked.client, team=asked.team, user=asked.user, body=asked.command)
    # as `digest` and `digest subscribe` do: no portfolio in a channel shared outside the workspace
    # when the workspace says members only (bot.slack.visibility)
    check_channel(asked.deps, asked.client, team=asked.team, channel=target, where=where(target, here=here, start=True), bounded=True)
    if digest_use_cases.digest_subscription(asked.deps.uow(), asked.team, target) is None:
        return error_message(
            f"{where(target, here=here, start=True)} has no digest subscription, and the portfolio canvas is kept "
            "current by its digests: subscribe first with `/mlproject digest subscribe`."
        )
    asked.deps.background.submit(
        open_portfolio, asked.client, asked.deps, team=asked.team, user=asked.user, channel=target, here=here
    )
    return reply(f"Setting up {where(target, here=here)}'s portfolio canvas…")
