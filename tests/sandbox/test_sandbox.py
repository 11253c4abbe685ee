"""The sandbox without a browser: its page's requests, bad input, persistence, reset, the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

import pytest

from bot.sandbox.run import Sandbox
from tests.bot.flows import STEPS
from tests.processes import env_without_slack, free_port


def post(sandbox: Sandbox, act: str, body: Any) -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(f"{sandbox.url}sandbox/{act}", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def seen_by(sandbox: Sandbox, user: str = "U1") -> dict[str, Any]:
    sandbox.app.deps.background.wait_idle()
    with urllib.request.urlopen(f"{sandbox.url}sandbox/state?user={user}", timeout=10) as response:
        return json.load(response)


def texts(state: dict[str, Any], channel: str) -> list[str]:
    return [m["text"] for m in state["messages"] if m["channel"] == channel]


def scope(sandbox: Sandbox) -> None:
    assert post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject new"})[0] == 200
    for answers in STEPS:
        view = seen_by(sandbox)["modal"]
        assert post(sandbox, "submit", {"user": "U1", "view_id": view["id"], "values": answers}) == (200, {"ok": True})


@pytest.mark.parametrize(
    ("act", "body", "says"),
    [
        ("command", {"user": "U9", "channel": "C1", "text": "/mlproject list"}, "no user U9"),
        ("command", {"user": "U1", "channel": "C9", "text": "/mlproject list"}, "no channel C9"),
        ("command", {"user": "U1", "channel": "C1", "text": "   "}, "Type a message"),
        ("command", {"user": "U1", "channel": "C1"}, "text: Field required"),
        ("command", b"{not json", "not JSON"),
        ("advance", {"hours": 0}, "hours: Input should be greater than 0"),
        ("advance", {"hours": 24 * 40}, "hours: Input should be less than or equal to 744"),
        ("submit", {"user": "U1", "view_id": "V404", "values": {}}, "no longer open"),
        ("action", {"user": "U1", "action": {"action_id": "card_edit"}, "container": {"type": "message"}}, "gone"),
    ],
)
def test_a_bad_request_from_the_page_gets_a_sentence_and_changes_nothing(sandbox, act, body, says):
    before = seen_by(sandbox)["messages"]
    status, answer = post(sandbox, act, body)
    assert status == 400 and says in answer["error"]
    assert seen_by(sandbox)["messages"] == before


def test_a_modal_cannot_be_submitted_with_an_option_it_does_not_offer(sandbox):
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject new"})
    view = seen_by(sandbox)["modal"]
    status, answer = post(sandbox, "submit", {"user": "U1", "view_id": view["id"], "values": {"archetype": "magic"}})
    assert status == 400 and "'magic' is not one of the offered options" in answer["error"]
    assert seen_by(sandbox)["modal"]["id"] == view["id"]


def test_an_unknown_slash_command_is_answered_like_slack_does(sandbox):
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/giphy cats"})
    assert "/giphy is not a valid command" in texts(seen_by(sandbox), "C1")[-1]


def test_a_plain_message_is_posted_as_the_person_who_typed_it(sandbox):
    post(sandbox, "command", {"user": "U2", "channel": "C2", "text": "hello team"})
    [message] = [m for m in seen_by(sandbox)["messages"] if m["text"] == "hello team"]
    assert message["user"] == "U2" and not message["ephemeral"]


def test_the_page_is_told_only_when_something_changed(sandbox):
    version = seen_by(sandbox)["version"]
    with urllib.request.urlopen(f"{sandbox.url}sandbox/state?user=U1&since={version}") as response:
        assert json.load(response)["unchanged"] is True
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject help"})
    with urllib.request.urlopen(f"{sandbox.url}sandbox/state?user=U1&since={version}") as response:
        assert "messages" in json.load(response)


def test_projects_messages_and_time_survive_a_restart_and_reset_starts_over(tmp_path):
    first = Sandbox(tmp_path / "kept", port=0, tick_seconds=0)
    first.start()
    scope(first)
    first.advance(timedelta(days=2))
    offset = first.clock.offset
    first.stop()

    second = Sandbox(tmp_path / "kept", port=0, tick_seconds=0)
    second.start()
    try:
        assert any("Churn Predictor" in t for t in texts(seen_by(second), "C2"))
        assert second.clock.offset == offset > timedelta(days=2) - timedelta(minutes=1)
        post(second, "command", {"user": "U1", "channel": "C1", "text": "/mlproject list"})
        assert any("Churn Predictor" in json.dumps(m["blocks"]) for m in seen_by(second)["messages"][-1:])

        assert post(second, "reset", {}) == (200, {"ok": True})
        assert seen_by(second)["messages"] == []
        assert second.clock.offset == timedelta()
        post(second, "command", {"user": "U1", "channel": "C1", "text": "/mlproject list"})
        assert "Churn Predictor" not in json.dumps(seen_by(second)["messages"])
    finally:
        second.stop()


def test_the_page_and_its_script_are_served(sandbox):
    with urllib.request.urlopen(sandbox.url) as response:
        assert b"Sandbox" in response.read()
    with urllib.request.urlopen(sandbox.url + "sandbox.js") as response:
        assert response.headers["Content-Type"].startswith("text/javascript")


def _wait_for_line(proc: subprocess.Popen[str], marker: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline() if proc.stdout else ""
        seen.append(line)
        if marker in line:
            return line
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"never printed {marker!r}: {''.join(seen)[-2000:]}")


def test_serve_with_no_slack_credentials_starts_the_sandbox_and_stops_on_sigterm(tmp_path):
    port = free_port()
    env = env_without_slack() | {"PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": os.getcwd()},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = _wait_for_line(proc, "open http://")
        assert f"http://127.0.0.1:{port}/" in line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert b"Sandbox" in response.read()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert (tmp_path / "mlscope-sandbox" / "mlscope.db").exists()
        assert (tmp_path / "mlscope-sandbox" / "slack.json").exists()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_the_composer_sends_a_named_person_as_the_mention_slack_sends_once_picked(sandbox):
    """should_escape: true; the page has no autocomplete, so an exact name stands for picking it."""
    assert sandbox.relay.escaped("leads add @grace") == "leads add <@U2>"
    assert sandbox.relay.escaped("digest subscribe #leads, R&D <3") == "digest subscribe <#C3|leads>, R&amp;D &lt;3"
    assert sandbox.relay.escaped("leads add @nobody a@grace.io") == "leads add @nobody a@grace.io"
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject leads add @grace"})
    assert "<@U2> is now an MLScope lead" in texts(seen_by(sandbox), "C1")[-1]
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject leads add @nobody"})
    assert "pick the person from Slack's autocomplete list" in texts(seen_by(sandbox), "C1")[-1]
