"""Ephemeral replies to /mlproject: help, usage, lists, confirmations and errors."""

from __future__ import annotations

from typing import Any

from bot.ids import COMMAND, Action
from bot.views import kit
from bot.views.card import card_blocks
from bot.views.text import QUADRANT_EMOJI, gate_note, num
from domain.assessment import Assessment
from domain.lifecycle import ORDER
from domain.summary import Page, ProjectSummary
from domain.visibility import Visibility

MAX_LIST_SECTIONS = 40
LIST_LIMIT = 50  # lines a list shows (a screenful in Slack); the rest is counted and pointed to

USAGE = {
    "help": "help",
    "new": "new [name]",
    "list": "list [mine|all|planning|data|training|deployment]",
    "show": "show <ref>",
    "edit": "edit <ref>",
    "stage": "stage <ref> <planning|data|training|deployment> [reason]",
    "metric": "metric <ref> <value> [note]",
    "baseline": "baseline <ref>",
    "archive": "archive <ref>",
    "checkin": "checkin <ref> [schedule|pause|resume]",
    "digest": "digest [stage|quadrant|mine|@owner] · digest subscribe [#channel] [weekly|biweekly|monthly] [weekday] [HH:MM] [timezone] · digest unsubscribe [#channel] · digest settings [#channel]",
    "leads": "leads [list|add @someone|remove @someone]",
    "settings": "settings [visibility members|everyone]",
}

DESCRIPTIONS = {
    "help": "this help",
    "new": "scope a new ML project, step by step",
    "list": "the ranked portfolio (yours, everyone's, or one stage)",
    "show": "a project's card and recent history",
    "edit": "walk the scoping steps again for a project",
    "stage": "move a project forward, or loop back with a reason",
    "metric": "record the optimizing metric's current value",
    "baseline": "add a baseline (published, rules, simple ML, human)",
    "archive": "archive a project",
    "checkin": "post a check-in now, or change, pause, resume its schedule",
    "digest": "the prioritization digest here now, or on a schedule here or in a #channel",
    "leads": "who besides owners, creators and admins may change any project",
    "settings": "who may read the portfolio: full members only (members, the default) or also guests and other organisations (everyone)",
}


VISIBILITY_MEANS = {
    Visibility.MEMBERS: "the portfolio (`list`, `show`, `digest`, App Home) is for full members of this workspace; "
    "guests and people from other organisations (Slack Connect) see none of it, and no digest goes to a channel "
    "shared with another organisation.",
    Visibility.EVERYONE: "anyone who can use MLScope reads the portfolio, guests and people from other "
    "organisations (Slack Connect) included, and digests may go to channels shared with other organisations.",
}


def settings_message(visibility: Visibility) -> dict[str, Any]:
    return reply(
        f"*Visibility: {visibility.value}*: {VISIBILITY_MEANS[visibility]}\n"
        f"Workspace admins and MLScope leads change it with `{COMMAND} settings visibility members|everyone`."
    )


def reply(text: str, blocks: list[kit.Block] | None = None) -> dict[str, Any]:
    """An ephemeral response body (what ack() or response_url takes)."""
    body: dict[str, Any] = {"response_type": "ephemeral", "text": kit.cut(text, 3000)}
    if blocks:
        body["blocks"] = blocks[:50]
    return body


def help_message() -> dict[str, Any]:
    lines = [f"`{COMMAND} {USAGE[k]}` – {DESCRIPTIONS[k]}" for k in USAGE]
    text = "*MLScope* helps you scope, prioritize and keep honest your ML projects.\n" + "\n".join(lines)
    return reply(
        text,
        [
            kit.section(text),
            kit.context(
                f"Projects are named by their ref, e.g. `{COMMAND} show churn-predictor`. "
                "Name people and channels by typing @ or # and picking them from Slack's list, "
                "so that they become mentions; a #channel is optional (this channel by default)."
            ),
        ],
    )


def usage_message(problem: str, subcommand: str | None = None) -> dict[str, Any]:
    problem = kit.esc_quoted(problem)
    if subcommand in USAGE:
        text = f"{problem}\nUsage: `{COMMAND} {USAGE[subcommand]}`"
    else:
        text = f"{problem}\nTry `{COMMAND} help` for the list of commands."
    return reply(text)


def error_message(text: str) -> dict[str, Any]:
    return reply(f"⚠️ {kit.esc_quoted(text)}")


def done_message(text: str) -> dict[str, Any]:
    return reply(f"✅ {text}")


def list_line(s: ProjectSummary) -> str:
    metric_text = f" · {kit.esc(s.metric_name)} {num(s.current_value)}/{num(s.metric_target)}" if s.metric_name else ""
    return (
        f"*{s.rank}.* *{kit.esc(s.name)}* `{s.ref}` · <@{s.owner_id}> · {s.stage.value} · "
        f"I {s.impact:.0f} / F {s.feasibility:.0f} · {QUADRANT_EMOJI[s.quadrant]} {s.quadrant.label}{metric_text}"
        + (f" · ⛔ gate: {gate_note(s.gate_failed)}" if s.gate_failed else "")
    )


def list_message(page: Page, *, title: str) -> dict[str, Any]:
    entries = page.items
    if not entries:
        return reply(f"{title}: nothing yet. Start with `{COMMAND} new`.")
    blocks: list[kit.Block] = [kit.section(f"*{kit.esc(title)}* ({page.total})")]
    chunk: list[str] = []
    size = 0
    for entry in entries:
        line = list_line(entry)
        if size + len(line) + 1 > 2900 and chunk:
            blocks.append(kit.section("\n".join(chunk)))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
        if len(blocks) >= MAX_LIST_SECTIONS:
            break
    if chunk and len(blocks) < MAX_LIST_SECTIONS + 1:
        blocks.append(kit.section("\n".join(chunk)))
    shown = sum(b["text"]["text"].count("\n") + 1 for b in blocks[1:])
    if shown < page.total:
        blocks.append(
            kit.context(f"{page.total - shown} more: see the App Home tab or `mlscope export --format markdown`.")
        )
    return reply(f"{title}: {page.total} projects", blocks)


def show_message(assessment: Assessment) -> dict[str, Any]:
    project = assessment.project
    blocks = card_blocks(assessment)
    history = [
        f"{t.at:%Y-%m-%d} {t.from_stage.value} → {t.to_stage.value}" + (f" ({kit.esc(t.reason)})" if t.reason else "")
        for t in project.transitions[-5:]
    ]
    readings = [
        f"{r.at:%Y-%m-%d} {r.value:g}" + (f" ({kit.esc(r.note)})" if r.note else "") for r in project.readings[-5:]
    ]
    if history:
        blocks.append(kit.context("Stage history: " + " · ".join(history)))
    if readings:
        blocks.append(kit.context("Metric history: " + " · ".join(readings)))
    return reply(f"{kit.esc(project.problem.name)} ({project.ref})", blocks)


def resume_message(draft_name: str, step: int) -> dict[str, Any]:
    name = f"*{kit.esc(draft_name)}*" if draft_name else "a project"
    text = f"You have an unfinished scope for {name} (step {step} of 5)."
    return reply(
        text,
        [
            kit.section(text),
            kit.actions(
                kit.button("Resume", Action.DRAFT_RESUME, style="primary"),
                kit.button("Start over", Action.DRAFT_RESTART),
                block_id="draft",
            ),
        ],
    )


def stage_names() -> str:
    return ", ".join(s.value for s in ORDER)
