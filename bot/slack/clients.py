"""The WebClients the app makes: SLACK_API_URL everywhere, retries, one per workspace for scheduled posts.

Kept apart from ``bot.app`` so that ``mlscope tick`` does not import Bolt and every listener.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.oauth.installation_store import Bot
from sqlalchemy import select

from bot.settings import Settings
from bot.slack.errors import error_code
from bot.slack.observe import CountCalls
from storage.db import Database

log = logging.getLogger("mlscope.clients")

# A trigger_id opens one view and lasts 3 s: a retry of these would send a trigger Slack may already
# have exchanged (exchanged_trigger_id) or let expire while waiting (expired_trigger_id).
# https://docs.slack.dev/reference/methods/views.open, https://docs.slack.dev/reference/methods/views.push
SPENDS_TRIGGER = frozenset({"views.open", "views.push"})

# A create whose answer was lost may have created the canvas: resending it makes a second brief, or
# gets channel_canvas_already_exists for the channel canvas just made. The caller keeps its claim
# and finds out (bot/features/canvases). https://docs.slack.dev/reference/methods/canvases.create,
# https://docs.slack.dev/reference/methods/conversations.canvases.create
CREATES = frozenset({"canvases.create", "conversations.canvases.create"})
NEVER_RETRIED = SPENDS_TRIGGER | CREATES


# A scheduled post whose connection dropped may already be in Slack: the tick, not the client,
# decides what happens next (it looks for the post before trying again, bot/reconcile.py).
POSTS = frozenset({"chat.postMessage", "files.completeUploadExternal"})


def _method(request: HttpRequest) -> str:
    return request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def spends_trigger(request: HttpRequest) -> bool:
    return _method(request) in SPENDS_TRIGGER


def never_retried(request: HttpRequest) -> bool:
    return _method(request) in NEVER_RETRIED


class _NeverForTriggers:
    """A retry handler that never retries a call spending a trigger_id or creating a canvas; the caller tells the person."""

    def _can_retry(self, *, request: HttpRequest, **kwargs: Any) -> bool:
        return not never_retried(request) and super()._can_retry(request=request, **kwargs)  # type: ignore[misc]


class ConnectionErrors(_NeverForTriggers, ConnectionErrorRetryHandler):
    pass


class ScheduledConnectionErrors(ConnectionErrors):
    """For scheduled posting: reads are retried, posts never (their outcome is the tick's to find)."""

    def _can_retry(self, *, request: HttpRequest, **kwargs: Any) -> bool:
        return _method(request) not in POSTS and super()._can_retry(request=request, **kwargs)


class RateLimits(_NeverForTriggers, RateLimitErrorRetryHandler):
    pass


class ServerErrors(_NeverForTriggers, ServerErrorRetryHandler):
    pass


def web_client(settings: Settings, token: str | None = None, *, scheduled: bool = False) -> WebClient:
    """Every WebClient the app makes uses SLACK_API_URL, counts its calls (``CountCalls``, first: it
    sees every attempt) and retries network errors.

    Interactive clients also retry 429 (after Retry-After) and 5xx. Scheduled posting handles
    those itself, per channel, so that one rate-limited channel does not block the others.
    No client retries views.open or views.push (``SPENDS_TRIGGER``): the retry would reuse a
    trigger_id that works once and for 3 s; nor the canvas creates (``CREATES``): a lost answer
    may hide a canvas already made.
    """
    handlers: list[Any] = [CountCalls(), (ScheduledConnectionErrors if scheduled else ConnectionErrors)(max_retry_count=2)]
    if not scheduled:
        handlers += [RateLimits(max_retry_count=2), ServerErrors(max_retry_count=2)]
    return WebClient(token=token, base_url=settings.slack_api_url, timeout=10, retry_handlers=handlers)


def clients_for(settings: Settings, database: Database) -> Callable[[str], WebClient]:
    """A workspace's bot client for scheduled posts: the one token, or the installation's (``WorkspaceClients``)."""
    if not settings.oauth_enabled:
        client = web_client(settings, settings.slack_bot_token, scheduled=True)
        return lambda team_id: client
    return WorkspaceClients(settings, database)


def reactivate_own(settings: Settings, database: Database) -> str | None:
    """With one ``SLACK_BOT_TOKEN``, at start: if Slack accepts it, its workspace's inactive mark (an
    uninstall, a refused token) is cleared, since a new token means a reinstall; the team id, or None
    (OAuth mode, where saving an installation does this, or a token Slack refuses or cannot check)."""
    from storage.workspace_status import inactive, reactivate

    if settings.oauth_enabled or not settings.slack_bot_token or not inactive(database.engine):
        return None  # nothing to clear: no Slack call

    try:
        team = web_client(settings, settings.slack_bot_token, scheduled=True).auth_test().get("team_id")
    except Exception as exc:  # noqa: BLE001 - Slack unreachable or the token refused: the mark stays, nothing else changes
        log.warning("could not check SLACK_BOT_TOKEN with auth.test (%s); an inactive workspace stays inactive", type(exc).__name__)
        return None
    if isinstance(team, str) and reactivate(database.engine, team):
        log.warning("SLACK_BOT_TOKEN works for workspace %s, marked inactive before: its scheduled posts resume", team)
    return team if isinstance(team, str) else None


# Slack's answers to a dead or stale token. Each makes the client re-read the installation once (a
# reinstall or a rotation elsewhere may have replaced the token; token_expired forces a rotation).
AUTH_REFUSALS = frozenset({"invalid_auth", "token_revoked", "token_expired", "not_authed", "account_inactive"})
# Those that, after that re-read, mean the installation is dead: the workspace is marked inactive.
GONE = frozenset({"invalid_auth", "token_revoked", "not_authed", "account_inactive"})
ROTATE_MINUTES = 120  # a rotating token is refreshed when it expires within this, as Bolt does for requests
FORCE_ROTATION = 10**7  # minutes: rotate whatever the expiry (after token_expired)


class WorkspaceClient(WebClient):
    """A workspace's scheduled-post client: a refused token is re-read once, then the call is retried
    with the new one, or the workspace is marked inactive (``storage.workspace_status``)."""

    def __init__(self, *args: Any, team_id: str, owner: WorkspaceClients, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.team_id, self.owner = team_id, owner

    def api_call(self, api_method: str, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            code = error_code(exc)
            if code not in AUTH_REFUSALS:
                raise
            fresh = self.owner.refused(self.team_id, self.token, code)
            if fresh is None:
                raise
        try:
            return WebClient.api_call(fresh, api_method, **kwargs)
        except SlackApiError as again:
            if error_code(again) in GONE:
                self.owner.deactivate(self.team_id, error_code(again))
            raise


@dataclass
class _Installed:
    client: WorkspaceClient
    version: tuple[Any, ...]  # the bots row and its expiry: a reinstall or a rotation changes it
    expires_at: float | None  # epoch seconds, for rotating tokens


class WorkspaceClients:
    """Each workspace's bot client for scheduled posts, read from the installation store.

    Every lookup reads the workspace's latest bots row (one small indexed query, no decryption): a
    reinstall (a new row) or a rotation by Bolt (a new expiry) replaces the cached client. A rotating
    token expiring within ``ROTATE_MINUTES`` is refreshed here, as Bolt does for requests, and saved.
    Installations are found by team, in whichever Enterprise Grid org (``enterprise_id``) they were
    made; org-wide installs (``is_enterprise_install``, no team) are not: manifest.yml does not enable
    org deploy.
    """

    def __init__(self, settings: Settings, database: Database):
        from slack_sdk.oauth.token_rotation import TokenRotator

        from storage.slack_oauth import BOTS, OAUTH_METADATA, installation_store

        assert settings.slack_client_id and settings.slack_client_secret
        self.settings, self.engine = settings, database.engine
        self.client_id = settings.slack_client_id
        self.store = installation_store(settings.slack_client_id, database.engine, settings.mlscope_encryption_key)
        self.bots = OAUTH_METADATA.tables[BOTS]
        self.rotator = TokenRotator(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret, client=web_client(settings)
        )
        self.cache: dict[str, _Installed] = {}
        self.lock = threading.RLock()  # the tick posts channels from several threads

    def __call__(self, team_id: str) -> WebClient:
        version, enterprise_id = self._latest(team_id)
        with self.lock:
            entry = self.cache.get(team_id)
            if entry is None or entry.version != version or _expiring(entry.expires_at):
                entry = self._load(team_id, enterprise_id)
            return entry.client

    def refused(self, team_id: str, token: str | None, code: str) -> WebClient | None:
        """Slack refused ``token`` with ``code``: a client with another token to retry with, or None
        (the workspace is marked inactive if ``code`` says the installation is dead)."""
        with self.lock:
            entry = self.cache.get(team_id)
            if entry is not None and entry.client.token != token:
                return entry.client  # replaced meanwhile (another thread, a reinstall)
            self.cache.pop(team_id, None)
            try:
                _, enterprise_id = self._latest(team_id)
                fresh: WebClient | None = self._load(team_id, enterprise_id, force=code == "token_expired").client
            except LookupError:
                fresh = None
            if fresh is not None and fresh.token != token:
                return fresh
            if code in GONE:
                self.deactivate(team_id, code)
            return None

    def deactivate(self, team_id: str, code: str) -> None:
        from storage.workspace_status import mark_inactive

        with self.lock:
            self.cache.pop(team_id, None)
        if mark_inactive(self.engine, team_id, code, datetime.now(UTC)):
            log.warning(
                "Slack refused workspace %s's bot token (%s): its scheduled posts stop until MLScope is reinstalled there",
                team_id,
                code,
            )

    def _latest(self, team_id: str) -> tuple[tuple[Any, ...], str | None]:
        """The workspace's latest bots row: (its version, its enterprise_id)."""
        c = self.bots.c
        query = (
            select(c.id, c.enterprise_id, c.installed_at, c.bot_token_expires_at)
            .where(c.client_id == self.client_id, c.team_id == team_id, c.bot_token.is_not(None))
            .order_by(c.installed_at.desc(), c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise LookupError(f"MLScope is not installed in workspace {team_id}")
        return (row.id, row.installed_at, row.bot_token_expires_at), row.enterprise_id

    def _load(self, team_id: str, enterprise_id: str | None, *, force: bool = False) -> _Installed:
        bot = self.store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None:
            raise LookupError(f"MLScope is not installed in workspace {team_id}")
        if bot.bot_token_expires_at is not None and (force or _expiring(bot.bot_token_expires_at)):
            bot = self._rotate(bot, force=force)
        version, _ = self._latest(team_id)
        client = WorkspaceClient(
            token=bot.bot_token,
            base_url=self.settings.slack_api_url,
            timeout=10,
            retry_handlers=[CountCalls(), ScheduledConnectionErrors(max_retry_count=2)],
            team_id=team_id,
            owner=self,
        )
        entry = _Installed(client, version, bot.bot_token_expires_at)
        self.cache[team_id] = entry
        return entry

    def _rotate(self, bot: Bot, *, force: bool) -> Bot:
        """Refresh a rotating token (and the installation's, so Bolt's refresh token stays current)."""
        minutes = FORCE_ROTATION if force else ROTATE_MINUTES
        try:
            installation = self.store.find_installation(enterprise_id=bot.enterprise_id, team_id=bot.team_id)
            if installation is not None and installation.bot_refresh_token:
                refreshed = self.rotator.perform_token_rotation(
                    installation=installation, minutes_before_expiration=minutes
                )
                if refreshed is not None:
                    self.store.save(refreshed)
                    return refreshed.to_bot()
                return bot
            refreshed_bot = self.rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=minutes)
            if refreshed_bot is not None:
                self.store.save_bot(refreshed_bot)
                return refreshed_bot
        except SlackClientError as exc:
            log.warning("could not rotate workspace %s's bot token: %s", bot.team_id, type(exc).__name__)
        return bot


def _expiring(expires_at: float | None) -> bool:
    return expires_at is not None and expires_at <= time.time() + ROTATE_MINUTES * 60
