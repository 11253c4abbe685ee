"""``build_app``: MLScope's composition root — the dependencies, the Slack app, every feature's
listeners and every feature's scheduled posts. The one module that knows all features; nothing
happens at import time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.api.readings import readings_api
from bot.background import Background
from bot.deps import Deps, utc_now
from bot.features.canvases import wiring as canvases
from bot.features.card import wiring as card
from bot.features.checkins import wiring as checkins
from bot.features.checkins.post import POSTERS as CHECKIN_POSTERS
from bot.features.command import wiring as command
from bot.features.conversation import wiring as conversation
from bot.features.corrections import wiring as corrections
from bot.features.data_plan import wiring as data_plan
from bot.features.digests.post import POSTERS as DIGEST_POSTERS
from bot.features.home import wiring as home
from bot.features.scoping import wiring as scoping
from bot.features.settings import wiring as settings_feature
from bot.features.uninstall import wiring as uninstall
from bot.settings import Settings
from bot.slack.bolt_app import MLScopeApp, slack_app
from bot.slack.clients import clients_for
from bot.slack.throttle import Limiter
from bot.ticker.posts import Posters
from storage.db import Database
from storage.slack_oauth import installation_store

FEATURES = (command, scoping, card, canvases, checkins, data_plan, home, settings_feature, corrections, uninstall, conversation)  # each wires its listeners: ``<feature>.wiring``


def scheduled_posts() -> Posters:
    """Who prepares each kind of scheduled post: the feature that owns it."""
    return {**CHECKIN_POSTERS, **DIGEST_POSTERS}


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
        posters=scheduled_posts(),
        installations=installation_store(settings.slack_client_id, database.engine, settings.mlscope_encryption_key)
        if settings.oauth_enabled and settings.slack_client_id
        else None,
        on_uninstall=settings.mlscope_on_uninstall,
    )
    app = slack_app(settings, deps)
    for feature in FEATURES:
        feature.register(app)
    # the readings API (bot/api), served beside /slack/events by bot.slack.server
    app.api = readings_api(deps, Limiter(settings.api_readings_per_minute, settings.api_readings_burst))
    app.metrics_token = settings.metrics_token
    return app
