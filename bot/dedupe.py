"""Each effect once, however often Slack delivers the same request.

Slack retries events and interactions it thinks timed out (``X-Slack-Retry-Num``). Before Bolt
dispatches a request we claim its Slack id (event_id; view id + hash + values; action_ts + user +
container) in the ``deliveries`` table, whose unique constraint decides. Slack does not redeliver
slash commands, so they claim nothing.
A redelivery gets the first response replayed (or an empty 200 while the first is still being
handled). A delivery whose handling failed is released, so that Slack's retry is handled again.
Signatures are checked first: a forged request cannot claim an id ahead of Slack.
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

from bot.origin import installed_team
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
        # corrected resubmission from a redelivery.
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
    return None  # slash commands are not redelivered by Slack: nothing to claim


def _first(headers: dict[str, Any], name: str) -> str | None:
    value = headers.get(name)
    if isinstance(value, list | tuple):
        return value[0] if value else None
    return value


class DedupingApp(App):
    """Bolt's App with redelivery deduplication in front of ``dispatch``."""

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
        key = delivery_key(req.body) if isinstance(req.body, dict) else None
        if key is None or not self._verified(req):
            return super().dispatch(req)
        team = installed_team(req.body)
        try:
            seen = self._deliveries.claim(team, key, self._clock())
        except Exception as exc:  # noqa: BLE001 - without the table we still answer; the handler reports outages
            if not is_unavailable(exc):
                raise
            return super().dispatch(req)
        if seen is not None:
            log.info(
                "redelivery of %s (retry %s, %s)",
                key.split(":")[0],
                _first(req.headers, "x-slack-retry-num"),
                _first(req.headers, "x-slack-retry-reason"),
            )
            if seen.status is None:
                return BoltResponse(status=200, body="")
            headers = {"content-type": seen.content_type} if seen.content_type else {}
            return BoltResponse(status=seen.status, body=seen.body or "", headers=headers)
        response = super().dispatch(req)
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
        return response
