"""Scripting the stand-in to fail or to be slow, as Slack can: errors, 429 with Retry-After, 5xx,
a dropped connection, an answer lost after the call took effect, a slow method, per-channel rate
limits, and the per-minute limits of conversations.history/replies."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import Any

from bot.standin.records import Scripted, State

Answer = tuple[int, dict[str, Any], dict[str, str]]


class FailureScripting:
    """Mixed into ``FakeSlack``: what tests script, and how ``handle`` applies it."""

    state: State
    lock: threading.RLock
    clock: Callable[[], float]
    delays: dict[str, float]
    holds: dict[str, threading.Event]

    def fail_next(
        self,
        method: str,
        *,
        error: str | None = None,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
        lost: bool = False,
        after: int = 0,
    ) -> None:
        """Fail the next ``times`` calls of ``method``, after ``after`` calls answered as usual."""
        with self.lock:
            queue = self.state.script.setdefault(method, [])
            queue.extend(Scripted(passes=True) for _ in range(after))
            queue.extend(Scripted(error, status, retry_after, lost) for _ in range(times))

    def delay(self, method: str, seconds: float) -> None:
        """Answer ``method`` only after ``seconds`` (a slow Slack), recording the call when answered."""
        with self.lock:
            self.delays[method] = seconds

    def hold(self, method: str) -> threading.Event:
        """Answer ``method`` only once the returned event is set: a test orders what happens
        meanwhile (a slow Slack, without sleeping)."""
        with self.lock:
            self.holds[method] = threading.Event()
            return self.holds[method]

    def rate_limit(self, per_second: float = 1.0, burst: int = 3) -> None:
        """Answer chat.postMessage with 429 + Retry-After beyond ``per_second`` per channel (token bucket)."""
        with self.lock:
            self.state.rate = (per_second, burst)
            self.state.buckets.clear()

    def _take_token(self, channel: str) -> float:
        """0 if a message may go now, else the seconds until one may."""
        if self.state.rate is None:
            return 0.0
        per_second, burst = self.state.rate
        now = self.clock()
        tokens, at = self.state.buckets.get(channel, (float(burst), now))
        tokens = min(float(burst), tokens + (now - at) * per_second)
        if tokens >= 1:
            self.state.buckets[channel] = (tokens - 1, now)
            return 0.0
        self.state.buckets[channel] = (tokens, now)
        return (1 - tokens) / per_second

    def _history_throttle(self, method: str) -> float:
        """Seconds until ``method`` may be called again under its per-minute limit (0: now)."""
        per_minute, _ = self.state.history_limits
        now = self.clock()
        recent = [t for t in self.state.history_calls.get(method, []) if now - t < 60]
        if len(recent) >= per_minute:
            self.state.history_calls[method] = recent
            return 60 - (now - recent[0])
        self.state.history_calls[method] = recent + [now]
        return 0.0

    def _scripted_answer(self, method: str, args: dict[str, Any], token: str | None) -> Answer | None:
        """The answer scripted for this call of ``method``, or None to answer it as usual."""
        queued = self.state.script.get(method)
        if not queued:
            return None
        scripted = queued.pop(0)
        if scripted.passes:
            return None
        api = getattr(self, "api_" + method.replace(".", "_"), None)
        if scripted.lost and api is not None and token:
            api(args)  # it happened; only the answer is lost
        headers = {"Retry-After": str(scripted.retry_after)} if scripted.retry_after is not None else {}
        if scripted.status == 0:  # the connection drops: no answer at all
            return 0, {}, {}
        if scripted.status != 200:
            return (
                scripted.status,
                {"ok": False, "error": "ratelimited" if scripted.status == 429 else "fatal_error"},
                headers,
            )
        return 200, {"ok": False, "error": scripted.error}, headers

    def _throttled(self, method: str, args: dict[str, Any]) -> Answer | None:
        """429 with Retry-After when ``method`` is over its rate limit, else None."""
        wait = 0.0
        if method == "chat.postMessage":
            wait = self._take_token(str(args.get("channel", "")))
        elif method in ("conversations.history", "conversations.replies"):
            wait = self._history_throttle(method)
        if wait > 0:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(max(1, math.ceil(wait)))}
        return None
