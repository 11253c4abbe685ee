"""Subscribing a channel to the scheduled digest, after the ack: the subscriber's timezone, whether
the bot can post there, whether the portfolio may go there; and how a subscription is described."""

from __future__ import annotations

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.features.command.grammar import DigestSubscribe
from bot.features.scoping.step_blocks import WEEKDAYS
from bot.slack import kit
from bot.slack.errors import explain
from bot.slack.replies import done_message, error_message
from bot.slack.visibility import check_channel
from domain import digest_use_cases
from domain.errors import DomainError
from domain.model import CheckinSchedule
from domain.ports import Subscription
from domain.recurrence import next_due


def where(target: str, *, here: str, start: bool = False) -> str:
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
        f"{where(sub.channel_id, here=here, start=True)} gets the digest {when} on {WEEKDAYS[schedule.weekday]} at {schedule.local_time:%H:%M} ({schedule.timezone}); "
        f"next: {kit.date(upcoming)}. Change it with `/mlproject digest subscribe …`, "
        f"stop it with `/mlproject digest unsubscribe`{named}."
    )


def subscribe(
    client: WebClient,
    respond: Respond,
    deps: Deps,
    parsed: DigestSubscribe,
    *,
    team: str,
    user: str,
    channel: str,
    here: str | None = None,
) -> None:
    """After the ack: the subscriber's timezone, whether the bot can post in ``channel`` (the one
    named, else ``here``, where the command was typed), then subscribe."""
    timezone = parsed.timezone or _timezone_of(client, user)
    try:
        problem = _cannot_post(client, channel)
        if problem is None:
            named = where(channel, here=here or "", start=True)
            check_channel(deps, client, team=team, channel=channel, where=named, bounded=False)
            sub = digest_use_cases.subscribe_digest(
                deps.uow(), team, channel, _schedule(parsed, timezone), scope="", actor=user, now=deps.now(),
                is_admin=deps.is_admin(client, team, user),
            )  # fmt: skip
    except DomainError as exc:
        problem = exc.message
    if problem is not None:
        respond(**error_message(problem))
        return
    respond(**done_message(describe(sub, deps, here=here)))


def _timezone_of(client: WebClient, user: str) -> str:
    try:
        return str(client.users_info(user=user)["user"].get("tz") or "UTC")
    except SlackApiError:
        return "UTC"


def _schedule(parsed: DigestSubscribe, timezone: str) -> CheckinSchedule:
    return CheckinSchedule(
        cadence=parsed.cadence, weekday=parsed.weekday, local_time=parsed.at, timezone=timezone, skip_weekends=False
    )


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
