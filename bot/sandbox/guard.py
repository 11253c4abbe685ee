"""Who may talk to the sandbox: its own page, and the bot process it runs. No other web page.

The sandbox listens on one port for two kinds of client:

- **The page** (a browser). Every request's ``Host`` must name the sandbox as this computer
  (``127.0.0.1``, ``localhost`` or ``[::1]`` with the port it listens on): a page on a rebound
  domain (DNS rebinding) reads nothing, not even the page. The page itself and its script and
  style are free to load; everything else (what a person sees, the uploaded files, every action)
  needs the run's page token, which only the served page carries (a foreign page cannot read
  it: the same-origin policy). Actions are POSTs that must also be ``application/json`` from the
  page's own ``Origin``, so a form or a ``text/plain`` fetch from anywhere else is refused before
  its body is read.
- **The bot** (slack_sdk over urllib). It reaches the Web API paths (``/api/``, ``/respond/``,
  ``/upload/``) at ``http://127.0.0.1:<port>``, so the same ``Host`` check applies; browsers
  have no business there, so a request carrying a browser's marks (``Origin``, ``Sec-Fetch-*``)
  is refused. ``/api/`` needs the run's bot token in ``Authorization`` (as the bot's WebClient
  sends it; a random per-run secret, like the signing secret), ``/respond/`` a JSON POST (as
  response_url replies are sent), ``/upload/`` a POST.

A refusal is a 403 with ``{"ok": false, "error": "<a sentence the page shows>"}``.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import json
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

TOKEN_HEADER = "X-Sandbox-Token"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "[::1]"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
STATIC = {
    "/": "index.html",
    "/sandbox.js": "sandbox.js",
    "/pipeline.js": "pipeline.js",
    "/canvases.js": "canvases.js",
    "/conversation.js": "conversation.js",
    "/sandbox.css": "sandbox.css",
    "/rich-blocks.js": "rich-blocks.js",  # table and markdown blocks
    "/rich-blocks.css": "rich-blocks.css",
}  # free to load
BOT_PATHS = ("/api/", "/respond/", "/upload/")
BROWSER_MARKS = ("Origin", "Sec-Fetch-Site", "Sec-Fetch-Mode")
DISCARD_LIMIT = 1 << 20  # a refused body up to this size is read and dropped before the connection closes


@dataclass(frozen=True)
class Guard:
    """The rules for one run: its tokens and the host it was bound to (``--host``)."""

    page_token: str
    bot_token: str
    bound_host: str = "127.0.0.1"

    @property
    def names(self) -> frozenset[str]:
        """Host names (no port) that mean this sandbox: loopback, and an explicit ``--host``.

        An address or name the operator chose cannot be rebound by a foreign page's DNS."""
        host = self.bound_host.strip().lower()
        if host in WILDCARDS:
            return LOOPBACK
        with contextlib.suppress(ValueError):
            if ipaddress.ip_address(host).version == 6:
                host = f"[{host}]"
        return LOOPBACK | {host}

    def refusal(self, method: str, target: str, headers: Message, port: int) -> str | None:
        """None if the request may go on, else why not (a sentence for the page)."""
        hosts = headers.get_all("Host") or []
        host = hosts[0].strip().lower() if len(hosts) == 1 else ""
        allowed = {f"{name}:{port}" for name in self.names} | (self.names if port == 80 else set())
        if host not in allowed:
            return (
                f"This sandbox answers only at http://127.0.0.1:{port}/ or http://localhost:{port}/ "
                f"(this request was for {host or 'no single host'!r})."
            )
        url = urlparse(target)
        if url.path.startswith(BOT_PATHS):
            return self._bot_refusal(method, url.path, headers)
        if method == "GET" and url.path in STATIC:
            return None
        if method == "POST":
            origin = (headers.get("Origin") or "").strip().lower()
            if origin != f"http://{host}":
                return (
                    f"The sandbox takes actions only from its own page at http://{host}/ "
                    f"(this one came from {origin or 'no origin'!r})."
                )
            if _media_type(headers) != "application/json":
                return "The sandbox takes actions only as application/json."
        token = headers.get(TOKEN_HEADER)
        if token is None and method == "GET" and url.path.startswith(("/files/", "/docs/")):  # <img src>, a link: no header
            token = (parse_qs(url.query).get("token") or [None])[0]
        if not token or not hmac.compare_digest(token.encode(), self.page_token.encode()):
            return "This page's sandbox token is missing or out of date (was the sandbox restarted?): reload the page."
        return None

    def _bot_refusal(self, method: str, path: str, headers: Message) -> str | None:
        if any(headers.get(mark) is not None for mark in BROWSER_MARKS):
            return "The Web API paths are for the bot, not for web pages."
        if path.startswith("/api/"):
            given = headers.get("Authorization") or ""
            if not hmac.compare_digest(given.encode(), f"Bearer {self.bot_token}".encode()):
                return "invalid_auth: the Web API takes only this run's bot token, in the Authorization header."
            return None
        if method != "POST":
            return f"{path.split('/')[1]} takes only POST."
        if path.startswith("/respond/") and _media_type(headers) != "application/json":
            return "A response_url takes only application/json."
        return None


def _media_type(headers: Message) -> str:
    return (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()


def guarded(base: type[BaseHTTPRequestHandler], guard: Callable[[], Guard | None]) -> type[BaseHTTPRequestHandler]:
    """``base`` (the stand-in's handler) behind ``guard``: checked before the body is read.

    ``guard`` is read per request; with none set every request is refused (fail closed)."""

    class Guarded(base):  # type: ignore[valid-type,misc]
        def _refused(self) -> bool:
            rules = guard()
            port = int(self.server.server_address[1])
            why = (
                "The sandbox is not ready."
                if rules is None
                else rules.refusal(self.command, self.path, self.headers, port)
            )
            if why is None:
                return False
            payload = json.dumps({"ok": False, "error": why}).encode()
            self.close_connection = True
            with contextlib.suppress(ValueError, OSError):  # discarded unread, so that closing does not reset
                self.rfile.read(max(0, min(int(self.headers.get("Content-Length") or 0), DISCARD_LIMIT)))
            self.send_response(403)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            with contextlib.suppress(ConnectionError):
                self.wfile.write(payload)
            return True

        def end_headers(self) -> None:
            # nor may a foreign page frame the sandbox and have a person click its buttons
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
            self.send_header("X-Content-Type-Options", "nosniff")
            super().end_headers()

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if not self._refused():
                super().do_GET()

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            if not self._refused():
                super().do_POST()

    return Guarded
