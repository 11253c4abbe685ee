"""The ranked portfolio as text (pure builders): ``list``'s lines and ``show``'s card with history."""

from __future__ import annotations

from typing import Any

from bot.features.card.blocks import card_blocks
from bot.features.corrections.blocks import Tokens, deletable_readings
from bot.features.text import BLOCKED_HEADING, measured, short_verdict, short_worth, with_blocked_heading
from bot.slack import kit
from bot.slack.ids import COMMAND
from bot.slack.replies import reply
from domain.assessment import Assessment
from domain.project import Project
from domain.summary import Page, ProjectSummary

MAX_LIST_SECTIONS = 40
LIST_LIMIT = 50  # lines a list shows (a screenful in Slack); the rest is counted and pointed to


def against_target(current: float | None, target: float | None, unit: str) -> str:
    """A list line's value and target, each with its unit: ``78 % (target 90 %)``, ``— (target 90 %)``."""
    return f"{measured(current, unit)} ({'no target' if target is None else 'target ' + measured(target, unit)})"


def list_line(s: ProjectSummary, currency: str) -> str:
    metric_text = (
        f" · {kit.esc(s.metric_name)} {against_target(s.current_value, s.metric_target, s.metric_unit)}"
        if s.metric_name
        else ""
    )
    verdict = short_verdict(s.impact, s.feasibility, s.quadrant, s.rated, s.gate_failed)
    return (
        f"*{s.rank}.* *{kit.esc(s.name)}* `{s.ref}` · <@{s.owner_id}> · {s.stage.value} · {verdict}"
        f"{short_worth(s.worth, currency)}{metric_text}"
    )


def list_message(page: Page, *, title: str) -> dict[str, Any]:
    entries = page.items
    if not entries:
        return reply(f"{title}: nothing yet. Start with `{COMMAND} new`.")
    blocks: list[kit.Block] = [kit.section(f"*{kit.esc(title)}* ({page.total})")]
    chunk: list[str] = []
    size = 0
    lines = with_blocked_heading([list_line(e, page.currency) for e in entries], [bool(e.gate_failed) for e in entries])
    for line in lines:
        if size + len(line) + 1 > 2900 and chunk:
            blocks.append(kit.section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
        if len(blocks) >= MAX_LIST_SECTIONS:
            break
    if chunk and len(blocks) < MAX_LIST_SECTIONS + 1:
        blocks.append(kit.section("\n".join(chunk)))
    shown = sum(line != BLOCKED_HEADING for b in blocks[1:] for line in b["text"]["text"].split("\n"))
    if shown < page.total:
        blocks.append(
            kit.context(f"{page.total - shown} more: see the App Home tab or `mlscope export --format markdown`.")
        )
    return reply(f"{title}: {page.total} projects", blocks)


def show_message(assessment: Assessment, *, chart_follows: bool = False, tokens: Tokens | None = None) -> dict[str, Any]:
    """The card with its history; ``tokens``: the readings API token of each listed reading a pipeline pushed."""
    project = assessment.project
    blocks = card_blocks(assessment, full=True)
    history = [
        f"{kit.day(t.at)} {t.from_stage.value} → {t.to_stage.value}" + (f" ({kit.esc(t.reason)})" if t.reason else "")
        for t in project.transitions[-5:]
    ]
    blocks.append(kit.context("Stage history: " + " · ".join(history) if history else "No stage move yet."))
    readings = series_history(project)
    blocks += [kit.context(kit.cut(line, 2900)) for line in readings] or [kit.context("No reading yet.")]
    blocks += deletable_readings(project, tokens)
    if chart_follows:
        blocks.append(kit.context("📈 The chart of the current metric follows."))
    return reply(f"{kit.esc(project.problem.name)} ({project.ref})", blocks)


def series_history(project: Project, *, per_series: int = 5) -> list[str]:
    """The metric's history per definition, newest definition first: each series' last readings."""
    names = project.series_names()
    lines = []
    for series in sorted({r.series for r in project.readings}, reverse=True):
        readings = [r for r in project.readings if r.series == series]
        said = [f"{kit.date(r.at, '{date_short} {time}')} {r.value:g}" + (f" ({kit.esc(r.note)})" if r.note else "") for r in readings[-per_series:]]
        earlier = f"{len(readings) - per_series} earlier, " if len(readings) > per_series else ""
        now = " (current)" if series == project.metric_series else ""
        lines.append(f"Metric history on *{kit.esc(names.get(series, 'the metric'))}*{now}: {earlier}" + " · ".join(said))
    return lines
