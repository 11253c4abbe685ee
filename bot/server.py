"""Serving the app: HTTP mode behind waitress (a production WSGI server), or Socket Mode."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from storage.db import Database

log = logging.getLogger("mlscope.server")
EVENTS_PATH = "/slack/events"
RELEASE_GRACE_SECONDS = 0.002

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(app: App, database: Database) -> WSGIApp:
    """``/slack/events`` (commands, interactivity, events), OAuth paths, and ``GET /healthz``."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    background = getattr(app, "deps", None) and app.deps.background  # type: ignore[attr-defined]

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if background is None:
            return respond(environ, start_response)
        with background.holding() as release:
            try:
                body = respond(environ, start_response)
            except BaseException:
                release()
                raise
        return _ThenRelease(body, release)

    def respond(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            status, body = _health(database)
            payload = json.dumps(body).encode()
            start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
            return [payload]
        try:
            return slack(environ, start_response)
        except Exception as exc:  # noqa: BLE001 - see below
            # Bolt's dispatch catches listener errors itself; what escapes here comes from building a
            # request out of a malformed body (invalid JSON, JSON that is not an object, a payload
            # field that is not JSON). That is the client's fault: 400, never a 500.
            log.info("unparseable request body on %s (%s)", environ.get("PATH_INFO"), type(exc).__name__)
            payload = b'{"ok": false, "error": "bad_request"}'
            start_response(
                "400 Bad Request", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
            )
            return [payload]

    return application


class _ThenRelease:
    """The response body; the server calls ``close()`` once it is sent, which starts the held work."""

    def __init__(self, body: Iterable[bytes], release: Callable[[], None]):
        self.body, self.release = body, release

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            # waitress calls close() from the worker, then its main loop sends the buffered body:
            # a moment's grace lets the send go first.
            timer = threading.Timer(RELEASE_GRACE_SECONDS, self.release)
            timer.daemon = True
            timer.start()


def _health(database: Database) -> tuple[str, dict[str, Any]]:
    try:
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        log.warning("health check: database unreachable (%s)", type(exc).__name__)
        return "503 Service Unavailable", {"ok": False, "database": "unreachable"}
    return "200 OK", {"ok": True, "database": "ok"}


def http_server(app: App, database: Database, *, host: str, port: int, threads: int = 8) -> Any:
    """A waitress server, not yet running: call ``.run()`` (blocks) and ``.close()``."""
    from waitress.server import create_server

    return create_server(wsgi_app(app, database), host=host, port=port, threads=threads, ident="mlscope")


def socket_mode_handler(app: App, app_token: str) -> Any:
    """Bolt's Socket Mode handler (slack_sdk's own WebSocket client), not yet connected:
    ``.connect()`` returns once the socket is open; ``.close()`` ends it.

    As over HTTP, what an envelope hands to the background is held until its ack is on the socket.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    background = app.deps.background  # type: ignore[attr-defined]

    class AckFirst(SocketModeHandler):  # type: ignore[misc]
        def handle(self, client: Any, req: Any) -> None:
            with background.holding() as release:
                try:
                    super().handle(client, req)  # runs the listener, then sends the ack
                finally:
                    release()

    return AckFirst(app, app_token)
