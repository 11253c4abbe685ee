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
from bot.slack import refusals
from bot.slack.context import deps_of, origin_of
from bot.slack.forms import read
from bot.slack.ids import Field
from bot.slack.kit import esc
from bot.slack.metadata import CardForm
from bot.slack.notices import done_modal, title_of
from domain import project_use_cases
from domain.errors import DomainError, parse
from domain.lifecycle import parse_stage
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

    moved = refusals.submit_checked(
        ack, client, deps, view, team=origin.team, user=origin.user, act=move, late=move_late,
        refused=lambda exc: refusals.notice_view(view, exc.message),
        refusal=lambda exc: refusals.refusal(view, exc, blocks=STAGE_BLOCKS),
    )  # fmt: skip
    if moved is not refusals.NOT_DONE:
        ack()
        deps.background.submit(refresh_card, client, deps.uow(), origin.team, ref)


def metric_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin, ref = deps_of(context), origin_of(context), CardForm.of_view(view).ref
    values = view["state"]["values"]
    value, errors = parse_metric(values)
    if errors or value is None:
        ack(**refusals.field_errors(view, errors))
        return
    note = read(values, Field.NOTE)
    try:
        project_use_cases.record_metric(deps.uow(), origin.team, ref, value, note=note, actor=origin.user, now=deps.now())
    except DomainError as exc:
        ack(**refusals.refusal(view, exc, blocks=METRIC_BLOCKS))
        return
    ack()
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, ref)


def checklist_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin, ref = deps_of(context), origin_of(context), CardForm.of_view(view).ref
    chosen, errors = parse_checklist(view["state"]["values"])
    if errors:
        ack(**refusals.field_errors(view, errors))
        return
    try:
        project_use_cases.set_checklist(deps.uow(), origin.team, ref, chosen, actor=origin.user, now=deps.now())
    except DomainError as exc:
        ack(**refusals.refusal(view, exc, blocks={}))
        return
    ack()
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, ref)


def baseline_submitted(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    deps, origin, ref = deps_of(context), origin_of(context), CardForm.of_view(view).ref
    raw, errors = parse_baseline(view["state"]["values"])
    if errors:
        ack(**refusals.field_errors(view, errors))
        return
    try:
        baseline = parse(Baseline, raw)
        project_use_cases.add_baseline(deps.uow(), origin.team, ref, baseline, actor=origin.user, now=deps.now())
    except DomainError as exc:
        # The model's own check (a human baseline needs its level) names no field.
        fallback = Field.HUMAN_LEVEL if exc.field is None and "human" in exc.message else None
        ack(**refusals.refusal(view, exc, blocks=BASELINE_BLOCKS, fallback=fallback))
        return
    ack()
    deps.background.submit(refresh_card, client, deps.uow(), origin.team, ref)
