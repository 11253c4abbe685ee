"""``/mlproject checkin <ref> [schedule|pause|resume]``: post one now, change, pause or resume them."""

from __future__ import annotations

from typing import Any

from bot.features.checkins.schedule import open_schedule
from bot.features.command.asked import Asked
from bot.features.command.grammar import Checkin
from bot.slack.kit import esc
from bot.slack.replies import done_message
from bot.ticker import post_now
from domain import checkin_use_cases


def checkin(parsed: Checkin, asked: Asked) -> dict[str, Any]:
    deps, ref = asked.deps, parsed.ref
    if parsed.action == "now":
        occurrence_id = checkin_use_cases.add_manual_checkin(
            deps.uow(), asked.team, ref, actor=asked.user, now=deps.now()
        )
        deps.background.submit(post_now, deps, occurrence_id)
        return done_message(f"Posting a check-in on `{ref}` in its home channel.")
    if parsed.action == "schedule":
        asked.refuse_early(ref, verb="change the check-ins of")
        deps.background.submit(open_schedule, asked.client, deps, asked.origin, ref=ref)
        return {}
    paused = parsed.action == "pause"
    project = checkin_use_cases.set_paused(
        deps.uow(), asked.team, ref, paused=paused, actor=asked.user, now=deps.now(), is_admin=asked.admin()
    )
    return done_message(f"Check-ins of *{esc(project.name)}* are {'paused' if paused else 'running again'}.")
