"""``/mlproject digest …``: post now, subscribe, unsubscribe, settings."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import commands as cmd
from bot.deps import Deps
from bot.jobs import post_now
from bot.origin import installed_team
from bot.slack_errors import explain
from bot.views import messages
from bot.views.scoping import WEEKDAYS
from bot.visibility import check_channel, check_reader
from domain import digest_use_cases
from domain.digest import parse_filter
from domain.errors import DomainError
from domain.model import CheckinSchedule
from domain.ports import Subscription
from domain.recurrence import next_due


def handle_digest(
    parsed: cmd.Command, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> dict[str, Any]:
    team, user, channel = installed_team(command), command["user_id"], command.get("channel_id", "")
    uow = deps.uow()
    match parsed:
        case cmd.DigestNow(scope=text):
            check_reader(deps, client, team=team, user=user, body=command)
            check_channel(deps, client, team=team, channel=channel, where="This channel", bounded=True)
            scope = parse_filter(text, caller=user).encode()
            occurrence_id = digest_use_cases.add_manual_digest(uow, team, channel, scope=scope, actor=user, now=deps.now())
            deps.background.submit(post_now, deps, occurrence_id)
            return messages.done_message("Posting the portfolio digest here.")
        case cmd.DigestSubscribe(channel_id=named):
            target = named or channel
            check_reader(deps, client, team=team, user=user, body=command)
            deps.background.submit(
                subscribe, client, respond, deps, parsed, team=team, user=user, channel=target, here=channel
            )
            return messages.reply(f"Setting up {_where(target, here=channel)}'s digest…")
        case cmd.DigestUnsubscribe(channel_id=named):
            target = named or channel
            if named and digest_use_cases.digest_subscription(uow, team, target) is None:
                return messages.error_message(f"{_where(target, here=channel, start=True)} has no digest subscription.")
            digest_use_cases.unsubscribe_digest(
                uow, team, target, actor=user, now=deps.now(), is_admin=deps.is_admin(client, team, user, bounded=True)
            )
            return messages.done_message(
                f"{_where(target, here=channel, start=True)} will no longer get scheduled digests."
            )
        case cmd.DigestSettings(channel_id=named):
            target = named or channel
            sub = digest_use_cases.digest_subscription(uow, team, target)
            if sub is None:
                return messages.reply(
                    f"{_where(target, here=channel, start=True)} has no scheduled digest. "
                    f"Subscribe with `/mlproject {messages.USAGE['digest'].split(' · ')[1]}`."
                )
            return messages.reply(describe(sub, deps, here=channel))
    raise AssertionError(f"not a digest command: {parsed!r}")  # pragma: no cover


def _where(target: str, *, here: str, start: bool = False) -> str:
    """How a reply names the digest's channel: "this channel" where the command was typed."""
    if target == here:
        return "This channel" if start else "this channel"
    return f"<#{target}>"


def describe(sub: Subscription, deps: Deps, *, here: str | None = None) -> str:
    schedule = CheckinSchedule.model_validate(sub.schedule)
    when = {"weekly": "every week", "biweekly": "every two weeks", "monthly": "every month (first such weekday)"}[
        schedule.cadence.value
    ]
    upcoming = next_due(schedule, max(deps.now(), schedule.since or deps.now()))
    here = sub.channel_id if here is None else here
    named = "" if sub.channel_id == here else f" (in <#{sub.channel_id}>, or followed by the channel)"
    return (
        f"{_where(sub.channel_id, here=here, start=True)} gets the digest {when} on {WEEKDAYS[schedule.weekday]} at {schedule.local_time:%H:%M} ({schedule.timezone}); "
        f"next: {upcoming:%a %d %b %H:%M} UTC. Change it with `/mlproject digest subscribe …`, "
        f"stop it with `/mlproject digest unsubscribe`{named}."
    )


def subscribe(
    client: WebClient,
    respond: Respond,
    deps: Deps,
    parsed: cmd.DigestSubscribe,
    *,
    team: str,
    user: str,
    channel: str,
    here: str | None = None,
) -> None:
    """After the ack: the subscriber's timezone, whether the bot can post in ``channel`` (the one
    named, else ``here``, where the command was typed), then subscribe."""
    timezone = parsed.timezone
    if timezone is None:
        try:
            timezone = client.users_info(user=user)["user"].get("tz") or "UTC"
        except SlackApiError:
            timezone = "UTC"
    problem = _cannot_post(client, channel)
    if problem:
        respond(**messages.error_message(problem))
        return
    try:
        check_channel(
            deps, client, team=team, channel=channel, where=_where(channel, here=here or "", start=True), bounded=False
        )
    except DomainError as exc:
        respond(**messages.error_message(exc.message))
        return
    schedule = CheckinSchedule(
        cadence=parsed.cadence, weekday=parsed.weekday, local_time=parsed.at, timezone=timezone, skip_weekends=False
    )
    try:
        sub = digest_use_cases.subscribe_digest(
            deps.uow(),
            team,
            channel,
            schedule,
            scope="",
            actor=user,
            now=deps.now(),
            is_admin=deps.is_admin(client, team, user),
        )
    except DomainError as exc:
        respond(**messages.error_message(exc.message))
        return
    respond(**messages.done_message(describe(sub, deps, here=here)))


def _cannot_post(client: WebClient, channel: str) -> str | None:
    """None if the bot can post in ``channel`` (joining it if public), else what the user should do."""
    if not channel.startswith(("C", "G")):
        return (
            "Digests go to channels: run this in the channel that should receive them, or name it (type # and pick it)."
        )
    try:
        info = client.conversations_info(channel=channel)["channel"]
        if info.get("is_member"):
            return None
        if info.get("is_private"):
            return explain(_error("not_in_channel"), channel=channel)
        client.conversations_join(channel=channel)
        return None
    except SlackApiError as exc:
        return explain(exc, channel=channel)


def _error(code: str) -> SlackApiError:
    return SlackApiError(code, {"ok": False, "error": code})  # type: ignore[arg-type]
