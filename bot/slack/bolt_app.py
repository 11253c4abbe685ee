"""``slack_app``: the Bolt app with MLScope's plumbing and no listeners — OAuth or a single token,
deduplicated deliveries, failures told to the person, the throttle, the one middleware that puts
dependencies and origin into ``context``, and the one error handler. ``bot.app`` adds the features.
Nothing at import time."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bot.deps import Deps
from bot.settings import Settings
from bot.slack import failures, kit
from bot.slack.clients import web_client
from bot.slack.context import provide
from bot.slack.dedupe import FAILED_FLAG, DedupingApp
from bot.slack.ids import BOT_SCOPES
from bot.slack.observe import observed
from bot.slack.throttle import Limiter, throttle
from domain.errors import DomainError
from storage.db import is_unavailable
from storage.deliveries import Deliveries
from storage.slack_oauth import TooManyPendingInstalls, installation_store, state_store

log = logging.getLogger("mlscope")


def slack_app(settings: Settings, deps: Deps) -> MLScopeApp:
    """The app for ``deps``, its listeners still to be registered."""
    connected: dict[str, Any]
    if settings.oauth_enabled:
        connected = {"client": web_client(settings), "oauth_flow": _oauth_flow(settings, deps)}
    else:
        connected = {"client": web_client(settings, settings.slack_bot_token)}
    app = MLScopeApp(
        deps,
        signing_secret=settings.slack_signing_secret,
        process_before_response=True,
        deliveries=Deliveries(deps.database.sessions),
        clock=deps.clock,
        **connected,
    )
    app.use(throttle(Limiter(settings.rate_limit_per_minute, settings.rate_limit_burst)))
    app.use(provide(deps))
    app.error(_error_handler(deps))
    return app


def _oauth_flow(settings: Settings, deps: Deps) -> BoundedOAuthFlow:
    """Installs through /slack/install, each workspace's token kept (encrypted) in the database."""
    assert settings.slack_client_id and settings.slack_client_secret and settings.slack_state_secret
    engine = deps.database.engine
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=deps.installations
        or installation_store(settings.slack_client_id, engine, settings.mlscope_encryption_key),
        state_store=state_store(engine, settings.slack_state_secret),
    )
    # Bolt's token rotator would call slack.com with a client of its own: it uses SLACK_API_URL too.
    assert oauth.authorize.token_rotator is not None  # type: ignore[attr-defined]
    oauth.authorize.token_rotator.client = web_client(settings)  # type: ignore[attr-defined]
    return BoundedOAuthFlow(client=web_client(settings), settings=oauth)


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


class MLScopeApp(DedupingApp):
    """The app: work a click, a modal or a command hands to the background tells its person if it
    fails (``bot.slack.failures``); Slack retries none of them. ``deps``: what the listeners get
    through ``context`` (``bot.slack.context``), for the server, the ticker and tests."""

    def __init__(self, deps: Deps, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.deps = deps
        self.api: Any = None  # the readings API's WSGI app (bot/api), set by bot.app; served by bot.slack.server
        self.metrics_token: str | None = None  # /metrics is served to this bearer only (bot.slack.probes)
        self._background = deps.background

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        return observed(req, self._dispatch)  # counted, timed, logged with its request id and team

    def _dispatch(self, req: BoltRequest) -> BoltResponse:
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
        _log(error, body, request)
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


def _log(error: Exception, body: dict[str, Any], request: BoltRequest) -> None:
    """A refusal is news; a failure is ours (with its trace, unless the database is out)."""
    kind = body.get("command") or body.get("type") or "request"
    if isinstance(error, DomainError):
        log.info("refused %s: %s", kind, error.rule)
        return
    request.context[FAILED_FLAG] = True  # the delivery's claim is released: the same request may come again
    if is_unavailable(error):
        log.warning("database unavailable while handling %s: %s", kind, type(error).__name__)
    else:
        log.exception("failed to handle %s", kind, exc_info=error)


def _json(body: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(body), headers={"content-type": "application/json;charset=utf-8"})
