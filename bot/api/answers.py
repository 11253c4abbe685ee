"""The readings API's answers: JSON bodies with their status and headers, one function per kind."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from domain.metrics import MetricReading

StartResponse = Callable[..., Any]
UNAUTHORIZED = {"error": "unauthorized", "message": "A valid API token is required: Authorization: Bearer mls_…"}


def answer(
    start_response: StartResponse, status: str, body: dict[str, Any], headers: list[tuple[str, str]] | None = None
) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(payload))),
            ("Cache-Control", "no-store"),
            *(headers or []),
        ],
    )
    return [payload]


def unauthorized(start_response: StartResponse) -> list[bytes]:
    """The same answer for a missing, malformed, unknown or revoked token: no hint which."""
    return answer(start_response, "401 Unauthorized", UNAUTHORIZED, [("WWW-Authenticate", 'Bearer realm="mlscope"')])


def rate_limited(start_response: StartResponse, wait: float) -> list[bytes]:
    seconds = max(1, math.ceil(wait))
    body = {"error": "rate_limited", "message": f"Too many readings for this token; retry in {seconds} s.", "retry_after": seconds}
    return answer(start_response, "429 Too Many Requests", body, [("Retry-After", str(seconds))])


def field_errors(start_response: StartResponse, errors: dict[str, str]) -> list[bytes]:
    return answer(start_response, "422 Unprocessable Entity", {"errors": errors})


def reading_json(ref: str, reading: MetricReading) -> dict[str, Any]:
    return {
        "project": ref,
        "value": reading.value,
        "note": reading.note,
        "source_url": reading.source_url,
        "run_id": reading.run_id,
        "recorded_at": reading.at.isoformat().replace("+00:00", "Z"),
    }
