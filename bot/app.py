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

from bot import failures
from bot.background import Background
from bot.clients import clients_for, web_client
from bot.dedupe import FAILED_FLAG, DedupingApp
from bot.deps import Deps, utc_now
from bot.ids import BOT_SCOPES
from bot.listeners import actions, checkins, commands, events, views
from bot.settings import Settings
from bot.throttle import Limiter, throttle
from bot.views import kit
from domain.errors import DomainError
from storage.db import Database, is_unavailable
from storage.deliveries import Deliveries
from storage.slack_oauth import TooManyPendingInstalls, installation_store, state_store

log = logging.getLogger("mlscope")


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
        assert settings.slack_client_id and settings.slack_client_secret and settings.slack_state_secret
        oauth = OAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret,
            scopes=list(BOT_SCOPES),
            installation_store=installation_store(
                settings.slack_client_id, database.engine, settings.mlscope_encryption_key
            ),
            state_store=state_store(database.engine, settings.slack_state_secret),
        )
        # Bolt's token rotator would call slack.com with a client of its own: it uses SLACK_API_URL too.
        assert oauth.authorize.token_rotator is not None  # type: ignore[attr-defined]
        oauth.authorize.token_rotator.client = web_client(settings)  # type: ignore[attr-defined]
        app = TellingApp(
            signing_secret=settings.slack_signing_secret,
            client=web_client(settings),
            oauth_flow=BoundedOAuthFlow(client=web_client(settings), settings=oauth),
            process_before_response=True,
            deliveries=Deliveries(database.sessions),
            clock=clock,
            background=deps.background,
        )
    else:
        app = TellingApp(
            signing_secret=settings.slack_signing_secret,
            client=web_client(settings, settings.slack_bot_token),
            process_before_response=True,
            deliveries=Deliveries(database.sessions),
            clock=clock,
            background=deps.background,
        )

    app.use(throttle(Limiter(settings.rate_limit_per_minute, settings.rate_limit_burst)))
    for listeners in (commands, actions, views, events, checkins):
        listeners.register(app, deps)
    app.error(_error_handler(deps))
    app.deps = deps  # type: ignore[attr-defined]
    return app


class BoundedOAuthFlow(OAuthFlow):
    """Bolt's OAuth flow; /slack/install answers 503 while too many installs are under way
    (``storage.slack_oauth.MAX_PENDING_STATES``: each GET writes a state row until it expires)."""

    def handle_installation(self, request: BoltRequest) -> BoltResponse:
        try:
            return super().handle_installation(request)
        except TooManyPendingInstalls as exc:
            log.warning("install page refused: %s", exc)
            return BoltResponse(
                status=503,
                body="Too many installs are under way; try again in a few minutes.",
                headers={"Content-Type": "text/plain; charset=utf-8", "Retry-After": "600"},
            )


class TellingApp(DedupingApp):
    """The app: work a click, a modal or a command hands to the background tells its person if it
    fails (``bot.failures``); Slack retries none of them."""

    def __init__(self, *args: Any, background: Background, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._background = background

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        body = req.body if isinstance(req.body, dict) else {}
        if not failures.from_a_person(body):
            return super().dispatch(req)
        with self._background.reporting(failures.reporter(req.context, body)):
            return super().dispatch(req)


def _error_handler(deps: Deps) -> Callable[..., BoltResponse]:
    def on_error(
        error: Exception, body: dict[str, Any], request: BoltRequest, client: Any, logger: logging.Logger
    ) -> BoltResponse:
        """The one error handler: log for us, a plain message for the person.

        Slack does not retry interactions, so the person hears what failed wherever they acted: a
        command in its reply, a modal on one of its input blocks, a click in an ephemeral note.
        Slack does retry events: a failed one is answered 500, so that its retry is handled.
        """
        kind = body.get("command") or body.get("type") or "request"
        if isinstance(error, DomainError):
            log.info("refused %s: %s", kind, error.rule)
        else:
            request.context[FAILED_FLAG] = True  # the delivery's claim is released: the same request may come again
            if is_unavailable(error):
                log.warning("database unavailable while handling %s: %s", kind, type(error).__name__)
            else:
                log.exception("failed to handle %s", kind, exc_info=error)
        text = failures.not_done(error)
        if body.get("type") == "view_submission":
            return _json(failures.modal_answer(body.get("view") or {}, text))
        if body.get("command"):
            return _json({"response_type": "ephemeral", "text": f"⚠️ {kit.esc_quoted(text)}"})
        if body.get("type") == "block_actions" and client is not None:
            deps.background.submit(failures.tell_person, client, body, text)
        if body.get("type") == "event_callback" and not isinstance(error, DomainError):
            # Slack retries a failed event delivery (up to 3 times, over about 5 minutes) and its
            # claim was just released: a 500 gets the event handled again instead of lost.
            # https://docs.slack.dev/apis/events-api/#retries
            return BoltResponse(status=500, body="")
        return BoltResponse(status=200, body="")

    return on_error


def _json(body: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(body), headers={"content-type": "application/json;charset=utf-8"})
