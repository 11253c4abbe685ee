"""``/mlproject list`` and ``show``: the ranked portfolio and one project's card, for those who may
read the portfolio (``domain.visibility``)."""

from __future__ import annotations

from typing import Any

from bot.features.command.asked import Asked
from bot.features.command.grammar import List, Show
from bot.features.portfolio.blocks import LIST_LIMIT, list_message, show_message
from bot.slack.visibility import check_reader
from domain import project_queries


def list_projects(parsed: List, asked: Asked) -> dict[str, Any]:
    check_reader(asked.deps, asked.client, team=asked.team, user=asked.user, body=asked.command)
    owner = asked.user if parsed.mine else None
    entries = project_queries.ranked_page(asked.deps.uow(), asked.team, owner_id=owner, stage=parsed.stage, limit=LIST_LIMIT)
    stage = parsed.stage
    title = "Your projects" if parsed.mine else (f"Projects in {stage.value}" if stage else "Portfolio, ranked")
    return list_message(entries, title=title)


def show(parsed: Show, asked: Asked) -> dict[str, Any]:
    check_reader(asked.deps, asked.client, team=asked.team, user=asked.user, body=asked.command)
    return show_message(project_queries.project_card(asked.deps.uow(), asked.team, parsed.ref))
