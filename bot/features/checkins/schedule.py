"""A project's check-in schedule: its form (step 5 of scoping, on its own), opened for those who
may change the project and submitted here."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.scoping.parse import parse_step_5
from bot.features.scoping.step_blocks import step_5
from bot.slack import kit, refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.ids import Callback, Field
from bot.slack.metadata import CardForm
from bot.slack.modals import open_checked
from bot.slack.notices import done_modal, title_of
from bot.slack.origin import Origin
from domain import checkin_use_cases
from domain.errors import parse
from domain.model import CheckinSchedule
from domain.permissions import IsAdmin
from domain.project import Project

# Which block of the schedule form shows a DomainError about a given field of the schedule.
SCHEDULE_BLOCKS = {
    "timezone": Field.TIMEZONE,
    "cadence": Field.CADENCE,
    "weekday": Field.WEEKDAY,
    "local_time": Field.TIME,
}


def schedule_modal(project: Project) -> dict[str, Any]:
    data: dict[str, Any] = {
        "checkin": project.checkin.model_dump(mode="json") if project.checkin else None,
        "checkins_off": project.checkin is None,
    }
    when = f"When should *{kit.esc(project.name)}* be checked on? Times are in the timezone below, DST included."
    blocks = [kit.section(when), *step_5(data)]
    return kit.modal(
        "Check-in schedule",
        blocks,
        callback_id=Callback.CHECKIN_SCHEDULE,
        submit="Save",
        private_metadata=CardForm(ref=project.ref).dump(),
    )


def open_schedule(client: WebClient, deps: Deps, origin: Origin, *, ref: str) -> None:
    verb, title = "change the check-ins of", "Check-in schedule"
    open_checked(client, deps, origin, ref=ref, verb=verb, title=title, build=schedule_modal)


def schedule_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin, ref = deps_of(context), origin_of(context), CardForm.of_view(view).ref
    data, errors = parse_step_5(view["state"]["values"])
    if errors:
        ack(**refusals.field_errors(view, errors))
        return

    def save(is_admin: IsAdmin) -> Project:
        schedule = parse(CheckinSchedule, data["checkin"]) if data["checkin"] else None
        return checkin_use_cases.set_schedule(
            deps.uow(), origin.team, ref, schedule, actor=origin.user, now=deps.now(), is_admin=is_admin
        )

    def save_late(is_admin: IsAdmin) -> dict[str, Any]:
        project = save(is_admin)
        return done_modal(title_of(view), f"Saved the check-in schedule of *{kit.esc(project.name)}*.")

    refusals.submit_form(
        ack, client, deps, view, team=origin.team, user=origin.user, act=save, late=save_late, blocks=SCHEDULE_BLOCKS
    )
