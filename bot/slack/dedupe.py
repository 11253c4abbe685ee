"""Each effect once, however often the same request arrives.

What arrives twice, and why (decided with issue 14):

- **Events** are retried by Slack when a delivery fails or takes over 3 s: up to three more times,
  with ``X-Slack-Retry-Num`` (https://docs.slack.dev/apis/events-api/#retries). Keyed on event_id.
- **Interactions** (block_actions, view_submission) and **slash commands** are never retried by
  Slack. A failure is told to the person instead (``bot.slack.failures``), who acts again. Interactions
  still keep their claim, because the same one can arrive twice: a modal submitted again with the
  same values after Slack gave up waiting on the first (view id + hash + values), or a signed
  request replayed within the 5 minutes its signature is valid (action_ts + user + container).
- A **double click** is two clicks, each with its own action_ts: two deliveries, not deduplicated
  here. Each click's effect is idempotent instead (an answer is set, not added; a loop-back is
  offered once; archiving an archived project is refused).
- **Slash commands** that change something claim their ``trigger_id`` (unique per invocation):
  a captured signed command replayed within the 5 minutes its signature is valid gets the first
  answer again and changes nothing more. Commands that only read (help, list, show) claim
  nothing: a replay has no effect to repeat, and their acks stay free of writes.

Before Bolt dispatches, the key is claimed in the ``deliveries`` table, whose unique constraint
decides. A repeat gets the first response replayed, or, while the first is still being handled,
an empty 200 (a modal instead gets a field error asking to submit again: an empty 200 closes it).
A delivery whose handling failed is released, so that the same request is handled again (Slack's
retry of an event; a person's resubmission of the same values). Signatures are checked first: a
forged request cannot claim an id ahead of Slack.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.slack.origin import installed_team
from storage.db import is_unavailable
from storage.deliveries import Deliveries

log = logging.getLogger("mlscope.dedupe")
FAILED_FLAG = "mlscope_failed"


def delivery_key(body: dict[str, Any]) -> str | None:
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    kind = body.get("type")
    if kind == "view_submission":
        view = body.get("view") or {}
        # A view answered with field errors keeps its id and hash: the submitted values tell a
        # corrected resubmission from the same submission arriving again.
        state = hashlib.sha256(
            json.dumps((view.get("state") or {}).get("values"), sort_keys=True).encode()
        ).hexdigest()[:16]
        return f"view:{view.get('id')}:{view.get('hash')}:{state}" if view.get("id") else None
    if kind == "block_actions":
        action = (body.get("actions") or [{}])[0]
        container = body.get("container") or {}
        where = container.get("message_ts") or container.get("view_id") or ""
        user = (body.get("user") or {}).get("id", "")
        return (
            f"action:{action.get('action_ts')}:{user}:{where}:{action.get('action_id')}"
            if action.get("action_ts")
            else None
        )
    if body.get("command") and body.get("trigger_id"):
        words = str(body.get("text") or "").split()
        if not words or words[0].lower() in READ_ONLY_COMMANDS:
            return None
        return f"command:{body['trigger_id']}"
    return None


READ_ONLY_COMMANDS = frozenset({"help", "list", "show"})


STILL_SAVING = "Your previous submit of this form is still being saved. Wait a moment, then submit again."


def _in_flight(body: dict[str, Any]) -> BoltResponse:
    """The answer to a repeat of a request still being handled: a modal stays open (an empty 200
    would close it) and says so on its first input; an event gets a 503, so that Slack tries it
    again later (the first attempt's answer is then replayed, or, if it failed, the event is
    handled); anything else gets an empty 200."""
    if body.get("type") == "event_callback":
        return BoltResponse(status=503, body="")
    if body.get("type") == "view_submission":
        blocks = (body.get("view") or {}).get("blocks") or []
        block = next((b.get("block_id") for b in blocks if b.get("type") == "input" and b.get("block_id")), None)
        if block:
            answer = {"response_action": "errors", "errors": {block: STILL_SAVING}}
            return BoltResponse(status=200, body=json.dumps(answer), headers={"content-type": "application/json"})
    return BoltResponse(status=200, body="")


def _first(headers: dict[str, Any], name: str) -> str | None:
    value = headers.get(name)
    if isinstance(value, list | tuple):
        return value[0] if value else None
    return value


class DedupingApp(App):
    """Bolt's App with deduplication of repeated deliveries in front of ``dispatch``."""

    def __init__(self, *args: Any, deliveries: Deliveries, clock: Callable[[], datetime], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._deliveries = deliveries
        self._clock = clock
        self._verifier = SignatureVerifier(kwargs["signing_secret"]) if kwargs.get("signing_secret") else None

    def _verified(self, req: BoltRequest) -> bool:
        if req.mode == "socket_mode":
            return True
        if self._verifier is None:
            return False
        return self._verifier.is_valid(
            body=req.raw_body,
            timestamp=_first(req.headers, "x-slack-request-timestamp"),
            signature=_first(req.headers, "x-slack-signature"),
        )

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        if not self._verified(req):  # nothing is computed for a request Slack did not sign
            return super().dispatch(req)
        key = delivery_key(req.body) if isinstance(req.body, dict) else None
        if key is None:
            return super().dispatch(req)
        team = installed_team(req.body)
        try:
            seen = self._deliveries.claim(team, key, self._clock())
        except Exception as exc:  # noqa: BLE001 - without the table we still answer; the handler reports outages
            if not is_unavailable(exc):
                raise
            return super().dispatch(req)
        if seen is not None:
            return _replayed(req, key, seen)
        response = super().dispatch(req)
        self._remember(req, team, key, response)
        return response

    def _remember(self, req: BoltRequest, team: str, key: str, response: BoltResponse) -> None:
        """Keep the answer for a repeat of this delivery, or release the claim of one that failed."""
        try:
            if req.context.get(FAILED_FLAG) or response.status != 200:
                self._deliveries.release(team, key)
            else:
                content_type = _first(response.headers, "content-type")
                self._deliveries.record(
                    team, key, status=response.status, body=response.body, content_type=content_type
                )
        except Exception as exc:  # noqa: BLE001 - the answer stands even if it cannot be remembered
            if not is_unavailable(exc):
                raise


def _replayed(req: BoltRequest, key: str, seen: Any) -> BoltResponse:
    """A repeat: the first answer again, or "still saving" while the first is being handled."""
    log.info(
        "repeated delivery of %s (Slack's retry %s, %s)",
        key.split(":")[0],
        _first(req.headers, "x-slack-retry-num"),
        _first(req.headers, "x-slack-retry-reason"),
    )
    if seen.status is None:
        return _in_flight(req.body)
    headers = {"content-type": seen.content_type} if seen.content_type else {}
    return BoltResponse(status=seen.status, body=seen.body or "", headers=headers)
