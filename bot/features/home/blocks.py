"""App Home: my projects, the workspace's ranked portfolio, open advice."""

from __future__ import annotations

from typing import Any

from bot.features.advice_blocks import SECTION_TEXT, packed, show_hint
from bot.features.portfolio.blocks import list_line
from bot.features.text import advice_lines, with_blocked_heading
from bot.slack import kit
from bot.slack.ids import Action
from domain.assessment import Assessment
from domain.summary import Page, ProjectSummary

MAX_MINE = 15
MAX_PORTFOLIO = 25
MAX_ADVICE_PROJECTS = 10  # projects whose warnings App Home lists; the rest are counted


def home_view(
    mine: Page, portfolio: Page, my_projects: list[Assessment], *, archived: list[kit.Block] | None = None
) -> dict[str, Any]:
    """``mine`` and ``portfolio`` are ranked pages; ``my_projects`` (assessed) give the open advice;
    ``archived`` is the archived section (``bot.features.home.archived``), last."""
    blocks: list[kit.Block] = [
        kit.header("MLScope"),
        kit.section(
            "Scope, prioritize and keep honest your ML projects.",
            accessory=kit.button("New project", Action.HOME_NEW, style="primary"),
        ),
        kit.divider(),
        kit.header("My projects"),
    ]
    if mine.items:
        blocks += [kit.section(line) for line in _grouped(mine.items[:MAX_MINE], mine.currency)]
        if mine.total > MAX_MINE:
            blocks.append(kit.context(f"{mine.total - MAX_MINE} more: `/mlproject list mine`."))
    else:
        blocks.append(kit.context("You own no active project." if archived else "You own no project yet."))
    blocks += [kit.divider(), kit.header("Open advice on my projects")]
    blocks += open_advice(my_projects)
    blocks += [kit.divider(), kit.header("Portfolio, ranked")]
    if portfolio.items:
        lines = _grouped(portfolio.items[:MAX_PORTFOLIO], portfolio.currency)
        blocks += [kit.section("\n".join(lines[i : i + 10])) for i in range(0, len(lines), 10)]
        if portfolio.total > MAX_PORTFOLIO:
            blocks.append(kit.context(f"{portfolio.total - MAX_PORTFOLIO} more: `mlscope export --format markdown`."))
    else:
        blocks.append(kit.context("No active project (archived ones are below)." if archived else "No project in this workspace yet."))
    blocks += archived or []
    return {"type": "home", "blocks": blocks[:100]}


def _grouped(items: list[ProjectSummary], currency: str) -> list[str]:
    return with_blocked_heading([list_line(s, currency) for s in items], [bool(s.gate_failed) for s in items])


def open_advice(my_projects: list[Assessment]) -> list[kit.Block]:
    """Every warning of each flagged project, one section per project; past ten projects, a count."""
    flagged = [assessed for assessed in my_projects if assessed.warnings]
    if not flagged:
        return [kit.context("Nothing to flag.")]
    blocks = [_project_advice(assessed) for assessed in flagged[:MAX_ADVICE_PROJECTS]]
    rest = flagged[MAX_ADVICE_PROJECTS:]
    if rest:
        count = sum(len(assessed.warnings) for assessed in rest)
        blocks.append(
            kit.context(
                f"{count} more warning{'s' if count > 1 else ''} on {len(rest)} more project"
                f"{'s' if len(rest) > 1 else ''}: `/mlproject list mine`, then `/mlproject show <ref>`."
            )
        )
    return blocks


def _project_advice(assessed: Assessment) -> kit.Block:
    project = assessed.project
    head = f"*{kit.esc(project.name)}* `{project.ref}`"
    tips = len(assessed.advice) - len(assessed.warnings)
    tail = f"\n💡 +{tips} tip{'s' if tips > 1 else ''}: {show_hint(project.ref)}" if tips else ""
    lines = advice_lines(list(assessed.warnings))
    text, _ = packed(lines, limit=SECTION_TEXT - len(head) - len(tail) - 1, more=f"warnings: {show_hint(project.ref)}")
    return kit.section(f"{head}\n{text}{tail}")


def hidden_home_view(why: str) -> dict[str, Any]:
    """App Home for someone the workspace's visibility setting shows no portfolio: why, and nothing else."""
    return {"type": "home", "blocks": [kit.header("MLScope"), kit.section(f"🔒 {kit.esc_quoted(why)}")]}
