"""``/mlproject list`` and ``show``: the ranked portfolio and one project's card, for those who may
read the portfolio (``domain.visibility``)."""

from __future__ import annotations

from typing import Any

from bot.features.command.asked import Asked
from bot.features.command.grammar import List, Show
from bot.features.corrections.blocks import listed_readings
from bot.features.portfolio.blocks import LIST_LIMIT, list_message, show_message
from bot.features.trends.follow_up import send_chart
from bot.slack.visibility import check_reader
from domain import project_queries
from domain.trend import trend_of


def list_projects(parsed: List, asked: Asked) -> dict[str, Any]:
    check_reader(asked.deps, asked.client, team=asked.team, user=asked.user, body=asked.command)
    owner = asked.user if parsed.mine else None
    entries = project_queries.ranked_page(asked.deps.uow(), asked.team, owner_id=owner, stage=parsed.stage, limit=LIST_LIMIT)
    stage = parsed.stage
    title = "Your projects" if parsed.mine else (f"Projects in {stage.value}" if stage else "Portfolio, ranked")
    return list_message(entries, title=title)


def show(parsed: Show, asked: Asked) -> dict[str, Any]:
    """The card in the ack; with two readings or more of the current metric, its chart follows
    through the response_url (``bot.features.trends.follow_up``)."""
    check_reader(asked.deps, asked.client, team=asked.team, user=asked.user, body=asked.command)
    assessment = project_queries.project_card(asked.deps.uow(), asked.team, parsed.ref)
    trend = trend_of(assessment.project)
    if trend is not None and trend.chartable:
        asked.deps.background.submit(
            send_chart, asked.client, asked.respond, asked.team, assessment.project.ref, trend, reader=asked.user
        )
    current, previous, _ = listed_readings(assessment.project)
    tokens = project_queries.reading_tokens(asked.deps.uow(), asked.team, assessment.project, [*current, *previous])
    return show_message(assessment, chart_follows=trend is not None and trend.chartable, tokens=tokens)
