"""The project card: what the project is, how it scores, where it stands, what to do next."""

from __future__ import annotations

from typing import Any

from bot.features.advice_blocks import card_advice
from bot.features.advice_markdown import markdown_advice
from bot.features.card.doubt import doubt_line
from bot.features.data_plan.blocks import plan_blocks
from bot.features.text import drivers_line, flags_line, metric_change_lines, metric_line, score_line
from bot.features.trends.blocks import sparkline_line
from bot.slack import kit
from bot.slack.ids import Action
from bot.slack.metadata import CardButton
from domain.archetypes import info
from domain.assessment import Assessment, ChecklistProgress
from domain.errors import DomainError
from domain.feasibility_questions import COMPUTE_COST, SHORT_LABELS, WITH_WHAT_WE_HAVE, feasibility_answers
from domain.project import Project
from domain.project_worth import monthly_value
from domain.trend import trend_of
from domain.worth_inputs import DEFAULT_CURRENCY
from domain.worth_sentence import one_line


def checklist_line(progress: ChecklistProgress) -> str:
    done, total, next_step = progress.done, progress.total, progress.next_step
    if next_step is None:
        return f"📋 Feasibility checklist {done}/{total}: every step done."
    return f"📋 Feasibility checklist {done}/{total} · next: {next_step.text[0].lower()}{next_step.text[1:]}"


def feasibility_answers_block(assessment: Assessment, *, limit: int) -> list[kit.Block]:
    """What compute costs and whether the team can do it with what it has, when answered."""
    answers = feasibility_answers(assessment.project.scope)
    icons = {COMPUTE_COST.id: "🖥️", WITH_WHAT_WE_HAVE.id: "🧰"}
    texts = [f"{icons[q.id]} *{SHORT_LABELS[q.id]}:* {kit.cut(kit.esc(a), limit)}" for q, a in answers]
    return [kit.context(*texts)] if texts else []


def worth_line(assessment: Assessment) -> str | None:
    """What the model is worth a month, in one line a lead can repeat; None when nothing was answered."""
    try:
        worth = assessment.worth
    except DomainError as exc:  # the stated precision and recall cannot be: say why, do not guess
        return f"💰 worth unknown: {kit.esc(str(exc))}"
    return None if worth is None else f"💰 {one_line(worth, assessment.currency or DEFAULT_CURRENCY)}"


def card_blocks(assessment: Assessment, *, with_actions: bool = True, full: bool = False) -> list[kit.Block]:
    """The card; ``full`` (``show``, a message: never App Home) lists every piece of advice, as one
    markdown block, and the feasibility answers uncut."""
    project, priority = assessment.project, assessment.priority
    problem = project.problem
    archetype = info(project.scope.archetype).label if project.scope.archetype else "—"
    status = "🗄️ Archived" if project.archived else project.stage.label
    blocks: list[kit.Block] = [
        kit.header(f"{problem.name}"),
        kit.context(f"`{project.ref}` · owner <@{problem.owner_id}> · {archetype} · {status}"),
    ]
    if problem.statement:
        blocks.append(kit.section(kit.esc(problem.statement)))
    blocks += [
        kit.section(
            score_line(priority, assessment.gate_failed, archived=project.archived, worth=monthly_value(project.scope))
        ),
    ]
    doubt = None if project.archived else doubt_line(assessment.health, project)
    blocks += [kit.section(doubt)] if doubt else []
    blocks.append(kit.context(drivers_line(priority)))
    flags = flags_line(priority)
    blocks += [kit.context(flags)] if flags else []
    blocks.append(kit.section(metric_line(assessment.metric)))
    trend = sparkline_line(trend_of(project))  # text only: see docs/design.md "Trends"
    blocks += [kit.context(trend)] if trend else []
    changes = metric_change_lines(assessment.metric)
    blocks += [kit.context(kit.cut(line, 1900)) for line in changes]
    worth = worth_line(assessment)
    blocks += [kit.context(worth)] if worth else []
    blocks += feasibility_answers_block(assessment, limit=1900 if full else 280)
    if not project.archived:
        blocks += markdown_advice(assessment.advice) if full else card_advice(assessment)
        blocks.append(kit.context(checklist_line(assessment.checklist)))
    last_loop_back = next((t for t in reversed(project.transitions) if t.loop_back), None)
    if last_loop_back:
        blocks.append(
            kit.context(
                f"↩️ Looped back from {last_loop_back.from_stage.value} to {last_loop_back.to_stage.value}: {kit.esc(last_loop_back.reason)}"
            )
        )
    blocks += plan_blocks(project.data_plan, ref=project.ref, full=full)
    if with_actions and not project.archived:
        blocks.append(card_actions(project))
    return blocks


def card_text(project: Project) -> str:
    """Notification fallback for the card."""
    return f"{kit.esc(project.problem.name)} ({project.ref}): {project.stage.label}"


def card_message(assessment: Assessment) -> dict[str, Any]:
    return {"text": card_text(assessment.project), "blocks": card_blocks(assessment)}


def card_actions(project: Project) -> kit.Block:
    """The card's buttons; each carries the project (``bot.slack.metadata.CardButton``)."""
    value = CardButton(ref=project.ref).dump()
    warning = f"*{kit.esc(project.problem.name)}* will leave the portfolio and stop its check-ins."
    return kit.actions(
        kit.button("Edit", Action.CARD_EDIT, value),
        kit.button("Move stage", Action.CARD_STAGE, value, style="primary"),
        kit.button("Record metric", Action.CARD_METRIC, value),
        kit.button("Add baseline", Action.CARD_BASELINE, value),
        kit.button("Checklist", Action.CARD_CHECKLIST, value),
        kit.button("Open brief", Action.CARD_BRIEF, value),
        kit.button(
            "Archive",
            Action.CARD_ARCHIVE,
            value,
            style="danger",
            confirm=kit.confirm("Archive this project?", warning, "Archive"),
        ),
        block_id=f"card:{project.ref}",
    )
