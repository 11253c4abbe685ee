"""Whether a Slack user is a workspace admin: asked of Slack only when needed, cached briefly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

TTL_SECONDS = 300


class Admins:
    def __init__(self, ttl: float = TTL_SECONDS, monotonic: Callable[[], float] = time.monotonic):
        self._cache: dict[tuple[str, str], tuple[bool, float]] = {}
        self._lock = threading.Lock()
        self._ttl, self._monotonic = ttl, monotonic

    def check(self, client: WebClient, team_id: str, user: str) -> Callable[[], bool]:
        """A lazy check: the domain calls it only if the owner/creator/lead checks failed."""

        def is_admin() -> bool:
            key = (team_id, user)
            with self._lock:
                cached = self._cache.get(key)
            if cached and self._monotonic() - cached[1] < self._ttl:
                return cached[0]
            try:
                info = client.users_info(user=user)["user"]
                admin = bool(info.get("is_admin") or info.get("is_owner")) and info.get("team_id", team_id) == team_id
            except SlackApiError:
                admin = False  # fail closed
            with self._lock:
                self._cache[key] = (admin, self._monotonic())
            return admin

        return is_admin
