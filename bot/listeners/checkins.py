"""Check-in threads: Yes/No/Unsure per question, details, and the one-click loop-back."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import failures
from bot.deps import Deps
from bot.flow import parse_step_5, read, read_count, read_number
from bot.ids import Action, Callback, Field
from bot.listeners import answers
from bot.listeners.actions import where
from bot.listeners.openers import open_view
from bot.origin import installed_team
from bot.publish import refresh_card, tell
from bot.slack_errors import error_code
from bot.views import kit
from bot.views.checkin import BUTTONS, checkin_message, details_modal, offer_message, parse_answer_value
from bot.views.notices import done_modal, title_of
from domain import checkin_use_cases
from domain.checkin_read_model import CheckinView
from domain.checkins import Answer, Question
from domain.errors import DomainError, NotFound, parse
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
SHOWN_LATE = "Your answer is saved, but I could not show it in the check-in's thread ({cause})."


@failures.after_save(SHOWN_LATE)
def _update_parent(client: WebClient, view: CheckinView) -> None:
    occ = view.occurrence
    if occ.channel and occ.ts:
        try:
            client.chat_update(channel=occ.channel, ts=occ.ts, **checkin_message(view))
        except SlackApiError as exc:
            if error_code(exc) != "message_not_found":
                raise  # the person is told their answer is saved all the same
            # a deleted check-in message: nothing to show the answers on


@failures.after_save(SHOWN_LATE)
def _after_answer(client: WebClient, deps: Deps, view: CheckinView, question: Question) -> None:
    _update_parent(client, view)
    if view.offer is not None and view.occurrence.channel:
        client.chat_postMessage(
            channel=view.occurrence.channel, thread_ts=view.occurrence.ts, **offer_message(view, view.offer, question)
        )


def _value(body: dict[str, Any]) -> tuple[int, Question]:
    try:
        return parse_answer_value(str(body["actions"][0].get("value", "")))
    except (ValueError, KeyError):
        raise NotFound("That button does not belong to a check-in.") from None


def register(app: App, deps: Deps) -> None:
    def answer_handler(answer: Answer) -> Any:
        def on_answer(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            team, user, channel = where(body)
            try:
                occurrence_id, question = _value(body)
                view = checkin_use_cases.record_answer(
                    deps.uow(), team, occurrence_id, user=user, question=question, answer=answer, now=deps.now()
                )
            except DomainError as exc:
                deps.background.submit(tell, client, user=user, channel=channel, text=exc.message)
                return
            deps.background.submit(_after_answer, client, deps, view, question)

        return on_answer

    for action, _, answer in BUTTONS:
        app.action(action)(answer_handler(answer))

    @app.action(Action.CHECKIN_DETAILS)
    def details(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user, channel = where(body)
        deps.background.submit(
            _open_details,
            client,
            deps,
            body["trigger_id"],
            team=team,
            user=user,
            channel=channel,
            raw=str(body["actions"][0].get("value", "")),
        )

    @app.view(Callback.CHECKIN_DETAILS)
    def details_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        values = view["state"]["values"]
        team, user = installed_team(body), body["user"]["id"]
        errors: dict[str, str] = {}
        value = read_number(values, Field.VALUE, errors)
        experiments, labels = read_count(values, Field.EXPERIMENTS, errors), read_count(values, Field.LABELS, errors)
        if errors:
            ack(**answers.field_errors(view, errors))
            return
        blockers, notes = read(values, Field.BLOCKERS) or "", read(values, Field.NOTE) or ""
        try:
            result = checkin_use_cases.record_details(
                deps.uow(),
                team,
                int(view.get("private_metadata") or 0),
                user=user,
                metric_value=value,
                blockers=blockers[:1000],
                notes=notes[:1000],
                now=deps.now(),
                experiments=experiments,
                labels=labels,
            )
        except ValueError as exc:  # DomainError is one; a private_metadata that is no id is another
            text = exc.message if isinstance(exc, DomainError) else "This form is out of date."
            ack(**answers.notice(view, text))  # the check-in closed or went away: no field can fix that
            return
        ack()
        deps.background.submit(_update_parent, client, result)
        deps.background.submit(refresh_card, client, deps.uow(), team, result.project.ref)

    @app.action(Action.CHECKIN_LOOP_BACK)
    def loop_back(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user, channel = where(body)
        try:
            occurrence_id, question = _value(body)
            project = checkin_use_cases.accept_loop_back(
                deps.uow(),
                team,
                occurrence_id,
                question=question,
                user=user,
                now=deps.now(),
                is_admin=deps.is_admin(client, team, user),
            )
        except DomainError as exc:
            deps.background.submit(tell, client, user=user, channel=channel, text=exc.message)
            return
        message_ts = (body.get("container") or {}).get("message_ts")
        done = f"↩️ <@{user}> moved *{kit.esc(project.name)}* back to {project.stage.label}."
        if channel and message_ts:
            deps.background.submit(_show_loop_back, client, channel=channel, ts=message_ts, text=done)
        deps.background.submit(refresh_card, client, deps.uow(), team, project.ref)

    @app.view(Callback.CHECKIN_SCHEDULE)
    def schedule_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team, user, ref = installed_team(body), body["user"]["id"], view.get("private_metadata", "")
        data, errors = parse_step_5(view["state"]["values"])
        if errors:
            ack(**answers.field_errors(view, errors))
            return

        def save(is_admin: IsAdmin) -> Project:
            schedule = parse(CheckinSchedule, data["checkin"]) if data["checkin"] else None
            return checkin_use_cases.set_schedule(
                deps.uow(), team, ref, schedule, actor=user, now=deps.now(), is_admin=is_admin
            )

        def save_late(is_admin: IsAdmin) -> dict[str, Any]:
            project = save(is_admin)
            return done_modal(title_of(view), f"Saved the check-in schedule of *{kit.esc(project.name)}*.")

        saved = answers.submit_checked(
            ack,
            client,
            deps,
            view,
            team=team,
            user=user,
            act=save,
            late=save_late,
            refused=lambda exc: answers.notice_view(view, exc.message),
            refusal=lambda exc: answers.refusal(view, exc, blocks=SCHEDULE_BLOCKS),
        )
        if saved is not answers.NOT_DONE:
            ack()


@failures.after_save("The stage was moved, but I could not say so in the check-in's thread ({cause}).")
def _show_loop_back(client: WebClient, *, channel: str, ts: str, text: str) -> None:
    client.chat_update(channel=channel, ts=ts, text=text, blocks=[kit.section(text)])


def _open_details(
    client: WebClient, deps: Deps, trigger_id: str, *, team: str, user: str, channel: str | None, raw: str
) -> None:
    try:
        view, existing = checkin_use_cases.details_for(deps.uow(), team, int(raw), user=user)
    except (ValueError, DomainError) as exc:
        tell(
            client,
            user=user,
            channel=channel,
            text=getattr(exc, "message", "That button does not belong to a check-in."),
        )
        return
    open_view(client, trigger_id, details_modal(view, existing), user=user, channel=channel)
