"""App Home, published when the person opens its tab.

An event is handled before it is acked (a few reads and one views.publish, well within Slack's
3 s): if that fails, the answer is a 500 and Slack retries the delivery, instead of an early 200
and work lost in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.features.home.archived import MAX_ARCHIVED, archived_section
from bot.features.home.blocks import MAX_MINE, MAX_PORTFOLIO, hidden_home_view, home_view
from bot.slack.context import deps_of, origin_of
from bot.slack.visibility import check_reader
from domain import project_queries, workspace_use_cases
from domain.permissions import can_change
from domain.project import Project
from domain.visibility import PortfolioHidden


def app_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    publish_home(client, deps_of(context), team=origin_of(context).team, user=event["user"])


def publish_home(client: WebClient, deps: Deps, *, team: str, user: str) -> None:
    """The person's App Home; under ``members`` visibility a guest or someone from another
    organisation gets why they see no portfolio instead (``bot.slack.visibility``: a bounded, cached
    users.info, within the 3 s this event is handled in)."""
    try:
        check_reader(deps, client, team=team, user=user)
    except PortfolioHidden as exc:
        client.views_publish(user_id=user, view=hidden_home_view(exc.message))
        return
    mine = project_queries.ranked_page(deps.uow(), team, owner_id=user, limit=MAX_MINE)
    portfolio = project_queries.ranked_page(deps.uow(), team, limit=MAX_PORTFOLIO)
    my_projects = project_queries.assessments_owned_by(deps.uow(), team, user)
    archived = archived_section(*project_queries.archived_projects(deps.uow(), team, limit=MAX_ARCHIVED),
                                may=_may_change(deps, client, team, user))  # fmt: skip
    client.views_publish(user_id=user, view=home_view(mine, portfolio, my_projects, archived=archived))


def _may_change(deps: Deps, client: WebClient, team: str, user: str) -> Callable[[Project], bool]:
    """Who gets an Unarchive button: those who may change the project (Slack asked at most once,
    bounded, and only for someone neither owner, creator nor lead)."""
    leads = workspace_use_cases.list_leads(deps.uow(), team)
    is_admin = deps.is_admin(client, team, user, bounded=True)
    known: list[bool] = []

    def admin() -> bool:
        if not known:
            known.append(is_admin())
        return known[0]

    return lambda project: can_change(project, user, leads=leads, is_admin=admin)
