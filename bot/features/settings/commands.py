"""``/mlproject leads``, ``holidays`` and ``settings``: who besides owners, creators and admins may
change any project, the days nothing scheduled is posted, who may read the portfolio, the currency
cards speak in, how long a metric may go unread before the digest says so, and the scoring
settings (their form: ``bot.features.settings.scoring``)."""

from __future__ import annotations

import contextlib
from typing import Any

from bot.features.card.publish import refresh_cards
from bot.features.command.asked import Asked
from bot.features.command.grammar import Holidays, Leads, Settings
from bot.features.settings.blocks import STALE_MEANS, VISIBILITY_MEANS, settings_message
from bot.features.settings.scoring import open_scoring
from bot.slack import kit
from bot.slack.admins import AdminUnknown
from bot.slack.replies import done_message, reply
from domain import holidays as holiday_use_cases
from domain import workspace_use_cases


def leads(parsed: Leads, asked: Asked) -> dict[str, Any]:
    deps = asked.deps
    if parsed.action == "list":
        names = ", ".join(f"<@{u}>" for u in sorted(workspace_use_cases.list_leads(deps.uow(), asked.team))) or "nobody yet"
        return reply(f"MLScope leads (may change any project, besides owners, creators and admins): {names}.")
    lead, add = parsed.user_id, parsed.action == "add"
    assert lead is not None
    changed = workspace_use_cases.change_lead(
        deps.uow(), asked.team, lead, add=add, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    if add:
        return done_message(f"<@{lead}> is {'now' if changed else 'already'} an MLScope lead.")
    return done_message(f"<@{lead}> {'is no longer' if changed else 'was not'} an MLScope lead.")


def settings(parsed: Settings, asked: Asked) -> dict[str, Any]:
    deps, wanted = asked.deps, parsed.visibility
    if parsed.currency is not None:
        return currency(parsed.currency, asked)
    if parsed.stale_weeks is not None:
        return stale_readings(parsed.stale_weeks, asked)
    if parsed.scoring:
        return scoring(asked)
    if wanted is None:
        uow, team = deps.uow, asked.team
        return settings_message(
            workspace_use_cases.visibility(uow(), team),
            workspace_use_cases.currency(uow(), team),
            workspace_use_cases.weights_for(uow(), team),
            workspace_use_cases.stale_weeks(uow(), team),
        )
    changed = workspace_use_cases.set_visibility(
        deps.uow(), asked.team, wanted, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    said = "Visibility is now" if changed else "Visibility was already"
    return done_message(f"{said} *{wanted.value}*: " + VISIBILITY_MEANS[wanted])


def currency(code: str, asked: Asked) -> dict[str, Any]:
    """The workspace's currency: the unit of the cards' money line (amounts are not converted)."""
    deps = asked.deps
    changed = workspace_use_cases.set_currency(
        deps.uow(), asked.team, code, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    if changed:
        deps.background.submit(refresh_cards, asked.client, deps.uow(), asked.team)
    said = "The currency is now" if changed else "The currency was already"
    return done_message(f"{said} *{code}*: cards say what a model is worth in it (amounts are not converted).")


def stale_readings(weeks: int, asked: Asked) -> dict[str, Any]:
    """The digest's "no reading for N weeks": how long a metric may go unread before a lead hears."""
    deps = asked.deps
    changed = workspace_use_cases.set_stale_weeks(
        deps.uow(), asked.team, weeks, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    n = kit.count(weeks, "week")
    said = f"Stale readings are now *{n}*" if changed else f"Stale readings were already *{n}*"
    return done_message(f"{said}: {STALE_MEANS.format(n=n)}")


def scoring(asked: Asked) -> dict[str, Any]:
    """Refuse in the reply what the database and a cached admin answer already refuse (nothing
    opens); otherwise open the form after the ack (asking Slack first if only Slack can tell)."""
    deps = asked.deps
    with contextlib.suppress(AdminUnknown):
        workspace_use_cases.scoring_settings(
            deps.uow(), asked.team, actor=asked.user, is_admin=deps.cached_admin(asked.team, asked.user)
        )
    deps.background.submit(open_scoring, asked.client, deps, asked.origin)
    return {}


def holidays(parsed: Holidays, asked: Asked) -> dict[str, Any]:
    """The workspace's holidays (dates, the same everywhere: no timezone to say)."""
    deps = asked.deps
    if not parsed.days.strip():
        days = holiday_use_cases.holidays(deps.uow(), asked.team)
        return reply(
            "Holidays (nothing scheduled is posted): " + (", ".join(d.isoformat() for d in days) or "none") + "."
        )
    wanted = holiday_use_cases.parse_days(parsed.days)
    days = holiday_use_cases.set_holidays(
        deps.uow(), asked.team, wanted, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    listed = ", ".join(d.isoformat() for d in days)
    return done_message(
        f"Holidays: {listed}. No check-in, nudge or digest is posted on them." if days else "No holidays."
    )
