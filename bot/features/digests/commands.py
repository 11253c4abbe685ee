"""``/mlproject digest …``: post the digest here now, subscribe a channel, unsubscribe, settings."""

from __future__ import annotations

from typing import Any

from bot.features.command.asked import Asked
from bot.features.command.grammar import DigestNow, DigestSettings, DigestSubscribe, DigestUnsubscribe
from bot.features.command.messages import USAGE
from bot.features.digests.subscribe import describe, subscribe, where
from bot.slack.replies import done_message, error_message, reply
from bot.slack.visibility import check_channel, check_reader
from bot.ticker import post_now
from domain import digest_use_cases
from domain.digest import parse_filter


def digest_now(parsed: DigestNow, asked: Asked) -> dict[str, Any]:
    deps, client, team, channel = asked.deps, asked.client, asked.team, asked.channel
    check_reader(deps, client, team=team, user=asked.user, body=asked.command)
    check_channel(deps, client, team=team, channel=channel, where="This channel", bounded=True)
    scope = parse_filter(parsed.scope, caller=asked.user).encode()
    occurrence_id = digest_use_cases.add_manual_digest(deps.uow(), team, channel, scope=scope, actor=asked.user, now=deps.now())
    deps.background.submit(post_now, deps, occurrence_id)
    return done_message("Posting the portfolio digest here.")


def digest_subscribe(parsed: DigestSubscribe, asked: Asked) -> dict[str, Any]:
    target, here = parsed.channel_id or asked.channel, asked.channel
    check_reader(asked.deps, asked.client, team=asked.team, user=asked.user, body=asked.command)
    asked.deps.background.submit(
        subscribe, asked.client, asked.respond, asked.deps, parsed, team=asked.team, user=asked.user, channel=target,
        here=here,
    )  # fmt: skip
    return reply(f"Setting up {where(target, here=here)}'s digest…")


def digest_unsubscribe(parsed: DigestUnsubscribe, asked: Asked) -> dict[str, Any]:
    deps, target, here = asked.deps, parsed.channel_id or asked.channel, asked.channel
    if parsed.channel_id and digest_use_cases.digest_subscription(deps.uow(), asked.team, target) is None:
        return error_message(f"{where(target, here=here, start=True)} has no digest subscription.")
    digest_use_cases.unsubscribe_digest(
        deps.uow(), asked.team, target, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    return done_message(f"{where(target, here=here, start=True)} will no longer get scheduled digests.")


def digest_settings(parsed: DigestSettings, asked: Asked) -> dict[str, Any]:
    target, here = parsed.channel_id or asked.channel, asked.channel
    sub = digest_use_cases.digest_subscription(asked.deps.uow(), asked.team, target)
    if sub is None:
        return reply(
            f"{where(target, here=here, start=True)} has no scheduled digest. "
            f"Subscribe with `/mlproject {USAGE['digest'].split(' · ')[1]}`."
        )
    return reply(describe(sub, asked.deps, here=here))
