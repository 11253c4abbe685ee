"""App Home: my projects, the workspace's ranked portfolio, open advice."""

from __future__ import annotations

from typing import Any

from bot.features.portfolio.blocks import list_line
from bot.features.text import advice_lines
from bot.slack import kit
from bot.slack.ids import Action
from domain.assessment import Assessment
from domain.summary import Page

MAX_MINE = 15
MAX_PORTFOLIO = 25
MAX_ADVICE = 10


def home_view(mine: Page, portfolio: Page, my_projects: list[Assessment]) -> dict[str, Any]:
    """``mine`` and ``portfolio`` are ranked pages; ``my_projects`` (assessed) give the open advice."""
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
        blocks += [kit.section(list_line(s)) for s in mine.items[:MAX_MINE]]
        if mine.total > MAX_MINE:
            blocks.append(kit.context(f"{mine.total - MAX_MINE} more: `/mlproject list mine`."))
    else:
        blocks.append(kit.context("You own no project yet."))
    blocks += [kit.divider(), kit.header("Open advice on my projects")]
    warnings = [(assessed.project, a) for assessed in my_projects for a in assessed.warnings]
    if warnings:
        for project, advice in warnings[:MAX_ADVICE]:
            blocks.append(kit.section(f"*{kit.esc(project.name)}* `{project.ref}`: " + advice_lines([advice])[0]))
    else:
        blocks.append(kit.context("Nothing to flag."))
    blocks += [kit.divider(), kit.header("Portfolio, ranked")]
    if portfolio.items:
        lines = [list_line(s) for s in portfolio.items[:MAX_PORTFOLIO]]
        blocks += [kit.section("\n".join(lines[i : i + 10])) for i in range(0, len(lines), 10)]
        if portfolio.total > MAX_PORTFOLIO:
            blocks.append(kit.context(f"{portfolio.total - MAX_PORTFOLIO} more: `mlscope export --format markdown`."))
    else:
        blocks.append(kit.context("No project in this workspace yet."))
    return {"type": "home", "blocks": blocks[:100]}


def hidden_home_view(why: str) -> dict[str, Any]:
    """App Home for someone the workspace's visibility setting shows no portfolio: why, and nothing else."""
    return {"type": "home", "blocks": [kit.header("MLScope"), kit.section(f"🔒 {kit.esc_quoted(why)}")]}
