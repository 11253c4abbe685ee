"""Work a request hands to the background starts only once its response has been sent."""

from __future__ import annotations

import io
import threading
from wsgiref.util import setup_testing_defaults

from bot.background import Background
from bot.slack.server import wsgi_app
from bot.standin import payloads
from tests.bot.harness import SECRET


def test_held_work_waits_for_release_and_counts_as_pending():
    background = Background(max_workers=1)
    started = threading.Event()
    with background.holding() as release:
        future = background.submit(started.set)
    assert not started.wait(0.2)
    assert not background.wait_idle(timeout=0.1)  # held work is pending work
    release()
    assert started.wait(5) and background.wait_idle(5) and future.done()
    background.shutdown()


def test_work_submitted_outside_a_request_starts_at_once():
    background = Background(max_workers=1)
    started = threading.Event()
    background.submit(started.set)
    assert started.wait(5)
    background.shutdown()


def test_a_command_opens_its_modal_only_after_the_server_has_sent_the_ack(bot, fake):
    body = payloads.form(payloads.slash_command("new Churn", trigger_id=fake.trigger_id()))
    signed = payloads.sign(SECRET, body, content_type="application/x-www-form-urlencoded")
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "CONTENT_TYPE": signed.headers["Content-Type"],
        "CONTENT_LENGTH": str(len(signed.body)),
        "wsgi.input": io.BytesIO(signed.body),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": signed.headers["X-Slack-Request-Timestamp"],
        "HTTP_X_SLACK_SIGNATURE": signed.headers["X-Slack-Signature"],
    }
    setup_testing_defaults(environ)
    statuses: list[str] = []
    response = wsgi_app(bot.app, bot.app.deps.database)(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    assert statuses == ["200 OK"]
    assert not bot.background.wait_idle(timeout=0.3)
    assert fake.calls_to("views.open") == []
    response.close()  # what the server does once the body is on the wire
    assert bot.background.wait_idle(timeout=10)
    assert len(fake.calls_to("views.open")) == 1
