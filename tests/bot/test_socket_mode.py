"""Socket Mode end to end: slack_sdk's own WebSocket client against a stand-in for Slack's side.

The app asks ``apps.connections.open`` (with the app-level token) where to connect, receives
envelopes over a real WebSocket and acks each with its response payload, as Slack expects.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bot.app import build_app
from bot.background import Background
from bot.metrics import PROCESS
from bot.settings import Settings
from bot.slack.server import socket_mode_handler
from bot.standin import payloads
from tests.bot.harness import SECRET
from tests.bot.test_json_logs import json_lines  # noqa: F401 - a fixture
from tests.processes import env_without_slack, free_port, wait_healthy
from tests.socket_mode import SocketModeStandin

APP_TOKEN = "xapp-1-A1-standin"


@pytest.fixture
def slack_side(fake) -> Iterator[SocketModeStandin]:
    standin = SocketModeStandin().start()
    fake.socket_mode_url = standin.url
    yield standin
    standin.stop()


@pytest.fixture
def connected(database, fake, clock, slack_side) -> Iterator[tuple[SocketModeStandin, Background]]:
    settings = Settings(
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_app_token=APP_TOKEN,
        slack_api_url=fake.api_url,
        database_url=database.url,
        _env_file=None,  # type: ignore[call-arg]
    )
    background = Background(max_workers=2)
    handler = socket_mode_handler(build_app(settings, database=database, background=background, clock=clock), APP_TOKEN)
    handler.connect()
    slack_side.wait_connected()
    yield slack_side, background
    handler.close()
    background.shutdown()


def test_the_app_connects_with_its_app_level_token(connected, fake):
    [opened] = fake.calls_to("apps.connections.open")
    assert opened.token == APP_TOKEN


def test_a_slash_command_is_acked_with_its_answer_over_the_socket(connected):
    slack_side, _ = connected
    envelope = slack_side.send("slash_commands", payloads.slash_command("help"))
    answer = slack_side.ack(envelope)
    assert answer["response_type"] == "ephemeral"
    assert "/mlproject new" in str(answer)


def test_new_acks_at_once_and_opens_the_first_step_after(connected, fake):
    slack_side, background = connected
    trigger = fake.trigger_id()
    envelope = slack_side.send("slash_commands", payloads.slash_command("new Churn", trigger_id=trigger))
    assert slack_side.ack(envelope) == {}
    background.wait_idle()
    [opened] = fake.calls_to("views.open")
    assert opened.args["trigger_id"] == trigger
    assert "Churn" in str(opened.args["view"])


def test_when_slack_asks_for_a_new_connection_the_app_reconnects_and_answers_on_it(connected, fake):
    slack_side, _ = connected
    slack_side.ask_to_reconnect()
    slack_side.wait_connected(opened=2)
    assert len(fake.calls_to("apps.connections.open")) == 2
    answer = slack_side.ack(slack_side.send("slash_commands", payloads.slash_command("help")))
    assert "/mlproject new" in str(answer)


def test_a_redelivered_event_is_acked_again_but_publishes_app_home_once(connected, fake):
    slack_side, background = connected
    event = payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvSocket1")
    for retry in (0, 1):
        slack_side.ack(slack_side.send("events_api", event, retry_attempt=retry))
        background.wait_idle()
    assert [c.args["user_id"] for c in fake.calls_to("views.publish")] == ["U1"]


def test_each_envelope_is_counted_and_logged_with_its_own_request_id_and_slacks_retry(connected, json_lines):  # noqa: F811
    slack_side, background = connected

    def commands():
        return PROCESS.get_sample_value("mlscope_requests_total", {"kind": "command", "status": "2xx"}) or 0

    before = commands()
    slack_side.ack(slack_side.send("slash_commands", payloads.slash_command("help")))
    event = payloads.event({"type": "app_home_opened", "user": "U1", "tab": "home"}, event_id="EvSocket2")
    slack_side.ack(slack_side.send("events_api", event, retry_attempt=1))
    background.wait_idle()
    command, redelivery = [line for line in json_lines() if line["logger"] == "mlscope.requests"]
    assert commands() - before == 1
    assert command["request_id"] != redelivery["request_id"] and len(command["request_id"]) == 32
    assert (command["team"], redelivery["team"], redelivery["slack_retry"]) == ("T1", "T1", "1")
    assert "slack_retry" not in command


def test_a_bad_command_gets_its_message_in_the_ack_and_changes_nothing(connected, fake, database):
    slack_side, _ = connected
    answer = slack_side.ack(slack_side.send("slash_commands", payloads.slash_command("show no-such-project")))
    assert "no-such-project" in answer["text"]
    with database.uow() as uow:
        assert uow.projects.list("T1", include_archived=True) == []


def socket_mode_env(tmp_path, fake, **settings: str) -> dict[str, str]:
    """``mlscope serve`` in Socket Mode against the stand-in, a SQLite file in ``tmp_path``."""
    return env_without_slack() | {
        "SLACK_BOT_TOKEN": "xoxb-socket",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.db'}",
    } | settings


def test_serve_in_socket_mode_answers_then_leaves_cleanly_on_sigterm(tmp_path, fake, slack_side):
    env = socket_mode_env(tmp_path, fake)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        slack_side.wait_connected(timeout=30)
        answer = slack_side.ack(slack_side.send("slash_commands", payloads.slash_command("list")))
        assert answer["response_type"] == "ephemeral"
    finally:
        proc.send_signal(signal.SIGTERM)
        returncode = proc.wait(timeout=30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert returncode == 0, output
    slack_side.wait_disconnected()
    assert "Socket Mode" in output and "Traceback" not in output
    assert APP_TOKEN not in output and "xoxb-socket" not in output


def test_serve_in_socket_mode_given_a_port_answers_probes_and_metrics_there_and_nothing_else(
    tmp_path, fake, slack_side
):
    port, token = free_port(), "metrics-t0ken-0123456789abcdef"
    env = socket_mode_env(tmp_path, fake, PORT=str(port), HOST="127.0.0.1", METRICS_TOKEN=token)
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        slack_side.wait_connected(timeout=30)
        wait_healthy(url, proc, stderr_file=tmp_path / "serve.log")
        slack_side.ack(slack_side.send("slash_commands", payloads.slash_command("list")))
        ready = urllib.request.urlopen(url + "/readyz", timeout=5)
        scraped = urllib.request.urlopen(
            urllib.request.Request(url + "/metrics", headers={"Authorization": f"Bearer {token}"}), timeout=5
        ).read().decode()
        with pytest.raises(urllib.error.HTTPError) as events:
            urllib.request.urlopen(urllib.request.Request(url + "/slack/events", data=b"x", method="POST"), timeout=5)
    finally:
        proc.send_signal(signal.SIGTERM)
        returncode = proc.wait(timeout=30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert returncode == 0 and "Traceback" not in output, output
    assert ready.status == 200 and events.value.code == 404, "Slack's requests come over the socket only"
    assert 'mlscope_requests_total{kind="command",status="2xx"} 1.0' in scraped


def test_serve_with_a_refused_app_token_names_the_setting_without_a_traceback(tmp_path, fake):
    fake.socket_mode_url = None  # Slack answers invalid_auth
    env = env_without_slack() | {
        "SLACK_BOT_TOKEN": "xoxb-socket",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": "xapp-1-revoked",
        "SLACK_API_URL": fake.api_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.db'}",
    }
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 1
    assert "Slack refused SLACK_APP_TOKEN (invalid_auth)" in out.stderr
    assert "Traceback" not in out.stderr and "xapp-1-revoked" not in out.stdout + out.stderr


def test_work_after_the_ack_starts_only_once_the_ack_is_on_the_socket(connected, fake, monkeypatch):
    from slack_bolt.adapter.socket_mode import builtin

    slack_side, background = connected
    before_the_ack: list[int] = []
    send = builtin.send_response

    def slow_send(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.3)  # time enough for work started early to reach Slack
        before_the_ack.append(len(fake.calls_to("views.open")))
        return send(*args, **kwargs)

    monkeypatch.setattr(builtin, "send_response", slow_send)
    slack_side.ack(slack_side.send("slash_commands", payloads.slash_command("new Churn", trigger_id=fake.trigger_id())))
    background.wait_idle()
    assert before_the_ack == [0]
    assert len(fake.calls_to("views.open")) == 1


def test_closing_never_hangs_on_a_socket_mode_client_that_misses_the_stop(database, fake, clock, monkeypatch, caplog):
    """slack_sdk's close() joins its session thread with no timeout; one that missed the stop
    (seen after a reconnect, under load) once held a test run for good."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.slack import server

    never = threading.Event()
    monkeypatch.setattr(SocketModeHandler, "close", lambda self: never.wait())
    monkeypatch.setattr(server, "CLOSE_WAIT", 0.05)
    settings = Settings(
        slack_bot_token="xoxb-test-token",
        slack_signing_secret=SECRET,
        slack_app_token=APP_TOKEN,
        slack_api_url=fake.api_url,
        database_url=database.url,
        _env_file=None,  # type: ignore[call-arg]
    )
    handler = socket_mode_handler(build_app(settings, database=database, background=Background(), clock=clock), APP_TOKEN)
    handler.close()
    assert "did not stop within" in caplog.text
    never.set()
