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
from email.message import Message
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.sandbox.run import Sandbox
from tests.bot.flows import STEPS
from tests.processes import env_without_slack, free_port


def call(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes, Message]:
    """(status, body, headers) of one request, sent with exactly ``headers`` (``Host`` included)."""
    request = urllib.request.Request(
        url, data=data, headers=headers or {}, method="POST" if data is not None else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers


def as_the_page(sandbox: Sandbox, **headers: str) -> dict[str, str]:
    """What the sandbox's own page sends with an action (override any of it with ``headers``)."""
    sent = {
        "Content-Type": "application/json",
        "Origin": sandbox.url.rstrip("/"),
        "X-Sandbox-Token": sandbox.page_token,
    }
    return sent | {k.replace("_", "-"): v for k, v in headers.items()}


def post(sandbox: Sandbox, act: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    status, raw, _ = call(
        f"{sandbox.url}sandbox/{act}", data=data, headers=as_the_page(sandbox) if headers is None else headers
    )
    return status, json.loads(raw)


def read_state(sandbox: Sandbox, query: str = "user=U1") -> dict[str, Any]:
    status, raw, _ = call(f"{sandbox.url}sandbox/state?{query}", headers={"X-Sandbox-Token": sandbox.page_token})
    assert status == 200, raw
    return json.loads(raw)


def seen_by(sandbox: Sandbox, user: str = "U1") -> dict[str, Any]:
    sandbox.app.deps.background.wait_idle()
    return read_state(sandbox, f"user={user}")


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
    assert read_state(sandbox, f"user=U1&since={version}")["unchanged"] is True
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject help"})
    assert "messages" in read_state(sandbox, f"user=U1&since={version}")


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


# --- only the sandbox's own page may drive it (issue 15, finding 3) ---------------------------------
FOREIGN = "http://evil.example"


def port_of(sandbox: Sandbox) -> int:
    return int(sandbox.url.rstrip("/").rsplit(":", 1)[1])


def foreign_attempts(sandbox: Sandbox) -> list[tuple[str, dict[str, str]]]:
    """What the review's foreign page sent (JSON as text/plain: no preflight), and near misses."""
    own = sandbox.url.rstrip("/")
    return [
        ("text/plain from a foreign page", as_the_page(sandbox, Content_Type="text/plain", Origin=FOREIGN)),
        ("a form from a foreign page", {"Content-Type": "application/x-www-form-urlencoded", "Origin": FOREIGN}),
        ("JSON from a foreign page", as_the_page(sandbox, Origin=FOREIGN)),
        ("JSON from another port of this computer", as_the_page(sandbox, Origin="http://127.0.0.1:1")),
        ("JSON with no Origin", {k: v for k, v in as_the_page(sandbox).items() if k != "Origin"}),
        ("text/plain from the page's own origin", as_the_page(sandbox, Content_Type="text/plain", Origin=own)),
        ("the page's own request without its token", {"Content-Type": "application/json", "Origin": own}),
        ("the page's own request with another token", as_the_page(sandbox, X_Sandbox_Token="guessed")),
    ]


def test_actions_from_anywhere_but_the_page_are_refused_and_change_nothing(sandbox):
    """The review's attack: a foreign page made ada a lead-maker, moved the clock 31 days and reset."""
    assert post(sandbox, "command", {"user": "U2", "channel": "C1", "text": "hello team"}) == (200, {"ok": True})
    before = seen_by(sandbox)
    attacks = [
        ("command", {"user": "U1", "channel": "C1", "text": "/mlproject leads add @grace"}),
        ("advance", {"hours": 31 * 24}),
        ("reset", {}),
    ]
    for what, headers in foreign_attempts(sandbox):
        for act, body in attacks:
            status, answer = post(sandbox, act, body, headers)
            assert status == 403 and answer["ok"] is False, (what, act, answer)
            assert "own page" in answer["error"] or "token" in answer["error"] or "json" in answer["error"], answer
    after = seen_by(sandbox)
    assert after["messages"] == before["messages"] and after["version"] == before["version"]
    assert sandbox.clock.offset == timedelta()
    post(sandbox, "command", {"user": "U1", "channel": "C1", "text": "/mlproject leads list"})
    assert "grace" not in texts(seen_by(sandbox), "C1")[-1] and "U2" not in texts(seen_by(sandbox), "C1")[-1]


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost:{other}",
        "127.0.0.1",
        "",
        "127.0.0.1:{port}, x",
    ],
)
@pytest.mark.parametrize("path", ["", "sandbox.js", "sandbox/state?user=U1", "files/F00000001", "api/auth.test"])
def test_a_foreign_host_is_refused_even_for_reads(sandbox, host, path):
    """DNS rebinding: evil.example resolves to 127.0.0.1, so the browser lets its page read what it
    fetches from it. The Host header still says evil.example, and nothing is served for it."""
    port = port_of(sandbox)
    headers = {"Host": host.format(port=port, other=port + 1), "X-Sandbox-Token": sandbox.page_token}
    headers |= {"Authorization": f"Bearer {sandbox.bot_token}"} if path.startswith("api/") else {}
    status, raw, _ = call(sandbox.url + path, headers=headers)
    assert status == 403, raw[:200]
    assert f"answers only at http://127.0.0.1:{port}/" in json.loads(raw)["error"]
    assert b"version" not in raw and b"Sandbox" not in raw


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}"])
def test_the_page_is_served_at_this_computers_names_with_its_token_and_cannot_be_framed(sandbox, host):
    status, raw, headers = call(sandbox.url, headers={"Host": host.format(port=port_of(sandbox))})
    assert status == 200
    assert f'<meta name="sandbox-token" content="{sandbox.page_token}">'.encode() in raw
    assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert call(sandbox.url + "sandbox.css", headers={"Host": host.format(port=port_of(sandbox))})[0] == 200


def test_reading_the_workspace_needs_the_pages_token(sandbox):
    bot_client(sandbox).files_upload_v2(channel="C1", content=b"\x89PNG fake", filename="chart.png", title="chart")
    [file_id] = list(sandbox.slack.state.files)
    for path in ("sandbox/state?user=U1", "sandbox/state?user=U1&token=" + sandbox.page_token, f"files/{file_id}"):
        for headers in ({}, {"X-Sandbox-Token": "guessed"}, {"X-Sandbox-Token": ""}):
            status, raw, _ = call(sandbox.url + path, headers=headers)
            assert status == 403 and "reload the page" in json.loads(raw)["error"], (path, headers)
    assert call(f"{sandbox.url}files/{file_id}?token=guessed")[0] == 403
    status, raw, _ = call(f"{sandbox.url}files/{file_id}?token={sandbox.page_token}")  # as <img src> asks
    assert status == 200 and raw == b"\x89PNG fake"
    assert read_state(sandbox)["messages"][-1]["files"][0]["id"] == file_id


def bot_client(sandbox: Sandbox, token: str | None = None) -> WebClient:
    return WebClient(token=token or sandbox.bot_token, base_url=sandbox.slack.api_url)


def test_the_web_api_answers_the_bot_and_no_web_page(sandbox):
    """/api/, /respond/ and /upload/ are on the same port for the bot's own requests."""
    api = sandbox.slack.api_url
    forged = b"token=xoxb-sandbox&channel=C1&text=pwned"
    for headers in (
        {"Content-Type": "text/plain", "Origin": FOREIGN},  # fetch(..., {mode: "no-cors"})
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": "null"},  # a form in a sandboxed frame
        {"Content-Type": "text/plain", "Sec-Fetch-Site": "cross-site"},
        {"Content-Type": "application/x-www-form-urlencoded"},  # any token but this run's
        {"Authorization": "Bearer xoxb-sandbox"},
    ):
        assert call(api + "chat.postMessage", data=forged, headers=headers)[0] == 403, headers
    assert call(api + "chat.postMessage?token=xoxb-sandbox&channel=C1&text=pwned")[0] == 403  # <img src>
    with pytest.raises(SlackApiError):
        bot_client(sandbox, "xoxb-sandbox").chat_postMessage(channel="C1", text="pwned")

    url = sandbox.slack.issue_response_url(user="U1", channel="C1")
    for data, headers in (
        (b"text=pwned&response_type=in_channel", {"Content-Type": "text/plain"}),
        (b'{"text": "pwned"}', {"Content-Type": "application/json", "Origin": FOREIGN}),
    ):
        assert call(url, data=data, headers=headers)[0] == 403
    assert call(url)[0] == 403
    status, _, _ = call(sandbox.slack.base_url + "/upload/F1", data=b"x", headers={"Origin": FOREIGN})
    assert status == 403
    assert "pwned" not in json.dumps(seen_by(sandbox)["messages"])

    assert bot_client(sandbox).chat_postMessage(channel="C1", text="from the bot")["ok"]
    assert WebhookClient(url).send(text="a reply").status_code == 200
    assert texts(seen_by(sandbox), "C1")[-2:] == ["from the bot", "a reply"]
