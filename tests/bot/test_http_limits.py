"""What a hostile sender can do to /slack/events before it is authenticated (issue 15, findings 1
and 2): bodies are bounded and signatures checked on the raw bytes before anything is parsed, and
slow clients cannot hold every connection.

Raw sockets here, all to 127.0.0.1: urllib cannot send a lying Content-Length, half a header, or
keep sending after the server has answered.
"""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from wsgiref.util import setup_testing_defaults

import pytest
from sqlalchemy import text

from bot.settings import Settings
from bot.slack.server import CONNECTION_LIMIT, IDLE_TIMEOUT_SECONDS, MAX_EVENTS_BODY, http_server, wsgi_app
from bot.standin import payloads
from tests.bot.harness import SECRET
from tests.processes import env_without_slack
from tests.processes import serving as serve_process

FORM = "application/x-www-form-urlencoded"
MB = 1024 * 1024


# --- raw HTTP ------------------------------------------------------------------------------------


def head(path: str, headers: dict[str, str], method: str = "POST") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def filler(total: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """``total`` bytes of a form body (``a=1&a=1&…``: millions of fields, the costliest to parse),
    never held in memory at once."""
    block = b"a=1&" * (chunk // 4)
    sent = 0
    while sent < total:
        piece = block[: min(chunk, total - sent)]
        sent += len(piece)
        yield piece


def chunked(pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield b"%x\r\n" % len(piece) + piece + b"\r\n"
    yield b"0\r\n\r\n"


def exchange(port: int, request: Iterable[bytes], *, timeout: float = 10, until_closed: bool = False) -> bytes:
    """Send ``request`` (from a thread, so that a server answering early is heard) and return what
    the server sends back: its first response's head, or everything until it closes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)

    def send() -> None:
        try:
            for piece in request:
                sock.sendall(piece)
        except OSError:
            pass  # the server answered and closed: what we wanted to see

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    received = b""
    try:
        while until_closed or b"\r\n\r\n" not in received:
            data = sock.recv(65536)
            if not data:
                break
            received += data
    except OSError:
        pass
    with suppress(OSError):  # already closed by the server
        sock.shutdown(socket.SHUT_RDWR)  # unblocks the sender if it is still sending
    sender.join(timeout)
    sock.close()
    return received


def statuses(received: bytes) -> list[int]:
    return [int(s) for s in re.findall(rb"HTTP/1\.[01] (\d{3}) ", received)]


# --- finding 1: memory, measured on a real `mlscope serve` ---------------------------------------


def rss_kb(pid: int, field: str) -> int:
    status = open(f"/proc/{pid}/status").read()  # noqa: SIM115 - one read of a tiny proc file
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))  # type: ignore[union-attr]


@contextmanager
def serving(tmp_path, fake, **settings: str) -> Iterator[tuple[subprocess.Popen, int]]:
    env = env_without_slack() | {
        "SLACK_BOT_TOKEN": "xoxb-limits",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'limits.db'}",
    }
    with serve_process(tmp_path, env | settings, stop_within=20) as (proc, port, log):
        yield proc, port
    assert "Traceback" not in log.read_text()


def signed_command(port: int, text_: str = "help") -> int:
    body = payloads.form(payloads.slash_command(text_))
    signed = payloads.sign(SECRET, body, content_type=FORM)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=signed.body, headers=signed.headers, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as resp:
        return resp.status


def test_unsigned_50_mb_posts_are_refused_without_the_process_growing(tmp_path, fake):
    """The issue's reproduction: one unsigned 50 MB POST took `mlscope serve` from 83 MB to 1.37 GB."""
    size = 50 * MB
    unsigned = {"Content-Type": FORM}
    with serving(tmp_path, fake) as (proc, port):
        assert signed_command(port) == 200  # warm: the request path's imports and caches are loaded
        exchange(port, [head("/slack/events", unsigned | {"Content-Length": "9"}), b"payload=x"])
        before = rss_kb(proc.pid, "VmHWM")

        honest = exchange(port, [head("/slack/events", unsigned | {"Content-Length": str(size)}), *filler(size)])
        in_chunks = exchange(
            port, [head("/slack/events", unsigned | {"Transfer-Encoding": "chunked"}), *chunked(filler(size))]
        )
        # Content-Length says 1,000 bytes; 50 MB follow. The rest is read as a next request's head.
        lying = exchange(
            port, [head("/slack/events", unsigned | {"Content-Length": "1000"}), *filler(size)], until_closed=True
        )

        grown_mb = (rss_kb(proc.pid, "VmHWM") - before) / 1024
        print(f"\npeak RSS before {before / 1024:.1f} MB, growth over three 50 MB posts {grown_mb:.2f} MB")
        assert statuses(honest) == [413], honest[:200]
        assert statuses(in_chunks) == [413], in_chunks[:200]
        assert statuses(lying)[:1] == [401], lying[:200]
        assert grown_mb < 5, f"peak memory grew by {grown_mb:.1f} MB"
        assert signed_command(port) == 200, "still serving Slack"


# --- finding 1: bounded and authenticated before parsing, on the in-process bot -----------------


def padded_event(size: int) -> str:
    """A signed-able app_home_opened event whose JSON is exactly ``size`` bytes."""
    event = payloads.event({"type": "app_home_opened", "user": "U1", "tab": "messages"}, event_id="EvPad")
    event["padding"] = ""
    event["padding"] = "x" * (size - len(json.dumps(event)))
    body = json.dumps(event)
    assert len(body) == size
    return body


def test_a_signed_body_over_the_limit_gets_413_and_one_at_the_limit_is_handled(bot, fake):
    at_limit = payloads.sign(SECRET, padded_event(MAX_EVENTS_BODY), content_type="application/json")
    assert bot.post("/slack/events", at_limit).status == 200

    over = payloads.sign(SECRET, padded_event(MAX_EVENTS_BODY + 1), content_type="application/json")
    body, port = over.body, int(bot.url.rsplit(":", 1)[1])
    # Raw sockets, the answer read while the body is still being sent: the server answers 413 and
    # closes without reading the rest (urllib would only see its own write fail).
    told = exchange(port, [head("/slack/events", over.headers | {"Content-Length": str(len(body))}), body])
    in_chunks = exchange(
        port,
        [head("/slack/events", over.headers | {"Transfer-Encoding": "chunked"}), *chunked([body[:MB], body[MB:]])],
    )
    assert statuses(told) == [413] and statuses(in_chunks) == [413]
    assert bot.get("/healthz").status == 200


def deliveries(database) -> int:
    with database.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM deliveries")).scalar_one()


@pytest.mark.parametrize(
    "request_for",
    [
        pytest.param(lambda body: payloads.sign("not-the-secret", body, content_type="application/json"), id="forged"),
        pytest.param(
            lambda body: payloads.sign(SECRET, body, timestamp=int(time.time()) - 301, content_type="application/json"),
            id="stale",
        ),
        pytest.param(
            lambda body: payloads.sign(SECRET, body, timestamp=int(time.time()) + 301, content_type="application/json"),
            id="from-the-future",
        ),
        pytest.param(
            lambda body: payloads.SignedRequest(
                body.encode(),
                {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=0"},
            ),
            id="timestamp-not-a-number",
        ),
        pytest.param(
            lambda body: payloads.SignedRequest(body.encode(), {"Content-Type": "application/json"}), id="unsigned"
        ),
    ],
)
def test_an_unauthenticated_request_is_refused_before_anything_is_parsed(bot, fake, database, request_for):
    """Bolt, the redelivery key and the deliveries table never see it: 401 from the raw bytes."""
    dispatched = []
    real_dispatch = bot.app.dispatch
    bot.app.dispatch = lambda req: dispatched.append(req) or real_dispatch(req)  # type: ignore[method-assign]

    event = json.dumps(payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvForged"))
    for body in (event, "{not json", "payload=%7Bnot+json"):
        assert bot.post("/slack/events", request_for(body)).status == 401, body
    not_utf8 = payloads.sign("not-the-secret", "x", content_type="application/json")
    assert bot.post("/slack/events", payloads.SignedRequest(b"\xff\xfe{", not_utf8.headers)).status == 401

    assert dispatched == []
    assert deliveries(database) == 0
    assert fake.calls_to("views.publish") == []
    assert bot.get("/healthz").status == 200


class Endless(io.RawIOBase):
    """A wsgi.input that never ends, counting what is read from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        buffer[:] = b"a" * len(buffer)
        self.read_bytes += len(buffer)
        return len(buffer)


def call(bot, path: str, method: str, body: io.RawIOBase, **environ: str) -> str:
    """The WSGI app called directly, as a server that does not bound bodies itself would."""
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "wsgi.input": body} | environ
    setup_testing_defaults(env)
    answered: list[str] = []
    b"".join(wsgi_app(bot.app, bot.app.deps.database)(env, lambda status, headers: answered.append(status)))
    return answered[0]


def test_the_guard_itself_reads_at_most_the_limit_whatever_the_server_lets_through(bot, fake):
    """Waitress refuses large bodies first; the guard holds on its own behind any WSGI server."""
    told = Endless()
    assert call(bot, "/slack/events", "POST", told, CONTENT_LENGTH=str(50 * MB)) == "413 Request Entity Too Large"
    assert told.read_bytes == 0, "refused on Content-Length, before reading"

    untold = Endless()  # no Content-Length, input terminated by the server (chunked)
    status = call(bot, "/slack/events", "POST", untold, **{"wsgi.input_terminated": True})  # type: ignore[arg-type]
    assert status == "413 Request Entity Too Large"
    assert untold.read_bytes <= MAX_EVENTS_BODY + 64 * 1024

    lying = io.BytesIO(b"payload=x" + b"a" * MB)  # Content-Length smaller than what follows
    assert call(bot, "/slack/events", "POST", lying, CONTENT_LENGTH="9") == "401 Unauthorized"  # type: ignore[arg-type]
    assert lying.tell() == 9

    for path in ("/slack/install", "/slack/oauth_redirect", "/nope"):
        assert call(bot, path, "GET", Endless(), CONTENT_LENGTH=str(MB)) == "413 Request Entity Too Large"
    assert call(bot, "/slack/install", "GET", io.BytesIO(b"")) == "404 Not Found"  # type: ignore[arg-type]
    assert fake.calls_to("views.publish") == []


def test_a_lying_content_length_is_bounded_over_the_wire(bot):
    """Fewer bytes declared than sent: the rest is read as the next request's head, which is
    bounded (431 and the connection closed) long before 5 MB."""
    port = int(bot.url.rsplit(":", 1)[1])
    received = exchange(
        port,
        [head("/slack/events", {"Content-Type": FORM, "Content-Length": "9"}), *filler(5 * MB)],
        until_closed=True,
    )
    assert statuses(received)[:1] == [401]
    assert set(statuses(received)[1:]) <= {400, 431}
    assert bot.get("/healthz").status == 200


# --- finding 2: connections -----------------------------------------------------------------------


def test_slow_clients_holding_connections_do_not_lock_out_health_or_slack(bot, ada):
    """The issue's reproduction: 100 connections sending half a header each locked everyone out.
    Here 150 (more than waitress's default limit), all to 127.0.0.1, closed at the end."""
    port = int(bot.url.rsplit(":", 1)[1])
    with ExitStack() as stack:
        for i in range(150):
            sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
            if i % 2:
                sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slack-Sig")  # half a head
            else:  # a whole head, then a trickle of the body it announced
                sock.sendall(head("/slack/events", {"Content-Type": FORM, "Content-Length": "1000"}) + b"payload=")
        time.sleep(0.3)  # let the server accept them all
        started = time.monotonic()
        assert bot.get("/healthz").status == 200
        assert ada.command("help").status == 200
        assert time.monotonic() - started < 3


def test_idle_connections_are_closed_after_the_idle_timeout(bot, database):
    server = http_server(bot.app, database, host="127.0.0.1", port=0, threads=2, idle_timeout=1)
    assert server.adj.cleanup_interval <= 1

    def run() -> None:
        with suppress(OSError):  # closing the socket under waitress's loop ends it this way
            server.run()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=5) as sock:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            started = time.monotonic()
            assert sock.recv(100) == b"", "closed by the server"
            assert time.monotonic() - started < 4
    finally:
        with suppress(OSError):
            server.close()
        thread.join(timeout=5)


def test_the_idle_timeout_is_a_setting_of_mlscope_serve(tmp_path, fake):
    with (
        serving(tmp_path, fake, HTTP_IDLE_TIMEOUT="1", HTTP_CONNECTION_LIMIT="200") as (_, port),
        socket.create_connection(("127.0.0.1", port), timeout=5) as sock,
    ):
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and nothing more
        started = time.monotonic()
        assert sock.recv(100) == b"", "closed by the server"
        assert time.monotonic() - started < 4


def test_waitress_is_tuned_for_exposure(bot):
    assert (Settings(_env_file=None).http_connection_limit, Settings(_env_file=None).http_idle_timeout) == (
        CONNECTION_LIMIT,
        IDLE_TIMEOUT_SECONDS,
    )
    adj = bot.server.adj
    assert adj.max_request_body_size == MAX_EVENTS_BODY + 1  # waitress refuses at >=
    assert adj.max_request_header_size <= 64 * 1024
    assert adj.connection_limit >= 500 and adj.asyncore_use_poll, "poll: select() cannot watch fds >= 1024"
    assert adj.channel_timeout <= 30 and adj.cleanup_interval <= 10
