"""``build_app``: MLScope's composition root — the dependencies, the Slack app, every feature's
listeners, every feature's scheduled posts. The one module that knows all features; nothing at
import time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.background import Background
from bot.deps import Deps, utc_now
from bot.listeners import actions, checkins, commands, events, views
from bot.settings import Settings
from bot.slack.app import MLScopeApp, slack_app
from bot.slack.clients import clients_for
from storage.db import Database


def build_app(
    settings: Settings,
    *,
    database: Database | None = None,
    background: Background | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> MLScopeApp:
    settings.require_slack()
    database = database or Database(settings.database_url)
    deps = Deps(
        database=database,
        background=background or Background(),
        clock=clock,
        client_for=clients_for(settings, database),
    )
    app = slack_app(settings, deps)
    for listeners in (commands, actions, views, events, checkins):
        listeners.register(app, deps)
    return app
