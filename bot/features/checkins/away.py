"""``/mlproject away [<until>|off]``: no check-in nudges or mentions of me until a date.

The date is read in the person's Slack timezone (users.info), so the command answers after its
ack, through its response_url; the date said back is Slack's ``<!date>``, shown in their zone.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackApiError

from bot.features.command.asked import Asked
from bot.features.command.grammar import Away as AwayCommand
from bot.slack import kit
from bot.slack.replies import done_message, error_message, reply
from domain import away as away_use_cases
from domain.checkins import Away
from domain.errors import DomainError


def away(parsed: AwayCommand, asked: Asked) -> dict[str, Any]:
    asked.deps.background.submit(answer_away, asked, parsed.until.strip())
    return {}


def answer_away(asked: Asked, said: str) -> None:
    deps, now = asked.deps, asked.deps.now()
    try:
        if not said:
            current = away_use_cases.away_now(deps.uow(), asked.team, asked.user, now=now)
            asked.respond(**reply(f"You are away until {kit.date(current.until)}." if current else "You are not away."))
        elif said.lower() in ("off", "back"):
            was = away_use_cases.come_back(deps.uow(), asked.team, asked.user, now=now)
            asked.respond(
                **done_message("Welcome back: check-ins mention and nudge you again." if was else "You were not away.")
            )
        else:
            timezone, name = _person(asked)
            until = away_use_cases.away_until(said, timezone=timezone, now=now)
            away_use_cases.set_away(deps.uow(), asked.team, Away(asked.user, name, until), now=now)
            asked.respond(**done_message(f"Away until {kit.date(until)}: no nudges or mentions of you till then."))
    except DomainError as exc:
        asked.respond(**error_message(exc.message))


def _person(asked: Asked) -> tuple[str, str]:
    """Their Slack timezone and the name said instead of a mention (UTC and their handle if Slack cannot say)."""
    try:
        user = asked.client.users_info(user=asked.user)["user"]
    except SlackApiError:
        return "UTC", str(asked.command.get("user_name") or asked.user)
    profile = user.get("profile") or {}
    name = profile.get("display_name") or user.get("real_name") or user.get("name") or asked.user
    return str(user.get("tz") or "UTC"), str(name)[:80]
