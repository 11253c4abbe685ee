"""``/mlproject stage``, ``metric``, ``baseline``: the card's actions typed as commands (``archive``
asks first: ``bot.features.corrections``).
A change is made before the ack (the reply says it is done); the card is refreshed after it."""

from __future__ import annotations

from typing import Any

from bot.features.card.far_command import far_question
from bot.features.card.open import open_form
from bot.features.card.publish import refresh_card
from bot.features.command.asked import Asked
from bot.features.command.grammar import AddBaseline, MoveStage, RecordMetric
from bot.features.corrections.blocks import recorded_reply
from bot.slack.kit import esc
from bot.slack.replies import done_message
from domain import project_queries, project_use_cases
from domain.metric_scale import FarFromSeries


def move_stage(parsed: MoveStage, asked: Asked) -> dict[str, Any]:
    deps = asked.deps
    project = project_use_cases.move_stage(
        deps.uow(), asked.team, parsed.ref, parsed.stage, reason=parsed.reason, actor=asked.user, now=deps.now(),
        is_admin=asked.admin(),
    )  # fmt: skip
    deps.background.submit(refresh_card, asked.client, deps.uow(), asked.team, project.ref)
    kind = "Looped back" if project.transitions[-1].loop_back else "Moved"
    return done_message(f"{kind} *{esc(project.name)}* to {parsed.stage.label}.")


def record_metric(parsed: RecordMetric, asked: Asked) -> dict[str, Any]:
    """As typed ("71.5%", "0,8"): on the metric's scale; far from the series, it asks first."""
    deps = asked.deps
    try:
        project = project_use_cases.record_metric(
            deps.uow(), asked.team, parsed.ref, parsed.value, note=parsed.note, actor=asked.user, now=deps.now(),
            percent=parsed.percent,
        )  # fmt: skip
    except FarFromSeries as far:
        return far_question(parsed.ref, far, parsed.note)
    deps.background.submit(refresh_card, asked.client, deps.uow(), asked.team, project.ref)
    metric, value = project.scope.optimizing, project.current_value
    assert metric is not None and value is not None
    verdict = " Target met 🎯" if metric.meets_target(value) is True else ""
    text = f"Recorded {esc(metric.name)} = {value:g} for *{esc(project.name)}*.{verdict}"
    return recorded_reply(text, project.ref, project.readings[-1])


def add_baseline(parsed: AddBaseline, asked: Asked) -> dict[str, Any]:
    project_queries.get_project(asked.deps.uow(), asked.team, parsed.ref)
    asked.deps.background.submit(open_form, asked.client, asked.deps, asked.origin, kind="baseline", ref=parsed.ref)
    return {}

