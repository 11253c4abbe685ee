"""Slack's side of Socket Mode, for tests: the WebSocket that ``apps.connections.open`` hands out.

It greets each connection with ``hello`` as Slack does, sends envelopes (``slash_commands``,
``events_api``, ``interactive``) and records the acks the app sends back, with their response
payloads. The app's real slack_sdk Socket Mode client connects to it over a real socket.
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class SocketModeStandin:
    def __init__(self) -> None:
        self._server: Server | None = None
        self._connections: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self.opened = 0  # connections ever opened

    def start(self) -> SocketModeStandin:
        self._server = serve(self._connection, "127.0.0.1", 0)
        threading.Thread(target=self._server.serve_forever, name="socket-mode-standin", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link/?ticket=standin"

    def _connection(self, ws: ServerConnection) -> None:
        ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}}))
        with self._changed:
            self._connections.append(ws)
            self.opened += 1
            self._changed.notify_all()
        try:
            for raw in ws:
                ack = json.loads(raw)
                with self._changed:
                    self._acks[ack["envelope_id"]] = ack.get("payload") or {}
                    self._changed.notify_all()
        except ConnectionClosed:
            pass  # the app went away without a closing handshake: as a killed process does
        finally:
            with self._changed:
                self._connections.remove(ws)
                self._changed.notify_all()

    def wait_connected(self, timeout: float = 10, *, opened: int = 1) -> None:
        """Until the app is connected, by its ``opened``-th connection at least."""
        with self._changed:
            ok = self._changed.wait_for(lambda: self._connections and self.opened >= opened, timeout)
            assert ok, "the app did not connect"

    def ask_to_reconnect(self) -> None:
        """What Slack sends every few hours: the app is to open a new connection and use it."""
        with self._changed:
            connection = self._connections[-1]
        connection.send(json.dumps({"type": "disconnect", "reason": "refresh_requested"}))

    def wait_disconnected(self, timeout: float = 10) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: not self._connections, timeout), "the app stayed connected"

    def send(
        self, kind: str, payload: dict[str, Any], *, envelope_id: str | None = None, retry_attempt: int = 0
    ) -> str:
        """One envelope to the connected app; returns its id (Slack reuses it when it redelivers)."""
        envelope_id = envelope_id or f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        with self._changed:
            self._acks.pop(envelope_id, None)
            connection = self._connections[-1]
        connection.send(json.dumps(envelope))
        return envelope_id

    def ack(self, envelope_id: str, timeout: float = 10) -> dict[str, Any]:
        """The response payload the app acked ``envelope_id`` with ({} for a bare ack)."""
        with self._changed:
            assert self._changed.wait_for(lambda: envelope_id in self._acks, timeout), f"no ack for {envelope_id}"
            return self._acks[envelope_id]
