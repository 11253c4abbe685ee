"""What operators' tools ask the HTTP server: ``/healthz`` (the process answers), ``/readyz`` (it can
serve: the database answers and is migrated to this version) and ``/metrics`` (Prometheus).

``/metrics`` is not public: it is served only when ``METRICS_TOKEN`` is set, and only to a request
bearing it (``Authorization: Bearer …``, as Prometheus sends with ``authorization.credentials_file``;
https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config). Unset, the
path does not exist (404). A token rather than a second port: the app has one port to expose,
probe and proxy, and the readings API already authenticates the same way.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Any

from bot.metrics import CONTENT_TYPE, Exposition
from storage.db import Database
from storage.health import readiness

PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class Probes:
    def __init__(self, database: Database, metrics_token: str | None):
        self.database = database
        self.token = metrics_token.encode() if metrics_token else None
        self.exposition = Exposition(database) if metrics_token else None

    def answer(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            return _json(start_response, "200 OK", {"ok": True})
        if path == "/readyz":
            ready = readiness(self.database.engine)
            status = "200 OK" if ready.ready else "503 Service Unavailable"
            return _json(start_response, status, {"ok": ready.ready, "reason": ready.reason})
        if self.token is None or self.exposition is None:
            return _json(start_response, "404 Not Found", {"ok": False, "error": "not_found"})
        if not self._bearer_matches(environ):
            headers = [("WWW-Authenticate", 'Bearer realm="metrics"')]
            return _json(start_response, "401 Unauthorized", {"ok": False, "error": "invalid_token"}, headers)
        payload = self.exposition.render()
        start_response("200 OK", [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(payload)))])
        return [payload]

    def _bearer_matches(self, environ: dict[str, Any]) -> bool:
        scheme, _, given = str(environ.get("HTTP_AUTHORIZATION") or "").strip().partition(" ")
        assert self.token is not None
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token)


def probes_only(database: Database, metrics_token: str | None) -> Callable[..., list[bytes]]:
    """What Socket Mode's HTTP server answers: the probes and ``/metrics``, and 404 for anything else."""
    probes = Probes(database, metrics_token)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ.get("PATH_INFO") in PATHS:
            return probes.answer(environ, start_response)
        return _json(start_response, "404 Not Found", {"ok": False, "error": "not_found"})

    return application


def _json(
    start_response: Callable[..., Any], status: str, body: dict[str, Any], extra: list[tuple[str, str]] | None = None
) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload))), *(extra or [])]
    )
    return [payload]
