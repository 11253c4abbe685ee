"""Calling the readings API as a pipeline does (raw HTTP, JSON, a bearer token) and getting a token
as a lead or admin does (``/mlproject token create`` in Slack)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from tests.bot.harness import Reply

TOKEN_SHAPE = re.compile(r"mls_[A-Za-z0-9_-]{20,}")
PATH = "/api/v1/readings"


def call(
    url: str, body: dict[str, Any] | bytes | None, token: str | None = None, *, method: str = "POST",
    headers: dict[str, str] | None = None, path: str = PATH,
) -> tuple[Reply, Any]:  # fmt: skip
    """The answer (status, JSON) and its headers (read case-insensitively)."""
    data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {}) | (headers or {})
    request = urllib.request.Request(url + path, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            raw, status, got = resp.read(), resp.status, resp.headers
    except urllib.error.HTTPError as err:
        raw, status, got = err.read(), err.code, err.headers
    return Reply(status, json.loads(raw) if raw.startswith(b"{") else {}, raw), got


def push(bot: Any, body: dict[str, Any] | bytes | None, token: str | None = None, **kw: Any) -> Reply:
    """POST a reading to the running bot; waits for the work it started (the card's refresh)."""
    reply, _ = call(bot.url, body, token, **kw)
    bot.background.wait_idle()
    return reply


def token_from(reply: Reply) -> str:
    found = TOKEN_SHAPE.search(reply.body.get("text", ""))
    assert found, reply.body
    return found.group(0)


def create_token(user: Any, name: str = "ci") -> str:
    return token_from(user.command(f"token create {name}"))
