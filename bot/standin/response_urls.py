"""``response_url``\\ s: issued with a command or a click, usable 5 times within 30 minutes, as in Slack."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from bot.standin import contract
from bot.standin.records import State


class ResponseUrls:
    """Mixed into ``FakeSlack``: issuing response URLs and answering what is posted to them."""

    state: State
    lock: threading.RLock
    clock: Callable[[], float]
    _ids: itertools.count[int]
    base_url: str

    def response_url(self) -> str:
        with self.lock:
            path = f"/respond/{next(self._ids)}"
            self.state.response_urls[path] = [self.clock()]
            return self.base_url + path

    def respond_allowed(self, path: str) -> str | None:
        """None if ``path`` (a response_url) may be used now, else why not: 5 uses within 30 minutes.
        https://docs.slack.dev/interactivity/handling-user-interaction/#message_responses"""
        with self.lock:
            uses = self.state.response_urls.get(path)
            if uses is None:
                return "invalid_url"
            if self.clock() - uses[0] > contract.RESPONSE_URL_SECONDS:
                return "expired_url"
            if len(uses) - 1 >= contract.RESPONSE_URL_USES:
                return "used_url"
            uses.append(self.clock())
            return None

    def respond(self, path: str, body: dict[str, Any]) -> None:
        with self.lock:
            self.state.version += 1
            self.state.responses.append(body | {"_url": path})
