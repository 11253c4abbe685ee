"""The page's Pipeline panel: a reading sent to the running bot's readings API as a CI job sends it.

The page cannot reach the bot itself (it listens on a private port, and the guard keeps browsers
off the stand-in's Web API paths), so the sandbox makes the call for it: ``POST /api/v1/readings``
on the bot's own HTTP server with ``Authorization: Bearer <the token the person pasted>`` and the
reading as JSON, unchanged. Whatever the bot answers (201, 200, 401, 404, 422, 429...) goes back to
the page as it is, status and body, so the panel shows what a pipeline would see. The token is
used for this one call and neither kept nor logged.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.api.body import MAX_BODY
from bot.sandbox.relay import Refused

READINGS = "/api/v1/readings"


class Pushed(BaseModel):
    """What the panel sends: the acting person, the token they pasted, the reading's JSON object."""

    model_config = ConfigDict(extra="forbid")
    user: str
    token: str = Field(max_length=200)
    reading: dict[str, Any]


def push_reading(bot_url: str, token: str, reading: dict[str, Any]) -> dict[str, Any]:
    """POST ``reading`` to the bot's readings API with ``token``; the HTTP status and body it answered."""
    body = json.dumps(reading).encode()
    if len(body) > MAX_BODY * 4:
        raise Refused(f"That reading is {len(body)} bytes; a pipeline's is under {MAX_BODY}.")
    headers = {"Content-Type": "application/json", "User-Agent": "mlscope-sandbox-pipeline"}
    if token.strip():
        headers["Authorization"] = f"Bearer {token.strip()}"
    request = urllib.request.Request(bot_url + READINGS, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, reason, raw = response.status, response.reason, response.read()
    except urllib.error.HTTPError as err:
        status, reason, raw = err.code, err.reason, err.read()
    except OSError:
        raise Refused("The bot did not answer (is it still running?).") from None
    try:
        answer: Any = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        answer = raw.decode(errors="replace")
    return {"ok": True, "status": status, "reason": str(reason), "body": answer}
