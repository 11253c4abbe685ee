"""Serving the app: HTTP mode behind waitress (a production WSGI server), or Socket Mode.

Over HTTP nothing from a sender is parsed before it is bounded and authenticated: waitress refuses
a head over ``MAX_HEADER`` and a body over ``MAX_EVENTS_BODY`` (on Content-Length, or while
de-chunking) before the app runs; then ``_bounded_and_signed`` reads at most the limit for the path
and checks Slack's signature on those raw bytes. Only then does Bolt see the request (and only then
is a redelivery key computed or the database touched). It holds on its own, behind any WSGI server.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot import log_context, metrics
from bot.slack.observe import counted
from bot.slack.probes import PATHS as PROBES
from bot.slack.probes import Probes, probes_only
from storage.db import Database

if TYPE_CHECKING:
    from bot.slack.bolt_app import MLScopeApp

log = logging.getLogger("mlscope.server")
EVENTS_PATH = "/slack/events"
API_PREFIX = "/api/"
RELEASE_GRACE_SECONDS = 0.002

# The largest request Slack sends us is a view_submission: the whole view (its blocks echoed back)
# plus the state of every input, URL-encoded as ``payload=``. MLScope's largest (a scoping step)
# is about 14 KB; a modal at Slack's own caps (100 blocks, inputs of 3,000 characters, all of them
# non-ASCII and so tripled by percent-encoding) stays in the hundreds of KB. 1 MiB is generous for
# Slack and bounds what a sender without the signing secret can make us hold.
MAX_EVENTS_BODY = 1024 * 1024
# Nothing else carries a body: the OAuth paths and /healthz are GETs. A little is tolerated.
MAX_OTHER_BODY = 8 * 1024
READ_CHUNK = 64 * 1024
# Slack's heads are under 2 KB; a browser on the OAuth paths may bring cookies (nginx's default
# buffers allow 8 KB a line, 32 KB in all).
MAX_HEADER = 32 * 1024
# Exposure (issue 15): waitress's default of 100 connections, each kept 120 s after its last byte,
# let 100 slow senders lock everyone out. More connections (poll, not select, beyond 1,024 fds)
# and a shorter idle timeout make that much harder; a deadline for a whole head or body is what
# waitress cannot set, and what the buffering reverse proxy in front of it is for (docs/security.md).
CONNECTION_LIMIT = 1000
IDLE_TIMEOUT_SECONDS = 30
BACKLOG = 1024  # waiting in the kernel once CONNECTION_LIMIT are open (capped by net.core.somaxconn)
# A body up to this size is held in memory, larger ones in a temporary file: Slack's are a few KB,
# and CONNECTION_LIMIT slow senders of 1 MiB bodies cannot hold a GiB of memory.
IN_MEMORY_BODY = 64 * 1024
FDS_KEPT = 64  # file descriptors left for the database, logs and Slack when clamping the limit

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class Refused(Exception):
    def __init__(self, status: str, error: str):
        super().__init__(status)
        self.status, self.error = status, error


def read_bounded(environ: dict[str, Any], limit: int) -> bytes:
    """The body, read in chunks and never more than ``limit`` + 1 bytes; refused if it is larger.

    A declared Content-Length over the limit is refused before reading; one smaller than what was
    sent is all that is read (the rest is not this request's). Without one, a server that marks
    its input terminated (waitress, once it has de-chunked) is read to its end, bounded the same.
    """
    declared = (environ.get("CONTENT_LENGTH") or "").strip()
    if declared:
        if not declared.isdigit():
            raise Refused("400 Bad Request", "bad_content_length")
        wanted = int(declared)
        if wanted > limit:
            raise Refused("413 Request Entity Too Large", "request_too_large")
    elif environ.get("wsgi.input_terminated"):
        wanted = limit + 1
    else:
        return b""
    stream = environ.get("wsgi.input")
    body = bytearray()
    while stream is not None and len(body) < wanted:
        piece = stream.read(min(READ_CHUNK, wanted - len(body)))
        if not piece:
            break
        body += piece
    if len(body) > limit:
        raise Refused("413 Request Entity Too Large", "request_too_large")
    return bytes(body)


def _signed(verifier: SignatureVerifier | None, environ: dict[str, Any], body: bytes) -> bool:
    """Slack's v0 HMAC of ``body`` with a timestamp within 5 minutes (either way) of now."""
    if verifier is None:
        return False
    try:
        return verifier.is_valid(
            body=body,
            timestamp=environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
            signature=environ.get("HTTP_X_SLACK_SIGNATURE"),
        )
    except ValueError:  # a timestamp that is not a number; a body that is not UTF-8 (Slack's always is)
        return False


def _bounded_and_signed(inner: WSGIApp, signing_secret: str | None) -> WSGIApp:
    """In front of Bolt's adapter: a POST to /slack/events is read up to ``MAX_EVENTS_BODY`` and
    must carry Slack's signature (401 otherwise, before any parsing); any other request up to
    ``MAX_OTHER_BODY``. ``inner`` gets the body already read, as a fresh ``wsgi.input``."""
    verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def guard(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        events = environ.get("PATH_INFO") == EVENTS_PATH and environ.get("REQUEST_METHOD") == "POST"
        try:
            body = read_bounded(environ, MAX_EVENTS_BODY if events else MAX_OTHER_BODY)
            if events and not _signed(verifier, environ, body):
                raise Refused("401 Unauthorized", "invalid_signature")
        except Refused as refused:
            log.info("refused a request to %s: %s", environ.get("PATH_INFO"), refused.error)
            metrics.REFUSED.labels(refused.error).inc()
            return _answer(start_response, refused.status, {"ok": False, "error": refused.error})
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return inner(environ, start_response)

    return guard


def _answer(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def wsgi_app(app: App, database: Database) -> WSGIApp:
    """``/slack/events`` (commands, interactivity, events), OAuth paths, ``/healthz``, ``/readyz`` and
    ``/metrics`` (``bot.slack.probes``; the token is ``app.metrics_token``), and the readings API under
    ``/api/`` when the app carries one (``app.api``, set by ``bot.app.build_app``). Each request has a
    fresh id in the log context (``bot.log_context``) until it is answered."""
    # Bolt keeps the signing secret it was built with (and checks it again; so does the redelivery
    # claim): the guard checks the same one first, on the raw bytes.
    slack = _bounded_and_signed(SlackRequestHandler(app, path=EVENTS_PATH), getattr(app, "_signing_secret", None))

    deps = getattr(app, "deps", None)  # an MLScopeApp's; a bare Bolt app has none
    api: WSGIApp | None = getattr(app, "api", None)  # the readings API (bot/api), mounted by bot.app
    api = counted("api", api) if api is not None else None
    background = deps.background if deps is not None else None
    probes = Probes(database, getattr(app, "metrics_token", None))

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        tokens = log_context.bind(request_id=uuid.uuid4().hex)
        try:
            if background is None:
                return respond(environ, start_response)
            with background.holding() as release:
                try:
                    body = respond(environ, start_response)
                except BaseException:
                    release()
                    raise
            return _ThenRelease(body, release)
        finally:
            log_context.unbind(tokens)

    def respond(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") in PROBES:
            return probes.answer(environ, start_response)
        if api is not None and str(environ.get("PATH_INFO") or "").startswith(API_PREFIX):
            return api(environ, start_response)  # bounds its own body and checks its own bearer tokens
        try:
            return slack(environ, start_response)
        except Exception as exc:  # noqa: BLE001 - see below
            # Bolt's dispatch catches listener errors itself; what escapes here comes from building a
            # request out of a malformed body (invalid JSON, JSON that is not an object, a payload
            # field that is not JSON). That is the client's fault: 400, never a 500.
            log.info("unparseable request body on %s (%s)", environ.get("PATH_INFO"), type(exc).__name__)
            return _answer(start_response, "400 Bad Request", {"ok": False, "error": "bad_request"})

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


def http_server(
    app: App,
    database: Database,
    *,
    host: str,
    port: int,
    threads: int = 8,
    connection_limit: int = CONNECTION_LIMIT,
    idle_timeout: int = IDLE_TIMEOUT_SECONDS,
    only_probes: bool = False,
) -> Any:
    """A waitress server, not yet running: call ``.run()`` (blocks) and ``.close()``. ``only_probes``:
    Socket Mode's, which answers /healthz, /readyz and /metrics only.

    ``idle_timeout``: a connection with no request in progress and nothing received for that
    long is closed (checked every few seconds). Behind a load balancer that keeps connections to
    us alive, it should exceed the balancer's own idle timeout.
    """
    from waitress.server import create_server

    token = getattr(app, "metrics_token", None)
    return create_server(
        probes_only(database, token) if only_probes else wsgi_app(app, database),
        host=host,
        port=port,
        threads=threads,
        ident="mlscope",
        max_request_body_size=MAX_EVENTS_BODY + 1,  # waitress refuses a body >= this
        max_request_header_size=MAX_HEADER,
        inbuf_overflow=IN_MEMORY_BODY,
        connection_limit=_within_open_files(connection_limit),
        channel_timeout=idle_timeout,
        cleanup_interval=max(1, min(5, idle_timeout // 2)),
        backlog=BACKLOG,
        asyncore_use_poll=True,
    )


def _within_open_files(connection_limit: int) -> int:
    """``connection_limit``, lowered if the process may not open that many files (``ulimit -n``):
    waitress failing to accept is worse than waitress declining to."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return connection_limit
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or connection_limit <= soft - FDS_KEPT:
        return connection_limit
    lowered = max(1, soft - FDS_KEPT)
    log.warning(
        "HTTP connection limit lowered from %d to %d: the process may open %d files", connection_limit, lowered, soft
    )
    return lowered


def socket_mode_handler(app: MLScopeApp, app_token: str) -> Any:
    """Bolt's Socket Mode handler (slack_sdk's own WebSocket client), not yet connected:
    ``.connect()`` returns once the socket is open; ``.close()`` ends it.

    As over HTTP, what an envelope hands to the background is held until its ack is on the socket.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    background = app.deps.background

    class AckFirst(SocketModeHandler):  # type: ignore[misc]
        def handle(self, client: Any, req: Any) -> None:
            with background.holding() as release:
                try:
                    super().handle(client, req)  # runs the listener, then sends the ack
                finally:
                    release()

        def close(self) -> None:
            """slack_sdk's close() joins its session thread with no timeout, and that thread can
            miss the stop (seen after a reconnect, under load): shutdown waits CLOSE_WAIT at most.
            Its threads are daemons, so the process still exits."""
            closing = threading.Thread(target=super().close, name="socket-mode-close", daemon=True)
            closing.start()
            closing.join(CLOSE_WAIT)
            if closing.is_alive():
                log.warning("the Socket Mode client did not stop within %s s; leaving it behind", CLOSE_WAIT)

    return AckFirst(app, app_token)


CLOSE_WAIT = 5.0
