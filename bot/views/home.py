"""App Home: my projects, the workspace's ranked portfolio, open advice."""

from __future__ import annotations

from typing import Any

from bot.ids import Action
from bot.views import kit
from bot.views.messages import list_line
from bot.views.text import advice_lines
from domain.advice import Severity, advise
from domain.scoring import Ranked

MAX_MINE = 15
MAX_PORTFOLIO = 25
MAX_ADVICE = 10


def home_view(user_id: str, entries: list[Ranked]) -> dict[str, Any]:
    mine = [e for e in entries if e.project.problem.owner_id == user_id]
    blocks: list[kit.Block] = [
        kit.header("MLScope"),
        kit.section(
            "Scope, prioritize and keep honest your ML projects.",
            accessory=kit.button("New project", Action.HOME_NEW, style="primary"),
        ),
        kit.divider(),
        kit.header("My projects"),
    ]
    if mine:
        blocks += [kit.section(list_line(e)) for e in mine[:MAX_MINE]]
        if len(mine) > MAX_MINE:
            blocks.append(kit.context(f"{len(mine) - MAX_MINE} more: `/mlproject list mine`."))
    else:
        blocks.append(kit.context("You own no project yet."))
    blocks += [kit.divider(), kit.header("Open advice on my projects")]
    warnings = [(e, a) for e in mine for a in advise(e.project.scope) if a.severity is Severity.WARNING]
    if warnings:
        for entry, advice in warnings[:MAX_ADVICE]:
            blocks.append(
                kit.section(f"*{kit.esc(entry.project.name)}* `{entry.project.ref}`: " + advice_lines([advice])[0])
            )
    else:
        blocks.append(kit.context("Nothing to flag."))
    blocks += [kit.divider(), kit.header("Portfolio, ranked")]
    if entries:
        lines = [list_line(e) for e in entries[:MAX_PORTFOLIO]]
        blocks += [kit.section("\n".join(lines[i : i + 10])) for i in range(0, len(lines), 10)]
        if len(entries) > MAX_PORTFOLIO:
            blocks.append(kit.context(f"{len(entries) - MAX_PORTFOLIO} more: `mlscope export --format markdown`."))
    else:
        blocks.append(kit.context("No project in this workspace yet."))
    return {"type": "home", "blocks": blocks[:100]}
