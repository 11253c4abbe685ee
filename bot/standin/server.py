"""The stand-in's HTTP side: one request handler routing ``/api/<method>`` to ``FakeSlack.handle``,
``/respond/…`` to its response URLs, ``/upload/…`` to its uploads, and any other path to its
``page`` (the browser sandbox serves its page there). Bodies are parsed as Slack's clients send
them: JSON, or a form whose Block Kit fields are JSON strings."""

from __future__ import annotations

import contextlib
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

if TYPE_CHECKING:
    from bot.standin.fake_slack import FakeSlack

JSON_KEYS = ("blocks", "view", "attachments", "metadata", "files")


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    data = json.loads(raw or b"{}") if "json" in content_type else {k: v[0] for k, v in parse_qs(raw.decode()).items()}
    for key in JSON_KEYS:
        if isinstance(data.get(key), str) and data[key][:1] in "[{":
            data[key] = json.loads(data[key])
    return data


def handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
            return

        def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the client left (a page reloaded mid-poll)
                self.wfile.write(payload)

        def _send_raw(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            with contextlib.suppress(ConnectionError):  # the client left (a page reloaded mid-poll)
                self.wfile.write(payload)

        def _dispatch(self, raw: bytes) -> None:
            url = urlparse(self.path)
            if not url.path.startswith(("/api/", "/respond/", "/upload/")):
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                served = fake.page(self.command, url.path, query, raw)
                if served is None:
                    self._send(404, {"ok": False, "error": "not_found"})
                else:
                    self._send_raw(*served)
                return
            args = {} if url.path.startswith("/upload/") else _parse_body(raw, self.headers.get("Content-Type", ""))
            args |= {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path.startswith("/upload/"):
                ok = fake.upload(url.path.removeprefix("/upload/"), raw)
                self._send(200 if ok else 400, {"ok": ok})
                return
            if url.path.startswith("/respond/"):
                refused = fake.respond_allowed(url.path)
                if refused:
                    self._send(404, {"ok": False, "error": refused})
                    return
                problem = fake.response_problem(args)
                if problem:
                    self._send(404, problem)
                    return
                fake.respond(url.path, args)
                self._send(200, {"ok": True})
                return
            held = fake.holds.get(url.path.removeprefix("/api/"))
            if held is not None:
                held.wait(timeout=30)
            delay = fake.delays.get(url.path.removeprefix("/api/"))
            if delay:
                time.sleep(delay)
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() or args.pop("token", None)
            status, body, headers = fake.handle(url.path.removeprefix("/api/"), args, token)
            if status == 0:  # scripted: the connection drops without an answer
                self.close_connection = True
                return
            self._send(status, body, headers)

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", 0) or 0)
            self._dispatch(self.rfile.read(length))

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self._dispatch(b"")

    return Handler
