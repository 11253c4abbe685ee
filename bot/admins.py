"""Whether a Slack user is a workspace admin: asked of Slack only when needed, cached briefly.

Where Slack's answer must not be waited for (before views.open, before a modal submission's
ack), ``from_cache`` answers from the cache only and raises ``AdminUnknown`` when only Slack can
tell; the caller then opens or answers first and asks Slack after (bot.listeners.openers, views).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

TTL_SECONDS = 300


class AdminUnknown(Exception):
    """Only Slack can say whether this person is a workspace admin (no fresh answer is cached)."""


class Admins:
    def __init__(self, ttl: float = TTL_SECONDS, monotonic: Callable[[], float] = time.monotonic):
        self._cache: dict[tuple[str, str], tuple[bool, float]] = {}
        self._lock = threading.Lock()
        self._ttl, self._monotonic = ttl, monotonic

    def cached(self, team_id: str, user: str) -> bool | None:
        """The cached answer if it is fresh, else None."""
        with self._lock:
            cached = self._cache.get((team_id, user))
        if cached and self._monotonic() - cached[1] < self._ttl:
            return cached[0]
        return None

    def from_cache(self, team_id: str, user: str) -> Callable[[], bool]:
        """A check that never calls Slack: the cached answer, or ``AdminUnknown``."""

        def is_admin() -> bool:
            known = self.cached(team_id, user)
            if known is None:
                raise AdminUnknown(user)
            return known

        return is_admin

    def check(self, client: WebClient, team_id: str, user: str) -> Callable[[], bool]:
        """A lazy check: the domain calls it only if the owner/creator/lead checks failed."""

        def is_admin() -> bool:
            key = (team_id, user)
            known = self.cached(team_id, user)
            if known is not None:
                return known
            try:
                info = client.users_info(user=user)["user"]
                admin = bool(info.get("is_admin") or info.get("is_owner")) and info.get("team_id", team_id) == team_id
            except SlackApiError:
                admin = False  # fail closed
            with self._lock:
                self._cache[key] = (admin, self._monotonic())
            return admin

        return is_admin
