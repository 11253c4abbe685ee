"""A check-in's details: the button opens a modal (metric value, experiments, labels, blockers,
notes), whose submission is saved before the ack and shown on the thread and card after it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.card.publish import refresh_card
from bot.features.checkins.blocks import details_modal
from bot.features.checkins.thread import update_parent
from bot.features.corrections.blocks import recorded_modal
from bot.features.far_reading import confirm_answer, confirmed
from bot.features.text import measured
from bot.slack import refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.forms import Errors, Values, read, read_count, read_typed
from bot.slack.ids import Field
from bot.slack.kit import esc
from bot.slack.metadata import CheckinDetails, DetailsForm
from bot.slack.modals import open_view
from bot.slack.notices import title_of
from bot.slack.origin import Origin
from bot.slack.tell import tell
from domain import checkin_use_cases
from domain.checkin_read_model import CheckinState
from domain.errors import DomainError
from domain.metric_scale import FarFromSeries

NOT_A_CHECKIN = "That button does not belong to a check-in."


def details(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    deps = deps_of(context)
    deps.background.submit(open_details, client, deps, origin_of(context), body=body)


def open_details(client: WebClient, deps: Deps, origin: Origin, *, body: dict[str, Any]) -> None:
    try:
        occurrence = CheckinDetails.of_button(body).occurrence
        state, existing = checkin_use_cases.details_for(deps.uow(), origin.team, occurrence, user=origin.user)
    except (ValueError, DomainError) as exc:
        tell(client, user=origin.user, channel=origin.channel, text=getattr(exc, "message", NOT_A_CHECKIN))
        return
    open_view(client, origin.trigger_id, details_modal(state, existing), user=origin.user, channel=origin.channel)


def parse_details(values: Values) -> tuple[dict[str, Any], Errors]:
    """The details' fields as ``checkin_use_cases.record_details`` takes them."""
    errors: Errors = {}
    typed = read_typed(values, Field.VALUE, errors)  # as people write it: its metric's scale reads "%"
    fields = {
        "metric_value": typed.value if typed else None,
        "metric_percent": bool(typed and typed.percent),
        "confirmed": confirmed(values),
        "experiments": read_count(values, Field.EXPERIMENTS, errors),
        "labels": read_count(values, Field.LABELS, errors),
        "blockers": (read(values, Field.BLOCKERS) or "")[:1000],
        "notes": (read(values, Field.NOTE) or "")[:1000],
    }
    return fields, errors


def _refused(view: dict[str, Any], exc: ValueError) -> dict[str, Any]:
    """A reading far from its series is asked again; one impossible for its metric is said on the
    value; anything else (the check-in closed or went away, a form out of date) replaces the modal."""
    if isinstance(exc, FarFromSeries):
        return confirm_answer(view, exc)
    if isinstance(exc, DomainError) and exc.field == "value":
        return refusals.field_errors(view, {Field.VALUE: exc.message})
    return refusals.notice(view, exc.message if isinstance(exc, DomainError) else "This form is out of date.")


def details_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin = deps_of(context), origin_of(context)
    fields, errors = parse_details(view["state"]["values"])
    if errors:
        ack(**refusals.field_errors(view, errors))
        return
    try:
        occurrence_id = DetailsForm.of_view(view).occurrence
        result = checkin_use_cases.record_details(
            deps.uow(), origin.team, occurrence_id, user=origin.user, now=deps.now(), **fields
        )
    except ValueError as exc:  # DomainError is one; a private_metadata that is no id is another
        ack(**_refused(view, exc))
        return
    ack(**_confirmation(view, result, fields["metric_value"], origin.user))
    deps.background.submit(update_parent, client, result)
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, result.project.ref)


def _confirmation(view: dict[str, Any], result: CheckinState, value: float | None, user: str) -> dict[str, Any]:
    """With a metric value, the form gives way to a confirmation with Undo for the reading it
    recorded (the project's last, by this person, the value now in their answer: on the metric's
    scale); without one it just closes."""
    readings, mine = result.project.readings, next((r for r in result.responses if r.user_id == user), None)
    if (
        value is None
        or not readings
        or mine is None
        or (readings[-1].actor, readings[-1].value) != (user, mine.metric_value)
    ):
        return {}
    metric = result.project.scope.optimizing
    said = measured(readings[-1].value, metric.unit if metric else "")
    text = f"Saved your check-in details and recorded {said} for *{esc(result.project.name)}*."
    shown = recorded_modal(title_of(view), text, result.project.ref, readings[-1], occurrence=result.occurrence.id)
    return {"response_action": "update", "view": shown}
