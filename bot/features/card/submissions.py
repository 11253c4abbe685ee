"""The card's forms submitted: move stage, record a metric, tick the checklist, add a baseline.

Validation and the change happen before the ack (its answer carries field errors or a notice:
``bot.slack.refusals``); the card is refreshed after it, in the background.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.features.card.parse import (
    BASELINE_BLOCKS,
    METRIC_BLOCKS,
    STAGE_BLOCKS,
    parse_baseline,
    parse_checklist,
    parse_metric,
)
from bot.features.card.publish import refresh_card
from bot.features.corrections.blocks import recorded_modal
from bot.features.far_reading import confirm_answer, confirmed
from bot.slack import refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.forms import read
from bot.slack.ids import Field
from bot.slack.kit import esc
from bot.slack.metadata import CardForm
from bot.slack.notices import done_modal, title_of
from domain import project_use_cases, reading_use_cases
from domain.errors import DomainError, parse
from domain.lifecycle import parse_stage
from domain.metric_scale import FarFromSeries
from domain.metrics import Baseline
from domain.permissions import IsAdmin
from domain.project import Project


def stage_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin, ref = deps_of(context), origin_of(context), CardForm.of_view(view).ref
    values = view["state"]["values"]

    def move(is_admin: IsAdmin) -> Project:
        target = parse_stage(read(values, Field.STAGE_TARGET) or "")
        reason = read(values, Field.REASON) or ""
        return project_use_cases.move_stage(
            deps.uow(), origin.team, ref, target, reason=reason, actor=origin.user, now=deps.now(), is_admin=is_admin
        )

    def move_late(is_admin: IsAdmin) -> dict[str, Any]:
        project = move(is_admin)
        deps.background.submit(refresh_card, client, deps.uow(), origin.team, project.ref)
        return done_modal(title_of(view), f"Moved *{esc(project.name)}* to {project.stage.label}.")

    moved = refusals.submit_form(
        ack, client, deps, view, team=origin.team, user=origin.user, act=move, late=move_late, blocks=STAGE_BLOCKS
    )
    if moved is not refusals.NOT_DONE:
        deps.background.submit(refresh_card, client, deps.uow(), origin.team, ref)


def metric_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    values = view["state"]["values"]
    typed, errors = parse_metric(values)
    if errors or typed is None:
        ack(**refusals.field_errors(view, errors))
        return
    note, sure = read(values, Field.NOTE), confirmed(values)

    def record(uow: Any, team: str, ref: str, actor: str, now: Any) -> object:
        return reading_use_cases.record_metric(
            uow, team, ref, typed.value, note=note, actor=actor, now=now, percent=typed.percent, confirmed=sure
        )

    _change_then_refresh(ack, view, client, context, METRIC_BLOCKS, record, done=lambda project: _recorded(view, project))


def _recorded(view: dict[str, Any], project: Project) -> dict[str, Any]:
    """The form gives way to its confirmation, with Undo (the reading just recorded is the last one,
    its value on the metric's scale)."""
    metric, value = project.scope.optimizing, project.readings[-1].value
    name = esc(metric.name) if metric else "the metric"
    text = f"Recorded {name} = {value:g} for *{esc(project.name)}*."
    return recorded_modal(title_of(view), text, project.ref, project.readings[-1])


def checklist_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    chosen, errors = parse_checklist(view["state"]["values"])
    if errors:
        ack(**refusals.field_errors(view, errors))
        return
    _change_then_refresh(
        ack, view, client, context, {},
        lambda uow, team, ref, actor, now: project_use_cases.set_checklist(uow, team, ref, chosen, actor=actor, now=now),
    )  # fmt: skip


def baseline_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    raw, percent, errors = parse_baseline(view["state"]["values"])
    if errors:
        ack(**refusals.field_errors(view, errors))
        return

    def add(uow: Any, team: str, ref: str, actor: str, now: Any) -> object:
        baseline = parse(Baseline, raw)
        return project_use_cases.add_baseline(uow, team, ref, baseline, actor=actor, now=now, percent=percent)

    _change_then_refresh(ack, view, client, context, BASELINE_BLOCKS, add, fallback=_human_level_unnamed)


def _human_level_unnamed(exc: DomainError) -> str | None:
    """The model's own check (a human baseline needs its level) names no field."""
    return Field.HUMAN_LEVEL if exc.field is None and "human" in exc.message else None


def _change_then_refresh(
    ack: Ack,
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    blocks: dict[str, str],
    change: Any,
    *,
    fallback: Any = lambda exc: None,
    done: Any = None,
) -> None:
    """One use case before the ack (a refusal goes back to the form's own block), the card's
    refresh after it: what the three small forms share. ``done`` (the changed project -> a view)
    shows a confirmation in place of the form instead of closing it."""
    deps, origin, ref = deps_of(context), origin_of(context), CardForm.of_view(view).ref
    try:
        changed = change(deps.uow(), origin.team, ref, origin.user, deps.now())
    except FarFromSeries as far:  # possible, but far from the series: asked again, nothing saved
        ack(**confirm_answer(view, far))
        return
    except DomainError as exc:
        ack(**refusals.refusal(view, exc, blocks=blocks, fallback=fallback(exc)))
        return
    ack(**({"response_action": "update", "view": done(changed)} if done else {}))
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, ref)
