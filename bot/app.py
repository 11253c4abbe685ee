"""``build_app``: the Bolt app, its listeners and the one error handler. Nothing at import time."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.background import Background
from bot.clients import clients_for, web_client
from bot.dedupe import FAILED_FLAG, DedupingApp
from bot.deps import Deps, utc_now
from bot.ids import BOT_SCOPES
from bot.listeners import actions, checkins, commands, events, views
from bot.settings import Settings
from bot.views import kit
from domain.errors import DomainError
from storage.db import Database, is_unavailable
from storage.deliveries import Deliveries
from storage.slack_oauth import installation_store, state_store

log = logging.getLogger("mlscope")

UNAVAILABLE = "MLScope's database is temporarily unavailable. Nothing was changed and nothing was lost; please try again in a minute."
APOLOGY = "Something went wrong on our side. Nothing was changed; please try again, and tell your MLScope admin if it keeps happening."


def build_app(
    settings: Settings,
    *,
    database: Database | None = None,
    background: Background | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> App:
    settings.require_slack()
    database = database or Database(settings.database_url)
    deps = Deps(
        database=database,
        background=background or Background(),
        clock=clock,
        client_for=clients_for(settings, database),
    )
    if settings.oauth_enabled:
        assert settings.slack_client_id and settings.slack_client_secret
        oauth = OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=list(BOT_SCOPES),
            installation_store=installation_store(settings.slack_client_id, database.engine),
            state_store=state_store(database.engine),
        )
        app = DedupingApp(
            signing_secret=settings.slack_signing_secret,
            client=web_client(settings),
            oauth_flow=OAuthFlow(client=web_client(settings), settings=oauth),
            process_before_response=True,
            deliveries=Deliveries(database.sessions),
            clock=clock,
        )
    else:
        app = DedupingApp(
            signing_secret=settings.slack_signing_secret,
            client=web_client(settings, settings.slack_bot_token),
            process_before_response=True,
            deliveries=Deliveries(database.sessions),
            clock=clock,
        )
    for listeners in (commands, actions, views, events, checkins):
        listeners.register(app, deps)
    app.error(_on_error)
    app.deps = deps  # type: ignore[attr-defined]
    return app


def _on_error(error: Exception, body: dict[str, Any], request: BoltRequest, logger: logging.Logger) -> BoltResponse:
    """The one error handler: log for us, a plain message for the user, never a 500 to Slack."""
    kind = body.get("command") or body.get("type") or "request"
    if not isinstance(error, DomainError):
        request.context[FAILED_FLAG] = True  # let Slack's retry be handled again
    if isinstance(error, DomainError):
        log.info("refused %s: %s", kind, error.rule)
        text = error.message
    elif is_unavailable(error):
        log.warning("database unavailable while handling %s: %s", kind, type(error).__name__)
        text = UNAVAILABLE
    else:
        log.exception("failed to handle %s", kind, exc_info=error)
        text = APOLOGY
    if body.get("type") == "view_submission":
        view = kit.modal(
            "MLScope", [kit.section(f"⚠️ {kit.esc_quoted(text)}")], callback_id="error", submit=None, close="Back"
        )
        return _json({"response_action": "push", "view": view})
    if body.get("command"):
        return _json({"response_type": "ephemeral", "text": f"⚠️ {kit.esc_quoted(text)}"})
    return BoltResponse(status=200, body="")


def _json(body: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(body), headers={"content-type": "application/json;charset=utf-8"})
