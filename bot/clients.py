"""The WebClients the app makes: SLACK_API_URL everywhere, retries, one per workspace for scheduled posts.

Kept apart from ``bot.app`` so that ``mlscope tick`` does not import Bolt and every listener.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest

from bot.settings import Settings
from storage.db import Database

# A trigger_id opens one view and lasts 3 s: a retry of these would send a trigger Slack may already
# have exchanged (exchanged_trigger_id) or let expire while waiting (expired_trigger_id).
# https://docs.slack.dev/reference/methods/views.open, https://docs.slack.dev/reference/methods/views.push
SPENDS_TRIGGER = frozenset({"views.open", "views.push"})


def spends_trigger(request: HttpRequest) -> bool:
    return request.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] in SPENDS_TRIGGER


class _NeverForTriggers:
    """A retry handler that never retries a call spending a trigger_id; the caller tells the person."""

    def _can_retry(self, *, request: HttpRequest, **kwargs: Any) -> bool:
        return not spends_trigger(request) and super()._can_retry(request=request, **kwargs)  # type: ignore[misc]


class ConnectionErrors(_NeverForTriggers, ConnectionErrorRetryHandler):
    pass


class RateLimits(_NeverForTriggers, RateLimitErrorRetryHandler):
    pass


class ServerErrors(_NeverForTriggers, ServerErrorRetryHandler):
    pass


def web_client(settings: Settings, token: str | None = None, *, scheduled: bool = False) -> WebClient:
    """Every WebClient the app makes uses SLACK_API_URL and retries network errors.

    Interactive clients also retry 429 (after Retry-After) and 5xx. Scheduled posting handles
    those itself, per channel, so that one rate-limited channel does not block the others.
    No client retries views.open or views.push (``SPENDS_TRIGGER``): the retry would reuse a
    trigger_id that works once and for 3 s.
    """
    handlers: list[Any] = [ConnectionErrors(max_retry_count=2)]
    if not scheduled:
        handlers += [RateLimits(max_retry_count=2), ServerErrors(max_retry_count=2)]
    return WebClient(token=token, base_url=settings.slack_api_url, timeout=10, retry_handlers=handlers)


def clients_for(settings: Settings, database: Database) -> Callable[[str], WebClient]:
    """A workspace's bot client for scheduled posts: the one token, or the installation's."""
    if not settings.oauth_enabled:
        client = web_client(settings, settings.slack_bot_token, scheduled=True)
        return lambda team_id: client
    assert settings.slack_client_id
    from storage.slack_oauth import installation_store

    store = installation_store(settings.slack_client_id, database.engine, settings.mlscope_encryption_key)
    cache: dict[str, WebClient] = {}

    def lookup(team_id: str) -> WebClient:
        if team_id not in cache:
            bot = store.find_bot(enterprise_id=None, team_id=team_id)
            if bot is None:
                raise LookupError(f"MLScope is not installed in workspace {team_id}")
            cache[team_id] = web_client(settings, bot.bot_token, scheduled=True)
        return cache[team_id]

    return lookup
