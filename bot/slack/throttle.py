"""Per-person rate limits: one member cannot flood the bot (or, through it, a channel).

A token bucket per (workspace, person) for slash commands, clicks and the lines they type to the
app in its DM (message.im): a burst of ``burst``, then ``per_minute``. In the app's DM (the scoping
conversation: one short answer after another, seen by that person only) a line or a click costs a
quarter (``IN_DM``), so a conversation of fifty questions goes at a person's pace. Modal submissions are not counted (they come from a modal a command or click
opened). Past the limit the person is told, in Slack, when to try again, and nothing runs.

Buckets live in each process: with several replicas a person gets the limit once per replica a
request lands on. That bounds abuse, which is the point; it is not a quota.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_bolt import BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack.origin import installed_team

log = logging.getLogger("mlscope.throttle")
IN_DM = 0.25  # what a line or a click in the app's DM costs (a command or another click costs 1)


@dataclass
class Limiter:
    per_minute: float = 30.0
    burst: int = 15
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, team: str, user: str, *, cost: float = 1.0) -> float:
        """0 if ``user`` may go now (and count it, ``cost`` tokens), else the seconds until they may."""
        rate = self.per_minute / 60.0
        with self._lock:
            now = self.clock()
            tokens, at = self._buckets.get((team, user), (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * rate)
            if tokens >= cost:
                self._buckets[(team, user)] = (tokens - cost, now)
                return 0.0
            self._buckets[(team, user)] = (tokens, now)
            if len(self._buckets) > 100_000:  # forget the quiet ones rather than grow without bound
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 60}
            return (cost - tokens) / rate


def too_fast(seconds: float) -> str:
    return f"⏳ You're going faster than I can keep up with. Nothing was done; try again in {math.ceil(seconds)} s."


def throttle(limiter: Limiter) -> Callable[..., BoltResponse]:
    """A Bolt global middleware applying ``limiter`` to commands and clicks."""

    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:  # noqa: A002 - Bolt's name
        body = req.body if isinstance(req.body, dict) else {}
        if body.get("command"):
            user = str(body.get("user_id") or "")
        elif body.get("type") == "block_actions":
            user = str((body.get("user") or {}).get("id") or "")
        elif _typed_in_dm(body):
            user = str(body["event"]["user"])
        else:
            return next()
        in_dm = _typed_in_dm(body) or str((body.get("channel") or {}).get("id") or "").startswith("D")
        wait = limiter.wait(installed_team(body), user, cost=IN_DM if in_dm else 1.0)
        if wait <= 0:
            return next()
        log.info("rate-limited a %s by %s for %.0f s", "command" if body.get("command") else "click", user, wait)
        if body.get("command"):
            return BoltResponse(
                status=200,
                body=json.dumps({"response_type": "ephemeral", "text": too_fast(wait)}),
                headers={"content-type": "application/json"},
            )
        client = req.context.client
        threading.Thread(  # after the ack: telling the person must not delay Slack's answer
            target=_tell,
            args=(str(body.get("response_url") or ""), client, user, too_fast(wait)),
            name="throttle-tell",
            daemon=True,
        ).start()
        return BoltResponse(status=200, body="")

    return middleware


def _typed_in_dm(body: dict) -> bool:
    """A person's line in the app's DM (an event: answered 200 when refused, so Slack does not retry it)."""
    event = body.get("event") if body.get("type") == "event_callback" else None
    return isinstance(event, dict) and event.get("type") == "message" and event.get("channel_type") == "im" and (
        bool(event.get("user")) and not event.get("bot_id") and not event.get("subtype")
    )


def _tell(response_url: str, client: WebClient | None, user: str, text: str) -> None:
    """An ephemeral note through the click's response_url, or a DM for a click in a modal (which has
    none); best effort: the click is refused either way."""
    try:
        if response_url:
            WebhookClient(response_url, timeout=3).send(text=text, response_type="ephemeral", replace_original=False)
        elif client is not None and user:
            client.chat_postMessage(channel=user, text=text)
    except (OSError, SlackApiError) as exc:
        log.info("could not tell a rate-limited person: %s", type(exc).__name__)
